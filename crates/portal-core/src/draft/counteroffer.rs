//! The counteroffer dialog's draft (R-JOB-4): a price and/or a ship date and a note, as typed,
//! read into a `CounterofferRequest` with the server's checks as the partner types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::offer::{CounterofferRequest, validate_counteroffer};
use crate::problem::FieldError;

/// What the partner typed in the counteroffer dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterofferDraft {
    /// The price, in the job's currency (`4,250.00`, a leading currency symbol allowed).
    pub price: String,
    /// The ship date, `YYYY-MM-DD` (as a date input gives it).
    pub ship_by: String,
    pub note: String,
}

impl CounterofferDraft {
    /// R-JOB-4: the request as typed and its messages. An empty price or date is not offered; one
    /// that does not parse is named, and the rulebook's "offer a price, a date or both" is then
    /// left out (the partner typed something). The note is trimmed.
    pub fn parse(&self, currency: Currency, today: NaiveDate) -> (CounterofferRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let price = if self.price.trim().is_empty() {
            None
        } else {
            match Money::parse_amount(&self.price, currency) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(FieldError::new("price", "invalid", e.to_string()));
                    None
                }
            }
        };
        let ship_by = if self.ship_by.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(&self.ship_by, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new("ship_by", "invalid", "Enter a date like 2026-12-04."));
                    None
                }
            }
        };
        let req = CounterofferRequest { price, ship_by, note: self.note.trim().to_owned() };
        // A price or date that did not parse is already named; do not also ask for "one of them".
        let typed_something = !self.price.trim().is_empty() || !self.ship_by.is_empty();
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

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-20";

    fn draft(price: &str, ship_by: &str, note: &str) -> CounterofferDraft {
        CounterofferDraft { price: price.to_owned(), ship_by: ship_by.to_owned(), note: note.to_owned() }
    }

    fn messages(errors: &[FieldError]) -> Vec<(&str, &str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str(), e.message.as_str())).collect()
    }

    #[test]
    fn r_job_4_a_price_a_date_and_a_trimmed_note() {
        let (req, errors) = draft(" $4,250.00 ", "2026-12-04", "  Can do it in 6061.  ").parse(Currency::Usd, d(TODAY));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(req.price, Some(Money::usd(425_000)));
        assert_eq!(req.ship_by, Some(d("2026-12-04")));
        assert_eq!(req.note, "Can do it in 6061.");
        let (req, errors) = draft("", "2026-12-04", "").parse(Currency::Eur, d(TODAY));
        assert!(errors.is_empty() && req.price.is_none(), "a date alone is an offer");
    }

    #[test]
    fn r_job_4_nothing_offered_asks_for_a_price_or_a_date() {
        let (req, errors) = draft("   ", "", "note").parse(Currency::Usd, d(TODAY));
        assert_eq!((req.price, req.ship_by), (None, None));
        assert_eq!(messages(&errors), [("price", "required", "Offer a price, a ship date or both.")]);
    }

    #[test]
    fn r_job_4_a_price_or_date_that_does_not_parse_is_named_without_required() {
        let (req, errors) = draft("lots", "", "").parse(Currency::Usd, d(TODAY));
        assert_eq!(req.price, None);
        assert_eq!(messages(&errors), [("price", "invalid", "Enter the price as a number, like 4,250.00.")]);
        let (_, errors) = draft("0", "", "").parse(Currency::Usd, d(TODAY));
        assert_eq!(messages(&errors), [("price", "invalid", "Enter a price above zero.")]);
        let (_, errors) = draft("12.345", "", "").parse(Currency::Usd, d(TODAY));
        assert_eq!(messages(&errors), [("price", "invalid", "Use at most two decimal places (cents).")]);
        let (req, errors) = draft("", "04.12.2026", "").parse(Currency::Usd, d(TODAY));
        assert_eq!(req.ship_by, None);
        assert_eq!(messages(&errors), [("ship_by", "invalid", "Enter a date like 2026-12-04.")]);
    }

    #[test]
    fn r_job_4_the_rulebooks_checks_follow_the_parsed_values() {
        let (_, errors) = draft("", TODAY, "").parse(Currency::Usd, d(TODAY));
        assert_eq!(
            messages(&errors),
            [("ship_by", "not_future", "Choose a ship date after today: Sat 21 Nov 2026 or later.")]
        );
        let (_, errors) = draft("10", "", &"x".repeat(501)).parse(Currency::Usd, d(TODAY));
        assert_eq!(
            messages(&errors),
            [("note", "too_long", "Keep this to 500 characters; it has 501. Shorten it by 1.")]
        );
    }
}
