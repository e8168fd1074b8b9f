//! The marketplace operator's API, behind `Authorization: Bearer <PORTAL_OPERATOR_TOKEN>`: post a
//! job, withdraw one, close a job's bidding now (which settles it, R-JOB-6), report a shipment's
//! tracking (R-SHP-5), record an RMA (R-PSS-2) or a shipment's actual ship date (R-PSS-3), adopt a
//! score policy.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{
    FieldError, NewJob, PostedJob, Problem, RmaRecorded, RmaRequest, Settlement, ShipDate, Shipment,
    ShipmentStatusChange,
};
use portal_core::score::ScorePolicy;
use portal_core::score::rma::validate_rma;
use portal_core::{format, market_clock};

use crate::auth::Operator;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::market;
use crate::{AppState, app};

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
    app::orders::set_shipment_status(&mut tx, id, change.status, state.clock.now()).await?;
    let shipment = app::orders::shipment(&mut tx, partner_id, order_id, id).await?;
    tx.commit().await?;
    Ok(Json(shipment))
}

/// R-PSS-2: the customer rejected line items of a shipped order (an RMA). Lines rejected already
/// keep their first date; the answer counts the order's rejected lines now.
#[utoipa::path(post, path = "/operator/orders/{id}/rma", tag = "operator",
    params(("id" = i64, Path, description = "The order's id")),
    request_body = RmaRequest,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = RmaRecorded),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
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
    let mut tx = state.db.write.begin().await?;
    let order = db::orders::by_id(&mut *tx, id).await?.ok_or(ApiError::NotFound("order"))?;
    if !order.status.counts_as_completed() {
        return Err(ApiError::Conflict(format!(
            "Order {} has not shipped yet; only shipped lines can be rejected.",
            order.number
        )));
    }
    let known = db::score::line_ids(&mut *tx, id).await?;
    let errors = validate_rma(&req, &known, &order.number);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let rejected = db::score::reject_lines(&mut tx, id, &req.line_ids, req.reason.trim(), state.clock.now()).await?;
    tx.commit().await?;
    Ok(Json(RmaRecorded {
        order_id: id,
        rejected_lines: rejected,
        lines: u32::try_from(known.len()).unwrap_or(u32::MAX),
    }))
}

/// R-PSS-3: the day a shipment actually left, where the partner did not record it (or recorded
/// another). Not in the future, not before the order was accepted.
#[utoipa::path(put, path = "/operator/shipments/{id}/ship-date", tag = "operator",
    params(("id" = i64, Path, description = "The shipment's id")),
    request_body = ShipDate,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Shipment),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such shipment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "In the future or before the order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn ship_date(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ShipDate>,
) -> ApiResult<Json<Shipment>> {
    let mut tx = state.db.write.begin().await?;
    let (partner_id, order_id, _) =
        db::orders::shipment_state(&mut tx, id).await?.ok_or(ApiError::NotFound("shipment"))?;
    let order = db::orders::by_id(&mut *tx, order_id).await?.ok_or(ApiError::NotFound("order"))?;
    // Days on the order's marketplace clock (DOMAIN "Times").
    let currency = order.price.currency;
    let today = market_clock::day(currency, state.clock.now());
    let accepted = market_clock::day(currency, order.accepted_at);
    if req.shipped_on > today || req.shipped_on < accepted {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "shipped_on",
            "out_of_range",
            format!(
                "Give a day from {} (the order was accepted) to {} (today).",
                format::date(accepted),
                format::date(today)
            ),
        )]));
    }
    app::orders::set_ship_date(&mut tx, id, req.shipped_on).await?;
    let shipment = app::orders::shipment(&mut tx, partner_id, order_id, id).await?;
    tx.commit().await?;
    Ok(Json(shipment))
}

/// Adopt a new score policy (weights, window, late credits, bonus tiers); it applies to every
/// score from now on, history included.
#[utoipa::path(put, path = "/operator/score/policy", tag = "operator",
    request_body = ScorePolicy,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = ScorePolicy),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Weights not adding up to 100, tiers not rising, ...", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_policy(
    State(state): State<AppState>,
    _op: Operator,
    ApiJson(policy): ApiJson<ScorePolicy>,
) -> ApiResult<Json<ScorePolicy>> {
    let problems = policy.problems();
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems.into_iter().map(|p| FieldError::new("policy", "invalid", p)).collect()));
    }
    db::score::adopt_policy(&state.db.write, &policy, state.clock.now()).await?;
    state.events.board_changed();
    Ok(Json(policy))
}
