//! Jobs offered on the board and what partners decided about them.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::capability::{Certification, Dimensions, Finish, Material, Process};
use portal_core::job::{Decision, JobRequirements, JobStatus, board_closes_at};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteExecutor};

use super::{from_ts, ts};

#[derive(Debug, Clone, FromRow)]
pub struct JobRow {
    pub id: i64,
    pub reference: String,
    pub part_name: String,
    pub process: String,
    pub material: String,
    pub finish: String,
    pub certifications: String,
    pub size_x_mm: i64,
    pub size_y_mm: i64,
    pub size_z_mm: i64,
    pub quantity: i64,
    pub price_minor: i64,
    pub currency: String,
    pub ship_by: String,
    pub posted_at: i64,
    pub closes_at: i64,
    pub status: String,
    pub taken_by: Option<i64>,
    pub taken_at: Option<i64>,
}

/// A job read back as domain values: what was posted, and where it stands now.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub status: JobStatus,
    pub posting: JobPosting,
}

impl JobRow {
    /// `None` when a stored value is not one we know (a row written by a newer server), which
    /// the board then leaves out rather than guess.
    pub fn into_job(self) -> Option<Job> {
        let certifications: Vec<String> = serde_json::from_str(&self.certifications).ok()?;
        let certifications = certifications.iter().map(|c| Certification::parse(c)).collect::<Option<Vec<_>>>()?;
        let dim = |v: i64| u32::try_from(v).ok();
        let posting = JobPosting {
            reference: self.reference,
            part_name: self.part_name,
            requirements: JobRequirements {
                process: Process::parse(&self.process)?,
                material: Material::parse(&self.material)?,
                finish: Finish::parse(&self.finish)?,
                certifications,
                part_size: Dimensions::new(dim(self.size_x_mm)?, dim(self.size_y_mm)?, dim(self.size_z_mm)?),
            },
            quantity: u32::try_from(self.quantity).ok()?,
            price: Money::new(self.price_minor, Currency::parse(&self.currency)?),
            ship_by: NaiveDate::parse_from_str(&self.ship_by, "%Y-%m-%d").ok()?,
            posted_at: from_ts(self.posted_at),
        };
        Some(Job { id: self.id, status: JobStatus::parse(&self.status)?, posting })
    }
}

/// A job as the marketplace posts it.
#[derive(Debug, Clone)]
pub struct JobPosting {
    pub reference: String,
    pub part_name: String,
    pub requirements: JobRequirements,
    pub quantity: u32,
    pub price: Money,
    pub ship_by: NaiveDate,
    pub posted_at: DateTime<Utc>,
}

pub async fn insert(db: impl SqliteExecutor<'_>, job: &JobPosting) -> Result<i64, sqlx::Error> {
    let r = &job.requirements;
    let certs: Vec<&str> = r.certifications.iter().map(|c| c.slug()).collect();
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO jobs (reference, part_name, process, material, finish, certifications,
                           size_x_mm, size_y_mm, size_z_mm, quantity, price_minor, currency,
                           ship_by, posted_at, closes_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&job.reference)
    .bind(&job.part_name)
    .bind(r.process.slug())
    .bind(r.material.slug())
    .bind(r.finish.slug())
    .bind(serde_json::to_string(&certs).unwrap_or_else(|_| "[]".to_owned()))
    .bind(i64::from(r.part_size.x_mm))
    .bind(i64::from(r.part_size.y_mm))
    .bind(i64::from(r.part_size.z_mm))
    .bind(i64::from(job.quantity))
    .bind(job.price.amount_minor)
    .bind(job.price.currency.code())
    .bind(job.ship_by.format("%Y-%m-%d").to_string())
    .bind(ts(job.posted_at))
    .bind(ts(board_closes_at(job.posted_at)))
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// Open jobs inside their board window that this partner has not decided on yet. The rules of
/// portal-core still have the last word on each row.
pub async fn live_for(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT j.* FROM jobs j
         WHERE j.status = 'open' AND j.posted_at <= ? AND j.closes_at > ?
           AND NOT EXISTS (SELECT 1 FROM job_decisions d WHERE d.partner_id = ? AND d.job_id = j.id)",
    )
    .bind(ts(now))
    .bind(ts(now))
    .bind(partner_id)
    .fetch_all(db)
    .await
}

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM jobs WHERE id = ?").bind(id).fetch_optional(db).await
}

pub async fn decision_of(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    job_id: i64,
) -> Result<Option<Decision>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT decision FROM job_decisions WHERE partner_id = ? AND job_id = ?")
            .bind(partner_id)
            .bind(job_id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(d,)| Decision::parse(&d)))
}

pub async fn record_decision(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    job_id: i64,
    decision: Decision,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO job_decisions (partner_id, job_id, decision, at) VALUES (?, ?, ?, ?)")
        .bind(partner_id)
        .bind(job_id)
        .bind(decision.slug())
        .bind(ts(at))
        .execute(db)
        .await?;
    Ok(())
}

/// Takes an open job for a partner. False when someone else got there first.
pub async fn take(
    db: impl SqliteExecutor<'_>,
    job_id: i64,
    partner_id: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE jobs SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'open'")
            .bind(partner_id)
            .bind(ts(at))
            .bind(job_id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}
