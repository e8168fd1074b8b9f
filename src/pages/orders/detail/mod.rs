//! `/orders/:id`: one order's stages (R-ORD-2): production order and confirmation (R-ORD-3),
//! check-ins (R-ORD-4), quality control uploads (R-ORD-5), packing (R-ORD-6), shipments with
//! labels and tracking (R-SHP-5), and the invoice stage (R-INV-1..5). Updates send the version
//! read; when another tab changed the order first, the page says what changed instead.

mod check_ins;
mod invoice;
mod parts;
mod production;
mod quality;
mod shipping;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::api::{OrderDetail, OrderStatus};
use portal_core::format;
use portal_core::order::detail::describe_changes;
use portal_core::order::{closed_order_refusal, urgency};

use super::{StageMarks, UrgencyBadge, today_in};
use crate::api::{self, ApiError};
use crate::components::icons::{CheckIcon, WarningIcon};
use crate::components::status::{Loading, api_error_view};

use check_ins::CheckInsSection;
use invoice::InvoiceSection;
use parts::PartsSection;
use production::ProductionSection;
use quality::QualityControl;
use shipping::ShippingSection;

#[component]
pub fn OrderPage() -> impl IntoView {
    let route = crate::routes::use_route();
    let id = move || route.order_id().unwrap_or(0);
    let order = LocalResource::new(move || api::order(id()));
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <p class="back"><A href="/orders">"← My orders"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the order…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (detail, etag) = order.await?;
                    Ok::<_, ApiError>(view! { <OrderView detail=detail etag=etag /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// What an update returns: the new order and version, or why not.
pub(super) type Updated = Result<(OrderDetail, String), ApiError>;

/// The order on the page, its version and the page's notice: what every section shares.
#[derive(Clone, Copy)]
pub(super) struct Page {
    pub(super) order: RwSignal<OrderDetail>,
    pub(super) etag: RwSignal<String>,
    pub(super) notice: RwSignal<Option<String>>,
    pub(super) today: Signal<NaiveDate>,
    /// Closed or handed back: nothing the server would refuse is offered (R-ORD-7).
    pub(super) finished: Signal<bool>,
}

impl Page {
    pub(super) fn id(self) -> i64 {
        self.order.with_untracked(|o| o.order.id)
    }

    /// After any update: take the new version; when it was stale, load the current one and say
    /// what changed instead of overwriting it.
    pub(super) fn apply(self, result: Updated, what: &'static str) {
        let Page { order, etag, notice, .. } = self;
        match result {
            Ok((d, e)) => {
                order.set(d);
                etag.set(e);
                notice.set(None);
            }
            Err(err) if err.status() == Some(412) => {
                let old = order.get_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok((fresh, e)) = api::order(old.order.id).await {
                        let changes = describe_changes(&old, &fresh);
                        order.set(fresh);
                        etag.set(e);
                        notice.set(Some(format!(
                            "This order was changed in another tab or by a colleague: {} Your {what} was not saved; \
                                 check the order as it is now and try again if it is still needed.",
                            changes.join(" ")
                        )));
                    }
                });
            }
            Err(err) => notice.set(Some(err.to_string())),
        }
    }

    /// Loads the order again (an upload changed it).
    pub(super) fn refresh(self) {
        let id = self.id();
        leptos::task::spawn_local(async move {
            if let Ok((d, e)) = api::order(id).await {
                self.order.set(d);
                self.etag.set(e);
            }
        });
    }
}

#[component]
fn OrderView(detail: OrderDetail, etag: String) -> impl IntoView {
    let order = RwSignal::new(detail);
    let today = today_in(order.with_untracked(|o| o.order.price.currency));
    // R-ORD-7: what the server would refuse is not offered.
    let finished = Signal::derive(move || closed_order_refusal(order.read().order.status).is_some());
    let page = Page { order, etag: RwSignal::new(etag), notice: RwSignal::new(None), today, finished };
    let order_id = page.id();
    let invoice_start = LocalResource::new(move || {
        // Reloads when the order changes (a new shipment or invoice).
        order.track();
        api::invoice_start(order_id)
    });
    // Issue 17: on a tablet on the shop floor the page starts with what the floor does next
    // (quality control, packing, shipping), the office's sections after; the DOM follows, so
    // the keyboard's order is the order on screen. Decided when the page opens (see is_narrow).
    let floor_first = crate::components::media::is_narrow();
    let production = move || view! { <ProductionSection page=page /> <CheckInsSection page=page /> };
    let floor = move || {
        view! {
            <QualityControl order=order finished=finished on_uploaded=Callback::new(move |_| page.refresh()) />
            <section class="panel" aria-labelledby="packing-title" data-testid="packing">
                <h2 id="packing-title">"Packing checklist"</h2>
                <ul class="checklist">
                    {move || order.read().packing.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
                </ul>
            </section>
            <ShippingSection page=page />
        }
    };
    view! {
        <OrderHead page=page />
        <Banners page=page invoice_start=invoice_start />
        <section class="panel" aria-labelledby="stages-title">
            <h2 id="stages-title">"Stages"</h2>
            {move || view! { <StageMarks marks=order.read().stages.clone() /> }}
            <NextStepLine page=page />
        </section>
        {if floor_first {
            view! { {floor()} <PartsSection page=page /> {production()} }.into_any()
        } else {
            view! { <PartsSection page=page /> {production()} {floor()} }.into_any()
        }}
        <InvoiceSection order=order start=invoice_start />
    }
}

#[component]
fn OrderHead(page: Page) -> impl IntoView {
    let Page { order, today, .. } = page;
    let o = move || order.read().order.clone();
    view! {
        <div class="page-head order-head">
            <h1 data-testid="order-title">"Order " {move || o().number}</h1>
            <p class="order-facts">
                <span>{move || order.read().lines.iter().map(|l| l.part_name.clone()).collect::<Vec<_>>().join(", ")}</span>
                <span>{move || format!("{} · {}", o().process.label(), o().material.label())}</span>
                <span>"Lead time (ship by): " <strong><time datetime=move || o().lead_time.to_string()>{move || format::date(o().lead_time)}</time></strong></span>
                {move || { let d = order.read(); (d.order.status == OrderStatus::InProduction).then(|| view! { <UrgencyBadge urgency=urgency(d.order.lead_time, today.get(), d.not_left()) /> }) }}
                <span class="badge" data-testid="order-status">{move || o().status.label()}</span>
                // R-JOB-7: what the order pays, the bonus it was accepted with shown as such.
                <span class="money" data-testid="order-value">
                    {move || {
                        let o = o();
                        match o.bonus {
                            Some(b) => format!("{} + {} bonus = {}", o.price.display(), b.display(), o.value().display()),
                            None => o.price.display(),
                        }
                    }}
                </span>
            </p>
        </div>
    }
}

/// What the order waits for next, said in words (the stages' first open one).
#[component]
fn NextStepLine(page: Page) -> impl IntoView {
    let Page { order, finished, .. } = page;
    move || {
        (!finished.get()).then(|| {
            let next = order.read().next_step;
            view! { <p class="next-step" data-testid="next-step"><strong>"Next: "</strong>{next.label()}</p> }
        })
    }
}

/// What happened to the order, said at the top: closed, handed back, changed elsewhere,
/// shipping published, invoice submitted.
#[component]
fn Banners(
    page: Page,
    invoice_start: LocalResource<Result<portal_core::api::InvoiceStart, ApiError>>,
) -> impl IntoView {
    let Page { order, notice, .. } = page;
    let query = use_query_map();
    let published = Memo::new(move |_| query.read().get("published").and_then(|v| v.parse::<i64>().ok()));
    let invoiced = Memo::new(move |_| query.read().get("invoiced").and_then(|v| v.parse::<i64>().ok()));
    // R-INV-5: the invoice just submitted, with its payment date.
    let just_invoiced = move || {
        let n = invoiced.get()?;
        let start = invoice_start.get()?.ok()?;
        start.invoices.into_iter().find(|i| i.id == n)
    };
    view! {
        {move || {
            let d = order.read();
            match d.order.status {
                OrderStatus::Closed => Some(view! {
                    <p class="banner success" role="status" data-testid="closed-banner">
                        <CheckIcon /><span>"This order is closed: delivered, and its invoice paid. Nothing more to do."</span>
                    </p>
                }.into_any()),
                OrderStatus::HandedBack => Some(view! {
                    <p class="banner info" role="status" data-testid="handed-back-banner">
                        <CheckIcon /><span>{format!(
                            "You handed this order back on {}: “{}”. The job went back to the board.",
                            d.handed_back_at.map(crate::components::clock::local_date).unwrap_or_default(),
                            d.hand_back_reason.clone().unwrap_or_default()
                        )}</span>
                    </p>
                }.into_any()),
                OrderStatus::InProduction | OrderStatus::Shipped => None,
            }
        }}
        {move || notice.get().map(|text| view! {
            <p class="banner warning" role="alert" data-testid="order-notice"><WarningIcon /><span>{text}</span></p>
        })}
        {move || published.get().map(|_| view! {
            <p class="banner success" role="status" data-testid="published-banner">
                <CheckIcon /><span>"Shipping information published. Print the label from the shipment below."</span>
            </p>
        })}
        {move || just_invoiced().map(|i| view! {
            <p class="banner success" role="status" data-testid="invoiced-banner">
                <CheckIcon /><span>{format!(
                    "Invoice {} submitted. Expected payment on {} (can take up to 48 hours to post). The order now waits for the marketplace.",
                    i.invoice_number, portal_core::invoice::expected_payment(i.payment_date)
                )}</span>
            </p>
        })}
    }
}
