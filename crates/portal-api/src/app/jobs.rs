//! The job board as one partner sees it (R-JOB-1..3, R-JOB-5, R-JOB-7) and acting on a job:
//! accept, decline, counteroffer (R-JOB-4), each in one transaction on the writer.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_core::Money;
use portal_core::account::AccountState;
use portal_core::api::{BlockedReason, Board, BoardJob, Declined, JobBonus, JobDetail};
use portal_core::board::{BoardQuery, Listing};
use portal_core::capability::{Capabilities, Material, Process};
use portal_core::draft::counteroffer::{counteroffer_block, over_limit};
use portal_core::job::{self, Decision, JobStatus};
use portal_core::market_clock;
use portal_core::offer::{CounterofferRequest, DeclineRequest, validate_counteroffer, validate_decline};
use portal_core::order::qc_needs;
use portal_core::probation::{Standing, acceptance_block};
use portal_core::score::{Tenths, bonus_amount};
use sqlx::SqliteConnection;

use super::idempotency::{Stored, created, replay};
use super::partner::{PartnerContext, account_state_at, context, frozen_notice_of, read_context};
use super::score::bonus_percent;
use crate::AppState;
use crate::board_cache::{BoardVersions, LiveJobs, PartnerFacts, RenderedJobs, SortedBoard};
use crate::db;
use crate::db::jobs::Job;
use crate::documents;
use crate::error::{ApiError, ApiResult};
use crate::market;

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
    fn price(&self) -> Money {
        self.posting.price
    }
    fn ship_by(&self) -> chrono::NaiveDate {
        self.posting.ship_by
    }
    fn posted_at(&self) -> DateTime<Utc> {
        self.posting.posted_at
    }
}

/// Which part of the filtered, sorted board a request asks for.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub offset: usize,
    /// `usize::MAX` for the whole board.
    pub limit: usize,
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
        can_counteroffer: counteroffer_block(account, standing, p.price).is_none(),
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

/// The partner's board: live jobs its capabilities match (R-JOB-1, R-JOB-2), each once (R-JOB-3),
/// with whether it may accept them (R-JOB-5); nothing while the account is frozen (R-ACC-3).
/// What the board is computed from is kept between requests (`board_cache`), so a request costs
/// a look at the versions and the page it asks for, not the whole board.
pub async fn board(state: &AppState, partner_id: i64, query: &BoardQuery, page: Page) -> ApiResult<BoardJson> {
    let now = state.clock.now();
    // The versions are read before anything computed from them, so nothing is kept under a
    // version newer than what it was computed from.
    let (jobs_version, partner_version) =
        db::jobs::board_versions(&state.db.read, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    let slot = state.board.partner(partner_id);
    let mut cached = slot.lock().await;
    let facts = match cached.facts(partner_version, now) {
        Some(facts) => facts,
        None => cached.keep_facts(partner_facts(state, partner_id, partner_version, now).await?),
    };
    let account_state = account_state_at(&facts.partner, &facts.record, now);
    if let Some(frozen) = frozen_notice_of(&facts.partner, account_state) {
        let board = Board { jobs: vec![], total: 0, frozen: Some(frozen), server_time: now };
        return Ok(BoardJson(serde_json::to_string(&board).map_err(ApiError::internal)?));
    }
    let live = state.board.live_jobs_at(&state.db, jobs_version).await?;
    let versions = BoardVersions { jobs: live.version, partner: partner_version };
    let sorted = match cached.board(versions, query) {
        Some(sorted) => sorted,
        None => cached.keep_board(sorted_board(state, &live, &facts, versions, query).await?),
    };
    drop(cached);
    let on_board = sorted.at(&live, now);
    let total = u32::try_from(on_board.order.len()).unwrap_or(u32::MAX);
    let standing = facts.record.standing;
    let page = on_board.order.iter().skip(page.offset).take(page.limit);
    // Each job's JSON is rendered once per board (and key); a page copies it, with the seconds left.
    let rendered: Vec<(usize, Arc<(String, String)>)> = {
        let mut kept = sorted.rendered.lock().unwrap_or_else(|e| e.into_inner());
        let key = (account_state, standing, facts.bonus);
        if kept.key != Some(key) {
            *kept = RenderedJobs { key: Some(key), jobs: HashMap::new() };
        }
        page.filter_map(|&i| {
            if let Some(r) = kept.jobs.get(&i) {
                return Some((i, r.clone()));
            }
            let job = board_job(&live.jobs[i], &facts.capabilities, account_state, standing, facts.bonus, now)?;
            let r = Arc::new(render_job(job)?);
            if kept.jobs.len() < RENDERED_PER_BOARD {
                kept.jobs.insert(i, r.clone());
            }
            Some((i, r))
        })
        .collect()
    };
    let head = serde_json::to_string(&Board { jobs: vec![], total, frozen: None, server_time: now })
        .map_err(ApiError::internal)?;
    let rest = head.strip_prefix(EMPTY_JOBS).ok_or_else(|| ApiError::internal(format!("a board starts {head}")))?;
    let mut json =
        String::with_capacity(rest.len() + rendered.iter().map(|(_, r)| r.0.len() + r.1.len() + 24).sum::<usize>());
    json.push_str(&EMPTY_JOBS[..EMPTY_JOBS.len() - 1]);
    for (n, (i, r)) in rendered.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&r.0);
        json.push_str(&job::seconds_left(live.jobs[*i].window.closes, now).to_string());
        json.push_str(&r.1);
    }
    json.push(']');
    json.push_str(rest);
    Ok(BoardJson(json))
}

/// How many jobs' JSON a board keeps (about 700 bytes each): the pages partners ask for first.
/// The SPA asks for the whole board, so keeping every job would cost a partner's whole board in
/// text (7 MB at 10,000 jobs); the jobs past these are written for each request, as before.
const RENDERED_PER_BOARD: usize = 500;

/// How `Board` is written with no jobs (`jobs` is its first field).
const EMPTY_JOBS: &str = "{\"jobs\":[]";
/// How `BoardJob`'s `seconds_left` is written, up to its value.
const SECONDS_LEFT: &str = "\"seconds_left\":";

/// The JSON of a page of the board, as `Board` is written.
pub struct BoardJson(pub String);

/// A board job's JSON, before and after the value of `seconds_left` (written as 0 here). Strings
/// in it are escaped, so the field's name appears unquoted only as the field.
fn render_job(mut job: BoardJob) -> Option<(String, String)> {
    job.seconds_left = 0;
    let json = serde_json::to_string(&job).ok()?;
    let at = json.find(&format!("{SECONDS_LEFT}0"))? + SECONDS_LEFT.len();
    Some((json[..at].to_owned(), json[at + 1..].to_owned()))
}

/// What the board needs of a partner, read at `version`: its context and the bonus its official
/// score earns today (R-JOB-7).
async fn partner_facts(state: &AppState, partner_id: i64, version: i64, now: DateTime<Utc>) -> ApiResult<PartnerFacts> {
    let mut conn = state.db.read.acquire().await?;
    let ctx = context(&mut conn, partner_id, now).await?;
    let bonus = bonus_percent(&mut conn, partner_id, now).await?;
    Ok(PartnerFacts {
        version,
        day: market_clock::day(ctx.partner.currency(), now),
        partner: ctx.partner,
        capabilities: ctx.capabilities,
        record: ctx.record,
        bonus,
    })
}

/// The partner's board for `query` whatever the time: the open jobs its capabilities match
/// (R-JOB-1) that it has not acted on (R-JOB-3), filtered and sorted. Which of them are on the
/// board at an instant (R-JOB-2) is `SortedBoard::at`'s.
async fn sorted_board(
    state: &AppState,
    live: &LiveJobs,
    facts: &PartnerFacts,
    versions: BoardVersions,
    query: &BoardQuery,
) -> ApiResult<SortedBoard> {
    let decided: HashSet<i64> = db::jobs::decided_by(&state.db.read, facts.partner.id).await?.into_iter().collect();
    let mut mine: Vec<Numbered> = live
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| j.status == JobStatus::Open && !decided.contains(&j.id))
        .filter(|(_, j)| job::matching_machine(&j.posting.requirements, &facts.capabilities).is_ok())
        .map(|(at, job)| Numbered { at, job })
        .collect();
    query.apply(&mut mine);
    Ok(SortedBoard::new(versions, *query, mine.into_iter().map(|n| n.at).collect()))
}

/// A live job with its place in `LiveJobs::jobs`, so a sorted board can keep places.
struct Numbered<'a> {
    at: usize,
    job: &'a Job,
}

impl Listing for Numbered<'_> {
    fn id(&self) -> i64 {
        self.job.id()
    }
    fn process(&self) -> Process {
        self.job.process()
    }
    fn material(&self) -> Material {
        self.job.material()
    }
    fn closes_at(&self) -> DateTime<Utc> {
        self.job.closes_at()
    }
    fn price(&self) -> Money {
        self.job.price()
    }
    fn ship_by(&self) -> chrono::NaiveDate {
        self.job.ship_by()
    }
    fn posted_at(&self) -> DateTime<Utc> {
        self.job.posted_at()
    }
}

/// One job on the partner's board; jobs that are not (another partner's, unmatched, gone, or a
/// frozen account) are 404. The view is noted, so the partner hears if the job is taken meanwhile.
/// Its page: the board's row plus every term accepting it binds to (tolerances, notes, delivery,
/// QC), the lead time in days and the marketplace's drawings.
pub async fn job(state: &AppState, partner_id: i64, id: i64) -> ApiResult<JobDetail> {
    let now = state.clock.now();
    let ctx = read_context(state, partner_id).await?;
    if ctx.account_state == AccountState::Frozen {
        return Err(ApiError::NotFound("job"));
    }
    let (posted, job) = job_on_board(state, &ctx, id, now).await?.ok_or(ApiError::NotFound("job"))?;
    db::jobs::record_view(&state.db.write, partner_id, id, now).await?;
    let posting = posted.posting;
    let today = market_clock::day(posting.price.currency, now);
    Ok(JobDetail {
        qc: qc_needs(posting.requirements.process, posting.terms.qc_report_required),
        lead_time_days: job::lead_time_days(posting.ship_by, today),
        drawings: job::drawing_names(&posting.reference, 1),
        terms: posting.terms,
        job,
    })
}

/// One of the marketplace's files for a job's part, for a partner who sees the job on its board
/// or holds its order; 404 otherwise. Answers the file's name, media type and bytes.
pub async fn drawing(
    state: &AppState,
    partner_id: i64,
    id: i64,
    name: &str,
) -> ApiResult<(String, &'static str, Vec<u8>)> {
    let now = state.clock.now();
    let ctx = read_context(state, partner_id).await?;
    let held = db::orders::holds_job(&state.db.read, partner_id, id).await?;
    let visible =
        held || (ctx.account_state != AccountState::Frozen && job_on_board(state, &ctx, id, now).await?.is_some());
    let row = db::jobs::by_id(&state.db.read, id).await?.filter(|_| visible).ok_or(ApiError::NotFound("job"))?;
    let posting = row.into_job()?.posting;
    let file = job::DrawingFile::of(name, &posting.reference, 1).ok_or(ApiError::NotFound("drawing"))?;
    let spec = documents::PartSpec::of_job(&posting, 1);
    let paper = ctx.partner.display().paper;
    Ok((name.to_owned(), file.media_type(), documents::part_file(file, &spec, paper)))
}

async fn job_on_board(
    state: &AppState,
    ctx: &PartnerContext,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Option<(Job, BoardJob)>> {
    let Some(job) = db::jobs::by_id(&state.db.read, id).await? else {
        return Ok(None);
    };
    let job = job.into_job()?;
    if db::jobs::decision_of(&state.db.read, ctx.partner.id, id).await?.is_some() {
        return Ok(None);
    }
    let bonus = bonus_percent(&mut *state.db.read.acquire().await?, ctx.partner.id, now).await?;
    let row = board_job(&job, &ctx.capabilities, ctx.account_state, ctx.record.standing, bonus, now);
    Ok(row.map(|row| (job, row)))
}

/// R-JOB-4, R-ORD-1: accepts a job at its price: it becomes an order and leaves every board
/// (pending counteroffers lose, partners viewing it hear it is taken). R-JOB-5: refused over the
/// probation limits; R-JOB-7: the order carries the bonus the score earns now. R-JOB-10: under
/// `key`, a replay answers the first order and creates nothing.
pub async fn accept(state: &AppState, partner_id: i64, id: i64, key: &str) -> ApiResult<Stored> {
    let request = format!("accept job {id}");
    // Every write goes through the single writer connection, so from here to commit no other
    // accept can interleave: the checks below see the state the update acts on.
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner_id, key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    let (ctx, job) = actionable_job(&mut tx, partner_id, id, now).await?;
    let standing = ctx.record.standing;
    if let Some(block) = acceptance_block(ctx.account_state, standing, job.price) {
        return Err(ApiError::Rule {
            code: "/problems/acceptance-limit",
            detail: block.message(job.price.currency, standing),
        });
    }
    if !db::jobs::take(&mut *tx, id, partner_id, now).await? {
        return Err(ApiError::Conflict(job::Gone::Taken.message().to_owned()));
    }
    let label = format!("{} ({})", job.part_name, job.reference);
    let mut told = market::lose_pending(&mut tx, id, "Another partner accepted the job at its price.", now).await?;
    told.extend(market::tell_viewers_taken(&mut tx, id, partner_id, &label, now).await?);
    // R-JOB-7: the bonus is the one the score earns now (read before this job counts).
    let bonus = job_bonus(job.price, bonus_percent(&mut tx, partner_id, now).await?);
    db::jobs::record_decision(&mut *tx, partner_id, id, Decision::Accepted, now).await?;
    let order_id = db::orders::insert(
        &mut tx,
        &db::orders::NewOrder {
            partner_id,
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
    let answer = created(tx, partner_id, key, &request, &order, now).await?;
    state.events.board_changed();
    state.events.notified(&told);
    Ok(answer)
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

/// R-JOB-4: declines a job with a reason and optional feedback (checked before anything else);
/// it never returns to this partner's board (R-JOB-3). R-JOB-10: replayed under `key`.
pub async fn decline(state: &AppState, partner_id: i64, id: i64, key: &str, req: &DeclineRequest) -> ApiResult<Stored> {
    let errors = validate_decline(req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let request = format!("decline job {id}");
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner_id, key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    actionable_job(&mut tx, partner_id, id, now).await?;
    db::jobs::record_decision(&mut *tx, partner_id, id, Decision::Declined, now).await?;
    db::jobs::record_decline(&mut *tx, partner_id, id, req.reason, req.feedback.trim(), now).await?;
    created(tx, partner_id, key, &request, &Declined { job_id: id, reason: req.reason, declined_at: now }, now).await
}

/// R-JOB-4: declines with a counteroffer (a price and/or a ship date, with a note). The job
/// leaves this partner's board (R-JOB-3); when it leaves every board without an accept, the
/// lowest offer wins (R-JOB-6). R-JOB-5: the offer must be within what the partner may accept.
/// R-JOB-10: replayed under `key`.
pub async fn counteroffer(
    state: &AppState,
    partner_id: i64,
    id: i64,
    key: &str,
    req: &CounterofferRequest,
) -> ApiResult<Stored> {
    let request = format!("counteroffer job {id}");
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner_id, key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    let (ctx, job) = actionable_job(&mut tx, partner_id, id, now).await?;
    let errors = validate_counteroffer(req, job.price.currency, market_clock::day(job.price.currency, now));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    // R-JOB-5: the offer is what the job would be worth to this partner.
    let standing = ctx.record.standing;
    if let Some(error) = over_limit(req, job.price, ctx.account_state, standing) {
        return Err(ApiError::Invalid(vec![error]));
    }
    let worth = req.price.unwrap_or(job.price);
    if let Some(block) = acceptance_block(ctx.account_state, standing, worth) {
        return Err(ApiError::Rule {
            code: "/problems/acceptance-limit",
            detail: block.message(worth.currency, standing),
        });
    }
    db::jobs::record_decision(&mut *tx, partner_id, id, Decision::Counteroffered, now).await?;
    let offer_id = db::counteroffers::insert(&mut *tx, partner_id, id, req, now).await?;
    let offer = db::counteroffers::by_id(&mut *tx, offer_id)
        .await?
        .ok_or_else(|| ApiError::internal("new counteroffer vanished"))?;
    created(tx, partner_id, key, &request, &offer, now).await
}

/// R-JOB-6: the partner's counteroffers, newest first, with how each ended.
pub async fn counteroffers(state: &AppState, partner_id: i64) -> ApiResult<portal_core::api::CounterofferList> {
    Ok(portal_core::api::CounterofferList {
        counteroffers: db::counteroffers::for_partner(&state.db.read, partner_id).await?,
    })
}
