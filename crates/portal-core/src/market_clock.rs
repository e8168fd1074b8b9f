//! The marketplace's clock (DOMAIN.md "Times", revised): every rule that counts days counts them
//! where the marketplace works, never on UTC dates: `America/New_York` for USD, `Europe/Berlin`
//! for EUR. Instants stay UTC; only the day an instant falls on is asked here.
//!
//! **Decision**: like `eastern`, the EU summer-time rule is written out instead of shipping a
//! time-zone database to the browser: CEST from the last Sunday of March 01:00 UTC to the last
//! Sunday of October 01:00 UTC. The tests check both zones against the IANA database.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::eastern;
use crate::money::Currency;

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .unwrap_or_default();
    let last = next.pred_opt().unwrap_or_default();
    last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
}

/// Hours Berlin is ahead of UTC at `t`: 2 in summer, 1 in winter.
pub fn berlin_offset_hours(t: DateTime<Utc>) -> i64 {
    let year = t.year();
    let starts = last_sunday(year, 3).and_hms_opt(1, 0, 0).unwrap_or_default().and_utc();
    let ends = last_sunday(year, 10).and_hms_opt(1, 0, 0).unwrap_or_default().and_utc();
    if starts <= t && t < ends { 2 } else { 1 }
}

/// The wall-clock time on the marketplace of `currency` at `t`.
pub fn local(currency: Currency, t: DateTime<Utc>) -> NaiveDateTime {
    match currency {
        Currency::Usd => eastern::local(t),
        Currency::Eur => t.naive_utc() + Duration::hours(berlin_offset_hours(t)),
    }
}

/// The day `t` falls on for the marketplace of `currency`: "today" for every day-counting rule.
pub fn day(currency: Currency, t: DateTime<Utc>) -> NaiveDate {
    local(currency, t).date()
}

/// The instant the marketplace's day `date` begins (local midnight; both zones change their
/// clocks at night, never at midnight).
pub fn start_of_day(currency: Currency, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match currency {
        Currency::Usd => eastern::to_utc(midnight),
        Currency::Eur => {
            let summer = (midnight - Duration::hours(2)).and_utc();
            if local(currency, summer) == midnight { summer } else { (midnight - Duration::hours(1)).and_utc() }
        }
    }
}

/// The zone's name, for messages and documentation.
pub fn zone_name(currency: Currency) -> &'static str {
    match currency {
        Currency::Usd => "America/New_York",
        Currency::Eur => "Europe/Berlin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    // DOMAIN "Times": 23:30 and 00:30 local on a boundary day, in winter and in summer.
    #[test]
    fn days_turn_at_local_midnight_not_at_utc_midnight() {
        // 9 Dec 2026, 23:30 in New York (EST, UTC-5) is 04:30 UTC on the 10th.
        assert_eq!(day(Currency::Usd, utc(2026, 12, 10, 4, 30)), date(2026, 12, 9));
        assert_eq!(day(Currency::Usd, utc(2026, 12, 10, 5, 30)), date(2026, 12, 10));
        // 23 Jul 2026, 23:30 in New York (EDT, UTC-4) is 03:30 UTC on the 24th.
        assert_eq!(day(Currency::Usd, utc(2026, 7, 24, 3, 30)), date(2026, 7, 23));
        assert_eq!(day(Currency::Usd, utc(2026, 7, 24, 4, 30)), date(2026, 7, 24));
        // 9 Dec 2026, 23:30 in Berlin (CET, UTC+1) is 22:30 UTC on the 9th; 00:30 is 23:30 UTC.
        assert_eq!(day(Currency::Eur, utc(2026, 12, 9, 22, 30)), date(2026, 12, 9));
        assert_eq!(day(Currency::Eur, utc(2026, 12, 9, 23, 30)), date(2026, 12, 10));
        // 23 Jul 2026 in Berlin (CEST, UTC+2): 00:30 on the 24th is 22:30 UTC on the 23rd.
        assert_eq!(day(Currency::Eur, utc(2026, 7, 23, 21, 30)), date(2026, 7, 23));
        assert_eq!(day(Currency::Eur, utc(2026, 7, 23, 22, 30)), date(2026, 7, 24));
    }

    // DOMAIN "Times": across both daylight-saving changes of 2026 in Berlin.
    #[test]
    fn berlin_switches_on_the_last_sundays_of_march_and_october() {
        assert_eq!(last_sunday(2026, 3), date(2026, 3, 29));
        assert_eq!(last_sunday(2026, 10), date(2026, 10, 25));
        assert_eq!(berlin_offset_hours(utc(2026, 3, 29, 0, 59)), 1);
        assert_eq!(berlin_offset_hours(utc(2026, 3, 29, 1, 0)), 2);
        assert_eq!(berlin_offset_hours(utc(2026, 10, 25, 0, 59)), 2);
        assert_eq!(berlin_offset_hours(utc(2026, 10, 25, 1, 0)), 1);
        // 00:30 on the day after the spring change is 22:30 UTC (summer), not 23:30.
        assert_eq!(day(Currency::Eur, utc(2026, 3, 29, 22, 30)), date(2026, 3, 30));
        assert_eq!(day(Currency::Eur, utc(2026, 10, 25, 22, 30)), date(2026, 10, 25));
        assert_eq!(day(Currency::Eur, utc(2026, 10, 25, 23, 30)), date(2026, 10, 26));
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        assert_eq!(start_of_day(Currency::Usd, date(2026, 12, 10)), utc(2026, 12, 10, 5, 0));
        assert_eq!(start_of_day(Currency::Usd, date(2026, 7, 24)), utc(2026, 7, 24, 4, 0));
        assert_eq!(start_of_day(Currency::Eur, date(2026, 12, 10)), utc(2026, 12, 9, 23, 0));
        assert_eq!(start_of_day(Currency::Eur, date(2026, 7, 24)), utc(2026, 7, 23, 22, 0));
        for d in [date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 25), date(2026, 10, 26)] {
            assert_eq!(day(Currency::Eur, start_of_day(Currency::Eur, d)), d);
            assert_eq!(day(Currency::Usd, start_of_day(Currency::Usd, d)), d);
        }
    }

    // DOMAIN "Times" with the rules that count days: the invoice's submission day (R-INV-5), late
    // publication (R-SHP-4), a check-in's deadline (R-ORD-4) and "a ship date after today"
    // (R-JOB-4), at 23:30 and 00:30 local on the boundary days, on both clocks and across both
    // daylight-saving changes.
    #[test]
    fn day_rules_turn_at_the_marketplaces_midnight() {
        use crate::invoice::payment_date;
        use crate::order::CheckInQuestion;
        use crate::shipping::publish_is_late;
        // R-INV-5: 23:30 on the 9th is paid on the 28th; 00:30 on the 10th on the 14th of next month.
        let usd = |t| payment_date(day(Currency::Usd, t));
        assert_eq!(usd(utc(2026, 12, 10, 4, 30)), date(2026, 12, 28));
        assert_eq!(usd(utc(2026, 12, 10, 5, 30)), date(2027, 1, 14));
        let eur = |t| payment_date(day(Currency::Eur, t));
        assert_eq!(eur(utc(2026, 12, 9, 22, 30)), date(2026, 12, 28));
        assert_eq!(eur(utc(2026, 12, 9, 23, 30)), date(2027, 1, 14));
        // The 23rd/24th in summer time: 23:30 on the 23rd is paid on the 14th, 00:30 on the 24th on the 28th.
        assert_eq!(usd(utc(2026, 7, 24, 3, 30)), date(2026, 8, 14));
        assert_eq!(usd(utc(2026, 7, 24, 4, 30)), date(2026, 8, 28));
        assert_eq!(eur(utc(2026, 7, 23, 21, 30)), date(2026, 8, 14));
        assert_eq!(eur(utc(2026, 7, 23, 22, 30)), date(2026, 8, 28));

        // R-SHP-4 on the day before the lead time, the day after New York's spring change
        // (Sun 8 Mar 2026): lead time Tue 10 Mar; 23:30 EDT on Mon 9 Mar is 03:30 UTC on the 10th.
        let lead = date(2026, 3, 10);
        assert!(!publish_is_late(lead, day(Currency::Usd, utc(2026, 3, 10, 3, 30))));
        assert!(publish_is_late(lead, day(Currency::Usd, utc(2026, 3, 10, 4, 30))));
        // The same in Berlin after its autumn change (Sun 25 Oct 2026): lead time Tue 27 Oct;
        // 23:30 CET on Mon 26 Oct is 22:30 UTC.
        let lead = date(2026, 10, 27);
        assert!(!publish_is_late(lead, day(Currency::Eur, utc(2026, 10, 26, 22, 30))));
        assert!(publish_is_late(lead, day(Currency::Eur, utc(2026, 10, 26, 23, 30))));

        // R-ORD-4: an answer is final from 00:30 after the lead time, not at UTC midnight. New
        // York's autumn change (Sun 1 Nov 2026) and Berlin's spring change (Sun 29 Mar 2026).
        let q = CheckInQuestion::OnTime;
        let lead = date(2026, 11, 1);
        assert!(!q.is_final(lead, day(Currency::Usd, utc(2026, 11, 2, 4, 30))), "23:30 EST on the 1st");
        assert!(q.is_final(lead, day(Currency::Usd, utc(2026, 11, 2, 5, 30))), "00:30 EST on the 2nd");
        let lead = date(2026, 3, 29);
        assert!(!q.is_final(lead, day(Currency::Eur, utc(2026, 3, 29, 21, 30))), "23:30 CEST on the 29th");
        assert!(q.is_final(lead, day(Currency::Eur, utc(2026, 3, 29, 22, 30))), "00:30 CEST on the 30th");

        // R-JOB-4: "a ship date after today" on the marketplace's day: at 23:30 ET on 9 Dec the
        // 10th is still after today; at 00:30 it is today.
        let ship_by = date(2026, 12, 10);
        assert!(ship_by > day(Currency::Usd, utc(2026, 12, 10, 4, 30)));
        assert!(ship_by <= day(Currency::Usd, utc(2026, 12, 10, 5, 30)));
    }

    // DOMAIN "Times": the written-out rules agree with the IANA database for every hour of
    // 2007-2040, in both zones.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn both_marketplace_clocks_match_the_iana_database() {
        let mut t = utc(2007, 1, 1, 0, 30);
        let end = utc(2041, 1, 1, 0, 0);
        while t < end {
            let ny = chrono_tz::America::New_York.from_utc_datetime(&t.naive_utc()).naive_local();
            let berlin = chrono_tz::Europe::Berlin.from_utc_datetime(&t.naive_utc()).naive_local();
            assert_eq!(local(Currency::Usd, t), ny, "New York at {t}");
            assert_eq!(local(Currency::Eur, t), berlin, "Berlin at {t}");
            t += Duration::hours(1);
        }
    }
}
