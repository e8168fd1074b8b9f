//! Embed keys (R-EMB-1): only each key's hash is kept.

use sqlx::{FromRow, SqliteExecutor};

#[derive(FromRow, Clone)]
pub struct Row {
    pub id: i64,
    pub partner_id: i64,
    pub name: String,
    pub prefix: String,
    pub origins: String,
    pub show_prices: bool,
    pub theme: String,
    pub accent: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl Row {
    pub fn origins(&self) -> Vec<String> {
        serde_json::from_str(&self.origins).unwrap_or_default()
    }
}

const COLUMNS: &str = "id, partner_id, name, prefix, origins, show_prices, theme, accent, created_at, last_used_at";

pub struct NewKey<'a> {
    pub partner_id: i64,
    pub name: &'a str,
    pub key_hash: &'a str,
    pub prefix: &'a str,
    pub origins: &'a str,
    pub show_prices: bool,
    pub theme: &'a str,
    pub accent: Option<&'a str>,
    pub created_at: i64,
}

pub async fn insert(db: impl SqliteExecutor<'_>, k: &NewKey<'_>) -> Result<i64, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO embed_keys (partner_id, name, key_hash, prefix, origins, show_prices, theme, accent, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(k.partner_id)
    .bind(k.name)
    .bind(k.key_hash)
    .bind(k.prefix)
    .bind(k.origins)
    .bind(k.show_prices)
    .bind(k.theme)
    .bind(k.accent)
    .bind(k.created_at)
    .execute(db)
    .await?;
    Ok(done.last_insert_rowid())
}

/// A partner's live keys, the newest first.
pub async fn of_partner(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM embed_keys WHERE partner_id = ? AND revoked_at IS NULL ORDER BY id DESC"
    ))
    .bind(partner_id)
    .fetch_all(db)
    .await
}

/// The live key of a hash.
pub async fn live(db: impl SqliteExecutor<'_>, key_hash: &str) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM embed_keys WHERE key_hash = ? AND revoked_at IS NULL"))
        .bind(key_hash)
        .fetch_optional(db)
        .await
}

/// Revokes one of the partner's live keys; false when it has none of that id.
pub async fn revoke(db: impl SqliteExecutor<'_>, partner_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE embed_keys SET revoked_at = ? WHERE id = ? AND partner_id = ? AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(partner_id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes a use at `now`, at most once a minute.
pub async fn touch(db: impl SqliteExecutor<'_>, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE embed_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ? - 60)",
    )
    .bind(now)
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
