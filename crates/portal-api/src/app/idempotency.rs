//! `Idempotency-Key` (R-JOB-10): a creating request's first answer is stored under the partner's
//! key in the transaction that creates, so a retry replays it and creates nothing.

use chrono::{DateTime, Utc};
use portal_core::api::FieldError;
use sqlx::SqliteConnection;

use crate::db;
use crate::error::{ApiError, ApiResult};

/// A stored (always successful) JSON answer: its status and body, as first sent.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: i64,
    pub body: String,
}

/// The first answer to a replayed key; a key reused for another action is refused (422).
pub async fn replay(
    conn: &mut SqliteConnection,
    partner_id: i64,
    key: &str,
    request: &str,
) -> ApiResult<Option<Stored>> {
    let Some(first) = db::idempotency::find(&mut *conn, partner_id, key).await? else {
        return Ok(None);
    };
    if first.request != request {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "Idempotency-Key",
            "reused",
            "This Idempotency-Key was already used for another action; send a fresh one.",
        )]));
    }
    Ok(Some(Stored { status: first.status, body: first.body }))
}

/// Records a creation's 201 answer under its key, commits, and returns the answer.
pub async fn created(
    mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
    partner_id: i64,
    key: &str,
    request: &str,
    value: &impl serde::Serialize,
    now: DateTime<Utc>,
) -> ApiResult<Stored> {
    let body = serde_json::to_string(value).map_err(ApiError::internal)?;
    const CREATED: u16 = 201;
    db::idempotency::store(&mut *tx, partner_id, key, request, CREATED, &body, db::ts(now)).await?;
    tx.commit().await?;
    Ok(Stored { status: i64::from(CREATED), body })
}
