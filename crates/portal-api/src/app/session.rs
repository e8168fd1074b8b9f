//! Logging in and out: email and password checked against the stored hash (as long for an
//! unknown email), failed logins throttled per address and account (`auth::admit_attempt`),
//! sessions stored by their token's hash.

use chrono::Duration;
use portal_core::account::login::validate_login;
use portal_core::api::{ActiveSession, LoginRequest, Me, SessionList};

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
pub async fn login(
    state: &AppState,
    req: &LoginRequest,
    address: &auth::ClientAddress,
    user_agent: &str,
) -> ApiResult<(String, Me)> {
    let errors = validate_login(req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let email = req.email.trim().to_lowercase();
    let now = state.clock.now();
    auth::admit_attempt(&state.db.write, &email, address, now).await?;

    let partner = db::partners::by_email(&state.db.read, &email).await?;
    let stored = partner.as_ref().map_or(&*state.decoy_hash, |p| p.password_hash.as_str()).to_owned();
    let password = req.password.clone();
    let verified = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored))
        .await
        .map_err(ApiError::internal)?;
    let Some(partner) = partner.filter(|_| verified) else {
        // Counted already (`admit_attempt`).
        return Err(ApiError::BadCredentials(WRONG_CREDENTIALS));
    };

    let token = auth::new_token();
    let mut tx = state.db.write.begin().await?;
    db::logins::succeeded(&mut tx, &email, &address.0, db::ts(now)).await?;
    let session = db::sessions::NewSession {
        token_hash: &auth::token_hash(&token),
        public_id: &auth::new_public_id(),
        partner_id: partner.id,
        device: &portal_core::account::device_name(user_agent),
        address: &address.0,
        created_at: db::ts(now),
        expires_at: db::ts(now + SESSION_LIFETIME),
    };
    db::sessions::insert(&mut *tx, &session).await?;
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

/// Where the partner is logged in; `current` marks the session of `current_id`.
pub async fn sessions(state: &AppState, partner_id: i64, current_id: &str) -> ApiResult<SessionList> {
    let rows = db::sessions::list(&state.db.read, partner_id, db::ts(state.clock.now())).await?;
    Ok(SessionList {
        sessions: rows
            .into_iter()
            .map(|r| ActiveSession {
                current: r.public_id == current_id,
                id: r.public_id,
                device: r.device,
                address: r.address,
                logged_in_at: db::from_ts(r.created_at),
                last_used_at: db::from_ts(r.last_used_at),
            })
            .collect(),
    })
}

/// Ends one of the partner's sessions (404 when it is not one of theirs); the list after.
pub async fn end_session(state: &AppState, partner_id: i64, current_id: &str, id: &str) -> ApiResult<SessionList> {
    if !db::sessions::delete_public(&state.db.write, partner_id, id).await? {
        return Err(ApiError::NotFound("session"));
    }
    sessions(state, partner_id, current_id).await
}

/// Ends every session of the partner but this one; the list after (this session alone).
pub async fn end_others(state: &AppState, partner_id: i64, current_id: &str) -> ApiResult<SessionList> {
    db::sessions::delete_others(&state.db.write, partner_id, current_id).await?;
    sessions(state, partner_id, current_id).await
}
