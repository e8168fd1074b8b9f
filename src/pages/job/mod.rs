//! `/jobs/{id}`: one job on the board with everything accepting it binds the partner to: the
//! part (size in the partner's units, material, finish, quantity), the terms (tolerances, notes,
//! delivery, QC), the lead time in days, the marketplace's drawings and model to download, and
//! the board's actions. Notifications about a new job link here.

pub mod terms;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_core::api::JobDetail;
use portal_core::format;
use portal_core::job::DrawingFile;

use crate::api::{self, ApiError};
use crate::components::clock::{expect_clock, local_time};
use crate::components::icons::{ClockIcon, LockIcon};
use crate::components::status::{Loading, api_error_panel};
use crate::pages::board::{Acting, ActionDialogsHere, may_counteroffer};
use crate::session::expect_session;
use terms::{BindingTerms, PriceWithBonus};

#[component]
pub fn JobPage() -> impl IntoView {
    let id = crate::routes::use_route().job_id().unwrap_or(0);
    let detail = LocalResource::new(move || api::job_detail(id));
    let retry = Callback::new(move |()| detail.refetch());
    view! {
        <p class="back"><A href="/board">"← Job board"</A></p>
        {move || match detail.get() {
            None => view! { <Loading label="Loading the job…" /> }.into_any(),
            Some(Err(ApiError::Problem(p))) if p.status == 404 => view! { <NotOnBoard /> }.into_any(),
            Some(Err(e)) => api_error_panel(e, retry),
            Some(Ok(d)) => view! { <JobView detail=d /> }.into_any(),
        }}
    }
}

/// A job that is not (or no longer) on the partner's board.
#[component]
fn NotOnBoard() -> impl IntoView {
    view! {
        <div class="state state-empty" data-testid="job-gone">
            <h1>"This job is not on your board"</h1>
            <p>
                "Another partner may have taken it, it may have left the board after 48 hours, or you "
                "accepted, declined or counteroffered it already. Jobs you accepted are under "
                <A href="/orders">"My orders"</A> "; your offers under " <A href="/counteroffers">"Counteroffers"</A> "."
            </p>
            <p><A href="/board">"See the jobs on your board"</A></p>
        </div>
    }
}

#[component]
fn JobView(detail: JobDetail) -> impl IntoView {
    let session = expect_session();
    let clock = expect_clock();
    let navigate = use_navigate();
    let job = detail.job.clone();
    let units = move || session.me().map(|m| m.display.units).unwrap_or(portal_core::units::Units::Metric);
    let closes = job.closes_at.timestamp();
    let left = move || closes - clock.now();
    // The board's dialogs, on this page.
    let acting = RwSignal::new(None::<Acting>);
    let error = RwSignal::new(None::<String>);
    let on_done = Callback::new(move |(_, message): (i64, String)| {
        session.refresh();
        navigate(&format!("/board?done={}", String::from(js_sys::encode_uri_component(&message))), Default::default());
    });
    let open = move |a: fn(portal_core::api::BoardJob) -> Acting| {
        let job = detail.job.clone();
        move |_| {
            error.set(None);
            acting.set(Some(a(job.clone())));
        }
    };
    let job_id = job.id;
    let size = job.part_size;
    let drawings = detail.drawings.clone();
    view! {
        <div class="page-head">
            <h1 data-testid="job-title">{job.part_name.clone()} <span class="muted">" " {job.reference.clone()}</span></h1>
            <p class="order-facts">
                <span>{job.process.label()} " · " {job.material.label()}</span>
                <span class="countdown" data-testid="job-time-left" title=local_time(job.closes_at)>
                    <ClockIcon /><span>{move || format::time_left(left())}</span>
                </span>
            </p>
        </div>
        <div class="job-layout">
            <section class="panel" aria-labelledby="part-title" data-testid="job-part">
                <h2 id="part-title">"The part"</h2>
                <dl class="terms-list">
                    <dt>"Quantity"</dt><dd data-testid="job-quantity">{job.quantity} " pcs"</dd>
                    <dt>"Size"</dt><dd data-testid="job-size">{move || size.display_in(units())}</dd>
                    <dt>"Process"</dt><dd>{job.process.label()}</dd>
                    <dt>"Material"</dt><dd>{job.material.label()}</dd>
                    <dt>"Finish"</dt><dd>{job.finish.label()}</dd>
                    <dt>"Certifications"</dt>
                    <dd>{if job.certifications.is_empty() {
                        "None required".to_owned()
                    } else {
                        job.certifications.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")
                    }}</dd>
                    <dt>"Matched"</dt><dd class="small">{job.matched.join(" · ")}</dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="pay-title">
                <h2 id="pay-title">"Pay and deadline"</h2>
                <PriceWithBonus price=job.price bonus=job.bonus.clone() />
                <p>
                    "Ship by " <strong><time datetime=job.ship_by.to_string()>{format::date(job.ship_by)}</time></strong>
                    <span data-testid="job-lead-days">{format!(" (lead time {} days from today)", detail.lead_time_days)}</span>
                </p>
                <p class="muted small" data-testid="job-closes">"On the board until " {local_time(job.closes_at)} "."</p>
            </section>
        </div>
        <section class="panel" aria-labelledby="terms-title" data-testid="job-terms">
            <h2 id="terms-title">"Terms you accept"</h2>
            <BindingTerms terms=detail.terms.clone() qc=detail.qc />
        </section>
        <section class="panel" aria-labelledby="drawings-title" data-testid="job-drawings">
            <h2 id="drawings-title">"Drawings and model"</h2>
            <ul class="downloads">
                {drawings.into_iter().map(|name| {
                    let label = DrawingFile::from_name(&name).map_or("File", DrawingFile::label);
                    view! {
                        <li>
                            <a class="button secondary" href=api::job_drawing_url(job_id, &name) download=name.clone()
                                data-testid="drawing">
                                "Download " {label}
                                <span class="muted small">" " {name.clone()}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <div class="job-page-actions" data-testid="job-actions">
            {if job.can_accept {
                view! {
                    <button type="button" class="button primary" data-testid="accept" on:click=open(Acting::Accept)>
                        "Accept job"
                    </button>
                }.into_any()
            } else {
                let reason = job.blocked.as_ref().map(|b| b.message.clone()).unwrap_or_default();
                view! { <p class="blocked" data-testid="blocked-reason"><LockIcon /><span>{reason}</span></p> }.into_any()
            }}
            {may_counteroffer(&job).then(|| view! {
                <button type="button" class="button secondary" data-testid="counteroffer" on:click=open(Acting::Counter)>
                    "Counteroffer"
                </button>
            })}
            <button type="button" class="button secondary" data-testid="decline" on:click=open(Acting::Decline)>
                "Decline"
            </button>
        </div>
        <ActionDialogsHere acting=acting error=error on_done=on_done />
    }
}
