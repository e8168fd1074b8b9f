//! Claims for damaged or wrong goods (R-SUP-9): what a claim must say, and when freight damage
//! is too late.

use chrono::{DateTime, Duration, Utc};

use super::freight_claim_in_time;
use crate::api::NewClaim;
use crate::problem::FieldError;

/// The shortest description that says what is wrong.
pub const MIN_DESCRIPTION: usize = 10;

/// R-SUP-9: checks a claim field by field: the delivery's date and time (not before the order,
/// not in the future), the driver or truck number, a description, the lines, at least one photo,
/// and freight damage within 24 hours of delivery.
pub fn check_claim(claim: &NewClaim, placed_at: DateTime<Utc>, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    // Times are typed to the minute: the minute of placing and the current minute are fine.
    let minute = Duration::minutes(1);
    if claim.delivered_at >= now + minute {
        errors.push(FieldError::new("delivered_at", "future", "The delivery's date and time cannot be in the future."));
    } else if claim.delivered_at + minute <= placed_at {
        errors.push(FieldError::new(
            "delivered_at",
            "before_order",
            "The delivery cannot be before the order was placed.",
        ));
    } else if claim.freight && !freight_claim_in_time(claim.delivered_at, now) {
        errors.push(FieldError::new(
            "delivered_at",
            "too_late",
            "Freight damage is claimed within 24 hours of delivery; that time is over. Contact the store about it.",
        ));
    }
    if claim.carrier_ref.trim().is_empty() {
        errors.push(FieldError::new(
            "carrier_ref",
            "required",
            "Give the driver's name or number, or the truck's number.",
        ));
    }
    if claim.description.trim().chars().count() < MIN_DESCRIPTION {
        errors.push(FieldError::new(
            "description",
            "required",
            "Say what is damaged or wrong (at least 10 characters).",
        ));
    }
    if claim.lines.iter().all(|l| l.pieces == 0) {
        errors.push(FieldError::new("lines", "required", "Choose the lines and pieces the claim is about."));
    }
    if claim.photo_ids.is_empty() {
        errors.push(FieldError::new("photos", "required", "Add at least one photo of the goods."));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ClaimKind, ReturnLine};
    use chrono::TimeZone;

    // R-SUP-9
    #[test]
    fn r_sup_9_a_claim_names_what_is_missing_and_freight_damage_within_24_hours() {
        let delivered = Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).unwrap();
        let claim = NewClaim {
            kind: ClaimKind::Damaged,
            delivered_at: delivered,
            carrier_ref: "Truck 4411".into(),
            description: "Corner of the plate bent".into(),
            freight: true,
            lines: vec![ReturnLine { line_id: 1, pieces: 1 }],
            photo_ids: vec![9],
        };
        let placed = delivered - Duration::days(3);
        assert_eq!(check_claim(&claim, placed, delivered + Duration::hours(24)), []);
        let late = check_claim(&claim, placed, delivered + Duration::hours(24) + Duration::seconds(1));
        assert_eq!(late[0].code, "too_late");
        let wrong = NewClaim { freight: false, ..claim.clone() };
        assert_eq!(
            check_claim(&wrong, placed, delivered + Duration::days(20)),
            [],
            "only freight damage has the limit"
        );
        let empty =
            NewClaim { carrier_ref: " ".into(), description: "bent".into(), photo_ids: vec![], lines: vec![], ..claim };
        let fields: Vec<String> = check_claim(&empty, placed, delivered).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["carrier_ref", "description", "lines", "photos"]);
    }
}
