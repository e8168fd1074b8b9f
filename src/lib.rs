//! The partner portal SPA: the app, its router and the context it provides.

pub mod api;
pub mod components;
pub mod forms;
pub mod lazy;
pub mod pages;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::components::clock::provide_ticking_clock;
use crate::components::shell::Protected;
use crate::lazy::{Lazy, LoadPage};
use crate::pages::board::BoardPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::routes::Route;
use crate::session::provide_session;

/// Mounts the portal on the page's body, once the static shell has had its first frame: on a
/// fast connection the wasm can arrive before anything was painted, and the partner would then
/// wait for the app's first screen instead of seeing the shell at once. A hidden tab paints no
/// frames, so a timer mounts it there.
pub fn mount() {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    let mounted = Rc::new(Cell::new(false));
    let once = move || {
        if !mounted.replace(true) {
            leptos::mount::mount_to_body(App);
        }
    };
    let after_frame = once.clone();
    // The callback runs just before the next frame; the timeout after it has been painted.
    request_animation_frame(move || set_timeout(after_frame, Duration::ZERO));
    set_timeout(once, Duration::from_millis(250));
}

/// The whole portal.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    provide_ticking_clock();
    view! {
        <Router>
            <Pages />
        </Router>
    }
}

/// The page the address names (`routes::Route`). A page is built again only when the route
/// changes (another page or another id), not when only the query does.
#[component]
fn Pages() -> impl IntoView {
    let route = routes::provide_route();
    move || match route.get() {
        Route::Root => {
            routes::redirect("/board");
            ().into_any()
        }
        Route::Login => view! { <LoginPage /> }.into_any(),
        Route::Board => view! { <Protected><BoardPage /></Protected> }.into_any(),
        Route::Job(_) => lazy_page(lazy::page::job),
        Route::Orders => lazy_page(lazy::page::orders),
        Route::Order(_) => lazy_page(lazy::page::order),
        Route::Ship(_) => lazy_page(lazy::page::ship),
        Route::Invoice(_) => lazy_page(lazy::page::invoice),
        Route::Label(..) => lazy_page(lazy::page::label),
        Route::Payouts => lazy_page(lazy::page::payouts),
        Route::Counteroffers => lazy_page(lazy::page::counteroffers),
        Route::Notifications => lazy_page(lazy::page::notifications),
        Route::Score => lazy_page(lazy::page::score),
        Route::WhatIf => lazy_page(lazy::page::what_if),
        Route::Settings => lazy_page(lazy::page::settings),
        Route::Store | Route::Product | Route::Cart | Route::StoreOrders | Route::StoreOrder(_) => {
            lazy_page(lazy::page::store)
        }
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}

/// A logged-in page that loads on demand.
fn lazy_page(load: LoadPage) -> AnyView {
    view! { <Protected><Lazy load=load /></Protected> }.into_any()
}
