//! The in-app feed and notification preferences (R-JOB-9).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{NotificationFeed, NotificationPrefs, Problem};

use crate::auth::CurrentPartner;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::market::LIVE_VERSION;
use crate::routes::problems::NotLoggedIn;
use crate::{AppState, app};

/// The newest 50 notices and the number unread.
#[utoipa::path(get, path = "/notifications", tag = "notifications",
    responses(
        (status = 200, body = NotificationFeed, headers(
            ("x-live-version" = String, description = "`notifications <instance> <count>`: where the live stream stood when the feed was read"),
        )),
        NotLoggedIn,
    ))]
pub async fn feed(
    State(state): State<AppState>,
    partner: CurrentPartner,
) -> ApiResult<([(&'static str, String); 1], Json<NotificationFeed>)> {
    let live = state.events.versions(partner.id).notifications_header();
    Ok(([(LIVE_VERSION, live)], Json(app::notifications::feed(&state, partner.id).await?)))
}

/// Mark one notice read; answers with the feed.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path, description = "The notice's id")),
    responses(
        (status = 200, body = NotificationFeed),
        NotLoggedIn,
        (status = 404, description = "Not your notice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<NotificationFeed>> {
    Ok(Json(app::notifications::mark_read(&state, partner.id, id).await?))
}

/// Mark every notice read; answers with the feed.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    responses(
        (status = 200, body = NotificationFeed),
        NotLoggedIn,
    ))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    partner: CurrentPartner,
) -> ApiResult<Json<NotificationFeed>> {
    Ok(Json(app::notifications::mark_all_read(&state, partner.id).await?))
}

/// Which notices and digests the partner wants.
#[utoipa::path(get, path = "/notifications/preferences", tag = "notifications",
    responses(
        (status = 200, body = NotificationPrefs),
        NotLoggedIn,
    ))]
pub async fn prefs(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<NotificationPrefs>> {
    Ok(Json(app::notifications::prefs(&state, partner.id).await?))
}

/// Save the preferences (all three switches, each true or false).
#[utoipa::path(put, path = "/notifications/preferences", tag = "notifications",
    request_body = NotificationPrefs,
    responses(
        (status = 200, body = NotificationPrefs),
        NotLoggedIn,
        (status = 422, description = "A switch is missing or not true/false", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_prefs(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiJson(p): ApiJson<NotificationPrefs>,
) -> ApiResult<(StatusCode, Json<NotificationPrefs>)> {
    Ok((StatusCode::OK, Json(app::notifications::set_prefs(&state, partner.id, p).await?)))
}
