//! The frame around every logged-in page: header, navigation, logout; and the guard that sends
//! logged-out visitors to the login page.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::boot;
use crate::components::brand::Brand;
use crate::components::live::provide_live;
use crate::components::status::{ErrorPanel, Loading};
use crate::session::{SessionPhase, expect_session};

/// Shows its children only to a logged-in partner.
#[component]
pub fn Protected(
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let session = expect_session();
    let phase = Memo::new(move |_| session.phase());
    let location = use_location();
    move || match phase.get() {
        // On a fresh load the static shell stays up meanwhile.
        SessionPhase::Checking if boot::showing() => ().into_any(),
        SessionPhase::Checking => view! { <Loading label="Checking your session…" /> }.into_any(),
        // The login page takes the static shell down.
        SessionPhase::LoggedOut => {
            let next = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            let path = format!("/login?next={}", String::from(js_sys::encode_uri_component(&next)));
            crate::routes::redirect(&path);
            ().into_any()
        }
        SessionPhase::Unreachable => {
            boot::dismiss();
            view! {
                <main class="page" id="main">
                    <ErrorPanel
                        message="The portal's server cannot be reached. Check your connection and try again."
                        on_retry=Callback::new(move |()| session.check())
                    />
                </main>
            }
            .into_any()
        }
        SessionPhase::LoggedIn => {
            boot::dismiss();
            let children = children.clone();
            view! { <Shell>{children()}</Shell> }.into_any()
        }
    }
}

/// A link of the navigation, marked as the current page (`aria-current`) on its page and the
/// pages under it. The router follows it without a reload, as it does every link of the portal.
#[component]
fn NavLink(
    href: &'static str,
    /// The link's text.
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let current = move || {
        location.pathname.with(|p| p.strip_prefix(href).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    };
    view! { <a href=href aria-current=move || current().then_some("page")>{children()}</a> }
}

/// Header with navigation and the partner's name.
#[component]
fn Shell(
    /// The page.
    children: Children,
) -> impl IntoView {
    let session = expect_session();
    let navigate = use_navigate();
    let logout = Action::new_local(move |(): &()| async move { api::logout().await });
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            // A shared tablet: the next partner finds no one's unsaved work.
            crate::forms::drafts::DraftStore::clear_all();
            session.ended();
            crate::session::note_logged_out_here();
            navigate("/login", Default::default());
        }
    });
    let company = move || session.me().map(|m| m.company).unwrap_or_default();
    // The unread count follows the live stream: re-read whenever notifications changed.
    let live = provide_live();
    Effect::new(move |_| {
        live.notifications.track();
        leptos::task::spawn_local(async move {
            if let Ok(count) = api::unread().await {
                live.unread.set(count.unread);
            }
        });
    });
    let unread = move || live.unread.get();
    // On a tablet the secondary links and the account sit behind "Menu", which closes again on
    // every navigation and on Escape.
    let menu_open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header
            class="app-header"
            on:keydown=move |ev| {
                if ev.key() == "Escape" && menu_open.get_untracked() {
                    menu_open.set(false);
                    if let Some(button) = document().get_element_by_id("menu-button") {
                        let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        >
            <Brand />
            <nav class="app-nav" aria-label="Main">
                <div class="nav-primary">
                    <NavLink href="/board">"Job board"</NavLink>
                    <NavLink href="/orders">"My orders"</NavLink>
                    <NavLink href="/notifications">
                        "Notifications"
                        <Show when=move || { unread() > 0 }>
                            <span class="badge" data-testid="unread-count">
                                {unread}
                                <span class="visually-hidden">" unread"</span>
                            </span>
                        </Show>
                    </NavLink>
                </div>
                <button
                    type="button"
                    id="menu-button"
                    class="button secondary menu-button"
                    data-testid="menu-button"
                    aria-expanded=move || menu_open.get().to_string()
                    aria-controls="nav-more"
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    "Menu"
                </button>
                <div id="nav-more" class="nav-more" class:open=move || menu_open.get() data-testid="nav-more">
                    <NavLink href="/counteroffers">"Counteroffers"</NavLink>
                    <NavLink href="/payouts">"Payouts"</NavLink>
                    <NavLink href="/store">"Supplies"</NavLink>
                    <NavLink href="/score">"Score"</NavLink>
                    <NavLink href="/settings">"Settings"</NavLink>
                    <div class="account">
                        <span class="company" data-testid="company">{company}</span>
                        <button
                            type="button"
                            class="button secondary"
                            data-testid="logout"
                            disabled=move || logout.pending().get()
                            on:click=move |_| {
                                logout.dispatch(());
                            }
                        >
                            "Log out"
                        </button>
                    </div>
                </div>
            </nav>
        </header>
        <main class="page" id="main" tabindex="-1">
            {children()}
        </main>
        <crate::components::relogin::ReLoginWhenExpired />
    }
}
