//! The job board: `GET /jobs`, `GET /jobs/{id}`, and acting on a job: accept, decline,
//! counteroffer (R-JOB-4).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Utc};
use portal_core::account::AccountState;
use std::collections::HashSet;

use portal_core::Money;
use portal_core::api::{BlockedReason, Board, BoardJob, Counteroffer, Declined, FieldError, JobBonus, Order, Problem};
use portal_core::board::{BoardQuery, BoardSort, Listing};
use portal_core::capability::{Capabilities, Material, Process};
use portal_core::job::{self, Decision};
use portal_core::market_clock;
use portal_core::offer::{CounterofferRequest, DeclineRequest, validate_counteroffer, validate_decline};
use portal_core::probation::{Standing, acceptance_block};
use portal_core::score::{Tenths, bonus_amount};
use serde::Deserialize;
use sqlx::SqliteConnection;
use utoipa::IntoParams;

use super::{created, replay};
use crate::AppState;
use crate::app::partner::{PartnerContext, context, frozen_notice, read_context};
use crate::app::score::bonus_percent;
use crate::auth::CurrentPartner;
use crate::db;
use crate::db::jobs::Job;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::market;
use crate::routes::problems::{NoIdempotencyKey, NotLoggedIn, NotOnYourBoard};

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

impl Listing for Job {
    fn id(&self) -> i64 {
        self.id
    }
    fn process(&self) -> Process {
        self.posting.requirements.process
    }
    fn material(&self) -> Material {
        self.posting.requirements.material
    }
    fn closes_at(&self) -> DateTime<Utc> {
        self.window.closes
    }
    fn price(&self) -> portal_core::Money {
        self.posting.price
    }
    fn ship_by(&self) -> chrono::NaiveDate {
        self.posting.ship_by
    }
    fn posted_at(&self) -> DateTime<Utc> {
        self.posting.posted_at
    }
}

/// The rulebook's view of one job for one partner: `None` when it is not on that partner's board.
fn board_job(
    job: &Job,
    caps: &Capabilities,
    account: AccountState,
    standing: Standing,
    bonus: Tenths,
    now: DateTime<Utc>,
) -> Option<BoardJob> {
    if !job::on_board(job.status, job.window, now, None) {
        return None;
    }
    let matched = job::match_capabilities(&job.posting.requirements, caps).ok()?;
    let p = &job.posting;
    let blocked = acceptance_block(account, standing, p.price)
        .map(|code| BlockedReason { code, message: code.message(p.price.currency, standing) });
    let r = &p.requirements;
    Some(BoardJob {
        id: job.id,
        reference: p.reference.clone(),
        part_name: p.part_name.clone(),
        process: r.process,
        material: r.material,
        finish: r.finish,
        certifications: r.certifications.clone(),
        part_size: r.part_size,
        quantity: p.quantity,
        price: p.price,
        ship_by: p.ship_by,
        posted_at: p.posted_at,
        closes_at: job.window.closes,
        seconds_left: job::seconds_left(job.window.closes, now),
        matched,
        can_accept: blocked.is_none(),
        blocked,
        bonus: job_bonus(p.price, bonus),
    })
}

/// R-JOB-7: a job's bonus at `percent` (none at 0).
fn job_bonus(base: Money, percent: Tenths) -> Option<JobBonus> {
    (percent.0 > 0).then(|| {
        let amount = bonus_amount(base, percent);
        JobBonus { percent, amount, total: Money::new(base.amount_minor + amount.amount_minor, base.currency) }
    })
}

/// The caller's board: live jobs its capabilities match (R-JOB-1, R-JOB-2), each once (R-JOB-3),
/// with whether it may accept them (R-JOB-5); nothing while the account is frozen (R-ACC-3).
#[utoipa::path(get, path = "/jobs", tag = "jobs", params(BoardParams),
    responses(
        (status = 200, body = Board),
        NotLoggedIn,
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
    // Every open job comes from the shared cache; this partner's view is the rulebook's filter
    // over it, and only the requested page is turned into board entries.
    let live = state.board.live_jobs(&state.db).await?;
    let decided: HashSet<i64> = db::jobs::decided_by(&state.db.read, partner.id).await?.into_iter().collect();
    let bonus = bonus_percent(&mut *state.db.read.acquire().await?, partner.id, now).await?;
    let mut mine: Vec<&Job> = live
        .iter()
        .filter(|j| !decided.contains(&j.id) && job::on_board(j.status, j.window, now, None))
        .filter(|j| job::matching_machine(&j.posting.requirements, &ctx.capabilities).is_ok())
        .collect();
    query.apply(&mut mine);
    let total = u32::try_from(mine.len()).unwrap_or(u32::MAX);
    let offset = params.offset.unwrap_or(0) as usize;
    // Without a limit, the whole board: the SPA filters and sorts it in the browser.
    let limit = params.limit.map_or(usize::MAX, |l| l as usize);
    let jobs = mine
        .into_iter()
        .skip(offset)
        .take(limit)
        .filter_map(|j| board_job(j, &ctx.capabilities, ctx.account_state, ctx.record.standing, bonus, now))
        .collect();
    Ok(Json(Board { jobs, total, frozen: None, server_time: now }))
}

async fn job_on_board(
    state: &AppState,
    ctx: &PartnerContext,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Option<BoardJob>> {
    let Some(job) = db::jobs::by_id(&state.db.read, id).await? else {
        return Ok(None);
    };
    let job = job.into_job()?;
    if db::jobs::decision_of(&state.db.read, ctx.partner.id, id).await?.is_some() {
        return Ok(None);
    }
    let bonus = bonus_percent(&mut *state.db.read.acquire().await?, ctx.partner.id, now).await?;
    Ok(board_job(&job, &ctx.capabilities, ctx.account_state, ctx.record.standing, bonus, now))
}

/// One job on the caller's board. Jobs that are not (another partner's, unmatched, gone) are 404.
/// The SPA asks for it when a partner opens a job's dialog; that view is noted, so the partner
/// hears if the job is taken meanwhile.
#[utoipa::path(get, path = "/jobs/{id}", tag = "jobs", params(("id" = i64, Path, description = "The job's id")),
    responses(
        (status = 200, body = BoardJob),
        NotLoggedIn,
        NotOnYourBoard,
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
    let job = job_on_board(&state, &ctx, id, now).await?.ok_or(ApiError::NotFound("job"))?;
    db::jobs::record_view(&state.db.write, partner.id, id, now).await?;
    Ok(Json(job))
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
    let request = format!("accept job {id}");
    // Every write goes through the single writer connection, so from here to commit no other
    // accept can interleave: the checks below see the state the update acts on.
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner.id, &key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    let (ctx, job) = actionable_job(&mut tx, partner.id, id, now).await?;
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
    let label = format!("{} ({})", job.part_name, job.reference);
    let mut told = market::lose_pending(&mut tx, id, "Another partner accepted the job at its price.", now).await?;
    told.extend(market::tell_viewers_taken(&mut tx, id, partner.id, &label, now).await?);
    // R-JOB-7: the bonus is the one the score earns now (read before this job counts).
    let bonus = job_bonus(job.price, bonus_percent(&mut tx, partner.id, now).await?);
    db::jobs::record_decision(&mut *tx, partner.id, id, Decision::Accepted, now).await?;
    let order_id = db::orders::insert(
        &mut tx,
        &db::orders::NewOrder {
            partner_id: partner.id,
            job_id: id,
            price: job.price,
            bonus_minor: bonus.map_or(0, |b| b.amount.amount_minor),
            lead_time: job.ship_by,
            accepted_at: now,
            // R-ORD-3: accepted at the job's terms from the board.
            confirmed: true,
        },
    )
    .await?;
    let order = db::orders::by_id(&mut *tx, order_id).await?.ok_or_else(|| ApiError::internal("new order vanished"))?;
    let res = created(tx, partner.id, &key, &request, &order, now).await?;
    state.events.board_changed();
    state.events.notified(&told);
    Ok(res)
}

/// The job a partner wants to act on, read inside the acting transaction: 404 when it is not the
/// partner's to see (unknown, unmatched, frozen account), 409 with the reason when it has left
/// the board (R-JOB-10) or the partner acted on it already (R-JOB-3).
async fn actionable_job(
    conn: &mut SqliteConnection,
    partner_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<(PartnerContext, db::jobs::JobPosting)> {
    let ctx = context(conn, partner_id, now).await?;
    let row = db::jobs::by_id(&mut *conn, id).await?.ok_or(ApiError::NotFound("job"))?;
    let Job { status, window, posting: job, .. } = row.into_job()?;
    // Jobs the caller's capabilities do not match are not the caller's to see.
    if job::matching_machine(&job.requirements, &ctx.capabilities).is_err() {
        return Err(ApiError::NotFound("job"));
    }
    let decision = db::jobs::decision_of(&mut *conn, partner_id, id).await?;
    if let Some(gone) = job::gone(status, window, now, decision) {
        return Err(ApiError::Conflict(gone.message().to_owned()));
    }
    Ok((ctx, job))
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
    let errors = validate_decline(&req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let request = format!("decline job {id}");
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner.id, &key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    actionable_job(&mut tx, partner.id, id, now).await?;
    db::jobs::record_decision(&mut *tx, partner.id, id, Decision::Declined, now).await?;
    db::jobs::record_decline(&mut *tx, partner.id, id, req.reason, req.feedback.trim(), now).await?;
    created(tx, partner.id, &key, &request, &Declined { job_id: id, reason: req.reason, declined_at: now }, now).await
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
    let request = format!("counteroffer job {id}");
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner.id, &key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    let (ctx, job) = actionable_job(&mut tx, partner.id, id, now).await?;
    let errors = validate_counteroffer(&req, job.price.currency, market_clock::day(job.price.currency, now));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    // R-JOB-5: the offer is what the job would be worth to this partner.
    let standing = ctx.record.standing;
    let worth = req.price.unwrap_or(job.price);
    if let Some(block) = acceptance_block(ctx.account_state, standing, worth) {
        let message = block.message(worth.currency, standing);
        return Err(match block {
            portal_core::probation::AcceptBlock::ProbationValueLimit => {
                ApiError::Invalid(vec![FieldError::new("price", "over_limit", message)])
            }
            _ => ApiError::Rule { code: "/problems/acceptance-limit", detail: message },
        });
    }
    db::jobs::record_decision(&mut *tx, partner.id, id, Decision::Counteroffered, now).await?;
    let offer_id = db::counteroffers::insert(&mut *tx, partner.id, id, &req, now).await?;
    let offer = db::counteroffers::by_id(&mut *tx, offer_id)
        .await?
        .ok_or_else(|| ApiError::internal("new counteroffer vanished"))?;
    created(tx, partner.id, &key, &request, &offer, now).await
}
