//! Acting on a job (R-JOB-4): accept, decline with a reason and feedback, or counteroffer with a
//! price and/or ship date and a note. Each is its own dialog component over its own form; each
//! with one Idempotency-Key per decision, so "Try again" after a lost answer cannot act twice.
//! What was typed in a decline or counteroffer is kept per job on this device until it is sent.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use portal_core::account::AccountState;
use portal_core::api::BoardJob;
use portal_core::draft::counteroffer::{CounterofferDraft, CounterofferDraftStoreFields};
use portal_core::draft::decline::{DeclineDraft, DeclineDraftStoreFields};
use portal_core::format;
use portal_core::offer::{DeclineReason, FEEDBACK_MAX_CHARS, NOTE_MAX_CHARS};
use portal_core::probation::{PROBATION_COMPLETED_JOBS, Standing};

use crate::api::{self, ApiError};
use crate::components::clock::expect_clock;
use crate::components::dialog::ConfirmDialog;
use crate::components::icons::CheckIcon;
use crate::components::status::Loading;
use crate::forms::fields::{RadioGroup, TextArea, TextField};
use crate::forms::{Form, forget_draft, one_step, refused};
use crate::lazy::{ChunkMissing, load_split_when, loading_or_reconnecting};
use crate::pages::job::terms::{BindingTerms, PriceWithBonus};
use crate::session::expect_session;

/// R-JOB-10: what a dialog says when its job left the board while it was open.
pub const JUST_LEFT: &str =
    "This job has just left your board: another partner took it, or the marketplace closed it. Nothing was done.";

/// The dialog open on the board, with its job.
#[derive(Clone, Debug, PartialEq)]
pub enum Acting {
    Accept(BoardJob),
    Decline(BoardJob),
    Counter(BoardJob),
}

impl Acting {
    pub fn job(&self) -> &BoardJob {
        match self {
            Acting::Accept(j) | Acting::Decline(j) | Acting::Counter(j) => j,
        }
    }
}

/// R-JOB-5: a counteroffer is a job the partner would accept if it wins: offered unless the
/// partner could not accept it at any price (a probation partner holding its one active job, a
/// frozen account); over the value limit, the dialog asks for a price within it.
pub fn may_counteroffer(job: &BoardJob) -> bool {
    job.can_counteroffer
}

/// What every dialog shares with the board: which dialog is open, its message, and what to do
/// once a decline or counteroffer is recorded.
#[derive(Clone, Copy)]
struct Board {
    acting: RwSignal<Option<Acting>>,
    error: RwSignal<Option<String>>,
    on_done: Callback<(i64, String)>,
}

impl Board {
    fn close(self) {
        self.acting.set(None);
        self.error.set(None);
    }

    /// A decision's answer: done (the job leaves the board), refused (messages beside the
    /// fields, or the dialog's message), or not sent at all.
    fn settle(
        self,
        result: Option<Result<i64, ApiError>>,
        form: Option<crate::forms::Feedback>,
        done: &str,
        draft: &str,
    ) {
        match (result, form) {
            (Some(Ok(job_id)), _) => {
                let reference = self.acting.get_untracked().map(|a| a.job().reference.clone()).unwrap_or_default();
                forget_draft(draft);
                self.on_done.run((job_id, format!("{reference}: {done}")));
                // Last: closing disposes the dialog that runs this.
                self.acting.set(None);
            }
            (Some(Err(e)), Some(feedback)) => {
                let message = refused(feedback, &e);
                if !matches!(&e, ApiError::Problem(p) if !p.errors.is_empty()) {
                    self.error.set(message);
                }
            }
            (Some(Err(e)), None) => {
                if let Some(message) = refused_without_form(&e) {
                    self.error.set(Some(message));
                }
            }
            (None, _) => {}
        }
    }
}

fn refused_without_form(e: &ApiError) -> Option<String> {
    if matches!(e, ApiError::Unauthenticated) {
        expect_session().logged_out();
        None
    } else {
        Some(e.to_string())
    }
}

/// Whether the dialog may offer "Try again" (the answer was lost, nothing is known to be done).
fn can_retry<I: 'static, T: 'static>(action: Action<I, Result<T, ApiError>>) -> Signal<bool> {
    Signal::derive(move || action.value().with(|v| matches!(v, Some(Err(ApiError::Unreachable)))))
}

/// The three dialogs of the board. `on_done` gets the job and a message once a decline or
/// counteroffer is recorded; an accept goes to the new order.
#[component]
pub fn ActionDialogs(
    acting: RwSignal<Option<Acting>>,
    error: RwSignal<Option<String>>,
    on_done: Callback<(i64, String)>,
    /// True once the partner moves over, touches or tabs into the jobs: the dialogs are fetched
    /// then (or when one opens), not with the board.
    interested: RwSignal<bool>,
) -> impl IntoView {
    let board = Board { acting, error, on_done };
    // Opening a dialog: a check that the job is still there (the server notes the view, so the
    // partner hears if the job is taken meanwhile).
    Effect::new(move |_| {
        // The accept dialog reads the job's terms itself, which is the same check.
        let Some(id) = acting.with(|a| a.as_ref().filter(|a| !matches!(a, Acting::Accept(_))).map(|a| a.job().id))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Err(ApiError::Problem(p)) = api::job(id).await
                && p.status == 404
                && acting.get_untracked().is_some_and(|a| a.job().id == id)
            {
                error.set(Some(JUST_LEFT.to_owned()));
            }
        });
    });
    // The dialogs are a chunk of their own, fetched once the partner shows interest in the jobs.
    let wanted = Signal::derive(move || interested.get() || acting.with(Option::is_some));
    let (render, failures) = load_split_when(wanted, || Box::pin(dialogs()));
    move || {
        acting.get().map(|open| match render.get() {
            Some(render) => render(open, board),
            None => loading_or_reconnecting("Opening the dialog…", failures.get()),
        })
    }
}

/// Builds the open dialog.
type RenderDialog = fn(Acting, Board) -> AnyView;

/// The dialogs: a split point, so they and their forms are not in the first download.
#[leptos::wasm_split::wasm_split(board_dialogs, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dialogs() -> Result<RenderDialog, ChunkMissing> {
    Ok(render)
}

fn render(open: Acting, board: Board) -> AnyView {
    match open {
        Acting::Accept(job) => view! { <AcceptDialog job=job board=board /> }.into_any(),
        Acting::Decline(job) => view! { <DeclineDialog job=job board=board /> }.into_any(),
        Acting::Counter(job) => view! { <CounterofferDialog job=job board=board /> }.into_any(),
    }
}

/// The same dialogs on a page that is a chunk itself (a job's page): built there, without a
/// second download (and without a split point inside a split point).
#[component]
pub fn ActionDialogsHere(
    acting: RwSignal<Option<Acting>>,
    error: RwSignal<Option<String>>,
    on_done: Callback<(i64, String)>,
) -> impl IntoView {
    let board = Board { acting, error, on_done };
    move || acting.get().map(|open| render(open, board))
}

/// Accepting: the terms that bind, then the new order.
#[component]
fn AcceptDialog(job: BoardJob, board: Board) -> impl IntoView {
    let session = expect_session();
    let navigate = use_navigate();
    let key = api::new_idempotency_key();
    let job_id = job.id;
    let accept = Action::new_local(move |(): &()| {
        let key = key.clone();
        async move { api::accept(job_id, &key).await }
    });
    // The terms that bind, read when the dialog opens (also the check that the job is still there).
    let detail = LocalResource::new(move || api::job_detail(job_id));
    Effect::new(move |_| {
        if let Some(Err(ApiError::Problem(p))) = detail.get()
            && p.status == 404
        {
            board.error.set(Some(JUST_LEFT.to_owned()));
        }
    });
    let terms_loading = Signal::derive(move || detail.with(Option::is_none));
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(order)) => {
            board.acting.set(None);
            session.refresh();
            // Navigate once this effect has finished: leaving the page disposes the effect itself.
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(&format!("/orders?accepted={}", order.id), NavigateOptions::default());
            });
        }
        Some(Err(e)) => board.settle(Some(Err(e)), None, "", ""),
        None => {}
    });
    view! {
        <ConfirmDialog
            open=true
            title="Accept this job?"
            confirm_label="Accept job"
            pending=Signal::derive(move || accept.pending().get() || terms_loading.get())
            error=board.error
            can_retry=can_retry(accept)
            on_confirm=Callback::new(move |()| {
                accept.dispatch(());
            })
            on_cancel=Callback::new(move |()| board.close())
        >
            <p>
                <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"), "
                {job.quantity}" pcs."
            </p>
            <div data-testid="accept-bonus">
                <PriceWithBonus price=job.price bonus=job.bonus.clone() />
            </div>
            <p>
                "It becomes an order that must ship by "<strong>{format::date(job.ship_by)}</strong>
                {move || detail.get().and_then(Result::ok).map(|d| format!(" ({} days from today)", d.lead_time_days))}
                ". Accepting is a commitment: it cannot be undone here."
            </p>
            {move || match detail.get() {
                None => view! { <Loading label="Loading the terms…" /> }.into_any(),
                Some(Ok(d)) => view! {
                    <h3 class="small-heading">"You accept these terms"</h3>
                    <BindingTerms terms=d.terms qc=d.qc />
                    <p class="small"><a href=format!("/jobs/{job_id}") target="_blank">"See the job's page with its drawings (new tab)"</a></p>
                }.into_any(),
                Some(Err(_)) => ().into_any(),
            }}
        </ConfirmDialog>
    }
}

/// Declining: a reason and optional feedback; never a penalty.
#[component]
fn DeclineDialog(job: BoardJob, board: Board) -> impl IntoView {
    let job_id = job.id;
    let name = format!("decline.{job_id}");
    let (form, _) = Form::kept(name.clone(), DeclineDraft::default, DeclineDraft::errors, one_step);
    let key = api::new_idempotency_key();
    let decline = Action::new_local(move |req: &portal_core::offer::DeclineRequest| {
        let (req, key) = (req.clone(), key.clone());
        async move { api::decline(job_id, &req, &key).await.map(|_| job_id) }
    });
    Effect::new(move |_| {
        board.settle(
            decline.value().get(),
            Some(form.feedback),
            "declined. It will not come back to your board.",
            &name,
        )
    });
    let confirm = Callback::new(move |()| {
        if form.feedback.show_step(1).is_empty()
            && let Some(req) = form.draft.with_untracked(DeclineDraft::to_request)
        {
            form.feedback.set_server(vec![]);
            decline.dispatch(req);
        }
    });
    view! {
        <ConfirmDialog
            name="decline"
            open=true
            title="Decline this job?"
            confirm_label="Decline job"
            pending=decline.pending()
            error=board.error
            can_retry=can_retry(decline)
            on_confirm=confirm
            on_cancel=Callback::new(move |()| board.close())
        >
            <p>
                <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"). "
                "A declined job never comes back to your board."
            </p>
            <p class="banner info" data-testid="decline-no-penalty">
                <CheckIcon />
                <span>
                    "Declining never lowers your Partner Success Score: there is no penalty for not taking work. "
                    "Your reason and feedback go to the marketplace and help it offer you better-fitting jobs."
                </span>
            </p>
            <RadioGroup<DeclineReason, Option<DeclineReason>> name="reason" legend="Why are you declining?" field="reason"
                value=form.draft.reason() />
            <TextArea id="decline-feedback" label="Feedback for the marketplace (optional)" field="feedback"
                value=form.draft.feedback() max=FEEDBACK_MAX_CHARS />
        </ConfirmDialog>
    }
}

/// Counteroffering: a price and/or a later ship date, checked as typed with the server's rules.
#[component]
fn CounterofferDialog(job: BoardJob, board: Board) -> impl IntoView {
    let clock = expect_clock();
    let session = expect_session();
    let job_id = job.id;
    let job_price = job.price;
    let currency = job.price.currency;
    let today = move || chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default().date_naive();
    // R-JOB-5: on probation, the offer must be one the partner could accept.
    let standing = move || {
        // Before the partner is known, the server's check stands alone.
        let unknown = Standing { completed_jobs: PROBATION_COMPLETED_JOBS, active_jobs: 0 };
        session.me().map_or((AccountState::Active, unknown), |m| (m.account_state, m.standing))
    };
    let check = move |d: &CounterofferDraft| {
        let (account, standing) = standing();
        d.parse_within(job_price, today(), account, standing)
    };
    let limit = session.me().and_then(|m| m.probation).map(|p| p.max_job_value);
    let name = format!("counteroffer.{job_id}");
    let (form, _) = Form::kept(name.clone(), CounterofferDraft::default, move |d| check(d).1, one_step);
    let key = api::new_idempotency_key();
    let counter = Action::new_local(move |req: &portal_core::offer::CounterofferRequest| {
        let (req, key) = (req.clone(), key.clone());
        async move { api::counteroffer(job_id, &req, &key).await.map(|_| job_id) }
    });
    Effect::new(move |_| {
        board.settle(
            counter.value().get(),
            Some(form.feedback),
            "counteroffer sent. Follow it under Counteroffers; the job has left your board.",
            &name,
        )
    });
    let confirm = Callback::new(move |()| {
        if form.feedback.show_step(1).is_empty() {
            form.feedback.set_server(vec![]);
            counter.dispatch(form.draft.with_untracked(|d| check(d).0));
        }
    });
    view! {
        <ConfirmDialog
            name="counter"
            open=true
            title="Make a counteroffer"
            confirm_label="Send counteroffer"
            pending=counter.pending()
            error=board.error
            can_retry=can_retry(counter)
            on_confirm=confirm
            on_cancel=Callback::new(move |()| board.close())
        >
            <p>
                <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"): the job offers "
                <strong>{job.price.display()}</strong>", ship by "<strong>{format::date(job.ship_by)}</strong>". "
                "Offer a price, a later ship date, or both. If nobody accepts the job before it leaves the board, "
                "the lowest offer wins and becomes your order."
            </p>
            {limit.map(|max| view! {
                <p class="banner info" data-testid="counter-limit">
                    <span>
                        "On probation you can offer at most " <strong>{max.display()}</strong>
                        ": a counteroffer is a job you would accept if it wins."
                    </span>
                </p>
            })}
            <p class="muted small" data-testid="counter-no-penalty">
                "A counteroffer never lowers your score. If it wins, the job becomes your order: confirm its "
                "production order within 2 days to keep your engagement score."
            </p>
            <TextField id="counter-price" label=format!("Your price ({})", currency.code()) field="price"
                value=form.draft.price() inputmode="decimal" placeholder=job.price.input_text()
                hint="Leave empty to keep the job's price." />
            <TextField id="counter-ship-by" label="Your ship date" field="ship_by" input_type="date"
                value=form.draft.ship_by() min=today().succ_opt().map(|d| d.to_string()).unwrap_or_default()
                hint="Leave empty to keep the job's date." />
            <TextArea id="counter-note" label="Note (optional)" field="note" value=form.draft.note() max=NOTE_MAX_CHARS />
        </ConfirmDialog>
    }
}
