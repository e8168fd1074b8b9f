//! The operator's jobs: post one, withdraw one, close a job's bidding now (which settles it,
//! R-JOB-6).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{NewJob, PostedJob, Problem, Settlement};

use crate::AppState;
use crate::auth::Operator;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::market;
use crate::routes::problems::{FieldInvalid, NoSuchJob, OperatorRefused};

/// Post a job on the boards of the partners it matches.
#[utoipa::path(post, path = "/operator/jobs", tag = "operator",
    request_body = NewJob,
    security(("operator_token" = [])),
    responses(
        (status = 201, body = PostedJob),
        OperatorRefused,
        FieldInvalid,
    ))]
pub async fn post_job(
    State(state): State<AppState>,
    _op: Operator,
    ApiJson(job): ApiJson<NewJob>,
) -> ApiResult<(StatusCode, Json<PostedJob>)> {
    Ok((StatusCode::CREATED, Json(market::post_job(&state, job).await?)))
}

/// Withdraw an open job: it leaves every board; its counteroffers are lost.
#[utoipa::path(delete, path = "/operator/jobs/{id}", tag = "operator",
    params(("id" = i64, Path, description = "The job's id")),
    security(("operator_token" = [])),
    responses(
        (status = 204, description = "Withdrawn"),
        OperatorRefused,
        NoSuchJob,
        (status = 409, description = "Not open any more", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    market::withdraw(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Close a job's bidding now: it leaves the boards and is settled at once (the lowest
/// counteroffer wins, R-JOB-6). Closing a job that was settled already answers how it ended.
#[utoipa::path(post, path = "/operator/jobs/{id}/close", tag = "operator",
    params(("id" = i64, Path, description = "The job's id")),
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Settlement),
        OperatorRefused,
        NoSuchJob,
    ))]
pub async fn close(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Settlement>> {
    Ok(Json(market::close_now(&state, id).await?))
}
