//! Handing an order back (R-ORD-7): the reason, as typed.

use crate::api::HandBackRequest;
use crate::order::detail::validate_hand_back;
use crate::problem::FieldError;

/// The hand-back dialog as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct HandBackDraft {
    pub reason: String,
}

impl HandBackDraft {
    /// The request as sent: the reason trimmed.
    pub fn to_request(&self) -> HandBackRequest {
        HandBackRequest { reason: self.reason.trim().to_owned() }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        validate_hand_back(&self.to_request())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::detail::HAND_BACK_REASON_MAX_CHARS;

    #[test]
    fn r_ord_7_a_hand_back_needs_a_reason_of_bounded_length() {
        assert_eq!(HandBackDraft { reason: "   ".into() }.errors()[0].code, "required");
        let long = HandBackDraft { reason: "x".repeat(HAND_BACK_REASON_MAX_CHARS + 1) };
        assert_eq!(long.errors()[0].code, "too_long");
        let ok = HandBackDraft { reason: "  Our 5-axis machine broke down.  ".into() };
        assert!(ok.errors().is_empty());
        assert_eq!(ok.to_request().reason, "Our 5-axis machine broke down.");
    }
}
