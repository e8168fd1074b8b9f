//! Probation (R-JOB-5): what a new partner may accept until it has proven itself.

use serde::{Deserialize, Serialize};

use crate::account::AccountState;
use crate::money::{Currency, Money};

/// R-JOB-5: completed jobs that end probation.
pub const PROBATION_COMPLETED_JOBS: u32 = 5;
/// R-JOB-5: jobs a partner on probation may hold at once.
pub const PROBATION_MAX_ACTIVE_JOBS: u32 = 1;
/// R-JOB-5: the most a job may be worth for a partner on probation, in whole units of the job's
/// currency. **Decision**: the same figure for EUR jobs; the rulebook does no currency exchange.
pub const PROBATION_MAX_JOB_VALUE_MAJOR: i64 = 5_000;

/// The limit of R-JOB-5 in a currency.
pub fn probation_max_job_value(currency: Currency) -> Money {
    Money::from_major(PROBATION_MAX_JOB_VALUE_MAJOR, currency)
}

/// A partner's track record, as far as acceptance limits care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub completed_jobs: u32,
    pub active_jobs: u32,
}

impl Standing {
    /// R-JOB-5: on probation until 5 jobs are completed.
    pub fn on_probation(self) -> bool {
        self.completed_jobs < PROBATION_COMPLETED_JOBS
    }
}

/// Why a partner may not accept a job it can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AcceptBlock {
    AccountFrozen,
    ProbationActiveJobLimit,
    ProbationValueLimit,
}

impl<'de> Deserialize<'de> for AcceptBlock {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["account_frozen", "probation_active_job_limit", "probation_value_limit"];
        const ALL: [AcceptBlock; 3] =
            [AcceptBlock::AccountFrozen, AcceptBlock::ProbationActiveJobLimit, AcceptBlock::ProbationValueLimit];
        crate::wire::by_name(d, |name| NAMES.iter().position(|n| *n == name).map(|i| ALL[i]), NAMES)
    }
}

impl AcceptBlock {
    /// The reason as the partner reads it, beside the job.
    pub fn message(self, currency: Currency, standing: Standing) -> String {
        let to_go = PROBATION_COMPLETED_JOBS.saturating_sub(standing.completed_jobs);
        match self {
            AcceptBlock::AccountFrozen => "Your account is frozen, so jobs cannot be accepted.".to_owned(),
            AcceptBlock::ProbationActiveJobLimit => format!(
                "While on probation you can hold {PROBATION_MAX_ACTIVE_JOBS} active job at a time. The slot frees \
                 once every part of your current job has been picked up ({to_go} more shipped jobs end probation)."
            ),
            AcceptBlock::ProbationValueLimit => format!(
                "Over the probation limit: jobs above {} can be accepted after {to_go} more shipped jobs.",
                probation_max_job_value(currency).display()
            ),
        }
    }
}

/// R-JOB-5 (and R-ACC-3): whether this partner may accept a job of this price, and if not why.
/// Being over the value limit is named before the active-job limit: it will not pass by itself
/// when the current job ships.
pub fn acceptance_block(account: AccountState, standing: Standing, price: Money) -> Option<AcceptBlock> {
    if account == AccountState::Frozen {
        return Some(AcceptBlock::AccountFrozen);
    }
    if !standing.on_probation() {
        return None;
    }
    if price.at_most(probation_max_job_value(price.currency)) != Some(true) {
        return Some(AcceptBlock::ProbationValueLimit);
    }
    if standing.active_jobs >= PROBATION_MAX_ACTIVE_JOBS {
        return Some(AcceptBlock::ProbationActiveJobLimit);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: Standing = Standing { completed_jobs: 0, active_jobs: 0 };

    // R-JOB-5
    #[test]
    fn r_job_5_exactly_5000_dollars_is_allowed_one_cent_more_is_not() {
        let at_limit = Money::usd(500_000);
        let over = Money::usd(500_001);
        assert_eq!(acceptance_block(AccountState::Active, NEW, at_limit), None);
        assert_eq!(acceptance_block(AccountState::Active, NEW, over), Some(AcceptBlock::ProbationValueLimit));
    }

    // R-JOB-5
    #[test]
    fn r_job_5_one_active_job_at_a_time_on_probation() {
        let busy = Standing { completed_jobs: 2, active_jobs: 1 };
        assert_eq!(
            acceptance_block(AccountState::Active, busy, Money::usd(10_000)),
            Some(AcceptBlock::ProbationActiveJobLimit)
        );
    }

    // R-JOB-5
    #[test]
    fn r_job_5_probation_ends_at_the_5th_completed_job() {
        let four = Standing { completed_jobs: 4, active_jobs: 0 };
        let five = Standing { completed_jobs: 5, active_jobs: 3 };
        assert!(four.on_probation());
        assert!(!five.on_probation());
        assert_eq!(acceptance_block(AccountState::Active, five, Money::usd(9_000_000)), None);
    }

    // R-JOB-5
    #[test]
    fn r_job_5_euro_jobs_use_the_same_figure() {
        let over = Money::new(500_001, Currency::Eur);
        assert_eq!(acceptance_block(AccountState::Active, NEW, over), Some(AcceptBlock::ProbationValueLimit));
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_frozen_accounts_accept_nothing() {
        let veteran = Standing { completed_jobs: 50, active_jobs: 0 };
        assert_eq!(acceptance_block(AccountState::Frozen, veteran, Money::usd(100)), Some(AcceptBlock::AccountFrozen));
    }

    // R-JOB-5
    #[test]
    fn r_job_5_message_names_the_limit() {
        let msg =
            AcceptBlock::ProbationValueLimit.message(Currency::Usd, Standing { completed_jobs: 2, active_jobs: 0 });
        assert!(msg.contains("$5,000.00"), "{msg}");
        assert!(msg.contains("3 more"), "{msg}");
    }
}
