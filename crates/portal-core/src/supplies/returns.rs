//! Returns (R-SUP-8): which delivered lines may go back, for how much, and by when.

use chrono::{Duration, NaiveDate};

use super::rma_open;
use crate::api::ReturnLine;
use crate::problem::FieldError;

/// **Decision**: the return label the store sends costs this (ground, any weight of a parcel);
/// the terms say only "plus shipping".
pub const RETURN_SHIPPING_MINOR: i64 = 2_500;
/// R-SUP-8: returned goods must arrive back within this many days of delivery.
pub const RETURN_ARRIVAL_DAYS: i64 = 10;

/// A line of an order as a return reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnableLine {
    pub id: i64,
    pub name: String,
    pub special_order: bool,
    /// The day it was delivered (the marketplace's day), if it was.
    pub delivered_on: Option<NaiveDate>,
    pub delivered_pieces: u32,
    /// Pieces in earlier returns.
    pub returned_pieces: u32,
    pub piece_price_minor: i64,
}

/// R-SUP-8: the day returned goods must be back by.
pub fn return_by(delivered_on: NaiveDate) -> NaiveDate {
    delivered_on + Duration::days(RETURN_ARRIVAL_DAYS)
}

/// R-SUP-8: checks a return request line by line (`lines[i].pieces` names the i-th requested
/// line): delivered, not special order, within 14 days of receipt, no more pieces than were
/// delivered and not yet returned. Answers the goods' value.
pub fn check_return(lines: &[ReturnableLine], wanted: &[ReturnLine], today: NaiveDate) -> Result<i64, Vec<FieldError>> {
    let mut errors = Vec::new();
    if wanted.iter().all(|w| w.pieces == 0) {
        errors.push(FieldError::new("lines", "required", "Choose the lines and pieces to return."));
    }
    let mut goods = 0;
    for (i, w) in wanted.iter().enumerate().filter(|(_, w)| w.pieces > 0) {
        let field = format!("lines[{i}].pieces");
        let Some(line) = lines.iter().find(|l| l.id == w.line_id) else {
            errors.push(FieldError::new(&field, "unknown", "This line is not part of the order."));
            continue;
        };
        if line.special_order {
            errors.push(FieldError::new(
                &field,
                "special_order",
                format!("{} is special-order material, which cannot be returned.", line.name),
            ));
            continue;
        }
        let Some(delivered_on) = line.delivered_on else {
            errors.push(FieldError::new(&field, "not_delivered", format!("{} has not been delivered yet.", line.name)));
            continue;
        };
        if !rma_open(delivered_on, today) {
            errors.push(FieldError::new(
                &field,
                "too_late",
                format!(
                    "Returns are requested within 14 days of receipt; {} was delivered on {}.",
                    line.name,
                    crate::format::date(delivered_on)
                ),
            ));
            continue;
        }
        let left = line.delivered_pieces.saturating_sub(line.returned_pieces);
        if w.pieces > left {
            errors.push(FieldError::new(
                &field,
                "range",
                format!("At most {left} piece{} of {} can be returned.", if left == 1 { "" } else { "s" }, line.name),
            ));
            continue;
        }
        goods += line.piece_price_minor * i64::from(w.pieces);
    }
    if errors.is_empty() { Ok(goods) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn line(special: bool) -> ReturnableLine {
        ReturnableLine {
            id: 7,
            name: "Sheet".into(),
            special_order: special,
            delivered_on: Some(day(1)),
            delivered_pieces: 4,
            returned_pieces: 1,
            piece_price_minor: 1_000,
        }
    }

    // R-SUP-8
    #[test]
    fn r_sup_8_a_return_within_14_days_of_delivered_pieces_never_special_order() {
        let want = |pieces| [ReturnLine { line_id: 7, pieces }];
        assert_eq!(check_return(&[line(false)], &want(3), day(15)), Ok(3_000), "day 14");
        let late = check_return(&[line(false)], &want(1), day(16)).unwrap_err();
        assert_eq!(late[0].code, "too_late", "day 15");
        assert_eq!(
            check_return(&[line(false)], &want(4), day(2)).unwrap_err()[0].code,
            "range",
            "one returned already"
        );
        assert_eq!(check_return(&[line(true)], &want(1), day(2)).unwrap_err()[0].code, "special_order");
        let mut undelivered = line(false);
        undelivered.delivered_on = None;
        assert_eq!(check_return(&[undelivered], &want(1), day(2)).unwrap_err()[0].code, "not_delivered");
        assert_eq!(check_return(&[line(false)], &want(0), day(2)).unwrap_err()[0].field, "lines");
        assert_eq!(return_by(day(1)), day(11));
    }
}
