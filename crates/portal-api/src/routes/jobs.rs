//! The job board: `GET /jobs`, `GET /jobs/{id}`, `POST /jobs/{id}/accept`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use portal_core::account::AccountState;
use portal_core::api::{BlockedReason, Board, BoardJob, FieldError, Order, OrderStatus, Problem};
use portal_core::board::{BoardQuery, BoardSort};
use portal_core::capability::{Capabilities, Material, Process};
use portal_core::job::{self, Decision};
use portal_core::probation::{Standing, acceptance_block};
use serde::Deserialize;
use utoipa::IntoParams;

use super::me::{PartnerContext, context, frozen_notice, read_context};
use crate::AppState;
use crate::auth::CurrentPartner;
use crate::db;
use crate::db::jobs::Job;
use crate::error::{ApiError, ApiPath, ApiResult};

/// The most jobs one page of the board may hold.
const MAX_PAGE: u32 = 10_000;

/// The board's filter, sort and page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardParams {
    /// A process slug, e.g. `cnc_milling`.
    process: Option<String>,
    /// A material slug, e.g. `aluminum_6061`.
    material: Option<String>,
    /// `time_left` (default), `price` or `ship_date`.
    sort: Option<String>,
    /// Jobs per page (all when absent, at most 10000).
    limit: Option<u32>,
    /// Jobs to skip.
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
        if self.limit.is_some_and(|l| l == 0 || l > MAX_PAGE) {
            errors.push(FieldError::new("limit", "out_of_range", format!("Ask for 1 to {MAX_PAGE} jobs per page.")));
        }
        if errors.is_empty() { Ok(q) } else { Err(ApiError::Invalid(errors)) }
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

/// The rulebook's view of one job for one partner: `None` when it is not on that partner's board.
fn board_job(
    job: Job,
    caps: &Capabilities,
    account: AccountState,
    standing: Standing,
    now: DateTime<Utc>,
) -> Option<BoardJob> {
    let Job { id, status, posting: job } = job;
    if !job::on_board(status, job.posted_at, now, None) {
        return None;
    }
    let matched = job::match_capabilities(&job.requirements, caps).ok()?;
    let blocked = acceptance_block(account, standing, job.price)
        .map(|code| BlockedReason { code, message: code.message(job.price.currency, standing) });
    let r = job.requirements;
    Some(BoardJob {
        id,
        reference: job.reference,
        part_name: job.part_name,
        process: r.process,
        material: r.material,
        finish: r.finish,
        certifications: r.certifications,
        part_size: r.part_size,
        quantity: job.quantity,
        price: job.price,
        ship_by: job.ship_by,
        posted_at: job.posted_at,
        closes_at: job::board_closes_at(job.posted_at),
        seconds_left: job::seconds_left(job.posted_at, now),
        matched,
        can_accept: blocked.is_none(),
        blocked,
    })
}

/// The caller's board: live jobs its capabilities match (R-JOB-1, R-JOB-2), each once (R-JOB-3),
/// with whether it may accept them (R-JOB-5); nothing while the account is frozen (R-ACC-3).
#[utoipa::path(get, path = "/jobs", tag = "jobs", params(BoardParams),
    responses(
        (status = 200, body = Board),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown filter or sort value", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn board(
    State(state): State<AppState>,
    partner: CurrentPartner,
    Query(params): Query<BoardParams>,
) -> ApiResult<Json<Board>> {
    let query = params.query()?;
    let now = state.clock.now();
    let ctx = read_context(&state, partner.id).await?;
    if let Some(frozen) = frozen_notice(&ctx) {
        return Ok(Json(Board { jobs: vec![], total: 0, frozen: Some(frozen), server_time: now }));
    }
    let mut jobs: Vec<BoardJob> = db::jobs::live_for(&state.db.read, partner.id, now)
        .await?
        .into_iter()
        .filter_map(db::jobs::JobRow::into_job)
        .filter_map(|j| board_job(j, &ctx.capabilities, ctx.account_state, ctx.record.standing, now))
        .collect();
    query.apply(&mut jobs);
    let total = u32::try_from(jobs.len()).unwrap_or(u32::MAX);
    let offset = params.offset.unwrap_or(0) as usize;
    let limit = params.limit.unwrap_or(MAX_PAGE) as usize;
    let jobs = jobs.into_iter().skip(offset).take(limit).collect();
    Ok(Json(Board { jobs, total, frozen: None, server_time: now }))
}

async fn job_on_board(
    state: &AppState,
    ctx: &PartnerContext,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Option<BoardJob>> {
    let Some(job) = db::jobs::by_id(&state.db.read, id).await?.and_then(db::jobs::JobRow::into_job) else {
        return Ok(None);
    };
    if db::jobs::decision_of(&state.db.read, ctx.partner.id, id).await?.is_some() {
        return Ok(None);
    }
    Ok(board_job(job, &ctx.capabilities, ctx.account_state, ctx.record.standing, now))
}

/// One job on the caller's board. Jobs that are not (another partner's, unmatched, gone) are 404.
#[utoipa::path(get, path = "/jobs/{id}", tag = "jobs", params(("id" = i64, Path, description = "The job's id")),
    responses(
        (status = 200, body = BoardJob),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not on your board", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn job(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<BoardJob>> {
    let now = state.clock.now();
    let ctx = read_context(&state, partner.id).await?;
    if ctx.account_state == AccountState::Frozen {
        return Err(ApiError::NotFound("job"));
    }
    job_on_board(&state, &ctx, id, now).await?.map(Json).ok_or(ApiError::NotFound("job"))
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
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not on your board", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Taken by another partner, expired or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Over the probation limits, or the key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No Idempotency-Key", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let key = super::idempotency_key(&headers)?;
    let request = format!("accept job {id}");
    // Every write goes through the single writer connection, so from here to commit no other
    // accept can interleave: the checks below see the state the update acts on.
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = db::idempotency::find(&mut *tx, partner.id, &key).await? {
        if first.request != request {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "Idempotency-Key",
                "reused",
                "This Idempotency-Key was already used for another action; send a fresh one.",
            )]));
        }
        return Ok(stored_response(first.status, first.body));
    }
    let now = state.clock.now();
    let ctx = context(&mut tx, partner.id, now).await?;
    let Some(Job { status, posting: job, .. }) =
        db::jobs::by_id(&mut *tx, id).await?.and_then(db::jobs::JobRow::into_job)
    else {
        return Err(ApiError::NotFound("job"));
    };
    // Jobs the caller's capabilities do not match are not the caller's to see.
    if job::match_capabilities(&job.requirements, &ctx.capabilities).is_err() {
        return Err(ApiError::NotFound("job"));
    }
    let decision = db::jobs::decision_of(&mut *tx, partner.id, id).await?;
    if let Some(gone) = job::gone(status, job.posted_at, now, decision) {
        return Err(ApiError::Conflict(gone.message().to_owned()));
    }
    let standing = ctx.record.standing;
    if let Some(block) = acceptance_block(ctx.account_state, standing, job.price) {
        return Err(ApiError::Rule {
            code: "/problems/acceptance-limit",
            detail: block.message(job.price.currency, standing),
        });
    }
    if !db::jobs::take(&mut *tx, id, partner.id, now).await? {
        return Err(ApiError::Conflict(job::Gone::Taken.message().to_owned()));
    }
    db::jobs::record_decision(&mut *tx, partner.id, id, Decision::Accepted, now).await?;
    let order_id = db::orders::insert(
        &mut *tx,
        &db::orders::NewOrder {
            partner_id: partner.id,
            job_id: id,
            price: job.price,
            lead_time: job.ship_by,
            status: OrderStatus::InProduction,
            accepted_at: now,
            completed_at: None,
        },
    )
    .await?;
    let order = db::orders::by_id(&mut *tx, order_id).await?.ok_or_else(|| ApiError::internal("new order vanished"))?;
    let body = serde_json::to_string(&order).map_err(ApiError::internal)?;
    db::idempotency::store(&mut *tx, partner.id, &key, &request, StatusCode::CREATED.as_u16(), &body, db::ts(now))
        .await?;
    tx.commit().await?;
    Ok(stored_response(i64::from(StatusCode::CREATED.as_u16()), body))
}

/// Answers with a stored (always successful) JSON response.
fn stored_response(status: i64, body: String) -> Response {
    let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}
