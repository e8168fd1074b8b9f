//! Declines and counteroffers (R-JOB-4) and who wins a job nobody accepted (R-JOB-6).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::format;
use crate::money::{Currency, Money};
use crate::problem::FieldError;

/// R-JOB-4: the longest feedback text a decline may carry, in characters.
pub const FEEDBACK_MAX_CHARS: usize = 1_000;
/// R-JOB-4: the longest note on a counteroffer, in characters.
pub const NOTE_MAX_CHARS: usize = 500;
/// The highest price a counteroffer may name, in major units: far above any real job, low enough
/// that sums of minor units never overflow.
pub const PRICE_MAX_MAJOR: i64 = 10_000_000;

/// R-JOB-4: why a partner declines a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeclineReason {
    PriceTooLow,
    LeadTimeTooShort,
    NoCapacity,
    MaterialNotAvailable,
    OutsideCapabilities,
    Other,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 6] = [
        DeclineReason::PriceTooLow,
        DeclineReason::LeadTimeTooShort,
        DeclineReason::NoCapacity,
        DeclineReason::MaterialNotAvailable,
        DeclineReason::OutsideCapabilities,
        DeclineReason::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DeclineReason::PriceTooLow => "price_too_low",
            DeclineReason::LeadTimeTooShort => "lead_time_too_short",
            DeclineReason::NoCapacity => "no_capacity",
            DeclineReason::MaterialNotAvailable => "material_not_available",
            DeclineReason::OutsideCapabilities => "outside_capabilities",
            DeclineReason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclineReason::PriceTooLow => "Price too low",
            DeclineReason::LeadTimeTooShort => "Lead time too short",
            DeclineReason::NoCapacity => "No capacity",
            DeclineReason::MaterialNotAvailable => "Material not available",
            DeclineReason::OutsideCapabilities => "Outside our capabilities",
            DeclineReason::Other => "Other",
        }
    }

    pub fn parse(slug: &str) -> Option<DeclineReason> {
        DeclineReason::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

/// `POST /api/v1/jobs/{id}/decline`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineRequest {
    pub reason: DeclineReason,
    /// Optional words for the marketplace, at most 1,000 characters.
    #[serde(default)]
    pub feedback: String,
}

/// R-JOB-4: the decline form's checks, shared by the form and the server.
pub fn validate_decline(req: &DeclineRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_length(&req.feedback, "feedback", FEEDBACK_MAX_CHARS, &mut errors);
    errors
}

/// `POST /api/v1/jobs/{id}/counteroffer`: a price and/or a ship date, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterofferRequest {
    /// The price the partner would make the job for, in the job's currency.
    pub price: Option<Money>,
    /// The date the partner could ship by.
    pub ship_by: Option<NaiveDate>,
    /// Words for the marketplace, at most 500 characters.
    #[serde(default)]
    pub note: String,
}

/// R-JOB-4: the counteroffer's checks, shared by the dialog (as the partner types) and the
/// server. `today` is the UTC date now; a ship date must come after it.
pub fn validate_counteroffer(req: &CounterofferRequest, job_currency: Currency, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if req.price.is_none() && req.ship_by.is_none() {
        errors.push(FieldError::new("price", "required", "Offer a price, a ship date or both."));
    }
    if let Some(price) = req.price {
        if price.currency != job_currency {
            errors.push(FieldError::new(
                "price",
                "currency",
                format!("Offer the price in the job's currency, {}.", job_currency.code()),
            ));
        } else if price.amount_minor <= 0 {
            errors.push(FieldError::new("price", "not_positive", "Enter a price above zero."));
        } else if price.amount_minor > PRICE_MAX_MAJOR * job_currency.minor_per_major() {
            errors.push(FieldError::new(
                "price",
                "too_large",
                format!("Enter a price of at most {}.", Money::from_major(PRICE_MAX_MAJOR, job_currency).display()),
            ));
        }
    }
    if let Some(date) = req.ship_by
        && date <= today
    {
        let earliest = today.succ_opt().unwrap_or(today);
        errors.push(FieldError::new(
            "ship_by",
            "not_future",
            format!("Choose a ship date after today: {} or later.", format::date(earliest)),
        ));
    }
    check_length(&req.note, "note", NOTE_MAX_CHARS, &mut errors);
    errors
}

fn check_length(text: &str, field: &str, max: usize, errors: &mut Vec<FieldError>) {
    let len = text.chars().count();
    if len > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("Keep this to {max} characters; it has {len}. Shorten it by {}.", len - max),
        ));
    }
}

/// Where a counteroffer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CounterofferStatus {
    /// The job is still on the boards.
    Pending,
    /// R-JOB-6: the lowest offer when the job left the boards; it is now an order.
    Won,
    /// Someone accepted the job, a lower offer won, or the marketplace withdrew it.
    Lost,
}

impl CounterofferStatus {
    pub const ALL: [CounterofferStatus; 3] =
        [CounterofferStatus::Pending, CounterofferStatus::Won, CounterofferStatus::Lost];

    pub fn slug(self) -> &'static str {
        match self {
            CounterofferStatus::Pending => "pending",
            CounterofferStatus::Won => "won",
            CounterofferStatus::Lost => "lost",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CounterofferStatus::Pending => "Pending",
            CounterofferStatus::Won => "Won",
            CounterofferStatus::Lost => "Lost",
        }
    }

    pub fn parse(slug: &str) -> Option<CounterofferStatus> {
        CounterofferStatus::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// One counteroffer as the award sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bid {
    pub id: i64,
    /// The offered price, or the job's price when the offer named only a date.
    pub price: Money,
    pub offered_at: DateTime<Utc>,
    /// Whether the partner may take the job now (not frozen, within its probation limits).
    pub eligible: bool,
}

/// R-JOB-6: the counteroffer that wins a job nobody accepted: the lowest price among those whose
/// partner may take it; ties go to the earliest offer (**decision**), then the lower id.
pub fn winning_bid(bids: &[Bid]) -> Option<&Bid> {
    bids.iter().filter(|b| b.eligible).min_by_key(|b| (b.price.amount_minor, b.offered_at, b.id))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn offer(price: Option<i64>, ship_by: Option<NaiveDate>) -> CounterofferRequest {
        CounterofferRequest { price: price.map(Money::usd), ship_by, note: String::new() }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    // R-JOB-4
    #[test]
    fn r_job_4_counteroffer_needs_a_positive_price_or_a_later_date() {
        let v = |o: &CounterofferRequest| validate_counteroffer(o, Currency::Usd, today());
        assert!(v(&offer(Some(1), None)).is_empty(), "one cent is a price");
        assert!(v(&offer(None, today().succ_opt())).is_empty(), "tomorrow is after today");
        assert_eq!(codes(&v(&offer(None, None))), [("price", "required")]);
        assert_eq!(codes(&v(&offer(Some(0), None))), [("price", "not_positive")]);
        assert_eq!(codes(&v(&offer(Some(-500), None))), [("price", "not_positive")]);
        assert_eq!(codes(&v(&offer(Some(PRICE_MAX_MAJOR * 100 + 1), None))), [("price", "too_large")]);
        assert!(v(&offer(Some(PRICE_MAX_MAJOR * 100), None)).is_empty(), "the maximum itself is allowed");
        assert_eq!(codes(&v(&offer(None, Some(today())))), [("ship_by", "not_future")]);
        let euros = CounterofferRequest { price: Some(Money::new(100, Currency::Eur)), ..offer(None, None) };
        assert_eq!(codes(&v(&euros)), [("price", "currency")]);
    }

    // R-JOB-4
    #[test]
    fn r_job_4_text_limits_count_characters_not_bytes() {
        let note = "ü".repeat(NOTE_MAX_CHARS);
        let ok = CounterofferRequest { note, ..offer(Some(100), None) };
        assert!(validate_counteroffer(&ok, Currency::Usd, today()).is_empty());
        let long = CounterofferRequest { note: "x".repeat(NOTE_MAX_CHARS + 1), ..offer(Some(100), None) };
        let errors = validate_counteroffer(&long, Currency::Usd, today());
        assert_eq!(codes(&errors), [("note", "too_long")]);
        assert!(errors[0].message.contains("500"));
        let decline = DeclineRequest { reason: DeclineReason::Other, feedback: "y".repeat(FEEDBACK_MAX_CHARS + 1) };
        assert_eq!(codes(&validate_decline(&decline)), [("feedback", "too_long")]);
        let fine = DeclineRequest { reason: DeclineReason::NoCapacity, feedback: "y".repeat(FEEDBACK_MAX_CHARS) };
        assert!(validate_decline(&fine).is_empty());
    }

    #[test]
    fn r_job_4_decline_reasons_round_trip() {
        for r in DeclineReason::ALL {
            assert_eq!(DeclineReason::parse(r.slug()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.slug()));
        }
        assert!(serde_json::from_str::<DeclineReason>("\"too_hard\"").is_err());
    }

    fn bid(id: i64, price: i64, minutes: i64) -> Bid {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap();
        Bid { id, price: Money::usd(price), offered_at: t0 + Duration::minutes(minutes), eligible: true }
    }

    // R-JOB-6
    #[test]
    fn r_job_6_lowest_price_wins_and_ties_go_to_the_earliest_offer() {
        assert_eq!(winning_bid(&[]), None);
        let bids = [bid(1, 450_000, 0), bid(2, 420_000, 30), bid(3, 420_000, 10), bid(4, 500_000, 5)];
        assert_eq!(winning_bid(&bids).map(|b| b.id), Some(3), "tie at $4,200: the earlier offer");
        let same_moment = [bid(8, 420_000, 10), bid(7, 420_000, 10)];
        assert_eq!(winning_bid(&same_moment).map(|b| b.id), Some(7), "same second: the lower id");
    }

    // R-JOB-6 with R-JOB-5: an offer whose partner may not take the job now does not win.
    #[test]
    fn r_job_6_ineligible_offers_are_passed_over() {
        let mut cheapest = bid(1, 100_000, 0);
        cheapest.eligible = false;
        let bids = [cheapest, bid(2, 200_000, 5)];
        assert_eq!(winning_bid(&bids).map(|b| b.id), Some(2));
        let mut only = bid(3, 1, 0);
        only.eligible = false;
        assert_eq!(winning_bid(&[only]), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        // R-JOB-6: no eligible bid is cheaper than the winner, and none as cheap is earlier.
        #[test]
        fn r_job_6_winner_is_never_beaten(prices in proptest::collection::vec((1i64..20, 0i64..20, proptest::bool::ANY), 1..12)) {
            let bids: Vec<Bid> = prices.iter().enumerate()
                .map(|(i, (p, m, e))| Bid { eligible: *e, ..bid(i as i64, *p * 1000, *m) })
                .collect();
            match winning_bid(&bids) {
                None => proptest::prop_assert!(bids.iter().all(|b| !b.eligible)),
                Some(w) => {
                    for b in bids.iter().filter(|b| b.eligible) {
                        proptest::prop_assert!(b.price.amount_minor >= w.price.amount_minor);
                        if b.price == w.price {
                            proptest::prop_assert!(b.offered_at >= w.offered_at);
                        }
                    }
                }
            }
        }
    }
}
