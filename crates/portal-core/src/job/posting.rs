//! The marketplace posting a job (`POST /api/v1/operator/jobs`): the operator's checks. Reads the
//! wire's `NewJob`, so it lives apart from `job`, which the wire imports.

use chrono::NaiveDate;

use crate::api::NewJob;
use crate::money::Money;
use crate::problem::FieldError;

/// The longest part name, in characters.
pub const PART_NAME_MAX_CHARS: usize = 120;
/// The longest job reference.
pub const REFERENCE_MAX_CHARS: usize = 32;
/// The longest general tolerance statement.
pub const TOLERANCE_MAX_CHARS: usize = 200;
/// The longest notes for the shop.
pub const NOTES_MAX_CHARS: usize = 2_000;

/// The operator's job checks; `today` is the UTC date now.
pub fn validate_new_job(job: &NewJob, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = job.part_name.trim();
    if name.is_empty() || name.chars().count() > PART_NAME_MAX_CHARS {
        errors.push(FieldError::new(
            "part_name",
            "length",
            format!("Give the part a name of 1 to {PART_NAME_MAX_CHARS} characters."),
        ));
    }
    if let Some(r) = &job.reference
        && (r.is_empty() || r.len() > REFERENCE_MAX_CHARS || !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        errors.push(FieldError::new(
            "reference",
            "invalid",
            format!("Use 1 to {REFERENCE_MAX_CHARS} letters, digits and dashes, like J-24010."),
        ));
    }
    let size = job.requirements.part_size;
    for (axis, v) in [("x_mm", size.x_mm), ("y_mm", size.y_mm), ("z_mm", size.z_mm)] {
        if v == 0 || v > crate::capability::ENVELOPE_MAX_MM {
            errors.push(FieldError::new(
                &format!("requirements.part_size.{axis}"),
                "out_of_range",
                format!("Enter the part size in millimetres, from 1 to {}.", crate::capability::ENVELOPE_MAX_MM),
            ));
        }
    }
    if job.quantity == 0 || job.quantity > 1_000_000 {
        errors.push(FieldError::new("quantity", "out_of_range", "Enter a quantity from 1 to 1,000,000."));
    }
    let max = Money::from_major(crate::offer::PRICE_MAX_MAJOR, job.price.currency);
    if job.price.amount_minor <= 0 || job.price.amount_minor > max.amount_minor {
        errors.push(FieldError::new(
            "price",
            "out_of_range",
            format!("Enter a price above zero and at most {}.", max.display()),
        ));
    }
    let ship_to = job.terms.ship_to.trim().chars().count();
    if ship_to == 0 || ship_to > crate::shipping::ADDRESS_MAX_CHARS {
        errors.push(FieldError::new(
            "terms.ship_to",
            "length",
            format!("Give the ship-to address in 1 to {} characters.", crate::shipping::ADDRESS_MAX_CHARS),
        ));
    }
    let tolerance = job.terms.tolerance.trim().chars().count();
    if tolerance == 0 || tolerance > TOLERANCE_MAX_CHARS {
        errors.push(FieldError::new(
            "terms.tolerance",
            "length",
            format!("Give the general tolerance in 1 to {TOLERANCE_MAX_CHARS} characters, e.g. ISO 2768-m."),
        ));
    }
    if job.terms.notes.trim().chars().count() > NOTES_MAX_CHARS {
        errors.push(FieldError::new(
            "terms.notes",
            "too_long",
            format!("Keep the notes to {NOTES_MAX_CHARS} characters."),
        ));
    }
    if job.ship_by <= today {
        errors.push(FieldError::new("ship_by", "not_future", "Choose a ship-by date after today."));
    }
    errors
}
