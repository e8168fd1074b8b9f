//! The official Partner Success Score (R-PSS-1..8): `portal_core::score::score` over the facts
//! `db::score` reads, now and at the end of each of the last 26 weeks.

use chrono::{DateTime, Days, Utc};
use portal_core::api::{FieldError, RmaRecorded, RmaRequest, ScoreHistory, ScoreWeek};
use portal_core::score::rma::validate_rma;
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport, Tenths, events_between, score};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// How many weeks the history shows.
pub const HISTORY_WEEKS: u64 = 26;

/// The official score of a partner now, with what it was computed from.
pub async fn official(
    conn: &mut SqliteConnection,
    partner_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<(ScoreInputs, ScorePolicy, ScoreReport)> {
    let policy = db::score::policy(&mut *conn).await?;
    let facts = db::score::facts(conn, partner_id).await?;
    // "Today" is the marketplace's day (DOMAIN "Times").
    let inputs = facts.inputs_on(facts.today(now));
    let report = score(&inputs, &policy);
    Ok((inputs, policy, report))
}

/// The official score from the read pool, at the server's now.
pub async fn official_now(state: &AppState, partner_id: i64) -> ApiResult<(ScoreInputs, ScorePolicy, ScoreReport)> {
    let mut conn = state.db.read.acquire().await?;
    official(&mut conn, partner_id, state.clock.now()).await
}

/// R-JOB-7: the bonus percentage the partner's next job pays, from its official score.
pub async fn bonus_percent(conn: &mut SqliteConnection, partner_id: i64, now: DateTime<Utc>) -> ApiResult<Tenths> {
    Ok(official(conn, partner_id, now).await?.2.bonus.percent)
}

/// The score at the end of each of the last 26 weeks, oldest first; the last week ends today.
/// Each is computed from what was known by the end of that day.
pub async fn history(state: &AppState, partner_id: i64) -> ApiResult<ScoreHistory> {
    let mut conn = state.db.read.acquire().await?;
    let policy = db::score::policy(&mut *conn).await?;
    let facts = db::score::facts(&mut conn, partner_id).await?;
    let today = facts.today(state.clock.now());
    let weeks = (0..HISTORY_WEEKS)
        .rev()
        .filter_map(|k| today.checked_sub_days(Days::new(7 * k)))
        .map(|week_ending| {
            let inputs = facts.inputs_on(week_ending);
            let before = facts.inputs_on(week_ending - Days::new(7));
            let r = score(&inputs, &policy);
            ScoreWeek {
                week_ending,
                pss: r.pss,
                provisional: r.provisional,
                bonus: r.bonus.percent,
                jobs: r.jobs,
                events: events_between(&before, &inputs),
            }
        })
        .collect();
    Ok(ScoreHistory { weeks })
}

/// The policy the score is computed under now.
pub async fn policy(state: &AppState) -> ApiResult<ScorePolicy> {
    Ok(db::score::policy(&state.db.read).await?)
}

/// R-PSS-6, R-PSS-7: the operator adopts a new policy, checked first (weights adding up to 100,
/// tiers rising); every board's bonus follows it.
pub async fn adopt_policy(state: &AppState, policy: ScorePolicy) -> ApiResult<ScorePolicy> {
    let problems = policy.problems();
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems.into_iter().map(|p| FieldError::new("policy", "invalid", p)).collect()));
    }
    db::score::adopt_policy(&state.db.write, &policy, state.clock.now()).await?;
    state.events.board_changed();
    Ok(policy)
}

/// R-PSS-2: the operator records a customer's rejection of shipped lines (an RMA): only of an
/// order that has shipped, only its own lines, with a reason.
pub async fn record_rma(state: &AppState, order_id: i64, req: &RmaRequest) -> ApiResult<RmaRecorded> {
    let mut tx = state.db.write.begin().await?;
    let order = db::orders::by_id(&mut *tx, order_id).await?.ok_or(ApiError::NotFound("order"))?;
    if !order.status.counts_as_completed() {
        return Err(ApiError::Conflict(format!(
            "Order {} has not shipped yet; only shipped lines can be rejected.",
            order.number
        )));
    }
    let known = db::score::line_ids(&mut *tx, order_id).await?;
    let errors = validate_rma(req, &known, &order.number);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let rejected =
        db::score::reject_lines(&mut tx, order_id, &req.line_ids, req.reason.trim(), state.clock.now()).await?;
    tx.commit().await?;
    // R-JOB-7: the score moved: every open board reads its bonus again.
    state.events.board_changed();
    Ok(RmaRecorded { order_id, rejected_lines: rejected, lines: u32::try_from(known.len()).unwrap_or(u32::MAX) })
}
