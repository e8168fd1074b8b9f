//! `/orders/:id/invoice?step=N`: the invoice wizard (R-INV-1 to R-INV-3): the shipped positions,
//! bank and invoice details with the expected payment date (R-INV-5), then review, the signed PDF
//! and submit. Each step is checked with the functions the server runs. The draft (invoice number,
//! date, uploaded PDF, the submit's Idempotency-Key) is kept in the browser per partner and order;
//! bank details never are: they go to the server, which shows them back masked.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::{BankDetails, CheckedPosition, InvoiceStart, StoredFile};
use portal_core::draft::invoice::{BankForm, BankFormStoreFields, InvoiceDraft, InvoiceDraftStoreFields, step_of};
use portal_core::format;
use portal_core::invoice::payment_date;
use portal_core::invoice::{check_bank_details, nothing_to_invoice};
use portal_core::upload::Purpose;
use portal_core::{Currency, Money};
use reactive_stores::Store;

use crate::api::{self, ApiError};
use crate::components::icons::CheckIcon;
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{TextField, UploadField};
use crate::forms::wizard::{Stepper, Wizard, WizardButtons};
use crate::forms::{Form, forget_draft};

const STEPS: &[&str] = &["Positions", "Details", "Review and save"];
const LAST: usize = 3;

fn positions_now(start: &InvoiceStart) -> Vec<CheckedPosition> {
    start.positions.iter().map(|p| CheckedPosition { line_id: p.line_id, quantity: p.quantity }).collect()
}

/// The wizard's forms, in context for its steps: the invoice (kept on this device) and the bank details (in memory only),
/// one feedback for both.
#[derive(Clone, Copy)]
struct InvoiceForm {
    form: Form<InvoiceDraft>,
    bank: Store<BankForm>,
    start: StoredValue<InvoiceStart>,
    saved_bank: RwSignal<Option<BankDetails>>,
    /// Bank details are being typed (none saved yet, or the partner chose to change them).
    editing_bank: RwSignal<bool>,
    /// Once bank details are saved, changing them needs the password (also in this visit).
    password_needed: RwSignal<bool>,
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let route = crate::routes::use_route();
    let id = move || route.order_id().unwrap_or(0);
    let start = LocalResource::new(move || api::invoice_start(id()));
    let retry = Callback::new(move |()| start.refetch());
    let query = use_query_map();
    view! {
        <crate::lazy::Styled href="/lazy/invoices.css">
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
                    Ok::<_, ApiError>(if nothing_to_invoice(&start.positions).is_some() {
                        view! { <NothingToInvoice start=start /> }.into_any()
                    } else {
                        view! { <Wizard start=start refetch=retry /> }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
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
    let order_id = start.order_id;
    let currency = start.currency;
    let today = start.today;
    let name = format!("invoice.{order_id}");
    let open = StoredValue::new(start.positions.clone());
    let bank = Store::new(BankForm::default());
    let editing_bank = RwSignal::new(start.bank.is_none());
    let password_needed = RwSignal::new(start.password_needed);
    let check = move |d: &InvoiceDraft| {
        let mut errors: Vec<_> = (1..=LAST).flat_map(|s| open.with_value(|o| d.errors(s, o, today))).collect();
        if editing_bank.get() {
            errors.extend(
                check_bank_details(&bank.read().input(currency), password_needed.get()).err().unwrap_or_default(),
            );
        }
        errors
    };
    let (form, was_restored) =
        Form::kept(name.clone(), || InvoiceDraft::new(today, api::new_idempotency_key()), check, step_of);
    // Positions changed since they were checked (another shipment, another invoice): check again.
    if form.draft.with_untracked(|d| open.with_value(|o| d.checked_is_stale(o))) {
        form.draft.checked().set(Vec::new());
    }
    let invoice = InvoiceForm {
        form,
        bank,
        saved_bank: RwSignal::new(start.bank.clone()),
        start: StoredValue::new(start),
        editing_bank,
        password_needed,
    };
    provide_context(invoice);
    // Bank details typed but not saved (lost on reload) send the partner back to step 2.
    let wizard =
        Wizard::new(format!("/orders/{order_id}/invoice"), LAST, form.feedback, move |s| s == 2 && editing_bank.get());

    let (on_continue, saving_bank) = continue_action(invoice, wizard);
    let (on_send, submitting, submit_error) = submit_action(invoice, wizard, name, refetch);

    let step = wizard.step;
    let title = move || match step.get() {
        1 => "Step 1: positions",
        2 => "Step 2: details",
        _ => "Step 3: review and save",
    };
    let order_number = invoice.start.with_value(|s| s.order_number.clone());
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
            <h2 tabindex="-1" node_ref=wizard.heading data-testid="step-title">{title}</h2>
            {move || match step.get() {
                1 => view! { <PositionsStep start=invoice.start /> }.into_any(),
                2 => view! { <DetailsStep /> }.into_any(),
                _ => view! { <ReviewStep /> }.into_any(),
            }}
            <WizardButtons wizard=wizard on_continue=on_continue continuing=saving_bank
                continuing_label="Saving bank details…"
                send_label="Submit invoice" send_testid="submit-invoice" sending_label="Submitting…"
                sending=submitting on_send=on_send error=submit_error error_testid="submit-error" />
        </form>
    }
}

/// "Continue": step 1 records the positions as checked; step 2 saves bank details typed here
/// first. Returns the callback and whether bank details are being saved.
fn continue_action(invoice: InvoiceForm, wizard: Wizard) -> (Callback<()>, Signal<bool>) {
    let InvoiceForm { form, bank, editing_bank, password_needed, .. } = invoice;
    let currency = invoice.start.with_value(|s| s.currency);
    let save_bank = Action::new_local(move |input: &portal_core::api::BankDetailsInput| {
        let input = input.clone();
        async move { api::save_bank_details(&input).await }
    });
    Effect::new(move |_| match save_bank.value().get() {
        Some(Ok(details)) => {
            invoice.saved_bank.set(Some(details));
            password_needed.set(true);
            editing_bank.set(false);
            bank.set(BankForm::default());
            wizard.go(3);
        }
        Some(Err(e)) => {
            // A refusal without field messages is still about the bank details: said beside them.
            if let Some(message) = wizard.refused(&e)
                && !matches!(&e, ApiError::Problem(p) if !p.errors.is_empty())
            {
                form.feedback.set_server(vec![portal_core::api::FieldError::new("bank", "failed", message)]);
            }
        }
        None => {}
    });
    let on_continue = Callback::new(move |()| {
        let now = wizard.step.get_untracked();
        if now == 1 {
            form.draft.checked().set(invoice.start.with_value(positions_now));
        }
        if !wizard.check_step() {
        } else if now == 2 && editing_bank.get_untracked() {
            form.feedback.set_server(Vec::new());
            save_bank.dispatch(bank.with_untracked(|b| b.input(currency)));
        } else {
            wizard.go(now + 1);
        }
    });
    (on_continue, save_bank.pending().into())
}

/// Submitting the invoice: to the order when kept; back to step 1 when the positions changed
/// meanwhile (409); otherwise the server's messages to their steps. The draft stays until it
/// is kept: nothing typed is lost on a failed submit.
fn submit_action(
    invoice: InvoiceForm,
    wizard: Wizard,
    name: String,
    refetch: Callback<()>,
) -> (Callback<()>, Signal<bool>, RwSignal<Option<String>>) {
    let navigate = use_navigate();
    let form = invoice.form;
    let order_id = invoice.start.with_value(|s| s.order_id);
    let submit = Action::new_local(move |(): &()| {
        let d = form.value();
        async move { api::submit_invoice(order_id, &d.to_request(), &d.key).await }
    });
    let submit_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(invoice)) => {
            forget_draft(&name);
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(&format!("/orders/{order_id}?invoiced={}", invoice.id), NavigateOptions::default());
            });
        }
        Some(Err(e)) if e.status() == Some(409) => {
            // The positions changed (a shipment or another invoice came first): load them
            // again and check them from step 1.
            submit_error.set(Some(e.to_string()));
            form.draft.checked().set(Vec::new());
            navigate(&format!("/orders/{order_id}/invoice?step=1&changed=1"), NavigateOptions::default());
            refetch.run(());
        }
        Some(Err(e)) => {
            if matches!(&e, ApiError::Problem(p) if p.errors.first().is_some_and(|f| f.field == "bank")) {
                invoice.editing_bank.set(true);
            }
            submit_error.set(wizard.refused(&e));
        }
        None => {}
    });
    let on_send = Callback::new(move |()| {
        submit_error.set(None);
        if wizard.check_step() {
            submit.dispatch(());
        }
    });
    (on_send, submit.pending().into(), submit_error)
}

/// R-INV-1, R-INV-4: the positions and their total.
#[component]
fn PositionsTable(start: StoredValue<InvoiceStart>) -> impl IntoView {
    let s = start.get_value();
    view! {
        <table class="orders invoice-lines" data-testid="positions">
            <thead><tr>
                <th scope="col">"Part"</th><th scope="col" class="num">"Quantity"</th>
                <th scope="col" class="num">"Exact unit price"</th><th scope="col" class="num">"Line total"</th>
            </tr></thead>
            <tbody>
                {s.positions.iter().map(|p| view! {
                    <tr data-testid="position">
                        <td data-label="Part">{format!("{}. {}", p.line_no, p.part_name)}</td>
                        <td data-label="Quantity" class="num">{p.quantity}</td>
                        <td data-label="Exact unit price" class="num money">{p.unit_price_text.clone()}</td>
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
        <p class="muted small" data-testid="exact-price-note">"The exact unit price is a line's price divided by its quantity, to a thousandth of a cent. Each line is rounded to the cent, then the lines are added up: the total is always the sum of the lines."</p>
    }
}

#[component]
fn DetailsStep() -> impl IntoView {
    let invoice = expect_context::<InvoiceForm>();
    let (currency, today, company) = invoice.start.with_value(|s| (s.currency, s.today, s.company.clone()));
    let (draft, bank) = (invoice.form.draft, invoice.bank);
    let bank_error = invoice.form.feedback.message("bank");
    let expected = portal_core::invoice::expected_payment(payment_date(today));
    view! {
        <fieldset class="bank" data-testid="bank-details">
            <legend>{format!("Bank details for {} payments", currency.code())}</legend>
            <p class="muted small">{format!("Paid to {}", company.lines().next().unwrap_or_default())}</p>
            {move || match (invoice.saved_bank.get(), invoice.editing_bank.get()) {
                (Some(b), false) => view! {
                    <div class="saved-bank" data-testid="saved-bank">
                        <BankSummary bank=b />
                        <button type="button" class="button secondary" data-testid="change-bank"
                            on:click=move |_| invoice.editing_bank.set(true)>"Change bank details"</button>
                    </div>
                }.into_any(),
                (saved, _) => view! {
                    {match (saved.is_some(), invoice.password_needed.get()) {
                        (false, false) => view! { <p>"The first time you invoice, enter your company's bank details. They are kept on our server for your next invoices and shown masked; they are never stored on this device."</p> }.into_any(),
                        (false, true) => view! { <p>{format!("Enter the account {} payments go to. It is kept on our server and shown masked, never stored on this device; your login password confirms it.", currency.code())}</p> }.into_any(),
                        (true, _) => view! { <p>"New bank details replace the saved ones for every invoice from now on. Your login password confirms the change."</p> }.into_any(),
                    }}
                    <TextField id="bank-holder" label="Account holder" field="bank.holder" autocomplete="organization" value=bank.holder() />
                    {if currency == Currency::Eur {
                        view! {
                            <TextField id="bank-iban" label="IBAN" field="bank.iban" value=bank.iban() />
                            <TextField id="bank-bic" label="BIC (SWIFT code)" field="bank.bic" value=bank.bic() />
                        }.into_any()
                    } else {
                        view! {
                            <TextField id="bank-routing" label="ABA routing number (9 digits)" field="bank.routing_number" value=bank.routing_number() />
                            <TextField id="bank-account" label="Account number" field="bank.account_number" value=bank.account_number() />
                        }.into_any()
                    }}
                    {invoice.password_needed.get().then(|| view! {
                        <TextField id="bank-password" label="Your login password" field="password" input_type="password"
                            autocomplete="current-password" value=bank.password() />
                    })}
                    {saved.is_some().then(|| view! {
                        <button type="button" class="button secondary" data-testid="keep-bank"
                            on:click=move |_| { invoice.editing_bank.set(false); bank.set(BankForm::default()); }>"Keep the saved bank details"</button>
                    })}
                }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="bank-error">{move || bank_error.get()}</p>
        </fieldset>
        <fieldset class="invoice-details">
            <legend>"Invoice"</legend>
            <TextField id="invoice-number" label="Invoice number (as on your signed invoice)" field="invoice_number" value=draft.invoice_number() />
            <TextField id="invoice-date" label="Invoice date" field="invoice_date" input_type="date" max=today.to_string() value=draft.invoice_date() />
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
fn ReviewStep() -> impl IntoView {
    let invoice = expect_context::<InvoiceForm>();
    let s = invoice.start.get_value();
    let draft = invoice.form.draft;
    let d = invoice.form.value();
    let order_id = s.order_id;
    let date = chrono::NaiveDate::parse_from_str(&d.invoice_date, "%Y-%m-%d").map(format::date).unwrap_or_default();
    view! {
        <dl class="review" data-testid="review">
            <dt>"Company"</dt><dd class="pre">{s.company.clone()}</dd>
            <dt>"Invoice"</dt><dd>{format!("{} · dated {}", d.invoice_number.trim(), date)}</dd>
            <dt>"Payment"</dt>
            <dd data-testid="review-payment-date">{format!("Expected on {} (can take up to 48 hours to post)", portal_core::invoice::expected_payment(s.payment_date))}</dd>
        </dl>
        {move || invoice.saved_bank.get().map(|b| view! { <BankSummary bank=b /> })}
        <PositionsTable start=invoice.start />
        <UploadField order_id=order_id purpose=Purpose::Invoice line=None id="invoice-file"
            label="The signed invoice (PDF, at most 10 MB)" field="file"
            on_uploaded=Callback::new(move |f: StoredFile| {
                draft.file().set(Some((f.id, f.name)));
                invoice.form.feedback.touch("file");
            }) />
        {move || draft.file().get().map(|(_, name)| view! {
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
