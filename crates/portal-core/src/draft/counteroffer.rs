//! A counteroffer as typed (R-JOB-4): a price and/or a ship date, with a note.

use chrono::NaiveDate;

use crate::account::AccountState;
use crate::offer::{CounterofferRequest, validate_counteroffer};
use crate::probation::{AcceptBlock, Standing, acceptance_block, probation_max_job_value};
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

    /// [`CounterofferDraft::parse`], then R-JOB-5: a partner on probation cannot offer what it
    /// could not accept: an offer worth more than its limit (the typed price, else the job's) is
    /// named on the price, as the server names it.
    pub fn parse_within(
        &self,
        job_price: Money,
        today: NaiveDate,
        account: AccountState,
        standing: Standing,
    ) -> (CounterofferRequest, Vec<FieldError>) {
        let (req, mut errors) = self.parse(job_price.currency, today);
        if let Some(error) = over_limit(&req, job_price, account, standing)
            && !errors.iter().any(|e| e.field == "price")
        {
            errors.push(error);
        }
        (req, errors)
    }
}

/// R-JOB-5: why this partner cannot counteroffer at any price (frozen, or on probation holding
/// its one active job); the value limit is not such a reason (a lower price is within it).
pub fn counteroffer_block(account: AccountState, standing: Standing, job_price: Money) -> Option<AcceptBlock> {
    let within = probation_max_job_value(job_price.currency);
    let cheapest = if job_price.at_most(within) == Some(true) { job_price } else { within };
    acceptance_block(account, standing, cheapest)
}

/// R-JOB-5 for a counteroffer: the offer is what the job would be worth to this partner; over
/// the probation value limit it is refused on the price field.
pub fn over_limit(
    req: &CounterofferRequest,
    job_price: Money,
    account: AccountState,
    standing: Standing,
) -> Option<FieldError> {
    let worth = req.price.unwrap_or(job_price);
    match acceptance_block(account, standing, worth)? {
        AcceptBlock::ProbationValueLimit => Some(FieldError::new(
            "price",
            "over_limit",
            format!(
                "{} Offer at most {}.",
                AcceptBlock::ProbationValueLimit.message(worth.currency, standing),
                probation_max_job_value(worth.currency).display()
            ),
        )),
        _ => None,
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

    /// R-JOB-5: holding its one active job, a probation partner cannot counteroffer at all; over
    /// the value limit only, it can at a price within it.
    #[test]
    fn r_job_5_no_counteroffer_while_the_probation_slot_is_taken() {
        let busy = Standing { completed_jobs: 1, active_jobs: 1 };
        let free = Standing { completed_jobs: 1, active_jobs: 0 };
        let over = Money::usd(780_000);
        assert_eq!(counteroffer_block(AccountState::Active, busy, over), Some(AcceptBlock::ProbationActiveJobLimit));
        assert_eq!(counteroffer_block(AccountState::Active, free, over), None);
        assert_eq!(counteroffer_block(AccountState::Frozen, free, Money::usd(100)), Some(AcceptBlock::AccountFrozen));
    }

    /// R-JOB-5: on probation, an offer over the value limit is named on the price, typed or not.
    #[test]
    fn r_job_5_probation_counteroffers_stay_within_the_limit() {
        let new = Standing { completed_jobs: 0, active_jobs: 0 };
        let draft =
            |price: &str| CounterofferDraft { price: price.into(), ship_by: "2026-12-20".into(), note: String::new() };
        let over = Money::usd(780_000);
        let (_, errors) = draft("").parse_within(over, today(), AccountState::Active, new);
        assert_eq!(
            errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect::<Vec<_>>(),
            [("price", "over_limit")]
        );
        assert!(errors[0].message.contains("$5,000.00"), "{errors:?}");
        let (_, errors) = draft("5,000.01").parse_within(over, today(), AccountState::Active, new);
        assert_eq!(errors.len(), 1);
        let (_, errors) = draft("5,000.00").parse_within(over, today(), AccountState::Active, new);
        assert!(errors.is_empty(), "{errors:?}");
        // Out of probation: no limit.
        let done = Standing { completed_jobs: 5, active_jobs: 3 };
        assert!(draft("").parse_within(over, today(), AccountState::Active, done).1.is_empty());
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
