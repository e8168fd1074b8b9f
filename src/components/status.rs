//! Loading, empty and error states, the same on every page.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::session::expect_session;

/// A calm loading line; announced politely to screen readers.
#[component]
pub fn Loading(
    /// What is being loaded, in a few words.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <div class="state state-loading" role="status" aria-live="polite" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// Something failed: what happened and a way to try again.
#[component]
pub fn ErrorPanel(
    /// What went wrong, in the partner's words.
    #[prop(into)]
    message: String,
    /// Runs when the partner asks to try again.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="state state-error" role="alert" data-testid="error-panel">
            <h2>"Something went wrong"</h2>
            <p>{message}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button" data-testid="retry" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            })}
        </div>
    }
}

/// An API error where data would be: an ended session sends the partner to the login page,
/// anything else shows the error with a retry.
pub fn api_error_panel(error: ApiError, retry: Callback<()>) -> AnyView {
    if error == ApiError::Unauthenticated {
        expect_session().logged_out();
    }
    view! { <ErrorPanel message=error.to_string() on_retry=retry /> }.into_any()
}

/// The fallback for an `ErrorBoundary` around API data: an ended session sends the partner to
/// the login page, anything else shows the error with a retry.
pub fn api_error_view(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> impl IntoView {
    let session = expect_session();
    let api_error = move || {
        errors.with(|errs| errs.iter().find_map(|(_, e)| e.clone().into_inner().downcast_ref::<ApiError>().cloned()))
    };
    Effect::new({
        let api_error = api_error.clone();
        move |_| {
            if api_error() == Some(ApiError::Unauthenticated) {
                session.logged_out();
            }
        }
    });
    move || {
        let message =
            api_error().map_or_else(|| "The page could not be shown. Try again.".to_owned(), |e| e.to_string());
        view! { <ErrorPanel message=message on_retry=retry /> }
    }
}
