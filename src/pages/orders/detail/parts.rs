//! The order's parts, line by line (issue 17): quantity, how many were published, picked up and
//! invoiced, size in the partner's units, finish, and the marketplace's drawing and model for
//! each; the terms the order was accepted at.

use leptos::prelude::*;
use portal_core::job::DrawingFile;

use crate::api;
use crate::pages::job::terms::BindingTerms;
use crate::session::expect_session;

use super::Page;

/// Lines shown before the list is folded (an order of many parts stays short on a tablet).
const LINES_SHOWN: usize = 4;

#[component]
pub(super) fn PartsSection(page: Page) -> impl IntoView {
    let Page { order, .. } = page;
    let id = page.id();
    let session = expect_session();
    let units = move || session.me().map_or(portal_core::units::Units::Metric, |m| m.display.units);
    let expanded = RwSignal::new(false);
    let count = move || order.read().lines.len();
    view! {
        <section class="panel" aria-labelledby="parts-title" data-testid="order-parts">
            <h2 id="parts-title">"Parts"</h2>
            <table class="lines" data-testid="order-drawings">
                <caption class="visually-hidden">"The order's parts, quantities and drawings"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Part"</th>
                        <th scope="col" class="num">"Qty"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col">"Drawings"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let d = order.read();
                        let take = if expanded.get() { usize::MAX } else { LINES_SHOWN };
                        d.lines.iter().take(take).map(|l| {
                            let progress = format!("{} published · {} picked up · {} invoiced", l.shipped, l.picked_up, l.invoiced);
                            view! {
                                <tr data-testid="order-line">
                                    <td data-label="Part">
                                        <strong>{l.line_no} ". " {l.part_name.clone()}</strong>
                                        <span class="muted small block">{l.size.display_in(units())} " · " {l.finish.label()}</span>
                                    </td>
                                    <td data-label="Qty" class="num" data-testid="line-quantity">{l.quantity}</td>
                                    <td data-label="Progress" class="small">{progress}</td>
                                    <td data-label="Drawings">
                                        {l.drawings.iter().map(|name| {
                                            let label = DrawingFile::from_name(name).map_or("File", DrawingFile::label);
                                            view! {
                                                <a class="file-link" href=api::order_drawing_url(id, name) download=name.clone()>
                                                    {label}<span class="visually-hidden">" " {name.clone()}</span>
                                                </a>
                                            }
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <Show when=move || { count() > LINES_SHOWN }>
                <button type="button" class="button secondary" data-testid="lines-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || if expanded.get() { "Show fewer parts".to_owned() } else { format!("Show all {} parts", count()) }}
                </button>
            </Show>
            <h3 class="small-heading">"Terms of this order"</h3>
            {move || { let d = order.read(); view! { <BindingTerms terms=d.terms.clone() qc=d.qc /> } }}
        </section>
    }
}
