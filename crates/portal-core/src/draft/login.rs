//! The login form's draft: the email and password as typed.

use crate::account::login::validate_login;
use crate::api::LoginRequest;
use crate::problem::FieldError;

/// What the partner typed on the login page. Not serde: a password is never stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginDraft {
    pub email: String,
    pub password: String,
}

impl LoginDraft {
    /// The request as typed (the server trims the email; the password is taken as it is).
    pub fn to_request(&self) -> LoginRequest {
        LoginRequest { email: self.email.clone(), password: self.password.clone() }
    }

    /// The login form's checks, named by field (`email`, `password`).
    pub fn errors(&self) -> Vec<FieldError> {
        validate_login(&self.to_request())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(email: &str, password: &str) -> LoginDraft {
        LoginDraft { email: email.to_owned(), password: password.to_owned() }
    }

    fn messages(errors: &[FieldError]) -> Vec<(&str, &str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str(), e.message.as_str())).collect()
    }

    #[test]
    fn login_a_typed_email_and_password_are_the_request() {
        let d = draft("  shop@acme.example ", " pass word ");
        assert!(d.errors().is_empty(), "the email is checked trimmed");
        let req = d.to_request();
        assert_eq!((req.email.as_str(), req.password.as_str()), ("  shop@acme.example ", " pass word "));
    }

    #[test]
    fn login_each_missing_or_wrong_field_is_named() {
        assert_eq!(
            messages(&draft("   ", "").errors()),
            [
                ("email", "required", "Enter the email address you log in with."),
                ("password", "required", "Enter your password."),
            ]
        );
        for bad in ["shop", "shop@", "@acme.example", "shop@acme", "shop@.example", "shop@acme.", "sh op@acme.example"]
        {
            assert_eq!(
                messages(&draft(bad, "x").errors()),
                [("email", "invalid", "Enter an email address like name@company.com.")],
                "{bad}"
            );
        }
    }
}
