//! The score's report (`GET /api/v1/score`): the PSS, each component with the facts that cost it
//! the most, the figures beside the expectations, and the bonus standing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::policy::{BonusTier, Component};
use super::tenths::Tenths;

/// Something that moved a component, with the points of that component it cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreFact {
    /// The order number or job reference.
    pub subject: String,
    pub what: String,
    pub points: Tenths,
}

/// One component of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentScore {
    pub component: Component,
    pub score: Tenths,
    /// Percent of the PSS.
    pub weight: u32,
    /// How many jobs (or decisions, for engagement) it is computed from.
    pub counted: u32,
    /// The facts that cost it the most points, most first (at most three).
    pub facts: Vec<ScoreFact>,
}

/// Why a new job pays no bonus now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NoBonus {
    /// R-JOB-7: bonuses start on the partner's `bonus_from_job`th job.
    TooFewJobs { jobs_to_go: u32 },
    /// R-PSS-1: a provisional score earns no bonus (decision).
    Provisional,
    /// R-PSS-7: below the first tier.
    BelowTiers,
}

/// R-JOB-7 / R-PSS-7: what the partner's next job pays on top of its base price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BonusStanding {
    /// Percent of the base price; 0 when none.
    pub percent: Tenths,
    pub tier: Option<BonusTier>,
    pub none_because: Option<NoBonus>,
    /// The next tier up and the points it needs.
    pub next_tier: Option<BonusTier>,
    pub points_to_next: Option<Tenths>,
}

/// `GET /api/v1/score`: the score and everything that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreReport {
    pub as_of: NaiveDate,
    pub pss: Tenths,
    /// R-PSS-1: fewer than the policy's jobs in the window.
    pub provisional: bool,
    /// Shipped jobs in the window.
    pub jobs: u32,
    /// Quality, on-time shipping, communication, engagement, in that order.
    pub components: Vec<ComponentScore>,
    /// R-PSS-3: the share of jobs shipped by their lead time, percent.
    pub ots: Tenths,
    pub ots_meets_expectation: bool,
    /// R-PSS-2: rejected lines / shipped lines, percent.
    pub rma_rate: Tenths,
    pub rma_meets_expectation: bool,
    pub lines_shipped: u32,
    pub lines_rejected: u32,
    pub bonus: BonusStanding,
}

impl ScoreReport {
    pub fn component(&self, c: Component) -> Option<&ComponentScore> {
        self.components.iter().find(|s| s.component == c)
    }
}
