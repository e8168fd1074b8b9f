//! Stored first answers for `Idempotency-Key`s.

use sqlx::SqliteExecutor;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub request: String,
    pub status: i64,
    pub body: String,
}

pub async fn find(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    sqlx::query_as("SELECT request, status, body FROM idempotency_keys WHERE partner_id = ? AND key = ?")
        .bind(partner_id)
        .bind(key)
        .fetch_optional(db)
        .await
}

pub async fn store(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    key: &str,
    request: &str,
    status: u16,
    body: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (partner_id, key, request, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(partner_id)
    .bind(key)
    .bind(request)
    .bind(i64::from(status))
    .bind(body)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}
