//! The established partner's invoice history (R-INV-1..5), submitted through the same functions
//! the invoice routes use.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_core::Currency;
use portal_core::api::{BankDetails, BankDetailsInput, InvoiceStatus};
use portal_core::invoice::{BankAccount, invoiceable, payment_date, positions_total};
use portal_core::market_clock;
use portal_core::upload::Purpose;
use sqlx::SqliteConnection;

use super::at_hour;
use crate::error::ApiError;
use crate::{app, db, documents};

/// The established partner's bank details and an invoice for each finished order: submitted the
/// day after shipping (the last two later, so the payouts page shows every status), approved three
/// days after and paid on the payment date (R-INV-5) once it has passed.
pub(super) async fn invoice_history(
    tx: &mut SqliteConnection,
    partner_id: i64,
    orders: &[(i64, NaiveDate)],
    now: DateTime<Utc>,
    files: &Path,
    keys: &crate::secrets::BankKeys,
) -> Result<(), ApiError> {
    // Days on the marketplace's clock (DOMAIN "Times"): the demo partners work in USD.
    let today = market_clock::day(Currency::Usd, now);
    let bank = BankDetailsInput {
        currency: Currency::Usd,
        holder: "Summit Manufacturing LLC".to_owned(),
        iban: String::new(),
        bic: String::new(),
        routing_number: "021000021".to_owned(),
        account_number: "4402187765".to_owned(),
        password: String::new(),
    };
    let account = BankAccount::check(&bank).map_err(|_| ApiError::internal("demo bank details"))?;
    let first = orders.first().map_or(today, |o| o.1);
    let bank_saved = at_hour(first, 8);
    db::invoices::save_bank(&mut *tx, keys, partner_id, &account, bank_saved).await?;
    let shown = BankDetails::of(&account, bank_saved);
    tokio::fs::create_dir_all(files).await.map_err(ApiError::internal)?;
    let late = orders.len().saturating_sub(2);
    for (k, &(order_id, shipped_on)) in orders.iter().enumerate() {
        let submitted_on = match k.checked_sub(late) {
            Some(0) => today - Duration::days(6),
            Some(_) => today - Duration::days(1),
            None => shipped_on + Duration::days(1),
        };
        let submitted_at = at_hour(submitted_on, 16);
        let detail = app::orders::detail(&mut *tx, partner_id, order_id).await?.ok_or(ApiError::NotFound("order"))?;
        let positions = invoiceable(&detail.lines);
        let total = positions_total(&positions, detail.order.price.currency);
        let number = format!("SM-{}-{:04}", submitted_on.format("%Y"), 101 + k);
        let pdf = documents::invoice(&number, &detail.ship_from, &detail.order.number, &positions, total);
        // Checked like any upload (R-INV-3): the portal's own PDF passes.
        let (kind, pdf) = app::files::checked(Purpose::Invoice, &pdf).map_err(|r| ApiError::internal(r.message()))?;
        let stored_name = format!("demo-invoice-{order_id}.pdf");
        tokio::fs::write(files.join(&stored_name), &pdf).await.map_err(ApiError::internal)?;
        let name = format!("{number}.pdf");
        let file = db::orders::NewFile {
            partner_id,
            order_id,
            line_id: None,
            purpose: Purpose::Invoice,
            kind,
            name: &name,
            size: pdf.len() as u64,
            stored_name: &stored_name,
            uploaded_at: submitted_at - Duration::minutes(5),
        };
        let file_id = db::orders::insert_file(&mut *tx, &file).await?;
        let payment_on = payment_date(submitted_on);
        let row = db::invoices::NewInvoiceRow {
            partner_id,
            order_id,
            number: &number,
            invoice_date: submitted_on,
            submitted_at,
            payment_date: payment_on,
            total,
            file_id,
            bank: &shown,
            positions: &positions,
        };
        let id = app::invoices::insert(&mut *tx, &row).await?;
        let approved_on = submitted_on + Duration::days(3);
        if approved_on <= today {
            app::invoices::set_status(&mut *tx, id, InvoiceStatus::Approved, at_hour(approved_on, 11)).await?;
        }
        if payment_on <= today {
            app::invoices::set_status(&mut *tx, id, InvoiceStatus::Paid, at_hour(payment_on, 10)).await?;
        }
    }
    Ok(())
}
