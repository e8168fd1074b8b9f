//! What the score engine is given, read from the database: a partner's orders, lines, shipments,
//! check-ins and decisions, each with when it happened, so the inputs can be taken as they stood
//! on any day (the 26-week history).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::job::Decision;
use portal_core::order::CheckInQuestion;
use portal_core::score::{JobDecision, JobOutcome, ScoreInputs, ScorePolicy};
use portal_core::shipping::Delivery;
use sqlx::{SqliteConnection, SqliteExecutor};

use super::{from_ts, ts};

struct OrderFacts {
    id: i64,
    number: String,
    lead_time: NaiveDate,
    accepted_on: NaiveDate,
    /// (line id, quantity, rejected on)
    lines: Vec<(i64, i64, Option<NaiveDate>)>,
    /// In the order they were published.
    shipments: Vec<ShipmentFacts>,
    /// Per question of `CheckInQuestion::ALL`: (answered on, answer).
    check_ins: [Option<(NaiveDate, bool)>; 4],
}

struct ShipmentFacts {
    published: NaiveDate,
    /// The day it left.
    left: NaiveDate,
    /// (line id, quantity)
    contents: Vec<(i64, i64)>,
}

/// Everything the score of one partner is computed from, with dates.
pub struct ScoreFacts {
    orders: Vec<OrderFacts>,
    decisions: Vec<JobDecision>,
}

fn day(secs: i64) -> NaiveDate {
    from_ts(secs).date_naive()
}

fn date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

pub async fn facts(db: &mut SqliteConnection, partner_id: i64) -> Result<ScoreFacts, sqlx::Error> {
    let orders: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, number, lead_time, accepted_at FROM orders WHERE partner_id = ? ORDER BY id")
            .bind(partner_id)
            .fetch_all(&mut *db)
            .await?;
    let mut by_id: HashMap<i64, OrderFacts> = orders
        .into_iter()
        .filter_map(|(id, number, lead, accepted)| {
            Some((
                id,
                OrderFacts {
                    id,
                    number,
                    lead_time: date(&lead)?,
                    accepted_on: day(accepted),
                    lines: vec![],
                    shipments: vec![],
                    check_ins: [None; 4],
                },
            ))
        })
        .collect();

    let lines: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.order_id, l.id, l.quantity, l.rejected_at FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.partner_id = ? ORDER BY l.id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (order_id, line_id, quantity, rejected) in lines {
        if let Some(o) = by_id.get_mut(&order_id) {
            o.lines.push((line_id, quantity, rejected.map(day)));
        }
    }

    let shipment_lines: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT sl.shipment_id, sl.line_id, sl.quantity FROM shipment_lines sl
         JOIN shipments s ON s.id = sl.shipment_id WHERE s.partner_id = ?",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    let mut contents: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (shipment, line, quantity) in shipment_lines {
        contents.entry(shipment).or_default().push((line, quantity));
    }
    let shipments: Vec<(i64, i64, i64, Option<String>, String)> = sqlx::query_as(
        "SELECT id, order_id, published_at, shipped_on, delivery FROM shipments WHERE partner_id = ?
         ORDER BY published_at, id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (id, order_id, published_at, shipped_on, delivery) in shipments {
        let published = day(published_at);
        // The day it left: as the marketplace recorded it, else as the partner said, else the
        // day the shipping information was published.
        let expected = match serde_json::from_str::<Delivery>(&delivery) {
            Ok(Delivery::Partner { expected_ship_date, .. }) => expected_ship_date,
            _ => None,
        };
        let left = shipped_on.as_deref().and_then(date).or(expected).unwrap_or(published);
        if let Some(o) = by_id.get_mut(&order_id) {
            o.shipments.push(ShipmentFacts { published, left, contents: contents.remove(&id).unwrap_or_default() });
        }
    }

    let check_ins: Vec<(i64, String, bool, i64)> = sqlx::query_as(
        "SELECT c.order_id, c.question, c.answer, c.answered_at FROM order_check_ins c
         JOIN orders o ON o.id = c.order_id WHERE o.partner_id = ?",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (order_id, question, answer, at) in check_ins {
        let Some(i) = CheckInQuestion::ALL.iter().position(|q| q.slug() == question) else { continue };
        if let Some(o) = by_id.get_mut(&order_id) {
            o.check_ins[i] = Some((day(at), answer));
        }
    }

    let decisions: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT j.reference, d.decision, d.at FROM job_decisions d JOIN jobs j ON j.id = d.job_id
         WHERE d.partner_id = ? ORDER BY d.at, j.id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    let decisions = decisions
        .into_iter()
        .filter_map(|(reference, decision, at)| {
            Some(JobDecision { reference, decided_on: day(at), decision: Decision::parse(&decision)? })
        })
        .collect();

    let mut orders: Vec<OrderFacts> = by_id.into_values().collect();
    orders.sort_by_key(|o| o.id);
    Ok(ScoreFacts { orders, decisions })
}

impl ScoreFacts {
    /// The engine's inputs as they stood at the end of `as_of`: what had been taken, shipped,
    /// answered, rejected and decided by then.
    pub fn inputs_on(&self, as_of: NaiveDate) -> ScoreInputs {
        let taken: Vec<&OrderFacts> = self.orders.iter().filter(|o| o.accepted_on <= as_of).collect();
        let jobs = taken
            .iter()
            .map(|o| {
                let mut left: HashMap<i64, i64> = o.lines.iter().map(|(id, q, _)| (*id, *q)).collect();
                let mut last = None;
                let mut shipped_on = None;
                for s in o.shipments.iter().filter(|s| s.published <= as_of) {
                    for (line, q) in &s.contents {
                        if let Some(l) = left.get_mut(line) {
                            *l -= q;
                        }
                    }
                    last = last.max(Some(s.left));
                    if left.values().all(|l| *l <= 0) {
                        // The job shipped with this package, if that day has come.
                        shipped_on = last.filter(|d| *d <= as_of);
                        break;
                    }
                }
                let answered = o.check_ins.map(|c| c.filter(|(on, _)| *on <= as_of));
                JobOutcome {
                    order_id: o.id,
                    label: o.number.clone(),
                    lead_time: o.lead_time,
                    shipped_on,
                    lines: u32::try_from(o.lines.len()).unwrap_or(u32::MAX),
                    rejected_lines: u32::try_from(
                        o.lines.iter().filter(|(_, _, r)| r.is_some_and(|r| r <= as_of)).count(),
                    )
                    .unwrap_or(0),
                    check_ins: answered.map(|c| c.map(|(on, _)| on)),
                    said_on_time: answered[3].map(|(_, yes)| yes),
                }
            })
            .collect();
        ScoreInputs {
            as_of,
            jobs_taken: u32::try_from(taken.len()).unwrap_or(u32::MAX),
            jobs,
            decisions: self.decisions.iter().filter(|d| d.decided_on <= as_of).cloned().collect(),
        }
    }
}

/// The current policy: the newest stored one.
pub async fn policy(db: impl SqliteExecutor<'_>) -> Result<ScorePolicy, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT policy FROM score_policies ORDER BY id DESC LIMIT 1").fetch_optional(db).await?;
    Ok(row.and_then(|(json,)| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Stores a policy as the current one.
pub async fn adopt_policy(
    db: impl SqliteExecutor<'_>,
    policy: &ScorePolicy,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(policy).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("INSERT INTO score_policies (policy, adopted_at) VALUES (?, ?)")
        .bind(json)
        .bind(ts(now))
        .execute(db)
        .await?;
    Ok(())
}

/// Stores DOMAIN.md's decisions as the policy of a new database.
pub async fn ensure_policy(db: &mut SqliteConnection, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM score_policies").fetch_one(&mut *db).await?;
    if n == 0 {
        adopt_policy(&mut *db, &ScorePolicy::default(), now).await?;
    }
    Ok(())
}

/// An order's line ids, in line order.
pub async fn line_ids(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM order_lines WHERE order_id = ? ORDER BY line_no")
        .bind(order_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// R-PSS-2: marks order lines rejected by the customer; lines rejected already keep their date.
/// Answers how many of the order's lines are rejected now.
pub async fn reject_lines(
    db: &mut SqliteConnection,
    order_id: i64,
    line_ids: &[i64],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u32, sqlx::Error> {
    for id in line_ids {
        sqlx::query(
            "UPDATE order_lines SET rejected_at = ?, rma_reason = ? WHERE id = ? AND order_id = ? AND rejected_at IS NULL",
        )
        .bind(ts(now))
        .bind(reason)
        .bind(id)
        .bind(order_id)
        .execute(&mut *db)
        .await?;
    }
    let (rejected,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM order_lines WHERE order_id = ? AND rejected_at IS NOT NULL")
            .bind(order_id)
            .fetch_one(&mut *db)
            .await?;
    Ok(u32::try_from(rejected).unwrap_or(0))
}

/// R-PSS-3: the day a shipment actually left.
pub async fn set_ship_date(
    db: impl SqliteExecutor<'_>,
    shipment_id: i64,
    shipped_on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shipments SET shipped_on = ? WHERE id = ?")
        .bind(shipped_on.format("%Y-%m-%d").to_string())
        .bind(shipment_id)
        .execute(db)
        .await?;
    Ok(())
}
