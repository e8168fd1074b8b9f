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
use std::pin::Pin;
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

/// What a page's split point gives once its chunk is there: the page, built where it is shown.
pub type Page = fn() -> AnyView;

/// A split point's load in progress. Boxed, so that one [`load_split_when`] and one [`Lazy`]
/// serve every split point (each split point's own future type would copy them per page).
pub type Loading<T> = Pin<Box<dyn Future<Output = Result<T, ChunkMissing>>>>;

/// Starts loading a page's chunk.
pub type LoadPage = fn() -> Loading<Page>;

/// One split point per page: `lazy::orders()` loads the orders page's chunk and gives the page;
/// `lazy::page::orders` is the same as a [`LoadPage`].
macro_rules! split_pages {
    ($($(#[$doc:meta])* $split:ident => $page:path;)*) => {
        $(
            $(#[$doc])*
            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            pub fn $split() -> Result<Page, ChunkMissing> {
                Ok(|| $page().into_any())
            }
        )*
        /// The split points as [`LoadPage`]s, for the routes.
        pub mod page {
            use super::{Loading, Page};
            $(
                pub fn $split() -> Loading<Page> {
                    Box::pin(super::$split())
                }
            )*
        }
    };
}

split_pages! {
    /// A job's page.
    job => pages::job::JobPage;
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
    /// The supplies store: catalog, products, cart and checkout, store orders (one chunk).
    store => pages::store::StorePages;
    /// The dialog to log in again when a session ends under an open page.
    relogin => crate::components::relogin::ReLogin;
}

/// How long to wait before fetching a missing chunk again: quickly at first, then every few
/// seconds.
pub fn retry_delay(failures: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << failures.saturating_sub(1).min(4)))
}

/// Loads a split point's entry (a function in the chunk), fetching the chunk again until it
/// arrives. The entry is `None` until then; `failures` counts the fetches that failed. The entry
/// is called where it is shown, so what it builds belongs there like any other view.
pub fn load_split<T>(load: fn() -> Loading<T>) -> (ReadSignal<Option<T>>, ReadSignal<u32>)
where
    T: Copy + Send + Sync + 'static,
{
    load_split_when(Signal::stored(true), load)
}

/// [`load_split`], started once `wanted` is true (the partner shows interest), not before.
pub fn load_split_when<T>(wanted: Signal<bool>, load: fn() -> Loading<T>) -> (ReadSignal<Option<T>>, ReadSignal<u32>)
where
    T: Copy + Send + Sync + 'static,
{
    let entry = RwSignal::new(None);
    let failures = RwSignal::new(0u32);
    let fetch = move || {
        leptos::task::spawn_local(async move {
            loop {
                match load().await {
                    Ok(found) => {
                        entry.try_set(Some(found));
                        return;
                    }
                    Err(ChunkMissing) => {
                        // Gone from the screen meanwhile: stop trying.
                        let Some(n) = failures.try_update(|n| {
                            *n += 1;
                            *n
                        }) else {
                            return;
                        };
                        gloo_timers::future::sleep(retry_delay(n)).await;
                    }
                }
            }
        });
    };
    if wanted.get_untracked() {
        fetch();
    } else {
        Effect::new(move |started: Option<bool>| {
            if started == Some(true) || !wanted.get() {
                return started.unwrap_or(false);
            }
            fetch();
            true
        });
    }
    (entry.read_only(), failures.read_only())
}

/// A page that loads on demand: a loading line while its chunk arrives, "reconnecting" while it
/// cannot, then the page.
#[component]
pub fn Lazy(
    /// The page's split point, from [`page`].
    load: LoadPage,
) -> impl IntoView {
    let (page, failures) = load_split(load);
    move || match page.get() {
        Some(page) => page(),
        None => loading_or_reconnecting("Loading the page…", failures.get()),
    }
}

/// What shows where something that loads on demand will be.
pub fn loading_or_reconnecting(loading: &'static str, failures: u32) -> AnyView {
    if failures == 0 { view! { <Loading label=loading /> }.into_any() } else { view! { <Reconnecting /> }.into_any() }
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

/// A page with a style sheet of its own (`style/lazy/`, copied to `/lazy/`), which comes with the
/// page's chunk rather than the first download: the page shows once the sheet has arrived (or
/// failed to: then the page shows with the shared styles rather than not at all).
#[component]
pub fn Styled(
    /// The sheet, e.g. `/lazy/score.css`.
    href: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    view! {
        <link rel="stylesheet" href=href on:load=move |_| ready.set(true) on:error=move |_| ready.set(true) />
        {move || if ready.get() { children().into_any() } else { view! { <Loading label="Loading the page…" /> }.into_any() }}
    }
}
