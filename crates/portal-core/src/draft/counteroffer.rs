//! A counteroffer as typed (R-JOB-4): a price and/or a ship date, with a note.

use chrono::NaiveDate;

use crate::offer::{CounterofferRequest, validate_counteroffer};
use crate::problem::FieldError;
use crate::{Currency, Money};

/// The counteroffer dialog as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct CounterofferDraft {
    /// The price as typed, in the job's currency ("1,650.00"); empty keeps the job's price.
    pub price: String,
    /// The ship date from the date field (`YYYY-MM-DD`); empty keeps the job's date.
    pub ship_by: String,
    pub note: String,
}

impl CounterofferDraft {
    /// The request and every message, checked with the server's own rules. A price or date that
    /// did not parse is named; then "offer a price, a date or both" is not also asked for.
    pub fn parse(&self, currency: Currency, today: NaiveDate) -> (CounterofferRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let price_text = self.price.trim();
        let price = if price_text.is_empty() {
            None
        } else {
            match Money::parse_amount(price_text, currency) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(FieldError::new("price", "invalid", e.to_string()));
                    None
                }
            }
        };
        let date_text = self.ship_by.trim();
        let ship_by = if date_text.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(date_text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new("ship_by", "invalid", "Enter a date like 2026-12-04."));
                    None
                }
            }
        };
        let req = CounterofferRequest { price, ship_by, note: self.note.trim().to_owned() };
        let typed_something = !price_text.is_empty() || !date_text.is_empty();
        errors.extend(
            validate_counteroffer(&req, currency, today)
                .into_iter()
                .filter(|e| !(typed_something && e.code == "required")),
        );
        (req, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn parse(price: &str, ship_by: &str) -> (CounterofferRequest, Vec<FieldError>) {
        CounterofferDraft { price: price.into(), ship_by: ship_by.into(), note: "  less  ".into() }
            .parse(Currency::Usd, today())
    }

    #[test]
    fn r_job_4_a_counteroffer_parses_price_and_date() {
        let (req, errors) = parse(" 1,650.00 ", "2026-12-20");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(req.price, Some(Money::new(165_000, Currency::Usd)));
        assert_eq!(req.ship_by, NaiveDate::from_ymd_opt(2026, 12, 20));
        assert_eq!(req.note, "less");
    }

    #[test]
    fn r_job_4_an_empty_counteroffer_asks_for_a_price_or_a_date() {
        let (_, errors) = parse("", "");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("price", "required"));
    }

    #[test]
    fn r_job_4_text_that_is_not_a_price_is_named_once() {
        let (req, errors) = parse("12abc", "");
        assert_eq!(req.price, None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "price");
        assert!(errors[0].message.contains("as a number"), "{}", errors[0].message);
    }

    #[test]
    fn r_job_4_a_bad_date_and_a_past_date_are_named() {
        let (_, errors) = parse("", "20.12.2026");
        assert_eq!(errors[0].message, "Enter a date like 2026-12-04.");
        let (_, errors) = parse("", "2020-01-01");
        assert_eq!(errors[0].field, "ship_by");
        assert!(errors[0].message.contains("after today"), "{}", errors[0].message);
    }

    #[test]
    fn r_job_4_a_price_must_be_above_zero() {
        let (_, errors) = parse("0", "");
        assert_eq!(errors[0].message, "Enter a price above zero.");
        let (_, errors) = parse("-5", "");
        assert_eq!(errors[0].message, "Enter a price above zero.");
    }
}
