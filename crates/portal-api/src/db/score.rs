//! What the score engine is given, read from the database: a partner's orders, lines, shipments,
//! check-ins and decisions, each with when it happened, so the inputs can be taken as they stood
//! on any day (the 26-week history).

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use portal_core::order::CheckInQuestion;
use portal_core::score::{
    CONFIRM_WON_COUNTEROFFER_DAYS, JobOutcome, LetGo, ScoreInputs, ScorePolicy, TakenBy, TakenJob,
};
use portal_core::{Currency, market_clock};
use sqlx::{SqliteConnection, SqliteExecutor};

use super::{Corrupt, decode, decode_date, from_ts, ts};

struct OrderFacts {
    id: i64,
    number: String,
    lead_time: NaiveDate,
    accepted_on: NaiveDate,
    taken_by: TakenBy,
    let_go: Option<(NaiveDate, LetGo)>,
    /// (line id, quantity, rejected on)
    lines: Vec<(i64, i64, Option<NaiveDate>)>,
    shipments: Vec<ShipmentFacts>,
    /// Per question of `CheckInQuestion::ALL`, every answer: (answered on, answer), oldest first.
    check_ins: [Vec<(NaiveDate, bool)>; 4],
}

struct ShipmentFacts {
    /// R-PSS-3 (revised): the day it left the shop (pickup); `None` while it waits for pickup.
    left: Option<NaiveDate>,
    /// (line id, quantity)
    contents: Vec<(i64, i64)>,
}

/// Everything the score of one partner is computed from, with dates on the marketplace's clock.
pub struct ScoreFacts {
    /// The partner's marketplace, whose clock says what "today" is.
    pub currency: Currency,
    orders: Vec<OrderFacts>,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    number: String,
    currency: String,
    lead_time: String,
    accepted_at: i64,
    confirmed_on_accept: bool,
    production_confirmed_at: Option<i64>,
    handed_back_at: Option<i64>,
}

/// R-PSS-5 (revised): a won counteroffer is let go when production is not confirmed by the end of
/// the 2nd day after the award; a handed-back order on the day it was handed back.
fn let_go(o: &OrderRow, currency: Currency) -> Option<(NaiveDate, LetGo)> {
    let day = |secs: i64| market_clock::day(currency, from_ts(secs));
    let handed_back = o.handed_back_at.map(|at| (day(at), LetGo::HandedBack));
    if o.confirmed_on_accept {
        return handed_back;
    }
    let deadline = day(o.accepted_at) + Days::new(CONFIRM_WON_COUNTEROFFER_DAYS);
    let missed = match o.production_confirmed_at.map(day) {
        Some(confirmed) if confirmed <= deadline => None,
        _ => Some((deadline + Days::new(1), LetGo::NotConfirmed)),
    };
    match (handed_back, missed) {
        (Some(h), Some(m)) => Some(if h.0 <= m.0 { h } else { m }),
        (h, m) => h.or(m),
    }
}

pub async fn facts(db: &mut SqliteConnection, partner_id: i64) -> Result<ScoreFacts, sqlx::Error> {
    let (partner_currency,): (String,) =
        sqlx::query_as("SELECT currency FROM partners WHERE id = ?").bind(partner_id).fetch_one(&mut *db).await?;
    let orders: Vec<OrderRow> = sqlx::query_as(
        "SELECT id, number, currency, lead_time, accepted_at, confirmed_on_accept, production_confirmed_at,
                handed_back_at
         FROM orders WHERE partner_id = ? ORDER BY id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    let mut currency_of: HashMap<i64, Currency> = HashMap::new();
    let mut by_id: HashMap<i64, OrderFacts> = orders
        .iter()
        .map(|o| {
            let currency = decode("orders", o.id, "currency", &o.currency, Currency::parse)?;
            currency_of.insert(o.id, currency);
            Ok((
                o.id,
                OrderFacts {
                    id: o.id,
                    number: o.number.clone(),
                    lead_time: decode_date("orders", o.id, "lead_time", &o.lead_time)?,
                    accepted_on: market_clock::day(currency, from_ts(o.accepted_at)),
                    taken_by: if o.confirmed_on_accept { TakenBy::Board } else { TakenBy::Counteroffer },
                    let_go: let_go(o, currency),
                    lines: vec![],
                    shipments: vec![],
                    check_ins: Default::default(),
                },
            ))
        })
        .collect::<Result<_, Corrupt>>()?;
    let day_of = |order_id: i64, secs: i64| {
        market_clock::day(currency_of.get(&order_id).copied().unwrap_or(Currency::Usd), from_ts(secs))
    };

    let lines: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.order_id, l.id, l.quantity, l.rejected_at FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.partner_id = ? ORDER BY l.id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (order_id, line_id, quantity, rejected) in lines {
        let rejected = rejected.map(|at| day_of(order_id, at));
        if let Some(o) = by_id.get_mut(&order_id) {
            o.lines.push((line_id, quantity, rejected));
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
    let shipments: Vec<(i64, i64, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT id, order_id, shipped_on, partner_shipped_at FROM shipments WHERE partner_id = ? ORDER BY id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (id, order_id, shipped_on, partner_shipped_at) in shipments {
        // R-PSS-3 (revised): the carrier's pickup scan, else the partner's "Shipped" check-in;
        // publishing shipping information is not shipping.
        let carrier = shipped_on.as_deref().map(|d| decode_date("shipments", id, "shipped_on", d)).transpose()?;
        let left = carrier.or(partner_shipped_at.map(|at| day_of(order_id, at)));
        if let Some(o) = by_id.get_mut(&order_id) {
            o.shipments.push(ShipmentFacts { left, contents: contents.remove(&id).unwrap_or_default() });
        }
    }

    let check_ins: Vec<(i64, i64, String, bool, i64)> = sqlx::query_as(
        "SELECT c.id, c.order_id, c.question, c.answer, c.answered_at FROM check_in_answers c
         JOIN orders o ON o.id = c.order_id WHERE o.partner_id = ? ORDER BY c.id",
    )
    .bind(partner_id)
    .fetch_all(&mut *db)
    .await?;
    for (id, order_id, question, answer, at) in check_ins {
        let i = decode("check_in_answers", id, "question", &question, |q| {
            CheckInQuestion::ALL.iter().position(|known| known.slug() == q)
        })?;
        let on = day_of(order_id, at);
        if let Some(o) = by_id.get_mut(&order_id) {
            o.check_ins[i].push((on, answer));
        }
    }

    let mut orders: Vec<OrderFacts> = by_id.into_values().collect();
    orders.sort_by_key(|o| o.id);
    Ok(ScoreFacts { currency: Currency::parse(&partner_currency).unwrap_or(Currency::Usd), orders })
}

impl ScoreFacts {
    /// "Today" for this partner: the marketplace's day at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        market_clock::day(self.currency, now)
    }

    /// The engine's inputs as they stood at the end of `as_of`: what had been taken, had left the
    /// shop, was answered, rejected and let go by then.
    pub fn inputs_on(&self, as_of: NaiveDate) -> ScoreInputs {
        let taken: Vec<&OrderFacts> = self.orders.iter().filter(|o| o.accepted_on <= as_of).collect();
        let jobs = taken
            .iter()
            .map(|o| {
                let mut left: HashMap<i64, i64> = o.lines.iter().map(|(id, q, _)| (*id, *q)).collect();
                let mut gone: Vec<(NaiveDate, &ShipmentFacts)> =
                    o.shipments.iter().filter_map(|s| Some((s.left.filter(|d| *d <= as_of)?, s))).collect();
                gone.sort_by_key(|(day, _)| *day);
                let mut shipped_on = None;
                for (day, s) in gone {
                    for (line, q) in &s.contents {
                        if let Some(l) = left.get_mut(line) {
                            *l -= q;
                        }
                    }
                    if left.values().all(|l| *l <= 0) {
                        // The job shipped when its last part left.
                        shipped_on = Some(day);
                        break;
                    }
                }
                // In time is judged by the first answer; the answer that counts is the newest
                // one given by `as_of` (corrections are refused after the deadline).
                let given = o.check_ins.each_ref().map(|answers| {
                    let known: Vec<&(NaiveDate, bool)> = answers.iter().filter(|(on, _)| *on <= as_of).collect();
                    Some((known.first()?.0, known.last()?.1))
                });
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
                    check_ins: given.map(|c| c.map(|(on, _)| on)),
                    said_on_time: given[3].map(|(_, yes)| yes),
                }
            })
            .collect();
        ScoreInputs {
            as_of,
            jobs_taken: u32::try_from(taken.len()).unwrap_or(u32::MAX),
            jobs,
            taken: taken
                .iter()
                .map(|o| TakenJob {
                    reference: o.number.clone(),
                    taken_on: o.accepted_on,
                    taken_by: o.taken_by,
                    let_go: o.let_go,
                })
                .collect(),
        }
    }
}

/// The current policy: the newest stored one.
pub async fn policy(db: impl SqliteExecutor<'_>) -> Result<ScorePolicy, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, policy FROM score_policies ORDER BY id DESC LIMIT 1").fetch_optional(db).await?;
    // A new database stores the default at open (`ensure_policy`); a stored one that does not
    // read is never replaced by the default silently: the weights would change under the partners.
    let Some((id, json)) = row else { return Ok(ScorePolicy::default()) };
    serde_json::from_str(&json).map_err(|e| {
        Corrupt { table: "score_policies", id, detail: format!("policy is not a score policy: {e}") }.into()
    })
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

/// R-PSS-3: the day a shipment actually left (the marketplace's record wins over the partner's).
/// Answers the shipment's order, whose status the caller refreshes.
pub async fn set_ship_date(
    db: &mut SqliteConnection,
    shipment_id: i64,
    shipped_on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query("UPDATE shipments SET shipped_on = ? WHERE id = ?")
        .bind(shipped_on.format("%Y-%m-%d").to_string())
        .bind(shipment_id)
        .execute(&mut *db)
        .await?;
    let (order_id,): (i64,) =
        sqlx::query_as("SELECT order_id FROM shipments WHERE id = ?").bind(shipment_id).fetch_one(&mut *db).await?;
    Ok(order_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// An order whose lead time does not read fails the score instead of dropping out of it (which
    /// would lift on-time shipping and hide a late job).
    #[tokio::test]
    async fn a_corrupt_order_fails_the_score_instead_of_leaving_it() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        let order = tests_support::partner_with_order(&mut conn).await;
        assert_eq!(facts(&mut conn, 1).await.unwrap().orders.len(), 1);
        tests_support::corrupt_row(&mut conn, "UPDATE orders SET lead_time = 'soon' WHERE id = ?", order).await;

        let err = facts(&mut conn, 1).await.err().expect("a corrupt row is an error");
        let corrupt = tests_support::corrupt(err);
        assert_eq!((corrupt.table, corrupt.id), ("orders", order));
        assert!(corrupt.detail.contains("lead_time = 'soon'"), "{}", corrupt.detail);
    }

    /// A stored policy that does not read is an error, not the default policy in its place.
    #[tokio::test]
    async fn a_corrupt_policy_is_an_error_not_the_default() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM score_policies").fetch_one(&mut *conn).await.unwrap();
        tests_support::corrupt_row(&mut conn, "UPDATE score_policies SET policy = 'not json' WHERE id = ?", id).await;

        let corrupt = tests_support::corrupt(policy(&mut *conn).await.expect_err("a corrupt row is an error"));
        assert_eq!((corrupt.table, corrupt.id), ("score_policies", id));
    }
}
