//! A modal confirmation built on the native `<dialog>`: focus is trapped and Escape cancels. It
//! is in the page only while open, so several dialogs never share test ids or headings.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Asks before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    /// Names the dialog: its test id is `{name}-dialog`, its heading's id `{name}-title`.
    #[prop(optional)]
    name: Option<&'static str>,
    /// Whether the dialog is open.
    #[prop(into)]
    open: Signal<bool>,
    /// The question, as the dialog's heading.
    #[prop(into)]
    title: String,
    /// The confirm button's words ("Accept job").
    #[prop(into)]
    confirm_label: String,
    /// True while the confirmed action runs: the buttons are disabled, so nothing is sent twice.
    #[prop(into)]
    pending: Signal<bool>,
    /// An error to show inside the dialog, if the action failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether, after an error, the same action may be tried again (a lost connection, say):
    /// the confirm button stays, as "Try again".
    #[prop(into, optional)]
    can_retry: Signal<bool>,
    /// Runs on confirm.
    on_confirm: Callback<()>,
    /// Runs on cancel, Escape or close.
    on_cancel: Callback<()>,
    /// What will happen, in detail.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let name = name.unwrap_or("confirm");
    let title_id = format!("{name}-title");
    // The button that opened the dialog gets the focus back when it goes (the dialog is taken
    // out of the page, so the browser's own return of focus does not happen).
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let give_focus_back = move || {
        let Some(el) = opener.try_update_value(Option::take).flatten() else { return };
        request_animation_frame(move || {
            if el.is_connected() {
                let _ = el.focus();
            } else if let Some(main) = document().get_element_by_id("main") {
                // The opener left with what it acted on (a declined job's row): the page then.
                let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    on_cleanup(give_focus_back);
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if opener.with_value(Option::is_none) {
                let active = document().active_element().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
            }
            if !el.open() {
                if el.is_connected() {
                    let _ = el.show_modal();
                } else {
                    // Built before it was placed (a dialog whose code arrives as a chunk): open
                    // it once it is in the page.
                    request_animation_frame(move || {
                        if el.is_connected() && !el.open() {
                            let _ = el.show_modal();
                        }
                    });
                }
            }
        } else {
            if el.open() {
                el.close();
            }
            give_focus_back();
        }
    });
    let confirm_label = StoredValue::new(confirm_label);
    let title = StoredValue::new(title);
    let title_id = StoredValue::new(title_id);
    view! {
        <Show when=move || open.get()>
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby=title_id.get_value()
            data-testid=format!("{name}-dialog")
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                if !pending.get_untracked() {
                    on_cancel.run(());
                }
            }
        >
            <h2 id=title_id.get_value()>{title.get_value()}</h2>
            <div class="dialog-body">{children()}</div>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert" data-testid="dialog-error">{move || error.get()}</p>
            </Show>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button secondary"
                    data-testid="dialog-cancel"
                    disabled=move || pending.get()
                    on:click=move |_| on_cancel.run(())
                >
                    {move || if error.get().is_some() { "Close" } else { "Cancel" }}
                </button>
                <Show when=move || error.get().is_none() || can_retry.get()>
                    <button
                        type="button"
                        class="button primary"
                        data-testid="dialog-confirm"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                        on:click=move |_| on_confirm.run(())
                    >
                        {
                            move || {
                                if pending.get() {
                                    "Working…".to_owned()
                                } else if error.get().is_some() {
                                    "Try again".to_owned()
                                } else {
                                    confirm_label.get_value()
                                }
                            }
                        }
                    </button>
                </Show>
            </div>
        </dialog>
        </Show>
    }
}
