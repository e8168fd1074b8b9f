//! The one wizard controller: the step comes from the URL (`?step=N`, so back and forward and a
//! reload work), a later step is shown only when every step before it is complete, "Continue"
//! shows a step's messages and moves on only when it has none, and a refused submit sends the
//! server's messages to their fields and the partner to the first one's step. Focus moves to the
//! step's heading whenever the step changes, so keyboard and screen-reader users start there.

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::FieldError;

use super::{Feedback, refused};
use crate::api::ApiError;
use crate::components::icons::CheckIcon;

/// A wizard's state and moves. Copy: hand it to every button.
#[derive(Clone, Copy)]
pub struct Wizard {
    /// The step shown, counted from 1 (the last is the review).
    pub step: Memo<usize>,
    /// The steps, the review included.
    pub last: usize,
    /// The step's heading, focused when the step changes.
    pub heading: NodeRef<html::H2>,
    feedback: Feedback,
    navigate: Callback<usize>,
}

impl Wizard {
    /// A wizard at `path` (its URL without the query) with `last` steps. `held(step)` says a
    /// step cannot be left for a reason other than its messages (bank details typed but not
    /// saved, say).
    pub fn new(
        path: String,
        last: usize,
        feedback: Feedback,
        held: impl Fn(usize) -> bool + Send + Sync + 'static,
    ) -> Wizard {
        let query = use_query_map();
        let requested = Memo::new(move |_| {
            query
                .read()
                .get("step")
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|s| (1..=last).contains(s))
                .unwrap_or(1)
        });
        let step = Memo::new(move |_| {
            let want = requested.get();
            (1..want).find(|s| !feedback.step_errors(*s).is_empty() || held(*s)).unwrap_or(want)
        });
        let navigate = use_navigate();
        let navigate = Callback::new(move |n: usize| navigate(&format!("{path}?step={n}"), NavigateOptions::default()));
        let wizard = Wizard { step, last, heading: NodeRef::new(), feedback, navigate };
        wizard.focus_heading_on_change();
        wizard
    }

    fn focus_heading_on_change(self) {
        Effect::new(move |previous: Option<usize>| {
            let now = self.step.get();
            if previous.is_some_and(|p| p != now) {
                self.focus_heading();
            }
            now
        });
    }

    pub fn focus_heading(self) {
        if let Some(h) = self.heading.get_untracked() {
            let _ = h.focus();
        }
    }

    pub fn go(self, step: usize) {
        self.navigate.run(step);
    }

    pub fn back(self) {
        self.go(self.step.get_untracked().saturating_sub(1).max(1));
    }

    /// "Continue" pressed: the step's messages show. Returns whether it is complete; if not,
    /// focus goes to the step's heading (the messages follow it).
    pub fn check_step(self) -> bool {
        let complete = self.feedback.show_step(self.step.get_untracked()).is_empty();
        if !complete {
            self.focus_heading();
        }
        complete
    }

    /// "Continue": on to the next step when this one is complete.
    pub fn next(self) {
        if self.check_step() {
            self.go(self.step.get_untracked() + 1);
        }
    }

    /// A refused request: the server's messages to their fields and the partner to the first
    /// one's step; a lost session once, for every wizard. Returns the wizard's message.
    pub fn refused(self, error: &ApiError) -> Option<String> {
        let fields: Vec<FieldError> = match error {
            ApiError::Problem(p) => p.errors.clone(),
            _ => Vec::new(),
        };
        let message = refused(self.feedback, error);
        match self.feedback.step_of_first(&fields) {
            Some(step) if step != self.step.get_untracked() => self.go(step),
            Some(_) => self.focus_heading(),
            None => {}
        }
        message
    }
}

/// The steps, with the current one marked for screen readers and the finished ones ticked.
#[component]
pub fn Stepper(
    /// The steps' names, in order.
    steps: &'static [&'static str],
    /// The current step, counted from 1.
    #[prop(into)]
    current: Signal<usize>,
) -> impl IntoView {
    view! {
        <ol class="stepper" data-testid="stepper">
            {steps.iter().enumerate().map(|(i, name)| {
                let n = i + 1;
                let state = move || match current.get() {
                    c if c == n => "current",
                    c if c > n => "done",
                    _ => "todo",
                };
                view! {
                    <li class=move || format!("step {}", state()) aria-current=move || (state() == "current").then_some("step")>
                        <span class="step-no" aria-hidden="true">
                            {move || if state() == "done" { view! { <CheckIcon /> }.into_any() } else { n.into_any() }}
                        </span>
                        <span>
                            {*name}
                            <span class="visually-hidden">{move || match state() {
                                "done" => ", done",
                                "current" => ", current step",
                                _ => "",
                            }}</span>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Back, Continue and, on the last step, the button that sends; with the wizard's message.
#[component]
pub fn WizardButtons(
    wizard: Wizard,
    /// Runs on "Continue" (usually `wizard.next()`).
    on_continue: Callback<()>,
    /// True while "Continue" waits for the server (saving bank details, say).
    #[prop(optional, into)]
    continuing: Signal<bool>,
    /// What "Continue" says meanwhile.
    #[prop(optional)]
    continuing_label: Option<&'static str>,
    /// The sending button's words, test id and words while it sends.
    send_label: &'static str,
    send_testid: &'static str,
    sending_label: &'static str,
    #[prop(into)] sending: Signal<bool>,
    on_send: Callback<()>,
    /// The message after a refused send; its test id.
    #[prop(into)]
    error: Signal<Option<String>>,
    error_testid: &'static str,
) -> impl IntoView {
    let step = wizard.step;
    let last = wizard.last;
    // The bar below sticks to the bottom: fields reached from the keyboard are kept clear of it.
    crate::forms::sticky::keep_focus_clear_of_sticky_bars();
    view! {
        <p class="field-error" role="alert" data-testid=error_testid>{move || error.get()}</p>
        <div class="form-actions">
            <button type="button" class="button secondary" on:click=move |_| wizard.back()
                class:hidden=move || step.get() == 1 data-testid="wizard-back">"Back"</button>
            {move || if step.get() < last {
                view! {
                    <button type="submit" class="button primary" data-testid="wizard-continue"
                        disabled=move || continuing.get() on:click=move |_| on_continue.run(())>
                        {move || if continuing.get() { continuing_label.unwrap_or("Continue") } else { "Continue" }}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="submit" class="button primary" data-testid=send_testid
                        disabled=move || sending.get() on:click=move |_| on_send.run(())>
                        {move || if sending.get() { sending_label } else { send_label }}
                    </button>
                }.into_any()
            }}
        </div>
    }
}
