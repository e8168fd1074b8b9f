//! `/store/orders` and `/store/orders/{id}`: store orders with their lines' status (processing,
//! cut, shipped, back-ordered, delivered), tracking and figures; cancelling within the hour while
//! nothing is cut, never special order (R-SUP-7), with the time left; fewer pieces within the
//! same hour; the order's invoice and its lines' certificates once cut (R-SUP-10); a card
//! charge's dispute within 14 days of its statement (R-SUP-11). A return or a claim being typed
//! is kept on the device (per partner and order) until it is sent.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::api::{StoreLineStatus, StoreOrder, StorePayment};
use portal_core::format;

use super::StoreNav;
use crate::api::{self, ApiError};
use crate::components::clock::{expect_clock, local_time};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{Loading, api_error_view};
use crate::forms::{Form, one_step};

#[component]
pub fn StoreOrdersPage() -> impl IntoView {
    let orders = LocalResource::new(api::store::orders);
    let retry = Callback::new(move |()| orders.refetch());
    view! {
        <div class="page-head">
            <h1>"Store orders"</h1>
            <p class="muted">"What you bought from the supplies store, newest first."</p>
        </div>
        <StoreNav current="/store/orders" />
        <Transition fallback=|| view! { <Loading label="Loading your store orders…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let list = orders.await?.orders;
                    Ok::<_, ApiError>(if list.is_empty() {
                        view! {
                            <section class="panel state" data-testid="no-store-orders">
                                <h2>"No store orders yet"</h2>
                                <p>"Material, tooling and filament you order from the store appear here."</p>
                                <A href="/store" attr:class="button primary">"Browse the catalog"</A>
                            </section>
                        }.into_any()
                    } else {
                        view! {
                            <table class="orders store-orders">
                                <thead><tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Status"</th><th scope="col" class="num">"Total"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|o| { let number = o.number.clone(); view! {
                                        <tr data-testid="store-order" data-number=o.number.clone()>
                                            <td data-label="Order"><A href=format!("/store/orders/{}", o.id)>{number}</A>
                                                <span class="muted small">{format!(" · {} lines", o.lines.len())}</span></td>
                                            <td data-label="Placed">{local_time(o.placed_at)}</td>
                                            <td data-label="Status">{order_status(&o)}</td>
                                            <td data-label="Total" class="num">{o.total.display()}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
        <StoreInvoicesPanel />
    }
}

/// R-SUP-2, R-SUP-11: the store's invoices: due dates, interest on overdue purchase orders, and
/// an objection within 10 days of receipt.
#[component]
fn StoreInvoicesPanel() -> impl IntoView {
    let list = LocalResource::new(api::store::invoices);
    move || {
        list.get().and_then(Result::ok).filter(|l| !l.invoices.is_empty()).map(|l| view! {
            <section class="panel" aria-labelledby="store-invoices-title" data-testid="store-invoices">
                <h2 id="store-invoices-title">"Store invoices"</h2>
                <p class="muted">"The part of a job-funds purchase the funds did not cover is due on receipt; purchase orders are due in 30 days, then bear 1.5% interest a month. Object within 10 days of receipt."</p>
                <ul class="store-invoice-list">
                    {l.invoices.into_iter().map(|i| view! { <InvoiceItem invoice=i /> }).collect_view()}
                </ul>
            </section>
        })
    }
}

#[component]
fn InvoiceItem(invoice: portal_core::api::StoreInvoice) -> impl IntoView {
    let invoice = RwSignal::new(invoice);
    let writing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Action::new_local(move |(): &()| {
        let (id, text) = (invoice.with_untracked(|i| i.id), reason.get_untracked());
        async move { api::store::object(id, &text).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(i)) => {
            writing.set(false);
            error.set(None);
            invoice.set(i);
        }
        Some(Err(e)) => error.set(Some(e.field_message("reason").unwrap_or_else(|| e.to_string()))),
        None => {}
    });
    move || {
        let i = invoice.get();
        let id = i.id;
        let status = if i.paid {
            "Paid".to_owned()
        } else if i.overdue {
            format!("Overdue since {}; interest so far {}", format::date(i.due_date), i.interest.display())
        } else {
            format!("Due {}", format::date(i.due_date))
        };
        let reason_id = format!("objection-{id}");
        view! {
            <li data-testid="store-invoice">
                <p><strong>{i.number.clone()}</strong>{format!(
                    " · {} for {} · {} · issued {}",
                    if i.purchase_order { "Purchase order" } else { "Rest of a job-funds purchase" },
                    i.order_number, i.amount.display(), format::date(i.invoice_date)
                )}</p>
                <p data-testid="store-invoice-status">{status}</p>
                {match (i.objection.clone(), writing.get()) {
                    (Some(text), _) => view! { <p data-testid="objection">{format!("Your objection: {text}")}</p> }.into_any(),
                    (None, false) => view! {
                        <button type="button" class="button secondary" data-testid=format!("object-{id}")
                            on:click=move |_| writing.set(true)>{format!("Object (until {})", format::date(i.objection_until))}</button>
                    }.into_any(),
                    (None, true) => view! {
                        <ReasonForm id=reason_id label="What is wrong with the invoice?" send_label="Send the objection"
                            reason=reason error=error pending=send.pending()
                            on_send=Callback::new(move |()| { send.dispatch(()); }) on_cancel=Callback::new(move |()| writing.set(false)) />
                    }.into_any(),
                }}
            </li>
        }
    }
}

/// A reason typed for an objection or a dispute, with its message beside it.
#[component]
fn ReasonForm(
    /// The text box's id and test id; its message is `{id}-error`.
    id: String,
    label: &'static str,
    send_label: &'static str,
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    on_send: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let send_id = format!("{id}-send");
    view! {
        <form class="objection-form" novalidate on:submit=move |ev| { ev.prevent_default(); on_send.run(()); }>
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id.clone() data-testid=id rows="2" aria-describedby=error_id.clone()
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p id=error_id class="field-error" role="alert">{move || error.get()}</p>
            </div>
            <div class="actions">
                <button type="submit" class="button primary" data-testid=send_id disabled=move || pending.get()>{send_label}</button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// An order's status in a few words: cancelled, or its lines' statuses counted.
fn order_status(o: &StoreOrder) -> String {
    if o.cancelled_at.is_some() {
        return "Cancelled".to_owned();
    }
    let mut counts: Vec<(StoreLineStatus, usize)> = Vec::new();
    for l in &o.lines {
        match counts.iter_mut().find(|(s, _)| *s == l.status) {
            Some((_, n)) => *n += 1,
            None => counts.push((l.status, 1)),
        }
    }
    counts
        .iter()
        .map(
            |(s, n)| {
                if *n == o.lines.len() { s.label().to_owned() } else { format!("{n} {}", s.label().to_lowercase()) }
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn StoreOrderPage(id: i64) -> impl IntoView {
    let order = LocalResource::new(move || api::store::order(id));
    let retry = Callback::new(move |()| order.refetch());
    let placed = use_query_map().read_untracked().get("placed").is_some();
    view! {
        <p class="back"><A href="/store/orders">"← Store orders"</A></p>
        {placed.then(|| view! {
            <p class="banner success" role="status" data-testid="order-placed">"Thank you: your order is placed. A confirmation is below."</p>
        })}
        <Transition fallback=|| view! { <Loading label="Loading the order…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let o = order.await?;
                    Ok::<_, ApiError>(view! { <OrderView order=o /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn OrderView(order: StoreOrder) -> impl IntoView {
    let order = RwSignal::new(order);
    let clock = expect_clock();
    let asking = RwSignal::new(false);
    // Outlives the order's redraws: the claim just filed.
    let claim_filed = RwSignal::new(None::<String>);
    let changed = RwSignal::new(None::<String>);
    let cancel_error = RwSignal::new(None::<String>);
    let cancel = Action::new_local(move |(): &()| {
        let id = order.with_untracked(|o| o.id);
        async move { api::store::cancel_order(id).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(o)) => {
            asking.set(false);
            order.set(o);
        }
        Some(Err(e)) => {
            // Refused (the hour ended, a line was cut meanwhile): the page shows why, afresh.
            cancel_error.set(Some(e.to_string()));
            if e.status() == Some(409) {
                asking.set(false);
                let id = order.with_untracked(|o| o.id);
                leptos::task::spawn_local(async move {
                    if let Ok(o) = api::store::order(id).await {
                        order.set(o);
                    }
                });
            }
        }
        None => {}
    });
    // Seconds left to change or cancel, on the server's clock.
    let left = move || order.with(|o| o.change_until).map(|until| until.timestamp() - clock.now()).filter(|s| *s > 0);
    // Which of the panel's states shows: cancelled (when), the hour running, a declined date
    // (cancel while nothing is cut); else why it cannot change. Redrawn when the state changes,
    // not at every tick.
    let panel = Memo::new(move |_| order.with(|o| (o.cancelled_at, left().is_some(), o.change_refusal.is_none())));
    // Only the parts that show the order's figures redraw when it changes (cancelled, changed,
    // a return or claim filed, a date answered): the forms below keep what is being typed.
    let (order_id, number) = order.with_untracked(|o| (o.id, o.number.clone()));
    let has_card = order.with_untracked(|o| o.card.is_some());
    // The change form starts again from the order's lines when they change.
    let changeable = Memo::new(move |_| {
        order.with(|o| {
            let lines = o.lines.iter().map(|l| (l.id, l.spec.pieces, l.status)).collect::<Vec<_>>();
            (o.cancelled_at.is_none() && o.change_until.is_some(), lines)
        })
    });
    view! {
        <div class="page-head">
            <h1>{format!("Store order {number}")}</h1>
            <p class="muted">{move || order.with(|o| format!("Placed {} · {}", local_time(o.placed_at), order_status(o)))}</p>
        </div>
        <StoreNav current="" />
        <Proposal order=order />
        <section class="panel" aria-labelledby="change-title" data-testid="change-panel">
            <h2 id="change-title">"Change or cancel"</h2>
            {move || match panel.get() {
                (Some(at), ..) => view! {
                    <p data-testid="cancelled">{format!("Cancelled {}. Nothing is charged; job funds it used are free again.", local_time(at))}</p>
                }.into_any(),
                // R-SUP-12: a declined ship date: the order may be cancelled while nothing is cut.
                (None, false, true) => view! {
                    <p data-testid="change-left">"You declined the store's new ship date: you can cancel this order while nothing is cut."</p>
                    <button type="button" class="button danger" data-testid="cancel-order" on:click=move |_| { cancel_error.set(None); asking.set(true); }>"Cancel order"</button>
                }.into_any(),
                // Only the text ticks: the button keeps the focus.
                (None, true, _) => view! {
                    <p data-testid="change-left">{move || {
                        let until = order.with(|o| o.change_until).map(local_time).unwrap_or_default();
                        let secs = left().unwrap_or(0);
                        format!("You can cancel this order until {until} ({} left), while nothing is cut.", minutes_left(secs))
                    }}</p>
                    <button type="button" class="button danger" data-testid="cancel-order" on:click=move |_| { cancel_error.set(None); asking.set(true); }>"Cancel order"</button>
                }.into_any(),
                (None, false, false) => view! {
                    <p data-testid="change-refusal">{order.with(|o| o.change_refusal.clone()).unwrap_or_else(|| portal_core::supplies::ChangeRefusal::WindowOver.message().to_owned())}</p>
                }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="cancel-error">{move || cancel_error.get()}</p>
            {move || changed.get().map(|text| view! { <p class="banner success" role="status" data-testid="changed">{text}</p> })}
            // Outside the countdown's redraws, so pieces being typed stay.
            {move || changeable.with(|c| c.0).then(|| view! { <ChangeLines order=order done=changed /> })}
        </section>
        <section class="panel" aria-labelledby="lines-title">
            <h2 id="lines-title">"Lines"</h2>
            <table class="orders store-lines">
                <thead><tr><th scope="col">"Product"</th><th scope="col" class="num">"Pieces"</th><th scope="col">"Status"</th><th scope="col">"Tracking"</th><th scope="col" class="num">"Price"</th></tr></thead>
                <tbody>
                    {move || order.with(|o| o.lines.iter().map(|l| view! {
                        <tr data-testid="store-line" data-status=l.status.slug()>
                            <td data-label="Product">{l.name.clone()}
                                {(l.spec.mill_test_report || l.spec.certificate_of_compliance).then(|| {
                                    if portal_core::supplies::certificates_ready(l.status) {
                                        let line_id = l.id;
                                        view! {
                                            <span class="documents">
                                                {l.spec.mill_test_report.then(|| view! {
                                                    <a href=api::store::certificate_url(order_id, line_id, "mtr") download data-testid="mtr-link">"Mill test report (PDF)"</a>
                                                })}
                                                {l.spec.certificate_of_compliance.then(|| view! {
                                                    <a href=api::store::certificate_url(order_id, line_id, "coc") download data-testid="coc-link">"Certificate of compliance (PDF)"</a>
                                                })}
                                            </span>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <span class="muted small" data-testid="certificates-pending">{format!(" · {}: ready once the line is cut", certificates(l.spec.mill_test_report, l.spec.certificate_of_compliance))}</span>
                                        }.into_any()
                                    }
                                })}
                            </td>
                            <td data-label="Pieces" class="num">{l.spec.pieces}</td>
                            <td data-label="Status">{l.status.label()}
                                {(l.status == StoreLineStatus::BackOrdered).then(|| view! {
                                    <span class="muted small">{format!(" · {} shipped, {} back-ordered", l.shipped_pieces, l.spec.pieces - l.shipped_pieces)}</span>
                                })}
                            </td>
                            <td data-label="Tracking">{l.tracking.clone().unwrap_or_else(|| "—".to_owned())}</td>
                            <td data-label="Price" class="num">{l.total.display()}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </section>
        {has_card.then(|| view! { <CardCharge order=order /> })}
        <Returns order=order />
        <Claims order=order filed=claim_filed />
        <section class="panel" aria-labelledby="figures-title">
            <h2 id="figures-title">"Figures"</h2>
            {move || {
                let o = order.get();
                let a = &o.ship_to;
                view! {
                    <dl class="figures">
                        <dt>"Goods"</dt><dd>{o.goods.display()}</dd>
                        {(o.discount.amount_minor > 0).then(|| view! { <dt>{format!("Promotion {}", o.promo.clone().unwrap_or_default())}</dt><dd>{format!("−{}", o.discount.display())}</dd> })}
                        <dt>{format!("Shipping ({})", o.method.label())}</dt><dd>{if o.shipping.amount_minor == 0 { "Free".to_owned() } else { o.shipping.display() }}</dd>
                        <dt>"Sales tax"</dt><dd>{o.tax.display()}</dd>
                        <dt class="total">"Total"</dt><dd class="total" data-testid="order-total">{o.total.display()}</dd>
                    </dl>
                    <p data-testid="order-payment">{payment_text(&o)}</p>
                    <p><a class="button secondary" href=api::store::invoice_url(order_id) download data-testid="invoice-pdf">"Download the invoice (PDF)"</a></p>
                    <p>{format!("Ships to {}, {}, {}, {} {} · estimated ship date {}", a.name, a.street, a.city, a.state, a.zip, format::date(o.ship_date))}</p>
                }
            }}
        </section>
        <ConfirmDialog
            name="cancel-order"
            open=asking
            title=format!("Cancel order {number}?")
            confirm_label="Cancel the order"
            pending=cancel.pending()
            error=cancel_error
            on_confirm=Callback::new(move |()| { cancel.dispatch(()); })
            on_cancel=Callback::new(move |()| asking.set(false))
        >
            <p>{format!("Nothing of {number} is cut yet. Cancelling cannot be undone: order again to get the material.")}</p>
        </ConfirmDialog>
    }
}

/// How the order was paid, in a sentence.
fn payment_text(o: &StoreOrder) -> String {
    match o.payment {
        StorePayment::JobFunds => {
            format!("Job funds {}; invoiced, due on receipt: {}", o.from_funds.display(), o.invoiced.display())
        }
        StorePayment::PurchaseOrder => format!(
            "Purchase order {}: invoiced {}, due in 30 days",
            o.po_number.clone().unwrap_or_default(),
            o.invoiced.display()
        ),
        StorePayment::Card => match &o.card {
            Some(c) if c.refunded.amount_minor > 0 => format!(
                "Card: {} ending {}, charged {}; {} given back to the card",
                c.brand,
                c.last4,
                c.charged.display(),
                c.refunded.display()
            ),
            Some(c) => format!("Card: {} ending {}, charged {}", c.brand, c.last4, c.charged.display()),
            None => format!("Card: {}", o.total.display()),
        },
    }
}

/// R-SUP-7: fewer pieces on the order's lines (0 removes one) while it may still change; asks
/// first, since pieces cannot be added back (more is a new order).
#[component]
fn ChangeLines(
    order: RwSignal<StoreOrder>,
    /// What the last change did (outlives the page's redraw on the changed order).
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let lines: Vec<(i64, String, u32, RwSignal<String>)> = order.with_untracked(|o| {
        o.lines
            .iter()
            .filter(|l| l.status != StoreLineStatus::Cancelled)
            .map(|l| (l.id, l.name.clone(), l.spec.pieces, RwSignal::new(l.spec.pieces.to_string())))
            .collect()
    });
    let lines = StoredValue::new(lines);
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // What the change would be: (line, new pieces) for the lines typed differently.
    let typed = move || -> Result<Vec<portal_core::api::LineChange>, String> {
        lines.with_value(|ls| {
            let mut changes = Vec::new();
            for (id, name, now, value) in ls {
                let text = value.get_untracked();
                let pieces = text
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| format!("Pieces of {name}: type a whole number (0 removes the line)."))?;
                if pieces != *now {
                    changes.push(portal_core::api::LineChange { line_id: *id, pieces });
                }
            }
            Ok(changes)
        })
    };
    let send = Action::new_local(move |change: &portal_core::api::OrderChange| {
        let (id, change) = (order.with_untracked(|o| o.id), change.clone());
        async move { api::store::change_order(id, &change).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(o)) => {
            asking.set(false);
            done.set(Some(format!("Changed: the order's total is now {}.", o.total.display())));
            order.set(o);
        }
        Some(Err(e)) => error.set(Some(e.field_message("lines").unwrap_or_else(|| e.to_string()))),
        None => {}
    });
    let ask = move |_| {
        error.set(None);
        match typed() {
            Ok(c) if c.is_empty() => {
                error.set(Some("Type fewer pieces for a line (0 removes it), then save.".to_owned()))
            }
            Ok(_) => asking.set(true),
            Err(why) => error.set(Some(why)),
        }
    };
    let summary = move || {
        let changes = typed().unwrap_or_default();
        lines.with_value(|ls| {
            changes
                .iter()
                .filter_map(|c| {
                    ls.iter().find(|(id, ..)| *id == c.line_id).map(|(_, name, now, _)| (name.clone(), *now, c.pieces))
                })
                .map(|(name, now, pieces)| {
                    if pieces == 0 { format!("{name}: removed") } else { format!("{name}: {now} → {pieces} pieces") }
                })
                .collect::<Vec<_>>()
        })
    };
    let number = order.with_untracked(|o| o.number.clone());
    view! {
        <form class="change-form" novalidate data-testid="change-form" on:submit=move |ev| { ev.prevent_default(); ask(()); }>
            <h3>"Fewer pieces"</h3>
            <p class="muted small">"Lower a line's pieces, or type 0 to remove it; the total and the payment follow. To order more, place a new order."</p>
            {lines.with_value(|ls| ls.iter().map(|(id, name, ordered, value)| {
                let input_id = format!("change-pieces-{id}");
                let value = *value;
                view! {
                    <div class="field inline">
                        <label for=input_id.clone()>{format!("Pieces of {name} (ordered {ordered})")}</label>
                        <input id=input_id.clone() data-testid=input_id class="pieces" type="text" inputmode="numeric" autocomplete="off"
                            aria-describedby="change-error"
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                    </div>
                }
            }).collect_view())}
            <p id="change-error" class="field-error" role="alert" data-testid="change-error">{move || error.get()}</p>
            <button type="submit" class="button secondary" data-testid="save-change">"Save the change"</button>
        </form>
        <ConfirmDialog
            name="change-order"
            open=asking
            title=format!("Change order {number}?")
            confirm_label="Change the order"
            pending=send.pending()
            error=error
            on_confirm=Callback::new(move |()| {
                if let Ok(lines) = typed() {
                    send.dispatch(portal_core::api::OrderChange { lines });
                }
            })
            on_cancel=Callback::new(move |()| asking.set(false))
        >
            <ul>{move || summary().into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            <p>"Pieces cannot be added back to this order afterwards."</p>
        </ConfirmDialog>
    }
}

/// R-SUP-11: the card the order was paid with, and disputing the charge within 14 days of the
/// statement it appears on.
#[component]
fn CardCharge(order: RwSignal<StoreOrder>) -> impl IntoView {
    let clock = expect_clock();
    let writing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Action::new_local(move |(): &()| {
        let (id, text) = (order.with_untracked(|o| o.id), reason.get_untracked());
        async move { api::store::dispute(id, &text).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(o)) => {
            writing.set(false);
            order.set(o);
        }
        Some(Err(e)) => error.set(Some(e.field_message("reason").unwrap_or_else(|| e.to_string()))),
        None => {}
    });
    // Redrawn when the charge changes (a dispute, a refund), not on the order's other changes.
    let card = Memo::new(move |_| order.with(|o| o.card.clone()));
    move || {
        let Some(card) = card.get() else { return ().into_any() };
        // The day when drawn (not a second's tick: that would redraw a reason being typed).
        let today = chrono::DateTime::from_timestamp(untrack(|| clock.now()), 0)
            .map(|now| portal_core::market_clock::day(portal_core::Currency::Usd, now))
            .unwrap_or(card.charged_on);
        let open = today <= card.dispute_until;
        view! {
            <section class="panel" aria-labelledby="card-title" data-testid="card-charge">
                <h2 id="card-title">"Card charge"</h2>
                <p>{format!(
                    "{} ending {}, charged {}. It appears on your statement of {}; you can dispute it until {}.",
                    card.brand, card.last4, format::date(card.charged_on), format::date(card.statement_date), format::date(card.dispute_until)
                )}</p>
                {match (card.dispute.clone(), open) {
                    (Some(d), _) => view! {
                        <p data-testid="dispute">{format!("You disputed this charge on {}: {}", local_time(d.opened_at), d.reason)}</p>
                    }.into_any(),
                    (None, false) => view! { <p class="muted">"The time to dispute this charge has ended."</p> }.into_any(),
                    (None, true) => view! {
                        <Show when=move || writing.get() fallback=move || view! {
                            <button type="button" class="button secondary" data-testid="dispute-open" on:click=move |_| writing.set(true)>"Dispute the charge"</button>
                        }>
                            <ReasonForm id="dispute-reason".to_owned() label="What is wrong with the charge?" send_label="Send the dispute"
                                reason=reason error=error pending=send.pending()
                                on_send=Callback::new(move |()| { send.dispatch(()); }) on_cancel=Callback::new(move |()| writing.set(false)) />
                        </Show>
                    }.into_any(),
                }}
            </section>
        }.into_any()
    }
}

fn minutes_left(secs: i64) -> String {
    let m = secs.div_euclid(60);
    if m >= 1 { format!("{m} min") } else { format!("{secs} s") }
}

fn certificates(mtr: bool, coc: bool) -> &'static str {
    match (mtr, coc) {
        (true, true) => "mill test report and certificate of compliance",
        (true, false) => "mill test report",
        _ => "certificate of compliance",
    }
}

/// R-SUP-8: the order's returns, and a request for one while a delivered line may still go back
/// (within 14 days of receipt, never special order).
#[component]
fn Returns(order: RwSignal<StoreOrder>) -> impl IntoView {
    use portal_core::api::ReturnReason;
    use portal_core::draft::store::{ReturnDraft, ReturnDraftStoreFields};
    use portal_core::supplies::returns::RETURN_SHIPPING_MINOR;
    use portal_core::supplies::{RMA_DAYS, refund_estimate};

    let clock = expect_clock();
    let today = move || {
        portal_core::market_clock::day(
            portal_core::Currency::Usd,
            chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default(),
        )
    };
    // Lines that may still go back, with the pieces left to return.
    let returnable = Memo::new(move |_| {
        let o = order.get();
        o.lines
            .iter()
            .filter(|l| !l.special_order)
            .filter_map(|l| {
                let delivered =
                    l.delivered_at.map(|t| portal_core::market_clock::day(portal_core::Currency::Usd, t))?;
                let returned: u32 =
                    o.returns.iter().flat_map(|r| r.lines.iter()).filter(|r| r.line_id == l.id).map(|r| r.pieces).sum();
                let left = l.shipped_pieces.saturating_sub(returned);
                ((today() - delivered).num_days() <= RMA_DAYS && left > 0)
                    .then(|| (l.id, l.name.clone(), left, l.piece_price.amount_minor, delivered))
            })
            .collect::<Vec<_>>()
    });
    let order_id = order.with_untracked(|o| o.id);
    let (form, _) = Form::kept(
        format!("store-return.{order_id}"),
        ReturnDraft::default,
        |d: &ReturnDraft| d.to_request().err().into_iter().collect(),
        one_step,
    );
    let (pieces, reason, note) = (form.draft.pieces(), form.draft.reason(), form.draft.note());
    let error = RwSignal::new(None::<String>);
    let goods = move || {
        returnable.with(|lines| {
            lines
                .iter()
                .map(|(id, _, _, price, _)| {
                    price * pieces.with(|p| p.get(id).and_then(|t| t.trim().parse::<i64>().ok()).unwrap_or(0))
                })
                .sum::<i64>()
        })
    };
    let send = Action::new_local(move |(): &()| {
        let new = form.value().to_request();
        async move {
            match new {
                Ok(new) => api::store::request_return(order_id, &new).await.map_err(|e| e.to_string()),
                Err(missing) => Err(missing.message),
            }
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(o)) => {
            error.set(None);
            form.settle(ReturnDraft::default());
            order.set(o);
        }
        Some(Err(message)) => error.set(Some(message)),
        None => {}
    });
    view! {
        <section class="panel" aria-labelledby="returns-title" data-testid="returns">
            <h2 id="returns-title">"Returns"</h2>
            {move || order.with(|o| o.returns.iter().map(|r| view! {
                <div class="rma" data-testid="rma">
                    <p><strong>{r.number.clone()}</strong>{format!(" · {} · requested {}", r.status.label(), local_time(r.requested_at))}</p>
                    <p data-testid="rma-estimate">{format!(
                        "Refund estimate {}: goods {} less the 30% restocking fee {} and return shipping {}.",
                        r.refund_estimate.display(), r.goods.display(), r.restocking_fee.display(), r.return_shipping.display()
                    )}</p>
                    <p>{format!("The goods must arrive back, unused, by {}.", format::date(r.return_by))}
                        {r.refund.map(|m| format!(" Refunded {}{}.", m.display(),
                            if o.payment == StorePayment::JobFunds { " with your next payment" } else { "" }))}
                    </p>
                    <a class="button secondary" href=api::store::return_form_url(r.id) download data-testid="rma-form">"Download the return form (PDF)"</a>
                </div>
            }).collect_view())}
            {move || if returnable.with(Vec::is_empty) {
                view! {
                    <p class="muted" data-testid="no-returns">"Returns are requested within 14 days of receipt, for delivered goods that are not special order (special-order material cannot be returned). A damaged or wrong delivery is a claim, not a return."</p>
                }.into_any()
            } else {
                view! {
                    <form class="return-form" novalidate on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                        <p>"Unused goods can go back within 14 days of receipt. A 30% restocking fee and the return shipping are taken off the refund."</p>
                        <table class="orders return-lines">
                            <thead><tr><th scope="col">"Product"</th><th scope="col">"Delivered"</th><th scope="col" class="num">"Pieces to return"</th></tr></thead>
                            <tbody>
                                {returnable.get().into_iter().map(|(id, name, left, _, delivered)| {
                                    let input = format!("return-{id}");
                                    view! {
                                        <tr>
                                            <td data-label="Product"><label for=input.clone()>{name}</label></td>
                                            <td data-label="Delivered">{format::date(delivered)}</td>
                                            <td data-label="Pieces to return" class="num">
                                                <input id=input.clone() data-testid=input class="pieces" type="text" inputmode="numeric" autocomplete="off"
                                                    placeholder="0" aria-describedby="return-error"
                                                    prop:value=move || pieces.with(|p| p.get(&id).cloned().unwrap_or_default())
                                                    on:input=move |ev| { let v = event_target_value(&ev); pieces.update(|p| { p.insert(id, v); }); } />
                                                <span class="muted small">{format!(" of {left}")}</span>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <div class="field">
                            <label for="return-reason">"Why do they go back?"</label>
                            <select id="return-reason" data-testid="return-reason" aria-describedby="return-error"
                                prop:value=move || reason.get() on:change=move |ev| reason.set(event_target_value(&ev))>
                                <option value="">"Choose a reason"</option>
                                {ReturnReason::ALL.iter().map(|r| view! { <option value=r.slug() selected=move || reason.get() == r.slug()>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="return-note">"Note (optional)"</label>
                            <input id="return-note" data-testid="return-note" type="text" autocomplete="off"
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                        </div>
                        <p data-testid="return-estimate">{move || {
                            let g = goods();
                            if g == 0 { "Type the pieces to see the refund estimate.".to_owned() } else {
                                let m = portal_core::Money::new(g, portal_core::Currency::Usd);
                                format!("Refund estimate: {} (goods {} less 30% and {} return shipping).",
                                    refund_estimate(m, portal_core::Money::new(RETURN_SHIPPING_MINOR, portal_core::Currency::Usd)).display(),
                                    m.display(), portal_core::Money::new(RETURN_SHIPPING_MINOR, portal_core::Currency::Usd).display())
                            }
                        }}</p>
                        <p id="return-error" class="field-error" role="alert" data-testid="return-error">{move || error.get()}</p>
                        <div class="actions">
                            <button type="submit" class="button primary" data-testid="request-return" disabled=move || send.pending().get()>"Request a return (RMA)"</button>
                        </div>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

/// R-SUP-9: damaged or wrong goods are a claim: when it was delivered, the driver or truck, what
/// is wrong, which lines, and photos (the camera on a tablet); freight damage within 24 hours.
#[component]
fn Claims(order: RwSignal<StoreOrder>, filed: RwSignal<Option<String>>) -> impl IntoView {
    use leptos::wasm_bindgen::JsCast;
    use portal_core::api::{ClaimKind, NewClaim};
    use portal_core::draft::store::{ClaimDraft, ClaimDraftStoreFields};
    use portal_core::problem::FieldError;

    let clock = expect_clock();
    let (order_id, by_freight) =
        order.with_untracked(|o| (o.id, o.method == portal_core::supplies::ShipMethod::LtlFreight));
    // The claim's time rules need the current instant: its check runs when it is filed.
    let (form, _) =
        Form::kept(format!("store-claim.{order_id}"), move || ClaimDraft::new(by_freight), |_| Vec::new(), one_step);
    let d = form.draft;
    let (kind, freight, delivered, carrier) = (d.kind(), d.freight(), d.delivered(), d.carrier());
    let (description, pieces, photos) = (d.description(), d.pieces(), d.photos());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let photo_error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(false);
    let message = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field || (field == "lines" && e.field.starts_with("lines")))
                    .map(|e| e.message.clone())
            })
        }
    };
    let shipped = Memo::new(move |_| {
        order.with(|o| {
            o.lines
                .iter()
                .filter(|l| l.shipped_pieces > 0)
                .map(|l| (l.id, l.name.clone(), l.shipped_pieces))
                .collect::<Vec<_>>()
        })
    });
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        let id = order.with_untracked(|o| o.id);
        uploading.set(true);
        photo_error.set(None);
        leptos::task::spawn_local(async move {
            for file in chosen {
                match api::store::claim_photo(id, &file).await {
                    Ok(p) => photos.update(|list| list.push(p)),
                    Err(e) => photo_error.set(Some(format!(
                        "{}: {}",
                        file.name(),
                        e.field_message("file").unwrap_or_else(|| e.to_string())
                    ))),
                }
            }
            uploading.set(false);
        });
    };
    // The delivery's date and time as typed (the device's own time), as an instant.
    let delivered_at = move || {
        let text = delivered.get_untracked();
        let ms = js_sys::Date::new(&leptos::wasm_bindgen::JsValue::from_str(&text)).get_time();
        (!text.is_empty() && ms.is_finite()).then(|| chrono::DateTime::from_timestamp_millis(ms as i64)).flatten()
    };
    let send = Action::new_local(move |(): &()| {
        let id = order.with_untracked(|o| o.id);
        let placed = order.with_untracked(|o| o.placed_at);
        let now = chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default();
        let at = delivered_at();
        let claim = NewClaim {
            kind: kind.get_untracked(),
            delivered_at: at.unwrap_or(now),
            carrier_ref: carrier.get_untracked(),
            description: description.get_untracked(),
            freight: freight.get_untracked(),
            lines: form.draft.with_untracked(ClaimDraft::lines),
            photo_ids: photos.with_untracked(|p| p.iter().map(|p| p.id).collect()),
        };
        let mut found = portal_core::supplies::claims::check_claim(&claim, placed, now);
        if at.is_none() {
            found.retain(|e| e.field != "delivered_at");
            found.insert(
                0,
                FieldError::new("delivered_at", "required", "Give the date and time the goods were delivered."),
            );
        }
        async move {
            if !found.is_empty() {
                return Err(found);
            }
            api::store::file_claim(id, &claim).await.map_err(|e| match e {
                crate::api::ApiError::Problem(p) if !p.errors.is_empty() => p.errors,
                e => vec![FieldError::new("claim", "failed", e.to_string())],
            })
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(o)) => {
            errors.set(Vec::new());
            form.settle(ClaimDraft::new(by_freight));
            filed.set(o.claims.last().map(|c| c.number.clone()));
            order.set(o);
        }
        Some(Err(found)) => {
            errors.set(found);
            // The first field with a message gets the focus.
            request_animation_frame(move || {
                if let Some(el) = document().query_selector("[data-testid=claims] [aria-invalid=true]").ok().flatten() {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
        None => {}
    });
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    view! {
        <Show when=move || !shipped.with(Vec::is_empty)>
            <section class="panel" aria-labelledby="claims-title" data-testid="claims">
                <h2 id="claims-title">"Damaged or wrong goods"</h2>
                {move || order.with(|o| o.claims.iter().map(|c| view! {
                    <div class="rma" data-testid="claim">
                        <p><strong>{c.number.clone()}</strong>{format!(" · {} · delivered {} · {}", c.kind.label(), local_time(c.delivered_at), c.carrier_ref)}</p>
                        <p>{c.description.clone()}</p>
                        <p class="claim-photos">{c.photos.iter().map(|p| view! {
                            <a href=api::store::claim_photo_url(p.id) download>{p.name.clone()}</a>
                        }).collect_view()}</p>
                    </div>
                }).collect_view())}
                {move || filed.get().map(|n| view! { <p class="banner success" role="status" data-testid="claim-filed">{format!("Claim {n} is filed. The store answers it within 2 business days.")}</p> })}
                <form class="claim-form" novalidate on:submit=move |ev| { ev.prevent_default(); filed.set(None); send.dispatch(()); }>
                    <p>"A damaged or wrong delivery is a claim, not a return. Freight damage must be claimed within 24 hours of delivery."</p>
                    <fieldset class="choices inline">
                        <legend>"What is wrong?"</legend>
                        {ClaimKind::ALL.iter().map(|k| { let k = *k; view! {
                            <label class="choice">
                                <input type="radio" name="claim-kind" data-testid=format!("claim-{}", k.slug())
                                    prop:checked=move || kind.get() == k on:change=move |_| kind.set(k) />
                                <span>{k.label()}</span>
                            </label>
                        }}).collect_view()}
                    </fieldset>
                    <label class="choice">
                        <input type="checkbox" data-testid="claim-freight" prop:checked=move || freight.get()
                            on:change=move |ev| freight.set(event_target_checked(&ev)) />
                        "Damaged in transit (freight)"
                    </label>
                    <div class="field">
                        <label for="claim-delivered">"Delivered on (date and time)"</label>
                        <input id="claim-delivered" data-testid="claim-delivered" type="datetime-local" aria-describedby="claim-delivered-error"
                            aria-invalid=invalid("delivered_at") prop:value=move || delivered.get() on:input=move |ev| delivered.set(event_target_value(&ev)) />
                        <p id="claim-delivered-error" class="field-error" data-testid="claim-delivered-error">{message("delivered_at")}</p>
                    </div>
                    <div class="field">
                        <label for="claim-carrier">"Driver or truck number"</label>
                        <input id="claim-carrier" data-testid="claim-carrier" type="text" autocomplete="off" aria-describedby="claim-carrier-error"
                            aria-invalid=invalid("carrier_ref") prop:value=move || carrier.get() on:input=move |ev| carrier.set(event_target_value(&ev)) />
                        <p id="claim-carrier-error" class="field-error" data-testid="claim-carrier-error">{message("carrier_ref")}</p>
                    </div>
                    <div class="field">
                        <label for="claim-description">"What is damaged or wrong?"</label>
                        <textarea id="claim-description" data-testid="claim-description" rows="3" aria-describedby="claim-description-error"
                            aria-invalid=invalid("description") prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                        <p id="claim-description-error" class="field-error" data-testid="claim-description-error">{message("description")}</p>
                    </div>
                    <table class="orders claim-lines">
                        <thead><tr><th scope="col">"Product"</th><th scope="col" class="num">"Pieces affected"</th></tr></thead>
                        <tbody>
                            {move || shipped.get().into_iter().map(|(id, name, count)| {
                                let input = format!("claim-line-{id}");
                                view! {
                                    <tr>
                                        <td data-label="Product"><label for=input.clone()>{name}</label></td>
                                        <td data-label="Pieces affected" class="num">
                                            <input id=input.clone() data-testid=input class="pieces" type="text" inputmode="numeric" autocomplete="off"
                                                placeholder="0" aria-describedby="claim-lines-error"
                                                prop:value=move || pieces.with(|p| p.get(&id).cloned().unwrap_or_default())
                                                on:input=move |ev| { let v = event_target_value(&ev); pieces.update(|p| { p.insert(id, v); }); } />
                                            <span class="muted small">{format!(" of {count}")}</span>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p id="claim-lines-error" class="field-error" data-testid="claim-lines-error">{message("lines")}</p>
                    <div class="field upload">
                        <label for="claim-photo">"Photos of the goods"</label>
                        <div class="upload-controls">
                            <input id="claim-photo" data-testid="claim-photo" type="file" accept="image/jpeg,image/png,.jpg,.jpeg,.png" multiple
                                aria-describedby="claim-photos-error" aria-invalid=invalid("photos") disabled=move || uploading.get() on:change=upload />
                            <label class="button secondary camera" for="claim-camera">"Take a photo"</label>
                            <input id="claim-camera" class="visually-hidden" type="file" accept="image/*" capture="environment"
                                tabindex="-1" aria-hidden="true" on:change=upload />
                            <span class="muted small" role="status">{move || uploading.get().then_some("Uploading…")}</span>
                        </div>
                        <ul class="claim-photos" data-testid="claim-photos">
                            {move || photos.get().into_iter().map(|p| view! { <li>{format!("{} ({} KB)", p.name, p.size.div_ceil(1024))}</li> }).collect_view()}
                        </ul>
                        <p id="claim-photos-error" class="field-error" data-testid="claim-photos-error" role="alert">
                            {move || photo_error.get().or_else(message("photos"))}
                        </p>
                    </div>
                    <p class="field-error" role="alert" data-testid="claim-error">{message("claim")}</p>
                    <div class="actions">
                        <button type="submit" class="button primary" data-testid="file-claim" disabled=move || send.pending().get()>"File the claim"</button>
                    </div>
                </form>
            </section>
        </Show>
    }
}

/// R-SUP-12: a new ship date the store proposed: accept or decline by the deadline, after which
/// it counts as accepted (said, with the deadline).
#[component]
fn Proposal(order: RwSignal<StoreOrder>) -> impl IntoView {
    let answer = Action::new_local(move |accept: &bool| {
        let (id, accept) = (order.with_untracked(|o| o.id), *accept);
        async move { api::store::answer_proposal(id, accept).await }
    });
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match answer.value().get() {
        Some(Ok(o)) => {
            error.set(None);
            order.set(o);
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    move || {
        order.with(|o| o.proposal.clone()).map(|p| {
            let text = match (p.accepted, p.by_default) {
                (None, _) => format!(
                    "The store proposes a new ship date: {}. Answer by {}; without an answer it counts as accepted.",
                    format::date(p.date),
                    local_time(p.deadline)
                ),
                (Some(true), true) => format!("The store's new ship date, {}, counts as accepted: it was not answered by {}.", format::date(p.date), local_time(p.deadline)),
                (Some(true), false) => format!("You accepted the store's new ship date: {}.", format::date(p.date)),
                (Some(false), _) => format!("You declined the store's proposed ship date ({}).", format::date(p.date)),
            };
            view! {
                <section class="panel" aria-labelledby="proposal-title" data-testid="proposal">
                    <h2 id="proposal-title">"New ship date"</h2>
                    <p data-testid="proposal-text">{text}</p>
                    {p.accepted.is_none().then(|| view! {
                        <div class="actions">
                            <button type="button" class="button primary" data-testid="accept-date" disabled=move || answer.pending().get()
                                on:click=move |_| { answer.dispatch(true); }>"Accept the new date"</button>
                            <button type="button" class="button secondary" data-testid="decline-date" disabled=move || answer.pending().get()
                                on:click=move |_| { answer.dispatch(false); }>"Decline"</button>
                        </div>
                    })}
                    <p class="field-error" role="alert" data-testid="proposal-error">{move || error.get()}</p>
                </section>
            }
        })
    }
}
