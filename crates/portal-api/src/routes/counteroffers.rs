//! `GET /counteroffers`: My counteroffers and their outcome (R-JOB-4, R-JOB-6).

use axum::Json;
use axum::extract::State;
use portal_core::api::CounterofferList;

use crate::AppState;
use crate::app;
use crate::auth::CurrentPartner;
use crate::error::ApiResult;
use crate::routes::problems::NotLoggedIn;

/// The caller's counteroffers, newest first: pending, won (with the order) or lost (with why).
#[utoipa::path(get, path = "/counteroffers", tag = "jobs", operation_id = "list_counteroffers",
    responses(
        (status = 200, body = CounterofferList),
        NotLoggedIn,
    ))]
pub async fn list(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<CounterofferList>> {
    Ok(Json(app::jobs::counteroffers(&state, partner.id).await?))
}
