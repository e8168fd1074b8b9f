//! `POST /session` logs in, `DELETE /session` logs out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{LoginRequest, Me, Problem};

use crate::app::session::SESSION_LIFETIME;
use crate::auth::{self, ClientAddress, SESSION_COOKIE};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{AppState, app};

/// Log in with email and password; sets the session cookie.
#[utoipa::path(post, path = "/session", tag = "session", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Email or password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is empty or not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins from this address (for this account, or for any); see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let (token, me) = app::session::login(&state, &req, &address).await?;
    let cookie = session_cookie(&state, &token, SESSION_LIFETIME.num_seconds());
    let mut res = (StatusCode::OK, Json(me)).into_response();
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(res)
}

/// Log out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Logged out (also when there was no session)")))]
pub async fn logout(State(state): State<AppState>, req: axum::extract::Request) -> ApiResult<Response> {
    let (parts, _) = req.into_parts();
    app::session::logout(&state, auth::session_token(&parts).as_deref()).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    let cookie = session_cookie(&state, "", 0);
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(res)
}

/// The session cookie: script cannot read it, other sites cannot send it, and over HTTPS
/// (`--public-url https://…`) it never travels over plain HTTP.
fn session_cookie(state: &AppState, token: &str, max_age_secs: i64) -> String {
    let secure = if state.https { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}")
}
