//! `/login`: email and password, with messages beside the fields.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::{FieldError, LoginRequest, validate_login};

use crate::api;
use crate::components::brand::Brand;
use crate::components::field::TextField;
use crate::session::{SessionPhase, expect_session};

fn message_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
}

/// The login form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let email_input = NodeRef::<html::Input>::new();
    let password_input = NodeRef::<html::Input>::new();
    let login = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(&req).await }
    });

    // Only same-site paths are followed after login.
    let next = move || {
        query
            .read_untracked()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/board".to_owned())
    };
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if session.phase() == SessionPhase::LoggedIn {
                navigate(&next(), Default::default());
            }
        }
    });
    Effect::new(move |_| match login.value().get() {
        Some(Ok(me)) => session.logged_in(me),
        Some(Err(e)) => {
            email_error.set(e.field_message("email"));
            password_error.set(e.field_message("password"));
            form_error.set(Some(e.to_string()));
            password.set(String::new());
            if let Some(input) = password_input.get_untracked() {
                let _ = input.focus();
            }
        }
        None => {}
    });

    let request = move || LoginRequest { email: email.get_untracked(), password: password.get_untracked() };
    let check_email = move || email_error.set(message_for(&validate_login(&request()), "email"));
    let check_password = move || password_error.set(message_for(&validate_login(&request()), "password"));
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if login.pending().get_untracked() {
            return;
        }
        form_error.set(None);
        let errors = validate_login(&request());
        email_error.set(message_for(&errors, "email"));
        password_error.set(message_for(&errors, "password"));
        let first_bad = match errors.first().map(|e| e.field.as_str()) {
            Some("email") => email_input.get_untracked(),
            Some(_) => password_input.get_untracked(),
            None => None,
        };
        if let Some(input) = first_bad {
            let _ = input.focus();
            return;
        }
        login.dispatch(request());
    };

    view! {
        <main class="login-page" id="main">
            <form class="card login-card" novalidate on:submit=submit data-testid="login-form">
                <Brand class="login-brand" />
                <h1>"Log in"</h1>
                <p class="muted">"Jobs, orders, shipping and payouts for manufacturing partners."</p>
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert" data-testid="form-error">{move || form_error.get()}</p>
                </Show>
                <TextField
                    id="email"
                    label="Email"
                    input_type="email"
                    autocomplete="username"
                    value=email
                    error=email_error
                    node_ref=email_input
                    on_blur=Callback::new(move |()| check_email())
                />
                <TextField
                    id="password"
                    label="Password"
                    input_type="password"
                    autocomplete="current-password"
                    value=password
                    error=password_error
                    node_ref=password_input
                    on_blur=Callback::new(move |()| check_password())
                />
                <button type="submit" class="button primary wide" data-testid="login-submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
        </main>
    }
}
