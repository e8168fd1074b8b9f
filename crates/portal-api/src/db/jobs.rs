//! Jobs offered on the board and what partners decided about them.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::OrderTerms;
use portal_core::capability::{Certification, Dimensions, Finish, Material, Process};
use portal_core::job::{BoardWindow, Decision, JobRequirements, JobStatus, board_closes_at};
use portal_core::offer::DeclineReason;
use portal_core::shipping::DeliveryTerms;
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteExecutor};

use super::{Corrupt, decode, decode_date, decode_u32, from_ts, ts};

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
    pub settled_at: Option<i64>,
    pub qc_report_required: bool,
    pub delivery_terms: String,
    pub ship_to: String,
    pub tolerance: String,
    pub notes: String,
}

/// A job read back as domain values: what was posted, and where it stands now.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub status: JobStatus,
    /// R-JOB-2: on the boards from posting until closes (48 h later, or earlier when the
    /// marketplace closed the bidding).
    pub window: BoardWindow,
    pub posting: JobPosting,
}

const TABLE: &str = "jobs";

impl JobRow {
    /// The job as domain values; a stored value that is not one we know (a row written by a newer
    /// server, a hand edit) is an error naming the row, never a job left off the board.
    pub fn into_job(self) -> Result<Job, Corrupt> {
        let id = self.id;
        let slugs: Vec<String> = serde_json::from_str(&self.certifications).map_err(|e| Corrupt {
            table: TABLE,
            id,
            detail: format!("certifications is not a JSON list: {e}"),
        })?;
        let certifications = slugs
            .iter()
            .map(|c| decode(TABLE, id, "certifications", c, Certification::parse))
            .collect::<Result<Vec<_>, _>>()?;
        let posting = JobPosting {
            reference: self.reference,
            part_name: self.part_name,
            requirements: JobRequirements {
                process: decode(TABLE, id, "process", &self.process, Process::parse)?,
                material: decode(TABLE, id, "material", &self.material, Material::parse)?,
                finish: decode(TABLE, id, "finish", &self.finish, Finish::parse)?,
                certifications,
                part_size: Dimensions::new(
                    decode_u32(TABLE, id, "size_x_mm", self.size_x_mm)?,
                    decode_u32(TABLE, id, "size_y_mm", self.size_y_mm)?,
                    decode_u32(TABLE, id, "size_z_mm", self.size_z_mm)?,
                ),
            },
            quantity: decode_u32(TABLE, id, "quantity", self.quantity)?,
            price: Money::new(self.price_minor, decode(TABLE, id, "currency", &self.currency, Currency::parse)?),
            ship_by: decode_date(TABLE, id, "ship_by", &self.ship_by)?,
            posted_at: from_ts(self.posted_at),
            terms: OrderTerms {
                qc_report_required: self.qc_report_required,
                delivery_terms: decode(TABLE, id, "delivery_terms", &self.delivery_terms, DeliveryTerms::parse)?,
                ship_to: self.ship_to,
                tolerance: self.tolerance,
                notes: self.notes,
            },
        };
        let window = BoardWindow { opens: posting.posted_at, closes: from_ts(self.closes_at) };
        Ok(Job { id, status: decode(TABLE, id, "status", &self.status, JobStatus::parse)?, window, posting })
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
    /// What the order will ask: QC report, delivery terms, ship-to.
    pub terms: OrderTerms,
}

pub async fn insert(db: impl SqliteExecutor<'_>, job: &JobPosting) -> Result<i64, sqlx::Error> {
    let r = &job.requirements;
    let certs: Vec<&str> = r.certifications.iter().map(|c| c.slug()).collect();
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO jobs (reference, part_name, process, material, finish, certifications,
                           size_x_mm, size_y_mm, size_z_mm, quantity, price_minor, currency,
                           ship_by, posted_at, closes_at, qc_report_required, delivery_terms, ship_to,
                           tolerance, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
    .bind(job.terms.qc_report_required)
    .bind(job.terms.delivery_terms.slug())
    .bind(job.terms.ship_to.trim())
    .bind(job.terms.tolerance.trim())
    .bind(job.terms.notes.trim())
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// Every open job not yet settled, leaving the board soonest first. The rules of portal-core
/// decide which of them are on a partner's board now.
pub async fn open(db: impl SqliteExecutor<'_>) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM jobs WHERE status = 'open' AND settled_at IS NULL ORDER BY closes_at, id")
        .fetch_all(db)
        .await
}

/// Changes with every insert or update of a job (a trigger bumps it).
pub async fn board_version(db: impl SqliteExecutor<'_>) -> Result<i64, sqlx::Error> {
    let (v,): (i64,) = sqlx::query_as("SELECT version FROM board_version WHERE id = 1").fetch_one(db).await?;
    Ok(v)
}

/// `board_version` and the partner's `partner_board_version`, read together; `None` for a
/// partner that does not exist.
pub async fn board_versions(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT version FROM board_version WHERE id = 1), version FROM partner_board_version
         WHERE partner_id = ?",
    )
    .bind(partner_id)
    .fetch_optional(db)
    .await
}

/// The jobs this partner has acted on (R-JOB-3), and the handed-back jobs it had seen before they
/// came back (R-ORD-7: a job returns only to the boards of partners who have not seen it).
pub async fn decided_by(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT job_id FROM job_decisions WHERE partner_id = ?
         UNION SELECT v.job_id FROM job_views v JOIN jobs j ON j.id = v.job_id
               WHERE v.partner_id = ? AND j.reopened_at IS NOT NULL AND v.at < j.reopened_at",
    )
    .bind(partner_id)
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// R-ORD-7: a handed-back job is open again, for 48 hours from now.
pub async fn reopen(db: impl SqliteExecutor<'_>, job_id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE jobs SET status = 'open', taken_by = NULL, taken_at = NULL, settled_at = NULL, closes_at = ?,
                         reopened_at = ?
         WHERE id = ?",
    )
    .bind(ts(board_closes_at(now)))
    .bind(ts(now))
    .bind(job_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Engagement facts for the score (R-PSS-5): every accept, decline and counteroffer with its time.
pub async fn decisions_of(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
) -> Result<Vec<(i64, Decision, DateTime<Utc>)>, sqlx::Error> {
    let rows: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT job_id, decision, at FROM job_decisions WHERE partner_id = ? ORDER BY at, job_id")
            .bind(partner_id)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(j, d, at)| Ok((j, decode_decision(partner_id, j, &d)?, from_ts(at))))
        .collect::<Result<_, Corrupt>>()?)
}

/// `job_decisions` is keyed by partner and job: the job names the row, the partner the detail.
fn decode_decision(partner_id: i64, job_id: i64, raw: &str) -> Result<Decision, Corrupt> {
    decode("job_decisions", job_id, &format!("decision (partner {partner_id})"), raw, Decision::parse)
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
    Ok(row.map(|(d,)| decode_decision(partner_id, job_id, &d)).transpose()?)
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

/// Takes an open job for a partner (an accept, or R-JOB-6's award). False when someone else got
/// there first.
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

/// R-JOB-4: records why a partner declined (beside its decision).
pub async fn record_decline(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    job_id: i64,
    reason: DeclineReason,
    feedback: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO declines (partner_id, job_id, reason, feedback, at) VALUES (?, ?, ?, ?, ?)")
        .bind(partner_id)
        .bind(job_id)
        .bind(reason.slug())
        .bind(feedback)
        .bind(ts(at))
        .execute(db)
        .await?;
    Ok(())
}

/// Notes that a partner opened a job (latest time kept).
pub async fn record_view(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    job_id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO job_views (partner_id, job_id, at) VALUES (?, ?, ?)
         ON CONFLICT (partner_id, job_id) DO UPDATE SET at = excluded.at",
    )
    .bind(partner_id)
    .bind(job_id)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Partners who opened a job and did nothing with it, other than `except`.
pub async fn idle_viewers(db: impl SqliteExecutor<'_>, job_id: i64, except: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT v.partner_id FROM job_views v
         WHERE v.job_id = ? AND v.partner_id <> ?
           AND NOT EXISTS (SELECT 1 FROM job_decisions d WHERE d.partner_id = v.partner_id AND d.job_id = v.job_id)",
    )
    .bind(job_id)
    .bind(except)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The marketplace closes a job's bidding now: it leaves every board. False when it was not open.
pub async fn close_bidding(db: impl SqliteExecutor<'_>, job_id: i64, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE jobs SET closes_at = ? WHERE id = ? AND status = 'open' AND closes_at > ?")
        .bind(ts(now))
        .bind(job_id)
        .bind(ts(now))
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The marketplace withdraws an open job. False when it was not open.
pub async fn withdraw(db: impl SqliteExecutor<'_>, job_id: i64, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE jobs SET status = 'withdrawn', settled_at = ? WHERE id = ? AND status = 'open'")
        .bind(ts(now))
        .bind(job_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Open jobs whose bidding has closed and that nobody has settled yet.
pub async fn closed_unsettled(db: impl SqliteExecutor<'_>, now: DateTime<Utc>) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM jobs WHERE status = 'open' AND settled_at IS NULL AND closes_at <= ? ORDER BY closes_at, id",
    )
    .bind(ts(now))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Claims a closed job for settling: true for exactly one caller, however many try.
pub async fn claim_settlement(
    db: impl SqliteExecutor<'_>,
    job_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET settled_at = ? WHERE id = ? AND status = 'open' AND settled_at IS NULL AND closes_at <= ?",
    )
    .bind(ts(now))
    .bind(job_id)
    .bind(ts(now))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// A job whose process is not one the server knows is an error naming it, not a job quietly
    /// missing from every board.
    #[tokio::test]
    async fn a_corrupt_job_is_an_error_not_left_off_the_board() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_and_job(&mut conn).await;
        let row = by_id(&mut *conn, 1).await.unwrap().unwrap();
        assert!(row.into_job().is_ok());
        tests_support::corrupt_row(&mut conn, "UPDATE jobs SET process = 'laser_cutting' WHERE id = ?", 1).await;

        let corrupt = by_id(&mut *conn, 1).await.unwrap().unwrap().into_job().expect_err("a corrupt row is an error");
        assert_eq!((corrupt.table, corrupt.id), ("jobs", 1));
        assert!(corrupt.detail.contains("process = 'laser_cutting'"), "{}", corrupt.detail);
    }

    /// A decision that is not a known one fails the score's engagement facts instead of
    /// shortening them.
    #[tokio::test]
    async fn a_corrupt_decision_is_an_error_not_a_shorter_list() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_and_job(&mut conn).await;
        record_decision(&mut *conn, 1, 1, Decision::Declined, Utc::now()).await.unwrap();
        assert_eq!(decisions_of(&mut *conn, 1).await.unwrap().len(), 1);
        tests_support::corrupt_row(&mut conn, "UPDATE job_decisions SET decision = 'ignored' WHERE job_id = ?", 1)
            .await;

        let corrupt = tests_support::corrupt(decisions_of(&mut *conn, 1).await.expect_err("a corrupt row is an error"));
        assert_eq!((corrupt.table, corrupt.id), ("job_decisions", 1));
        assert!(corrupt.detail.contains("'ignored'"), "{}", corrupt.detail);
        assert!(decision_of(&mut *conn, 1, 1).await.is_err());
    }
}
