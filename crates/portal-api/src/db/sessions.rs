//! Login sessions: the cookie carries a random token, the table only its hash.

use sqlx::SqliteExecutor;

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    token_hash: &str,
    partner_id: i64,
    created_at: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, partner_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(token_hash)
        .bind(partner_id)
        .bind(created_at)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(())
}

/// The partner of a live session.
pub async fn partner_of(db: impl SqliteExecutor<'_>, token_hash: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT partner_id FROM sessions WHERE token_hash = ? AND expires_at > ?")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn delete(db: impl SqliteExecutor<'_>, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash).execute(db).await?;
    Ok(())
}
