//! The JSON contract of `/api/v1`: the server and the SPA compile against these types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::account::AccountState;
use crate::capability::{Certification, Dimensions, Finish, Material, Process};
use crate::job::JobRequirements;
use crate::money::Money;
use crate::offer::{CounterofferStatus, DeclineReason};
pub use crate::order::OrderStatus;
use crate::probation::{AcceptBlock, Standing};
pub use crate::problem::{FieldError, Problem};

mod invoices;
mod orders;
mod score;
mod store;
pub use invoices::*;
pub use orders::*;
pub use score::*;
pub use store::*;

/// `POST /api/v1/session`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// One place the partner is logged in (`GET /api/v1/sessions`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActiveSession {
    /// What ends it: `DELETE /api/v1/sessions/{id}`.
    pub id: String,
    /// The browser and system it was opened in, e.g. `Chrome on Windows`.
    pub device: String,
    /// The network address it was opened from.
    pub address: String,
    #[serde(with = "crate::wire::instant")]
    pub logged_in_at: DateTime<Utc>,
    /// Within a minute.
    #[serde(with = "crate::wire::instant")]
    pub last_used_at: DateTime<Utc>,
    /// The session of this request (this device).
    pub current: bool,
}

/// `GET /api/v1/sessions`: where the partner is logged in, the most recently used first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub sessions: Vec<ActiveSession>,
}

/// `GET /api/v1/me`: the logged-in partner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub partner_id: i64,
    pub company: String,
    pub email: String,
    pub standing: Standing,
    pub on_probation: bool,
    /// The limits of R-JOB-5 while on probation.
    pub probation: Option<ProbationLimits>,
    pub account_state: AccountState,
    #[serde(with = "crate::wire::instant")]
    pub activated_at: DateTime<Utc>,
    /// R-ACC-3: set while a new partner has not accepted its first job yet: the instant the
    /// window closes (the marketplace's midnight after its last day).
    #[serde(default, with = "crate::wire::instant_opt")]
    pub first_job_deadline: Option<DateTime<Utc>>,
    /// R-ACC-3: that window's last day, on the marketplace's clock.
    #[serde(default, with = "crate::wire::day_opt")]
    pub first_job_last_day: Option<NaiveDate>,
    /// R-JOB-9: the portal sends email (an SMTP server is configured); otherwise notices are
    /// in the in-app feed only.
    #[serde(default)]
    pub email_enabled: bool,
    pub frozen: Option<FrozenNotice>,
    /// Units and paper: the partner's choice, else its market's (in, lb, Letter for USD
    /// partners; mm, kg, A4 for EUR ones).
    pub display: crate::units::DisplayPrefs,
    /// The partner's market (DOMAIN "Times": whose clock counts its days).
    pub currency: crate::money::Currency,
}

/// R-JOB-5 as it applies to this partner now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProbationLimits {
    pub max_job_value: Money,
    pub max_active_jobs: u32,
    pub completed_jobs_to_go: u32,
}

/// R-ACC-3: why the board is empty, and whom to contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrozenNotice {
    pub reason: String,
    pub contact_email: String,
}

/// One job as it appears on a partner's board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardJob {
    pub id: i64,
    pub reference: String,
    pub part_name: String,
    pub process: Process,
    pub material: Material,
    pub finish: Finish,
    pub certifications: Vec<Certification>,
    pub part_size: Dimensions,
    pub quantity: u32,
    pub price: Money,
    /// The date the order must ship by, if accepted.
    #[serde(with = "crate::wire::day")]
    pub ship_by: NaiveDate,
    #[serde(with = "crate::wire::instant")]
    pub posted_at: DateTime<Utc>,
    /// R-JOB-2: when the job leaves the board.
    #[serde(with = "crate::wire::instant")]
    pub closes_at: DateTime<Utc>,
    pub seconds_left: i64,
    /// R-JOB-1: the partner's capabilities that this job matched.
    pub matched: Vec<String>,
    pub can_accept: bool,
    /// R-JOB-5: why the job cannot be accepted, when it cannot.
    pub blocked: Option<BlockedReason>,
    /// R-JOB-5: whether a counteroffer may be made at all (not while a probation partner holds
    /// its one active job, nor on a frozen account); sent only when it may not.
    #[serde(default = "crate::wire::yes", skip_serializing_if = "crate::wire::is_true")]
    pub can_counteroffer: bool,
    /// R-JOB-7: what accepting it pays on top of `price` (the base price), when anything.
    #[serde(default)]
    pub bonus: Option<JobBonus>,
}

/// R-JOB-7: a job's bonus, shown apart from the base price, and the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobBonus {
    /// Percent of the base price (R-PSS-7).
    pub percent: crate::score::Tenths,
    pub amount: Money,
    pub total: Money,
}

/// Why a job on the board cannot be accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockedReason {
    pub code: AcceptBlock,
    pub message: String,
}

/// `GET /api/v1/jobs/{id}`: a job's page, everything accepting it binds the partner to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobDetail {
    #[serde(flatten)]
    pub job: BoardJob,
    /// QC report, delivery terms, ship-to, tolerances and notes: what the order will ask.
    pub terms: OrderTerms,
    /// R-ORD-5: the quality control the order will need.
    pub qc: crate::order::QcNeeds,
    /// R-ORD-1: days from today (the marketplace's day) to the ship-by date, if accepted now.
    pub lead_time_days: i64,
    /// The marketplace's drawings and models, downloadable from `/api/v1/jobs/{id}/drawings/{name}`.
    pub drawings: Vec<String>,
}

/// `GET /api/v1/jobs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub jobs: Vec<BoardJob>,
    /// Jobs matching the filter, before paging.
    pub total: u32,
    /// R-ACC-3: set when the account is frozen; `jobs` is then empty.
    pub frozen: Option<FrozenNotice>,
    /// The server's clock, so countdowns do not depend on the device's clock.
    #[serde(with = "crate::wire::instant")]
    pub server_time: DateTime<Utc>,
}

/// `POST /api/v1/jobs/{id}/decline`'s answer: the decision as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declined {
    pub job_id: i64,
    pub reason: DeclineReason,
    pub declined_at: DateTime<Utc>,
}

/// A partner's counteroffer and its outcome (R-JOB-4, R-JOB-6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counteroffer {
    pub id: i64,
    pub job_id: i64,
    pub reference: String,
    pub part_name: String,
    /// What the job offered.
    pub job_price: Money,
    pub job_ship_by: NaiveDate,
    /// What the partner offered (absent: the job's own).
    pub price: Option<Money>,
    pub ship_by: Option<NaiveDate>,
    pub note: String,
    pub offered_at: DateTime<Utc>,
    /// When the job leaves (or left) the boards and the offers are decided.
    pub closes_at: DateTime<Utc>,
    pub status: CounterofferStatus,
    /// Why it was won or lost, in words.
    pub outcome: Option<String>,
    /// The order it became, when won.
    pub order_id: Option<i64>,
}

/// `GET /api/v1/counteroffers`: newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterofferList {
    pub counteroffers: Vec<Counteroffer>,
}

/// What a notification is about (R-JOB-9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewJob,
    CounterofferWon,
    CounterofferLost,
    JobTaken,
    /// R-JOB-9: the morning or afternoon digest.
    Digest,
    /// R-ORD-4 (revised): "Will it ship on time?" is asked two days before the lead time.
    OnTimeReminder,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::NewJob,
        NotificationKind::CounterofferWon,
        NotificationKind::CounterofferLost,
        NotificationKind::JobTaken,
        NotificationKind::Digest,
        NotificationKind::OnTimeReminder,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            NotificationKind::NewJob => "new_job",
            NotificationKind::CounterofferWon => "counteroffer_won",
            NotificationKind::CounterofferLost => "counteroffer_lost",
            NotificationKind::JobTaken => "job_taken",
            NotificationKind::Digest => "digest",
            NotificationKind::OnTimeReminder => "on_time_reminder",
        }
    }

    pub fn parse(slug: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// One entry of the in-app feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub job_id: Option<i64>,
    pub order_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// `GET /api/v1/notifications`: newest first, with the unread count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationFeed {
    pub notifications: Vec<Notification>,
    pub unread: u32,
}

/// R-JOB-9: what a partner wants to be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPrefs {
    /// A notice for each new matching job (feed and email).
    pub new_jobs: bool,
    /// The morning digest email (07:00 ET).
    pub morning_digest: bool,
    /// The afternoon digest email (14:00 ET).
    pub afternoon_digest: bool,
}

impl Default for NotificationPrefs {
    fn default() -> NotificationPrefs {
        NotificationPrefs { new_jobs: true, morning_digest: true, afternoon_digest: true }
    }
}

/// `POST /api/v1/operator/jobs`: the marketplace posts a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewJob {
    /// A unique reference such as `J-24010`; one is made up when absent.
    pub reference: Option<String>,
    pub part_name: String,
    pub requirements: JobRequirements,
    pub quantity: u32,
    pub price: Money,
    pub ship_by: NaiveDate,
    /// QC report, delivery terms and ship-to; the marketplace's defaults when absent.
    #[serde(default)]
    pub terms: OrderTerms,
}

/// `POST /api/v1/operator/jobs`' answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedJob {
    pub id: i64,
    pub reference: String,
    pub posted_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// How a job's bidding ended (operator close, or the 48 hours running out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settlement {
    pub job_id: i64,
    /// `awarded` (a counteroffer won, R-JOB-6), `expired` (no offers), or `taken` / `withdrawn`
    /// when it had ended before.
    pub outcome: String,
    pub order_id: Option<i64>,
    pub winning_counteroffer_id: Option<i64>,
}

/// An accepted job (R-ORD-1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub job_id: i64,
    pub part_name: String,
    pub process: Process,
    pub material: Material,
    pub quantity: u32,
    /// The base price.
    pub price: Money,
    /// R-JOB-7: the bonus it was accepted with, on top of the base price.
    #[serde(default)]
    pub bonus: Option<Money>,
    /// R-ORD-1: the date by which the order must ship.
    pub lead_time: NaiveDate,
    pub status: OrderStatus,
    pub accepted_at: DateTime<Utc>,
}

impl Order {
    /// R-JOB-7: what the order pays: the base price plus the bonus it was accepted with (the
    /// total the accept dialog promised).
    pub fn value(&self) -> Money {
        let bonus = self.bonus.filter(|b| b.currency == self.price.currency).map_or(0, |b| b.amount_minor);
        Money::new(self.price.amount_minor.saturating_add(bonus), self.price.currency)
    }
}
