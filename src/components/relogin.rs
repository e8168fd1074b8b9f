//! Issue 17: a session that ends while a page is open (it expired, or the partner ended it from
//! another device) does not throw the page away: a dialog over it says so and logs in again in
//! place, so a wizard's draft and everything typed stays where it was. The dialog is a chunk of
//! its own, fetched only when a session ends.

use leptos::html;
use leptos::prelude::*;
use portal_core::api::LoginRequest;

use crate::api::{self, ApiError};
use crate::lazy::Lazy;
use crate::session::expect_session;

/// Shows the dialog while the session is expired; its code arrives then, as a page's would.
#[component]
pub fn ReLoginWhenExpired() -> impl IntoView {
    let session = expect_session();
    move || session.expired().then(|| view! { <Lazy load=crate::lazy::page::relogin /> })
}

#[component]
pub fn ReLogin() -> impl IntoView {
    let session = expect_session();
    let (email, partner_id) = session.me().map(|m| (m.email, m.partner_id)).unwrap_or_default();
    let dialog = NodeRef::<html::Dialog>::new();
    let password_input = NodeRef::<html::Input>::new();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let login = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(&req).await }
    });
    Effect::new(move |_| {
        if let Some(el) = dialog.get()
            && !el.open()
        {
            request_animation_frame(move || {
                if el.is_connected() && !el.open() {
                    let _ = el.show_modal();
                    if let Some(input) = password_input.get_untracked() {
                        let _ = input.focus();
                    }
                }
            });
        }
    });
    Effect::new(move |_| match login.value().get() {
        // The same partner: the page carries on where it was.
        Some(Ok(me)) if me.partner_id == partner_id => session.logged_in(me),
        Some(Ok(_)) => {
            error.set(Some("That is another account. Log in as the partner this page belongs to.".to_owned()))
        }
        Some(Err(e)) => {
            password.set(String::new());
            error.set(Some(match e {
                ApiError::Problem(p) if p.status == 401 || p.status == 422 => {
                    "That password is not right. Check it and try again.".to_owned()
                }
                other => other.to_string(),
            }));
            if let Some(input) = password_input.get_untracked() {
                let _ = input.focus();
            }
        }
        None => {}
    });
    let email_for_submit = email.clone();
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if login.pending().get_untracked() {
            return;
        }
        if password.with_untracked(String::is_empty) {
            error.set(Some("Enter your password.".to_owned()));
            return;
        }
        error.set(None);
        login.dispatch(LoginRequest { email: email_for_submit.clone(), password: password.get_untracked() });
    };
    // Somebody else at this device: the full login page, the draft left to its owner.
    let elsewhere = move |_| {
        session.ended();
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog relogin"
            aria-labelledby="relogin-title"
            data-testid="relogin-dialog"
            on:cancel=|ev: web_sys::Event| ev.prevent_default()
        >
            <h2 id="relogin-title">"Your session has ended"</h2>
            <form class="dialog-body" novalidate on:submit=submit id="relogin-form">
                <p>
                    "You were logged out: the session expired, or it was ended from another device. "
                    "Log in again to carry on here. Everything on this page, and what you typed, is kept."
                </p>
                <div class="field">
                    <label for="relogin-email">"Email"</label>
                    <input id="relogin-email" type="email" autocomplete="username" readonly prop:value=email.clone() />
                </div>
                <div class="field">
                    <label for="relogin-password">"Password"</label>
                    <input
                        id="relogin-password"
                        data-testid="relogin-password"
                        type="password"
                        autocomplete="current-password"
                        node_ref=password_input
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby="relogin-error"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <p class="field-error" id="relogin-error" role="alert" data-testid="relogin-error">{move || error.get()}</p>
                </div>
            </form>
            <div class="dialog-actions">
                <a class="button secondary" href="/login" on:click=elsewhere data-testid="relogin-elsewhere">"Log in as someone else"</a>
                <button type="submit" form="relogin-form" class="button primary" data-testid="relogin-submit"
                    disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in and carry on" }}
                </button>
            </div>
        </dialog>
    }
}
