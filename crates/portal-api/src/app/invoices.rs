//! Invoice changes that move their order on (R-ORD-7: an invoiced, then paid order closes).

use chrono::{DateTime, Utc};
use portal_core::api::InvoiceStatus;
use sqlx::SqliteConnection;

use super::orders::refresh_status;
use crate::db;

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
