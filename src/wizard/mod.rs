//! The shared multi-step form machinery: a stepper, drafts kept in the browser (one per wizard,
//! partner and order), and focus moved to the step's heading when the step changes.

use leptos::html;
use leptos::prelude::*;
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
