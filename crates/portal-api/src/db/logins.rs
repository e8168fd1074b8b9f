//! Failed logins per account, for throttling.

use sqlx::SqliteExecutor;

pub async fn record_failure(db: impl SqliteExecutor<'_>, email: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, at) VALUES (?, ?)").bind(email).bind(at).execute(db).await?;
    Ok(())
}

/// Failures since `since`: how many, and the oldest of them.
pub async fn failures_since(
    db: impl SqliteExecutor<'_>,
    email: &str,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE email = ? AND at > ?")
        .bind(email)
        .bind(since)
        .fetch_one(db)
        .await
}

pub async fn clear(db: impl SqliteExecutor<'_>, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = ?").bind(email).execute(db).await?;
    Ok(())
}
