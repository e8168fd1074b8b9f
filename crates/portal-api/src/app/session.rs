//! Logging in and out: email and password checked against the stored hash (as long for an
//! unknown email), failed logins throttled per address and account (`auth::refuse_if_throttled`),
//! sessions stored by their token's hash.

use chrono::Duration;
use portal_core::account::login::validate_login;
use portal_core::api::{LoginRequest, Me};

use crate::AppState;
use crate::auth;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// How long a session lasts.
pub const SESSION_LIFETIME: Duration = Duration::days(7);
const WRONG_CREDENTIALS: &str = "Email or password is wrong. Check both and try again.";

/// Logs a partner in: 422 for an empty field or no email address, 429 while this attempt's
/// address or address and account must wait, 401 for a wrong email or password (recorded
/// against the address and the account). Answers the new
/// session's token and the partner as `/me` shows it.
pub async fn login(state: &AppState, req: &LoginRequest, address: &auth::ClientAddress) -> ApiResult<(String, Me)> {
    let errors = validate_login(req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let email = req.email.trim().to_lowercase();
    let now = state.clock.now();
    auth::refuse_if_throttled(&state.db.read, &email, address, now).await?;

    let partner = db::partners::by_email(&state.db.read, &email).await?;
    let stored = partner.as_ref().map_or(&*state.decoy_hash, |p| p.password_hash.as_str()).to_owned();
    let password = req.password.clone();
    let verified = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored))
        .await
        .map_err(ApiError::internal)?;
    let Some(partner) = partner.filter(|_| verified) else {
        db::logins::record_failure(&state.db.write, &email, &address.0, db::ts(now)).await?;
        return Err(ApiError::BadCredentials(WRONG_CREDENTIALS));
    };

    let token = auth::new_token();
    let mut tx = state.db.write.begin().await?;
    db::logins::succeeded(&mut tx, &email, &address.0, db::ts(now)).await?;
    db::sessions::insert(&mut *tx, &auth::token_hash(&token), partner.id, db::ts(now), db::ts(now + SESSION_LIFETIME))
        .await?;
    tx.commit().await?;

    let me = super::partner::me(state, partner.id).await?;
    Ok((token, me))
}

/// Ends the session of `token`, if there is one.
pub async fn logout(state: &AppState, token: Option<&str>) -> ApiResult<()> {
    if let Some(token) = token {
        db::sessions::delete(&state.db.write, &auth::token_hash(token)).await?;
    }
    Ok(())
}
