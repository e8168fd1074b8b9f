//! The Partner Success Score (R-PSS-1..8): the official report, exactly what the engine was given
//! (so the browser can recompute it), the policy and the 26-week history. The figures are
//! `portal_core::score::score`'s; this file only reads the facts.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Days, Utc};
use portal_core::api::{Problem, ScoreHistory, ScoreWeek};
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport, score};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::auth::CurrentPartner;
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

async fn official_now(state: &AppState, partner_id: i64) -> ApiResult<(ScoreInputs, ScorePolicy, ScoreReport)> {
    let mut conn = state.db.read.acquire().await?;
    official(&mut conn, partner_id, state.clock.now()).await
}

/// The partner's Partner Success Score today: the PSS, its four components with the facts that
/// moved them, OTS% and RMA rate against the expectations, and the bonus on new jobs.
#[utoipa::path(get, path = "/score", tag = "score",
    responses(
        (status = 200, body = ScoreReport),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn report(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreReport>> {
    Ok(Json(official_now(&state, partner.id).await?.2))
}

/// Exactly what the engine was given for `GET /score`: the browser runs the same engine on it.
#[utoipa::path(get, path = "/score/inputs", tag = "score",
    responses(
        (status = 200, body = ScoreInputs),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn inputs(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreInputs>> {
    Ok(Json(official_now(&state, partner.id).await?.0))
}

/// The policy the score is computed under: weights, window, late credits, bonus tiers.
#[utoipa::path(get, path = "/score/policy", tag = "score",
    responses(
        (status = 200, body = ScorePolicy),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn policy(State(state): State<AppState>, _partner: CurrentPartner) -> ApiResult<Json<ScorePolicy>> {
    Ok(Json(db::score::policy(&state.db.read).await?))
}

/// The score at the end of each of the last 26 weeks, oldest first; the last week ends today.
/// Each is computed from what was known by the end of that day.
#[utoipa::path(get, path = "/score/history", tag = "score",
    responses(
        (status = 200, body = ScoreHistory),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn history(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreHistory>> {
    let mut conn = state.db.read.acquire().await?;
    let policy = db::score::policy(&mut *conn).await?;
    let facts = db::score::facts(&mut conn, partner.id).await?;
    let today = facts.today(state.clock.now());
    let weeks = (0..HISTORY_WEEKS)
        .rev()
        .filter_map(|k| today.checked_sub_days(Days::new(7 * k)))
        .map(|week_ending| {
            let r = score(&facts.inputs_on(week_ending), &policy);
            ScoreWeek { week_ending, pss: r.pss, provisional: r.provisional, bonus: r.bonus.percent }
        })
        .collect();
    Ok(Json(ScoreHistory { weeks }))
}
