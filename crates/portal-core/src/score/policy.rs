//! The score's policy (R-PSS-1, R-PSS-3, R-PSS-6, R-PSS-7, R-JOB-7): the components and their
//! weights, the late credits, the bonus tiers and the marketplace's expectations. Data, not
//! arithmetic: the server stores and serves it, the engine reads it.

use serde::{Deserialize, Serialize};

use super::tenths::Tenths;
use crate::capability::labelled_enum;

labelled_enum!(
    /// The four parts of the score (R-PSS-2..5).
    Component {
        Quality => ("quality", "Quality"),
        OnTime => ("on_time", "On-time shipping"),
        Communication => ("communication", "Communication"),
        Engagement => ("engagement", "Engagement"),
    }
);

/// R-PSS-6: how much each component weighs, in percent (they add up to 100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Weights {
    pub quality: u32,
    pub on_time: u32,
    pub communication: u32,
    pub engagement: u32,
}

impl Weights {
    pub fn of(&self, c: Component) -> u32 {
        match c {
            Component::Quality => self.quality,
            Component::OnTime => self.on_time,
            Component::Communication => self.communication,
            Component::Engagement => self.engagement,
        }
    }

    pub(super) fn total(&self) -> u32 {
        self.quality + self.on_time + self.communication + self.engagement
    }
}

/// R-PSS-7: from `min` points up to the next tier, new jobs pay `bonus` percent of the base price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BonusTier {
    pub min: Tenths,
    pub bonus: Tenths,
}

/// What the marketplace expects of a partner (shown beside the partner's own figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expectations {
    /// OTS% above this.
    pub ots_above: Tenths,
    /// RMA rate (percent of shipped lines) below this.
    pub rma_below: Tenths,
}

/// Everything about the score that is a decision rather than arithmetic: data the server stores
/// and serves (`GET /score/policy`). The defaults are DOMAIN.md's decisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorePolicy {
    /// R-PSS-1: jobs shipped in the last this many days count (today included).
    pub window_days: u32,
    /// R-PSS-1: with fewer jobs than this in the window the score is provisional.
    pub provisional_below_jobs: u32,
    pub weights: Weights,
    /// R-PSS-3: the credit, in thousandths, for 1, 2, ... days late; from one past the end, 0.
    pub late_credits: Vec<u32>,
    /// R-PSS-2: points of quality lost per 1.0 of RMA rate (1000: 1% costs 10 points).
    pub rma_penalty: u32,
    /// R-PSS-7, in ascending order of `min`.
    pub tiers: Vec<BonusTier>,
    /// R-JOB-7: the first job (counting every job the partner has taken) that pays a bonus.
    pub bonus_from_job: u32,
    pub expectations: Expectations,
}

impl Default for ScorePolicy {
    fn default() -> ScorePolicy {
        let tier = |min, bonus| BonusTier { min: Tenths::whole(min), bonus: Tenths::whole(bonus) };
        ScorePolicy {
            window_days: 180,
            provisional_below_jobs: 3,
            weights: Weights { quality: 40, on_time: 30, communication: 15, engagement: 15 },
            late_credits: vec![800, 600, 450, 300, 150],
            rma_penalty: 1000,
            tiers: vec![tier(80, 2), tier(85, 4), tier(90, 6), tier(95, 8)],
            bonus_from_job: 4,
            expectations: Expectations { ots_above: Tenths::whole(95), rma_below: Tenths::whole(1) },
        }
    }
}

impl ScorePolicy {
    /// What is wrong with a policy, in words; empty when it can be used.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.weights.total() != 100 {
            out.push(format!("The weights add up to {}, not 100.", self.weights.total()));
        }
        if self.window_days == 0 {
            out.push("The window must be at least one day.".to_owned());
        }
        if self.late_credits.iter().any(|&c| c > 1000) || self.late_credits.windows(2).any(|w| w[1] > w[0]) {
            out.push("Late credits are thousandths that never rise with more days late.".to_owned());
        }
        if self.tiers.windows(2).any(|w| w[1].min <= w[0].min) || self.tiers.iter().any(|t| t.min > Tenths::HUNDRED) {
            out.push("Bonus tiers must rise, each from a score of at most 100.".to_owned());
        }
        out
    }

    /// R-PSS-3: the credit, in thousandths, for a job shipped `days_late` days after its lead time.
    pub fn late_credit(&self, days_late: i64) -> u32 {
        if days_late <= 0 {
            return 1000;
        }
        usize::try_from(days_late - 1).ok().and_then(|i| self.late_credits.get(i)).copied().unwrap_or(0)
    }

    /// R-PSS-7: the tier a score reaches, if any.
    pub fn tier_for(&self, pss: Tenths) -> Option<BonusTier> {
        self.tiers.iter().rev().find(|t| pss >= t.min).copied()
    }
}
