//! The supplies store's rules (the R-SUP rules of DOMAIN.md that have code so far, from the
//! store's purchase terms and its orders, shipping and returns terms): when an order ships, how
//! it ships, whether it may still change, what a return refunds, when a claim is in time, and
//! how job funds pay.
//!
//! Lengths are integer thousandths of an inch ([`Mils`]) and weights hundredths of a pound
//! ([`CentiPounds`]), so "over 3 in" and "over 150 lb" are exact at their edges (3.000 vs
//! 3.001 in; 150.00 vs 150.01 lb). Money is integer cents in USD (R-SUP-1).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use crate::money::{Currency, Money};

pub mod cards;
pub mod catalog;
pub mod checkout;
pub mod claims;
pub mod returns;

/// A length in thousandths of an inch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mils(pub u32);

impl Mils {
    pub const fn inches(whole: u32) -> Mils {
        Mils(whole * 1000)
    }

    /// A length typed in millimetres (hundredths), to the nearest thousandth of an inch.
    pub fn from_centi_mm(centi_mm: u32) -> Mils {
        // 1 in = 25.4 mm = 2540 hundredths of a millimetre.
        Mils(((u64::from(centi_mm) * 1000 + 1270) / 2540) as u32)
    }
}

/// A weight in hundredths of a pound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CentiPounds(pub u32);

/// R-SUP-5: thicker than this needs extra processing (3 in).
pub const MAX_SAME_DAY_THICKNESS: Mils = Mils::inches(3);
/// R-SUP-5: plate or sheet longer than this needs extra processing (24 in).
pub const MAX_SAME_DAY_LENGTH: Mils = Mils::inches(24);
/// R-SUP-5: more pieces than this need extra processing.
pub const MAX_SAME_DAY_PIECES: u32 = 25;
/// R-SUP-5: orders placed before this Eastern time ship the same day.
pub const SAME_DAY_CUTOFF: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => panic!("12:00 is a time"),
};
/// **Decision**: extra processing adds this many business days (the terms name no figure).
pub const EXTRA_PROCESSING_DAYS: u32 = 2;
/// **Decision**: special-order material ships this many business days later.
pub const SPECIAL_ORDER_DAYS: u32 = 10;
/// R-SUP-6: heavier orders ship by LTL freight (150 lb).
pub const MAX_PARCEL_WEIGHT: CentiPounds = CentiPounds(15_000);
/// R-SUP-6: an item longer than this ships by LTL freight (108 in).
pub const MAX_PARCEL_LENGTH: Mils = Mils::inches(108);
/// R-SUP-7: changes and cancellation within this long of the order being processed.
pub const CHANGE_WINDOW: Duration = Duration::hours(1);
/// R-SUP-8: an RMA is requested within this many days of receipt.
pub const RMA_DAYS: i64 = 14;
/// R-SUP-8: the restocking fee, in percent of the returned goods.
pub const RESTOCKING_PERCENT: i64 = 30;
/// R-SUP-9: freight damage is claimed within this long of delivery.
pub const FREIGHT_CLAIM_WINDOW: Duration = Duration::hours(24);
/// R-SUP-2: purchase-order invoices are due this many days after the invoice date.
pub const PO_DUE_DAYS: i64 = 30;
/// R-SUP-2: interest per started month overdue, in tenths of a percent (1.5%).
pub const PO_INTEREST_PER_MONTH_TENTHS: i64 = 15;

/// What a line is, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Sheet,
    Plate,
    Bar,
    Rod,
    Tube,
    Tooling,
    Filament,
    Powder,
}

/// One line of an order, in the units the rules read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineFacts {
    pub form: Form,
    /// Thickness (sheet, plate, bar) or diameter (rod, tube); zero when it has none.
    pub thickness: Mils,
    /// The longest side as cut or sold.
    pub length: Mils,
    pub pieces: u32,
    pub special_order: bool,
}

/// R-SUP-5: why a line does not ship the same day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delay {
    Thick,
    Long,
    ManyPieces,
    SpecialOrder,
}

impl Delay {
    /// The reason as the partner reads it beside the ship date.
    pub fn message(self) -> &'static str {
        match self {
            Delay::Thick => "Material over 3 in thick needs extra processing.",
            Delay::Long => "Plate or sheet over 24 in long needs extra processing.",
            Delay::ManyPieces => "More than 25 pieces need extra processing.",
            Delay::SpecialOrder => "Special-order material is ordered in for you.",
        }
    }
}

/// R-SUP-5: the reasons a line needs more than same-day handling, in a fixed order.
pub fn delays(line: &LineFacts) -> Vec<Delay> {
    let mut found = Vec::new();
    if line.thickness > MAX_SAME_DAY_THICKNESS {
        found.push(Delay::Thick);
    }
    if matches!(line.form, Form::Sheet | Form::Plate) && line.length > MAX_SAME_DAY_LENGTH {
        found.push(Delay::Long);
    }
    if line.pieces > MAX_SAME_DAY_PIECES {
        found.push(Delay::ManyPieces);
    }
    if line.special_order {
        found.push(Delay::SpecialOrder);
    }
    found
}

fn is_business_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`th business day after `d` (`d` itself when `n` is 0 and it is a business day).
fn business_days_after(mut d: NaiveDate, n: u32) -> NaiveDate {
    while !is_business_day(d) {
        d = d.succ_opt().unwrap_or(d);
    }
    for _ in 0..n {
        d = d.succ_opt().unwrap_or(d);
        while !is_business_day(d) {
            d = d.succ_opt().unwrap_or(d);
        }
    }
    d
}

/// R-SUP-5: the estimated ship date of an order placed at `placed_at` with these delays: the
/// same (Eastern) business day before 12:00 ET, else the next; plus the extra processing days.
/// Public holidays are not modelled (**decision**, as for payments).
pub fn ship_date(placed_at: DateTime<Utc>, delays: &[Delay]) -> NaiveDate {
    let local = crate::eastern::local(placed_at);
    let mut day = local.date();
    if local.time() >= SAME_DAY_CUTOFF || !is_business_day(day) {
        day = business_days_after(day.succ_opt().unwrap_or(day), 0);
    }
    let extra = if delays.contains(&Delay::SpecialOrder) {
        SPECIAL_ORDER_DAYS
    } else if delays.is_empty() {
        0
    } else {
        EXTRA_PROCESSING_DAYS
    };
    business_days_after(day, extra)
}

/// R-SUP-6: how an order may ship.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShipMethod {
    /// Standard ground: free.
    Ground,
    Expedited,
    Overnight,
    /// Over 150 lb or an item over 108 in: by truck, never expedited.
    LtlFreight,
}

/// R-SUP-6: the methods an order of this weight and longest item may ship by.
pub fn ship_methods(weight: CentiPounds, longest: Mils) -> &'static [ShipMethod] {
    if weight > MAX_PARCEL_WEIGHT || longest > MAX_PARCEL_LENGTH {
        &[ShipMethod::LtlFreight]
    } else {
        &[ShipMethod::Ground, ShipMethod::Expedited, ShipMethod::Overnight]
    }
}

/// States and territories outside the contiguous United States (R-SUP-6).
const OUTSIDE_CONTIGUOUS: [&str; 8] = ["AK", "HI", "PR", "GU", "VI", "AS", "MP", "UM"];
/// Military mail codes, which are not the contiguous United States either.
const MILITARY: [&str; 3] = ["AA", "AE", "AP"];

/// R-SUP-6: why the store cannot deliver to this address, if it cannot: outside the
/// contiguous United States, or a PO box (freight and cut material need a street address).
pub fn ship_to_refusal(state: &str, street: &str) -> Option<String> {
    let state = state.trim().to_ascii_uppercase();
    if OUTSIDE_CONTIGUOUS.contains(&state.as_str()) || MILITARY.contains(&state.as_str()) {
        return Some(format!("The store delivers within the contiguous United States only; {state} is outside it."));
    }
    let compact: String = street.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if compact.contains("pobox") || compact.contains("postofficebox") {
        return Some("The store cannot deliver to a PO box: give a street address.".to_owned());
    }
    None
}

/// R-SUP-7: why an order cannot change any more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// The hour after the order was processed is over.
    WindowOver,
    /// A line has been cut.
    Cut,
    /// Special-order material is never changed or cancelled.
    SpecialOrder,
}

impl ChangeRefusal {
    pub fn message(self) -> &'static str {
        match self {
            ChangeRefusal::WindowOver => {
                "Orders can be changed or cancelled within 1 hour of being processed; that hour is over."
            }
            ChangeRefusal::Cut => "A line has already been cut, so the order can no longer be changed or cancelled.",
            ChangeRefusal::SpecialOrder => "Special-order material cannot be changed or cancelled.",
        }
    }
}

/// R-SUP-7: how long the order may still change or be cancelled, or why it may not.
pub fn change_window(
    processed_at: DateTime<Utc>,
    now: DateTime<Utc>,
    any_cut: bool,
    any_special_order: bool,
) -> Result<Duration, ChangeRefusal> {
    if any_special_order {
        return Err(ChangeRefusal::SpecialOrder);
    }
    if any_cut {
        return Err(ChangeRefusal::Cut);
    }
    let left = processed_at + CHANGE_WINDOW - now;
    if left > Duration::zero() { Ok(left) } else { Err(ChangeRefusal::WindowOver) }
}

/// R-SUP-8: whether an RMA may still be requested for goods received on `received_on`.
pub fn rma_open(received_on: NaiveDate, today: NaiveDate) -> bool {
    let days = (today - received_on).num_days();
    (0..=RMA_DAYS).contains(&days)
}

/// R-SUP-8: what a return refunds: the goods less the 30% restocking fee (rounded to the cent,
/// half up) and the return shipping; never below zero.
pub fn refund_estimate(goods: Money, return_shipping: Money) -> Money {
    let fee = (goods.amount_minor * RESTOCKING_PERCENT + 50) / 100;
    Money::new((goods.amount_minor - fee - return_shipping.amount_minor).max(0), goods.currency)
}

/// R-SUP-9: whether a claim for freight damage is in time (within 24 hours of delivery; other
/// claims have no such limit in the terms).
pub fn freight_claim_in_time(delivered_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= delivered_at && now - delivered_at <= FREIGHT_CLAIM_WINDOW
}

/// R-SUP-1: how an order is paid from job funds: what the spendable funds cover, and
/// the rest, invoiced (due on receipt).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FundsSplit {
    pub from_funds: Money,
    pub invoiced: Money,
}

/// R-SUP-1: `total` paid from `spendable` job funds as far as they go, the rest invoiced.
pub fn pay_from_funds(total: Money, spendable: Money) -> FundsSplit {
    let covered = total.amount_minor.min(spendable.amount_minor.max(0));
    FundsSplit {
        from_funds: Money::new(covered, total.currency),
        invoiced: Money::new(total.amount_minor - covered, total.currency),
    }
}

/// R-SUP-7: a job-funds order's split after a change to `total` (**decision**: what it costs less
/// comes off the invoiced rest first, then goes back to the job funds).
pub fn funds_after_change(before: &FundsSplit, total: Money) -> FundsSplit {
    let before_total = before.from_funds.amount_minor + before.invoiced.amount_minor;
    let less = before_total - total.amount_minor;
    let invoiced = (before.invoiced.amount_minor - less).max(0);
    FundsSplit {
        from_funds: Money::new(total.amount_minor - invoiced, total.currency),
        invoiced: Money::new(invoiced, total.currency),
    }
}

/// R-SUP-2: a purchase-order invoice's due date.
pub fn po_due(invoice_date: NaiveDate) -> NaiveDate {
    invoice_date + Duration::days(PO_DUE_DAYS)
}

/// R-SUP-2: interest on an overdue purchase-order invoice on `today`: 1.5% of the amount for each
/// started month past the due date (**decision**: simple interest, a month being 30 days),
/// rounded half up to the cent.
pub fn po_interest(amount: Money, invoice_date: NaiveDate, today: NaiveDate) -> Money {
    let late = (today - po_due(invoice_date)).num_days();
    let months = if late <= 0 { 0 } else { (late + 29) / 30 };
    let interest = (amount.amount_minor * PO_INTEREST_PER_MONTH_TENTHS * months + 500) / 1000;
    Money::new(interest, amount.currency)
}

/// R-SUP-2: objections to a store invoice are raised within this many days of receipt.
pub const OBJECTION_DAYS: i64 = 10;

/// R-SUP-2: the last day to object to an invoice received on `received_on` (**decision**: an
/// invoice is received the day it is issued, on the portal).
pub fn objection_until(received_on: NaiveDate) -> NaiveDate {
    received_on + Duration::days(OBJECTION_DAYS)
}

/// R-SUP-12: how long a partner has to answer a proposed ship date (**decision**: 48 hours; the
/// terms name no time) before it counts as accepted.
pub const PROPOSAL_ANSWER_WINDOW: Duration = Duration::hours(48);

/// R-SUP-12: where a proposed ship date stands: answered, or counting as accepted once its
/// deadline has passed without an answer.
pub fn proposal_accepted(answer: Option<bool>, deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<bool> {
    answer.or((now >= deadline).then_some(true))
}

/// The store's prices are in US dollars (R-SUP-1).
pub const STORE_CURRENCY: Currency = Currency::Usd;

/// R-SUP-7: checks a change of an order's `lines` (id and pieces now; cancelled lines left
/// out): each changed line is one of the order's, its pieces go down (0 removes it, **decision**:
/// more pieces are a new order, since the payment was taken for this total), and one line stays.
pub fn check_change(lines: &[(i64, u32)], change: &[crate::api::LineChange]) -> Vec<crate::problem::FieldError> {
    use crate::problem::FieldError;
    let mut errors = Vec::new();
    if change.is_empty() {
        errors.push(FieldError::new("lines", "required", "Change the pieces of at least one line."));
    }
    for c in change {
        match lines.iter().find(|(id, _)| *id == c.line_id) {
            None => {
                errors.push(FieldError::new("lines", "unknown", "That line is not on this order (or is cancelled)."))
            }
            Some((_, now)) if c.pieces > *now => errors.push(FieldError::new(
                "lines",
                "more",
                format!("A change can lower a line's pieces (it has {now}) or remove it; order more as a new order."),
            )),
            Some(_) => {}
        }
    }
    let kept =
        lines.iter().filter(|(id, _)| change.iter().find(|c| c.line_id == *id).is_none_or(|c| c.pieces > 0)).count();
    if errors.is_empty() && kept == 0 {
        errors.push(FieldError::new(
            "lines",
            "empty",
            "A change keeps at least one line: to drop them all, cancel the order.",
        ));
    }
    errors
}

/// R-SUP-10: a line's mill test report and certificate of compliance are ready once the line is
/// cut (**decision**: the material, down to its heat, is known then), and stay so after it ships.
pub fn certificates_ready(status: crate::api::StoreLineStatus) -> bool {
    use crate::api::StoreLineStatus::*;
    matches!(status, Cut | Shipped | BackOrdered | Delivered)
}

#[cfg(test)]
mod certificate_tests {
    use super::*;
    use crate::api::LineChange;
    use crate::api::StoreLineStatus::*;

    #[test]
    fn r_sup_7_a_change_comes_off_the_invoiced_rest_first_then_back_to_the_funds() {
        let usd = |m| Money::new(m, STORE_CURRENCY);
        let before = FundsSplit { from_funds: usd(6_000), invoiced: usd(4_000) };
        assert_eq!(
            funds_after_change(&before, usd(7_000)),
            FundsSplit { from_funds: usd(6_000), invoiced: usd(1_000) }
        );
        assert_eq!(funds_after_change(&before, usd(6_000)), FundsSplit { from_funds: usd(6_000), invoiced: usd(0) });
        assert_eq!(funds_after_change(&before, usd(5_999)), FundsSplit { from_funds: usd(5_999), invoiced: usd(0) });
    }

    #[test]
    fn r_sup_7_a_change_lowers_pieces_or_removes_lines_and_keeps_one() {
        let lines = [(1, 10), (2, 4)];
        let c = |line_id, pieces| LineChange { line_id, pieces };
        assert!(check_change(&lines, &[c(1, 9)]).is_empty());
        assert!(check_change(&lines, &[c(1, 10)]).is_empty());
        assert!(check_change(&lines, &[c(2, 0)]).is_empty());
        assert_eq!(check_change(&lines, &[c(1, 11)])[0].code, "more");
        assert_eq!(check_change(&lines, &[c(3, 1)])[0].code, "unknown");
        assert_eq!(check_change(&lines, &[c(1, 0), c(2, 0)])[0].code, "empty");
        assert_eq!(check_change(&lines, &[])[0].code, "required");
    }

    #[test]
    fn r_sup_10_certificates_are_ready_once_the_line_is_cut() {
        assert!(!certificates_ready(Processing));
        assert!(!certificates_ready(Cancelled));
        for s in [Cut, Shipped, BackOrdered, Delivered] {
            assert!(certificates_ready(s), "{s:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn et(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        crate::eastern::to_utc(NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, s).unwrap())
    }
    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn line(form: Form, thick_mils: u32, length_mils: u32, pieces: u32) -> LineFacts {
        LineFacts { form, thickness: Mils(thick_mils), length: Mils(length_mils), pieces, special_order: false }
    }

    // R-SUP-12
    #[test]
    fn r_sup_12_a_proposed_date_not_answered_counts_as_accepted_at_its_deadline() {
        let deadline = et(2026, 12, 5, 10, 0, 0);
        assert_eq!(proposal_accepted(None, deadline, deadline - Duration::seconds(1)), None);
        assert_eq!(proposal_accepted(None, deadline, deadline), Some(true));
        assert_eq!(proposal_accepted(Some(false), deadline, deadline + Duration::days(1)), Some(false));
    }

    // R-SUP-5
    #[test]
    fn r_sup_5_extra_processing_at_its_edges() {
        assert_eq!(delays(&line(Form::Plate, 3000, 24000, 25)), []);
        assert_eq!(delays(&line(Form::Plate, 3010, 24000, 25)), [Delay::Thick], "3.01 in");
        assert_eq!(delays(&line(Form::Plate, 3000, 24010, 25)), [Delay::Long], "24.01 in");
        assert_eq!(delays(&line(Form::Bar, 1000, 48000, 1)), [], "only plate and sheet by length");
        assert_eq!(delays(&line(Form::Sheet, 125, 12000, 26)), [Delay::ManyPieces], "26 pieces");
        let mut special = line(Form::Rod, 500, 12000, 1);
        special.special_order = true;
        assert_eq!(delays(&special), [Delay::SpecialOrder]);
        assert_eq!(Mils::from_centi_mm(7620), Mils(3000), "76.2 mm is 3 in");
        assert_eq!(Mils::from_centi_mm(7646), Mils(3010), "76.46 mm is 3.01 in");
    }

    // R-SUP-5
    #[test]
    fn r_sup_5_the_noon_cutoff_weekends_and_dst() {
        // Wednesday 2 Dec 2026 (EST).
        assert_eq!(ship_date(et(2026, 12, 2, 11, 59, 59), &[]), day(2026, 12, 2));
        assert_eq!(ship_date(et(2026, 12, 2, 12, 0, 0), &[]), day(2026, 12, 3));
        // Friday after noon and Saturday ship Monday.
        assert_eq!(ship_date(et(2026, 12, 4, 12, 0, 0), &[]), day(2026, 12, 7));
        assert_eq!(ship_date(et(2026, 12, 5, 9, 0, 0), &[]), day(2026, 12, 7));
        // Extra processing: two business days after the day it would have shipped.
        assert_eq!(ship_date(et(2026, 12, 3, 11, 0, 0), &[Delay::Thick]), day(2026, 12, 7));
        assert_eq!(ship_date(et(2026, 12, 3, 11, 0, 0), &[Delay::SpecialOrder, Delay::Thick]), day(2026, 12, 17));
        // Across the DST changes the cutoff stays 12:00 in New York (16:00 UTC in summer, 17:00 in winter).
        assert_eq!(ship_date(Utc.with_ymd_and_hms(2026, 3, 9, 15, 59, 59).unwrap(), &[]), day(2026, 3, 9));
        assert_eq!(ship_date(Utc.with_ymd_and_hms(2026, 3, 9, 16, 0, 0).unwrap(), &[]), day(2026, 3, 10));
        assert_eq!(ship_date(Utc.with_ymd_and_hms(2026, 11, 2, 16, 59, 59).unwrap(), &[]), day(2026, 11, 2));
        assert_eq!(ship_date(Utc.with_ymd_and_hms(2026, 11, 2, 17, 0, 0).unwrap(), &[]), day(2026, 11, 3));
    }

    // R-SUP-6
    #[test]
    fn r_sup_6_freight_and_where_the_store_delivers() {
        let parcel = [ShipMethod::Ground, ShipMethod::Expedited, ShipMethod::Overnight];
        assert_eq!(ship_methods(CentiPounds(15_000), Mils::inches(108)), parcel);
        assert_eq!(ship_methods(CentiPounds(15_001), Mils::inches(10)), [ShipMethod::LtlFreight], "150.01 lb");
        assert_eq!(ship_methods(CentiPounds(1_000), Mils(108_001)), [ShipMethod::LtlFreight], "over 108 in");
        assert!(ship_to_refusal("OH", "1 Mill Road").is_none());
        assert!(ship_to_refusal("ak", "1 Front St").unwrap().contains("contiguous"));
        assert!(ship_to_refusal("HI", "1 Front St").is_some());
        assert!(ship_to_refusal("PR", "1 Front St").is_some());
        assert!(ship_to_refusal("TX", "P.O. Box 12").unwrap().contains("PO box"));
        assert!(ship_to_refusal("TX", "PO BOX 12").is_some());
        assert!(ship_to_refusal("TX", "12 Boxwood Lane").is_none());
    }

    // R-SUP-7
    #[test]
    fn r_sup_7_changes_within_the_hour_while_nothing_is_cut() {
        let at = et(2026, 12, 2, 10, 0, 0);
        assert_eq!(change_window(at, at + Duration::seconds(59 * 60 + 59), false, false), Ok(Duration::seconds(1)));
        assert_eq!(change_window(at, at + Duration::minutes(60), false, false), Err(ChangeRefusal::WindowOver));
        assert_eq!(change_window(at, at, true, false), Err(ChangeRefusal::Cut));
        assert_eq!(change_window(at, at, false, true), Err(ChangeRefusal::SpecialOrder));
    }

    // R-SUP-8
    #[test]
    fn r_sup_8_returns_within_14_days_with_the_restocking_fee() {
        assert!(rma_open(day(2026, 12, 1), day(2026, 12, 15)), "day 14");
        assert!(!rma_open(day(2026, 12, 1), day(2026, 12, 16)), "day 15");
        assert!(rma_open(day(2026, 12, 1), day(2026, 12, 1)));
        // $100.00 of goods: $30.00 fee, $12.50 return shipping: $57.50 back.
        assert_eq!(refund_estimate(Money::usd(10_000), Money::usd(1_250)), Money::usd(5_750));
        assert_eq!(refund_estimate(Money::usd(5), Money::usd(0)), Money::usd(3), "30% of 5 cents is 1.5: 2");
        assert_eq!(refund_estimate(Money::usd(1_000), Money::usd(2_000)), Money::usd(0));
    }

    // R-SUP-9
    #[test]
    fn r_sup_9_freight_damage_within_24_hours() {
        let at = et(2026, 12, 2, 9, 0, 0);
        assert!(freight_claim_in_time(at, at + Duration::hours(24)));
        assert!(!freight_claim_in_time(at, at + Duration::hours(24) + Duration::seconds(1)));
    }

    // R-SUP-1
    #[test]
    fn r_sup_1_job_funds_cover_what_they_can_the_rest_is_invoiced() {
        let exact = pay_from_funds(Money::usd(50_000), Money::usd(50_000));
        assert_eq!((exact.from_funds, exact.invoiced), (Money::usd(50_000), Money::usd(0)));
        let short = pay_from_funds(Money::usd(50_000), Money::usd(49_999));
        assert_eq!((short.from_funds, short.invoiced), (Money::usd(49_999), Money::usd(1)), "one cent short");
        let none = pay_from_funds(Money::usd(50_000), Money::usd(-10));
        assert_eq!(none.invoiced, Money::usd(50_000));
    }

    // R-SUP-2
    #[test]
    fn r_sup_2_po_invoices_due_in_30_days_then_1_5_percent_a_month() {
        let invoiced = day(2026, 12, 1);
        assert_eq!(po_due(invoiced), day(2026, 12, 31));
        assert_eq!(po_interest(Money::usd(100_000), invoiced, day(2026, 12, 31)), Money::usd(0));
        assert_eq!(po_interest(Money::usd(100_000), invoiced, day(2027, 1, 1)), Money::usd(1_500));
        assert_eq!(po_interest(Money::usd(100_000), invoiced, day(2027, 1, 30)), Money::usd(1_500));
        assert_eq!(po_interest(Money::usd(100_000), invoiced, day(2027, 1, 31)), Money::usd(3_000));
    }
}
