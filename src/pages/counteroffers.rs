//! `/counteroffers`: My counteroffers and how they ended (R-JOB-4, R-JOB-6). Follows the live
//! stream: an award or a loss shows up without a reload.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::Counteroffer;
use portal_core::format;
use portal_core::offer::CounterofferStatus;

use crate::api::{self, ApiError};
use crate::components::icons::{CheckIcon, ClockIcon, CrossIcon};
use crate::components::live::expect_live;
use crate::components::status::{Loading, api_error_view};

#[component]
pub fn CounteroffersPage() -> impl IntoView {
    let live = expect_live();
    let offers = LocalResource::new(api::counteroffers);
    let retry = Callback::new(move |()| offers.refetch());
    Effect::new(move |first: Option<()>| {
        live.notifications.track();
        if first.is_some() {
            offers.refetch();
        }
    });
    view! {
        <div class="page-head">
            <h1>"My counteroffers"</h1>
            <p class="muted">
                "When a job leaves the board without being accepted, the lowest offer wins and becomes an order "
                "(the earlier offer wins a tie)."
            </p>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your counteroffers…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let list = offers.await?;
                    Ok::<_, ApiError>(view! { <OfferTable offers=list.counteroffers /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn OfferTable(offers: Vec<Counteroffer>) -> impl IntoView {
    if offers.is_empty() {
        return view! {
            <div class="state state-empty" data-testid="offers-empty">
                <h2>"No counteroffers yet"</h2>
                <p>
                    "When a job's price or date does not work for you, make a counteroffer from the "
                    <A href="/board">"job board"</A> "."
                </p>
            </div>
        }
        .into_any();
    }
    view! {
        <table class="orders offers" data-testid="offers">
            <caption class="visually-hidden">"Your counteroffers"</caption>
            <thead>
                <tr>
                    <th scope="col">"Job"</th>
                    <th scope="col" class="num">"Your price"</th>
                    <th scope="col">"Your ship date"</th>
                    <th scope="col">"Offered"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {offers.into_iter().map(|o| {
                    let price = o.price.map_or_else(|| format!("{} (job's)", o.job_price.display()), |p| p.display());
                    let date = o.ship_by.map_or_else(|| format!("{} (job's)", format::date(o.job_ship_by)), format::date);
                    view! {
                        <tr data-testid="offer" data-reference=o.reference.clone() data-status=o.status.slug()>
                            <td data-label="Job">
                                <span class="part-name">{o.part_name.clone()}</span>
                                <span class="muted small">" " {o.reference.clone()}</span>
                                <span class="muted small block">
                                    "Job offered " {o.job_price.display()} ", ship by " {format::date(o.job_ship_by)}
                                </span>
                                {(!o.note.is_empty()).then(|| view! { <span class="small block">"Your note: " {o.note.clone()}</span> })}
                            </td>
                            <td data-label="Your price" class="num money">{price}</td>
                            <td data-label="Your ship date" class="nowrap">{date}</td>
                            <td data-label="Offered" class="nowrap">
                                <time datetime=o.offered_at.to_rfc3339() title=crate::components::clock::local_time(o.offered_at)>
                                    {crate::components::clock::local_date(o.offered_at)}
                                </time>
                            </td>
                            <td data-label="Status">
                                <OfferStatus status=o.status />
                                {o.outcome.clone().map(|why| view! { <span class="small block muted">{why}</span> })}
                                {(o.status == CounterofferStatus::Pending).then(|| view! {
                                    <span class="small block muted">"Decided when bidding closes: " {crate::components::clock::local_time(o.closes_at)}</span>
                                })}
                                {o.order_id.map(|id| view! { <p class="small"><A href=format!("/orders/{id}") attr:class="order-link">"See the order"</A></p> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A counteroffer's status: a word and an icon, never colour alone.
#[component]
fn OfferStatus(status: CounterofferStatus) -> impl IntoView {
    let icon = match status {
        CounterofferStatus::Won => view! { <CheckIcon /> }.into_any(),
        CounterofferStatus::Pending => view! { <ClockIcon /> }.into_any(),
        CounterofferStatus::Lost => view! { <CrossIcon /> }.into_any(),
    };
    view! {
        <span class=format!("badge badge-offer-{}", status.slug()) data-testid="offer-status">{icon}{status.label()}</span>
    }
}
