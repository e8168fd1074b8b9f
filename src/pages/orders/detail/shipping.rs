//! R-SHP-1..5: what is left to ship, the shipments, their labels and tracking.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::{OrderDetail, Shipment};
use portal_core::format;
use portal_core::shipping::{Delivery, ShipmentStatus, measure_text, nothing_left_to_ship};

use crate::api;
use crate::components::dialog::ConfirmDialog;
use crate::components::icons::{CheckIcon, WarningIcon};

use super::Page;

/// R-SHP-1..5: what is left to ship, the shipments, and the "Shipped" check-in per package.
#[component]
pub(super) fn ShippingSection(page: Page) -> impl IntoView {
    let Page { order, etag, today, .. } = page;
    let id = page.id();
    // R-ORD-4 (5): the "Shipped" check-in for a package, answered on the day of pickup.
    let pickup_for = RwSignal::new(None::<i64>);
    let pickup = Action::new_local(move |shipment: &i64| {
        let (shipment, e) = (*shipment, etag.get_untracked());
        async move { api::shipped(id, shipment, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = pickup.value().get() {
            pickup_for.set(None);
            page.apply(result, "“Shipped” check-in");
        }
    });
    view! {
        <section class="panel" aria-labelledby="shipping-title" data-testid="shipping">
            <h2 id="shipping-title">"Shipping"</h2>
            {move || {
                let d = order.read();
                let left = d.left_to_ship();
                let waiting: u32 = d.lines.iter().map(|l| l.awaiting_pickup()).sum();
                let blocked = d.shipping_blocked.clone();
                let finished = d.order.status.is_finished();
                view! {
                    <p class="warning-line" class:hidden=blocked.is_none() || finished role="note">
                        <WarningIcon /><span>{blocked.clone()}</span>
                    </p>
                    {if finished && d.shipments.is_empty() {
                        view! { <p>"Nothing was shipped."</p> }.into_any()
                    } else if nothing_left_to_ship(left).is_none() {
                        view! {
                            <p>{format!("{left} part(s) left to ship. Publish shipping information at least one day before the lead time.")}</p>
                            {blocked.is_none().then(|| view! {
                                <A href=format!("/orders/{id}/ship") attr:class="button primary" attr:data-testid="add-shipping">"Add shipping"</A>
                            })}
                        }.into_any()
                    } else if waiting > 0 {
                        view! { <p data-testid="awaiting-pickup">{format!("Every part is published; {waiting} part(s) wait for pickup. On the day of pickup, answer “Shipped” for each package below: the order counts as shipped once every part has left.")}</p> }.into_any()
                    } else {
                        view! { <p class="done-line" data-testid="all-shipped"><CheckIcon />"Every part has left the shop."</p> }.into_any()
                    }}
                }
            }}
            <div class="shipments">
                {move || {
                    let d = order.read().clone();
                    d.shipments.iter().map(|s| view! {
                        <ShipmentCard order=d.clone() shipment=s.clone()
                            on_shipped=Callback::new(move |sid: i64| pickup_for.set(Some(sid))) />
                    }).collect_view()
                }}
            </div>
            <ConfirmDialog name="shipped" open=Signal::derive(move || pickup_for.get().is_some()) title="Shipped today?"
                confirm_label="Yes, picked up today" pending=pickup.pending()
                error=Signal::derive(|| None::<String>)
                on_confirm=Callback::new(move |()| { if let Some(sid) = pickup_for.get_untracked() { pickup.dispatch(sid); } })
                on_cancel=Callback::new(move |()| pickup_for.set(None))>
                <p>{move || format!(
                    "Answer on the day the carrier picks the package up: it dates the shipment ({}), which is what on-time shipping measures. The answer is final; a pickup scan reported by the marketplace takes its place.",
                    format::date(today.get())
                )}</p>
            </ConfirmDialog>
        </section>

    }
}

/// R-SHP-5: a published shipment: what was entered, the label, and the tracking steps.
#[component]
fn ShipmentCard(
    order: OrderDetail,
    shipment: Shipment,
    /// The partner answers "Shipped" for this package.
    on_shipped: Callback<i64>,
) -> impl IntoView {
    let s = shipment;
    let count = order.shipments.len();
    let p = &s.package;
    let package = format!(
        "{} · {} × {} × {} {} · {} {}",
        p.kind.label(),
        measure_text(p.length),
        measure_text(p.width),
        measure_text(p.height),
        p.length_unit.label(),
        measure_text(p.weight),
        p.weight_unit.label()
    );
    let delivery = match &s.delivery {
        Delivery::Marketplace { pickup_address, .. } => {
            format!("The marketplace arranges delivery; pickup at {}", pickup_address.replace('\n', ", "))
        }
        Delivery::Partner { carrier, tracking_number, expected_ship_date, .. } => format!(
            "{} · tracking {} · expected to ship {}",
            carrier.map_or("Carrier", |c| c.label()),
            if tracking_number.is_empty() { "not given" } else { tracking_number },
            expected_ship_date.map(format::date).unwrap_or_default()
        ),
    };
    // R-SHP-5: the carrier's own tracking page.
    let tracking = match &s.delivery {
        Delivery::Partner { carrier: Some(c), tracking_number, .. } => {
            c.tracking_url(tracking_number).map(|u| (u, c.label()))
        }
        _ => None,
    };
    let can_answer = s.left_on.is_none() && !order.order.status.is_finished();
    let sid = s.id;
    let lines: Vec<String> = s
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, order.line(l.line_id).map_or("part", |x| x.part_name.as_str())))
        .collect();
    view! {
        <article class="shipment card" data-testid="shipment" data-status=s.status.slug()>
            <header class="shipment-head">
                <h3>{format!("{} · package {} of {}", s.number, s.package_no, count)}</h3>
                {s.late.then(|| view! { <span class="badge urgency-overdue" data-testid="late-badge"><WarningIcon />"Published late"</span> })}
            </header>
            <p>{lines.join(", ")}</p>
            <p class="muted">{package}</p>
            <p class="muted">{delivery}</p>
            {tracking.map(|(url, carrier)| view! {
                <p><a href=url target="_blank" rel="noopener noreferrer" data-testid="tracking-link">{format!("Track on {carrier}'s site")}</a></p>
            })}
            <p class="muted small">"Published " {crate::components::clock::local_time(s.published_at)}</p>
            {match (s.left_on, s.left_recorded_by) {
                (Some(day), by) => view! {
                    <p class="done-line" data-testid="left-on"><CheckIcon />
                        {format!("Left the shop on {} ({}).", format::date(day), by.map_or("recorded", |b| b.label()))}
                    </p>
                }.into_any(),
                (None, _) => view! {
                    <p data-testid="awaiting-pickup-card">"Waiting for pickup: not shipped until it leaves the shop."</p>
                    {can_answer.then(|| view! {
                        <button class="button primary" data-testid="shipped-today" on:click=move |_| on_shipped.run(sid)>
                            "Shipped today (picked up)"
                        </button>
                    })}
                }.into_any(),
            }}
            {if s.labels_ready {
                view! { <A href=format!("/orders/{}/shipments/{}/label", order.order.id, s.id) attr:class="button secondary" attr:data-testid="print-label">"Shipping label (print)"</A> }.into_any()
            } else {
                view! { <p class="muted" data-testid="labels-pending">"Labels appear here once the marketplace has processed the shipment."</p> }.into_any()
            }}
            <ol class="tracking" aria-label="Tracking" data-testid="tracking">
                {ShipmentStatus::ALL.iter().map(|&step| {
                    let event = s.events.iter().find(|e| e.status == step).cloned();
                    let done = event.is_some();
                    view! {
                        <li class:done=done data-testid=format!("track-{}", step.slug()) data-done=done.to_string()>
                            {if done { view! { <CheckIcon /> }.into_any() } else { view! { <span class="open-dot" aria-hidden="true"></span> }.into_any() }}
                            <span>{step.label()}</span>
                            <span class="muted small">{event.map_or_else(|| " · not yet".to_owned(), |e| format!(" · {}", crate::components::clock::local_time(e.at)))}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
    }
}
