//! `/board`: the jobs this partner can take, with filter and sort in the URL, live countdowns,
//! live arrivals and departures, and accept, decline or counteroffer behind dialogs.

mod actions;

pub(crate) use actions::{Acting, ActionDialogsHere, may_counteroffer};

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::{BoardJob, FrozenNotice, Me};
use portal_core::board::{BoardQuery, BoardSort};
use portal_core::capability::{Material, Process};
use portal_core::eastern;
use portal_core::format;

use crate::api::{self, ApiError};
use crate::components::clock::expect_clock;
use crate::components::icons::{ClockIcon, LockIcon, WarningIcon};
use crate::components::live::expect_live;
use crate::components::status::{Loading, api_error_panel};
use crate::session::expect_session;

/// Below this many seconds left a job is marked as closing soon.
const CLOSING_SOON_SECS: i64 = 3_600;

/// The board's query as the URL holds it.
fn query_from_url(map: &leptos_router::params::ParamsMap) -> BoardQuery {
    let values: Vec<(&str, String)> =
        ["process", "material", "sort"].into_iter().filter_map(|k| map.get(k).map(|v| (k, v))).collect();
    BoardQuery::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str())))
}

fn board_url(q: BoardQuery) -> String {
    let pairs = q.to_pairs();
    if pairs.is_empty() {
        return "/board".to_owned();
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("/board?{}", query.join("&"))
}

/// The job board page.
#[component]
pub fn BoardPage() -> impl IntoView {
    let session = expect_session();
    let clock = expect_clock();
    let navigate = use_navigate();
    let url_query = use_query_map();
    let query = Memo::new(move |_| query_from_url(&url_query.read()));
    let live = expect_live();
    let board = LocalResource::new(api::board);
    let retry = Callback::new(move |()| board.refetch());
    // The jobs shown: set by the first load, then replaced by live refreshes, so rows that stay
    // are kept (keyed by id) and only arrivals and departures change the list.
    let jobs = RwSignal::new(Vec::<BoardJob>::new());
    // A decision taken on a job's page comes back here with what was done.
    let flash = RwSignal::new(url_query.with_untracked(|q| q.get("done")));
    // Jobs that arrived live since the page opened, announced so none goes unnoticed.
    let arrived = RwSignal::new(0usize);

    let acting = RwSignal::new(None::<actions::Acting>);
    let interested = RwSignal::new(false);
    let action_error = RwSignal::new(None::<String>);
    Effect::new(move |first: Option<()>| {
        live.board.track();
        if first.is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::board().await {
                Ok(b) => {
                    clock.sync_with_server(b.server_time.timestamp());
                    // The partner may have left the board while this was loading (after an
                    // accept, say): then its signals are gone and there is nothing to update.
                    let (Some(acting_now), Some(error_now)) =
                        (acting.try_get_untracked(), action_error.try_get_untracked())
                    else {
                        return;
                    };
                    // R-JOB-10: the job in an open dialog was taken (or left): say so, do not fail later.
                    if let Some(open) = acting_now
                        && !b.jobs.iter().any(|j| j.id == open.job().id)
                        && error_now.is_none()
                    {
                        action_error.set(Some(actions::JUST_LEFT.to_owned()));
                    }
                    let Some(fresh) = jobs
                        .try_with_untracked(|old| b.jobs.iter().filter(|j| !old.iter().any(|o| o.id == j.id)).count())
                    else {
                        return;
                    };
                    if fresh > 0 {
                        arrived.update(|n| *n += fresh);
                    }
                    jobs.set(b.jobs);
                }
                Err(ApiError::Unauthenticated) => session.logged_out(),
                Err(_) => {}
            }
        });
    });
    let on_done = Callback::new(move |(job_id, message): (i64, String)| {
        jobs.update(|list| list.retain(|j| j.id != job_id));
        flash.set(Some(message));
        session.refresh();
    });
    let open_action = Callback::new(move |a: actions::Acting| {
        action_error.set(None);
        flash.set(None);
        acting.set(Some(a));
    });

    let set_query = {
        let navigate = navigate.clone();
        // A filter change keeps the partner where they are on the page.
        move |q: BoardQuery| navigate(&board_url(q), NavigateOptions { scroll: false, ..NavigateOptions::default() })
    };

    view! {
        <div class="page-head">
            <h1>"Job board"</h1>
            <p class="muted">"Jobs that match your capabilities. Each job stays on the board for 48 hours; most new jobs go live between 10:00 and 12:00 Eastern time."</p>
        </div>
        <SurgeBanner />
        {move || session.me().map(|me| view! { <StandingBanner me=me /> })}
        <Show when=move || { arrived.get() > 0 }>
            <p class="banner info" role="status" data-testid="arrived">
                <span>
                    {move || match arrived.get() {
                        1 => "1 new job arrived while you were here.".to_owned(),
                        n => format!("{n} new jobs arrived while you were here."),
                    }}
                    " " <a href="/board?sort=newest" on:click=move |_| arrived.set(0)>"Show newest first"</a>
                </span>
            </p>
        </Show>
        <Show when=move || flash.get().is_some()>
            <p class="banner success" role="status" data-testid="flash">{move || flash.get()}</p>
        </Show>
        // A frozen account has nothing to filter.
        <Show when=move || session.me().is_some_and(|me| me.frozen.is_none())>
            <Filters query=query jobs=jobs on_change=Callback::new(set_query.clone()) />
        </Show>
        // Moving over, touching or tabbing into the jobs fetches the dialogs' chunk.
        <div
            on:pointerover=move |_| interested.set(true)
            on:focusin=move |_| interested.set(true)
        >
        // Not a <Transition>: a plain match keeps the first download smaller. A retry keeps
        // what is shown until the new answer is there (the resource keeps its last value).
        {move || match board.get() {
            None => view! { <Loading label="Loading jobs…" /> }.into_any(),
            Some(Err(e)) => api_error_panel(e, retry),
            Some(Ok(b)) => {
                clock.sync_with_server(b.server_time.timestamp());
                jobs.set(b.jobs);
                match b.frozen {
                    Some(notice) => view! { <Frozen notice=notice /> }.into_any(),
                    None => view! { <JobList jobs=jobs query=query on_action=open_action /> }.into_any(),
                }
            }
        }}
        </div>
        <actions::ActionDialogs acting=acting error=action_error on_done=on_done interested=interested />
    }
}

/// R-JOB-8: during the surge window most new jobs go live; the board says so while it lasts.
#[component]
fn SurgeBanner() -> impl IntoView {
    let clock = expect_clock();
    let in_surge = move || chrono::DateTime::from_timestamp(clock.now(), 0).is_some_and(eastern::in_surge);
    view! {
        <Show when=in_surge>
            <p class="banner info surge" role="status" data-testid="surge-banner">
                <ClockIcon />
                <span>
                    <strong>"Surge hours"</strong>
                    " until 12:00 Eastern time: keep this board open, new jobs appear here as they are posted."
                </span>
            </p>
        </Show>
    }
}

/// Probation limits and the first-job deadline, so no limit comes as a surprise.
#[component]
fn StandingBanner(
    /// The logged-in partner.
    me: Me,
) -> impl IntoView {
    let probation = me.probation.filter(|_| me.frozen.is_none()).map(|p| {
        view! {
            <p class="banner info" data-testid="probation-banner">
                <LockIcon />
                <span>
                    "On probation: you can hold " {p.max_active_jobs} " active job at a time and accept jobs up to "
                    {p.max_job_value.display()} ". A job frees its slot once all its parts are picked up; "
                    {p.completed_jobs_to_go} " more shipped jobs end probation."
                </span>
            </p>
        }
    });
    let deadline = me.first_job_last_day.filter(|_| me.frozen.is_none()).map(|d| {
        view! {
            <p class="banner warning" data-testid="first-job-banner">
                <WarningIcon />
                <span>"Accept your first job by " {format::date(d)} " to keep your account active."</span>
            </p>
        }
    });
    view! { {probation} {deadline} }
}

/// Filter by process and material, and sort; every change goes into the URL.
#[component]
fn Filters(
    /// The current query.
    query: Memo<BoardQuery>,
    /// Every job on the board: the choices are the processes and materials it has.
    jobs: RwSignal<Vec<BoardJob>>,
    /// Called with the new query.
    on_change: Callback<BoardQuery>,
) -> impl IntoView {
    // Issue 17: only combinations that exist; the material list follows the process.
    let choices = Memo::new(move |_| {
        let q = query.get();
        jobs.with(|all| portal_core::board::facets(all, &q))
    });
    view! {
        <form class="filters" role="search" aria-label="Filter jobs" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="filter-process">"Process"</label>
                <select
                    id="filter-process"
                    data-testid="filter-process"
                    on:change=move |ev| {
                        let process = Process::parse(&event_target_value(&ev));
                        let mut next = BoardQuery { process, ..query.get_untracked() };
                        // A material no job of the new process has would show an empty board.
                        if let Some(m) = next.material {
                            let cleared = BoardQuery { material: None, ..next };
                            let kept = jobs.with_untracked(|all| portal_core::board::facets(all, &cleared).1);
                            if !kept.iter().any(|(k, _)| *k == m) {
                                next.material = None;
                            }
                        }
                        on_change.run(next);
                    }
                >
                    <option value="" selected=move || query.read().process.is_none()>"All processes"</option>
                    {move || choices.read().0.iter().map(|&(p, n)| {
                        view! { <option value=p.slug() selected=move || query.read().process == Some(p)>{format!("{} ({n})", p.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-material">"Material"</label>
                <select
                    id="filter-material"
                    data-testid="filter-material"
                    on:change=move |ev| {
                        let material = Material::parse(&event_target_value(&ev));
                        on_change.run(BoardQuery { material, ..query.get_untracked() });
                    }
                >
                    <option value="" selected=move || query.read().material.is_none()>"All materials"</option>
                    {move || choices.read().1.iter().map(|&(m, n)| {
                        view! { <option value=m.slug() selected=move || query.read().material == Some(m)>{format!("{} ({n})", m.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sort">"Sort by"</label>
                <select
                    id="sort"
                    data-testid="sort"
                    on:change=move |ev| {
                        let sort = BoardSort::parse(&event_target_value(&ev)).unwrap_or_default();
                        on_change.run(BoardQuery { sort, ..query.get_untracked() });
                    }
                >
                    {BoardSort::ALL.into_iter().map(|s| view! {
                        <option value=s.slug() selected=move || query.read().sort == s>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        </form>
    }
}

/// R-ACC-3: a frozen account sees why and whom to contact instead of jobs.
#[component]
fn Frozen(
    /// The server's explanation.
    notice: FrozenNotice,
) -> impl IntoView {
    let mailto = format!("mailto:{}", notice.contact_email);
    view! {
        <section class="state state-frozen" data-testid="frozen-notice" aria-labelledby="frozen-title">
            <h2 id="frozen-title"><LockIcon />" Your account is frozen"</h2>
            <p>{notice.reason}</p>
            <p>"To reactivate it, write to the partner team at " <a href=mailto>{notice.contact_email.clone()}</a> "."</p>
        </section>
    }
}

/// Rows shown at first, and added by "Show more": a board of thousands stays quick to draw.
const PAGE: usize = 20;

/// The jobs, filtered and sorted in the browser from one load of the board.
#[component]
fn JobList(
    /// Every job on the board.
    jobs: RwSignal<Vec<BoardJob>>,
    /// The filter and sort.
    query: Memo<BoardQuery>,
    /// Opens a job's dialog.
    on_action: Callback<actions::Acting>,
) -> impl IntoView {
    let total = Memo::new(move |_| jobs.read().len());
    // Positions of the jobs in sort order, worked out when the jobs or the sort change (not on
    // every filter change), then of the matching ones: no job is copied to filter or sort.
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let sorted = Memo::new(move |_| jobs.with(|all| sort.get().positions(all)));
    let order = Memo::new(move |_| {
        let q = query.get();
        jobs.with(|all| sorted.with(|sorted| q.matching(all, sorted)))
    });
    let shown = RwSignal::new(PAGE);
    let page = Memo::new(move |_| {
        let positions = order.read();
        let n = shown.get().min(positions.len());
        jobs.with(|all| positions[..n].iter().filter_map(|&i| all.get(i).cloned()).collect::<Vec<BoardJob>>())
    });
    let filtered = move || query.read().process.is_some() || query.read().material.is_some();
    let empty = move || {
        if total.get() == 0 {
            view! {
                <div class="state state-empty" data-testid="board-empty">
                    <h2>"No jobs for you right now"</h2>
                    <p>"New jobs that match your capabilities appear here as they are posted. Most go live between 10:00 and 12:00 Eastern time."</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="state state-empty" data-testid="board-empty">
                    <h2>"No jobs match these filters"</h2>
                    <p>
                        {move || if filtered() { "Try another process or material, or " } else { "" }}
                        <a href="/board">"show all jobs"</a>"."
                    </p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <p class="result-count" role="status" data-testid="result-count">
            {move || format!("{} of {} jobs", order.read().len(), total.get())}
        </p>
        <Show when=move || !order.read().is_empty() fallback=empty>
            <table class="jobs" data-testid="jobs">
                <caption class="visually-hidden">"Jobs on your board"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Part"</th>
                        <th scope="col">"Process and material"</th>
                        <th scope="col" class="num">"Qty"</th>
                        <th scope="col">"Ship by"</th>
                        <th scope="col" class="num">"Price"</th>
                        <th scope="col">"Time left"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    // A row is drawn again when its bonus or acceptability changes (a decision
                    // moved the score's tier, a slot freed): every row follows the score live.
                    <For each=move || page.get() key=|job| (job.id, job.bonus.as_ref().map(|b| b.amount.amount_minor), job.can_accept) let:job>
                        <JobRow job=job on_action=on_action />
                    </For>
                </tbody>
            </table>
            <Show when=move || { order.read().len() > shown.get() }>
                <p class="more">
                    <button
                        type="button"
                        class="button secondary"
                        data-testid="show-more"
                        on:click=move |_| shown.update(|n| *n += PAGE)
                    >
                        {move || format!("Show {} more", (order.read().len() - shown.get()).min(PAGE))}
                    </button>
                </p>
            </Show>
        </Show>
    }
}

/// One job: what, how many, by when, for how much, time left, and accept or why not.
#[component]
fn JobRow(
    /// The job.
    job: BoardJob,
    /// Opens a job's dialog.
    on_action: Callback<actions::Acting>,
) -> impl IntoView {
    let clock = expect_clock();
    let closes = job.closes_at.timestamp();
    let left = move || closes - clock.now();
    let closing_soon = move || left() < CLOSING_SOON_SECS;
    let matched = job.matched.join(" · ");
    // Shown while the job is on the board; once its time is up it says so instead.
    let action = {
        let job = job.clone();
        move || {
            // One button per action, named with the job for screen readers.
            let button = |label: &'static str,
                          testid: &'static str,
                          class: &'static str,
                          kind: fn(BoardJob) -> actions::Acting| {
                let job = job.clone();
                let reference = job.reference.clone();
                view! {
                    <button
                        type="button"
                        class=class
                        data-testid=testid
                        on:click=move |_| on_action.run(kind(job.clone()))
                    >
                        {label}
                        <span class="visually-hidden">" " {reference}</span>
                    </button>
                }
            };
            let accept_or_reason = if job.can_accept {
                button("Accept", "accept", "button primary", actions::Acting::Accept).into_any()
            } else {
                let reason = job.blocked.as_ref().map(|b| b.message.clone()).unwrap_or_default();
                view! { <p class="blocked" data-testid="blocked-reason"><LockIcon /><span>{reason}</span></p> }
                    .into_any()
            };
            view! {
                <div class="job-actions">
                    {accept_or_reason}
                    {actions::may_counteroffer(&job).then(|| button("Counteroffer", "counteroffer", "button secondary", actions::Acting::Counter))}
                    {button("Decline", "decline", "button secondary", actions::Acting::Decline)}
                </div>
            }
        }
    };
    let still_on_board = move || left() > 0;
    let left_the_board = || {
        view! {
            <p class="blocked" data-testid="closed">
                <ClockIcon />
                <span>"This job has left the board."</span>
            </p>
        }
    };
    view! {
        <tr data-testid="job" data-reference=job.reference.clone() class:closing-soon=closing_soon>
            <td data-label="Part">
                <a class="part-name" href=format!("/jobs/{}", job.id) data-testid="job-link">{job.part_name.clone()}</a>
                <span class="muted small">" " {job.reference.clone()}</span>
                <span class="matched small" title="Your capabilities this job matched">"Matches: " {matched}</span>
            </td>
            <td data-label="Process and material">
                {job.process.label()}
                <span class="muted small block">{job.material.label()} " · " {job.finish.label()}</span>
            </td>
            <td data-label="Qty" class="num">{job.quantity}</td>
            <td data-label="Ship by" class="nowrap">
                <time datetime=job.ship_by.to_string() title=job.ship_by.to_string()>{format::date(job.ship_by)}</time>
            </td>
            <td data-label="Price" class="num money">
                <span data-testid="price">{job.price.display()}</span>
                // R-JOB-7: the bonus apart from the base price, and the total.
                {job.bonus.clone().map(|b| view! {
                    <span class="bonus small block" data-testid="bonus">
                        "+ " {b.amount.display()} " bonus (" {b.percent.short()} "%)"
                    </span>
                    <span class="small block" data-testid="total">"Total " <strong>{b.total.display()}</strong></span>
                })}
            </td>
            <td data-label="Time left">
                <span class="countdown" title=crate::components::clock::local_time(job.closes_at) data-testid="time-left">
                    {move || if closing_soon() { view! { <WarningIcon /> }.into_any() } else { view! { <ClockIcon /> }.into_any() }}
                    <span>{move || format::time_left(left())}</span>
                </span>
                <Show when=closing_soon>
                    <span class="closing-soon-label small block">"Closing soon"</span>
                </Show>
            </td>
            <td class="action">
                <Show when=still_on_board fallback=left_the_board>
                    {action.clone()}
                </Show>
            </td>
        </tr>
    }
}
