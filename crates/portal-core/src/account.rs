//! The partner account's state (R-ACC-3): a new partner must take a first job in time.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-ACC-3: how long a newly activated partner has to accept its first job.
pub const FIRST_JOB_WINDOW: Duration = Duration::days(30);

/// Who partners write to about their account.
pub const PARTNER_SUPPORT_EMAIL: &str = "partner-support@marketplace.example";

/// Whether the partner may work on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    Active,
    Frozen,
}

/// R-ACC-3: the last moment a new partner may accept its first job.
pub fn first_job_deadline(activated_at: DateTime<Utc>) -> DateTime<Utc> {
    activated_at + FIRST_JOB_WINDOW
}

/// R-ACC-3: an account is frozen when no job was accepted within 30 days of activation. The
/// deadline itself is still inside the window.
pub fn account_state(
    activated_at: DateTime<Utc>,
    first_accepted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> AccountState {
    let deadline = first_job_deadline(activated_at);
    match first_accepted_at {
        Some(at) if at <= deadline => AccountState::Active,
        _ if now <= deadline && first_accepted_at.is_none() => AccountState::Active,
        _ => AccountState::Frozen,
    }
}

/// What a frozen partner reads on the board instead of jobs.
pub fn frozen_explanation(activated_at: DateTime<Utc>) -> String {
    format!(
        "Your account was frozen because no job was accepted within {} days of its activation on {}. \
         The job board shows no jobs until the partner team reactivates it.",
        FIRST_JOB_WINDOW.num_days(),
        crate::format::date(activated_at.date_naive()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn activated() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap()
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_active_through_day_30_frozen_on_day_31() {
        let day = |n: i64| activated() + Duration::days(n);
        assert_eq!(account_state(activated(), None, day(1)), AccountState::Active);
        assert_eq!(account_state(activated(), None, day(30)), AccountState::Active);
        assert_eq!(account_state(activated(), None, day(30) + Duration::seconds(1)), AccountState::Frozen);
        assert_eq!(account_state(activated(), None, day(31)), AccountState::Frozen);
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_a_first_job_in_time_keeps_the_account_active_for_good() {
        let on_day_30 = activated() + Duration::days(30);
        let much_later = activated() + Duration::days(400);
        assert_eq!(account_state(activated(), Some(on_day_30), much_later), AccountState::Active);
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_frozen_explanation_names_the_window_and_date() {
        let text = frozen_explanation(activated());
        assert!(text.contains("30 days"));
        assert!(text.contains("Thu 1 Oct 2026"));
    }
}
