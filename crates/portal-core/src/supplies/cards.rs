//! Card payments (R-SUP-1, R-SUP-11): which cards the store takes, and until when a charge can be
//! disputed. The card itself never reaches the portal: the payment provider's hosted fields turn
//! it into a one-time token, and the provider reports only the brand and the last four digits.

use chrono::{Datelike, Duration, NaiveDate};

use crate::problem::FieldError;

/// R-SUP-1: the brands the store takes, as the provider names them, with how a partner reads them.
pub const ACCEPTED_BRANDS: [(&str, &str); 3] =
    [("visa", "Visa"), ("mastercard", "Mastercard"), ("amex", "American Express")];

/// A brand as a partner reads it ("Visa"), or the provider's own word for one the store does not take.
pub fn brand_label(brand: &str) -> &str {
    ACCEPTED_BRANDS.iter().find(|(b, _)| *b == brand).map_or(brand, |(_, label)| label)
}

/// R-SUP-1: why a card of this brand is refused, if it is.
pub fn brand_refusal(brand: &str) -> Option<String> {
    (!ACCEPTED_BRANDS.iter().any(|(b, _)| *b == brand)).then(|| {
        "The store takes Visa, Mastercard and American Express only: use one of those, job funds or a purchase order."
            .to_owned()
    })
}

/// What a card payment without a card entered is told (the API's `card_token` and the SPA's
/// payment step say the same).
pub const CARD_REQUIRED: &str = "Enter the card in the card fields and choose \u{201c}Use this card\u{201d}.";

/// R-SUP-11: days after the statement during which a charge can be disputed.
pub const DISPUTE_DAYS: i64 = 14;

/// The statement a charge made on `charged_on` appears on (**decision**: card statements close on
/// the last day of the month, on the marketplace's clock, and are received that day).
pub fn statement_date(charged_on: NaiveDate) -> NaiveDate {
    let (y, m) =
        if charged_on.month() == 12 { (charged_on.year() + 1, 1) } else { (charged_on.year(), charged_on.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(charged_on, |first| first - Duration::days(1))
}

/// R-SUP-11: the last day a charge made on `charged_on` can be disputed.
pub fn dispute_until(charged_on: NaiveDate) -> NaiveDate {
    statement_date(charged_on) + Duration::days(DISPUTE_DAYS)
}

/// The shortest reason that says what is wrong with a charge.
pub const MIN_DISPUTE_REASON: usize = 10;

/// R-SUP-11: checks a dispute of a charge made on `charged_on`, on `today`.
pub fn check_dispute(reason: &str, charged_on: NaiveDate, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if reason.trim().chars().count() < MIN_DISPUTE_REASON {
        errors.push(FieldError::new(
            "reason",
            "too_short",
            format!("Say what is wrong with the charge (at least {MIN_DISPUTE_REASON} characters)."),
        ));
    }
    if today > dispute_until(charged_on) {
        errors.push(FieldError::new(
            "reason",
            "too_late",
            format!(
                "Charges can be disputed within {DISPUTE_DAYS} days of their statement ({}): this one until {}.",
                statement_date(charged_on),
                dispute_until(charged_on)
            ),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_sup_1_visa_mastercard_and_amex_are_taken_others_refused() {
        for b in ["visa", "mastercard", "amex"] {
            assert_eq!(brand_refusal(b), None, "{b}");
        }
        assert!(brand_refusal("discover").unwrap().contains("Visa, Mastercard and American Express"));
        assert!(brand_refusal("unknown").is_some());
        assert_eq!(brand_label("amex"), "American Express");
    }

    #[test]
    fn r_sup_11_the_statement_closes_on_the_months_last_day() {
        assert_eq!(statement_date(d("2026-12-03")), d("2026-12-31"));
        assert_eq!(statement_date(d("2026-12-31")), d("2026-12-31"));
        assert_eq!(statement_date(d("2027-02-10")), d("2027-02-28"));
        assert_eq!(statement_date(d("2028-02-10")), d("2028-02-29"));
    }

    #[test]
    fn r_sup_11_a_charge_is_disputed_within_14_days_of_its_statement() {
        let charged = d("2026-11-20");
        assert_eq!(dispute_until(charged), d("2026-12-14"));
        assert!(check_dispute("Charged twice for one order", charged, d("2026-12-14")).is_empty());
        let late = check_dispute("Charged twice for one order", charged, d("2026-12-15"));
        assert_eq!(late[0].code, "too_late");
        assert!(late[0].message.contains("2026-12-14"));
        assert_eq!(check_dispute("wrong", charged, d("2026-11-21"))[0].code, "too_short");
    }
}
