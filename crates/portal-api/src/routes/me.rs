//! `GET /me`: the logged-in partner, its probation, units and account state.

use axum::Json;
use axum::extract::State;
use portal_core::api::Me;

use crate::auth::CurrentPartner;
use crate::error::{ApiJson, ApiResult};
use crate::routes::problems::NotLoggedIn;
use crate::{AppState, app};
use portal_core::units::DisplayPrefs;

/// The logged-in partner.
#[utoipa::path(get, path = "/me", tag = "partner",
    responses(
        (status = 200, body = Me),
        NotLoggedIn,
    ))]
pub async fn me(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Me>> {
    Ok(Json(app::partner::me(&state, partner.id).await?))
}

/// Keep the partner's units (metric or imperial) and paper (A4 or US Letter) for every device.
#[utoipa::path(put, path = "/me/display", tag = "partner",
    request_body = DisplayPrefs,
    responses(
        (status = 200, body = Me),
        NotLoggedIn,
    ))]
pub async fn set_display(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiJson(prefs): ApiJson<DisplayPrefs>,
) -> ApiResult<Json<Me>> {
    Ok(Json(app::partner::set_display(&state, partner.id, prefs).await?))
}
