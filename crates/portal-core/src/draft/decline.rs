//! The decline dialog's draft (R-JOB-4): a reason and optional feedback, as chosen and typed.

use serde::{Deserialize, Serialize};

use crate::offer::{DeclineReason, DeclineRequest, validate_decline};
use crate::problem::FieldError;

/// What the partner chose and typed in the decline dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclineDraft {
    /// `None` until a reason is chosen.
    pub reason: Option<DeclineReason>,
    pub feedback: String,
}

impl DeclineDraft {
    /// R-JOB-4: the rulebook's check of the feedback as typed, after "choose a reason" when none
    /// is chosen (the request cannot even be written without one).
    pub fn errors(&self) -> Vec<FieldError> {
        let typed =
            DeclineRequest { reason: self.reason.unwrap_or(DeclineReason::Other), feedback: self.feedback.clone() };
        let mut errors = validate_decline(&typed);
        if self.reason.is_none() {
            errors.insert(0, FieldError::new("reason", "required", "Choose why you decline this job."));
        }
        errors
    }

    /// The request to send, with the feedback trimmed; `None` until a reason is chosen.
    pub fn to_request(&self) -> Option<DeclineRequest> {
        self.reason.map(|reason| DeclineRequest { reason, feedback: self.feedback.trim().to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_job_4_a_reason_and_trimmed_feedback() {
        let draft =
            DeclineDraft { reason: Some(DeclineReason::NoCapacity), feedback: "  Full until March. ".to_owned() };
        assert!(draft.errors().is_empty());
        assert_eq!(
            draft.to_request(),
            Some(DeclineRequest { reason: DeclineReason::NoCapacity, feedback: "Full until March.".to_owned() })
        );
    }

    #[test]
    fn r_job_4_a_reason_must_be_chosen() {
        let draft = DeclineDraft { reason: None, feedback: String::new() };
        let errors = draft.errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str(), errors[0].message.as_str()),
            ("reason", "required", "Choose why you decline this job.")
        );
        assert_eq!(draft.to_request(), None);
    }

    #[test]
    fn r_job_4_feedback_too_long_comes_after_the_missing_reason() {
        let draft = DeclineDraft { reason: None, feedback: "x".repeat(1_002) };
        let errors = draft.errors();
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, [("reason", "required"), ("feedback", "too_long")]);
        assert_eq!(errors[1].message, "Keep this to 1000 characters; it has 1002. Shorten it by 2.");
    }
}
