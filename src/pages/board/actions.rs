//! Acting on a job (R-JOB-4): accept, decline with a reason and feedback, or counteroffer with a
//! price and/or ship date and a note. Each behind its dialog; each with one Idempotency-Key per
//! decision, so "Try again" after a lost answer cannot act twice.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use portal_core::api::{BoardJob, FieldError};
use portal_core::format;
use portal_core::offer::{
    CounterofferRequest, DeclineReason, DeclineRequest, FEEDBACK_MAX_CHARS, NOTE_MAX_CHARS, validate_counteroffer,
    validate_decline,
};
use portal_core::{Currency, Money};

use crate::api::{self, ApiError};
use crate::components::clock::expect_clock;
use crate::components::dialog::ConfirmDialog;
use crate::components::field::CountedTextArea;
use crate::components::icons::CheckIcon;
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

/// The three dialogs of the board. `on_done` gets the job and a message once a decline or
/// counteroffer is recorded; an accept goes to the new order.
#[component]
pub fn ActionDialogs(
    acting: RwSignal<Option<Acting>>,
    error: RwSignal<Option<String>>,
    on_done: Callback<(i64, String)>,
) -> impl IntoView {
    let session = expect_session();
    let clock = expect_clock();
    let navigate = use_navigate();
    let key = RwSignal::new(String::new());
    // Fields keep what was typed per job: closing and reopening a dialog loses nothing.
    let drafts_for = RwSignal::new(None::<i64>);
    let reason = RwSignal::new(None::<DeclineReason>);
    let feedback = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let ship_by = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let show_all_errors = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());

    // Opening a dialog: a fresh key, the job's drafts, and a check that it is still there (the
    // server notes the view, so the partner hears if the job is taken meanwhile).
    Effect::new(move |_| {
        let Some(open) = acting.get() else { return };
        let id = open.job().id;
        key.set(api::new_idempotency_key());
        show_all_errors.set(false);
        server_errors.set(vec![]);
        if drafts_for.get_untracked() != Some(id) {
            drafts_for.set(Some(id));
            reason.set(None);
            feedback.set(String::new());
            price.set(String::new());
            ship_by.set(String::new());
            note.set(String::new());
        }
        leptos::task::spawn_local(async move {
            if let Err(ApiError::Problem(p)) = api::job(id).await
                && p.status == 404
                && acting.get_untracked().is_some_and(|a| a.job().id == id)
            {
                error.set(Some(JUST_LEFT.to_owned()));
            }
        });
    });

    let accept = Action::new_local(|(job_id, key): &(i64, String)| {
        let (job_id, key) = (*job_id, key.clone());
        async move { api::accept(job_id, &key).await }
    });
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(order)) => {
            acting.set(None);
            session.refresh();
            // Navigate once this effect has finished: leaving the page disposes the effect itself.
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(&format!("/orders?accepted={}", order.id), NavigateOptions::default());
            });
        }
        Some(Err(ApiError::Unauthenticated)) => session.logged_out(),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });

    let decline = Action::new_local(|(job_id, req, key): &(i64, DeclineRequest, String)| {
        let (job_id, req, key) = (*job_id, req.clone(), key.clone());
        async move { api::decline(job_id, &req, &key).await.map(|_| job_id) }
    });
    let counter = Action::new_local(|(job_id, req, key): &(i64, CounterofferRequest, String)| {
        let (job_id, req, key) = (*job_id, req.clone(), key.clone());
        async move { api::counteroffer(job_id, &req, &key).await.map(|_| job_id) }
    });
    let finish = move |result: Option<Result<i64, ApiError>>, done: &'static str| match result {
        Some(Ok(job_id)) => {
            let reference = acting.get_untracked().map(|a| a.job().reference.clone()).unwrap_or_default();
            acting.set(None);
            drafts_for.set(None);
            on_done.run((job_id, format!("{reference}: {done}")));
        }
        Some(Err(ApiError::Unauthenticated)) => session.logged_out(),
        Some(Err(ApiError::Problem(p))) if !p.errors.is_empty() => server_errors.set(p.errors),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    };
    Effect::new(move |_| finish(decline.value().get(), "declined. It will not come back to your board."));
    Effect::new(move |_| {
        finish(counter.value().get(), "counteroffer sent. Follow it under Counteroffers; the job has left your board.")
    });

    let close = Callback::new(move |()| {
        acting.set(None);
        error.set(None);
    });
    let can_retry = Signal::derive(move || {
        [accept.value().get().map(|r| r.map(|_| 0)), decline.value().get(), counter.value().get()]
            .into_iter()
            .any(|r| matches!(r, Some(Err(ApiError::Unreachable))))
    });
    let is = move |kind: fn(&Acting) -> bool| Signal::derive(move || acting.read().as_ref().is_some_and(kind));
    let job = move || acting.get().map(|a| a.job().clone());
    let currency = move || job().map_or(Currency::Usd, |j| j.price.currency);
    let today = move || chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default().date_naive();

    // The decline form's errors: the shared rulebook check, plus a reason must be chosen (the
    // request cannot even be written without one).
    let decline_request =
        move || reason.get().map(|reason| DeclineRequest { reason, feedback: feedback.get().trim().to_owned() });
    let decline_errors = Memo::new(move |_| {
        let typed = DeclineRequest { reason: reason.get().unwrap_or(DeclineReason::Other), feedback: feedback.get() };
        let mut errors = validate_decline(&typed);
        if reason.read().is_none() {
            errors.insert(0, FieldError::new("reason", "required", "Choose why you decline this job."));
        }
        errors
    });

    // The counteroffer as typed, checked as the partner types with the server's own rules.
    let counter_parsed = Memo::new(move |_| {
        let mut errors = Vec::new();
        let price_text = price.get();
        let price_value = if price_text.trim().is_empty() {
            None
        } else {
            match Money::parse_amount(&price_text, currency()) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(FieldError::new("price", "invalid", e.to_string()));
                    None
                }
            }
        };
        let date_text = ship_by.get();
        let date_value = if date_text.is_empty() {
            None
        } else {
            match chrono::NaiveDate::parse_from_str(&date_text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new("ship_by", "invalid", "Enter a date like 2026-12-04."));
                    None
                }
            }
        };
        let req = CounterofferRequest { price: price_value, ship_by: date_value, note: note.get().trim().to_owned() };
        // A price or date that did not parse is already named; do not also ask for "one of them".
        let typed_something = !price_text.trim().is_empty() || !date_text.is_empty();
        errors.extend(
            validate_counteroffer(&req, currency(), today())
                .into_iter()
                .filter(|e| !(typed_something && e.code == "required")),
        );
        (req, errors)
    });

    let field_error = move |field: &'static str, typed: Signal<bool>, errors: Signal<Vec<FieldError>>| {
        move || {
            let shown = show_all_errors.get() || typed.get();
            let local = errors.read().iter().find(|e| e.field == field).map(|e| e.message.clone());
            let server = server_errors.read().iter().find(|e| e.field == field).map(|e| e.message.clone());
            local.filter(|_| shown).or(server)
        }
    };
    let counter_errors = Signal::derive(move || counter_parsed.read().1.clone());
    let decline_errs = Signal::derive(move || decline_errors.get());
    let price_error = field_error("price", Signal::derive(move || !price.read().is_empty()), counter_errors);
    let date_error = field_error("ship_by", Signal::derive(move || !ship_by.read().is_empty()), counter_errors);
    let note_error = field_error("note", Signal::derive(move || !note.read().is_empty()), counter_errors);
    let reason_error = field_error("reason", Signal::derive(|| false), decline_errs);
    let feedback_error = field_error("feedback", Signal::derive(move || !feedback.read().is_empty()), decline_errs);

    let confirm_accept = Callback::new(move |()| {
        if let Some(j) = job() {
            accept.dispatch((j.id, key.get_untracked()));
        }
    });
    let confirm_decline = Callback::new(move |()| {
        show_all_errors.set(true);
        server_errors.set(vec![]);
        if let (Some(j), Some(req)) = (job(), decline_request())
            && decline_errors.read_untracked().is_empty()
        {
            decline.dispatch((j.id, req, key.get_untracked()));
        }
    });
    let confirm_counter = Callback::new(move |()| {
        show_all_errors.set(true);
        server_errors.set(vec![]);
        let (req, errors) = counter_parsed.get_untracked();
        if let Some(j) = job()
            && errors.is_empty()
        {
            counter.dispatch((j.id, req, key.get_untracked()));
        }
    });

    view! {
        <ConfirmDialog
            open=is(|a| matches!(a, Acting::Accept(_)))
            title="Accept this job?"
            confirm_label="Accept job"
            pending=accept.pending()
            error=error
            can_retry=can_retry
            on_confirm=confirm_accept
            on_cancel=close
        >
            {move || job().map(|job| view! {
                <p>
                    <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"), "
                    {job.quantity}" pcs for "<strong>{job.price.display()}</strong>"."
                </p>
                {job.bonus.clone().map(|b| view! {
                    <p data-testid="accept-bonus">
                        "With your bonus of +" {b.percent.short()} "% (" {b.amount.display()} "), the order pays "
                        <strong>{b.total.display()}</strong> "."
                    </p>
                })}
                <p>
                    "It becomes an order that must ship by "<strong>{format::date(job.ship_by)}</strong>
                    ". Accepting is a commitment: it cannot be undone here."
                </p>
            })}
        </ConfirmDialog>

        <ConfirmDialog
            name="decline"
            open=is(|a| matches!(a, Acting::Decline(_)))
            title="Decline this job?"
            confirm_label="Decline job"
            pending=decline.pending()
            error=error
            can_retry=can_retry
            on_confirm=confirm_decline
            on_cancel=close
        >
            {move || job().map(|job| view! {
                <p>
                    <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"). "
                    "A declined job never comes back to your board."
                </p>
            })}
            <p class="banner info" data-testid="decline-no-penalty">
                <CheckIcon />
                <span>
                    "Declining never lowers your Partner Success Score: there is no penalty for not taking work. "
                    "Your reason and feedback go to the marketplace and help it offer you better-fitting jobs."
                </span>
            </p>
            <fieldset class="choices" aria-describedby="reason-error">
                <legend>"Why are you declining?"</legend>
                {DeclineReason::ALL.into_iter().map(|r| view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="decline-reason"
                            value=r.slug()
                            data-testid=format!("reason-{}", r.slug())
                            prop:checked=move || reason.get() == Some(r)
                            on:change=move |_| reason.set(Some(r))
                        />
                        <span>{r.label()}</span>
                    </label>
                }).collect_view()}
                <p id="reason-error" class="field-error" data-testid="reason-error">{reason_error}</p>
            </fieldset>
            <CountedTextArea
                id="decline-feedback"
                label="Feedback for the marketplace (optional)"
                max=FEEDBACK_MAX_CHARS
                value=feedback
                error=Signal::derive(feedback_error)
                error_testid="feedback-error"
            />
        </ConfirmDialog>

        <ConfirmDialog
            name="counter"
            open=is(|a| matches!(a, Acting::Counter(_)))
            title="Make a counteroffer"
            confirm_label="Send counteroffer"
            pending=counter.pending()
            error=error
            can_retry=can_retry
            on_confirm=confirm_counter
            on_cancel=close
        >
            {move || job().map(|job| view! {
                <p>
                    <strong>{job.part_name.clone()}</strong>" ("{job.reference.clone()}"): the job offers "
                    <strong>{job.price.display()}</strong>", ship by "<strong>{format::date(job.ship_by)}</strong>". "
                    "Offer a price, a later ship date, or both. If nobody accepts the job before it leaves the board, "
                    "the lowest offer wins and becomes your order."
                </p>
            })}
            <p class="muted small" data-testid="counter-no-penalty">
                "A counteroffer never lowers your score. If it wins, the job becomes your order: confirm its "
                "production order within 2 days to keep your engagement score."
            </p>
            <div class="field">
                <label for="counter-price">{move || format!("Your price ({})", currency().code())}</label>
                <input
                    id="counter-price"
                    data-testid="counter-price"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder=move || job().map(|j| j.price.input_text()).unwrap_or_default()
                    aria-describedby="counter-price-hint counter-price-error"
                    aria-invalid=move || price_error().is_some().to_string()
                    prop:value=move || price.get()
                    on:input=move |ev| price.set(event_target_value(&ev))
                />
                <p id="counter-price-hint" class="muted small">"Leave empty to keep the job's price."</p>
                <p id="counter-price-error" class="field-error" data-testid="price-error">{price_error}</p>
            </div>
            <div class="field">
                <label for="counter-ship-by">"Your ship date"</label>
                <input
                    id="counter-ship-by"
                    data-testid="counter-ship-by"
                    type="date"
                    min=move || today().succ_opt().map(|d| d.to_string()).unwrap_or_default()
                    aria-describedby="counter-ship-by-hint counter-ship-by-error"
                    aria-invalid=move || date_error().is_some().to_string()
                    prop:value=move || ship_by.get()
                    on:input=move |ev| ship_by.set(event_target_value(&ev))
                />
                <p id="counter-ship-by-hint" class="muted small">"Leave empty to keep the job's date."</p>
                <p id="counter-ship-by-error" class="field-error" data-testid="ship-by-error">{date_error}</p>
            </div>
            <CountedTextArea
                id="counter-note"
                label="Note (optional)"
                max=NOTE_MAX_CHARS
                value=note
                error=Signal::derive(note_error)
                error_testid="note-error"
            />
        </ConfirmDialog>
    }
}
