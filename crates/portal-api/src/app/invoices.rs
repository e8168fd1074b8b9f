//! Invoices and payouts (R-INV-1..5): the wizard's start, bank details, submitting an invoice,
//! the payouts page, and the invoice changes that move their order on (R-ORD-7: an invoiced,
//! then paid order closes).

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::Currency;
use portal_core::api::{
    BankDetails, BankDetailsInput, BankDetailsList, FieldError, InvoiceStart, InvoiceStatus, NewInvoice, Payouts,
};
use portal_core::invoice::{
    check_bank_details, check_invoice_date, invoiceable, nothing_to_invoice, payment_date, positions_changed,
    positions_total, validate_new_invoice,
};
use portal_core::market_clock;
use portal_core::upload::Purpose;
use sqlx::SqliteConnection;

use super::idempotency::{Stored, created};
use super::orders::{OrderDecision, begin_decision, detail_of, refresh_status};
use crate::AppState;
use crate::auth;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// R-INV-1, R-INV-2, R-INV-5: what the invoice wizard starts from: the shipped positions not yet
/// invoiced, the company, the saved bank details (masked), today and the payment date.
pub async fn start(state: &AppState, partner_id: i64, order_id: i64) -> ApiResult<InvoiceStart> {
    let mut conn = state.db.read.acquire().await?;
    let detail = detail_of(&mut conn, partner_id, order_id).await?;
    let currency = detail.order.price.currency;
    let positions = invoiceable(&detail.lines);
    // R-INV-5: the day of submission on the marketplace's clock.
    let today = market_clock::day(currency, state.clock.now());
    Ok(InvoiceStart {
        order_id,
        order_number: detail.order.number.clone(),
        currency,
        company: detail.ship_from.clone(),
        total: positions_total(&positions, currency),
        positions,
        bank: db::invoices::bank(&mut *conn, &state.bank_keys, partner_id, currency).await?,
        password_needed: !db::invoices::banks(&mut *conn, &state.bank_keys, partner_id).await?.is_empty(),
        today,
        payment_date: payment_date(today),
        invoices: db::invoices::list(&mut conn, partner_id, Some(order_id)).await?,
    })
}

/// R-INV-2: the saved bank details, masked.
pub async fn banks(state: &AppState, partner_id: i64) -> ApiResult<BankDetailsList> {
    Ok(BankDetailsList { accounts: db::invoices::banks(&state.db.read, &state.bank_keys, partner_id).await? })
}

/// R-INV-2: saves bank details for a currency, checked by their check digits. The first bank
/// details need no password; once any are saved, new or replaced ones (another currency too:
/// they redirect payments) need the login password again, throttled like logins.
pub async fn save_bank(
    state: &AppState,
    partner_id: i64,
    input: &BankDetailsInput,
    address: &auth::ClientAddress,
) -> ApiResult<BankDetails> {
    let replacing = !db::invoices::banks(&state.db.read, &state.bank_keys, partner_id).await?.is_empty();
    let account = check_bank_details(input, replacing).map_err(ApiError::Invalid)?;
    let now = state.clock.now();
    if replacing {
        let me = db::partners::by_id(&state.db.read, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
        auth::admit_attempt(&state.db.write, &me.email, address, now).await?;
        let (password, stored) = (input.password.clone(), me.password_hash.clone());
        let verified = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored))
            .await
            .map_err(ApiError::internal)?;
        if !verified {
            // Counted already (`admit_attempt`).
            return Err(ApiError::Invalid(vec![FieldError::new(
                "password",
                "wrong",
                "This is not your login password: type it again (the bank details were not changed).",
            )]));
        }
        db::logins::succeeded(&mut *state.db.write.acquire().await?, &me.email, &address.0, db::ts(now)).await?;
    }
    db::invoices::save_bank(&state.db.write, &state.bank_keys, partner_id, &account, now).await?;
    Ok(BankDetails::of(&account, now))
}

/// R-INV-1..5: submits an invoice for exactly the positions the wizard showed (409 when they
/// changed), with a unique number, a date not in the future, the saved bank details and the
/// signed PDF uploaded to the order (purpose `invoice`). R-JOB-10: under `key`, submitting twice
/// makes one invoice.
pub async fn submit(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    key: &str,
    new: &NewInvoice,
) -> ApiResult<Stored> {
    let request = format!("submit invoice for order {order_id}");
    // R-INV-5: the day of submission on the marketplace's clock.
    let OrderDecision { mut tx, detail, now, today } =
        match begin_decision(state, partner_id, order_id, key, &request).await? {
            Ok(decision) => decision,
            Err(first) => return Ok(first),
        };
    // A delivered order can always be invoiced until it is paid (R-ORD-7): only what has left the
    // shop and is not on an invoice yet, whatever the order's status.
    let positions = invoiceable(&detail.lines);
    if let Some(refusal) = nothing_to_invoice(&positions).or_else(|| positions_changed(&new.positions, &positions)) {
        return Err(ApiError::Conflict(refusal.to_owned()));
    }
    let currency = detail.order.price.currency;
    let (bank, file_id, invoice_date) =
        checked_submission(&mut tx, &state.bank_keys, partner_id, order_id, currency, new, today).await?;
    let row = db::invoices::NewInvoiceRow {
        partner_id,
        order_id,
        number: new.invoice_number.trim(),
        invoice_date,
        submitted_at: now,
        payment_date: payment_date(today),
        total: positions_total(&positions, currency),
        file_id,
        bank: &bank,
        positions: &positions,
    };
    let invoice_id = insert(&mut tx, &row).await?;
    let invoice = db::invoices::by_id(&mut tx, invoice_id)
        .await?
        .map(|(_, i)| i)
        .ok_or_else(|| ApiError::internal("new invoice vanished"))?;
    created(tx, partner_id, key, &request, &invoice, now).await
}

/// R-INV-1..4: a submission's fields, every problem named at once: its number unused, the signed
/// PDF uploaded to this order and on no other invoice, bank details saved for the order's
/// currency, the date not in the future. Answers the bank details, file and date to write.
async fn checked_submission(
    conn: &mut SqliteConnection,
    keys: &crate::secrets::BankKeys,
    partner_id: i64,
    order_id: i64,
    currency: Currency,
    new: &NewInvoice,
    today: NaiveDate,
) -> ApiResult<(BankDetails, i64, NaiveDate)> {
    let mut errors = validate_new_invoice(new, today);
    let number = new.invoice_number.trim();
    if !errors.iter().any(|e| e.field == "invoice_number")
        && let Some(order_number) = db::invoices::number_used(&mut *conn, partner_id, number).await?
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
        let ours = db::orders::file(&mut *conn, partner_id, file_id)
            .await?
            .is_some_and(|f| f.order_id == order_id && f.purpose == Purpose::Invoice.slug());
        if !ours || db::invoices::file_used(&mut *conn, file_id).await? {
            errors.push(FieldError::new(
                "file",
                "unknown",
                "That file is not a signed invoice uploaded for this invoice: upload the PDF again.",
            ));
        }
    }
    let bank = db::invoices::bank(&mut *conn, keys, partner_id, currency).await?;
    if bank.is_none() {
        errors.push(FieldError::new(
            "bank",
            "required",
            format!("Enter your bank details for {} payments (step 2) before submitting.", currency.code()),
        ));
    }
    match (bank, new.file_id, check_invoice_date(&new.invoice_date, today), errors.is_empty()) {
        (Some(bank), Some(file_id), Ok(invoice_date), true) => Ok((bank, file_id, invoice_date)),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// R-INV-5: the partner's invoices with their payment dates and status, the totals per payment
/// date and the next payment days.
pub async fn payouts(state: &AppState, partner_id: i64) -> ApiResult<Payouts> {
    let mut conn = state.db.read.acquire().await?;
    let invoices = db::invoices::list(&mut conn, partner_id, None).await?;
    let currency = db::partners::currency(&state.db.read, partner_id).await?;
    let mut payouts = Payouts::new(market_clock::day(currency, state.clock.now()), invoices);
    payouts.store_funds = db::store::funds_entries(&mut conn, partner_id).await?;
    Ok(payouts)
}

/// Writes a submitted invoice; the order's status follows. Returns the invoice's id.
pub async fn insert(
    conn: &mut SqliteConnection,
    invoice: &db::invoices::NewInvoiceRow<'_>,
) -> Result<i64, sqlx::Error> {
    let id = db::invoices::insert(conn, invoice).await?;
    refresh_status(conn, invoice.order_id).await?;
    Ok(id)
}

/// Moves an invoice to `status` (checked by the caller); a paid one can close its order.
pub async fn set_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: InvoiceStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let order_id = db::invoices::set_status(conn, id, status, now).await?;
    refresh_status(conn, order_id).await?;
    Ok(())
}

/// R-INV-5: the marketplace approves, then pays, an invoice (forward only; the same status again
/// changes nothing); the order's status follows (R-ORD-7). Answers the invoice.
pub async fn move_on(state: &AppState, invoice_id: i64, to: InvoiceStatus) -> ApiResult<portal_core::api::Invoice> {
    let mut tx = state.db.write.begin().await?;
    let (_, invoice) = db::invoices::by_id(&mut tx, invoice_id).await?.ok_or(ApiError::NotFound("invoice"))?;
    if portal_core::invoice::invoice_transition(invoice.status, to).map_err(ApiError::Conflict)? {
        set_status(&mut tx, invoice_id, to, state.clock.now()).await?;
    }
    let (_, invoice) =
        db::invoices::by_id(&mut tx, invoice_id).await?.ok_or_else(|| ApiError::internal("invoice vanished"))?;
    tx.commit().await?;
    Ok(invoice)
}
