//! The marketplace operator's API, behind `Authorization: Bearer <PORTAL_OPERATOR_TOKEN>`: post a
//! job, withdraw one, close a job's bidding now (which settles it, R-JOB-6), report a shipment's
//! tracking (R-SHP-5).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{NewJob, PostedJob, Problem, Settlement, Shipment, ShipmentStatusChange};

use crate::AppState;
use crate::auth::Operator;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::market;

/// Post a job on the boards of the partners it matches.
#[utoipa::path(post, path = "/operator/jobs", tag = "operator",
    request_body = NewJob,
    security(("operator_token" = [])),
    responses(
        (status = 201, body = PostedJob),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
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
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
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
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn close(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Settlement>> {
    Ok(Json(market::close_now(&state, id).await?))
}

/// R-SHP-5: the marketplace reports a shipment's tracking step (label created, picked up, in
/// transit, delivered). Tracking only moves forward.
#[utoipa::path(post, path = "/operator/shipments/{id}/status", tag = "operator",
    params(("id" = i64, Path, description = "The shipment's id")),
    request_body = ShipmentStatusChange,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Shipment),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shipment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already at or past that step", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn shipment_status(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ShipmentStatusChange>,
) -> ApiResult<Json<Shipment>> {
    let mut tx = state.db.write.begin().await?;
    let (partner_id, order_id, status) =
        db::orders::shipment_state(&mut tx, id).await?.ok_or(ApiError::NotFound("shipment"))?;
    if !status.can_move_to(change.status) {
        return Err(ApiError::Conflict(format!(
            "This shipment is at “{}” already; tracking only moves forward.",
            status.label()
        )));
    }
    db::orders::set_shipment_status(&mut tx, id, change.status, state.clock.now()).await?;
    let shipment = db::orders::detail(&mut tx, partner_id, order_id)
        .await?
        .and_then(|d| d.shipments.into_iter().find(|s| s.id == id))
        .ok_or_else(|| ApiError::internal("shipment vanished"))?;
    tx.commit().await?;
    Ok(Json(shipment))
}
