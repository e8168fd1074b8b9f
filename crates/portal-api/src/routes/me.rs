//! `GET /me`: the logged-in partner, its capabilities, probation and account state.

use axum::Json;
use axum::extract::State;
use portal_core::api::Me;

use crate::auth::CurrentPartner;
use crate::error::ApiResult;
use crate::routes::problems::NotLoggedIn;
use crate::{AppState, app};

/// The logged-in partner.
#[utoipa::path(get, path = "/me", tag = "partner",
    responses(
        (status = 200, body = Me),
        NotLoggedIn,
    ))]
pub async fn me(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Me>> {
    Ok(Json(app::partner::me(&state, partner.id).await?))
}
