//! `/login`: email and password, with messages beside the fields. The password is never kept
//! beyond the form: the login form is the one form without a draft.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::api::LoginRequest;
use portal_core::draft::login::{LoginDraft, LoginDraftStoreFields};

use crate::api;
use crate::components::brand::Brand;
use crate::forms::fields::TextField;
use crate::forms::{Form, one_step, refused};
use crate::session::{SessionPhase, expect_session};

/// The login form.
#[component]
pub fn LoginPage() -> impl IntoView {
    crate::components::boot::dismiss();
    let session = expect_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let form = Form::new(LoginDraft::default(), LoginDraft::errors, one_step);
    let form_error = RwSignal::new(None::<String>);
    let logged_out = crate::session::take_logged_out_here();
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
    Effect::new(move |_| {
        if session.phase() == SessionPhase::LoggedIn {
            navigate(&next(), Default::default());
        }
    });
    Effect::new(move |_| match login.value().get() {
        Some(Ok(me)) => session.logged_in(me),
        Some(Err(e)) => {
            form_error.set(refused(form.feedback, &e));
            form.draft.password().set(String::new());
            if let Some(input) = password_input.get_untracked() {
                let _ = input.focus();
            }
        }
        None => {}
    });

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if login.pending().get_untracked() {
            return;
        }
        form_error.set(None);
        let errors = form.feedback.show_step(1);
        let first_bad = match errors.first().map(|e| e.field.as_str()) {
            Some("email") => email_input.get_untracked(),
            Some(_) => password_input.get_untracked(),
            None => None,
        };
        if let Some(input) = first_bad {
            let _ = input.focus();
            return;
        }
        login.dispatch(form.draft.with_untracked(LoginDraft::to_request));
    };

    view! {
        <main class="login-page" id="main">
            <form class="card login-card" novalidate on:submit=submit data-testid="login-form">
                <Brand class="login-brand" />
                <h1>"Log in"</h1>
                <p class="muted">"Jobs, orders, shipping and payouts for manufacturing partners."</p>
                {logged_out.then(|| view! { <p class="banner info" role="status" data-testid="logged-out">"You are logged out."</p> })}
                <Show when=move || form_error.get().is_some()>
                    <p class="form-error" role="alert" data-testid="form-error">{move || form_error.get()}</p>
                </Show>
                <TextField id="email" label="Email" field="email" input_type="email" autocomplete="username"
                    value=form.draft.email() node_ref=email_input />
                <TextField id="password" label="Password" field="password" input_type="password"
                    autocomplete="current-password" value=form.draft.password() node_ref=password_input />
                <button type="submit" class="button primary wide" data-testid="login-submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
        </main>
    }
}
