//! R-EMB-1: the partner's embed keys (`/embed-keys`, with the session), and what a key reads
//! (`/embed/board`, `/embed/events`, with the key and never a cookie). The frame page itself,
//! `/embed/frame`, is outside the API: [`frame`].

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, stream};
use portal_core::embed::{CreatedEmbedKey, EmbedBoard, EmbedKeyList, NewEmbedKey};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;

use crate::AppState;
use crate::app;
use crate::auth::CurrentPartner;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::market::LiveEvent;
use crate::routes::problems::{FieldInvalid, NotLoggedIn};

/// The header an embed sends its key in.
pub const EMBED_KEY: &str = "x-embed-key";

/// The caller's live embed keys, the newest first (never the keys themselves).
#[utoipa::path(get, operation_id = "embed_keys", path = "/embed-keys", tag = "embed",
    responses((status = 200, body = EmbedKeyList), NotLoggedIn))]
pub async fn list(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<EmbedKeyList>> {
    Ok(Json(app::embed::list(&state, partner.id).await?))
}

/// A new embed key: a name, the origins it may be shown on, prices or not, a theme. The key is
/// in this answer only: the portal keeps its hash.
#[utoipa::path(post, operation_id = "create_embed_key", path = "/embed-keys", tag = "embed", request_body = NewEmbedKey,
    responses((status = 201, body = CreatedEmbedKey), NotLoggedIn, FieldInvalid))]
pub async fn create(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiJson(new): ApiJson<NewEmbedKey>,
) -> ApiResult<(StatusCode, Json<CreatedEmbedKey>)> {
    Ok((StatusCode::CREATED, Json(app::embed::create(&state, partner.id, &new).await?)))
}

/// Revokes a key at once: its board reads are refused and its live streams end.
#[utoipa::path(delete, operation_id = "revoke_embed_key", path = "/embed-keys/{id}", tag = "embed",
    params(("id" = i64, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked"),
        NotLoggedIn,
        (status = 404, description = "Not one of the caller's live keys", body = portal_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    app::embed::revoke(&state, partner.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn key_header(headers: &HeaderMap) -> ApiResult<&str> {
    headers
        .get(EMBED_KEY)
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.trim().is_empty())
        .ok_or(ApiError::BadCredentials("Send the embed key in the X-Embed-Key header."))
}

/// The board of the key's partner as the embed shows it: read-only, prices only when the key
/// allows them. Authenticated by the key (`X-Embed-Key`), never a cookie.
#[utoipa::path(get, operation_id = "embed_board", path = "/embed/board", tag = "embed",
    params(("X-Embed-Key" = String, Header, description = "The embed key")),
    responses(
        (status = 200, body = EmbedBoard),
        (status = 401, description = "No key, or not a live one", body = portal_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Over the key's rate", body = portal_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn board(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Json<EmbedBoard>> {
    let key = app::embed::key(&state, key_header(&headers)?).await?;
    Ok(Json(app::embed::board(&state, &key).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyParam {
    /// The embed key (an EventSource cannot send headers).
    key: String,
}

/// Live updates for an embed: `board` when its board changed. Ends at once when the key is
/// revoked (after a last `revoked` event).
#[utoipa::path(get, operation_id = "embed_events", path = "/embed/events", tag = "embed", params(KeyParam),
    responses(
        (status = 200, description = "An event stream: `ready`, then `board` and `revoked` events", content_type = "text/event-stream"),
        (status = 401, description = "Not a live key", body = portal_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Over the key's rate", body = portal_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn events(
    State(state): State<AppState>,
    ApiQuery(param): ApiQuery<KeyParam>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let rx = state.events.subscribe();
    let key = app::embed::key(&state, &param.key).await?;
    let (id, stopping) = (key.id, state.stopping.clone());
    let first = Some(Event::default().event("ready").data("ready"));
    let stream = stream::unfold((rx, stopping, first, false), move |(mut rx, mut stopping, first, ended)| async move {
        if ended {
            return None;
        }
        if let Some(event) = first {
            return Some((Ok(event), (rx, stopping, None, false)));
        }
        loop {
            let (name, last) = match super::events::next(&mut rx, &mut stopping).await? {
                Ok(LiveEvent::Board) | Err(RecvError::Lagged(_)) => ("board", false),
                Ok(LiveEvent::EmbedKeyRevoked(k)) if k == id => ("revoked", true),
                Ok(_) => continue,
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok(Event::default().event(name).data(name)), (rx, stopping, None, last)));
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// `/embed/frame?key=…`: the embed's page, for a live key only, framed only by the key's origins
/// (and the portal itself, for the preview in Settings): `Content-Security-Policy:
/// frame-ancestors` names them. Anything else keeps `frame-ancestors 'none'`.
pub async fn frame(State(state): State<AppState>, ApiQuery(param): ApiQuery<KeyParam>) -> Response {
    let Some(page) = state.embed_page.clone() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "The embed is not built.").into_response();
    };
    let key = match app::embed::key(&state, &param.key).await {
        Ok(key) => key,
        Err(e) => return e.into_response(),
    };
    let origins = key.origins().join(" ");
    let csp = crate::security::content_security_policy(&page.script_hashes)
        .replace("frame-ancestors 'none'", &format!("frame-ancestors 'self' {origins}"));
    let mut res = (StatusCode::OK, page.html.clone()).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res
}

/// The embed's built page (`dist/embed/index.html`) and the hashes of its inline scripts.
pub struct EmbedPage {
    pub html: String,
    pub script_hashes: Vec<String>,
}
