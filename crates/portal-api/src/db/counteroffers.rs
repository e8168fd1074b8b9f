//! Counteroffers (R-JOB-4) and their outcome (R-JOB-6).

use chrono::{DateTime, Utc};
use portal_core::api::Counteroffer;
use portal_core::job::board_closes_at;
use portal_core::offer::{Bid, CounterofferRequest, CounterofferStatus};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteExecutor};

use super::{Corrupt, decode, decode_date, from_ts, ts};

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    job_id: i64,
    offer: &CounterofferRequest,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO counteroffers (partner_id, job_id, price_minor, currency, ship_by, note, offered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(partner_id)
    .bind(job_id)
    .bind(offer.price.map(|p| p.amount_minor))
    .bind(offer.price.map(|p| p.currency.code()))
    .bind(offer.ship_by.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(offer.note.trim())
    .bind(ts(at))
    .fetch_one(db)
    .await?;
    Ok(id)
}

#[derive(FromRow)]
struct Row {
    id: i64,
    partner_id: i64,
    job_id: i64,
    reference: String,
    part_name: String,
    job_price_minor: i64,
    job_currency: String,
    job_ship_by: String,
    posted_at: i64,
    closes_at: i64,
    price_minor: Option<i64>,
    currency: Option<String>,
    ship_by: Option<String>,
    note: String,
    offered_at: i64,
    status: String,
    outcome: Option<String>,
    order_id: Option<i64>,
}

const COLUMNS: &str = "c.id, c.partner_id, c.job_id, j.reference, j.part_name, j.price_minor AS job_price_minor,
     j.currency AS job_currency, j.ship_by AS job_ship_by, j.posted_at, j.closes_at, c.price_minor, c.currency,
     c.ship_by, c.note, c.offered_at, c.status, c.outcome, c.order_id
     FROM counteroffers c JOIN jobs j ON j.id = c.job_id";

const TABLE: &str = "counteroffers";

impl Row {
    fn into_api(self) -> Result<Counteroffer, Corrupt> {
        let id = self.id;
        let job_currency = decode(TABLE, id, "jobs.currency", &self.job_currency, Currency::parse)?;
        let price = match (self.price_minor, self.currency.as_deref()) {
            (Some(amount), Some(c)) => Some(Money::new(amount, decode(TABLE, id, "currency", c, Currency::parse)?)),
            _ => None,
        };
        // The window as the board showed it: closed early when the marketplace said so.
        let closes_at = from_ts(self.closes_at).min(board_closes_at(from_ts(self.posted_at)));
        Ok(Counteroffer {
            id,
            job_id: self.job_id,
            reference: self.reference,
            part_name: self.part_name,
            job_price: Money::new(self.job_price_minor, job_currency),
            job_ship_by: decode_date(TABLE, id, "jobs.ship_by", &self.job_ship_by)?,
            price,
            ship_by: self.ship_by.as_deref().map(|d| decode_date(TABLE, id, "ship_by", d)).transpose()?,
            note: self.note,
            offered_at: from_ts(self.offered_at),
            closes_at,
            status: decode(TABLE, id, "status", &self.status, CounterofferStatus::parse)?,
            outcome: self.outcome,
            order_id: self.order_id,
        })
    }
}

/// A partner's counteroffers, newest first.
pub async fn for_partner(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<Counteroffer>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE c.partner_id = ? ORDER BY c.offered_at DESC, c.id DESC"))
            .bind(partner_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Row::into_api).collect::<Result<_, _>>()?)
}

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Counteroffer>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE c.id = ?")).bind(id).fetch_optional(db).await?;
    Ok(row.map(Row::into_api).transpose()?)
}

/// A pending offer on a job, as the award weighs it.
pub struct Pending {
    pub id: i64,
    pub partner_id: i64,
    pub offer: Counteroffer,
}

impl Pending {
    /// R-JOB-6: what the offer would be paid: its price, or the job's when it named only a date.
    pub fn bid(&self, eligible: bool) -> Bid {
        Bid {
            id: self.id,
            price: self.offer.price.unwrap_or(self.offer.job_price),
            offered_at: self.offer.offered_at,
            eligible,
        }
    }
}

pub async fn pending_for_job(db: impl SqliteExecutor<'_>, job_id: i64) -> Result<Vec<Pending>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE c.job_id = ? AND c.status = 'pending' ORDER BY c.id"))
            .bind(job_id)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let partner_id = r.partner_id;
            r.into_api().map(|offer| Pending { id: offer.id, partner_id, offer })
        })
        .collect::<Result<_, _>>()?)
}

/// Decides a pending offer. False when it was no longer pending.
pub async fn decide(
    db: impl SqliteExecutor<'_>,
    id: i64,
    status: CounterofferStatus,
    outcome: &str,
    order_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE counteroffers SET status = ?, outcome = ?, order_id = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
    )
    .bind(status.slug())
    .bind(outcome)
    .bind(order_id)
    .bind(ts(at))
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// A counteroffer whose status is not one the server knows fails the read instead of leaving
    /// the offer out of the partner's list (or out of the award).
    #[tokio::test]
    async fn a_corrupt_counteroffer_is_an_error_not_a_shorter_list() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_and_job(&mut conn).await;
        let offer = CounterofferRequest { price: None, ship_by: Some(Utc::now().date_naive()), note: "n".into() };
        let good = insert(&mut *conn, 1, 1, &offer, Utc::now()).await.unwrap();
        let job = tests_support::job(&mut conn, "J-2").await;
        let bad = insert(&mut *conn, 1, job, &offer, Utc::now()).await.unwrap();
        assert_eq!(for_partner(&mut *conn, 1).await.unwrap().len(), 2);
        tests_support::corrupt_row(&mut conn, "UPDATE counteroffers SET status = 'haggling' WHERE id = ?", bad).await;

        let err = for_partner(&mut *conn, 1).await.expect_err("a corrupt row is an error");
        let corrupt = tests_support::corrupt(err);
        assert_eq!((corrupt.table, corrupt.id), ("counteroffers", bad));
        assert!(corrupt.detail.contains("status = 'haggling'"), "{}", corrupt.detail);
        assert!(by_id(&mut *conn, good).await.unwrap().is_some());
    }
}
