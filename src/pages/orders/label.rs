//! `/orders/:id/shipments/:sid/label`: the shipping label to print (R-SHP-5): ship-from and
//! ship-to, order number, package n of m, contents and a Code 128 barcode of the shipment number,
//! laid out for A4 or US Letter.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::{OrderDetail, Shipment};
use portal_core::barcode::code128b;
use portal_core::format;

use crate::api::{self, ApiError};
use crate::components::status::{Loading, api_error_view};

#[component]
pub fn LabelPage() -> impl IntoView {
    let route = crate::routes::use_route();
    let id = move || route.order_id().unwrap_or(0);
    let sid = move || route.shipment_id().unwrap_or(0);
    let order = LocalResource::new(move || api::order(id()));
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <crate::lazy::Styled href="/lazy/orders.css">
        <p class="back no-print"><A href=move || format!("/orders/{}", id())>"← Back to the order"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the label…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (detail, _) = order.await?;
                    let shipment = detail.shipments.iter().find(|s| s.id == sid()).cloned();
                    Ok::<_, ApiError>(match shipment {
                        Some(s) if s.labels_ready => view! { <Label order=detail shipment=s /> }.into_any(),
                        Some(_) => view! {
                            <div class="state" data-testid="label-pending">
                                <h1>"The label is not ready yet"</h1>
                                <p>"The marketplace arranges this delivery; the label appears once it has processed the shipment."</p>
                            </div>
                        }.into_any(),
                        None => view! {
                            <div class="state state-error"><h1>"No such shipment on this order"</h1></div>
                        }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
    }
}

#[component]
fn Label(order: OrderDetail, shipment: Shipment) -> impl IntoView {
    let paper = RwSignal::new("a4");
    let s = shipment;
    let packages = order.shipments.len();
    let more_to_follow = order.left_to_ship() > 0;
    let contents: Vec<String> = s
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, order.line(l.line_id).map_or("part", |x| x.part_name.as_str())))
        .collect();
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="label-tools no-print">
            <h1>"Shipping label " {s.number.clone()}</h1>
            <div class="field">
                <label for="paper">"Paper"</label>
                <select id="paper" data-testid="paper" on:change=move |ev| paper.set(if event_target_value(&ev) == "letter" { "letter" } else { "a4" })>
                    <option value="a4">"A4"</option>
                    <option value="letter">"US Letter"</option>
                </select>
            </div>
            <button class="button primary" on:click=print data-testid="print">"Print"</button>
            <p class="muted">"Print two: stick one on the box and put the other inside it."</p>
        </div>
        <section class=move || format!("label-sheet paper-{}", paper.get()) data-testid="label" aria-label="Shipping label">
            <div class="label">
                <div class="label-from">
                    <h2>"From"</h2>
                    <address>{lines(&order.ship_from)}</address>
                </div>
                <div class="label-to">
                    <h2>"To"</h2>
                    <address>{lines(&order.terms.ship_to)}</address>
                </div>
                <div class="label-refs">
                    <p><span>"Order"</span><strong data-testid="label-order">{order.order.number.clone()}</strong></p>
                    <p><span>"Package"</span><strong data-testid="label-package">
                        {format!("{} of {}{}", s.package_no, packages, if more_to_follow { " (more to follow)" } else { "" })}
                    </strong></p>
                    // R-ORD-7: shipped is the day the package left the shop, not the day it was published.
                    <p><span>"Shipped"</span><strong data-testid="label-shipped">{s.left_on.map_or_else(|| "On pickup".to_owned(), format::date)}</strong></p>
                </div>
                <Barcode text=s.number.clone() />
                <p class="label-contents"><span>"Contents: "</span>{contents.join(", ")}</p>
            </div>
        </section>
    }
}

fn lines(text: &str) -> impl IntoView + use<> {
    text.lines().map(|l| view! { <span class="block">{l.to_owned()}</span> }).collect_view()
}

/// A Code 128 barcode drawn as SVG bars, with the text under it.
#[component]
fn Barcode(text: String) -> impl IntoView {
    const QUIET: u32 = 10;
    let modules = code128b(&text).unwrap_or_default();
    let width: u32 = modules.iter().map(|&m| u32::from(m)).sum::<u32>() + 2 * QUIET;
    let mut x = QUIET;
    let mut bars = Vec::new();
    for (i, &m) in modules.iter().enumerate() {
        if i % 2 == 0 {
            bars.push((x, u32::from(m)));
        }
        x += u32::from(m);
    }
    let bar_count = bars.len();
    view! {
        <figure class="barcode">
            <svg viewBox=format!("0 0 {width} 50") preserveAspectRatio="none" role="img"
                aria-label=format!("Barcode of shipment {text}") data-testid="barcode" data-text=text.clone()
                data-bars=bar_count.to_string() shape-rendering="crispEdges">
                <rect x="0" y="0" width=width.to_string() height="50" fill="#fff" />
                {bars.into_iter().map(|(x, w)| view! { <rect x=x.to_string() y="0" width=w.to_string() height="50" fill="#000" /> }).collect_view()}
            </svg>
            <figcaption>{text}</figcaption>
        </figure>
    }
}
