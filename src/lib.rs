//! The partner portal SPA: the app, its router and the context it provides.

pub mod api;
pub mod components;
pub mod forms;
pub mod lazy;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::clock::provide_ticking_clock;
use crate::components::shell::Protected;
use crate::lazy::Lazy;
use crate::pages::board::BoardPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::session::provide_session;

/// Mounts the portal on the page's body.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    provide_ticking_clock();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/") view=|| view! { <Redirect path="/board" /> } />
                <Route path=path!("/board") view=|| view! { <Protected><BoardPage /></Protected> } />
                <Route path=path!("/orders") view=|| view! { <Protected><Lazy load=lazy::orders /></Protected> } />
                <Route path=path!("/orders/:id") view=|| view! { <Protected><Lazy load=lazy::order /></Protected> } />
                <Route path=path!("/orders/:id/ship") view=|| view! { <Protected><Lazy load=lazy::ship /></Protected> } />
                <Route path=path!("/orders/:id/invoice") view=|| view! { <Protected><Lazy load=lazy::invoice /></Protected> } />
                <Route path=path!("/payouts") view=|| view! { <Protected><Lazy load=lazy::payouts /></Protected> } />
                <Route
                    path=path!("/orders/:id/shipments/:sid/label")
                    view=|| view! { <Protected><Lazy load=lazy::label /></Protected> }
                />
                <Route
                    path=path!("/counteroffers")
                    view=|| view! { <Protected><Lazy load=lazy::counteroffers /></Protected> }
                />
                <Route
                    path=path!("/notifications")
                    view=|| view! { <Protected><Lazy load=lazy::notifications /></Protected> }
                />
                <Route path=path!("/score") view=|| view! { <Protected><Lazy load=lazy::score /></Protected> } />
                <Route path=path!("/score/what-if") view=|| view! { <Protected><Lazy load=lazy::what_if /></Protected> } />
                <Route path=path!("/settings") view=|| view! { <Protected><Lazy load=lazy::settings /></Protected> } />
            </Routes>
        </Router>
    }
}
