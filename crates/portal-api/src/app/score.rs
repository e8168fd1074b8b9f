//! The official Partner Success Score (R-PSS-1..8): `portal_core::score::score` over the facts
//! `db::score` reads, now and at the end of each of the last 26 weeks.

use chrono::{DateTime, Days, Utc};
use portal_core::api::{ScoreHistory, ScoreWeek};
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport, Tenths, score};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::db;
use crate::error::ApiResult;

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
            let r = score(&facts.inputs_on(week_ending), &policy);
            ScoreWeek { week_ending, pss: r.pss, provisional: r.provisional, bonus: r.bonus.percent }
        })
        .collect();
    Ok(ScoreHistory { weeks })
}
