//! The operator's shipment reports: tracking steps (R-SHP-5) and the day a shipment actually
//! left (R-PSS-3).

use axum::Json;
use axum::extract::State;
use portal_core::api::{Problem, ShipDate, Shipment, ShipmentStatusChange};

use crate::auth::Operator;
use crate::error::{ApiJson, ApiPath, ApiResult};
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
    Ok(Json(app::shipments::set_status(&state, id, change.status).await?))
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
    Ok(Json(app::shipments::set_ship_date(&state, id, req.shipped_on).await?))
}
