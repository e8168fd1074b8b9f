//! The page for addresses the portal does not have.

use leptos::prelude::*;

/// 404: says so plainly and offers the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::boot::dismiss();
    view! {
        <main class="page narrow" id="main">
            <h1>"Page not found"</h1>
            <p>"This address is not part of the partner portal. It may be an old bookmark or a typo."</p>
            <p><a href="/board">"Go to the job board"</a></p>
        </main>
    }
}
