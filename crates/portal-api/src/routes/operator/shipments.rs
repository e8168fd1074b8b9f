//! The operator's shipment reports: tracking steps (R-SHP-5) and the day a shipment actually
//! left (R-PSS-3).

use axum::Json;
use axum::extract::State;
use portal_core::api::{FieldError, Problem, ShipDate, Shipment, ShipmentStatusChange};
use portal_core::{format, market_clock};

use crate::auth::Operator;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::routes::problems::{NoSuchShipment, OperatorRefused};
use crate::{AppState, app};

/// R-SHP-5: the marketplace reports a shipment's tracking step (label created, picked up, in
/// transit, delivered). Tracking only moves forward.
#[utoipa::path(post, path = "/operator/shipments/{id}/status", tag = "operator",
    params(("id" = i64, Path, description = "The shipment's id")),
    request_body = ShipmentStatusChange,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Shipment),
        OperatorRefused,
        NoSuchShipment,
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

/// R-PSS-3: the day a shipment actually left, where the partner did not record it (or recorded
/// another). Not in the future, not before the order was accepted.
#[utoipa::path(put, path = "/operator/shipments/{id}/ship-date", tag = "operator",
    params(("id" = i64, Path, description = "The shipment's id")),
    request_body = ShipDate,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Shipment),
        OperatorRefused,
        NoSuchShipment,
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
