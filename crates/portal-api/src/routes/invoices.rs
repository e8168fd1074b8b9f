//! Invoices and payouts (R-INV-1..5): the wizard's start, bank details, submitting an invoice,
//! the payouts page (the operator's approving and paying is in `operator/invoices.rs`).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portal_core::api::{
    BankDetails, BankDetailsInput, BankDetailsList, Invoice, InvoiceStart, NewInvoice, Payouts, Problem,
};

use super::idempotency_key;
use crate::auth::CurrentPartner;
use crate::error::{ApiJson, ApiPath, ApiResult};
use crate::routes::problems::{NoIdempotencyKey, NotLoggedIn, NotYourOrder};
use crate::{AppState, app};

/// R-INV-1, R-INV-2, R-INV-5: what the invoice wizard starts from: the shipped positions not yet
/// invoiced, the company, the saved bank details (masked), today and the payment date.
#[utoipa::path(get, path = "/orders/{id}/invoice", tag = "invoices",
    params(("id" = i64, Path, description = "The order's id")),
    responses(
        (status = 200, body = InvoiceStart),
        NotLoggedIn,
        NotYourOrder,
    ))]
pub async fn start(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<InvoiceStart>> {
    Ok(Json(app::invoices::start(&state, partner.id, id).await?))
}

/// R-INV-2: the saved bank details, masked.
#[utoipa::path(get, path = "/bank-details", tag = "invoices",
    responses(
        (status = 200, body = BankDetailsList),
        NotLoggedIn,
    ))]
pub async fn banks(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<BankDetailsList>> {
    Ok(Json(app::invoices::banks(&state, partner.id).await?))
}

/// R-INV-2: saves bank details for a currency, checked by their check digits. The first bank
/// details need no password; once any are saved, new or replaced ones need the login password
/// again (wrong passwords are throttled like logins).
#[utoipa::path(put, path = "/bank-details", tag = "invoices",
    request_body = BankDetailsInput,
    responses(
        (status = 200, body = BankDetails),
        NotLoggedIn,
        (status = 422, description = "A field is not valid, or the password is missing or wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_bank(
    State(state): State<AppState>,
    partner: CurrentPartner,
    address: crate::auth::ClientAddress,
    ApiJson(input): ApiJson<BankDetailsInput>,
) -> ApiResult<Json<BankDetails>> {
    Ok(Json(app::invoices::save_bank(&state, partner.id, &input, &address).await?))
}

/// R-INV-1..5: submits an invoice for exactly the positions step 1 showed (409 when they changed),
/// with a unique number, a date not in the future, the saved bank details and the signed PDF
/// uploaded to the order (purpose `invoice`). `Idempotency-Key`: submitting twice makes one invoice.
#[utoipa::path(post, path = "/orders/{id}/invoices", tag = "invoices",
    params(
        ("id" = i64, Path, description = "The order's id"),
        ("Idempotency-Key" = String, Header, description = "One per submission; a retry sends the same one"),
    ),
    request_body = NewInvoice,
    responses(
        (status = 201, body = Invoice),
        NotYourOrder,
        (status = 409, description = "Closed, nothing to invoice, or the positions changed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, the number was used, no bank details", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
    ))]
pub async fn submit(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewInvoice>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    Ok(app::invoices::submit(&state, partner.id, id, &key, &new).await?.into_response())
}

/// R-INV-5: the partner's invoices with their payment dates and status, the totals per payment
/// date and the next payment days.
#[utoipa::path(get, path = "/payouts", tag = "invoices",
    responses(
        (status = 200, body = Payouts),
        NotLoggedIn,
    ))]
pub async fn payouts(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Payouts>> {
    Ok(Json(app::invoices::payouts(&state, partner.id).await?))
}
