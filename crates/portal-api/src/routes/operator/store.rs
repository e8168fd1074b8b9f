//! The operator's side of the supplies store (issue 19): what happened to an order's lines, and
//! partners' credit terms.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{CreditTerms, NewProposal, Problem, ReturnStatusChange, StoreLineEvent, StoreOrder};

use crate::auth::Operator;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::routes::problems::OperatorRefused;
use crate::{AppState, app};

/// A line was cut, shipped (fewer pieces than ordered leaves the rest back-ordered, R-SUP-12),
/// back-ordered or delivered.
#[utoipa::path(post, path = "/operator/store/orders/{id}/lines/{line}/status", tag = "operator",
    params(
        ("id" = i64, Path, description = "The store order's id"),
        ("line" = i64, Path, description = "The line's id"),
    ),
    request_body = StoreLineEvent,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = StoreOrder),
        OperatorRefused,
        (status = 404, description = "No such order or line", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order was cancelled", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn line_status(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath((id, line)): ApiPath<(i64, i64)>,
    ApiJson(event): ApiJson<StoreLineEvent>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::line_event(&state, id, line, &event).await?))
}

/// R-SUP-2: grants or withdraws a partner's credit terms (purchase orders).
#[utoipa::path(put, path = "/operator/partners/{id}/credit-terms", tag = "operator",
    params(("id" = i64, Path, description = "The partner's id")),
    request_body = CreditTerms,
    security(("operator_token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        OperatorRefused,
        (status = 404, description = "No such partner", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn credit_terms(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(terms): ApiJson<CreditTerms>,
) -> ApiResult<StatusCode> {
    app::store::set_credit_terms(&state, id, terms.approved).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// R-SUP-8: approves a return, then records its refund (the estimate unless given).
#[utoipa::path(post, path = "/operator/store/returns/{id}/status", tag = "operator",
    params(("id" = i64, Path, description = "The return's id")),
    request_body = ReturnStatusChange,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = StoreOrder),
        OperatorRefused,
        (status = 404, description = "No such return", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Past that status", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A card order: the card provider did not answer, so no refund was recorded (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn return_status(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ReturnStatusChange>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::return_status(&state, id, &change).await?))
}

/// R-SUP-12: proposes a new ship date for an order; the partner has 48 hours to answer.
#[utoipa::path(post, path = "/operator/store/orders/{id}/proposal", tag = "operator",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = NewProposal,
    security(("operator_token" = [])),
    responses(
        (status = 200, body = StoreOrder),
        OperatorRefused,
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Cancelled or shipped", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date not after today", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn propose(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewProposal>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::propose(&state, id, &new).await?))
}

/// A store invoice was paid.
#[utoipa::path(post, path = "/operator/store/invoices/{id}/paid", tag = "operator",
    params(("id" = i64, Path, description = "The store invoice's id")),
    security(("operator_token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        OperatorRefused,
        (status = 404, description = "No such invoice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn invoice_paid(
    State(state): State<AppState>,
    _op: Operator,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    app::store::invoice_paid(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
