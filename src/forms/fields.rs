//! The field components every form uses. Each binds to a field of its form's store, finds the
//! form's [`Feedback`] in context, and is wired the same way for screen readers: a `<label>`, an
//! optional hint and the message, both named by `aria-describedby`, and `aria-invalid` while a
//! message shows. An input's id is its test id; its message's is `{id}-error`.

use leptos::html;
use leptos::prelude::*;
use portal_core::api::StoredFile;
use portal_core::upload::Purpose;
use reactive_stores::Field;
use wasm_bindgen::JsCast;

use super::{Choice, ChoiceValue, Feedback};
use crate::api::{self, ApiError};

/// The message line under a field; its id is in the field's `aria-describedby`.
#[component]
pub fn FieldMessage(#[prop(into)] id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! { <p id=id.clone() class="field-error" data-testid=id>{move || message.get()}</p> }
}

/// The hint line under a field, if any.
fn hint_line(id: &str, hint: Option<String>) -> Option<impl IntoView + use<>> {
    hint.map(|h| view! { <p id=format!("{id}-hint") class="muted small">{h}</p> })
}

/// `aria-describedby` for a field with or without a hint (and, for text areas, a count).
fn described_by(id: &str, hint: bool, count: bool) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if count {
        ids.push(format!("{id}-count"));
    }
    ids.push(format!("{id}-error"));
    ids.join(" ")
}

/// The field's text follows the draft (a restored draft, a button that fills it), assigned only
/// when it differs: assigning an equal value moves the caret and drops a selection while the
/// partner types.
fn follow<E, El>(node: NodeRef<E>, value: Field<String>, get: fn(&El) -> String, set: fn(&El, &str))
where
    E: leptos::tachys::html::element::ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
    El: JsCast + 'static,
{
    Effect::new(move |_| {
        let text = value.get();
        if let Some(el) = node.get().and_then(|n| n.dyn_into::<El>().ok())
            && get(&el) != text
        {
            set(&el, &text);
        }
    });
}

fn feedback() -> Feedback {
    expect_context::<Feedback>()
}

/// The form's feedback for `field` (from context), the field's message, and how to mark the
/// field touched.
fn bound(field: String) -> (Feedback, Signal<Option<String>>, impl Fn() + Copy + Send + Sync + 'static) {
    let feedback = feedback();
    let message = feedback.message(field.clone());
    let field = StoredValue::new(field);
    (feedback, message, move || field.with_value(|f| feedback.touch(f)))
}

/// A labelled text input (text, email, password, date, decimal) bound to a `String` field.
#[component]
pub fn TextField(
    /// The input's id and test id.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// The field's name on the wire, which the messages use (`package.length`).
    #[prop(into)]
    field: String,
    #[prop(into)] value: Field<String>,
    /// `text` unless given.
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// `off` unless given.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The on-screen keyboard tablets show (`decimal`, `numeric`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    /// Bounds of a date field (`YYYY-MM-DD`).
    #[prop(optional, into)]
    min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
    /// Lets the form focus the field.
    #[prop(optional)]
    node_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let (_, message, touch) = bound(field);
    follow(node_ref, value, |el: &web_sys::HtmlInputElement| el.value(), |el, v| el.set_value(v));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=id.clone()
                data-testid=id.clone()
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                placeholder=placeholder
                min=min
                max=max
                spellcheck="false"
                node_ref=node_ref
                aria-describedby=described_by(&id, hint.is_some(), false)
                aria-invalid=move || message.get().is_some().to_string()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    touch();
                }
                on:blur=move |_| touch()
            />
            {hint_line(&id, hint)}
            <FieldMessage id=format!("{id}-error") message=message />
        </div>
    }
}

/// A size in whole millimetres with its unit in the label ("Length X (mm)"), bound to a `u32`
/// field; what cannot be read is 0, which the form's check names. With `inches` on, the partner
/// types inches (up to three decimals) and the field keeps the nearest millimetre.
#[component]
pub fn NumberField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The unit, shown after the label.
    unit: &'static str,
    #[prop(into)] field: String,
    #[prop(into)] value: Field<u32>,
    /// The largest value the rule allows.
    max: u32,
    /// Typed in inches instead of `unit`.
    #[prop(optional, into)]
    inches: Signal<bool>,
) -> impl IntoView {
    use portal_core::draft::machine::{parse_size_mm, size_text};
    use portal_core::units::{inches as in_text, mm_from_inches};
    let (_, message, touch) = bound(field);
    let shown = move |mm: u32, inch: bool| if inch && mm > 0 { in_text(mm) } else { size_text(mm) };
    // What the partner typed stays as typed; a change of unit writes the size out again.
    let text = RwSignal::new(shown(value.get_untracked(), inches.get_untracked()));
    Effect::new(move |first: Option<()>| {
        let inch = inches.get();
        if first.is_some() {
            text.set(shown(value.get_untracked(), inch));
        }
    });
    view! {
        <div class="field size">
            <label for=id.clone()>{move || format!("{label} ({})", if inches.get() { "in" } else { unit })}</label>
            <input
                id=id.clone()
                data-testid=id.clone()
                type=move || if inches.get() { "text" } else { "number" }
                inputmode=move || if inches.get() { "decimal" } else { "numeric" }
                min="1"
                max=move || (!inches.get()).then(|| max.to_string())
                aria-describedby=described_by(&id, false, false)
                aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    let mm = if inches.get_untracked() { mm_from_inches(&typed).unwrap_or(0) } else { parse_size_mm(&typed) };
                    text.set(typed);
                    value.set(mm);
                    touch();
                }
            />
            <FieldMessage id=format!("{id}-error") message=message />
        </div>
    }
}

/// A labelled text area; with `max`, a live count of characters against it.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] field: String,
    #[prop(into)] value: Field<String>,
    #[prop(optional)] max: Option<usize>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let (_, message, touch) = bound(field);
    let node_ref = NodeRef::<html::Textarea>::new();
    follow(node_ref, value, |el: &web_sys::HtmlTextAreaElement| el.value(), |el, v| el.set_value(v));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                data-testid=id.clone()
                rows=rows.unwrap_or(3).to_string()
                aria-describedby=described_by(&id, false, max.is_some())
                aria-invalid=move || message.get().is_some().to_string()
                node_ref=node_ref
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    touch();
                }
            ></textarea>
            {max.map(|max| view! {
                <p id=format!("{id}-count") class="muted small">
                    {move || format!("{} of {max} characters", value.read().chars().count())}
                </p>
            })}
            <FieldMessage id=format!("{id}-error") message=message />
        </div>
    }
}

/// A closed list as the fields show it: each choice's slug and label.
type Options = Vec<(&'static str, &'static str)>;

/// The options of `T`.
fn options<T: Choice>() -> Options {
    T::all().iter().map(|c| (c.slug(), c.label())).collect()
}

/// The slug chosen in a store field holding a choice ("" for none).
fn chosen<T: Choice, V: ChoiceValue<T>>(value: Field<V>) -> Signal<&'static str> {
    Signal::derive(move || T::all().iter().copied().find(|c| value.read().is(*c)).map_or("", |c| c.slug()))
}

/// Sets a store field holding a choice from the slug picked.
fn choose<T: Choice, V: ChoiceValue<T>>(value: Field<V>) -> Callback<String> {
    Callback::new(move |slug: String| {
        if let Some(v) = V::from_choice(T::all().iter().copied().find(|c| c.slug() == slug)) {
            value.set(v);
        }
    })
}

/// A select over a closed list, bound to the choice (or an optional one, with `placeholder`
/// as the empty option).
#[component]
pub fn SelectField<T: Choice, V: ChoiceValue<T>>(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] field: String,
    #[prop(into)] value: Field<V>,
    /// The empty option's words, for an optional choice.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// Fields whose check depends on this choice: their messages show when it changes.
    #[prop(optional)]
    affects: &'static [&'static str],
    #[prop(optional)] _choice: std::marker::PhantomData<T>,
) -> impl IntoView {
    select(id, label, field, options::<T>(), chosen(value), choose(value), placeholder, affects)
}

/// The select itself, the same code for every list.
#[allow(clippy::too_many_arguments)]
fn select(
    id: String,
    label: String,
    field: String,
    options: Options,
    selected: Signal<&'static str>,
    choose: Callback<String>,
    placeholder: Option<&'static str>,
    affects: &'static [&'static str],
) -> impl IntoView {
    let (feedback, message, touch) = bound(field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                data-testid=id.clone()
                aria-describedby=described_by(&id, false, false)
                aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || selected.get()
                on:change=move |ev| {
                    choose.run(event_target_value(&ev));
                    touch();
                    affects.iter().for_each(|f| feedback.touch(f));
                }
            >
                {placeholder.map(|p| view! { <option value="">{p}</option> })}
                {options.into_iter().map(|(slug, text)| view! { <option value=slug selected=move || selected.get() == slug>{text}</option> }).collect_view()}
            </select>
            <FieldMessage id=format!("{id}-error") message=message />
        </div>
    }
}

/// Radio buttons over a closed list, in a fieldset with its legend.
#[component]
pub fn RadioGroup<T: Choice, V: ChoiceValue<T>>(
    /// The group's name; each button's test id is `{name}-{slug}`, the message's `{name}-error`.
    name: &'static str,
    #[prop(into)] legend: String,
    #[prop(into)] field: String,
    #[prop(into)] value: Field<V>,
    /// Fields whose check depends on this choice: their messages show when it changes.
    #[prop(optional)]
    affects: &'static [&'static str],
    #[prop(optional)] _choice: std::marker::PhantomData<T>,
) -> impl IntoView {
    radios(name, legend, field, options::<T>(), chosen(value), choose(value), affects)
}

/// The radio buttons themselves, the same code for every list.
fn radios(
    name: &'static str,
    legend: String,
    field: String,
    options: Options,
    selected: Signal<&'static str>,
    choose: Callback<String>,
    affects: &'static [&'static str],
) -> impl IntoView {
    let (feedback, message, touch) = bound(field);
    view! {
        <ChoiceSet class="choices" name=name legend=legend message=message>
            {options.into_iter().map(|(slug, text)| view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        value=slug
                        data-testid=format!("{name}-{slug}")
                        prop:checked=move || selected.get() == slug
                        on:change=move |_| {
                            choose.run(slug.to_owned());
                            touch();
                            affects.iter().for_each(|f| feedback.touch(f));
                        }
                    />
                    <span>{text}</span>
                </label>
            }).collect_view()}
        </ChoiceSet>
    }
}

/// Checkboxes over a closed list, bound to the chosen ones.
#[component]
pub fn CheckboxGroup<T: Choice>(
    /// The field's name; each box's test id is `{field}-{slug}`, the message's `{field}-error`.
    field: &'static str,
    #[prop(into)] legend: String,
    #[prop(into)] value: Field<Vec<T>>,
) -> impl IntoView {
    let ticked = Signal::derive(move || value.read().iter().map(|c| c.slug()).collect::<Vec<_>>());
    let toggle = Callback::new(move |(slug, on): (&'static str, bool)| {
        let Some(c) = T::all().iter().copied().find(|c| c.slug() == slug) else { return };
        value.update(|chosen| {
            chosen.retain(|x| *x != c);
            if on {
                chosen.push(c);
            }
        });
    });
    checkboxes(field, legend, options::<T>(), ticked, toggle)
}

/// The checkboxes themselves, the same code for every list.
fn checkboxes(
    field: &'static str,
    legend: String,
    options: Options,
    ticked: Signal<Vec<&'static str>>,
    toggle: Callback<(&'static str, bool)>,
) -> impl IntoView {
    let (_, message, touch) = bound(field.to_owned());
    view! {
        <ChoiceSet class="choices grid" name=field legend=legend message=message testid=format!("{field}-group")>
            {options.into_iter().map(|(slug, text)| view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid=format!("{field}-{slug}")
                        prop:checked=move || ticked.read().contains(&slug)
                        on:change=move |ev| {
                            toggle.run((slug, event_target_checked(&ev)));
                            touch();
                        }
                    />
                    <span>{text}</span>
                </label>
            }).collect_view()}
        </ChoiceSet>
    }
}

/// A fieldset of choices: its legend, the choices, and the group's message (named by the
/// fieldset's `aria-describedby`, test id `{name}-error`).
#[component]
fn ChoiceSet(
    class: &'static str,
    name: &'static str,
    legend: String,
    message: Signal<Option<String>>,
    #[prop(optional)] testid: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class=class aria-describedby=format!("{name}-error") data-testid=testid>
            <legend>{legend}</legend>
            {children()}
            <FieldMessage id=format!("{name}-error") message=message />
        </fieldset>
    }
}

/// One checkbox with its words, bound to a `bool` field.
#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] field: String,
    #[prop(into)] value: Field<bool>,
) -> impl IntoView {
    let (_, message, touch) = bound(field);
    view! {
        <div class="field">
            <label class="choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    data-testid=id.clone()
                    aria-describedby=format!("{id}-error")
                    aria-invalid=move || message.get().is_some().to_string()
                    prop:checked=move || value.get()
                    on:change=move |ev| {
                        value.set(event_target_checked(&ev));
                        touch();
                    }
                />
                {label}
            </label>
            <FieldMessage id=format!("{id}-error") message=message />
        </div>
    }
}

/// A file field that uploads as soon as files are chosen (R-ORD-5, R-SHP-2, R-INV-3): a file
/// picker and, for photos, a camera button on tablets. The server's message about the file
/// (checked by content) shows beside it; inside a form, so does the form's message for `field`.
#[component]
pub fn UploadField(
    /// The order the file belongs to.
    order_id: i64,
    purpose: Purpose,
    /// The order line a part photo shows.
    line: Option<i64>,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The form field the upload fills, whose message shows while the upload has none.
    #[prop(optional)]
    field: Option<&'static str>,
    /// Runs for every file the server kept.
    on_uploaded: Callback<StoredFile>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let camera_id = format!("{id}-camera");
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let form_message = field.and_then(|f| use_context::<Feedback>().map(|fb| fb.message(f)));
    let shown = Signal::derive(move || error.get().or_else(|| form_message.and_then(|m| m.get())));
    let session = crate::session::expect_session();
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            for file in chosen {
                match api::upload(order_id, purpose, line, &file).await {
                    Ok(stored) => on_uploaded.run(stored),
                    // The session ended: the page stays, under the dialog to log in again.
                    Err(e @ ApiError::Unauthenticated) => {
                        session.logged_out();
                        error.set(Some(format!("{}: not uploaded: {e} Then choose the file again.", file.name())));
                    }
                    Err(e) => error.set(Some(format!(
                        "{}: {}",
                        file.name(),
                        e.field_message("file").unwrap_or_else(|| e.to_string())
                    ))),
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="field upload">
            <label for=id.clone()>{label}</label>
            <div class="upload-controls">
                <input id=id.clone() type="file" accept=purpose.accept_attribute() multiple=purpose == Purpose::QcPhoto
                    data-testid=id.clone() aria-describedby=error_id.clone()
                    aria-invalid=move || shown.get().is_some().to_string()
                    disabled=move || busy.get() on:change=upload />
                {purpose.accepts().iter().any(|k| k.is_image()).then(|| view! {
                    <label class="button secondary camera" for=camera_id.clone()>"Take a photo"</label>
                    <input id=camera_id.clone() class="visually-hidden" type="file" accept="image/*" capture="environment"
                        tabindex="-1" aria-hidden="true" on:change=upload />
                })}
                <span class="muted small" role="status">{move || busy.get().then_some("Uploading…")}</span>
            </div>
            <p id=error_id.clone() class="field-error" data-testid=error_id role="alert">{move || shown.get()}</p>
        </div>
    }
}
