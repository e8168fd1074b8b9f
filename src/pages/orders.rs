//! `/orders`: My Orders, with the order just accepted called out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::api::{Order, OrderStatus};
use portal_core::format;

use crate::api::{self, ApiError};
use crate::components::icons::{CheckIcon, ClockIcon};
use crate::components::status::{Loading, api_error_view};

/// The partner's orders.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = LocalResource::new(api::orders);
    let retry = Callback::new(move |()| orders.refetch());
    let query = use_query_map();
    let accepted = Memo::new(move |_| query.read().get("accepted").and_then(|id| id.parse::<i64>().ok()));
    view! {
        <div class="page-head">
            <h1>"My orders"</h1>
            <p class="muted">"Each order must ship by its lead time date."</p>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your orders…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let list = orders.await?;
                    Ok::<_, ApiError>(view! { <OrderTable orders=list.orders accepted=accepted /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The orders as a table (cards on tablets), with the one just accepted highlighted.
#[component]
fn OrderTable(
    /// The orders, newest first.
    orders: Vec<Order>,
    /// The order just accepted, if the partner came from the board.
    accepted: Memo<Option<i64>>,
) -> impl IntoView {
    if orders.is_empty() {
        return view! {
            <div class="state state-empty" data-testid="orders-empty">
                <h2>"No orders yet"</h2>
                <p>"Accepted jobs become orders here. " <A href="/board">"Find a job on the job board"</A> "."</p>
            </div>
        }
        .into_any();
    }
    let just_accepted = {
        let orders = orders.clone();
        move || accepted.get().and_then(|id| orders.iter().find(|o| o.id == id).cloned())
    };
    view! {
        {move || just_accepted().map(|o| view! {
            <p class="banner success" role="status" data-testid="accepted-banner">
                <CheckIcon />
                <span>
                    "Job accepted. Order " <strong>{o.number.clone()}</strong> " (" {o.part_name.clone()}
                    ") is in production and must ship by " <strong>{format::date(o.lead_time)}</strong> "."
                </span>
            </p>
        })}
        <table class="orders" data-testid="orders">
            <caption class="visually-hidden">"Your orders"</caption>
            <thead>
                <tr>
                    <th scope="col">"Order"</th>
                    <th scope="col">"Part"</th>
                    <th scope="col">"Process and material"</th>
                    <th scope="col" class="num">"Qty"</th>
                    <th scope="col">"Ship by"</th>
                    <th scope="col" class="num">"Value"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|o| {
                    let highlight = move || accepted.get() == Some(o.id);
                    view! {
                        <tr data-testid="order" data-number=o.number.clone() class:highlight=highlight>
                            <td data-label="Order"><strong>{o.number.clone()}</strong></td>
                            <td data-label="Part">{o.part_name.clone()}</td>
                            <td data-label="Process and material">
                                {o.process.label()}<span class="muted small block">{o.material.label()}</span>
                            </td>
                            <td data-label="Qty" class="num">{o.quantity}</td>
                            <td data-label="Ship by" class="nowrap">
                                <time datetime=o.lead_time.to_string()>{format::date(o.lead_time)}</time>
                            </td>
                            <td data-label="Value" class="num money">{o.price.display()}</td>
                            <td data-label="Status"><StatusBadge status=o.status /></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// An order's status: a word and an icon, never colour alone.
#[component]
fn StatusBadge(
    /// The status.
    status: OrderStatus,
) -> impl IntoView {
    let icon = match status {
        OrderStatus::Completed => view! { <CheckIcon /> }.into_any(),
        OrderStatus::InProduction | OrderStatus::Shipped => view! { <ClockIcon /> }.into_any(),
    };
    view! { <span class=format!("badge badge-{}", status.slug())>{icon}{status.label()}</span> }
}
