//! The job board: `GET /jobs`, `GET /jobs/{id}`, and acting on a job: accept, decline,
//! counteroffer (R-JOB-4).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{Board, Counteroffer, Declined, FieldError, JobDetail, Order, Problem};
use portal_core::board::{BoardQuery, BoardSort};
use portal_core::capability::{Material, Process};
use portal_core::offer::{CounterofferRequest, DeclineRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::app;
use crate::app::jobs::Page;
use crate::auth::CurrentPartner;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::market::LIVE_VERSION;
use crate::routes::problems::{NoIdempotencyKey, NotLoggedIn, NotOnYourBoard};

/// The most jobs a page may skip (far beyond any board).
const MAX_OFFSET: u32 = 1_000_000;

/// The most jobs one page of the board may hold when a limit is asked for.
const MAX_PAGE: u32 = 10_000;

/// The board's filter, sort and page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardParams {
    /// A process slug, e.g. `cnc_milling`.
    process: Option<String>,
    /// A material slug, e.g. `aluminum_6061`.
    material: Option<String>,
    /// `time_left` (default), `newest`, `price` or `ship_date`.
    sort: Option<String>,
    /// Jobs per page, 1 to 10000 (the whole board when absent).
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<u32>,
    /// Jobs to skip, at most 1000000.
    #[param(minimum = 0, maximum = 1000000)]
    offset: Option<u32>,
}

impl BoardParams {
    fn query(&self) -> Result<BoardQuery, ApiError> {
        let mut errors = Vec::new();
        let q = BoardQuery {
            process: known_value(&self.process, "process", Process::ALL, Process::slug, &mut errors),
            material: known_value(&self.material, "material", Material::ALL, Material::slug, &mut errors),
            sort: known_value(&self.sort, "sort", &BoardSort::ALL, BoardSort::slug, &mut errors).unwrap_or_default(),
        };
        if self.offset.is_some_and(|o| o > MAX_OFFSET) {
            errors.push(FieldError::new("offset", "out_of_range", format!("Skip 0 to {MAX_OFFSET} jobs.")));
        }
        if self.limit.is_some_and(|l| l == 0 || l > MAX_PAGE) {
            errors.push(FieldError::new("limit", "out_of_range", format!("Ask for 1 to {MAX_PAGE} jobs per page.")));
        }
        if errors.is_empty() { Ok(q) } else { Err(ApiError::Invalid(errors)) }
    }

    /// Without a limit, the whole board: the SPA filters and sorts it in the browser.
    fn page(&self) -> Page {
        Page { offset: self.offset.unwrap_or(0) as usize, limit: self.limit.map_or(usize::MAX, |l| l as usize) }
    }
}

/// Reads an optional slug of a closed list; an unknown one is named in `errors` with the list.
fn known_value<T: Copy>(
    raw: &Option<String>,
    field: &str,
    all: &[T],
    slug: fn(T) -> &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let raw = raw.as_deref().filter(|r| !r.is_empty())?;
    let found = all.iter().copied().find(|v| slug(*v) == raw);
    if found.is_none() {
        let known: Vec<&str> = all.iter().map(|v| slug(*v)).collect();
        errors.push(FieldError::new(
            field,
            "unknown",
            format!("Unknown {field} '{raw}'. Use one of: {}.", known.join(", ")),
        ));
    }
    found
}

/// The caller's board: live jobs its capabilities match (R-JOB-1, R-JOB-2), each once (R-JOB-3),
/// with whether it may accept them (R-JOB-5); nothing while the account is frozen (R-ACC-3).
#[utoipa::path(get, path = "/jobs", tag = "jobs", params(BoardParams),
    responses(
        (status = 200, body = Board, headers(
            ("x-live-version" = String, description = "`board <instance> <count>`: where the live stream stood when the board was read"),
        )),
        NotLoggedIn,
        (status = 422, description = "Unknown filter or sort value", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn board(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiQuery(params): ApiQuery<BoardParams>,
) -> ApiResult<Response> {
    let query = params.query()?;
    let live = state.events.versions(partner.id).board_header();
    let board = app::jobs::board(&state, partner.id, &query, params.page()).await?;
    // The JSON of `Board`, written by the board's cache (app::jobs::board).
    Ok(([(LIVE_VERSION, live), (header::CONTENT_TYPE.as_str(), "application/json".to_owned())], board.0)
        .into_response())
}

/// One job on the caller's board. Jobs that are not (another partner's, unmatched, gone) are 404.
/// The SPA asks for it when a partner opens a job's dialog; that view is noted, so the partner
/// hears if the job is taken meanwhile.
#[utoipa::path(get, path = "/jobs/{id}", tag = "jobs", params(("id" = i64, Path, description = "The job's id")),
    responses(
        (status = 200, body = JobDetail),
        NotLoggedIn,
        NotOnYourBoard,
    ))]
pub async fn job(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<JobDetail>> {
    Ok(Json(app::jobs::job(&state, partner.id, id).await?))
}

/// One of the marketplace's files for a job's part: the 3D model (STEP) or the drawing (PDF),
/// for a partner who sees the job on its board or holds its order.
#[utoipa::path(get, path = "/jobs/{id}/drawings/{name}", tag = "jobs",
    params(
        ("id" = i64, Path, description = "The job's id"),
        ("name" = String, Path, description = "The file's name, as the job or order lists it"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        NotLoggedIn,
        (status = 404, description = "Not a job the partner sees or holds, or no such file", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn job_drawing(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath((id, name)): ApiPath<(i64, String)>,
) -> ApiResult<Response> {
    let (name, media_type, body) = app::jobs::drawing(&state, partner.id, id, &name).await?;
    Ok(crate::routes::orders::attachment(body, media_type, &name))
}

/// Accept a job: it becomes an order (R-ORD-1) and leaves every board. Needs an
/// `Idempotency-Key`: a replay returns the first answer and creates nothing (R-JOB-10).
#[utoipa::path(post, path = "/jobs/{id}/accept", tag = "jobs",
    params(
        ("id" = i64, Path, description = "The job's id"),
        ("Idempotency-Key" = String, Header, description = "A fresh random value per accept; a retry sends the same one"),
    ),
    responses(
        (status = 201, description = "Accepted; the new order", body = Order),
        NotLoggedIn,
        NotOnYourBoard,
        (status = 409, description = "Taken by another partner, expired or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Over the probation limits, or the key was used for another request", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
    ))]
pub async fn accept(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let key = super::idempotency_key(&headers)?;
    Ok(app::jobs::accept(&state, partner.id, id, &key).await?.into_response())
}

/// Decline a job with a reason and optional feedback (R-JOB-4); it never returns to this
/// partner's board (R-JOB-3). Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/jobs/{id}/decline", tag = "jobs",
    params(
        ("id" = i64, Path, description = "The job's id"),
        ("Idempotency-Key" = String, Header, description = "A fresh random value per decision; a retry sends the same one"),
    ),
    request_body = DeclineRequest,
    responses(
        (status = 201, description = "Declined", body = Declined),
        NotLoggedIn,
        NotOnYourBoard,
        (status = 409, description = "Already declined, taken, expired or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Feedback too long or unknown reason", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
    ))]
pub async fn decline(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<DeclineRequest>,
) -> ApiResult<Response> {
    let key = super::idempotency_key(&headers)?;
    Ok(app::jobs::decline(&state, partner.id, id, &key, &req).await?.into_response())
}

/// Decline with a counteroffer: a price and/or a ship date, with a note (R-JOB-4). The job
/// leaves this partner's board (R-JOB-3); when it leaves every board without an accept, the
/// lowest offer wins (R-JOB-6). Needs an `Idempotency-Key`.
#[utoipa::path(post, path = "/jobs/{id}/counteroffer", tag = "jobs",
    params(
        ("id" = i64, Path, description = "The job's id"),
        ("Idempotency-Key" = String, Header, description = "A fresh random value per decision; a retry sends the same one"),
    ),
    request_body = CounterofferRequest,
    responses(
        (status = 201, description = "Offered", body = Counteroffer),
        NotLoggedIn,
        NotOnYourBoard,
        (status = 409, description = "Already acted on, taken, expired or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad price, date or note, or over the probation limits", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
    ))]
pub async fn counteroffer(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CounterofferRequest>,
) -> ApiResult<Response> {
    let key = super::idempotency_key(&headers)?;
    Ok(app::jobs::counteroffer(&state, partner.id, id, &key, &req).await?.into_response())
}
