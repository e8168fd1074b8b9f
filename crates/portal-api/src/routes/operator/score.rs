//! What the operator tells the score: a customer's rejection of shipped lines (an RMA, R-PSS-2)
//! and a new score policy.

use axum::Json;
use axum::extract::State;
use portal_core::api::{Problem, RmaRecorded, RmaRequest};
use portal_core::score::ScorePolicy;

use crate::AppState;
use crate::app;
use crate::auth::Operator;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::routes::problems::OperatorRefused;

/// R-PSS-2: the customer rejected line items of a shipped order (an RMA). Lines rejected already
/// keep their first date; the answer counts the order's rejected lines now.
#[utoipa::path(post, path = "/operator/orders/{id}/rma", tag = "operator",
    params(("id" = i64, Path, description = "The order's id")),
    request_body = RmaRequest,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = RmaRecorded),
        OperatorRefused,
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order has not shipped", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No lines, a line of another order, or no reason", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn rma(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RmaRequest>,
) -> ApiResult<Json<RmaRecorded>> {
    Ok(Json(app::score::record_rma(&state, id, &req).await?))
}

/// Adopt a new score policy (weights, window, late credits, bonus tiers); it applies to every
/// score from now on, history included.
#[utoipa::path(put, path = "/operator/score/policy", tag = "operator",
    request_body = ScorePolicy,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = ScorePolicy),
        OperatorRefused,
        (status = 422, description = "Weights not adding up to 100, tiers not rising, ...", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_policy(
    State(state): State<AppState>,
    _op: Operator,
    ApiJson(policy): ApiJson<ScorePolicy>,
) -> ApiResult<Json<ScorePolicy>> {
    Ok(Json(app::score::adopt_policy(&state, policy).await?))
}
