//! The in-app feed and notification preferences (R-JOB-9).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{NotificationFeed, NotificationPrefs, Problem};

use crate::AppState;
use crate::auth::CurrentPartner;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::routes::problems::NotLoggedIn;

/// How many notices the feed holds.
const FEED_LENGTH: u32 = 50;

async fn feed_of(state: &AppState, partner_id: i64) -> ApiResult<NotificationFeed> {
    Ok(NotificationFeed {
        notifications: db::notifications::feed(&state.db.read, partner_id, FEED_LENGTH).await?,
        unread: db::notifications::unread(&state.db.read, partner_id).await?,
    })
}

/// The newest 50 notices and the number unread.
#[utoipa::path(get, path = "/notifications", tag = "notifications",
    responses(
        (status = 200, body = NotificationFeed),
        NotLoggedIn,
    ))]
pub async fn feed(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<NotificationFeed>> {
    Ok(Json(feed_of(&state, partner.id).await?))
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
    if !db::notifications::mark_read(&state.db.write, partner.id, id, state.clock.now()).await? {
        return Err(ApiError::NotFound("notification"));
    }
    state.events.notified(&[partner.id]);
    Ok(Json(feed_of(&state, partner.id).await?))
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
    db::notifications::mark_all_read(&state.db.write, partner.id, state.clock.now()).await?;
    state.events.notified(&[partner.id]);
    Ok(Json(feed_of(&state, partner.id).await?))
}

/// Which notices and digests the partner wants.
#[utoipa::path(get, path = "/notifications/preferences", tag = "notifications",
    responses(
        (status = 200, body = NotificationPrefs),
        NotLoggedIn,
    ))]
pub async fn prefs(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<NotificationPrefs>> {
    Ok(Json(db::notifications::prefs(&state.db.read, partner.id).await?))
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
    db::notifications::set_prefs(&state.db.write, partner.id, p).await?;
    Ok((StatusCode::OK, Json(p)))
}
