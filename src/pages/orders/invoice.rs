//! `/orders/:id/invoice?step=N`: the invoice wizard (R-INV-1 to R-INV-3): the shipped positions,
//! bank and invoice details with the expected payment date (R-INV-5), then review, the signed PDF
//! and submit. Each step is checked with the functions the server runs. The draft (invoice number,
//! date, uploaded PDF, the submit's Idempotency-Key) is kept in the browser per partner and order;
//! bank details never are: they go to the server, which shows them back masked.

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_core::api::{
    BankDetails, BankDetailsInput, CheckedPosition, FieldError, InvoiceStart, NewInvoice, StoredFile,
    check_bank_details, invoice_details_errors, invoice_file_error,
};
use portal_core::format;
use portal_core::invoice::payment_date;
use portal_core::upload::Purpose;
use portal_core::{Currency, Money};
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError};
use crate::components::icons::CheckIcon;
use crate::components::status::{Loading, api_error_view};
use crate::components::upload::UploadField;
use crate::session::expect_session;
use crate::wizard::{
    Feedback, Stepper, clear_draft, draft_key, error_line, focus_heading_on_change, load_draft, save_draft,
};

const STEPS: &[&str] = &["Positions", "Details", "Review and save"];

/// What the partner typed, as typed. Never bank details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct InvoiceDraft {
    /// The positions as step 1 showed them when the partner continued.
    checked: Vec<CheckedPosition>,
    invoice_number: String,
    invoice_date: String,
    /// The uploaded signed PDF: id and name.
    file: Option<(i64, String)>,
    /// The submit's Idempotency-Key: the same for every retry of this draft.
    key: String,
}

impl InvoiceDraft {
    fn new(today: chrono::NaiveDate) -> InvoiceDraft {
        InvoiceDraft {
            checked: Vec::new(),
            invoice_number: String::new(),
            invoice_date: today.to_string(),
            file: None,
            key: api::new_idempotency_key(),
        }
    }
}

fn positions_now(start: &InvoiceStart) -> Vec<CheckedPosition> {
    start.positions.iter().map(|p| CheckedPosition { line_id: p.line_id, quantity: p.quantity }).collect()
}

/// Bank details as typed: in memory only, gone on reload.
#[derive(Clone, Debug, Default, PartialEq)]
struct BankForm {
    holder: String,
    iban: String,
    bic: String,
    routing_number: String,
    account_number: String,
    password: String,
}

impl BankForm {
    fn input(&self, currency: Currency) -> BankDetailsInput {
        BankDetailsInput {
            currency,
            holder: self.holder.clone(),
            iban: self.iban.clone(),
            bic: self.bic.clone(),
            routing_number: self.routing_number.clone(),
            account_number: self.account_number.clone(),
            password: self.password.clone(),
        }
    }
}

/// The step a field belongs to.
fn step_of(field: &str) -> usize {
    match field {
        "positions" => 1,
        "file" => 3,
        _ => 2,
    }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let start = LocalResource::new(move || api::invoice_start(id()));
    let retry = Callback::new(move |()| start.refetch());
    let query = use_query_map();
    view! {
        <p class="back"><A href=move || format!("/orders/{}", id())>"← Back to the order"</A></p>
        {move || query.read().get("changed").is_some().then(|| view! {
            <p class="banner warning" role="alert" data-testid="positions-changed">
                "What can be invoiced changed since you checked it (a shipment or another invoice). Check what is left to invoice; your invoice number, date and PDF are kept."
            </p>
        })}
        <Transition fallback=|| view! { <Loading label="Loading what can be invoiced…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let start = start.await?;
                    Ok::<_, ApiError>(if start.positions.is_empty() {
                        view! { <NothingToInvoice start=start /> }.into_any()
                    } else {
                        view! { <Wizard start=start refetch=retry /> }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The empty state: nothing shipped is left to invoice.
#[component]
fn NothingToInvoice(start: InvoiceStart) -> impl IntoView {
    let order_id = start.order_id;
    view! {
        <div class="page-head"><h1>{format!("Invoice · {}", start.order_number)}</h1></div>
        <div class="state panel" data-testid="nothing-to-invoice">
            <p>"Nothing of this order has left your shop without being invoiced. Parts can be invoiced once they are picked up: the carrier's scan, or your “Shipped” answer on the order page."</p>
            <p>
                <A href=format!("/orders/{order_id}") attr:class="button secondary">"Back to the order"</A>
                " "
                <A href="/payouts" attr:class="button secondary">"See your payouts"</A>
            </p>
        </div>
    }
}

#[component]
fn Wizard(start: InvoiceStart, refetch: Callback<()>) -> impl IntoView {
    let session = expect_session();
    let partner_id = session.me().map_or(0, |m| m.partner_id);
    let order_id = start.order_id;
    let currency = start.currency;
    let today = start.today;
    let key = draft_key("invoice", partner_id, order_id);
    let restored = load_draft::<InvoiceDraft>(&key);
    let was_restored = restored.is_some();
    let draft = RwSignal::new(restored.unwrap_or_else(|| InvoiceDraft::new(today)));
    {
        let key = key.clone();
        Effect::new(move |_| draft.with(|d| save_draft(&key, d)));
    }
    let current = StoredValue::new(positions_now(&start));
    // Positions changed since they were checked (another shipment, another invoice): check again.
    if !draft.with_untracked(|d| d.checked.is_empty() || current.with_value(|c| d.checked == *c)) {
        draft.update(|d| d.checked.clear());
    }
    let start = StoredValue::new(start);
    let saved_bank = RwSignal::new(start.with_value(|s| s.bank.clone()));
    let editing_bank = RwSignal::new(saved_bank.get_untracked().is_none());
    let bank_form = RwSignal::new(BankForm::default());
    // Once bank details are saved, changing them needs the password (also in this visit).
    let password_needed = RwSignal::new(start.with_value(|s| s.password_needed));

    let query = use_query_map();
    let navigate = use_navigate();
    let requested = Memo::new(move |_| {
        query.read().get("step").and_then(|s| s.parse::<usize>().ok()).filter(|s| (1..=3).contains(s)).unwrap_or(1)
    });
    let errors_of = move |step: usize| -> Vec<FieldError> {
        let d = draft.read();
        match step {
            1 if current.with_value(|c| d.checked != *c) => {
                vec![FieldError::new("positions", "unchecked", "Check the positions and continue.")]
            }
            1 => Vec::new(),
            2 => {
                let mut errors = invoice_details_errors(&d.invoice_number, &d.invoice_date, today);
                if editing_bank.get() {
                    errors.extend(
                        check_bank_details(&bank_form.read().input(currency), password_needed.get())
                            .err()
                            .unwrap_or_default(),
                    );
                }
                errors
            }
            _ => invoice_file_error(d.file.as_ref().map(|(id, _)| *id)).into_iter().collect(),
        }
    };
    // A step can be shown only when every step before it is complete; bank details typed but not
    // saved (lost on reload) send the partner back to step 2.
    let step = Memo::new(move |_| {
        let want = requested.get();
        (1..want).find(|s| !errors_of(*s).is_empty() || (*s == 2 && editing_bank.get())).unwrap_or(want)
    });
    let heading = NodeRef::<html::H2>::new();
    focus_heading_on_change(heading, step.into());

    let feedback = Feedback::new();
    let message = move |field: String| feedback.message(field, step_of, errors_of);
    let touch = move |field: &str| feedback.touch(field);
    let go = {
        let navigate = navigate.clone();
        move |n: usize| navigate(&format!("/orders/{order_id}/invoice?step={n}"), NavigateOptions::default())
    };

    // Step 2's Continue saves bank details typed here first.
    let save_bank = Action::new_local(move |input: &BankDetailsInput| {
        let input = input.clone();
        async move { api::save_bank_details(&input).await }
    });
    {
        let go = go.clone();
        Effect::new(move |_| match save_bank.value().get() {
            Some(Ok(details)) => {
                saved_bank.set(Some(details));
                password_needed.set(true);
                editing_bank.set(false);
                bank_form.set(BankForm::default());
                go(3);
            }
            Some(Err(e)) => {
                let fields = match &e {
                    ApiError::Problem(p) if !p.errors.is_empty() => p.errors.clone(),
                    _ => vec![FieldError::new("bank", "failed", e.to_string())],
                };
                feedback.set_server(fields);
                if let Some(h) = heading.get_untracked() {
                    let _ = h.focus();
                }
            }
            None => {}
        });
    }
    let go_continue = {
        let go = go.clone();
        move |_| {
            let now = step.get_untracked();
            if now == 1 {
                draft.update(|d| d.checked = current.get_value());
            }
            feedback.touch_step(now);
            if !errors_of(now).is_empty() {
                if let Some(h) = heading.get_untracked() {
                    let _ = h.focus();
                }
            } else if now == 2 && editing_bank.get_untracked() {
                feedback.set_server(Vec::new());
                save_bank.dispatch(bank_form.get_untracked().input(currency));
            } else {
                go(now + 1);
            }
        }
    };
    let go_back = {
        let go = go.clone();
        move |_| go(step.get_untracked().saturating_sub(1).max(1))
    };

    let submit = Action::new_local(move |(): &()| {
        let d = draft.get_untracked();
        let new = NewInvoice {
            invoice_number: d.invoice_number.clone(),
            invoice_date: d.invoice_date.clone(),
            positions: d.checked.clone(),
            file_id: d.file.as_ref().map(|(id, _)| *id),
        };
        async move { api::submit_invoice(order_id, &new, &d.key).await }
    });
    let submit_error = RwSignal::new(None::<String>);
    {
        let navigate = navigate.clone();
        let go = go.clone();
        Effect::new(move |_| match submit.value().get() {
            Some(Ok(invoice)) => {
                clear_draft(&key);
                let navigate = navigate.clone();
                request_animation_frame(move || {
                    navigate(&format!("/orders/{order_id}?invoiced={}", invoice.id), NavigateOptions::default());
                });
            }
            Some(Err(e)) => {
                // The draft stays: nothing typed is lost on a failed submit.
                let fields = match &e {
                    ApiError::Problem(p) => p.errors.clone(),
                    _ => Vec::new(),
                };
                submit_error.set(Some(e.to_string()));
                if e.status() == Some(409) {
                    // The positions changed (a shipment or another invoice came first): load
                    // them again and check them from step 1.
                    draft.update(|d| d.checked.clear());
                    navigate(&format!("/orders/{order_id}/invoice?step=1&changed=1"), NavigateOptions::default());
                    refetch.run(());
                } else if let Some(first) = fields.first() {
                    let target = step_of(&first.field);
                    if first.field == "bank" {
                        editing_bank.set(true);
                    }
                    feedback.set_server(fields);
                    go(target);
                }
            }
            None => {}
        });
    }

    let title = move || match step.get() {
        1 => "Step 1: positions",
        2 => "Step 2: details",
        _ => "Step 3: review and save",
    };
    let order_number = start.with_value(|s| s.order_number.clone());
    view! {
        <div class="page-head">
            <h1>{format!("Invoice · {order_number}")}</h1>
            <p class="muted">"Invoice the parts that have shipped. What you type is kept on this device until you submit; bank details never are."</p>
        </div>
        <details class="panel rules" data-testid="invoicing-rules">
            <summary>"The invoicing rules we check"</summary>
            <ul>{portal_core::invoice::INVOICING_RULES.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
        </details>
        {was_restored.then(|| view! {
            <p class="banner info" role="status" data-testid="draft-restored">"Your unfinished invoice was restored."</p>
        })}
        <Stepper steps=STEPS current=step />
        <form class="wizard panel" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1" node_ref=heading data-testid="step-title">{title}</h2>
            {move || match step.get() {
                1 => view! { <PositionsStep start=start /> }.into_any(),
                2 => view! { <DetailsStep start=start draft=draft saved_bank=saved_bank editing_bank=editing_bank bank_form=bank_form password_needed=password_needed message=message touch=touch /> }.into_any(),
                _ => view! { <ReviewStep start=start draft=draft saved_bank=saved_bank message=message touch=touch /> }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="submit-error">{move || submit_error.get()}</p>
            <div class="form-actions">
                <button type="button" class="button secondary" on:click=go_back class:hidden=move || step.get() == 1 data-testid="wizard-back">"Back"</button>
                {move || if step.get() < 3 {
                    view! {
                        <button type="submit" class="button primary" on:click=go_continue.clone() data-testid="wizard-continue"
                            disabled=move || save_bank.pending().get()>
                            {move || if save_bank.pending().get() { "Saving bank details…" } else { "Continue" }}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="submit" class="button primary" data-testid="submit-invoice" disabled=move || submit.pending().get()
                            on:click=move |_| {
                                feedback.touch_step(3);
                                submit_error.set(None);
                                if errors_of(3).is_empty() { submit.dispatch(()); }
                            }>
                            {move || if submit.pending().get() { "Submitting…" } else { "Submit invoice" }}
                        </button>
                    }.into_any()
                }}
            </div>
        </form>
    }
}

/// R-INV-1, R-INV-4: the positions and their total.
#[component]
fn PositionsTable(start: StoredValue<InvoiceStart>) -> impl IntoView {
    let s = start.get_value();
    view! {
        <table class="orders invoice-lines" data-testid="positions">
            <thead><tr>
                <th scope="col">"Part"</th><th scope="col" class="num">"Quantity"</th>
                <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Line total"</th>
            </tr></thead>
            <tbody>
                {s.positions.iter().map(|p| view! {
                    <tr data-testid="position">
                        <td data-label="Part">{format!("{}. {}", p.line_no, p.part_name)}</td>
                        <td data-label="Quantity" class="num">{p.quantity}</td>
                        <td data-label="Unit price" class="num money">{p.unit_price_text.clone()}</td>
                        <td data-label="Line total" class="num money">{p.total.display()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr>
                <th scope="row" colspan="3">{format!("Total ({})", s.currency.code())}</th>
                <td class="num money" data-testid="invoice-total">{s.total.display()}</td>
            </tr></tfoot>
        </table>
    }
}

#[component]
fn PositionsStep(start: StoredValue<InvoiceStart>) -> impl IntoView {
    view! {
        <p>"These parts have shipped and are not invoiced yet. Check them against your invoice, then continue."</p>
        <PositionsTable start=start />
        <p class="muted small">"Each line is rounded to the cent, then the lines are added up: the total is always the sum of the lines."</p>
    }
}

/// One labelled text input bound to a getter and setter.
#[allow(clippy::too_many_arguments)]
fn text_field<T: Send + Sync + 'static>(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    signal: RwSignal<T>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    message: Signal<Option<String>>,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id data-testid=id type=kind autocomplete=autocomplete spellcheck="false"
                aria-describedby=error_id.clone() aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || get(&signal.read())
                on:input=move |ev| { let v = event_target_value(&ev); signal.update(|d| set(d, v)); if kind == "date" { touch(field); } }
                on:blur=move |_| touch(field) />
            {error_line(error_id, message)}
        </div>
    }
}

#[component]
fn DetailsStep(
    start: StoredValue<InvoiceStart>,
    draft: RwSignal<InvoiceDraft>,
    saved_bank: RwSignal<Option<BankDetails>>,
    editing_bank: RwSignal<bool>,
    bank_form: RwSignal<BankForm>,
    password_needed: RwSignal<bool>,
    message: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let currency = start.with_value(|s| s.currency);
    let today = start.with_value(|s| s.today);
    let company = start.with_value(|s| s.company.clone());
    let bank_error = message("bank".to_owned());
    let expected = move || {
        let submitted = today;
        format::date(payment_date(submitted))
    };
    view! {
        <fieldset class="bank" data-testid="bank-details">
            <legend>{format!("Bank details for {} payments", currency.code())}</legend>
            <p class="muted small">{format!("Paid to {}", company.lines().next().unwrap_or_default())}</p>
            {move || match (saved_bank.get(), editing_bank.get()) {
                (Some(b), false) => view! {
                    <div class="saved-bank" data-testid="saved-bank">
                        <BankSummary bank=b />
                        <button type="button" class="button secondary" data-testid="change-bank"
                            on:click=move |_| editing_bank.set(true)>"Change bank details"</button>
                    </div>
                }.into_any(),
                (saved, _) => view! {
                    {match (saved.is_some(), password_needed.get()) {
                        (false, false) => view! { <p>"The first time you invoice, enter your company's bank details. They are kept on our server for your next invoices and shown masked; they are never stored on this device."</p> }.into_any(),
                        (false, true) => view! { <p>{format!("Enter the account {} payments go to. It is kept on our server and shown masked, never stored on this device; your login password confirms it.", currency.code())}</p> }.into_any(),
                        (true, _) => view! { <p>"New bank details replace the saved ones for every invoice from now on. Your login password confirms the change."</p> }.into_any(),
                    }}
                    {text_field("bank-holder", "Account holder", "bank.holder", "text", "organization", bank_form, |f| f.holder.clone(), |f, v| f.holder = v, message("bank.holder".to_owned()), touch)}
                    {if currency == Currency::Eur {
                        view! {
                            {text_field("bank-iban", "IBAN", "bank.iban", "text", "off", bank_form, |f| f.iban.clone(), |f, v| f.iban = v, message("bank.iban".to_owned()), touch)}
                            {text_field("bank-bic", "BIC (SWIFT code)", "bank.bic", "text", "off", bank_form, |f| f.bic.clone(), |f, v| f.bic = v, message("bank.bic".to_owned()), touch)}
                        }.into_any()
                    } else {
                        view! {
                            {text_field("bank-routing", "ABA routing number (9 digits)", "bank.routing_number", "text", "off", bank_form, |f| f.routing_number.clone(), |f, v| f.routing_number = v, message("bank.routing_number".to_owned()), touch)}
                            {text_field("bank-account", "Account number", "bank.account_number", "text", "off", bank_form, |f| f.account_number.clone(), |f, v| f.account_number = v, message("bank.account_number".to_owned()), touch)}
                        }.into_any()
                    }}
                    {password_needed.get().then(|| text_field("bank-password", "Your login password", "password", "password", "current-password", bank_form, |f| f.password.clone(), |f, v| f.password = v, message("password".to_owned()), touch))}
                    {saved.is_some().then(|| view! {
                        <button type="button" class="button secondary" data-testid="keep-bank"
                            on:click=move |_| { editing_bank.set(false); bank_form.set(BankForm::default()); }>"Keep the saved bank details"</button>
                    })}
                }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="bank-error">{move || bank_error.get()}</p>
        </fieldset>
        <fieldset class="invoice-details">
            <legend>"Invoice"</legend>
            {text_field("invoice-number", "Invoice number (as on your signed invoice)", "invoice_number", "text", "off", draft, |d| d.invoice_number.clone(), |d, v| d.invoice_number = v, message("invoice_number".to_owned()), touch)}
            <div class="field">
                <label for="invoice-date">"Invoice date"</label>
                <input id="invoice-date" data-testid="invoice-date" type="date" max=today.to_string()
                    aria-describedby="invoice-date-error"
                    aria-invalid=move || message("invoice_date".to_owned()).get().is_some().to_string()
                    prop:value=move || draft.read().invoice_date.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.invoice_date = v); touch("invoice_date"); } />
                {error_line("invoice-date-error".to_owned(), message("invoice_date".to_owned()))}
            </div>
            <p class="payment-date" data-testid="payment-date">
                "Expected payment date if you submit today: " <strong>{expected}</strong>
                <span class="muted small">" (payments can take up to 48 hours to post)"</span>
            </p>
        </fieldset>
    }
}

/// Saved bank details, masked.
#[component]
fn BankSummary(bank: BankDetails) -> impl IntoView {
    let code_label = if bank.currency == Currency::Eur { "BIC" } else { "Routing number" };
    view! {
        <dl class="review bank-summary" data-testid="bank-summary">
            <dt>"Account holder"</dt><dd>{bank.holder.clone()}</dd>
            <dt>"Account"</dt><dd data-testid="bank-masked">{bank.account_masked.clone()}</dd>
            <dt>{code_label}</dt><dd>{bank.bank_code.clone()}</dd>
        </dl>
    }
}

#[component]
fn ReviewStep(
    start: StoredValue<InvoiceStart>,
    draft: RwSignal<InvoiceDraft>,
    saved_bank: RwSignal<Option<BankDetails>>,
    message: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = start.get_value();
    let d = draft.get_untracked();
    let order_id = s.order_id;
    let date = chrono::NaiveDate::parse_from_str(&d.invoice_date, "%Y-%m-%d").map(format::date).unwrap_or_default();
    view! {
        <dl class="review" data-testid="review">
            <dt>"Company"</dt><dd class="pre">{s.company.clone()}</dd>
            <dt>"Invoice"</dt><dd>{format!("{} · dated {}", d.invoice_number.trim(), date)}</dd>
            <dt>"Payment"</dt>
            <dd data-testid="review-payment-date">{format!("Expected on {} (can take up to 48 hours to post)", format::date(s.payment_date))}</dd>
        </dl>
        {move || saved_bank.get().map(|b| view! { <BankSummary bank=b /> })}
        <PositionsTable start=start />
        <UploadField order_id=order_id purpose=Purpose::Invoice line=None id="invoice-file".to_owned()
            label="The signed invoice (PDF, at most 10 MB)".to_owned()
            message=message("file".to_owned())
            on_uploaded=Callback::new(move |f: StoredFile| {
                draft.update(|d| d.file = Some((f.id, f.name)));
                touch("file");
            }) />
        {move || draft.read().file.clone().map(|(_, name)| view! {
            <p class="done-line" data-testid="invoice-file-name"><CheckIcon /><span>{name}</span></p>
        })}
        <p class="muted">"Submitting sends the invoice to the marketplace. You cannot change it afterwards; if something is wrong, go back now."</p>
    }
}

/// The total of several invoices in one currency, for summaries.
pub(crate) fn money_list(totals: &[Money]) -> String {
    if totals.is_empty() {
        "—".to_owned()
    } else {
        totals.iter().map(|m| m.display()).collect::<Vec<_>>().join(" + ")
    }
}
