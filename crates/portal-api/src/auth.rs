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

/// A session's public id: random, and unrelated to its token.
pub fn new_public_id() -> String {
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// Login throttling (issue 16; **decision**): wrong passwords (logging in, and confirming a change
/// of bank details, count alike) are counted over `FAILED_PASSWORD_WINDOW`, each key with its own
/// free allowance, after which every further attempt waits twice as long as the last after the
/// latest failure (1 s, 2 s, 4 s, … at most `MAX_DELAY`):
/// - from one address for one account: 5 free (a partner mistyping);
/// - from one address for any accounts: 20 free (spraying many accounts from one place);
/// - for one account from addresses it never logged in from: 10 free (guessing from many places).
///   An address the account logged in from before is exempt, so a stranger's failures never slow
///   the owner where the owner works.
///
/// Unknown emails are counted like known ones, so the answers never tell whether an email exists.
pub const FAILED_PASSWORD_WINDOW: chrono::Duration = chrono::Duration::hours(24);
pub const FREE_PER_ADDRESS_AND_ACCOUNT: i64 = 5;
pub const FREE_PER_ADDRESS: i64 = 20;
pub const FREE_PER_ACCOUNT_ELSEWHERE: i64 = 10;
pub const MAX_DELAY: chrono::Duration = chrono::Duration::minutes(15);

/// How long after its latest failure a key with `failures` waits, given `free` of them.
pub fn throttle_delay(failures: i64, free: i64) -> chrono::Duration {
    if failures < free {
        return chrono::Duration::zero();
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(20);
    chrono::Duration::seconds(1i64 << doublings).min(MAX_DELAY)
}

/// 429 while any key of this attempt (its address, its address and account, the account from
/// unknown addresses) must still wait. Otherwise the attempt is counted as a failed one at once,
/// in the same write transaction, until the right password forgives it (`db::logins::succeeded`):
/// the write pool has one connection, so attempts sent together are counted one after another,
/// never all let through by one check while their passwords are being verified.
pub async fn admit_attempt(
    write: &sqlx::SqlitePool,
    email: &str,
    address: &ClientAddress,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let mut tx = write.begin().await?;
    let f = db::logins::failures_since(&mut *tx, email, &address.0, db::ts(now - FAILED_PASSWORD_WINDOW)).await?;
    let mut keys = vec![(f.address_account, FREE_PER_ADDRESS_AND_ACCOUNT), (f.address, FREE_PER_ADDRESS)];
    if !db::logins::is_known(&mut *tx, email, &address.0).await? {
        keys.push((f.account_elsewhere, FREE_PER_ACCOUNT_ELSEWHERE));
    }
    let wait = keys
        .into_iter()
        .filter_map(|((count, latest), free)| Some(latest? + throttle_delay(count, free).num_seconds() - db::ts(now)))
        .max()
        .unwrap_or(0);
    if wait > 0 {
        return Err(ApiError::TooManyAttempts { retry_after_secs: u64::try_from(wait).unwrap_or(1) });
    }
    db::logins::record_failure(&mut *tx, email, &address.0, db::ts(now)).await?;
    tx.commit().await?;
    Ok(())
}

/// Where a request comes from, for throttling: the peer's IP address (an IPv6 address by its /64
/// network, which one client holds whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    pub fn of(peer: std::net::IpAddr) -> ClientAddress {
        match peer {
            std::net::IpAddr::V4(v4) => ClientAddress(v4.to_string()),
            std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientAddress(v4.to_string()),
                None => {
                    let s = v6.segments();
                    ClientAddress(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
                }
            },
        }
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let Some(peer) = peer else { return Ok(ClientAddress("unknown".to_owned())) };
        Ok(ClientAddress::of(client_ip(peer, &parts.headers, &state.trusted_proxies)))
    }
}

/// The client's IP: the TCP peer, unless the peer is a trusted proxy (`--trusted-proxy`); then
/// the address that proxy appended to `X-Forwarded-For` (the rightmost one that is not itself a
/// trusted proxy). Anyone else's `X-Forwarded-For` is ignored: a client could write anything.
pub fn client_ip(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// The logged-in partner making the request; 401 when there is none. Every query a route makes
/// is scoped by this id (R-ACC-1: no partner reads or changes another's data).
#[derive(Debug, Clone, Copy)]
pub struct CurrentPartner {
    pub id: i64,
}

/// How stale a session's "last used" may get before a request writes it again: one write a
/// minute per session at most, not one per request.
const TOUCH_EVERY_SECS: i64 = 60;

/// The live session of the request's cookie, its last use noted; 401 when there is none.
async fn live_session(parts: &Parts, state: &AppState) -> Result<db::sessions::Live, ApiError> {
    let token = session_token(parts).ok_or(ApiError::Unauthenticated)?;
    let hash = token_hash(&token);
    let now = db::ts(state.clock.now());
    let live = db::sessions::live(&state.db.read, &hash, now).await?.ok_or(ApiError::Unauthenticated)?;
    if now - live.last_used_at >= TOUCH_EVERY_SECS {
        db::sessions::touch(&state.db.write, &hash, now).await?;
    }
    Ok(live)
}

impl FromRequestParts<AppState> for CurrentPartner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(CurrentPartner { id: live_session(parts, state).await?.partner_id })
    }
}

/// The logged-in partner and which of its sessions this request is (the sessions list).
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub partner_id: i64,
    pub public_id: String,
}

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let live = live_session(parts, state).await?;
        Ok(CurrentSession { partner_id: live.partner_id, public_id: live.public_id })
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
