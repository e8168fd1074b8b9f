//! Logging in: the login form's checks, shared by the form and the server. Reads the wire's
//! `LoginRequest`, so it lives apart from `account`, which the wire imports.

use crate::api::LoginRequest;
use crate::problem::FieldError;

/// Login form checks, shared by the form and the server: the message names the field and the fix.
pub fn validate_login(req: &LoginRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let email = req.email.trim();
    if email.is_empty() {
        errors.push(FieldError::new("email", "required", "Enter the email address you log in with."));
    } else if !looks_like_email(email) {
        errors.push(FieldError::new("email", "invalid", "Enter an email address like name@company.com."));
    }
    if req.password.is_empty() {
        errors.push(FieldError::new("password", "required", "Enter your password."));
    }
    errors
}

fn looks_like_email(s: &str) -> bool {
    const MAX_EMAIL_LEN: usize = 254;
    let Some((local, domain)) = s.split_once('@') else { return false };
    s.len() <= MAX_EMAIL_LEN
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_errors_name_the_field() {
        let errors = validate_login(&LoginRequest { email: "".into(), password: "".into() });
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password"]);
        let bad = validate_login(&LoginRequest { email: "shop@".into(), password: "x".into() });
        assert_eq!(bad[0].code, "invalid");
        assert!(validate_login(&LoginRequest { email: "a@b.co".into(), password: "x".into() }).is_empty());
    }
}
