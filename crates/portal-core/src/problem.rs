//! The API's error shapes: an RFC 9457 problem and the per-field messages inside it. Every rule
//! that refuses a form field answers with a `FieldError`, so the rules import it from here and the
//! wire (`api`) re-exports it.

use serde::{Deserialize, Serialize};

/// An RFC 9457 problem: every error the API returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A message for one field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> FieldError {
        FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_serialises_type_field() {
        let p = Problem {
            kind: "about:blank".into(),
            title: "Not found".into(),
            status: 404,
            detail: "x".into(),
            errors: vec![],
        };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "about:blank");
        assert!(v.get("errors").is_none());
    }
}
