//! A file field that uploads as soon as files are chosen (R-ORD-5, R-SHP-2): a file picker and,
//! for photos, a camera button on tablets; the server's message (checked by content) beside it.

use leptos::prelude::*;
use portal_core::api::StoredFile;
use portal_core::upload::Purpose;
use wasm_bindgen::JsCast;

use crate::api;

/// One upload field. Its input's test id is `id`, its message's `{id}-error`.
#[component]
pub fn UploadField(
    /// The order the file belongs to.
    order_id: i64,
    purpose: Purpose,
    /// The order line a part photo shows.
    line: Option<i64>,
    /// The input's id.
    id: String,
    label: String,
    /// A message from the form's own checks, shown while the upload has none of its own.
    #[prop(optional, into)]
    message: Option<Signal<Option<String>>>,
    /// Runs for every file the server kept.
    on_uploaded: Callback<StoredFile>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let camera_id = format!("{id}-camera");
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let shown = move || error.get().or_else(|| message.and_then(|m| m.get()));
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
                    aria-invalid=move || shown().is_some().to_string()
                    disabled=move || busy.get() on:change=upload />
                {purpose.accepts().iter().any(|k| k.is_image()).then(|| view! {
                    <label class="button secondary camera" for=camera_id.clone()>"Take a photo"</label>
                    <input id=camera_id.clone() class="visually-hidden" type="file" accept="image/*" capture="environment"
                        tabindex="-1" aria-hidden="true" on:change=upload />
                })}
                <span class="muted small" role="status">{move || busy.get().then_some("Uploading…")}</span>
            </div>
            <p id=error_id.clone() class="field-error" data-testid=error_id role="alert">{shown}</p>
        </div>
    }
}
