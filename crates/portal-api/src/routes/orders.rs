//! My Orders: the list, an order's page, the production order, confirmation, check-ins,
//! quality-control uploads and publishing shipments (R-ORD-1..6, R-SHP-1..6).

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{
    CheckInAnswer, FieldError, HandBackRequest, OrderDetail, OrderList, Problem, Shipment, StoredFile,
};
use portal_core::order::CheckInQuestion;
use portal_core::shipping::NewShipment;
use portal_core::upload::{Purpose, Refusal};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{idempotency_key, if_match_version, json_with_etag};
use crate::AppState;
use crate::app;
use crate::auth::CurrentPartner;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::routes::problems::{ChangedSinceRead, NoIdempotencyKey, NoIfMatch, NotLoggedIn, NotYourOrder, OrderClosed};

const ETAG_PREFIX: &str = "order";

/// The caller's orders, newest first, each with its stages and next step.
#[utoipa::path(get, path = "/orders", tag = "orders", operation_id = "list_orders",
    responses(
        (status = 200, body = OrderList),
        NotLoggedIn,
    ))]
pub async fn list(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<OrderList>> {
    Ok(Json(app::orders::list(&state, partner.id).await?))
}

fn with_etag(detail: OrderDetail) -> Response {
    let version = detail.version;
    json_with_etag(detail, ETAG_PREFIX, version)
}

/// One order with everything its page shows. `ETag` is the version updates send as `If-Match`.
#[utoipa::path(get, path = "/orders/{id}", tag = "orders",
    params(("id" = i64, Path, description = "The order's id")),
    responses(
        (status = 200, body = OrderDetail, headers(("ETag" = String, description = "The version to send as If-Match"))),
        NotLoggedIn,
        NotYourOrder,
    ))]
pub async fn detail(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    Ok(with_etag(app::orders::page(&state, partner.id, id).await?))
}

/// R-ORD-3: the production order as a PDF: lines, drawings and requirements.
#[utoipa::path(get, path = "/orders/{id}/production-order", tag = "orders",
    params(("id" = i64, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The production order", content_type = "application/pdf"),
        NotYourOrder,
    ))]
pub async fn production_order(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (name, pdf) = app::orders::production_order(&state, partner.id, id).await?;
    Ok(attachment(pdf, "application/pdf", &name))
}

/// One of the marketplace's files for a line of the order: the 3D model (STEP) or the drawing
/// (PDF), named as the order's line lists it.
#[utoipa::path(get, path = "/orders/{id}/drawings/{name}", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("name" = String, Path, description = "The file's name, as the order's line lists it"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        NotYourOrder,
    ))]
pub async fn order_drawing(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath((id, name)): ApiPath<(i64, String)>,
) -> ApiResult<Response> {
    let (media_type, body) = app::orders::drawing(&state, partner.id, id, &name).await?;
    Ok(attachment(body, media_type, &name))
}

/// A download: always an attachment, never sniffed.
pub(crate) fn attachment(body: Vec<u8>, media_type: &'static str, name: &str) -> Response {
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// R-ORD-3: confirms the production order (after downloading it). Orders accepted from the board
/// are confirmed already; confirming again changes nothing. Needs `If-Match`.
#[utoipa::path(post, path = "/orders/{id}/confirm", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("If-Match" = String, Header, description = "The order's ETag"),
    ),
    responses(
        (status = 200, body = OrderDetail),
        NotYourOrder,
        OrderClosed,
        ChangedSinceRead,
        NoIfMatch,
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let expected = if_match_version(&headers, ETAG_PREFIX)?;
    Ok(with_etag(app::orders::confirm(&state, partner.id, id, expected).await?))
}

/// R-ORD-4 (revised): answers a check-in yes or no. Every answer is kept with its time; the newest
/// stands, and can be corrected until the question's deadline (the lead time, on the marketplace's
/// clock), final after it. The on-time question opens two days before the lead time. Needs `If-Match`.
#[utoipa::path(put, path = "/orders/{id}/check-ins/{question}", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("question" = String, Path, description = "material, started, finished or on_time"),
        ("If-Match" = String, Header, description = "The order's ETag"),
    ),
    request_body = CheckInAnswer,
    responses(
        (status = 200, body = OrderDetail),
        NotYourOrder,
        OrderClosed,
        ChangedSinceRead,
        (status = 422, description = "Unknown question, not open yet, or the answer is final", body = Problem, content_type = "application/problem+json"),
        NoIfMatch,
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath((id, question)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CheckInAnswer>,
) -> ApiResult<Response> {
    let question = CheckInQuestion::parse(&question).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::new(
            "question",
            "unknown",
            "Ask one of the check-ins: material, started, finished or on_time.",
        )])
    })?;
    let expected = if_match_version(&headers, ETAG_PREFIX)?;
    Ok(with_etag(app::orders::check_in(&state, partner.id, id, expected, question, body.answer).await?))
}

/// What an upload is for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// `qc_report` (PDF), `qc_photo` (JPEG/PNG of one order line's parts) or `package_photo`.
    purpose: String,
    /// The order line a `qc_photo` shows.
    line_id: Option<i64>,
}

/// R-ORD-5 / R-SHP-2: uploads a file (multipart field `file`, at most 10 MB), checked by its
/// content to the last byte: photos (JPEG, PNG) are decoded within 40 megapixels, turned upright
/// and encoded again without metadata; PDFs must parse, have a page and carry no JavaScript,
/// launch or open actions or embedded files. Each partner has a quota (bytes a day and in all)
/// and a rate. Stored outside any served folder under a random name; nothing is kept of a
/// refused file.
#[utoipa::path(post, path = "/orders/{id}/files", tag = "orders",
    params(("id" = i64, Path, description = "The order's id"), UploadParams),
    request_body(content_type = "multipart/form-data", description = "A field `file`"),
    responses(
        (status = 201, body = StoredFile),
        NotYourOrder,
        (status = 413, description = "Larger than 10 MB, or a photo of more than 40 megapixels", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PDF / JPEG / PNG as the purpose needs", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, damaged, with data after its end, markup in a photo, a PDF without pages, encrypted or with active content, over the partner's quota; unknown purpose or line", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many uploads in ten minutes; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many uploads at once; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<UploadParams>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let purpose = Purpose::parse(&params.purpose).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::new(
            "purpose",
            "unknown",
            "Say what the file is for: qc_report, qc_photo, package_photo or invoice.",
        )])
    })?;
    let mut multipart = multipart.map_err(|_| {
        ApiError::UnsupportedMediaType("Send the file as multipart/form-data in a field named file.".to_owned())
    })?;
    let _turn = upload_turn(&state).await?;
    let file = read_file_field(&state, &mut multipart);
    let stored = app::files::upload(&state, partner.id, id, purpose, params.line_id, file).await?;
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

/// The display name a file keeps: its last path part, printable, at most 120 characters.
fn display_name(raw: Option<&str>) -> String {
    const NAME_MAX_CHARS: usize = 120;
    let raw = raw.unwrap_or("upload");
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = last.chars().filter(|c| !c.is_control()).take(NAME_MAX_CHARS).collect();
    if clean.trim().is_empty() { "upload".to_owned() } else { clean }
}

/// Heavy work: a few uploads are read at a time, the others wait their turn (issue 16); past
/// the wait, the client is told to send again.
pub(crate) async fn upload_turn(state: &AppState) -> ApiResult<tokio::sync::SemaphorePermit<'_>> {
    tokio::time::timeout(crate::UPLOAD_WAIT, state.uploads.acquire()).await.ok().and_then(Result::ok).ok_or(
        ApiError::Busy {
            detail: "Many files are arriving at once. Send this one again in a few seconds.",
            retry_after_secs: 5,
        },
    )
}

/// Receives the `file` field to disk as it arrives, stopping as soon as it is over the limit.
pub(crate) async fn read_file_field(state: &AppState, multipart: &mut Multipart) -> ApiResult<app::files::Incoming> {
    let too_large_or_malformed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::FileRefused(Refusal::TooLarge)
        } else {
            // The body is multipart as declared, but its parts cannot be read (a part's header
            // that is not text, a part cut off): the file field is what is missing.
            ApiError::Invalid(vec![FieldError::new(
                "file",
                "unreadable",
                "The upload could not be read: send the file as multipart/form-data in a field named file.",
            )])
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(too_large_or_malformed)? {
        if field.name() != Some("file") {
            continue;
        }
        let mut incoming = app::files::Incoming::create(&state.files, display_name(field.file_name())).await?;
        while let Some(chunk) = field.chunk().await.map_err(too_large_or_malformed)? {
            incoming.push(&chunk).await?;
        }
        return Ok(incoming);
    }
    Err(ApiError::Invalid(vec![FieldError::new("file", "required", "Choose a file to upload.")]))
}

/// Downloads one of the caller's files: an attachment, never sniffed; others' files are 404.
#[utoipa::path(get, path = "/files/{id}", tag = "orders",
    params(("id" = i64, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file as uploaded"),
        (status = 404, description = "Not your file", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn download(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (kind, name, bytes) = app::files::download(&state, partner.id, id).await?;
    Ok(attachment(bytes, kind.slug(), &name))
}

/// R-SHP-1..4, R-SHP-6: publishes a shipment (one package) from the wizard's three steps, checked
/// by the same functions the SPA runs. `Idempotency-Key`: publishing twice creates one shipment.
#[utoipa::path(post, path = "/orders/{id}/shipments", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("Idempotency-Key" = String, Header, description = "One per publish; a retry sends the same one"),
    ),
    request_body = NewShipment,
    responses(
        (status = 201, body = Shipment),
        NotYourOrder,
        (status = 409, description = "Closed, or nothing left to ship", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or DMLS photos are missing", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
    ))]
pub async fn publish(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(shipment): ApiJson<NewShipment>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    Ok(app::shipments::publish(&state, partner.id, id, &key, shipment).await?.into_response())
}

/// R-ORD-4 (5), R-ORD-7: the partner's "Shipped" check-in for one package, answered on the day of
/// pickup: the package has left the shop today. Final once given; the carrier's pickup scan, when
/// the marketplace reports one, dates the shipment instead. Needs `If-Match`.
#[utoipa::path(post, path = "/orders/{id}/shipments/{shipment_id}/shipped", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("shipment_id" = i64, Path, description = "The shipment's id"),
        ("If-Match" = String, Header, description = "The order's ETag"),
    ),
    responses(
        (status = 200, body = OrderDetail),
        (status = 404, description = "Not your order or shipment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed, handed back, or the package left already", body = Problem, content_type = "application/problem+json"),
        ChangedSinceRead,
        NoIfMatch,
    ))]
pub async fn shipped(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath((id, shipment_id)): ApiPath<(i64, i64)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let expected = if_match_version(&headers, ETAG_PREFIX)?;
    Ok(with_etag(app::shipments::shipped(&state, partner.id, id, shipment_id, expected).await?))
}

/// R-ORD-7: hands an accepted order back before production is confirmed, with a reason. The job
/// returns to the boards of the partners who have not seen it; it counts against engagement
/// (R-PSS-5). Needs `If-Match`.
#[utoipa::path(post, path = "/orders/{id}/hand-back", tag = "orders",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("If-Match" = String, Header, description = "The order's ETag"),
    ),
    request_body = HandBackRequest,
    responses(
        (status = 200, body = OrderDetail),
        NotYourOrder,
        (status = 409, description = "Production confirmed, closed, or handed back already", body = Problem, content_type = "application/problem+json"),
        ChangedSinceRead,
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
        NoIfMatch,
    ))]
pub async fn hand_back(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<HandBackRequest>,
) -> ApiResult<Response> {
    let expected = if_match_version(&headers, ETAG_PREFIX)?;
    Ok(with_etag(app::orders::hand_back(&state, partner.id, id, expected, &req).await?))
}
