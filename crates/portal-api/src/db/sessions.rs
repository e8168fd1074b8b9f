//! Login sessions: the cookie carries a random token, the table only its hash. Each session also
//! has a public id (what the sessions list and "end" name), its device, address and last use.

use sqlx::{FromRow, SqliteExecutor};

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub public_id: &'a str,
    pub partner_id: i64,
    pub device: &'a str,
    pub address: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert(db: impl SqliteExecutor<'_>, s: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, public_id, partner_id, device, address, created_at, expires_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.token_hash)
    .bind(s.public_id)
    .bind(s.partner_id)
    .bind(s.device)
    .bind(s.address)
    .bind(s.created_at)
    .bind(s.expires_at)
    .bind(s.created_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A live session as its partner's requests find it.
#[derive(FromRow)]
pub struct Live {
    pub partner_id: i64,
    pub public_id: String,
    pub last_used_at: i64,
}

/// The live session of a token's hash.
pub async fn live(db: impl SqliteExecutor<'_>, token_hash: &str, now: i64) -> Result<Option<Live>, sqlx::Error> {
    sqlx::query_as(
        "SELECT partner_id, COALESCE(public_id, '') AS public_id, last_used_at FROM sessions
         WHERE token_hash = ? AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Notes that a session was used at `now`.
pub async fn touch(db: impl SqliteExecutor<'_>, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_used_at = ? WHERE token_hash = ? AND last_used_at < ?")
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(FromRow)]
pub struct SessionRow {
    pub public_id: String,
    pub device: String,
    pub address: String,
    pub created_at: i64,
    pub last_used_at: i64,
}

/// The partner's live sessions, the most recently used first.
pub async fn list(db: impl SqliteExecutor<'_>, partner_id: i64, now: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(public_id, '') AS public_id, device, address, created_at, last_used_at FROM sessions
         WHERE partner_id = ? AND expires_at > ? ORDER BY last_used_at DESC, created_at DESC",
    )
    .bind(partner_id)
    .bind(now)
    .fetch_all(db)
    .await
}

/// Ends one of the partner's sessions by its public id: whether there was one.
pub async fn delete_public(db: impl SqliteExecutor<'_>, partner_id: i64, public_id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE partner_id = ? AND public_id = ?")
        .bind(partner_id)
        .bind(public_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of the partner but the one of `keep` (a public id): how many ended.
pub async fn delete_others(db: impl SqliteExecutor<'_>, partner_id: i64, keep: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE partner_id = ? AND COALESCE(public_id, '') <> ?")
        .bind(partner_id)
        .bind(keep)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete(db: impl SqliteExecutor<'_>, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash).execute(db).await?;
    Ok(())
}

/// Forgets sessions that expired by `now`: how many.
pub async fn delete_expired(db: impl SqliteExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= ?").bind(now).execute(db).await?.rows_affected())
}
