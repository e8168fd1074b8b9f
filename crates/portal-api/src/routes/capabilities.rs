//! `GET/PUT /capabilities`: what the partner can make (R-ACC-2). The board follows a change at
//! once, since it matches jobs against the stored capabilities on every request (R-JOB-1).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use portal_core::capability::Capabilities;

use crate::AppState;
use crate::app;
use crate::auth::CurrentPartner;
use crate::error::{ApiJson, ApiResult};
use crate::routes::problems::{ChangedSinceRead, FieldInvalid, NoIfMatch, NotLoggedIn};

fn with_etag(caps: Capabilities, version: i64) -> Response {
    super::json_with_etag(caps, "caps", version)
}

/// The caller's capabilities, with an `ETag` to send back as `If-Match` when saving.
#[utoipa::path(get, path = "/capabilities", tag = "partner",
    responses(
        (status = 200, body = Capabilities, headers(("ETag" = String, description = "The version to send as If-Match"))),
        NotLoggedIn,
    ))]
pub async fn get(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Response> {
    let (caps, version) = app::partner::capabilities(&state, partner.id).await?;
    Ok(with_etag(caps, version))
}

/// Replace the caller's capabilities. Needs `If-Match` with the `ETag` last read: a stale one
/// (changed in another tab) is 412 and nothing is stored.
#[utoipa::path(put, path = "/capabilities", tag = "partner",
    params(("If-Match" = String, Header, description = "The ETag of the capabilities being replaced")),
    request_body = Capabilities,
    responses(
        (status = 200, body = Capabilities, headers(("ETag" = String, description = "The new version"))),
        NotLoggedIn,
        ChangedSinceRead,
        FieldInvalid,
        NoIfMatch,
    ))]
pub async fn put(
    State(state): State<AppState>,
    partner: CurrentPartner,
    headers: HeaderMap,
    ApiJson(caps): ApiJson<Capabilities>,
) -> ApiResult<Response> {
    let expected = super::if_match_version(&headers, "caps")?;
    let (caps, version) = app::partner::save_capabilities(&state, partner.id, caps, expected).await?;
    Ok(with_etag(caps, version))
}
