//! The shared multi-step form machinery: a stepper, drafts kept in the browser (one per wizard,
//! partner and order), and focus moved to the step's heading when the step changes.

use std::collections::BTreeSet;

use leptos::html;
use leptos::prelude::*;
use portal_core::api::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::components::icons::CheckIcon;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Where one wizard's draft for one partner and one order is kept: a draft never leaks into
/// another order or another partner's session on a shared shop-floor tablet.
pub fn draft_key(wizard: &str, partner_id: i64, order_id: i64) -> String {
    format!("portal.draft.{wizard}.{partner_id}.{order_id}")
}

pub fn load_draft<T: DeserializeOwned>(key: &str) -> Option<T> {
    storage()?.get_item(key).ok().flatten().and_then(|s| serde_json::from_str(&s).ok())
}

pub fn save_draft<T: Serialize>(key: &str, draft: &T) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(key, &json);
    }
}

pub fn clear_draft(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
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

/// Moves focus to `heading` whenever `step` changes after the first render, so keyboard and
/// screen-reader users start each step at its title.
pub fn focus_heading_on_change(heading: NodeRef<html::H2>, step: Signal<usize>) {
    Effect::new(move |previous: Option<usize>| {
        let now = step.get();
        if previous.is_some_and(|p| p != now)
            && let Some(h) = heading.get()
        {
            let _ = h.focus();
        }
        now
    });
}

/// Which message each field shows: the server's until the field is edited again, else the step's
/// own check once the partner has touched the field (or pressed "Continue" on its step).
#[derive(Clone, Copy)]
pub struct Feedback {
    touched: RwSignal<BTreeSet<String>>,
    server: RwSignal<Vec<FieldError>>,
}

impl Feedback {
    pub fn new() -> Feedback {
        Feedback { touched: RwSignal::new(BTreeSet::new()), server: RwSignal::new(Vec::new()) }
    }

    /// The message beside `field`; `step_of` names the field's step, `errors_of` checks a step.
    pub fn message(
        self,
        field: String,
        step_of: fn(&str) -> usize,
        errors_of: impl Fn(usize) -> Vec<FieldError> + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        Signal::derive(move || {
            if let Some(e) = self.server.read().iter().find(|e| e.field == field) {
                return Some(e.message.clone());
            }
            let step = step_of(&field);
            let shown = self.touched.read().contains(&field) || self.touched.read().contains(&format!("step{step}"));
            if !shown {
                return None;
            }
            errors_of(step).into_iter().find(|e| e.field == field).map(|e| e.message)
        })
    }

    /// The partner edited `field`: its server message goes, its own check shows.
    pub fn touch(self, field: &str) {
        self.server.update(|s| s.retain(|e| e.field != field));
        self.touched.update(|t| {
            t.insert(field.to_owned());
        });
    }

    /// "Continue" on `step`: every message of the step shows.
    pub fn touch_step(self, step: usize) {
        self.touched.update(|t| {
            t.insert(format!("step{step}"));
        });
    }

    /// The server's messages from a refused request, shown beside their fields.
    pub fn set_server(self, errors: Vec<FieldError>) {
        self.server.set(errors);
    }
}

impl Default for Feedback {
    fn default() -> Feedback {
        Feedback::new()
    }
}

/// A field's message line: its id is the input's `aria-describedby`.
pub fn error_line(id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! { <p id=id.clone() class="field-error" data-testid=id>{move || message.get()}</p> }
}
