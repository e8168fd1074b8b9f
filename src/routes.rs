//! Which page an address shows. The portal's addresses are a flat list, matched here by one
//! function; `leptos_router`'s `<Router>` still owns the location (history, link clicks,
//! `use_navigate`, `<A>`), but not the matching: its nested-route machinery cost about 25 KB
//! brotli of the first download, an eighth of the budget, for a list this short.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};

/// A page of the portal and the ids in its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: goes on to the board.
    Root,
    Login,
    Board,
    /// `/jobs/{id}`: a job's page.
    Job(i64),
    Orders,
    /// `/orders/{id}`.
    Order(i64),
    /// `/orders/{id}/ship`.
    Ship(i64),
    /// `/orders/{id}/invoice`.
    Invoice(i64),
    /// `/orders/{id}/shipments/{sid}/label`.
    Label(i64, i64),
    Payouts,
    Counteroffers,
    Notifications,
    Score,
    WhatIf,
    Settings,
    /// `/store`: the supplies store's catalog.
    Store,
    /// `/store/products/{sku}` (the SKU is read from the address by the page).
    Product,
    /// `/store/cart`: the cart and checkout.
    Cart,
    /// `/store/orders`.
    StoreOrders,
    /// `/store/orders/{id}`.
    StoreOrder(i64),
    NotFound,
}

impl Route {
    /// The page for a path (without query or fragment). A trailing slash is ignored; an id that
    /// is not a number is no page.
    pub fn from_path(path: &str) -> Route {
        let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
        let id = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0);
        match segments.as_slice() {
            [""] => Route::Root,
            ["login"] => Route::Login,
            ["board"] => Route::Board,
            ["jobs", job] => id(job).map_or(Route::NotFound, Route::Job),
            ["orders"] => Route::Orders,
            ["orders", order] => id(order).map_or(Route::NotFound, Route::Order),
            ["orders", order, "ship"] => id(order).map_or(Route::NotFound, Route::Ship),
            ["orders", order, "invoice"] => id(order).map_or(Route::NotFound, Route::Invoice),
            ["orders", order, "shipments", shipment, "label"] => match (id(order), id(shipment)) {
                (Some(order), Some(shipment)) => Route::Label(order, shipment),
                _ => Route::NotFound,
            },
            ["payouts"] => Route::Payouts,
            ["counteroffers"] => Route::Counteroffers,
            ["notifications"] => Route::Notifications,
            ["score"] => Route::Score,
            ["score", "what-if"] => Route::WhatIf,
            ["settings"] => Route::Settings,
            ["store"] => Route::Store,
            ["store", "products", sku] if !sku.is_empty() => Route::Product,
            ["store", "cart"] => Route::Cart,
            ["store", "orders"] => Route::StoreOrders,
            ["store", "orders", order] => id(order).map_or(Route::NotFound, Route::StoreOrder),
            _ => Route::NotFound,
        }
    }

    /// The order the address is about, if any.
    pub fn order_id(self) -> Option<i64> {
        match self {
            Route::Order(id) | Route::Ship(id) | Route::Invoice(id) | Route::Label(id, _) => Some(id),
            _ => None,
        }
    }

    /// The job the address is about, if any.
    pub fn job_id(self) -> Option<i64> {
        match self {
            Route::Job(id) => Some(id),
            _ => None,
        }
    }

    /// The shipment the address is about, if any.
    pub fn shipment_id(self) -> Option<i64> {
        match self {
            Route::Label(_, shipment) => Some(shipment),
            _ => None,
        }
    }
}

/// The current page, provided by the app for the pages to read their ids from.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub Memo<Route>);

/// Follows the location (inside the `<Router>`) and provides [`CurrentRoute`].
pub fn provide_route() -> Memo<Route> {
    let location = use_location();
    let route = Memo::new(move |_| location.pathname.with(|p| Route::from_path(p)));
    // The router puts a new address into the browser's history once the routes say the page is
    // there (its `<Routes>` would); the page here is there as soon as the route is.
    let history = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(history) = &history {
            history.ready_to_complete();
        }
    });
    provide_context(CurrentRoute(route));
    route
}

/// Sends the browser to `path` in place of the address it is at (a redirect: going back does not
/// come here again).
pub fn redirect(path: &str) {
    use_navigate()(path, NavigateOptions { replace: true, ..NavigateOptions::default() });
}

/// The route a page was built for, to read its ids from. Not tracked, on purpose: another id
/// builds the page anew, so a page's ids never change while it lives (and what it loads is
/// never asked again for the next page's ids while it is being taken down).
pub fn use_route() -> Route {
    expect_context::<CurrentRoute>().0.get_untracked()
}
