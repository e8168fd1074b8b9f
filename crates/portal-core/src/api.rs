//! The JSON contract of `/api/v1`: the server and the SPA compile against these types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::account::AccountState;
use crate::capability::{Capabilities, Certification, Dimensions, Finish, Material, Process};
use crate::money::Money;
use crate::probation::{AcceptBlock, Standing};

/// `POST /api/v1/session`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `GET /api/v1/me`: the logged-in partner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub partner_id: i64,
    pub company: String,
    pub email: String,
    pub capabilities: Capabilities,
    pub standing: Standing,
    pub on_probation: bool,
    /// The limits of R-JOB-5 while on probation.
    pub probation: Option<ProbationLimits>,
    pub account_state: AccountState,
    pub activated_at: DateTime<Utc>,
    /// R-ACC-3: set while a new partner has not accepted its first job yet.
    pub first_job_deadline: Option<DateTime<Utc>>,
    pub frozen: Option<FrozenNotice>,
}

/// R-JOB-5 as it applies to this partner now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProbationLimits {
    pub max_job_value: Money,
    pub max_active_jobs: u32,
    pub completed_jobs_to_go: u32,
}

/// R-ACC-3: why the board is empty, and whom to contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrozenNotice {
    pub reason: String,
    pub contact_email: String,
}

/// One job as it appears on a partner's board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardJob {
    pub id: i64,
    pub reference: String,
    pub part_name: String,
    pub process: Process,
    pub material: Material,
    pub finish: Finish,
    pub certifications: Vec<Certification>,
    pub part_size: Dimensions,
    pub quantity: u32,
    pub price: Money,
    /// The date the order must ship by, if accepted.
    pub ship_by: NaiveDate,
    pub posted_at: DateTime<Utc>,
    /// R-JOB-2: when the job leaves the board.
    pub closes_at: DateTime<Utc>,
    pub seconds_left: i64,
    /// R-JOB-1: the partner's capabilities that this job matched.
    pub matched: Vec<String>,
    pub can_accept: bool,
    /// R-JOB-5: why the job cannot be accepted, when it cannot.
    pub blocked: Option<BlockedReason>,
}

/// Why a job on the board cannot be accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockedReason {
    pub code: AcceptBlock,
    pub message: String,
}

/// `GET /api/v1/jobs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub jobs: Vec<BoardJob>,
    /// Jobs matching the filter, before paging.
    pub total: u32,
    /// R-ACC-3: set when the account is frozen; `jobs` is then empty.
    pub frozen: Option<FrozenNotice>,
    /// The server's clock, so countdowns do not depend on the device's clock.
    pub server_time: DateTime<Utc>,
}

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    InProduction,
    Shipped,
    Completed,
}

impl OrderStatus {
    pub fn slug(self) -> &'static str {
        match self {
            OrderStatus::InProduction => "in_production",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::InProduction => "In production",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Completed => "Completed",
        }
    }

    pub fn parse(slug: &str) -> Option<OrderStatus> {
        [OrderStatus::InProduction, OrderStatus::Shipped, OrderStatus::Completed].into_iter().find(|s| s.slug() == slug)
    }

    /// Whether the order still occupies the partner (R-JOB-5 counts these).
    pub fn is_active(self) -> bool {
        self != OrderStatus::Completed
    }
}

/// An accepted job (R-ORD-1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: i64,
    pub number: String,
    pub job_id: i64,
    pub part_name: String,
    pub process: Process,
    pub material: Material,
    pub quantity: u32,
    pub price: Money,
    /// R-ORD-1: the date by which the order must ship.
    pub lead_time: NaiveDate,
    pub status: OrderStatus,
    pub accepted_at: DateTime<Utc>,
}

/// `GET /api/v1/orders`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderList {
    pub orders: Vec<Order>,
}

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
