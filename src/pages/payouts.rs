//! `/payouts`: every submitted invoice with its amount, submitted date, expected payment date and
//! status; the totals per payment date; and a calendar of the next payment days (R-INV-5).

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::{Invoice, InvoiceStatus, PayoutDay, Payouts};
use portal_core::format;

use crate::api::{self, ApiError};
use crate::components::icons::{CheckIcon, ClockIcon};
use crate::components::status::{Loading, api_error_view};
use crate::pages::orders::money_list;

/// Said wherever a payment date is.
const POSTING: &str = "can take up to 48 hours to post";

#[component]
pub fn PayoutsPage() -> impl IntoView {
    let payouts = LocalResource::new(api::payouts);
    let retry = Callback::new(move |()| payouts.refetch());
    view! {
        <crate::lazy::Styled href="/lazy/invoices.css">
        <div class="page-head">
            <h1>"Payouts"</h1>
            <p class="muted">
                "Invoices submitted from the 10th to the 23rd are paid on the 14th of the next month; from the 24th to the 9th, on the 28th. Payments "
                {POSTING} "."
            </p>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your payouts…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let p = payouts.await?;
                    Ok::<_, ApiError>(view! { <PayoutsView payouts=p /> })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
    }
}

/// How many rows the lists show before "Show all".
const FIRST_ROWS: usize = 10;

/// A "Show all" button for a list longer than [`FIRST_ROWS`].
fn show_all(total: usize, all: RwSignal<bool>, id: &'static str) -> impl IntoView {
    (total > FIRST_ROWS).then(|| {
        view! {
            <button type="button" class="button secondary" data-testid=id aria-expanded=move || all.get().to_string()
                on:click=move |_| all.update(|a| *a = !*a)>
                {move || if all.get() { "Show fewer".to_owned() } else { format!("Show all {total}") }}
            </button>
        }
    })
}

#[component]
fn PayoutsView(payouts: Payouts) -> impl IntoView {
    let Payouts { today, invoices, by_payment_date, calendar, store_funds } = payouts;
    let all_days = RwSignal::new(false);
    let all_invoices = RwSignal::new(false);
    let (day_count, invoice_count) = (by_payment_date.len(), invoices.len());
    let by_payment_date = StoredValue::new(by_payment_date);
    let invoices = StoredValue::new(invoices);
    view! {
        <section class="panel" aria-labelledby="calendar-title" data-testid="payment-calendar">
            <h2 id="calendar-title">"Next payment dates"</h2>
            <ol class="pay-calendar">
                {calendar.into_iter().map(|day| view! { <CalendarDay day=day today=today /> }).collect_view()}
            </ol>
        </section>
        {if invoice_count == 0 {
            view! {
                <section class="panel state" data-testid="no-invoices">
                    <h2>"No invoices yet"</h2>
                    <p>"Invoice an order once its parts have shipped: open the order and choose “Create invoice”."</p>
                    <A href="/orders" attr:class="button secondary">"Go to my orders"</A>
                </section>
            }.into_any()
        } else {
            view! {
                <section class="panel" aria-labelledby="totals-title" data-testid="payout-totals">
                    <h2 id="totals-title">"Totals per payment date"</h2>
                    <table class="orders payout-totals">
                        <thead><tr>
                            <th scope="col">"Payment date"</th><th scope="col" class="num">"Invoices"</th>
                            <th scope="col" class="num">"Total"</th><th scope="col">"Status"</th>
                        </tr></thead>
                        <tbody>
                            {move || by_payment_date.get_value().into_iter().take(if all_days.get() { usize::MAX } else { FIRST_ROWS }).map(|d| view! {
                                <tr data-testid="payout-day" data-date=d.payment_date.to_string()>
                                    <th scope="row" data-label="Payment date">{portal_core::invoice::expected_payment(d.payment_date)}</th>
                                    <td data-label="Invoices" class="num">{d.invoices}</td>
                                    <td data-label="Total" class="num money">{money_list(&d.totals)}</td>
                                    <td data-label="Status">{if d.paid {
                                        view! { <span class="status done"><CheckIcon />"Paid"</span> }.into_any()
                                    } else {
                                        view! { <span class="status open"><ClockIcon />"Expected"</span> }.into_any()
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {show_all(day_count, all_days, "show-all-days")}
                </section>
                <section class="panel" aria-labelledby="invoices-title" data-testid="invoices">
                    <h2 id="invoices-title">"Invoices"</h2>
                    <table class="orders invoices-table">
                        <thead><tr>
                            <th scope="col">"Invoice"</th><th scope="col">"Order"</th><th scope="col">"Submitted"</th>
                            <th scope="col" class="num">"Amount"</th><th scope="col">"Payment date"</th><th scope="col">"Status"</th>
                        </tr></thead>
                        <tbody>
                            {move || invoices.get_value().into_iter().take(if all_invoices.get() { usize::MAX } else { FIRST_ROWS }).map(|i| view! { <InvoiceRow invoice=i /> }).collect_view()}
                        </tbody>
                    </table>
                    {show_all(invoice_count, all_invoices, "show-all-invoices")}
                </section>
            }.into_any()
        }}
        {(!store_funds.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="store-funds-title" data-testid="store-funds">
                <h2 id="store-funds-title">"Job funds and the supplies store"</h2>
                <p class="muted">"Store orders paid with job funds are taken from what your orders will pay; refunds come with your next payment."</p>
                <table class="orders invoices-table">
                    <thead><tr><th scope="col">"Date"</th><th scope="col">"What"</th><th scope="col" class="num">"Amount"</th></tr></thead>
                    <tbody>
                        {store_funds.into_iter().map(|e| view! {
                            <tr data-testid="store-funds-entry">
                                <td data-label="Date">{crate::components::clock::local_date(e.at)}</td>
                                <td data-label="What"><A href=format!("/store/orders/{}", e.store_order_id)>{e.what.clone()}</A></td>
                                <td data-label="Amount" class="num">{e.amount.display()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}

#[component]
fn CalendarDay(day: PayoutDay, today: chrono::NaiveDate) -> impl IntoView {
    let days = (day.payment_date - today).num_days();
    let when = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    };
    view! {
        <li class="pay-day" data-testid="calendar-day" data-date=day.payment_date.to_string()>
            <p class="pay-date"><strong>{portal_core::invoice::expected_payment(day.payment_date)}</strong><span class="muted small">{when}</span></p>
            <p class="small">{format!("For invoices submitted {} – {}", format::date(day.submitted_from), format::date(day.submitted_until))}</p>
            <p class="pay-total">{if day.invoices == 0 {
                "Nothing due".to_owned()
            } else {
                format!("{} expected · {} invoice(s)", money_list(&day.totals), day.invoices)
            }}</p>
        </li>
    }
}

/// One invoice: its status in a word and an icon, with when it moved.
#[component]
fn InvoiceRow(invoice: Invoice) -> impl IntoView {
    let i = invoice;
    let status = match i.status {
        InvoiceStatus::Paid => view! {
            <span class="status done"><CheckIcon />"Paid"</span>
            <span class="muted small status-note">{format!("{} · {POSTING}", i.paid_at.map(crate::components::clock::local_date).unwrap_or_default())}</span>
        }
        .into_any(),
        InvoiceStatus::Approved => view! {
            <span class="status open"><CheckIcon />"Approved"</span>
            <span class="muted small status-note">{i.approved_at.map(crate::components::clock::local_date).unwrap_or_default()}</span>
        }
        .into_any(),
        InvoiceStatus::Submitted => view! {
            <span class="status open"><ClockIcon />"Submitted"</span>
            <span class="muted small status-note">"waiting for approval"</span>
        }
        .into_any(),
    };
    view! {
        <tr data-testid="invoice-row" data-status=i.status.slug() data-number=i.invoice_number.clone()>
            <th scope="row" data-label="Invoice">
                <a href=api::file_url(i.file_id) download="">{i.invoice_number.clone()}<span class="visually-hidden">" (signed PDF)"</span></a>
            </th>
            <td data-label="Order"><A href=format!("/orders/{}", i.order_id)>{i.order_number.clone()}</A></td>
            <td data-label="Submitted"><span title=crate::components::clock::local_time(i.submitted_at)>{crate::components::clock::local_date(i.submitted_at)}</span></td>
            <td data-label="Amount" class="num money" data-testid="invoice-amount">{i.total.display()}</td>
            <td data-label="Payment date" data-testid="invoice-payment-date">{portal_core::invoice::expected_payment(i.payment_date)}</td>
            <td data-label="Status">{status}</td>
        </tr>
    }
}
