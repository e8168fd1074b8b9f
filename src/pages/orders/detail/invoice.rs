//! R-INV-1..5: the order's invoice stage.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::OrderDetail;

use crate::api::{self, ApiError};
use crate::components::icons::CheckIcon;
use crate::components::status::{Loading, api_error_view};

/// R-INV-1..5: what is left to invoice, the way into the invoice wizard, and this order's
/// invoices with their payment dates and status.
#[component]
pub(super) fn InvoiceSection(
    order: RwSignal<OrderDetail>,
    start: LocalResource<Result<portal_core::api::InvoiceStart, ApiError>>,
) -> impl IntoView {
    let id = order.with_untracked(|o| o.order.id);
    let retry = Callback::new(move |()| start.refetch());
    view! {
        <section class="panel" aria-labelledby="invoice-title" data-testid="invoice">
            <h2 id="invoice-title">"Invoice"</h2>
            <Transition fallback=|| view! { <Loading label="Loading invoices…" /> }>
                <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                    {move || Suspend::new(async move {
                        let s = start.await?;
                        let open: u32 = s.positions.iter().map(|p| p.quantity).sum();
                        let not_left = order.with_untracked(|o| o.not_left());
                        let closed = order.with_untracked(|o| o.order.status.is_finished());
                        Ok::<_, ApiError>(view! {
                            {if open > 0 && !closed {
                                view! {
                                    <p>{format!("{open} shipped part(s) to invoice ({}).", s.total.display())}</p>
                                    <A href=format!("/orders/{id}/invoice") attr:class="button primary" attr:data-testid="create-invoice">"Create invoice"</A>
                                }.into_any()
                            } else if s.invoices.is_empty() {
                                view! { <p><span class="badge">"Open"</span> " Invoicing comes after shipping: invoice the parts here once they have been picked up."</p> }.into_any()
                            } else if not_left > 0 {
                                view! { <p>"Everything picked up so far is invoiced; invoice the rest once it has been picked up."</p> }.into_any()
                            } else {
                                view! { <p class="done-line" data-testid="all-invoiced"><CheckIcon />"Every part is invoiced."</p> }.into_any()
                            }}
                            {(!s.invoices.is_empty()).then(|| view! {
                                <ul class="invoice-list">
                                    {s.invoices.iter().map(|i| view! {
                                        <li data-testid="order-invoice" data-status=i.status.slug()>
                                            <a href=api::file_url(i.file_id) download="">{format!("Invoice {}", i.invoice_number)}</a>
                                            {format!(" · {} · {} · payment {}", i.total.display(), i.status.label(), portal_core::invoice::expected_payment(i.payment_date))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <p><A href="/payouts">"All payouts"</A></p>
                            })}
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
