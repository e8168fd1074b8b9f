//! The partner portal SPA: the app, its router and the context it provides.

pub mod api;
pub mod components;
pub mod forms;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::clock::provide_ticking_clock;
use crate::components::shell::Protected;
use crate::pages::board::BoardPage;
use crate::pages::counteroffers::CounteroffersPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::notifications::NotificationsPage;
use crate::pages::orders::{InvoicePage, LabelPage, OrderPage, OrdersPage, ShipPage};
use crate::pages::payouts::PayoutsPage;
use crate::pages::score::ScorePage;
use crate::pages::score::what_if::WhatIfPage;
use crate::pages::settings::SettingsPage;
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
                <Route path=path!("/orders") view=|| view! { <Protected><OrdersPage /></Protected> } />
                <Route path=path!("/orders/:id") view=|| view! { <Protected><OrderPage /></Protected> } />
                <Route path=path!("/orders/:id/ship") view=|| view! { <Protected><ShipPage /></Protected> } />
                <Route path=path!("/orders/:id/invoice") view=|| view! { <Protected><InvoicePage /></Protected> } />
                <Route path=path!("/payouts") view=|| view! { <Protected><PayoutsPage /></Protected> } />
                <Route
                    path=path!("/orders/:id/shipments/:sid/label")
                    view=|| view! { <Protected><LabelPage /></Protected> }
                />
                <Route
                    path=path!("/counteroffers")
                    view=|| view! { <Protected><CounteroffersPage /></Protected> }
                />
                <Route
                    path=path!("/notifications")
                    view=|| view! { <Protected><NotificationsPage /></Protected> }
                />
                <Route path=path!("/score") view=|| view! { <Protected><ScorePage /></Protected> } />
                <Route path=path!("/score/what-if") view=|| view! { <Protected><WhatIfPage /></Protected> } />
                <Route path=path!("/settings") view=|| view! { <Protected><SettingsPage /></Protected> } />
            </Routes>
        </Router>
    }
}
