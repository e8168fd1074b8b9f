//! The portal's name and mark.

use leptos::prelude::*;

/// The mark and "Partner portal".
#[component]
pub fn Brand(
    /// Extra classes for where it sits.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    view! {
        <div class=format!("brand {class}")>
            <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 20V9l8-5 8 5v11h-5v-6H9v6z" fill="currentColor" />
            </svg>
            <span>"Partner portal"</span>
        </div>
    }
}
