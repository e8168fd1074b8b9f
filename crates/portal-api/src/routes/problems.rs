//! The problem responses many operations share, for their `#[utoipa::path(responses(...))]`: one
//! type per answer, so the document says the same thing the same way everywhere. Answers only one
//! operation gives keep their own words beside it.

use portal_core::api::Problem;
use utoipa::IntoResponses;

/// 401 for a partner route without a session.
#[derive(IntoResponses)]
#[response(status = 401, description = "Not logged in", content_type = "application/problem+json")]
pub struct NotLoggedIn(pub Problem);

/// 401 and 403 for an operator route without the right bearer token.
#[derive(IntoResponses)]
pub enum OperatorRefused {
    #[response(status = 401, description = "No bearer token", content_type = "application/problem+json")]
    NoToken(Problem),
    #[response(status = 403, description = "Wrong token", content_type = "application/problem+json")]
    WrongToken(Problem),
}

/// 404 for another partner's order (or none).
#[derive(IntoResponses)]
#[response(status = 404, description = "Not your order", content_type = "application/problem+json")]
pub struct NotYourOrder(pub Problem);

/// 404 for a job not on the caller's board.
#[derive(IntoResponses)]
#[response(status = 404, description = "Not on your board", content_type = "application/problem+json")]
pub struct NotOnYourBoard(pub Problem);

/// 404 for the operator: no job with that id.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such job", content_type = "application/problem+json")]
pub struct NoSuchJob(pub Problem);

/// 404 for the operator: no shipment with that id.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such shipment", content_type = "application/problem+json")]
pub struct NoSuchShipment(pub Problem);

/// 409 for an update of a closed or handed-back order.
#[derive(IntoResponses)]
#[response(status = 409, description = "The order is closed", content_type = "application/problem+json")]
pub struct OrderClosed(pub Problem);

/// 412 for an update sent with a stale `If-Match`.
#[derive(IntoResponses)]
#[response(status = 412, description = "Changed since it was read", content_type = "application/problem+json")]
pub struct ChangedSinceRead(pub Problem);

/// 422 for a body with a field that is not valid.
#[derive(IntoResponses)]
#[response(status = 422, description = "A field is not valid", content_type = "application/problem+json")]
pub struct FieldInvalid(pub Problem);

/// 428 for a creating request without an `Idempotency-Key`.
#[derive(IntoResponses)]
#[response(status = 428, description = "No Idempotency-Key", content_type = "application/problem+json")]
pub struct NoIdempotencyKey(pub Problem);

/// 428 for an update without `If-Match`.
#[derive(IntoResponses)]
#[response(status = 428, description = "No If-Match", content_type = "application/problem+json")]
pub struct NoIfMatch(pub Problem);
