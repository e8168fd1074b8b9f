//! How numbers, dates and countdowns read on screen, the same in every view.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// `1234567` -> `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A date as partners read it: `Tue 24 Nov 2026`.
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {} {}", d.weekday(), d.day(), month_abbrev(d.month()), d.year())
}

/// A day on a chart's axis: `3 Dec`.
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {}", d.day(), month_abbrev(d.month()))
}

/// A wall-clock time in the portal's date format: `Tue 24 Nov 2026, 14:05` (the caller says in
/// which zone it is).
pub fn date_time(t: chrono::NaiveDateTime) -> String {
    format!("{}, {:02}:{:02}", date(t.date()), t.hour(), t.minute())
}

/// The exact instant, for a title or long-press: `2026-11-24 14:05 UTC`.
pub fn instant(t: DateTime<Utc>) -> String {
    // By hand: chrono's format strings would put their parser into the first download.
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

fn month_abbrev(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS[(month as usize).saturating_sub(1) % 12]
}

/// Time left as a countdown: `1 d 3 h left`, `5 h 12 m left`, `4 m 09 s left`, `closed`.
pub fn time_left(seconds: i64) -> String {
    if seconds <= 0 {
        return "closed".to_owned();
    }
    let (d, h, m, s) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
    if d > 0 {
        format!("{d} d {h} h left")
    } else if h > 0 {
        format!("{h} h {m} m left")
    } else {
        format!("{m} m {s:02} s left")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn dates_read_like_a_calendar() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()), "Tue 24 Nov 2026");
    }

    #[test]
    fn wall_clock_times_use_the_date_format() {
        let t = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(9, 5, 59).unwrap();
        assert_eq!(date_time(t), "Thu 3 Dec 2026, 09:05");
    }

    #[test]
    fn instants_read_to_the_minute() {
        let t = DateTime::parse_from_rfc3339("2026-11-24T14:05:59Z").unwrap().with_timezone(&Utc);
        assert_eq!(instant(t), "2026-11-24 14:05 UTC");
    }

    #[test]
    fn countdowns_pick_the_two_largest_units() {
        assert_eq!(time_left(0), "closed");
        assert_eq!(time_left(-5), "closed");
        assert_eq!(time_left(59), "0 m 59 s left");
        assert_eq!(time_left(5 * 3600 + 12 * 60 + 7), "5 h 12 m left");
        assert_eq!(time_left(48 * 3600), "2 d 0 h left");
    }
}
