//! The partner account's state (R-ACC-3): a new partner must take a first job in time.

use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};

use crate::market_clock;
use crate::money::Currency;

/// Logging in (reads the wire's `LoginRequest`; not re-exported here, so the wire can import
/// this module).
pub mod login;

/// The device a session was opened on, named from the browser's User-Agent for the sessions list.
pub fn device_name(user_agent: &str) -> String {
    let ua = user_agent;
    let has = |needle: &str| ua.contains(needle);
    let browser = if has("Edg/") {
        "Edge"
    } else if has("OPR/") {
        "Opera"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if has("iPad") || (has("Macintosh") && has("Mobile/")) {
        "iPad"
    } else if has("iPhone") {
        "iPhone"
    } else if has("Android") {
        if has("Mobile") { "Android phone" } else { "Android tablet" }
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS X") || has("Macintosh") {
        "Mac"
    } else if has("CrOS") {
        "Chromebook"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") if ua.trim().is_empty() => "Unknown device".to_owned(),
        ("", "") => {
            // A script or tool: its first product token, briefly.
            let product: String = ua.split(['/', ' ']).next().unwrap_or("").chars().take(40).collect();
            if product.is_empty() { "Unknown device".to_owned() } else { product }
        }
        (b, "") => b.to_owned(),
        ("", s) => format!("Browser on {s}"),
        (b, s) => format!("{b} on {s}"),
    }
}

#[cfg(test)]
mod device_tests {
    use super::device_name;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome on Windows",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPad",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPad",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome on Android tablet",
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            ("curl/8.5.0", "curl"),
            ("", "Unknown device"),
        ];
        for (ua, name) in cases {
            assert_eq!(device_name(ua), name, "{ua}");
        }
    }
}

/// R-ACC-3: how many days a newly activated partner has to accept its first job, counted on the
/// marketplace's clock (DOMAIN "Times", revised): the whole 30th day after activation is inside.
pub const FIRST_JOB_WINDOW_DAYS: u64 = 30;

/// Who partners write to about their account.
pub const PARTNER_SUPPORT_EMAIL: &str = "partner-support@marketplace.example";

/// Whether the partner may work on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    Active,
    Frozen,
}

impl<'de> Deserialize<'de> for AccountState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parse = |name: &str| match name {
            "active" => Some(AccountState::Active),
            "frozen" => Some(AccountState::Frozen),
            _ => None,
        };
        crate::wire::by_name(d, parse, &["active", "frozen"])
    }
}

/// R-ACC-3: the last day (on the marketplace's clock) a new partner may accept its first job.
pub fn first_job_last_day(activated_at: DateTime<Utc>, currency: Currency) -> chrono::NaiveDate {
    market_clock::day(currency, activated_at) + Days::new(FIRST_JOB_WINDOW_DAYS)
}

/// R-ACC-3: the moment the window closes: the marketplace's midnight after its last day.
pub fn first_job_deadline(activated_at: DateTime<Utc>, currency: Currency) -> DateTime<Utc> {
    market_clock::start_of_day(currency, first_job_last_day(activated_at, currency) + Days::new(1))
}

/// R-ACC-3: an account is frozen when no job was accepted within 30 days of activation, counted
/// in the marketplace's days: the 30th day is inside the window until its local midnight.
pub fn account_state(
    activated_at: DateTime<Utc>,
    first_accepted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    currency: Currency,
) -> AccountState {
    let last = first_job_last_day(activated_at, currency);
    let day = |t| market_clock::day(currency, t);
    match first_accepted_at {
        Some(at) if day(at) <= last => AccountState::Active,
        None if day(now) <= last => AccountState::Active,
        _ => AccountState::Frozen,
    }
}

/// What a frozen partner reads on the board instead of jobs.
pub fn frozen_explanation(activated_at: DateTime<Utc>) -> String {
    format!(
        "Your account was frozen because no job was accepted within {} days of its activation on {}. \
         The job board shows no jobs until the partner team reactivates it.",
        FIRST_JOB_WINDOW_DAYS,
        crate::format::date(activated_at.date_naive()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn activated() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap()
    }

    const USD: Currency = Currency::Usd;

    // R-ACC-3, DOMAIN "Times": the whole 30th day on New York's clock is inside the window.
    #[test]
    fn r_acc_3_active_through_day_30_frozen_on_day_31() {
        let day = |n: i64| activated() + Duration::days(n);
        assert_eq!(account_state(activated(), None, day(1), USD), AccountState::Active);
        assert_eq!(account_state(activated(), None, day(30), USD), AccountState::Active);
        // Activated 1 Oct 05:00 ET: the last day is Sat 31 Oct; 23:30 EDT is 03:30 UTC on 1 Nov.
        let late_on_day_30 = Utc.with_ymd_and_hms(2026, 11, 1, 3, 30, 0).unwrap();
        assert_eq!(account_state(activated(), None, late_on_day_30, USD), AccountState::Active);
        let after_midnight = Utc.with_ymd_and_hms(2026, 11, 1, 4, 30, 0).unwrap();
        assert_eq!(account_state(activated(), None, after_midnight, USD), AccountState::Frozen);
        assert_eq!(first_job_deadline(activated(), USD), Utc.with_ymd_and_hms(2026, 11, 1, 4, 0, 0).unwrap());
        assert_eq!(account_state(activated(), None, day(31), USD), AccountState::Frozen);
        // Berlin counts its own days: 00:30 CET on 1 Nov is 23:30 UTC on 31 Oct.
        let eur = Currency::Eur;
        assert_eq!(first_job_last_day(activated(), eur), chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
        let berlin_next_day = Utc.with_ymd_and_hms(2026, 10, 31, 23, 30, 0).unwrap();
        assert_eq!(account_state(activated(), None, berlin_next_day, eur), AccountState::Frozen);
        assert_eq!(account_state(activated(), None, berlin_next_day, USD), AccountState::Active);
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_a_first_job_in_time_keeps_the_account_active_for_good() {
        let on_day_30 = activated() + Duration::days(30);
        let much_later = activated() + Duration::days(400);
        assert_eq!(account_state(activated(), Some(on_day_30), much_later, USD), AccountState::Active);
    }

    // R-ACC-3
    #[test]
    fn r_acc_3_frozen_explanation_names_the_window_and_date() {
        let text = frozen_explanation(activated());
        assert!(text.contains("30 days"));
        assert!(text.contains("Thu 1 Oct 2026"));
    }
}
