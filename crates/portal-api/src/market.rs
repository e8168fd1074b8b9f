//! The marketplace's side of the board: posting, withdrawing and settling jobs (R-JOB-6), the
//! notices that follow (R-JOB-9), and the live events the SPA listens to.

use chrono::{DateTime, Utc};
use portal_core::account::AccountState;
use portal_core::api::{NewJob, NotificationKind, PostedJob, Settlement};
use portal_core::eastern::{self, Digest};
use portal_core::job::posting::validate_new_job;
use portal_core::job::{self, JobStatus, board_closes_at};
use portal_core::market_clock;
use portal_core::offer::{CounterofferStatus, winning_bid};
use portal_core::probation::acceptance_block;
use sqlx::SqliteConnection;
use tokio::sync::broadcast;

use crate::AppState;
use crate::app::partner::context;
use crate::db;
use crate::db::notifications::NewNotification;
use crate::error::{ApiError, ApiResult};

/// What changed, for the live streams of `GET /api/v1/events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    /// A job was posted, taken, withdrawn or left the boards.
    Board,
    /// This partner has new notifications.
    Notifications(i64),
    /// This embed key was revoked: its streams end at once (R-EMB-1).
    EmbedKeyRevoked(i64),
}

/// Sends live events; nobody listening is fine. It also counts them, so a page can tell whether
/// what it read is older than its stream (see [`LiveVersions`]).
#[derive(Clone)]
pub struct Events {
    sender: broadcast::Sender<LiveEvent>,
    counts: std::sync::Arc<Counts>,
}

/// How many board events were sent, and notification events per partner, since `instance` (this
/// process) started.
struct Counts {
    instance: u64,
    board: std::sync::atomic::AtomicU64,
    notifications: std::sync::Mutex<std::collections::HashMap<i64, u64>>,
}

/// Where the live streams stood when something was read, sent with it: `x-live-version` on
/// `GET /jobs` and `GET /notifications`, and the data of the stream's `ready` event. A read whose
/// count is below the stream's at `ready` (or of another instance) missed an event the stream
/// will never send, so the SPA reads again; otherwise the stream's first `ready` needs nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveVersions {
    pub instance: u64,
    pub board: u64,
    pub notifications: u64,
}

impl Default for Events {
    fn default() -> Events {
        // Another process (a restart) counts from zero again: the instance tells them apart.
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default()
            ^ u64::from(std::process::id());
        Events {
            sender: broadcast::channel(256).0,
            counts: std::sync::Arc::new(Counts {
                instance,
                board: Default::default(),
                notifications: Default::default(),
            }),
        }
    }
}

impl Events {
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// The counts now, for `partner`. Read it before reading what it versions: an event counted
    /// later is sent after its change was committed.
    pub fn versions(&self, partner: i64) -> LiveVersions {
        let notes = self.counts.notifications.lock().unwrap_or_else(|e| e.into_inner());
        LiveVersions {
            instance: self.counts.instance,
            board: self.counts.board.load(std::sync::atomic::Ordering::SeqCst),
            notifications: notes.get(&partner).copied().unwrap_or(0),
        }
    }

    /// Counted before it is sent, so a stream that did not get it sees it counted.
    pub fn board_changed(&self) {
        self.counts.board.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _ = self.sender.send(LiveEvent::Board);
    }

    pub fn embed_key_revoked(&self, key_id: i64) {
        let _ = self.sender.send(LiveEvent::EmbedKeyRevoked(key_id));
    }

    pub fn notified(&self, partners: &[i64]) {
        {
            let mut notes = self.counts.notifications.lock().unwrap_or_else(|e| e.into_inner());
            for p in partners {
                *notes.entry(*p).or_default() += 1;
            }
        }
        for p in partners {
            let _ = self.sender.send(LiveEvent::Notifications(*p));
        }
    }
}

impl LiveVersions {
    /// `x-live-version` of a read of the board: `board <instance> <count>`.
    pub fn board_header(&self) -> String {
        format!("board {} {}", self.instance, self.board)
    }

    /// `x-live-version` of a read of the notifications: `notifications <instance> <count>`.
    pub fn notifications_header(&self) -> String {
        format!("notifications {} {}", self.instance, self.notifications)
    }

    /// The `ready` event's data: `<instance> <board count> <notifications count>`.
    pub fn ready_data(&self) -> String {
        format!("{} {} {}", self.instance, self.board, self.notifications)
    }
}

/// The header that carries [`LiveVersions`] on a read.
pub const LIVE_VERSION: &str = "x-live-version";

/// The outbox kinds (an email sender reads them).
const EMAIL_NEW_JOB: &str = "new_job";
const EMAIL_WON: &str = "counteroffer_won";
const EMAIL_LOST: &str = "counteroffer_lost";

fn digest_kind(d: Digest) -> &'static str {
    match d {
        Digest::Morning => "digest_morning",
        Digest::Afternoon => "digest_afternoon",
    }
}

/// Writes a notice to the feed and, when `email` names a kind, to the outbox as well.
async fn notify(
    conn: &mut SqliteConnection,
    n: NewNotification<'_>,
    email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    db::notifications::insert(&mut *conn, &n, now).await?;
    if let Some(kind) = email {
        db::notifications::enqueue_email(&mut *conn, n.partner_id, kind, None, n.title, n.body, now).await?;
    }
    Ok(())
}

/// Posts a job: it goes on the boards of the partners it matches (R-JOB-1), each of whom gets a
/// notice unless they turned new-job notices off (R-JOB-9).
pub async fn post_job(state: &AppState, new: NewJob) -> ApiResult<PostedJob> {
    let now = state.clock.now();
    let errors = validate_new_job(&new, market_clock::day(new.price.currency, now));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let mut tx = state.db.write.begin().await?;
    let reference = match new.reference {
        Some(r) => r,
        None => {
            let (next,): (i64,) =
                sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 1 FROM jobs").fetch_one(&mut *tx).await?;
            format!("J-{}", 30_000 + next)
        }
    };
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM jobs WHERE reference = ?").bind(&reference).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(ApiError::Invalid(vec![portal_core::api::FieldError::new(
            "reference",
            "taken",
            format!("A job with reference {reference} exists already; use another."),
        )]));
    }
    let posting = db::jobs::JobPosting {
        reference: reference.clone(),
        part_name: new.part_name.trim().to_owned(),
        requirements: new.requirements,
        quantity: new.quantity,
        price: new.price,
        ship_by: new.ship_by,
        posted_at: now,
        terms: new.terms,
    };
    let id = db::jobs::insert(&mut *tx, &posting).await?;
    let mut notified = Vec::new();
    for partner_id in db::partners::all_ids(&mut *tx).await? {
        let ctx = context(&mut tx, partner_id, now).await?;
        if ctx.account_state == AccountState::Frozen
            || job::match_capabilities(&posting.requirements, &ctx.capabilities).is_err()
            || !db::notifications::prefs(&mut *tx, partner_id).await?.new_jobs
        {
            continue;
        }
        let title = format!("New job: {} ({})", posting.part_name, posting.reference);
        let body = format!(
            "{} pcs, {} in {}, {}; ship by {}. On your board for 48 hours.",
            posting.quantity,
            posting.requirements.process.label(),
            posting.requirements.material.label(),
            posting.price.display(),
            portal_core::format::date(posting.ship_by),
        );
        let n = NewNotification {
            partner_id,
            kind: NotificationKind::NewJob,
            title: &title,
            body: &body,
            job_id: Some(id),
            order_id: None,
        };
        notify(&mut tx, n, Some(EMAIL_NEW_JOB), now).await?;
        notified.push(partner_id);
    }
    tx.commit().await?;
    state.events.board_changed();
    state.events.notified(&notified);
    Ok(PostedJob { id, reference, posted_at: now, closes_at: board_closes_at(now) })
}

/// Pending counteroffers on a job that can no longer be won become lost, with `why`; their
/// partners are told. Returns who was told.
pub async fn lose_pending(
    conn: &mut SqliteConnection,
    job_id: i64,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, sqlx::Error> {
    lose_pending_each(conn, job_id, |_| why.to_owned(), now).await
}

/// As [`lose_pending`], with a reason per offer (by its id).
async fn lose_pending_each(
    conn: &mut SqliteConnection,
    job_id: i64,
    why: impl Fn(i64) -> String,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut told = Vec::new();
    for p in db::counteroffers::pending_for_job(&mut *conn, job_id).await? {
        let why = why(p.id);
        if db::counteroffers::decide(&mut *conn, p.id, CounterofferStatus::Lost, &why, None, now).await? {
            let title = format!("Counteroffer lost: {} ({})", p.offer.part_name, p.offer.reference);
            let n = NewNotification {
                partner_id: p.partner_id,
                kind: NotificationKind::CounterofferLost,
                title: &title,
                body: &why,
                job_id: Some(job_id),
                order_id: None,
            };
            notify(conn, n, Some(EMAIL_LOST), now).await?;
            told.push(p.partner_id);
        }
    }
    Ok(told)
}

/// Partners who had the job open and did nothing hear that it was taken. Returns who was told.
pub async fn tell_viewers_taken(
    conn: &mut SqliteConnection,
    job_id: i64,
    taker: i64,
    label: &str,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, sqlx::Error> {
    let viewers = db::jobs::idle_viewers(&mut *conn, job_id, taker).await?;
    for partner_id in &viewers {
        let title = format!("Job taken: {label}");
        let n = NewNotification {
            partner_id: *partner_id,
            kind: NotificationKind::JobTaken,
            title: &title,
            body: "Another partner took this job while you were looking at it. It has left your board.",
            job_id: Some(job_id),
            order_id: None,
        };
        notify(conn, n, None, now).await?;
    }
    Ok(viewers)
}

/// R-JOB-6: settles one job whose bidding has closed. The lowest eligible counteroffer wins and
/// becomes an order at its price and date; the other offers are lost; without offers the job
/// expires. `None` when the job was not due or someone else settled it: the claim on the job
/// makes this run exactly once, however many tasks try.
pub async fn settle_job(state: &AppState, job_id: i64) -> ApiResult<Option<Settlement>> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    if !db::jobs::claim_settlement(&mut *tx, job_id, now).await? {
        return Ok(None);
    }
    let pending = db::counteroffers::pending_for_job(&mut *tx, job_id).await?;
    let mut bids = Vec::with_capacity(pending.len());
    let mut blocked = Vec::new();
    for p in &pending {
        let ctx = context(&mut tx, p.partner_id, now).await?;
        let price = p.offer.price.unwrap_or(p.offer.job_price);
        let block = acceptance_block(ctx.account_state, ctx.record.standing, price);
        if let Some(b) = block {
            blocked.push((p.id, b.message(price.currency, ctx.record.standing)));
        }
        bids.push(p.bid(block.is_none()));
    }
    let winner = winning_bid(&bids).map(|b| b.id);
    let mut told = Vec::new();
    let mut settlement =
        Settlement { job_id, outcome: "expired".to_owned(), order_id: None, winning_counteroffer_id: None };
    if let Some(win) = pending.iter().find(|p| Some(p.id) == winner) {
        if !db::jobs::take(&mut *tx, job_id, win.partner_id, now).await? {
            return Err(ApiError::internal("a claimed job was not open"));
        }
        let order_id = db::orders::insert(
            &mut tx,
            &db::orders::NewOrder {
                bonus_minor: 0,
                partner_id: win.partner_id,
                job_id,
                price: win.offer.price.unwrap_or(win.offer.job_price),
                lead_time: win.offer.ship_by.unwrap_or(win.offer.job_ship_by),
                accepted_at: now,
                // R-ORD-3: the winner offered other terms; it confirms the production order.
                confirmed: false,
            },
        )
        .await?;
        let outcome = "Yours was the lowest offer when the bidding closed. The job is now an order.";
        db::counteroffers::decide(&mut *tx, win.id, CounterofferStatus::Won, outcome, Some(order_id), now).await?;
        let title = format!("Counteroffer won: {} ({})", win.offer.part_name, win.offer.reference);
        let body = format!(
            "Your offer of {} won. Order ORD-{job_id:06} must ship by {}.",
            win.offer.price.unwrap_or(win.offer.job_price).display(),
            portal_core::format::date(win.offer.ship_by.unwrap_or(win.offer.job_ship_by)),
        );
        let n = NewNotification {
            partner_id: win.partner_id,
            kind: NotificationKind::CounterofferWon,
            title: &title,
            body: &body,
            job_id: Some(job_id),
            order_id: Some(order_id),
        };
        notify(&mut tx, n, Some(EMAIL_WON), now).await?;
        told.push(win.partner_id);
        settlement = Settlement {
            job_id,
            outcome: "awarded".to_owned(),
            order_id: Some(order_id),
            winning_counteroffer_id: Some(win.id),
        };
        let label = format!("{} ({})", win.offer.part_name, win.offer.reference);
        told.extend(tell_viewers_taken(&mut tx, job_id, win.partner_id, &label, now).await?);
    }
    // Offers that could not be awarded say why; the rest lost to a lower (or earlier) offer.
    let outbid = if winner.is_some() {
        "Another partner's offer was lower (or as low and earlier) when the bidding closed."
    } else {
        "The job left the board without an award."
    };
    let why = |offer_id: i64| match blocked.iter().find(|(id, _)| *id == offer_id) {
        Some((_, block)) => format!("Your offer could not be awarded: {block}"),
        None => outbid.to_owned(),
    };
    told.extend(lose_pending_each(&mut tx, job_id, why, now).await?);
    tx.commit().await?;
    state.events.board_changed();
    state.events.notified(&told);
    Ok(Some(settlement))
}

/// Settles every job whose bidding has closed.
pub async fn settle_due(state: &AppState) -> ApiResult<Vec<Settlement>> {
    let due = db::jobs::closed_unsettled(&state.db.write, state.clock.now()).await?;
    let mut done = Vec::new();
    for id in due {
        done.extend(settle_job(state, id).await?);
    }
    Ok(done)
}

/// The operator closes a job's bidding now and it is settled at once.
pub async fn close_now(state: &AppState, job_id: i64) -> ApiResult<Settlement> {
    let now = state.clock.now();
    let Some(row) = db::jobs::by_id(&state.db.write, job_id).await? else {
        return Err(ApiError::NotFound("job"));
    };
    if row.status == JobStatus::Open.slug() && row.settled_at.is_none() {
        db::jobs::close_bidding(&state.db.write, job_id, now).await?;
        if let Some(s) = settle_job(state, job_id).await? {
            return Ok(s);
        }
    }
    let row = db::jobs::by_id(&state.db.write, job_id).await?.ok_or(ApiError::NotFound("job"))?;
    let outcome = match row.status.as_str() {
        "open" => "expired",
        other => other,
    };
    let order: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM orders WHERE job_id = ?").bind(job_id).fetch_optional(&state.db.write).await?;
    Ok(Settlement {
        job_id,
        outcome: outcome.to_owned(),
        order_id: order.map(|(id,)| id),
        winning_counteroffer_id: None,
    })
}

/// The operator withdraws a job: it leaves every board and its counteroffers are lost.
pub async fn withdraw(state: &AppState, job_id: i64) -> ApiResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    if db::jobs::by_id(&mut *tx, job_id).await?.is_none() {
        return Err(ApiError::NotFound("job"));
    }
    if !db::jobs::withdraw(&mut *tx, job_id, now).await? {
        return Err(ApiError::Conflict("Only an open job can be withdrawn; this one was taken or withdrawn.".into()));
    }
    let told = lose_pending(&mut tx, job_id, "The marketplace withdrew the job.", now).await?;
    tx.commit().await?;
    state.events.board_changed();
    state.events.notified(&told);
    Ok(())
}

/// R-ORD-7: a handed-back order's job goes back on the boards for 48 hours from now, for the
/// partners who had not seen it (`db::jobs::decided_by` hides it from the others).
pub async fn return_to_boards(tx: &mut SqliteConnection, job_id: i64, now: DateTime<Utc>) -> ApiResult<()> {
    db::jobs::reopen(&mut *tx, job_id, now).await?;
    Ok(())
}

/// R-ORD-4 (revised): "Will it ship on time?" is asked by a notice (and an email) on the day it
/// opens, two days before the lead time, once per order, while it is unanswered and parts are
/// still in the shop. Days on the order's marketplace clock.
pub async fn write_on_time_reminders(state: &AppState) -> ApiResult<u32> {
    let now = state.clock.now();
    let rows: Vec<(i64, i64, String, String, String, bool)> = sqlx::query_as(
        "SELECT o.id, o.partner_id, o.number, o.lead_time, o.currency,
                EXISTS (SELECT 1 FROM check_in_answers c WHERE c.order_id = o.id AND c.question = 'on_time')
         FROM orders o WHERE o.status = 'in_production'
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.partner_id = o.partner_id
                             AND n.kind = 'on_time_reminder' AND n.slot = 'order-' || o.id)",
    )
    .fetch_all(&state.db.read)
    .await?;
    let mut written = 0;
    for (order_id, partner_id, number, lead, currency, answered) in rows {
        let (Ok(lead), Some(currency)) = (lead.parse::<chrono::NaiveDate>(), portal_core::Currency::parse(&currency))
        else {
            continue;
        };
        if !portal_core::order::on_time_reminder_due(lead, market_clock::day(currency, now), answered, false) {
            continue;
        }
        let title = format!("{number}: will it ship on time?");
        let body = format!(
            "Order {number} must ship by {}. Answer “Will it ship on time?” on the order page by then: an honest \
             “no” costs nothing; a “yes” followed by a late shipment lowers your score.",
            portal_core::format::date(lead)
        );
        let notice = NewNotification {
            partner_id,
            kind: NotificationKind::OnTimeReminder,
            title: &title,
            body: &body,
            job_id: None,
            order_id: Some(order_id),
        };
        let slot = format!("order-{order_id}");
        let mut tx = state.db.write.begin().await?;
        if db::notifications::insert_once(&mut *tx, &notice, &slot, now).await? {
            db::notifications::enqueue_email(&mut *tx, partner_id, "on_time_reminder", Some(&slot), &title, &body, now)
                .await?;
            written += 1;
            state.events.notified(&[partner_id]);
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// R-JOB-9: writes the digests due by now, once per partner, digest and Eastern day, for the
/// partners who want them. Each lists the matching jobs posted since the previous digest that
/// are still on the board.
pub async fn write_digests(state: &AppState) -> ApiResult<u32> {
    let now = state.clock.now();
    let due = eastern::digests_due(now);
    if due.is_empty() {
        return Ok(0);
    }
    let mut written = 0;
    let jobs = state.board.live_jobs(&state.db).await?;
    for partner_id in db::partners::all_ids(&state.db.read).await? {
        for (digest, day) in &due {
            let (kind, slot) = (digest_kind(*digest), day.to_string());
            if db::notifications::email_written(&state.db.read, partner_id, kind, &slot).await? {
                continue;
            }
            let prefs = db::notifications::prefs(&state.db.read, partner_id).await?;
            let wanted = match digest {
                Digest::Morning => prefs.morning_digest,
                Digest::Afternoon => prefs.afternoon_digest,
            };
            let mut conn = state.db.read.acquire().await?;
            let ctx = context(&mut conn, partner_id, now).await?;
            drop(conn);
            if !wanted || ctx.account_state == AccountState::Frozen {
                continue;
            }
            let (since, until) = digest.covers(*day);
            let fresh: Vec<String> = jobs
                .jobs
                .iter()
                .filter(|j| j.posting.posted_at >= since && j.posting.posted_at < until)
                .filter(|j| job::on_board(j.status, j.window, now, None))
                .filter(|j| job::match_capabilities(&j.posting.requirements, &ctx.capabilities).is_ok())
                .map(|j| {
                    format!(
                        "- {} {}: {} pcs, {}, ship by {}",
                        j.posting.reference,
                        j.posting.part_name,
                        j.posting.quantity,
                        j.posting.price.display(),
                        j.posting.ship_by
                    )
                })
                .collect();
            let subject = format!("Your {} digest: {} new jobs", digest.slug(), fresh.len());
            let body = if fresh.is_empty() {
                "No new jobs matched your capabilities since the last digest.".to_owned()
            } else {
                fresh.join("\n")
            };
            if db::notifications::enqueue_email(&state.db.write, partner_id, kind, Some(&slot), &subject, &body, now)
                .await?
            {
                written += 1;
            }
            // The digest is in the in-app feed too, not only in the outbox (R-JOB-9).
            let notice = NewNotification {
                partner_id,
                kind: NotificationKind::Digest,
                title: &subject,
                body: &body,
                job_id: None,
                order_id: None,
            };
            db::notifications::insert_once(&state.db.write, &notice, &format!("{kind}-{slot}"), now).await?;
        }
    }
    Ok(written)
}
