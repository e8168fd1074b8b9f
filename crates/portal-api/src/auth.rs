//! Passwords (argon2), session tokens (random 256-bit, stored hashed) and the extractor that
//! turns a session cookie into the calling partner.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::db;
use crate::error::ApiError;

pub const SESSION_COOKIE: &str = "portal_session";

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Checks a password against a stored hash. Also called for unknown emails (against a fixed
/// hash) so both take the same time.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A new random session token (256 bits) for the cookie.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// The session token from the request's cookies.
pub fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// Login throttling: this many wrong passwords per account within the window lock it for the
/// window (logging in, and confirming a change of bank details, count alike).
pub const MAX_FAILED_PASSWORDS: i64 = 5;
pub const FAILED_PASSWORD_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// 429 while the account has had too many wrong passwords lately.
pub async fn refuse_if_throttled(
    db: impl sqlx::SqliteExecutor<'_>,
    email: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let (failures, oldest) = db::logins::failures_since(db, email, db::ts(now - FAILED_PASSWORD_WINDOW)).await?;
    if failures >= MAX_FAILED_PASSWORDS {
        let frees_at = oldest.unwrap_or_default() + FAILED_PASSWORD_WINDOW.num_seconds();
        let retry_after_secs = u64::try_from(frees_at - db::ts(now)).unwrap_or(1).max(1);
        return Err(ApiError::TooManyAttempts { retry_after_secs });
    }
    Ok(())
}

/// The logged-in partner making the request; 401 when there is none. Every query a route makes
/// is scoped by this id (R-ACC-1: no partner reads or changes another's data).
#[derive(Debug, Clone, Copy)]
pub struct CurrentPartner {
    pub id: i64,
}

impl FromRequestParts<AppState> for CurrentPartner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(parts).ok_or(ApiError::Unauthenticated)?;
        let now = db::ts(state.clock.now());
        let id = db::sessions::partner_of(&state.db.read, &token_hash(&token), now)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentPartner { id })
    }
}

/// The marketplace operator, proven by `Authorization: Bearer <PORTAL_OPERATOR_TOKEN>`. A partner
/// session is never enough. Without a configured token the operator API does not exist (404).
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.operator_token.as_deref() else {
            return Err(ApiError::NotFound("API route"));
        };
        let given = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthenticated)?;
        // Compare digests, so the comparison takes as long whatever the token.
        if Sha256::digest(given.trim().as_bytes()) != Sha256::digest(expected.as_bytes()) {
            return Err(ApiError::Forbidden("This operator token is not valid."));
        }
        Ok(Operator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_are_stable() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in unpadded base64");
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
