//! The login form (R-ACC-1). The password is never kept anywhere but in memory.

use crate::account::login::validate_login;
use crate::api::LoginRequest;
use crate::problem::FieldError;

/// The login form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct LoginDraft {
    pub email: String,
    pub password: String,
}

impl LoginDraft {
    /// The request as sent: the email as typed (the server trims it too), the password exactly.
    pub fn to_request(&self) -> LoginRequest {
        LoginRequest { email: self.email.clone(), password: self.password.clone() }
    }

    /// What must be fixed before the form is sent.
    pub fn errors(&self) -> Vec<FieldError> {
        validate_login(&self.to_request())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_acc_1_login_draft_names_each_missing_field() {
        let errors = LoginDraft::default().errors();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password"]);
        assert_eq!(errors[0].message, "Enter the email address you log in with.");
    }

    #[test]
    fn r_acc_1_login_draft_checks_the_email_shape_and_keeps_the_password_exact() {
        let d = LoginDraft { email: "shop@".into(), password: " secret ".into() };
        assert_eq!(d.errors()[0].message, "Enter an email address like name@company.com.");
        let ok = LoginDraft { email: " shop@example.com ".into(), password: " secret ".into() };
        assert!(ok.errors().is_empty());
        assert_eq!(ok.to_request().password, " secret ");
    }
}
