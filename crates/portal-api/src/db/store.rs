//! The supplies store's tables (issue 19): carts, store orders and their lines, store invoices.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::supplies::catalog::LineSpec;
use sqlx::{SqliteConnection, SqliteExecutor};

use super::{from_ts, ts};

/// A cart line as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CartRow {
    pub id: i64,
    pub sku: String,
    pub width_mils: Option<i64>,
    pub length_mils: Option<i64>,
    pub pieces: i64,
    pub mtr: bool,
    pub coc: bool,
}

impl CartRow {
    pub fn spec(&self) -> LineSpec {
        LineSpec {
            sku: self.sku.clone(),
            width_mils: self.width_mils.and_then(|v| u32::try_from(v).ok()),
            length_mils: self.length_mils.and_then(|v| u32::try_from(v).ok()),
            pieces: u32::try_from(self.pieces).unwrap_or(0),
            mill_test_report: self.mtr,
            certificate_of_compliance: self.coc,
        }
    }
}

pub async fn cart(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<CartRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, sku, width_mils, length_mils, pieces, mtr, coc FROM store_cart_lines WHERE partner_id = ? ORDER BY id",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await
}

pub async fn add_cart_line(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    spec: &LineSpec,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO store_cart_lines (partner_id, sku, width_mils, length_mils, pieces, mtr, coc, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(partner_id)
    .bind(&spec.sku)
    .bind(spec.width_mils)
    .bind(spec.length_mils)
    .bind(spec.pieces)
    .bind(spec.mill_test_report)
    .bind(spec.certificate_of_compliance)
    .bind(ts(at))
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// Sets a line's pieces; false when the partner has no such line.
pub async fn set_cart_pieces(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    line_id: i64,
    pieces: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE store_cart_lines SET pieces = ? WHERE id = ? AND partner_id = ?")
        .bind(pieces)
        .bind(line_id)
        .bind(partner_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a line; false when the partner has no such line.
pub async fn remove_cart_line(db: impl SqliteExecutor<'_>, partner_id: i64, line_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM store_cart_lines WHERE id = ? AND partner_id = ?")
        .bind(line_id)
        .bind(partner_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn clear_cart(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM store_cart_lines WHERE partner_id = ?").bind(partner_id).execute(db).await?;
    Ok(())
}

/// R-SUP-1: the partner's job funds: the values of its accepted, not yet paid USD orders, less
/// what earlier store orders (not cancelled) deducted.
pub async fn spendable_funds(conn: &mut SqliteConnection, partner_id: i64) -> Result<i64, sqlx::Error> {
    let (open,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(SUM(price_minor + bonus_minor), 0) FROM orders
         WHERE partner_id = ? AND currency = 'USD' AND status IN ('in_production', 'shipped')",
    )
    .bind(partner_id)
    .fetch_one(&mut *conn)
    .await?;
    let (deducted,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(SUM(from_funds_minor), 0) FROM store_orders WHERE partner_id = ? AND cancelled_at IS NULL",
    )
    .bind(partner_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(open - deducted)
}

pub async fn credit_terms(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(bool,)> =
        sqlx::query_as("SELECT credit_terms FROM partners WHERE id = ?").bind(partner_id).fetch_optional(db).await?;
    Ok(row.is_some_and(|r| r.0))
}

/// Grants or withdraws credit terms; false when there is no such partner.
pub async fn set_credit_terms(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    approved: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE partners SET credit_terms = ? WHERE id = ?")
        .bind(approved)
        .bind(partner_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// R-SUP-11: the oldest unpaid purchase-order invoice due before `today`, as (order number,
/// due date).
pub async fn overdue_po_invoice(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    today: NaiveDate,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.number, i.due_date FROM store_invoices i JOIN store_orders o ON o.id = i.order_id
         WHERE i.partner_id = ? AND i.kind = 'purchase_order' AND i.paid_at IS NULL AND i.cancelled_at IS NULL
           AND i.due_date < ? ORDER BY i.due_date LIMIT 1",
    )
    .bind(partner_id)
    .bind(today.to_string())
    .fetch_optional(db)
    .await
}

/// A store order as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub placed_at: i64,
    pub ship_to: String,
    pub method: String,
    pub promo_code: Option<String>,
    pub goods_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment: String,
    pub from_funds_minor: i64,
    pub invoiced_minor: i64,
    pub po_number: Option<String>,
    pub ship_date: String,
    pub cancelled_at: Option<i64>,
    pub proposed_ship_date: Option<String>,
    pub proposal_deadline: Option<i64>,
    pub proposal_answer: Option<String>,
    pub card_charge_id: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub card_charged_minor: i64,
    pub card_refunded_minor: i64,
    pub dispute_reason: Option<String>,
    pub dispute_opened_at: Option<i64>,
}

/// A store order line as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub order_id: i64,
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub special_order: bool,
    pub width_mils: Option<i64>,
    pub length_mils: Option<i64>,
    pub pieces: i64,
    pub mtr: bool,
    pub coc: bool,
    pub piece_price_minor: i64,
    pub total_minor: i64,
    pub status: String,
    pub shipped_pieces: i64,
    pub tracking: Option<String>,
    pub delivered_at: Option<i64>,
}

impl LineRow {
    pub fn delivered(&self) -> Option<DateTime<Utc>> {
        self.delivered_at.map(from_ts)
    }
}

const ORDER_COLUMNS: &str = "id, number, placed_at, ship_to, method, promo_code, goods_minor, discount_minor, \
    shipping_minor, tax_minor, total_minor, payment, from_funds_minor, invoiced_minor, po_number, ship_date, cancelled_at, \
    proposed_ship_date, proposal_deadline, proposal_answer, card_charge_id, card_brand, card_last4, card_charged_minor, card_refunded_minor, \
    dispute_reason, dispute_opened_at";
const LINE_COLUMNS: &str = "id, order_id, line_no, sku, name, special_order, width_mils, length_mils, pieces, mtr, \
    coc, piece_price_minor, total_minor, status, shipped_pieces, tracking, delivered_at";

/// A new store order.
pub struct NewOrder<'a> {
    pub partner_id: i64,
    pub placed_at: DateTime<Utc>,
    pub ship_to: &'a str,
    pub ship_state: &'a str,
    pub method: &'a str,
    pub promo_code: Option<&'a str>,
    pub goods_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment: &'a str,
    pub from_funds_minor: i64,
    pub invoiced_minor: i64,
    pub po_number: Option<&'a str>,
    pub ship_date: NaiveDate,
}

/// Inserts an order; its number is `SO-` and a sequence from 10001.
pub async fn insert_order(conn: &mut SqliteConnection, o: &NewOrder<'_>) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 10001 FROM store_orders").fetch_one(&mut *conn).await?;
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO store_orders (number, partner_id, placed_at, ship_to, ship_state, method, promo_code, goods_minor,
            discount_minor, shipping_minor, tax_minor, total_minor, payment, from_funds_minor, invoiced_minor,
            po_number, ship_date)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(format!("SO-{next}"))
    .bind(o.partner_id)
    .bind(ts(o.placed_at))
    .bind(o.ship_to)
    .bind(o.ship_state)
    .bind(o.method)
    .bind(o.promo_code)
    .bind(o.goods_minor)
    .bind(o.discount_minor)
    .bind(o.shipping_minor)
    .bind(o.tax_minor)
    .bind(o.total_minor)
    .bind(o.payment)
    .bind(o.from_funds_minor)
    .bind(o.invoiced_minor)
    .bind(o.po_number)
    .bind(o.ship_date.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.0)
}

/// A new store order line.
pub struct NewLine<'a> {
    pub line_no: u32,
    pub spec: &'a LineSpec,
    pub name: &'a str,
    pub special_order: bool,
    pub piece_price_minor: i64,
    pub total_minor: i64,
}

pub async fn insert_line(conn: &mut SqliteConnection, order_id: i64, l: &NewLine<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_order_lines (order_id, line_no, sku, name, special_order, width_mils, length_mils, pieces,
            mtr, coc, piece_price_minor, total_minor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(order_id)
    .bind(l.line_no)
    .bind(&l.spec.sku)
    .bind(l.name)
    .bind(l.special_order)
    .bind(l.spec.width_mils)
    .bind(l.spec.length_mils)
    .bind(l.spec.pieces)
    .bind(l.spec.mill_test_report)
    .bind(l.spec.certificate_of_compliance)
    .bind(l.piece_price_minor)
    .bind(l.total_minor)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// R-SUP-7: a line's pieces and price after a change (0 pieces: the line is cancelled).
pub async fn change_line(
    conn: &mut SqliteConnection,
    line_id: i64,
    pieces: u32,
    piece_price_minor: i64,
    total_minor: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_order_lines SET pieces = CASE WHEN ? = 0 THEN pieces ELSE ? END, piece_price_minor = ?,
             total_minor = ?, status = CASE WHEN ? = 0 THEN 'cancelled' ELSE status END WHERE id = ?",
    )
    .bind(pieces)
    .bind(pieces)
    .bind(piece_price_minor)
    .bind(total_minor)
    .bind(pieces)
    .bind(line_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An order's figures after a change.
pub struct ChangedFigures<'a> {
    pub method: &'a str,
    pub goods_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub from_funds_minor: i64,
    pub invoiced_minor: i64,
}

pub async fn change_figures(
    conn: &mut SqliteConnection,
    id: i64,
    f: &ChangedFigures<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_orders SET method = ?, goods_minor = ?, discount_minor = ?, shipping_minor = ?, tax_minor = ?,
             total_minor = ?, from_funds_minor = ?, invoiced_minor = ? WHERE id = ?",
    )
    .bind(f.method)
    .bind(f.goods_minor)
    .bind(f.discount_minor)
    .bind(f.shipping_minor)
    .bind(f.tax_minor)
    .bind(f.total_minor)
    .bind(f.from_funds_minor)
    .bind(f.invoiced_minor)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // The order's unpaid invoice follows its new amount (none left: it is void).
    let invoice = if f.invoiced_minor > 0 {
        sqlx::query("UPDATE store_invoices SET amount_minor = ? WHERE order_id = ? AND paid_at IS NULL AND cancelled_at IS NULL")
            .bind(f.invoiced_minor)
    } else {
        sqlx::query("UPDATE store_invoices SET cancelled_at = ? WHERE order_id = ? AND paid_at IS NULL AND cancelled_at IS NULL")
            .bind(ts(at))
    };
    invoice.bind(id).execute(&mut *conn).await?;
    Ok(())
}

pub async fn insert_invoice(
    conn: &mut SqliteConnection,
    order_id: i64,
    partner_id: i64,
    kind: &str,
    amount_minor: i64,
    invoice_date: NaiveDate,
    due_date: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_invoices (order_id, partner_id, kind, amount_minor, invoice_date, due_date)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(order_id)
    .bind(partner_id)
    .bind(kind)
    .bind(amount_minor)
    .bind(invoice_date.to_string())
    .bind(due_date.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The partner's order (None when it is not the partner's).
pub async fn order(conn: &mut SqliteConnection, partner_id: i64, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM store_orders WHERE id = ? AND partner_id = ?"))
        .bind(id)
        .bind(partner_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Any partner's order, with its partner (the operator's routes).
pub async fn order_owner(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT partner_id FROM store_orders WHERE id = ?").bind(id).fetch_optional(db).await?;
    Ok(row.map(|r| r.0))
}

pub async fn orders(conn: &mut SqliteConnection, partner_id: i64) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM store_orders WHERE partner_id = ? ORDER BY placed_at DESC, id DESC"
    ))
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await
}

pub async fn lines(conn: &mut SqliteConnection, order_ids: &[i64]) -> Result<Vec<LineRow>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; order_ids.len()].join(", ");
    let sql =
        format!("SELECT {LINE_COLUMNS} FROM store_order_lines WHERE order_id IN ({marks}) ORDER BY order_id, line_no");
    let mut q = sqlx::query_as(&sql);
    for id in order_ids {
        q = q.bind(id);
    }
    q.fetch_all(&mut *conn).await
}

/// R-SUP-7: cancels an order: its lines, its deduction from job funds and its invoices.
/// R-SUP-1: the card charge that paid an order (the provider's id, the brand and last four only).
pub async fn set_card_charge(
    conn: &mut SqliteConnection,
    id: i64,
    charge_id: &str,
    brand: &str,
    last4: &str,
    amount_minor: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_orders SET card_charge_id = ?, card_brand = ?, card_last4 = ?, card_charged_minor = ? WHERE id = ?",
    )
    .bind(charge_id)
    .bind(brand)
    .bind(last4)
    .bind(amount_minor)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The provider's id of the charge that paid an order.
pub async fn card_charge_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT card_charge_id FROM store_orders WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| r.0))
}

/// What the provider gave back to the card so far.
pub async fn add_card_refund(conn: &mut SqliteConnection, id: i64, amount_minor: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE store_orders SET card_refunded_minor = card_refunded_minor + ? WHERE id = ?")
        .bind(amount_minor)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// R-SUP-11: a dispute of the order's card charge.
pub async fn open_dispute(
    conn: &mut SqliteConnection,
    id: i64,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_orders SET dispute_reason = ?, dispute_opened_at = ? WHERE id = ? AND dispute_reason IS NULL",
    )
    .bind(reason)
    .bind(ts(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn cancel(conn: &mut SqliteConnection, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE store_orders SET cancelled_at = ? WHERE id = ?")
        .bind(ts(at))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE store_order_lines SET status = 'cancelled' WHERE order_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE store_invoices SET cancelled_at = ? WHERE order_id = ? AND paid_at IS NULL")
        .bind(ts(at))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes what happened to a line.
pub async fn set_line(
    conn: &mut SqliteConnection,
    line_id: i64,
    status: &str,
    shipped_pieces: i64,
    tracking: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_order_lines SET status = ?, shipped_pieces = ?, tracking = COALESCE(?, tracking),
            cut_at = CASE WHEN ? IN ('cut', 'shipped', 'delivered') AND cut_at IS NULL THEN ? ELSE cut_at END,
            delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
         WHERE id = ?",
    )
    .bind(status)
    .bind(shipped_pieces)
    .bind(tracking)
    .bind(status)
    .bind(ts(at))
    .bind(status)
    .bind(ts(at))
    .bind(line_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// R-SUP-7: whether any line of the order was cut (or left cut or picked, shipped).
pub async fn any_cut(conn: &mut SqliteConnection, order_id: i64) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM store_order_lines WHERE order_id = ? AND cut_at IS NOT NULL")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}

/// The address the partner's last store order shipped to (JSON).
pub async fn last_ship_to(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT ship_to FROM store_orders WHERE partner_id = ? ORDER BY id DESC LIMIT 1")
            .bind(partner_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| r.0))
}

/// A return as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReturnRow {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub reason: String,
    pub note: String,
    pub lines: String,
    pub goods_minor: i64,
    pub return_shipping_minor: i64,
    pub refund_estimate_minor: i64,
    pub return_by: String,
    pub status: String,
    pub requested_at: i64,
    pub refund_minor: Option<i64>,
}

const RETURN_COLUMNS: &str = "id, number, order_id, reason, note, lines, goods_minor, return_shipping_minor, \
    refund_estimate_minor, return_by, status, requested_at, refund_minor";

/// A new return.
pub struct NewReturnRow<'a> {
    pub order_id: i64,
    pub partner_id: i64,
    pub reason: &'a str,
    pub note: &'a str,
    pub lines: &'a str,
    pub goods_minor: i64,
    pub return_shipping_minor: i64,
    pub refund_estimate_minor: i64,
    pub return_by: NaiveDate,
    pub at: DateTime<Utc>,
}

/// Inserts a return; its number is `RMA-` and a sequence from 50001.
pub async fn insert_return(conn: &mut SqliteConnection, r: &NewReturnRow<'_>) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 50001 FROM store_returns").fetch_one(&mut *conn).await?;
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO store_returns (number, order_id, partner_id, reason, note, lines, goods_minor,
            return_shipping_minor, refund_estimate_minor, return_by, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(format!("RMA-{next}"))
    .bind(r.order_id)
    .bind(r.partner_id)
    .bind(r.reason)
    .bind(r.note)
    .bind(r.lines)
    .bind(r.goods_minor)
    .bind(r.return_shipping_minor)
    .bind(r.refund_estimate_minor)
    .bind(r.return_by.to_string())
    .bind(ts(r.at))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.0)
}

pub async fn returns_of(conn: &mut SqliteConnection, order_id: i64) -> Result<Vec<ReturnRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {RETURN_COLUMNS} FROM store_returns WHERE order_id = ? ORDER BY id"))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await
}

/// A return's order and partner (the operator's routes).
pub async fn return_owner(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, partner_id, status FROM store_returns WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn set_return_status(
    db: impl SqliteExecutor<'_>,
    id: i64,
    status: &str,
    refund_minor: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_returns SET status = ?, refund_minor = COALESCE(?, refund_minor),
            refunded_at = CASE WHEN ? = 'refunded' THEN ? ELSE refunded_at END WHERE id = ?",
    )
    .bind(status)
    .bind(refund_minor)
    .bind(status)
    .bind(ts(at))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A claim as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub freight: bool,
    pub delivered_at: i64,
    pub carrier_ref: String,
    pub description: String,
    pub lines: String,
    pub created_at: i64,
}

/// A claim photo as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimPhotoRow {
    pub id: i64,
    pub claim_id: Option<i64>,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub stored_name: String,
}

pub async fn claims_of(conn: &mut SqliteConnection, order_id: i64) -> Result<Vec<ClaimRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, number, kind, freight, delivered_at, carrier_ref, description, lines, created_at
         FROM store_claims WHERE order_id = ? ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await
}

/// The photos of an order's claims, and those uploaded for a claim not yet filed.
pub async fn claim_photos(conn: &mut SqliteConnection, order_id: i64) -> Result<Vec<ClaimPhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, claim_id, name, media_type, size, stored_name FROM store_claim_photos WHERE order_id = ? ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await
}

/// One of the partner's claim photos.
pub async fn claim_photo(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    id: i64,
) -> Result<Option<ClaimPhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, claim_id, name, media_type, size, stored_name FROM store_claim_photos WHERE id = ? AND partner_id = ?",
    )
    .bind(id)
    .bind(partner_id)
    .fetch_optional(db)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_claim_photo(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    order_id: i64,
    name: &str,
    media_type: &str,
    size: u64,
    stored_name: &str,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO store_claim_photos (partner_id, order_id, name, media_type, size, stored_name, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(partner_id)
    .bind(order_id)
    .bind(name)
    .bind(media_type)
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(stored_name)
    .bind(ts(at))
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// A new claim.
pub struct NewClaimRow<'a> {
    pub order_id: i64,
    pub partner_id: i64,
    pub kind: &'a str,
    pub freight: bool,
    pub delivered_at: DateTime<Utc>,
    pub carrier_ref: &'a str,
    pub description: &'a str,
    pub lines: &'a str,
    pub at: DateTime<Utc>,
}

/// Inserts a claim (`CLM-` and a sequence from 70001) and attaches its photos.
pub async fn insert_claim(
    conn: &mut SqliteConnection,
    c: &NewClaimRow<'_>,
    photo_ids: &[i64],
) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 70001 FROM store_claims").fetch_one(&mut *conn).await?;
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO store_claims (number, order_id, partner_id, kind, freight, delivered_at, carrier_ref, description,
            lines, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(format!("CLM-{next}"))
    .bind(c.order_id)
    .bind(c.partner_id)
    .bind(c.kind)
    .bind(c.freight)
    .bind(ts(c.delivered_at))
    .bind(c.carrier_ref)
    .bind(c.description)
    .bind(c.lines)
    .bind(ts(c.at))
    .fetch_one(&mut *conn)
    .await?;
    for photo in photo_ids {
        sqlx::query("UPDATE store_claim_photos SET claim_id = ? WHERE id = ? AND order_id = ? AND claim_id IS NULL")
            .bind(row.0)
            .bind(photo)
            .bind(c.order_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(row.0)
}

/// R-SUP-11: what store orders took from the partner's job funds and what came back, newest first.
pub async fn funds_entries(
    conn: &mut SqliteConnection,
    partner_id: i64,
) -> Result<Vec<portal_core::api::StoreFundsEntry>, sqlx::Error> {
    use portal_core::Money;
    use portal_core::api::StoreFundsEntry;
    let usd = |m: i64| Money::new(m, portal_core::Currency::Usd);
    let orders: Vec<(i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, number, placed_at, from_funds_minor, cancelled_at FROM store_orders
         WHERE partner_id = ? AND from_funds_minor > 0",
    )
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut entries = Vec::new();
    for (id, number, placed_at, from_funds, cancelled_at) in orders {
        entries.push(StoreFundsEntry {
            at: from_ts(placed_at),
            store_order_id: id,
            what: format!("Store order {number}"),
            amount: usd(-from_funds),
        });
        if let Some(at) = cancelled_at {
            entries.push(StoreFundsEntry {
                at: from_ts(at),
                store_order_id: id,
                what: format!("Cancelled {number}"),
                amount: usd(from_funds),
            });
        }
    }
    let refunds: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.number, r.number, r.refund_minor, r.refunded_at FROM store_returns r
         JOIN store_orders o ON o.id = r.order_id
         WHERE o.partner_id = ? AND o.payment = 'job_funds' AND r.status = 'refunded' AND r.refund_minor > 0",
    )
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await?;
    for (id, order, rma, refund, at) in refunds {
        entries.push(StoreFundsEntry {
            at: from_ts(at),
            store_order_id: id,
            what: format!("Refund {rma} ({order}), with the next payment"),
            amount: usd(refund),
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(entries)
}

/// R-SUP-12: the store proposes a new ship date (a new proposal replaces an unanswered one).
pub async fn propose(
    db: impl SqliteExecutor<'_>,
    id: i64,
    date: NaiveDate,
    deadline: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_orders SET proposed_ship_date = ?, proposal_deadline = ?, proposal_answer = NULL WHERE id = ?",
    )
    .bind(date.to_string())
    .bind(ts(deadline))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// R-SUP-12: the partner's answer; an accepted date becomes the order's ship date.
pub async fn answer_proposal(db: impl SqliteExecutor<'_>, id: i64, accept: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE store_orders SET proposal_answer = ?,
            ship_date = CASE WHEN ? THEN proposed_ship_date ELSE ship_date END WHERE id = ?",
    )
    .bind(if accept { "accepted" } else { "declined" })
    .bind(accept)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A store invoice as stored, with its order's number.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub kind: String,
    pub amount_minor: i64,
    pub invoice_date: String,
    pub due_date: String,
    pub paid_at: Option<i64>,
    pub objection: Option<String>,
}

/// The partner's store invoices (not cancelled), newest first.
pub async fn invoices(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.order_id, o.number AS order_number, i.kind, i.amount_minor, i.invoice_date, i.due_date,
                i.paid_at, i.objection
         FROM store_invoices i JOIN store_orders o ON o.id = i.order_id
         WHERE i.partner_id = ? AND i.cancelled_at IS NULL ORDER BY i.id DESC",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await
}

pub async fn object(db: impl SqliteExecutor<'_>, id: i64, reason: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE store_invoices SET objection = ?, objected_at = ? WHERE id = ?")
        .bind(reason)
        .bind(ts(at))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks a store invoice paid; false when there is none (or it was cancelled).
pub async fn invoice_paid(db: impl SqliteExecutor<'_>, id: i64, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE store_invoices SET paid_at = COALESCE(paid_at, ?) WHERE id = ? AND cancelled_at IS NULL")
            .bind(ts(at))
            .bind(id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// R-SUP-4: the partner's certificates, by state.
pub async fn tax_certificates(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
) -> Result<Vec<portal_core::api::TaxCertificate>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, state, name, uploaded_at FROM store_tax_certificates WHERE partner_id = ? ORDER BY state",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, state, name, at)| portal_core::api::TaxCertificate { id, state, name, uploaded_at: from_ts(at) })
        .collect())
}

/// Keeps a certificate for a state, replacing an earlier one; answers the stored name it replaced.
pub async fn put_tax_certificate(
    conn: &mut SqliteConnection,
    partner_id: i64,
    state: &str,
    name: &str,
    size: u64,
    stored_name: &str,
    at: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    let old: Option<(String,)> =
        sqlx::query_as("SELECT stored_name FROM store_tax_certificates WHERE partner_id = ? AND state = ?")
            .bind(partner_id)
            .bind(state)
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO store_tax_certificates (partner_id, state, name, size, stored_name, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (partner_id, state) DO UPDATE SET name = excluded.name, size = excluded.size,
            stored_name = excluded.stored_name, uploaded_at = excluded.uploaded_at",
    )
    .bind(partner_id)
    .bind(state)
    .bind(name)
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(stored_name)
    .bind(ts(at))
    .execute(&mut *conn)
    .await?;
    Ok(old.map(|o| o.0))
}

/// Removes a certificate; answers its stored name, or None when it is not the partner's.
pub async fn remove_tax_certificate(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("DELETE FROM store_tax_certificates WHERE id = ? AND partner_id = ? RETURNING stored_name")
            .bind(id)
            .bind(partner_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| r.0))
}

pub async fn exempt_in(db: impl SqliteExecutor<'_>, partner_id: i64, state: &str) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM store_tax_certificates WHERE partner_id = ? AND state = ?")
        .bind(partner_id)
        .bind(state)
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}
