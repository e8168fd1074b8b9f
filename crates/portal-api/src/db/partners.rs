//! Partners, their capabilities and their track record.

use chrono::{DateTime, Utc};
use portal_core::Currency;
use portal_core::capability::Capabilities;
use portal_core::probation::Standing;
use portal_core::units::{DisplayPrefs, Paper, Units};
use sqlx::{FromRow, SqliteExecutor};

use super::{from_ts, ts};

#[derive(Debug, Clone, FromRow)]
pub struct PartnerRow {
    pub id: i64,
    pub company: String,
    pub email: String,
    pub password_hash: String,
    pub activated_at: i64,
    pub capabilities: String,
    pub capabilities_version: i64,
    pub currency: String,
    pub units: Option<String>,
    pub paper: Option<String>,
}

impl PartnerRow {
    pub fn activated_at(&self) -> DateTime<Utc> {
        from_ts(self.activated_at)
    }

    /// DOMAIN "Times": the marketplace whose clock counts this partner's days.
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::Usd)
    }

    /// Units and paper: the partner's choice, else its market's default.
    pub fn display(&self) -> DisplayPrefs {
        let default = DisplayPrefs::default_for(self.currency());
        DisplayPrefs {
            units: self.units.as_deref().and_then(Units::parse).unwrap_or(default.units),
            paper: self.paper.as_deref().and_then(Paper::parse).unwrap_or(default.paper),
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        serde_json::from_str(&self.capabilities).unwrap_or_default()
    }
}

pub struct NewPartner<'a> {
    pub company: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub activated_at: DateTime<Utc>,
    pub capabilities: &'a Capabilities,
}

pub async fn insert(db: impl SqliteExecutor<'_>, p: &NewPartner<'_>) -> Result<i64, sqlx::Error> {
    let caps = serde_json::to_string(p.capabilities).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO partners (company, email, password_hash, activated_at, capabilities)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(p.company)
    .bind(p.email.to_lowercase())
    .bind(p.password_hash)
    .bind(ts(p.activated_at))
    .bind(caps)
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// Keeps the partner's units and paper.
pub async fn set_display(db: impl SqliteExecutor<'_>, id: i64, p: DisplayPrefs) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partners SET units = ?, paper = ? WHERE id = ?")
        .bind(p.units.slug())
        .bind(p.paper.slug())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn by_email(db: impl SqliteExecutor<'_>, email: &str) -> Result<Option<PartnerRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM partners WHERE email = ?").bind(email).fetch_optional(db).await
}

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<PartnerRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM partners WHERE id = ?").bind(id).fetch_optional(db).await
}

pub async fn all_ids(db: impl SqliteExecutor<'_>) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM partners ORDER BY id").fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// R-ACC-2: replaces the capabilities when the stored version is still `expected`; returns the
/// new version, or `None` when someone changed them in between.
pub async fn update_capabilities(
    db: impl SqliteExecutor<'_>,
    id: i64,
    caps: &Capabilities,
    expected: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let json = serde_json::to_string(caps).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE partners SET capabilities = ?1, capabilities_version = capabilities_version + 1
         WHERE id = ?2 AND (?3 IS NULL OR capabilities_version = ?3) RETURNING capabilities_version",
    )
    .bind(json)
    .bind(id)
    .bind(expected)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(v,)| v))
}

/// What R-JOB-5 (revised: active until the parts left, completed from then, `OrderStatus`) and
/// R-ACC-3 need to know about a partner's orders.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    pub standing: Standing,
    pub first_accepted_at: Option<DateTime<Utc>>,
}

pub async fn record(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Record, sqlx::Error> {
    let (completed, active, first): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status IN ('shipped', 'closed') THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'in_production' THEN 1 ELSE 0 END), 0),
                MIN(accepted_at)
         FROM orders WHERE partner_id = ?",
    )
    .bind(partner_id)
    .fetch_one(db)
    .await?;
    Ok(Record {
        standing: Standing {
            completed_jobs: u32::try_from(completed).unwrap_or(u32::MAX),
            active_jobs: u32::try_from(active).unwrap_or(u32::MAX),
        },
        first_accepted_at: first.map(from_ts),
    })
}

/// DOMAIN "Times": the marketplace a partner works with, whose clock counts its days.
pub async fn currency(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Currency, sqlx::Error> {
    let (code,): (String,) =
        sqlx::query_as("SELECT currency FROM partners WHERE id = ?").bind(partner_id).fetch_one(db).await?;
    Ok(Currency::parse(&code).unwrap_or(Currency::Usd))
}
