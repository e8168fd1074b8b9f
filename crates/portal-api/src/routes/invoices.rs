//! Invoices and payouts (R-INV-1..5): the wizard's start, bank details, submitting an invoice,
//! the payouts page (the operator's approving and paying is in `operator/invoices.rs`).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use portal_core::api::{
    BankDetails, BankDetailsInput, BankDetailsList, FieldError, Invoice, InvoiceStart, NewInvoice, Payouts, Problem,
};
use portal_core::invoice::check_bank_details;
use portal_core::invoice::positions_total;
use portal_core::invoice::validate_new_invoice;
use portal_core::invoice::{check_invoice_date, payment_date};
use portal_core::invoice::{invoiceable, nothing_to_invoice, positions_changed};
use portal_core::market_clock;
use portal_core::upload::Purpose;

use super::{created, idempotency_key, replay};
use crate::auth::{self, CurrentPartner};
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
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
    let mut conn = state.db.read.acquire().await?;
    let detail = app::orders::detail_of(&mut conn, partner.id, id).await?;
    let currency = detail.order.price.currency;
    let positions = invoiceable(&detail.lines);
    // R-INV-5: the day of submission on the marketplace's clock.
    let today = market_clock::day(currency, state.clock.now());
    Ok(Json(InvoiceStart {
        order_id: id,
        order_number: detail.order.number.clone(),
        currency,
        company: detail.ship_from.clone(),
        total: positions_total(&positions, currency),
        positions,
        bank: db::invoices::bank(&mut *conn, partner.id, currency).await?,
        password_needed: !db::invoices::banks(&mut *conn, partner.id).await?.is_empty(),
        today,
        payment_date: payment_date(today),
        invoices: db::invoices::list(&mut conn, partner.id, Some(id)).await?,
    }))
}

/// R-INV-2: the saved bank details, masked.
#[utoipa::path(get, path = "/bank-details", tag = "invoices",
    responses(
        (status = 200, body = BankDetailsList),
        NotLoggedIn,
    ))]
pub async fn banks(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<BankDetailsList>> {
    Ok(Json(BankDetailsList { accounts: db::invoices::banks(&state.db.read, partner.id).await? }))
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
    ApiJson(input): ApiJson<BankDetailsInput>,
) -> ApiResult<Json<BankDetails>> {
    // Once any bank details are on file, new ones (another currency too) redirect payments: the
    // password is asked again.
    let replacing = !db::invoices::banks(&state.db.read, partner.id).await?.is_empty();
    let account = check_bank_details(&input, replacing).map_err(ApiError::Invalid)?;
    let now = state.clock.now();
    if replacing {
        let me = db::partners::by_id(&state.db.read, partner.id).await?.ok_or(ApiError::Unauthenticated)?;
        auth::refuse_if_throttled(&state.db.read, &me.email, now).await?;
        let (password, stored) = (input.password.clone(), me.password_hash.clone());
        let verified = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored))
            .await
            .map_err(ApiError::internal)?;
        if !verified {
            db::logins::record_failure(&state.db.write, &me.email, db::ts(now)).await?;
            return Err(ApiError::Invalid(vec![FieldError::new(
                "password",
                "wrong",
                "This is not your login password: type it again (the bank details were not changed).",
            )]));
        }
        db::logins::clear(&state.db.write, &me.email).await?;
    }
    db::invoices::save_bank(&state.db.write, partner.id, &account, now).await?;
    Ok(Json(BankDetails::of(&account, now)))
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
    let request = format!("submit invoice for order {id}");
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner.id, &key, &request).await? {
        return Ok(first);
    }
    let now = state.clock.now();
    let detail = app::orders::detail_of(&mut tx, partner.id, id).await?;
    // R-INV-5: the day of submission on the marketplace's clock.
    let today = market_clock::day(detail.order.price.currency, now);
    // A delivered order can always be invoiced until it is paid (R-ORD-7): only what has left the
    // shop and is not on an invoice yet, whatever the order's status.
    let positions = invoiceable(&detail.lines);
    if let Some(refusal) = nothing_to_invoice(&positions).or_else(|| positions_changed(&new.positions, &positions)) {
        return Err(ApiError::Conflict(refusal.to_owned()));
    }
    let currency = detail.order.price.currency;
    let mut errors = validate_new_invoice(&new, today);
    let number = new.invoice_number.trim();
    if !errors.iter().any(|e| e.field == "invoice_number")
        && let Some(order_number) = db::invoices::number_used(&mut *tx, partner.id, number).await?
    {
        errors.push(FieldError::new(
            "invoice_number",
            "used",
            format!(
                "You used invoice number {number} already (order {order_number}): each invoice needs a new number."
            ),
        ));
    }
    if let Some(file_id) = new.file_id {
        let ours = db::orders::file(&mut *tx, partner.id, file_id)
            .await?
            .is_some_and(|f| f.order_id == id && f.purpose == Purpose::Invoice.slug());
        if !ours || db::invoices::file_used(&mut *tx, file_id).await? {
            errors.push(FieldError::new(
                "file",
                "unknown",
                "That file is not a signed invoice uploaded for this invoice: upload the PDF again.",
            ));
        }
    }
    let bank = db::invoices::bank(&mut *tx, partner.id, currency).await?;
    if bank.is_none() {
        errors.push(FieldError::new(
            "bank",
            "required",
            format!("Enter your bank details for {} payments (step 2) before submitting.", currency.code()),
        ));
    }
    let (Some(bank), Some(file_id), Ok(invoice_date), true) =
        (bank, new.file_id, check_invoice_date(&new.invoice_date, today), errors.is_empty())
    else {
        return Err(ApiError::Invalid(errors));
    };
    let row = db::invoices::NewInvoiceRow {
        partner_id: partner.id,
        order_id: id,
        number,
        invoice_date,
        submitted_at: now,
        payment_date: payment_date(today),
        total: positions_total(&positions, currency),
        file_id,
        bank: &bank,
        positions: &positions,
    };
    let invoice_id = app::invoices::insert(&mut tx, &row).await?;
    let invoice = db::invoices::by_id(&mut tx, invoice_id)
        .await?
        .map(|(_, i)| i)
        .ok_or_else(|| ApiError::internal("new invoice vanished"))?;
    created(tx, partner.id, &key, &request, &invoice, now).await
}

/// R-INV-5: the partner's invoices with their payment dates and status, the totals per payment
/// date and the next payment days.
#[utoipa::path(get, path = "/payouts", tag = "invoices",
    responses(
        (status = 200, body = Payouts),
        NotLoggedIn,
    ))]
pub async fn payouts(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Payouts>> {
    let mut conn = state.db.read.acquire().await?;
    let invoices = db::invoices::list(&mut conn, partner.id, None).await?;
    let currency = db::partners::currency(&state.db.read, partner.id).await?;
    Ok(Json(Payouts::new(market_clock::day(currency, state.clock.now()), invoices)))
}
