//! Declining a job (R-JOB-4): a reason chosen from the list, optional feedback.

use crate::offer::{DeclineReason, DeclineRequest, validate_decline};
use crate::problem::FieldError;

/// The decline dialog as filled in.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct DeclineDraft {
    pub reason: Option<DeclineReason>,
    pub feedback: String,
}

impl DeclineDraft {
    /// The rulebook's checks, plus: a reason must be chosen (the request cannot be written
    /// without one).
    pub fn errors(&self) -> Vec<FieldError> {
        let typed =
            DeclineRequest { reason: self.reason.unwrap_or(DeclineReason::Other), feedback: self.feedback.clone() };
        let mut errors = validate_decline(&typed);
        if self.reason.is_none() {
            errors.insert(0, FieldError::new("reason", "required", "Choose why you decline this job."));
        }
        errors
    }

    /// The request, once a reason is chosen; the feedback trimmed.
    pub fn to_request(&self) -> Option<DeclineRequest> {
        self.reason.map(|reason| DeclineRequest { reason, feedback: self.feedback.trim().to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offer::FEEDBACK_MAX_CHARS;

    #[test]
    fn r_job_4_a_decline_needs_a_reason() {
        let d = DeclineDraft::default();
        assert_eq!(d.errors()[0].field, "reason");
        assert_eq!(d.errors()[0].message, "Choose why you decline this job.");
        assert_eq!(d.to_request(), None);
    }

    #[test]
    fn r_job_4_decline_feedback_is_trimmed_and_limited() {
        let d = DeclineDraft { reason: Some(DeclineReason::LeadTimeTooShort), feedback: "  three weeks  ".into() };
        assert!(d.errors().is_empty());
        assert_eq!(d.to_request().map(|r| r.feedback), Some("three weeks".to_owned()));
        let long = DeclineDraft { reason: Some(DeclineReason::Other), feedback: "x".repeat(FEEDBACK_MAX_CHARS + 1) };
        assert_eq!(long.errors().len(), 1);
        assert_eq!(long.errors()[0].field, "feedback");
    }
}
