//! `POST /session` logs in, `DELETE /session` logs out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use portal_core::account::login::validate_login;
use portal_core::api::{LoginRequest, Me, Problem};

use crate::auth::{self, SESSION_COOKIE};
use crate::db;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{AppState, app};

/// How long a session lasts.
const SESSION_LIFETIME: Duration = Duration::days(7);
const WRONG_CREDENTIALS: &str = "Email or password is wrong. Check both and try again.";

/// Log in with email and password; sets the session cookie.
#[utoipa::path(post, path = "/session", tag = "session", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Email or password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is empty or not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins for this account; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(State(state): State<AppState>, ApiJson(req): ApiJson<LoginRequest>) -> ApiResult<Response> {
    let errors = validate_login(&req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let email = req.email.trim().to_lowercase();
    let now = state.clock.now();
    auth::refuse_if_throttled(&state.db.read, &email, now).await?;

    let partner = db::partners::by_email(&state.db.read, &email).await?;
    let stored = partner.as_ref().map_or(&*state.decoy_hash, |p| p.password_hash.as_str()).to_owned();
    let password = req.password.clone();
    let verified = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored))
        .await
        .map_err(ApiError::internal)?;
    let Some(partner) = partner.filter(|_| verified) else {
        db::logins::record_failure(&state.db.write, &email, db::ts(now)).await?;
        return Err(ApiError::BadCredentials(WRONG_CREDENTIALS));
    };

    let token = auth::new_token();
    let mut tx = state.db.write.begin().await?;
    db::logins::clear(&mut *tx, &email).await?;
    db::sessions::insert(&mut *tx, &auth::token_hash(&token), partner.id, db::ts(now), db::ts(now + SESSION_LIFETIME))
        .await?;
    tx.commit().await?;

    let me = app::partner::me(&state, partner.id).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        SESSION_LIFETIME.num_seconds()
    );
    let mut res = (StatusCode::OK, Json(me)).into_response();
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(res)
}

/// Log out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Logged out (also when there was no session)")))]
pub async fn logout(State(state): State<AppState>, req: axum::extract::Request) -> ApiResult<Response> {
    let (parts, _) = req.into_parts();
    if let Some(token) = auth::session_token(&parts) {
        db::sessions::delete(&state.db.write, &auth::token_hash(&token)).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("portal_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    Ok(res)
}
