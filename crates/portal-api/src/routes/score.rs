//! The Partner Success Score (R-PSS-1..8): the official report, exactly what the engine was given
//! (so the browser can recompute it), the policy and the 26-week history. The figures are
//! `app::score`'s; this file only answers them.

use axum::Json;
use axum::extract::State;
use portal_core::api::ScoreHistory;
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport};

use crate::auth::CurrentPartner;
use crate::error::ApiResult;
use crate::routes::problems::NotLoggedIn;
use crate::{AppState, app};

/// The partner's Partner Success Score today: the PSS, its four components with the facts that
/// moved them, OTS% and RMA rate against the expectations, and the bonus on new jobs.
#[utoipa::path(get, path = "/score", tag = "score",
    responses(
        (status = 200, body = ScoreReport),
        NotLoggedIn,
    ))]
pub async fn report(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreReport>> {
    Ok(Json(app::score::official_now(&state, partner.id).await?.2))
}

/// Exactly what the engine was given for `GET /score`: the browser runs the same engine on it.
#[utoipa::path(get, path = "/score/inputs", tag = "score",
    responses(
        (status = 200, body = ScoreInputs),
        NotLoggedIn,
    ))]
pub async fn inputs(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreInputs>> {
    Ok(Json(app::score::official_now(&state, partner.id).await?.0))
}

/// The policy the score is computed under: weights, window, late credits, bonus tiers.
#[utoipa::path(get, path = "/score/policy", tag = "score",
    responses(
        (status = 200, body = ScorePolicy),
        NotLoggedIn,
    ))]
pub async fn policy(State(state): State<AppState>, _partner: CurrentPartner) -> ApiResult<Json<ScorePolicy>> {
    Ok(Json(app::score::policy(&state).await?))
}

/// The score at the end of each of the last 26 weeks, oldest first; the last week ends today.
/// Each is computed from what was known by the end of that day.
#[utoipa::path(get, path = "/score/history", tag = "score",
    responses(
        (status = 200, body = ScoreHistory),
        NotLoggedIn,
    ))]
pub async fn history(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<ScoreHistory>> {
    Ok(Json(app::score::history(&state, partner.id).await?))
}
