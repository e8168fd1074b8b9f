//! One error type for every route, answered as `application/problem+json` (RFC 9457).
//! Partners get messages they can act on; internal details are logged, never sent.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{FieldError, Problem};
use portal_core::upload::Refusal;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request itself is malformed.
    #[error("{0}")]
    Malformed(String),
    /// 401
    #[error("not logged in")]
    Unauthenticated,
    /// 401 with a message (wrong credentials).
    #[error("{0}")]
    BadCredentials(&'static str),
    /// 403
    #[error("{0}")]
    Forbidden(&'static str),
    /// 404: does not exist, or is not the caller's.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 405
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 413
    #[error("request too large")]
    TooLarge,
    /// 415
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 409: the record is in a state that does not allow this.
    #[error("{0}")]
    Conflict(String),
    /// 422 with per-field messages.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// 422: a business rule says no; `code` is the problem type, e.g. `/problems/acceptance-limit`.
    #[error("{detail}")]
    Rule { code: &'static str, detail: String },
    /// 412: the record changed since the client read it (stale If-Match).
    #[error("stale")]
    Stale,
    /// 428: a required header is missing.
    #[error("{}", .0.message)]
    HeaderRequired(FieldError),
    /// 413, 415, 422 or 429: an upload refused for its size, its content, the partner's quota or
    /// rate (R-ORD-5, issue 16).
    #[error("{}", .0.message())]
    FileRefused(portal_core::upload::Refusal),
    /// 429
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// 503: too much heavy work at once (uploads); try again after `retry_after_secs`.
    #[error("{detail}")]
    Busy { detail: &'static str, retry_after_secs: u64 },
    /// 500: logged with context, answered without it.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(context: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(context.to_string())
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated | ApiError::BadCredentials(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(_) | ApiError::Rule { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::HeaderRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Stale => StatusCode::PRECONDITION_FAILED,
            ApiError::FileRefused(r) => match r {
                Refusal::TooLarge | Refusal::TooManyPixels { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                Refusal::WrongKind { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Refusal::TooOften { .. } => StatusCode::TOO_MANY_REQUESTS,
                Refusal::Empty
                | Refusal::Damaged { .. }
                | Refusal::TrailingData { .. }
                | Refusal::Markup { .. }
                | Refusal::NoPages
                | Refusal::Encrypted
                | Refusal::Active(_)
                | Refusal::DayQuota { .. }
                | Refusal::TotalQuota { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            },
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (kind, title, detail, errors) = match self {
            ApiError::Malformed(d) => ("about:blank", "Malformed request", d.clone(), vec![]),
            ApiError::Unauthenticated => ("about:blank", "Not logged in", "Log in to continue.".to_owned(), vec![]),
            ApiError::BadCredentials(d) => ("about:blank", "Login failed", (*d).to_owned(), vec![]),
            ApiError::Forbidden(d) => ("about:blank", "Refused", (*d).to_owned(), vec![]),
            ApiError::NotFound("API route") => {
                ("about:blank", "Not found", "There is no such API route.".to_owned(), vec![])
            }
            ApiError::NotFound(what) => {
                ("about:blank", "Not found", format!("No {what} with that id is yours to see."), vec![])
            }
            ApiError::MethodNotAllowed => (
                "about:blank",
                "Method not allowed",
                "This API route does not take this HTTP method; see /api/v1/openapi.json.".to_owned(),
                vec![],
            ),
            ApiError::TooLarge => (
                "about:blank",
                "Request too large",
                "The request body is larger than this route takes.".to_owned(),
                vec![],
            ),
            ApiError::UnsupportedMediaType(d) => ("about:blank", "Unsupported media type", d.clone(), vec![]),
            ApiError::Conflict(d) => ("/problems/conflict", "Conflict", d.clone(), vec![]),
            ApiError::Invalid(errors) => (
                "/problems/validation",
                "Some fields need fixing",
                errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "),
                errors.clone(),
            ),
            ApiError::Rule { code, detail } => (*code, "A rule does not allow this", detail.clone(), vec![]),
            ApiError::Stale => (
                "/problems/stale",
                "Changed since you loaded it",
                "This was changed elsewhere (another tab or device) since you loaded it. Reload to see the \
                 current version, then make your change again."
                    .to_owned(),
                vec![],
            ),
            ApiError::FileRefused(r) => (
                "/problems/file-refused",
                "This file cannot be uploaded",
                r.message(),
                vec![FieldError::new("file", r.code(), r.message())],
            ),
            ApiError::HeaderRequired(e) => {
                ("/problems/header-required", "A header is missing", e.message.clone(), vec![e.clone()])
            }
            ApiError::TooManyAttempts { retry_after_secs } => (
                "/problems/too-many-attempts",
                "Too many attempts",
                match retry_after_secs {
                    0..=1 => "Too many wrong passwords from here. Try again in a second.".to_owned(),
                    2..=59 => format!("Too many wrong passwords from here. Try again in {retry_after_secs} seconds."),
                    _ => format!(
                        "Too many wrong passwords from here. Try again in {} minutes.",
                        retry_after_secs.div_ceil(60)
                    ),
                },
                vec![],
            ),
            ApiError::Busy { detail, .. } => ("/problems/busy", "Busy", (*detail).to_owned(), vec![]),
            ApiError::Internal(_) => (
                "about:blank",
                "Something went wrong on our side",
                "The server could not finish this request. Nothing was changed; try again.".to_owned(),
                vec![],
            ),
        };
        Problem { kind: kind.to_owned(), title: title.to_owned(), status: status.as_u16(), detail, errors }
    }
}

/// Answers with a problem body; used for errors that arise outside a handler too.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(context) = &self {
            tracing::error!(%context, "request failed");
        }
        let mut res = problem_response(&self.problem());
        if let ApiError::TooManyAttempts { retry_after_secs }
        | ApiError::Busy { retry_after_secs, .. }
        | ApiError::FileRefused(Refusal::TooOften { retry_after_secs }) = self
        {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        res
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        if let sqlx::Error::Decode(source) = &e
            && let Some(corrupt) = source.downcast_ref::<crate::db::Corrupt>()
        {
            return ApiError::from(corrupt.clone());
        }
        ApiError::internal(format!("database: {e}"))
    }
}

/// A row that cannot be read: 500, logged with its table, id and value.
impl From<crate::db::Corrupt> for ApiError {
    fn from(c: crate::db::Corrupt) -> ApiError {
        ApiError::internal(format!("corrupt row: {c}"))
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> ApiError {
        ApiError::Malformed(format!("The address has a part that is not valid: {}", r.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        ApiError::Malformed(format!("The query string is not valid: {}", r.body_text()))
    }
}

/// A JSON body whose errors are problems: malformed JSON is 400; a value of the wrong type or
/// outside a closed list (an unknown process name, a price that is not a number) is 422 naming
/// the field by its path, e.g. `price.amount_minor`.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| {
                let m = m.trim();
                m.eq_ignore_ascii_case("application/json") || m.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "Send the body as JSON with Content-Type: application/json.".to_owned(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::Malformed("The request body could not be read.".to_owned())
            }
        })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(de) {
            Ok(value) => Ok(ApiJson(value)),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    return Err(ApiError::Malformed(format!("The request body is not valid JSON: {inner}")));
                }
                // serde's words, without the position in the body.
                let text = inner.to_string();
                let text = text.split(" at line ").next().unwrap_or(&text).to_owned();
                let field = if path == "." { "body".to_owned() } else { path };
                Err(ApiError::Invalid(vec![FieldError::new(&field, "invalid", format!("{field}: {text}."))]))
            }
        }
    }
}

/// `axum::extract::Path` whose rejection is a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `axum::extract::Query` whose rejection is a problem (400, naming the parameter), not text.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

pub type ApiResult<T> = Result<T, ApiError>;
