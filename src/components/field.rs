//! A labelled text input with its message beside it, the same in every form.

use leptos::html;
use leptos::prelude::*;

/// One text field: label, input and the field's error, wired for screen readers.
#[component]
pub fn TextField(
    /// The input's id and name; the error's test id is `{id}-error`.
    id: &'static str,
    /// The label partners read.
    label: &'static str,
    /// The input type (`text`, `email`, `password`, ...).
    input_type: &'static str,
    /// The browser's autofill hint.
    autocomplete: &'static str,
    /// What is typed.
    value: RwSignal<String>,
    /// The message for this field, if it needs fixing.
    error: RwSignal<Option<String>>,
    /// Lets the form focus the field.
    node_ref: NodeRef<html::Input>,
    /// Runs when the field loses focus (validation on blur).
    on_blur: Callback<()>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                required
                node_ref=node_ref
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| on_blur.run(())
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <p id=error_id.clone() class="field-error" data-testid=error_id>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled text area with a live character count against its limit and its message beside it.
#[component]
pub fn CountedTextArea(
    /// The text area's id; the count is `{id}-count`, the message `{id}-error`.
    id: &'static str,
    /// The label partners read.
    label: &'static str,
    /// The most characters the rule allows.
    max: usize,
    /// What is typed.
    value: RwSignal<String>,
    /// The message for this field, if it needs fixing.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The message's test id.
    error_testid: &'static str,
) -> impl IntoView {
    let count_id = format!("{id}-count");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                data-testid=id
                rows="3"
                aria-describedby=format!("{count_id} {error_id}")
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <p id=count_id class="muted small">
                {move || format!("{} of {max} characters", value.read().chars().count())}
            </p>
            <p id=error_id class="field-error" data-testid=error_testid>{move || error.get()}</p>
        </div>
    }
}
