//! `/orders`: My Orders. Each order with its parts, lead time (overdue and due soon stand out),
//! stage marks and what to do next; filter by stage and sort by lead time, kept in the URL.

mod detail;
mod invoice;
mod label;
mod ship;

pub use detail::OrderPage;
pub use invoice::InvoicePage;
pub(crate) use invoice::money_list;
pub use label::LabelPage;
pub use ship::ShipPage;

use chrono::{DateTime, Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::{OrderStatus, OrderSummary};
use portal_core::order::{Stage, StageMark, Urgency, urgency};
use portal_core::{Currency, format, market_clock};

use crate::api::{self, ApiError};
use crate::components::clock::expect_clock;
use crate::components::icons::{CheckIcon, ClockIcon, WarningIcon};
use crate::components::status::{Loading, api_error_view};

/// Today on the marketplace's clock of `currency` (DOMAIN "Times"), by the server-synced clock:
/// the day lead times and deadlines are counted from.
pub(crate) fn today_in(currency: Currency) -> Signal<NaiveDate> {
    let clock = expect_clock();
    Signal::derive(move || market_clock::day(currency, DateTime::from_timestamp(clock.now(), 0).unwrap_or_default()))
}

/// Where an order waits: its first open stage; the marketplace (payment, delivery) once every
/// stage is done; closed only when it is closed (R-ORD-7).
fn waiting_at(o: &OrderSummary) -> &'static str {
    match o.order.status {
        OrderStatus::Closed => "closed",
        OrderStatus::HandedBack => "handed_back",
        OrderStatus::InProduction | OrderStatus::Shipped => {
            o.stages.iter().find(|m| !m.done).map_or("marketplace", |m| m.stage.slug())
        }
    }
}

/// Orders that need nothing more from the partner sort after the others.
fn finished(o: &OrderSummary) -> bool {
    o.order.status.is_finished()
}

/// Issue 17: open orders first and by default; closed and handed-back ones behind the filter.
const STAGE_FILTERS: [(&str, &str); 10] = [
    ("", "Open orders"),
    ("production", "Waiting at production"),
    ("quality_control", "Waiting at quality control"),
    ("shipping", "Waiting at shipping"),
    ("invoice", "Waiting at invoice"),
    ("marketplace", "Waiting for payment or delivery"),
    ("finished", "Closed and handed back"),
    ("closed", "Closed"),
    ("handed_back", "Handed back"),
    ("all", "All orders"),
];

/// Whether an order belongs under a stage filter.
fn in_filter(o: &OrderSummary, filter: &str) -> bool {
    match filter {
        "" => !finished(o),
        "all" => true,
        "finished" => finished(o),
        stage => waiting_at(o) == stage,
    }
}

/// Orders drawn at first, and added by "Show more".
const ORDERS_PAGE: usize = 20;

/// Parts listed in a row before the list is folded to a count.
const PARTS_SHOWN: usize = 2;

/// The partner's orders.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = LocalResource::new(api::orders);
    let retry = Callback::new(move |()| orders.refetch());
    let query = use_query_map();
    let accepted = Memo::new(move |_| query.read().get("accepted").and_then(|id| id.parse::<i64>().ok()));
    let stage = Memo::new(move |_| query.read().get("stage").unwrap_or_default());
    let sort = Memo::new(move |_| query.read().get("sort").unwrap_or_default());
    let navigate = use_navigate();
    let set_query = move |stage: String, sort: String| {
        // The order just accepted stays called out while the partner filters.
        let mut parts: Vec<String> = accepted.get_untracked().map(|id| format!("accepted={id}")).into_iter().collect();
        if !stage.is_empty() {
            parts.push(format!("stage={stage}"));
        }
        if !sort.is_empty() {
            parts.push(format!("sort={sort}"));
        }
        let q = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
        navigate(&format!("/orders{q}"), NavigateOptions { replace: true, ..Default::default() });
    };
    let set_stage = {
        let set_query = set_query.clone();
        move |v: String| set_query(v, sort.get_untracked())
    };
    let set_sort = move |v: String| set_query(stage.get_untracked(), v);
    view! {
        <div class="page-head">
            <h1>"My orders"</h1>
            <p class="muted">"Each order must ship by its lead time date. Open an order to work on it."</p>
        </div>
        <div class="filters" role="group" aria-label="Filter and sort orders">
            <div class="field">
                <label for="order-stage">"Stage"</label>
                <select id="order-stage" data-testid="order-stage"
                    prop:value=move || stage.get()
                    on:change=move |ev| set_stage(event_target_value(&ev))>
                    {STAGE_FILTERS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="order-sort">"Sort"</label>
                <select id="order-sort" data-testid="order-sort"
                    prop:value=move || sort.get()
                    on:change=move |ev| set_sort(event_target_value(&ev))>
                    <option value="">"Lead time, soonest first"</option>
                    <option value="newest">"Newest first"</option>
                </select>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your orders…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let list = orders.await?;
                    Ok::<_, ApiError>(view! { <OrderTable orders=list.orders accepted=accepted stage=stage sort=sort /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The orders as a table (cards on tablets), filtered and sorted by the URL.
#[component]
fn OrderTable(
    /// The orders, newest first.
    orders: Vec<OrderSummary>,
    /// The order just accepted, if the partner came from the board.
    accepted: Memo<Option<i64>>,
    /// The stage filter (`""` for all).
    stage: Memo<String>,
    /// The sort (`""` lead time, `newest`).
    sort: Memo<String>,
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
    let all = StoredValue::new(orders);
    let shown = Memo::new(move |_| {
        let stage = stage.get();
        let mut list: Vec<OrderSummary> = all.get_value().into_iter().filter(|o| in_filter(o, &stage)).collect();
        if sort.get() == "newest" {
            list.sort_by(|a, b| b.order.accepted_at.cmp(&a.order.accepted_at).then(b.order.id.cmp(&a.order.id)));
        } else {
            // Open orders by lead time, soonest first; closed ones after, latest first.
            list.sort_by_key(|o| {
                let closed = finished(o);
                (
                    closed,
                    if closed { -o.order.lead_time.num_days_from_ce() } else { o.order.lead_time.num_days_from_ce() },
                )
            });
        }
        list
    });
    let just_accepted = move || accepted.get().and_then(|id| all.get_value().into_iter().find(|o| o.order.id == id));
    // Paging: a shop with years of orders draws 20 at a time; a new filter starts again.
    let limit = RwSignal::new(ORDERS_PAGE);
    Effect::new(move |_| {
        stage.track();
        limit.set(ORDERS_PAGE);
    });
    let page = Memo::new(move |_| shown.with(|l| l.iter().take(limit.get()).cloned().collect::<Vec<_>>()));
    let closed_count = all.with_value(|l| l.iter().filter(|o| finished(o)).count());
    view! {
        {move || just_accepted().map(|o| view! {
            <p class="banner success" role="status" data-testid="accepted-banner">
                <CheckIcon />
                <span>
                    "Job accepted. Order " <strong>{o.order.number.clone()}</strong> " (" {o.order.part_name.clone()}
                    ") is in production and must ship by " <strong>{format::date(o.order.lead_time)}</strong> ". "
                    <A href=format!("/orders/{}", o.order.id)>"Open the order"</A>
                </span>
            </p>
        })}
        <p class="result-count" role="status" data-testid="order-count">
            {move || format!("{} of {} orders", shown.read().len(), all.with_value(Vec::len))}
            {move || (stage.read().is_empty() && closed_count > 0).then(|| view! {
                <span class="muted">{format!(" · {closed_count} closed or handed back under the Stage filter")}</span>
            })}
        </p>
        <Show when=move || shown.read().is_empty()>
            <div class="state state-empty" data-testid="orders-none-match">
                <h2>{move || if stage.read().is_empty() { "No open orders" } else { "No orders at this stage" }}</h2>
                <p>"Choose “All orders” under Stage to see every order, or " <A href="/board">"find a job on the job board"</A> "."</p>
            </div>
        </Show>
        <table class="orders" data-testid="orders" class:hidden=move || shown.read().is_empty()>
            <caption class="visually-hidden">"Your orders"</caption>
            <thead>
                <tr>
                    <th scope="col">"Order"</th>
                    <th scope="col">"Parts"</th>
                    <th scope="col">"Process"</th>
                    <th scope="col" class="num">"Qty"</th>
                    <th scope="col">"Lead time (ship by)"</th>
                    <th scope="col" class="num">"Value"</th>
                    <th scope="col">"Stages"</th>
                    <th scope="col">"Next"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || page.get() key=|o| o.order.id let:o>
                    <OrderRow o=o accepted=accepted />
                </For>
            </tbody>
        </table>
        <Show when=move || { shown.read().len() > limit.get() }>
            <p class="more">
                <button type="button" class="button secondary" data-testid="orders-show-more"
                    on:click=move |_| limit.update(|n| *n += ORDERS_PAGE)>
                    {move || format!("Show {} more orders", (shown.read().len() - limit.get()).min(ORDERS_PAGE))}
                </button>
            </p>
        </Show>
    }
    .into_any()
}

#[component]
fn OrderRow(o: OrderSummary, accepted: Memo<Option<i64>>) -> impl IntoView {
    let id = o.order.id;
    let lead = o.order.lead_time;
    let left = o.left_to_ship;
    let today = today_in(o.order.price.currency);
    let closed = finished(&o);
    let urgency = move || urgency(lead, today.get(), left);
    let href = format!("/orders/{id}");
    let number = o.order.number.clone();
    view! {
        <tr data-testid="order" data-number=o.order.number.clone() data-urgency=move || urgency().slug()
            class:highlight=move || accepted.get() == Some(id)
            class:overdue=move || urgency() == Urgency::Overdue && !closed>
            <td data-label="Order"><A href=href.clone() attr:class="order-link"><strong>{number}</strong></A></td>
            <td data-label="Parts"><PartNames names=o.part_names.clone() /></td>
            <td data-label="Process">
                {o.order.process.label()}<span class="muted small block">{o.order.material.label()}</span>
            </td>
            <td data-label="Qty" class="num">{o.order.quantity}</td>
            <td data-label="Lead time (ship by)" class="nowrap">
                <time datetime=lead.to_string()>{format::date(lead)}</time>
                {move || (!closed).then(|| view! { <UrgencyBadge urgency=urgency() /> })}
            </td>
            <td data-label="Value" class="num money">
                <span data-testid="order-row-value">{o.order.value().display()}</span>
                {o.order.bonus.map(|b| view! { <span class="muted small block">"incl. " {b.display()} " bonus"</span> })}
            </td>
            <td data-label="Stages"><StageMarks marks=o.stages.clone() compact=true /></td>
            <td data-label="Next">
                {if closed { o.order.status.label().to_owned() } else { o.next_step.label().to_owned() }}
            </td>
        </tr>
    }
}

/// An order's parts: a few by name; a long list folded to its count, opened on request.
#[component]
fn PartNames(names: Vec<String>) -> impl IntoView {
    if names.len() <= PARTS_SHOWN {
        return view! { <span>{names.join(", ")}</span> }.into_any();
    }
    let count = names.len();
    view! {
        <details class="part-names" data-testid="part-names">
            <summary>{format!("{count} parts: {}, …", names[0])}</summary>
            <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        </details>
    }
    .into_any()
}

/// How pressing a lead time is: a word and an icon, never colour alone.
#[component]
pub(crate) fn UrgencyBadge(urgency: Urgency) -> impl IntoView {
    let icon = match urgency {
        Urgency::Overdue | Urgency::DueSoon => view! { <WarningIcon /> }.into_any(),
        Urgency::OnTrack => view! { <ClockIcon /> }.into_any(),
        Urgency::Shipped => view! { <CheckIcon /> }.into_any(),
    };
    view! { <span class=format!("badge urgency-{}", urgency.slug()) data-testid="urgency">{icon}{urgency.label()}</span> }
}

/// R-ORD-2: the four stages, each marked done or open in words and with an icon.
#[component]
pub(crate) fn StageMarks(marks: Vec<StageMark>, #[prop(optional)] compact: bool) -> impl IntoView {
    let short = |s: Stage| match s {
        Stage::Production => "Production",
        Stage::QualityControl => "QC",
        Stage::Shipping => "Shipping",
        Stage::Invoice => "Invoice",
    };
    view! {
        <ol class="stages" class:compact=compact aria-label="Stages">
            {marks.into_iter().map(|m| view! {
                <li class:done=m.done data-testid=format!("stage-{}", m.stage.slug()) data-done=m.done.to_string()>
                    {if m.done { view! { <CheckIcon /> }.into_any() } else { view! { <span class="open-dot" aria-hidden="true"></span> }.into_any() }}
                    <span>{if compact { short(m.stage) } else { m.stage.label() }}</span>
                    <span class=if compact { "visually-hidden" } else { "stage-state" }>{if m.done { " done" } else { " open" }}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}
