//! `GET/PUT /capabilities`: what the partner can make (R-ACC-2). The board follows a change at
//! once, since it matches jobs against the stored capabilities on every request (R-JOB-1).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{FieldError, Problem};
use portal_core::capability::{Capabilities, validate_capabilities};

use crate::AppState;
use crate::auth::CurrentPartner;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiResult};

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"caps-{version}\"")).unwrap_or(HeaderValue::from_static("\"caps\""))
}

fn with_etag(caps: Capabilities, version: i64) -> Response {
    let mut res = Json(caps).into_response();
    res.headers_mut().insert(header::ETAG, etag(version));
    res
}

/// The caller's capabilities, with an `ETag` to send back as `If-Match` when saving.
#[utoipa::path(get, path = "/capabilities", tag = "partner",
    responses(
        (status = 200, body = Capabilities, headers(("ETag" = String, description = "The version to send as If-Match"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Response> {
    let row = db::partners::by_id(&state.db.read, partner.id).await?.ok_or(ApiError::Unauthenticated)?;
    Ok(with_etag(row.capabilities(), row.capabilities_version))
}

/// Replace the caller's capabilities. Needs `If-Match` with the `ETag` last read: a stale one
/// (changed in another tab) is 412 and nothing is stored.
#[utoipa::path(put, path = "/capabilities", tag = "partner",
    params(("If-Match" = String, Header, description = "The ETag of the capabilities being replaced")),
    request_body = Capabilities,
    responses(
        (status = 200, body = Capabilities, headers(("ETag" = String, description = "The new version"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put(
    State(state): State<AppState>,
    partner: CurrentPartner,
    headers: HeaderMap,
    ApiJson(caps): ApiJson<Capabilities>,
) -> ApiResult<Response> {
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).ok_or_else(|| {
        ApiError::HeaderRequired(FieldError::new(
            "If-Match",
            "required",
            "Send If-Match with the ETag you read, so changes made elsewhere are not overwritten.",
        ))
    })?;
    let expected = if_match
        .trim()
        .trim_matches('"')
        .strip_prefix("caps-")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or(ApiError::Stale)?;
    let caps = caps.normalized();
    let errors = validate_capabilities(&caps);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let version = db::partners::update_capabilities(&state.db.write, partner.id, &caps, expected)
        .await?
        .ok_or(ApiError::Stale)?;
    Ok(with_etag(caps, version))
}
