//! The operator's side of invoices (R-INV-5): approving them, then marking them paid.

use axum::Json;
use axum::extract::State;
use portal_core::api::{Invoice, InvoiceStatusChange, Problem};

use crate::auth::Operator;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::routes::problems::OperatorRefused;
use crate::{AppState, app};

/// The marketplace approves an invoice, then marks it paid (forward only; the same status again
/// changes nothing).
#[utoipa::path(post, path = "/operator/invoices/{id}/status", tag = "operator",
    params(("id" = i64, Path, description = "The invoice's id")),
    request_body = InvoiceStatusChange,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = Invoice),
        OperatorRefused,
        (status = 404, description = "No such invoice", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not approved yet, or past that status", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<InvoiceStatusChange>,
) -> ApiResult<Json<Invoice>> {
    Ok(Json(app::invoices::move_on(&state, id, change.status).await?))
}
