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

/// What every route shows: one type for all of them, so the router's code is not copied per route.
type RouteView = fn() -> AnyView;

/// A logged-in page that loads on demand, as a [`RouteView`].
macro_rules! lazy_route {
    ($split:ident) => {
        (|| view! { <Protected><Lazy load=lazy::page::$split /></Protected> }.into_any()) as RouteView
    };
}

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    provide_ticking_clock();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view={(|| view! { <LoginPage /> }.into_any()) as RouteView} />
                <Route path=path!("/") view={(|| view! { <Redirect path="/board" /> }.into_any()) as RouteView} />
                <Route path=path!("/board") view={(|| view! { <Protected><BoardPage /></Protected> }.into_any()) as RouteView} />
                <Route path=path!("/orders") view=lazy_route!(orders) />
                <Route path=path!("/orders/:id") view=lazy_route!(order) />
                <Route path=path!("/orders/:id/ship") view=lazy_route!(ship) />
                <Route path=path!("/orders/:id/invoice") view=lazy_route!(invoice) />
                <Route path=path!("/payouts") view=lazy_route!(payouts) />
                <Route path=path!("/orders/:id/shipments/:sid/label") view=lazy_route!(label) />
                <Route path=path!("/counteroffers") view=lazy_route!(counteroffers) />
                <Route path=path!("/notifications") view=lazy_route!(notifications) />
                <Route path=path!("/score") view=lazy_route!(score) />
                <Route path=path!("/score/what-if") view=lazy_route!(what_if) />
                <Route path=path!("/settings") view=lazy_route!(settings) />
            </Routes>
        </Router>
    }
}
