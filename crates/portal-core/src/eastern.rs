//! US Eastern time (`America/New_York`) for the rules tied to the marketplace's clock: the surge
//! window (R-JOB-8) and the digest times (R-JOB-9).
//!
//! **Decision**: the US daylight-saving rule (in force since 2007) is written out here instead of
//! shipping a time-zone database to the browser: summer time starts on the second Sunday of March
//! at 02:00 EST and ends on the first Sunday of November at 02:00 EDT. The tests check it against
//! the IANA database (chrono-tz) hour by hour over decades.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// The `n`th Sunday (1-based) of a month.
fn nth_sunday(year: i32, month: u32, n: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    first + Duration::days(i64::from(to_sunday + 7 * (n - 1)))
}

/// Whether US Eastern daylight time is in force at `t`.
pub fn is_daylight_time(t: DateTime<Utc>) -> bool {
    let year = t.year();
    // 02:00 EST is 07:00 UTC; 02:00 EDT is 06:00 UTC.
    let starts = nth_sunday(year, 3, 2).and_hms_opt(7, 0, 0).unwrap_or_default().and_utc();
    let ends = nth_sunday(year, 11, 1).and_hms_opt(6, 0, 0).unwrap_or_default().and_utc();
    starts <= t && t < ends
}

/// Hours between UTC and Eastern time at `t`: -4 in summer, -5 in winter.
pub fn offset_hours(t: DateTime<Utc>) -> i64 {
    if is_daylight_time(t) { -4 } else { -5 }
}

/// The wall-clock time in New York at `t`.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc() + Duration::hours(offset_hours(t))
}

/// The instant a New York wall-clock time happens. For the hour skipped in March the later
/// offset is used, for the hour repeated in November the first; the rules here never ask for
/// times between 01:00 and 03:00.
pub fn to_utc(local_time: NaiveDateTime) -> DateTime<Utc> {
    let as_edt = (local_time - Duration::hours(-4)).and_utc();
    if local(as_edt) == local_time {
        return as_edt;
    }
    (local_time - Duration::hours(-5)).and_utc()
}

/// R-JOB-8: the surge window, 10:00 to 12:00 Eastern, every day.
pub const SURGE_STARTS: NaiveTime = match NaiveTime::from_hms_opt(10, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};
pub const SURGE_ENDS: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// R-JOB-8: whether `t` is inside the surge window (10:00 inclusive to 12:00 exclusive, ET).
pub fn in_surge(t: DateTime<Utc>) -> bool {
    let time = local(t).time();
    SURGE_STARTS <= time && time < SURGE_ENDS
}

/// R-JOB-9: the two daily digests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Digest {
    Morning,
    Afternoon,
}

impl Digest {
    pub const ALL: [Digest; 2] = [Digest::Morning, Digest::Afternoon];

    pub fn slug(self) -> &'static str {
        match self {
            Digest::Morning => "morning",
            Digest::Afternoon => "afternoon",
        }
    }

    /// **Decision**: the morning digest goes out at 07:00 ET, before most shops start, and the
    /// afternoon one at 14:00 ET, after the surge window's jobs are in.
    pub fn sends_at(self) -> NaiveTime {
        match self {
            Digest::Morning => NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default(),
            Digest::Afternoon => NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default(),
        }
    }

    /// The instant this digest is due on an Eastern calendar day.
    pub fn due_at(self, day: NaiveDate) -> DateTime<Utc> {
        to_utc(day.and_time(self.sends_at()))
    }

    /// The jobs a digest covers: those posted since the previous digest went out.
    pub fn covers(self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let since = match self {
            Digest::Morning => Digest::Afternoon.due_at(day.pred_opt().unwrap_or(day)),
            Digest::Afternoon => Digest::Morning.due_at(day),
        };
        (since, self.due_at(day))
    }
}

/// R-JOB-9: the digests due by `now` on today's Eastern date, each with that date, so a sender
/// can write each one once per day.
pub fn digests_due(now: DateTime<Utc>) -> Vec<(Digest, NaiveDate)> {
    let today = local(now).date();
    Digest::ALL.into_iter().filter(|d| d.due_at(today) <= now).map(|d| (d, today)).collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    // R-JOB-8
    #[test]
    fn r_job_8_surge_window_in_winter_and_summer() {
        // Winter (EST, UTC-5): 10:00 ET is 15:00 UTC.
        assert!(!in_surge(utc(2026, 11, 20, 14, 59)));
        assert!(in_surge(utc(2026, 11, 20, 15, 0)), "10:00 ET starts the window");
        assert!(in_surge(utc(2026, 11, 20, 16, 59)));
        assert!(!in_surge(utc(2026, 11, 20, 17, 0)), "12:00 ET ends it");
        // Summer (EDT, UTC-4): 10:00 ET is 14:00 UTC.
        assert!(in_surge(utc(2026, 7, 1, 14, 0)));
        assert!(!in_surge(utc(2026, 7, 1, 16, 0)));
        assert!(!in_surge(utc(2026, 7, 1, 13, 59)));
    }

    // R-JOB-8 across the daylight-saving changes of 2026 (8 March, 1 November).
    #[test]
    fn r_job_8_surge_follows_daylight_saving_changes() {
        // Saturday 7 March: still EST.
        assert!(in_surge(utc(2026, 3, 7, 15, 30)));
        assert!(!in_surge(utc(2026, 3, 7, 14, 30)));
        // Sunday 8 March: EDT from 02:00, so 10:30 ET is 14:30 UTC.
        assert!(in_surge(utc(2026, 3, 8, 14, 30)));
        assert!(!in_surge(utc(2026, 3, 8, 16, 30)));
        // Saturday 31 October: EDT. Sunday 1 November: EST again.
        assert!(in_surge(utc(2026, 10, 31, 14, 30)));
        assert!(!in_surge(utc(2026, 11, 1, 14, 30)));
        assert!(in_surge(utc(2026, 11, 1, 15, 30)));
        // The switch itself: 06:59 UTC on 8 March is 01:59 EST; 07:00 UTC is 03:00 EDT.
        assert_eq!(local(utc(2026, 3, 8, 6, 59)).time(), NaiveTime::from_hms_opt(1, 59, 0).unwrap());
        assert_eq!(local(utc(2026, 3, 8, 7, 0)).time(), NaiveTime::from_hms_opt(3, 0, 0).unwrap());
        assert_eq!(local(utc(2026, 11, 1, 5, 59)).time(), NaiveTime::from_hms_opt(1, 59, 0).unwrap());
        assert_eq!(local(utc(2026, 11, 1, 6, 0)).time(), NaiveTime::from_hms_opt(1, 0, 0).unwrap());
    }

    // R-JOB-8: the written-out rule agrees with the IANA database for every hour of 2007-2040.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn r_job_8_eastern_time_matches_the_iana_database() {
        use chrono::Offset;
        let tz = chrono_tz::America::New_York;
        let mut t = utc(2007, 1, 1, 0, 30);
        let end = utc(2041, 1, 1, 0, 0);
        while t < end {
            let iana = tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
            assert_eq!(i64::from(iana), offset_hours(t) * 3600, "at {t}");
            t += Duration::hours(1);
        }
    }

    // R-JOB-9
    #[test]
    fn r_job_9_digests_are_due_at_seven_and_two_eastern() {
        assert!(digests_due(utc(2026, 11, 20, 11, 59)).is_empty(), "06:59 EST");
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(digests_due(utc(2026, 11, 20, 12, 0)), [(Digest::Morning, day)]);
        assert_eq!(digests_due(utc(2026, 11, 20, 19, 0)), [(Digest::Morning, day), (Digest::Afternoon, day)]);
        // In summer 07:00 EDT is 11:00 UTC.
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(Digest::Morning.due_at(summer), utc(2026, 7, 1, 11, 0));
        // Just after midnight ET, the previous day's digests are not due again under today's date.
        assert!(digests_due(utc(2026, 11, 21, 5, 30)).is_empty());
        let (since, until) = Digest::Morning.covers(day);
        assert_eq!((since, until), (utc(2026, 11, 19, 19, 0), utc(2026, 11, 20, 12, 0)));
    }
}
