//! What the board is computed from, kept between requests: the open jobs (one list shared by
//! every board, read again when `board_version` moves) and, per partner, its facts (context and
//! bonus) and its filtered, sorted boards, each kept for the versions it was read at. Triggers
//! bump `board_version` on every change of a job and `partner_board_version` on every change of
//! what a partner's board depends on, so the cache stays right however the change was made (and
//! would across several API nodes sharing one database). The clock is the third input: a sorted
//! board keeps which of its jobs are on the board for the span in which none opens or closes.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::board::BoardQuery;
use portal_core::capability::Capabilities;
use portal_core::job;
use portal_core::score::Tenths;
use tokio::sync::Mutex;

use crate::db::jobs::Job;
use crate::db::partners::{PartnerRow, Record};
use crate::db::{self, Db};

/// How many filter-and-sort combinations are kept per partner (the newest).
const BOARDS_PER_PARTNER: usize = 8;

/// The open jobs as read at `version` of `board_version` (or later).
pub struct LiveJobs {
    pub version: i64,
    pub jobs: Vec<Job>,
}

/// The versions a partner's board is computed at: the jobs' and the partner's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardVersions {
    pub jobs: i64,
    pub partner: i64,
}

/// What the board needs to know about a partner, read at one partner version, with the bonus
/// its score earns on one marketplace day (the score's "today").
pub struct PartnerFacts {
    pub version: i64,
    pub day: NaiveDate,
    pub partner: PartnerRow,
    pub capabilities: Capabilities,
    pub record: Record,
    pub bonus: Tenths,
}

/// One partner's board for one filter and sort, before the clock is looked at: the open jobs it
/// matches and has not acted on, in the board's order, as indices into `LiveJobs::jobs`.
pub struct SortedBoard {
    pub versions: BoardVersions,
    pub query: BoardQuery,
    pub order: Vec<usize>,
    on_board: std::sync::Mutex<Arc<OnBoard>>,
    /// Its jobs as JSON, as they were last sent (see [`RenderedJobs`]).
    pub rendered: std::sync::Mutex<RenderedJobs>,
}

/// A board's jobs as the JSON sent, so a page costs copying what it asks for: for each job (by its
/// index into `LiveJobs::jobs`) the text before and after the value of `seconds_left`, the only
/// field that moves with the clock. Kept for one `key` (what else a job's JSON depends on: the
/// account's state, its standing and its bonus); another key starts afresh.
#[derive(Default)]
pub struct RenderedJobs {
    pub key: Option<RenderKey>,
    pub jobs: HashMap<usize, Arc<(String, String)>>,
}

/// What a job's JSON depends on besides the job and the clock.
pub type RenderKey = (portal_core::account::AccountState, portal_core::probation::Standing, Tenths);

/// The jobs of a sorted board that are on the board at every instant of `[from, until)`.
pub struct OnBoard {
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    pub order: Vec<usize>,
}

impl SortedBoard {
    pub fn new(versions: BoardVersions, query: BoardQuery, order: Vec<usize>) -> SortedBoard {
        let never = OnBoard { from: DateTime::<Utc>::MAX_UTC, until: DateTime::<Utc>::MIN_UTC, order: vec![] };
        SortedBoard {
            versions,
            query,
            order,
            on_board: std::sync::Mutex::new(Arc::new(never)),
            rendered: std::sync::Mutex::default(),
        }
    }

    /// R-JOB-2: the jobs on the board at `now`, in order. Worked out again only once the clock
    /// has left the span in which the last answer holds (no sorting, one pass).
    pub fn at(&self, live: &LiveJobs, now: DateTime<Utc>) -> Arc<OnBoard> {
        let mut kept = self.on_board.lock().unwrap_or_else(|e| e.into_inner());
        if kept.from <= now && now < kept.until {
            return kept.clone();
        }
        let jobs = self.order.iter().map(|&i| &live.jobs[i]);
        let (from, until) = job::steady_span(jobs.clone().map(|j| j.window), now);
        let order = self
            .order
            .iter()
            .copied()
            .zip(jobs)
            .filter(|(_, j)| job::on_board(j.status, j.window, now, None))
            .map(|(i, _)| i)
            .collect();
        *kept = Arc::new(OnBoard { from, until, order });
        kept.clone()
    }
}

/// One partner's cached facts and boards.
#[derive(Default)]
pub struct PartnerBoards {
    facts: Option<Arc<PartnerFacts>>,
    boards: Vec<Arc<SortedBoard>>,
}

impl PartnerBoards {
    /// The facts, if they were read at this partner version and for the marketplace day of `now`.
    pub fn facts(&self, version: i64, now: DateTime<Utc>) -> Option<Arc<PartnerFacts>> {
        self.facts
            .as_ref()
            .filter(|f| f.version == version && f.day == portal_core::market_clock::day(f.partner.currency(), now))
            .cloned()
    }

    pub fn keep_facts(&mut self, facts: PartnerFacts) -> Arc<PartnerFacts> {
        let facts = Arc::new(facts);
        self.facts = Some(facts.clone());
        facts
    }

    /// The sorted board for `query` at exactly these versions.
    pub fn board(&self, versions: BoardVersions, query: &BoardQuery) -> Option<Arc<SortedBoard>> {
        self.boards.iter().find(|b| b.versions == versions && b.query == *query).cloned()
    }

    /// Keeps a board, dropping those of other versions (never asked for again: versions only
    /// grow) and the oldest beyond `BOARDS_PER_PARTNER`.
    pub fn keep_board(&mut self, board: SortedBoard) -> Arc<SortedBoard> {
        let board = Arc::new(board);
        self.boards.retain(|b| b.versions == board.versions);
        if self.boards.len() >= BOARDS_PER_PARTNER {
            self.boards.remove(0);
        }
        self.boards.push(board.clone());
        board
    }
}

#[derive(Default)]
pub struct BoardCache {
    live: Mutex<Option<Arc<LiveJobs>>>,
    partners: std::sync::Mutex<HashMap<i64, Arc<Mutex<PartnerBoards>>>>,
}

impl BoardCache {
    /// Every open, unsettled job, leaving the board soonest first, as of now.
    pub async fn live_jobs(&self, db: &Db) -> Result<Arc<LiveJobs>, sqlx::Error> {
        let version = db::jobs::board_version(&db.read).await?;
        self.live_jobs_at(db, version).await
    }

    /// The open jobs as read at `version` of `board_version` or later. The rows are read after
    /// the version was, so they are never older than the version they are kept under.
    pub async fn live_jobs_at(&self, db: &Db, version: i64) -> Result<Arc<LiveJobs>, sqlx::Error> {
        let mut cached = self.live.lock().await;
        if let Some(live) = cached.as_ref().filter(|l| l.version >= version) {
            return Ok(live.clone());
        }
        let jobs = db::jobs::open(&db.read).await?.into_iter().map(db::jobs::JobRow::into_job);
        let live = Arc::new(LiveJobs { version, jobs: jobs.collect::<Result<_, db::Corrupt>>()? });
        *cached = Some(live.clone());
        Ok(live)
    }

    /// A partner's cached facts and boards; whoever holds the lock computes what is missing, so
    /// concurrent requests of one partner compute it once.
    pub fn partner(&self, partner_id: i64) -> Arc<Mutex<PartnerBoards>> {
        let mut partners = self.partners.lock().unwrap_or_else(|e| e.into_inner());
        partners.entry(partner_id).or_default().clone()
    }
}
