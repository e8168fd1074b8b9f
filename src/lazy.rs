//! Pages that load on demand. Each page below is a split point: its code (and whatever only it
//! uses) leaves the first download and arrives, as a chunk, the first time the page is opened
//! (`cargo xtask split` cuts the wasm there). The shell, the login page and the job board stay
//! in the first download: they are what a partner opens first.
//!
//! A chunk can fail to arrive (the network went, or the server moved to a new build meanwhile).
//! Leptos's own `#[lazy_route]` panics then, which kills the app; these split points are
//! `fallible`, and [`Lazy`] says it is reconnecting where the page would be and tries again until
//! the chunk arrives. The loader remembers only chunks that arrived, so a retry fetches afresh.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::components::status::Loading;
use crate::pages;

/// A page's chunk did not arrive.
#[derive(Debug, Clone, Copy)]
pub struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        Self
    }
}

/// One split point per page: `lazy::orders()` loads the orders page's chunk, then builds
/// the page.
macro_rules! split_pages {
    ($($(#[$doc:meta])* $split:ident => $page:path;)*) => {
        $(
            $(#[$doc])*
            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            pub fn $split() -> Result<AnyView, ChunkMissing> {
                Ok($page().into_any())
            }
        )*
    };
}

split_pages! {
    /// My orders.
    orders => pages::orders::OrdersPage;
    /// One order (production, check-ins, shipping, quality, invoice).
    order => pages::orders::OrderPage;
    /// The shipping wizard.
    ship => pages::orders::ShipPage;
    /// The invoice wizard.
    invoice => pages::orders::InvoicePage;
    /// A shipment's label.
    label => pages::orders::LabelPage;
    /// Payouts.
    payouts => pages::payouts::PayoutsPage;
    /// Counteroffers.
    counteroffers => pages::counteroffers::CounteroffersPage;
    /// Notifications.
    notifications => pages::notifications::NotificationsPage;
    /// The Partner Success Score.
    score => pages::score::ScorePage;
    /// The score's what-if.
    what_if => pages::score::what_if::WhatIfPage;
    /// Settings.
    settings => pages::settings::SettingsPage;
}

/// How long to wait before fetching a missing chunk again: quickly at first, then every few
/// seconds.
pub fn retry_delay(failures: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << failures.saturating_sub(1).min(4)))
}

/// A page that loads on demand: a loading line while its chunk arrives, "reconnecting" while it
/// cannot, then the page.
#[component]
pub fn Lazy<F, Fut>(
    /// The page's split point, from this module.
    load: F,
    /// What the loading line says.
    #[prop(default = "Loading the page…")]
    loading: &'static str,
) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    let failures = RwSignal::new(0u32);
    let page = send_wrapper::SendWrapper::new(async move {
        loop {
            match load().await {
                Ok(page) => break page,
                Err(ChunkMissing) => {
                    failures.update(|n| *n += 1);
                    gloo_timers::future::sleep(retry_delay(failures.get_untracked())).await;
                }
            }
        }
    });
    view! {
        <Suspense fallback=move || {
            // The fallback is built once; what it says follows the failures.
            move || {
                if failures.get() == 0 {
                    view! { <Loading label=loading /> }.into_any()
                } else {
                    view! { <Reconnecting /> }.into_any()
                }
            }
        }>{Suspend::new(page)}</Suspense>
    }
}

/// Where a page would be while its chunk cannot be downloaded.
#[component]
fn Reconnecting() -> impl IntoView {
    view! {
        <div class="state state-loading" role="status" aria-live="polite" data-testid="reconnecting">
            <span class="spinner" aria-hidden="true"></span>
            <span>"Reconnecting… This page could not be downloaded. It appears by itself once the connection is back."</span>
        </div>
    }
}
