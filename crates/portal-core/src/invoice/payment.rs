//! R-INV-5: when a submitted invoice is paid (the 14th or the 28th), the marketplace approving
//! and paying it, and the payouts page's payment days.

use chrono::{Datelike, NaiveDate};

use crate::Money;
use crate::api::{Invoice, InvoiceStatus, PayoutDay, Payouts};

/// R-INV-5 (decision): submitted on the 10th to the 23rd, paid on the 14th of the next month;
/// from the 24th to the 9th of the next month, paid on the 28th of that next month.
pub fn payment_date(submitted: NaiveDate) -> NaiveDate {
    let (year, month) = (submitted.year(), submitted.month());
    let next = |y: i32, m: u32| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let (y, m, day) = match submitted.day() {
        1..=9 => (year, month, 28),
        10..=23 => {
            let (y, m) = next(year, month);
            (y, m, 14)
        }
        _ => {
            let (y, m) = next(year, month);
            (y, m, 28)
        }
    };
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(submitted)
}

/// R-INV-5 (**decision**, issue 17): payments are made on business days: a payment date on a
/// Saturday or Sunday is paid the Monday after (public holidays are not in the rulebook).
pub fn paid_on(payment_date: NaiveDate) -> NaiveDate {
    match payment_date.weekday() {
        chrono::Weekday::Sat => payment_date + chrono::Days::new(2),
        chrono::Weekday::Sun => payment_date + chrono::Days::new(1),
        _ => payment_date,
    }
}

/// R-INV-5: when the money arrives, as partners read it: the business day it is paid on, and why
/// when that is not the scheduled 14th or 28th.
pub fn expected_payment(payment_date: NaiveDate) -> String {
    let paid = paid_on(payment_date);
    if paid == payment_date {
        crate::format::date(paid)
    } else {
        format!(
            "{} (the {}th is a {}: paid the next business day)",
            crate::format::date(paid),
            payment_date.day(),
            if payment_date.weekday() == chrono::Weekday::Sat { "Saturday" } else { "Sunday" }
        )
    }
}

/// R-INV-5: the days whose submissions are paid on `payment_date` (a 14th or a 28th):
/// the 10th to the 23rd of the month before for a 14th, the 24th of the month before to the 9th
/// for a 28th.
pub fn submission_window(payment_date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (y, m) = (payment_date.year(), payment_date.month());
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(payment_date);
    if payment_date.day() <= 14 { (day(py, pm, 10), day(py, pm, 23)) } else { (day(py, pm, 24), day(y, m, 9)) }
}

/// R-INV-5: the next `count` payment days (14th and 28th) from `today` on, today included.
pub fn next_payment_dates(today: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let mut dates = Vec::with_capacity(count);
    let (mut y, mut m) = (today.year(), today.month());
    while dates.len() < count {
        for d in [14, 28] {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d).filter(|date| *date >= today)
                && dates.len() < count
            {
                dates.push(date);
            }
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    dates
}

/// Whether an invoice may go from `from` to `to`: forward only, one step at a time; the same
/// status again is a no-op.
pub fn invoice_transition(from: InvoiceStatus, to: InvoiceStatus) -> Result<bool, String> {
    use InvoiceStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(false),
        (Submitted, Approved) | (Approved, Paid) => Ok(true),
        (Submitted, Paid) => Err("Approve the invoice before marking it paid.".to_owned()),
        _ => Err(format!("The invoice is {} already; it cannot go back to {}.", from.label(), to.label())),
    }
}

/// How many payment days the calendar shows.
pub const CALENDAR_DAYS: usize = 4;

fn payout_day(date: NaiveDate, invoices: &[Invoice]) -> PayoutDay {
    let on_day: Vec<&Invoice> = invoices.iter().filter(|i| i.payment_date == date).collect();
    let mut totals: Vec<Money> = Vec::new();
    for i in &on_day {
        match totals.iter_mut().find(|t| t.currency == i.total.currency) {
            Some(t) => t.amount_minor += i.total.amount_minor,
            None => totals.push(i.total),
        }
    }
    totals.sort_by_key(|t| t.currency.code());
    let (submitted_from, submitted_until) = submission_window(date);
    PayoutDay {
        payment_date: date,
        submitted_from,
        submitted_until,
        totals,
        invoices: on_day.len() as u32,
        paid: !on_day.is_empty() && on_day.iter().all(|i| i.status == InvoiceStatus::Paid),
    }
}

impl Payouts {
    /// R-INV-5: groups `invoices` by payment date and lays out the next payment days.
    pub fn new(today: NaiveDate, invoices: Vec<Invoice>) -> Payouts {
        let mut dates: Vec<NaiveDate> = invoices.iter().map(|i| i.payment_date).collect();
        dates.sort_unstable_by(|a, b| b.cmp(a));
        dates.dedup();
        let by_payment_date = dates.into_iter().map(|d| payout_day(d, &invoices)).collect();
        let calendar = next_payment_dates(today, CALENDAR_DAYS).into_iter().map(|d| payout_day(d, &invoices)).collect();
        Payouts { today, invoices, by_payment_date, calendar, store_funds: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R-INV-5: a 14th or 28th on a weekend is paid the next business day, and says so.
    #[test]
    fn r_inv_5_weekend_payment_dates_are_paid_on_monday() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // 14 Feb 2026 is a Saturday, 28 Jun 2026 a Sunday, 14 Dec 2026 a Monday.
        assert_eq!(paid_on(d(2026, 2, 14)), d(2026, 2, 16));
        assert_eq!(paid_on(d(2026, 6, 28)), d(2026, 6, 29));
        assert_eq!(paid_on(d(2026, 12, 14)), d(2026, 12, 14));
        assert_eq!(
            expected_payment(d(2026, 2, 14)),
            "Mon 16 Feb 2026 (the 14th is a Saturday: paid the next business day)"
        );
        assert_eq!(
            expected_payment(d(2026, 6, 28)),
            "Mon 29 Jun 2026 (the 28th is a Sunday: paid the next business day)"
        );
        assert_eq!(expected_payment(d(2026, 12, 14)), "Mon 14 Dec 2026");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_inv_5_payment_dates_on_every_boundary_day() {
        for (submitted, paid) in [
            ("2026-11-01", "2026-11-28"),
            ("2026-11-09", "2026-11-28"),
            ("2026-11-10", "2026-12-14"),
            ("2026-11-23", "2026-12-14"),
            ("2026-11-24", "2026-12-28"),
            ("2026-11-30", "2026-12-28"),
            ("2026-12-10", "2027-01-14"),
            ("2026-12-23", "2027-01-14"),
            ("2026-12-24", "2027-01-28"),
            ("2026-12-31", "2027-01-28"),
            ("2027-01-09", "2027-01-28"),
            ("2027-01-31", "2027-02-28"),
            ("2028-01-31", "2028-02-28"),
            ("2028-02-29", "2028-03-28"),
            ("2028-02-09", "2028-02-28"),
        ] {
            assert_eq!(payment_date(d(submitted)), d(paid), "submitted {submitted}");
        }
    }

    #[test]
    fn r_inv_5_submission_windows_of_the_14th_and_the_28th() {
        assert_eq!(submission_window(d("2026-12-14")), (d("2026-11-10"), d("2026-11-23")));
        assert_eq!(submission_window(d("2026-12-28")), (d("2026-11-24"), d("2026-12-09")));
        assert_eq!(submission_window(d("2027-01-14")), (d("2026-12-10"), d("2026-12-23")), "the year before");
        assert_eq!(submission_window(d("2027-01-28")), (d("2026-12-24"), d("2027-01-09")), "across the new year");
        assert_eq!(submission_window(d("2028-03-28")), (d("2028-02-24"), d("2028-03-09")));
    }

    #[test]
    fn r_inv_5_next_payment_dates() {
        assert_eq!(
            next_payment_dates(d("2026-11-14"), 4),
            [d("2026-11-14"), d("2026-11-28"), d("2026-12-14"), d("2026-12-28")],
            "the 14th itself is included"
        );
        assert_eq!(
            next_payment_dates(d("2026-11-15"), 4),
            [d("2026-11-28"), d("2026-12-14"), d("2026-12-28"), d("2027-01-14")]
        );
        assert_eq!(
            next_payment_dates(d("2026-12-29"), 4),
            [d("2027-01-14"), d("2027-01-28"), d("2027-02-14"), d("2027-02-28")]
        );
        assert_eq!(next_payment_dates(d("2026-12-29"), 1), [d("2027-01-14")]);
        assert!(next_payment_dates(d("2026-12-29"), 0).is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn r_inv_5_payment_is_after_submission_and_on_the_14th_or_28th(days in 0i64..4000) {
            let submitted = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(days);
            let paid = payment_date(submitted);
            prop_assert!(paid > submitted);
            prop_assert!(paid.day() == 14 || paid.day() == 28);
            prop_assert!((paid - submitted).num_days() <= 66);
        }

        #[test]
        fn r_inv_5_payment_date_is_a_coming_payment_day_whose_window_holds_the_submission(days in 0i64..4000) {
            let submitted = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(days);
            let paid = payment_date(submitted);
            prop_assert!(next_payment_dates(submitted + chrono::Duration::days(1), 4).contains(&paid));
            let (from, until) = submission_window(paid);
            prop_assert!(from <= submitted && submitted <= until, "{} not in {}..{} of {}", submitted, from, until, paid);
        }
    }
}
