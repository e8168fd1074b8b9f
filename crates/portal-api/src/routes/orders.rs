//! `GET /orders`: My Orders.

use axum::Json;
use axum::extract::State;
use portal_core::api::{OrderList, Problem};

use crate::AppState;
use crate::auth::CurrentPartner;
use crate::db;
use crate::error::ApiResult;

/// The caller's orders, newest first.
#[utoipa::path(get, path = "/orders", tag = "orders",
    responses(
        (status = 200, body = OrderList),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<OrderList>> {
    Ok(Json(OrderList { orders: db::orders::for_partner(&state.db.read, partner.id).await? }))
}
