//! `POST /session` logs in, `DELETE /session` logs out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{LoginRequest, Me, Problem, SessionList};

use crate::app::session::SESSION_LIFETIME;
use crate::auth::{self, ClientAddress, CurrentSession, SESSION_COOKIE};
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::routes::problems::NotLoggedIn;
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
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (token, me) = app::session::login(&state, &req, &address, user_agent).await?;
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

/// Where the partner is logged in: each session's device, address, when it began and was last
/// used (within a minute); `current` is this one.
#[utoipa::path(get, path = "/sessions", tag = "session", operation_id = "list_sessions",
    responses((status = 200, body = SessionList), NotLoggedIn))]
pub async fn list(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<SessionList>> {
    Ok(Json(app::session::sessions(&state, session.partner_id, &session.public_id).await?))
}

/// Ends one of the partner's sessions (that device must log in again); the list after. Ending
/// this device's own session logs it out.
#[utoipa::path(delete, path = "/sessions/{id}", tag = "session", operation_id = "end_session",
    params(("id" = String, Path, description = "The session's id from the list")),
    responses(
        (status = 200, body = SessionList),
        NotLoggedIn,
        (status = 404, description = "No session of yours with that id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end(
    State(state): State<AppState>,
    session: CurrentSession,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SessionList>> {
    Ok(Json(app::session::end_session(&state, session.partner_id, &session.public_id, &id).await?))
}

/// Ends every other session of the partner (a lost tablet, a shared computer); the list after.
#[utoipa::path(post, path = "/sessions/end-others", tag = "session", operation_id = "end_other_sessions",
    responses((status = 200, body = SessionList), NotLoggedIn))]
pub async fn end_others(State(state): State<AppState>, session: CurrentSession) -> ApiResult<Json<SessionList>> {
    Ok(Json(app::session::end_others(&state, session.partner_id, &session.public_id).await?))
}

/// The session cookie: script cannot read it, other sites cannot send it, and over HTTPS
/// (`--public-url https://…`) it never travels over plain HTTP.
fn session_cookie(state: &AppState, token: &str, max_age_secs: i64) -> String {
    let secure = if state.https { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}")
}
