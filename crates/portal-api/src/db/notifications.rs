//! The in-app feed, preferences and the email outbox (R-JOB-9).

use chrono::{DateTime, Utc};
use portal_core::api::{Notification, NotificationKind, NotificationPrefs};
use sqlx::{FromRow, SqliteExecutor};

use super::{Corrupt, decode, from_ts, ts};

/// A notice for one partner.
pub struct NewNotification<'a> {
    pub partner_id: i64,
    pub kind: NotificationKind,
    pub title: &'a str,
    pub body: &'a str,
    pub job_id: Option<i64>,
    pub order_id: Option<i64>,
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    n: &NewNotification<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    write(db, n, None, at).await?.ok_or(sqlx::Error::RowNotFound)
}

/// A notice written at most once per partner, kind and `slot` (a digest's day, an order's
/// reminder): false when it was written before.
pub async fn insert_once(
    db: impl SqliteExecutor<'_>,
    n: &NewNotification<'_>,
    slot: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(write(db, n, Some(slot), at).await?.is_some())
}

/// Writes a notice; with a `slot` taken already, nothing (`None`).
async fn write(
    db: impl SqliteExecutor<'_>,
    n: &NewNotification<'_>,
    slot: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO notifications (partner_id, kind, title, body, job_id, order_id, created_at, slot)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partner_id, kind, slot) WHERE slot IS NOT NULL DO NOTHING
         RETURNING id",
    )
    .bind(n.partner_id)
    .bind(n.kind.slug())
    .bind(n.title)
    .bind(n.body)
    .bind(n.job_id)
    .bind(n.order_id)
    .bind(ts(at))
    .bind(slot)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id,)| id))
}

#[derive(FromRow)]
struct Row {
    id: i64,
    kind: String,
    title: String,
    body: String,
    job_id: Option<i64>,
    order_id: Option<i64>,
    created_at: i64,
    read_at: Option<i64>,
}

/// The newest `limit` notices of a partner.
pub async fn feed(db: impl SqliteExecutor<'_>, partner_id: i64, limit: u32) -> Result<Vec<Notification>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, title, body, job_id, order_id, created_at, read_at FROM notifications
         WHERE partner_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(partner_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            Ok(Notification {
                id: r.id,
                kind: decode("notifications", r.id, "kind", &r.kind, NotificationKind::parse)?,
                title: r.title,
                body: r.body,
                job_id: r.job_id,
                order_id: r.order_id,
                created_at: from_ts(r.created_at),
                read: r.read_at.is_some(),
            })
        })
        .collect::<Result<_, Corrupt>>()?)
}

pub async fn unread(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<u32, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE partner_id = ? AND read_at IS NULL")
        .bind(partner_id)
        .fetch_one(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Marks one notice read. False when the partner has no such notice.
pub async fn mark_read(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND partner_id = ?")
        .bind(ts(at))
        .bind(id)
        .bind(partner_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_all_read(db: impl SqliteExecutor<'_>, partner_id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = ? WHERE partner_id = ? AND read_at IS NULL")
        .bind(ts(at))
        .bind(partner_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn prefs(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<NotificationPrefs, sqlx::Error> {
    let row: Option<(bool, bool, bool)> = sqlx::query_as(
        "SELECT new_jobs, morning_digest, afternoon_digest FROM notification_prefs WHERE partner_id = ?",
    )
    .bind(partner_id)
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|(new_jobs, morning_digest, afternoon_digest)| NotificationPrefs {
            new_jobs,
            morning_digest,
            afternoon_digest,
        })
        .unwrap_or_default())
}

pub async fn set_prefs(db: impl SqliteExecutor<'_>, partner_id: i64, p: NotificationPrefs) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_prefs (partner_id, new_jobs, morning_digest, afternoon_digest) VALUES (?, ?, ?, ?)
         ON CONFLICT (partner_id) DO UPDATE SET new_jobs = excluded.new_jobs,
             morning_digest = excluded.morning_digest, afternoon_digest = excluded.afternoon_digest",
    )
    .bind(partner_id)
    .bind(p.new_jobs)
    .bind(p.morning_digest)
    .bind(p.afternoon_digest)
    .execute(db)
    .await?;
    Ok(())
}

/// An email for the sender to deliver. With a `slot`, at most one per partner, kind and slot:
/// false when it was written before.
pub async fn enqueue_email(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    kind: &str,
    slot: Option<&str>,
    subject: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO outbox (partner_id, kind, slot, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (partner_id, kind, slot) DO NOTHING",
    )
    .bind(partner_id)
    .bind(kind)
    .bind(slot)
    .bind(subject)
    .bind(body)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a slotted email was written already.
pub async fn email_written(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    kind: &str,
    slot: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM outbox WHERE partner_id = ? AND kind = ? AND slot = ?")
        .bind(partner_id)
        .bind(kind)
        .bind(slot)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// A notice of a kind the server does not know fails the feed instead of leaving a gap in it.
    #[tokio::test]
    async fn a_corrupt_notice_is_an_error_not_a_shorter_feed() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_and_job(&mut conn).await;
        let kind = NotificationKind::ALL[0];
        let notice = NewNotification { partner_id: 1, kind, title: "t", body: "b", job_id: None, order_id: None };
        insert(&mut *conn, &notice, chrono::Utc::now()).await.unwrap();
        let bad = insert(&mut *conn, &notice, chrono::Utc::now()).await.unwrap();
        assert_eq!(feed(&mut *conn, 1, 10).await.unwrap().len(), 2);
        tests_support::corrupt_row(&mut conn, "UPDATE notifications SET kind = 'gossip' WHERE id = ?", bad).await;

        let corrupt = tests_support::corrupt(feed(&mut *conn, 1, 10).await.expect_err("a corrupt row is an error"));
        assert_eq!((corrupt.table, corrupt.id), ("notifications", bad));
        assert!(corrupt.detail.contains("kind = 'gossip'"), "{}", corrupt.detail);
    }
}
