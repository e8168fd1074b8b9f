//! Orders (R-ORD-1..6): accepted jobs, their lines, confirmation, check-ins, files and shipments,
//! as stored. The order page is assembled from these rows in `app::orders`.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{Order, OrderStatus};
use portal_core::capability::{Dimensions, Finish, Material, Process};
use portal_core::market_clock;
use portal_core::order::CheckInQuestion;
use portal_core::shipping::{NewShipment, ShipmentStatus};
use portal_core::upload::{FileKind, Purpose};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteConnection, SqliteExecutor};

use super::{Corrupt, decode, decode_date, decode_u32, from_ts, ts};

#[derive(Debug, Clone, FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub job_id: i64,
    pub reference: String,
    pub part_name: String,
    pub process: String,
    pub material: String,
    pub quantity: i64,
    pub price_minor: i64,
    pub bonus_minor: i64,
    pub currency: String,
    pub lead_time: String,
    pub status: String,
    pub accepted_at: i64,
    pub version: i64,
    pub production_confirmed_at: Option<i64>,
    pub confirmed_on_accept: bool,
    pub qc_report_required: bool,
    pub delivery_terms: String,
    pub ship_to: String,
    pub tolerance: String,
    pub notes: String,
    pub handed_back_at: Option<i64>,
    pub hand_back_reason: Option<String>,
    pub production_order_downloaded_at: Option<i64>,
}

const TABLE: &str = "orders";

impl OrderRow {
    /// The order as the API shows it (its status as stored).
    pub fn order(&self) -> Result<Order, Corrupt> {
        let id = self.id;
        let currency = decode(TABLE, id, "currency", &self.currency, Currency::parse)?;
        Ok(Order {
            id,
            number: self.number.clone(),
            job_id: self.job_id,
            part_name: self.part_name.clone(),
            process: decode(TABLE, id, "jobs.process", &self.process, Process::parse)?,
            material: decode(TABLE, id, "jobs.material", &self.material, Material::parse)?,
            quantity: decode_u32(TABLE, id, "jobs.quantity", self.quantity)?,
            price: Money::new(self.price_minor, currency),
            bonus: (self.bonus_minor > 0).then(|| Money::new(self.bonus_minor, currency)),
            lead_time: decode_date(TABLE, id, "lead_time", &self.lead_time)?,
            status: decode(TABLE, id, "status", &self.status, OrderStatus::parse)?,
            accepted_at: from_ts(self.accepted_at),
        })
    }
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.job_id, j.reference, j.part_name, j.process, j.material, j.quantity,
     o.price_minor, o.bonus_minor, o.currency, o.lead_time, o.status, o.accepted_at, o.version, o.production_confirmed_at,
     o.confirmed_on_accept, j.qc_report_required, j.delivery_terms, j.ship_to, j.tolerance, j.notes, o.handed_back_at, o.hand_back_reason,
     o.production_order_downloaded_at
     FROM orders o JOIN jobs j ON j.id = o.job_id";

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>, sqlx::Error> {
    let row: Option<OrderRow> =
        sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} WHERE o.id = ?")).bind(id).fetch_optional(db).await?;
    Ok(row.map(|r| r.order()).transpose()?)
}

/// Whether the partner holds the order made from a job (any status).
pub async fn holds_job(db: impl SqliteExecutor<'_>, partner_id: i64, job_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM orders WHERE partner_id = ? AND job_id = ?")
        .bind(partner_id)
        .bind(job_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

pub struct NewOrder {
    pub partner_id: i64,
    pub job_id: i64,
    pub price: Money,
    /// R-JOB-7: on top of the base price, same currency (0: none).
    pub bonus_minor: i64,
    pub lead_time: NaiveDate,
    pub accepted_at: DateTime<Utc>,
    /// R-ORD-3: accepted from the board at the job's terms (confirmed already), or not (an
    /// awarded counteroffer: the partner confirms the production order).
    pub confirmed: bool,
}

/// Writes the order, in production (R-ORD-7: every later status follows from what happens to
/// it), and its one line (the job's part at the order's price).
pub async fn insert(db: &mut SqliteConnection, o: &NewOrder) -> Result<i64, sqlx::Error> {
    // The order number is derived from the job; a job handed back and taken again gets a suffix.
    let (before,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM orders WHERE job_id = ?").bind(o.job_id).fetch_one(&mut *db).await?;
    let number =
        if before == 0 { format!("ORD-{:06}", o.job_id) } else { format!("ORD-{:06}-{}", o.job_id, before + 1) };
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO orders (number, partner_id, job_id, price_minor, bonus_minor, currency, lead_time, status,
                             accepted_at, production_confirmed_at, confirmed_on_accept)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'in_production', ?, ?, ?) RETURNING id",
    )
    .bind(number)
    .bind(o.partner_id)
    .bind(o.job_id)
    .bind(o.price.amount_minor)
    .bind(o.bonus_minor)
    .bind(o.price.currency.code())
    .bind(o.lead_time.format("%Y-%m-%d").to_string())
    .bind(ts(o.accepted_at))
    .bind(o.confirmed.then(|| ts(o.accepted_at)))
    .bind(o.confirmed)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO order_lines (order_id, line_no, part_name, quantity, unit_price_minor, total_minor, finish,
                                  size_x_mm, size_y_mm, size_z_mm)
         SELECT ?, 1, part_name, quantity, ? / quantity, ?, finish, size_x_mm, size_y_mm, size_z_mm
         FROM jobs WHERE id = ?",
    )
    .bind(row.0)
    .bind(o.price.amount_minor)
    .bind(o.price.amount_minor)
    .bind(o.job_id)
    .execute(&mut *db)
    .await?;
    Ok(row.0)
}

/// A line as the demo writes it (orders of several parts).
pub struct NewLine<'a> {
    pub part_name: &'a str,
    pub quantity: u32,
    pub unit_price_minor: i64,
    pub finish: Finish,
    pub size: Dimensions,
}

/// Replaces an order's lines (demo data: orders of several parts).
pub async fn replace_lines(db: &mut SqliteConnection, order_id: i64, lines: &[NewLine<'_>]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM order_lines WHERE order_id = ?").bind(order_id).execute(&mut *db).await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, part_name, quantity, unit_price_minor, total_minor, finish,
                                      size_x_mm, size_y_mm, size_z_mm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(order_id)
        .bind(i64::try_from(i + 1).unwrap_or(i64::MAX))
        .bind(l.part_name)
        .bind(i64::from(l.quantity))
        .bind(l.unit_price_minor)
        .bind(l.unit_price_minor * i64::from(l.quantity))
        .bind(l.finish.slug())
        .bind(i64::from(l.size.x_mm))
        .bind(i64::from(l.size.y_mm))
        .bind(i64::from(l.size.z_mm))
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

#[derive(FromRow)]
pub struct LineRow {
    pub id: i64,
    pub order_id: i64,
    pub line_no: i64,
    pub part_name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub total_minor: i64,
    pub finish: String,
    pub size_x_mm: i64,
    pub size_y_mm: i64,
    pub size_z_mm: i64,
    /// Parts of the line in published shipments.
    pub shipped: i64,
    /// Parts of the line in shipments that have left the shop.
    pub picked_up: i64,
    pub invoiced: i64,
}

#[derive(FromRow)]
pub struct CheckInRow {
    pub id: i64,
    pub order_id: i64,
    pub question: String,
    pub answer: bool,
    pub answered_at: i64,
}

#[derive(FromRow)]
pub struct FileRow {
    pub id: i64,
    pub partner_id: i64,
    pub order_id: i64,
    pub line_id: Option<i64>,
    pub purpose: String,
    pub media_type: String,
    pub name: String,
    pub size: i64,
    pub stored_name: String,
    pub uploaded_at: i64,
}

#[derive(FromRow)]
pub struct ShipmentRow {
    pub id: i64,
    pub order_id: i64,
    pub package_no: i64,
    pub length: i64,
    pub width: i64,
    pub height: i64,
    pub length_unit: String,
    pub weight: i64,
    pub weight_unit: String,
    pub kind: String,
    pub photo_id: Option<i64>,
    pub delivery: String,
    pub status: String,
    pub late: bool,
    pub published_at: i64,
    pub shipped_on: Option<String>,
    pub partner_shipped_at: Option<i64>,
}

#[derive(FromRow)]
pub struct ShipmentLineRow {
    pub shipment_id: i64,
    pub line_id: i64,
    pub quantity: i64,
}

#[derive(FromRow)]
pub struct ShipmentEventRow {
    pub rowid: i64,
    pub shipment_id: i64,
    pub status: String,
    pub at: i64,
}

/// How many invoices an order has, and how many of them are paid.
#[derive(FromRow)]
pub struct InvoiceCountRow {
    pub order_id: i64,
    pub invoices: i64,
    pub paid: i64,
}

/// Everything the order pages of a partner (all orders, or one) are built from, as stored; the
/// view is assembled in `app::orders`.
pub struct OrderRows {
    pub orders: Vec<OrderRow>,
    pub lines: Vec<LineRow>,
    pub check_ins: Vec<CheckInRow>,
    /// Files shown on the order page (not package photos or invoices).
    pub files: Vec<FileRow>,
    pub shipments: Vec<ShipmentRow>,
    pub shipment_lines: Vec<ShipmentLineRow>,
    pub events: Vec<ShipmentEventRow>,
    pub invoices: Vec<InvoiceCountRow>,
    /// The partner's company and address.
    pub ship_from: (String, String),
}

/// Reads the partner's orders (all, or the one `only`) with everything the order page shows.
/// A few queries for all orders together; `None` when there is no such order.
pub async fn rows(db: &mut SqliteConnection, partner_id: i64, only: Option<i64>) -> Result<OrderRows, sqlx::Error> {
    let orders: Vec<OrderRow> = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?)
         ORDER BY o.accepted_at DESC, o.id DESC"
    ))
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let mut rows = OrderRows {
        orders,
        lines: Vec::new(),
        check_ins: Vec::new(),
        files: Vec::new(),
        shipments: Vec::new(),
        shipment_lines: Vec::new(),
        events: Vec::new(),
        invoices: Vec::new(),
        ship_from: (String::new(), String::new()),
    };
    if rows.orders.is_empty() {
        return Ok(rows);
    }
    rows.lines = sqlx::query_as(
        "SELECT l.id, l.order_id, l.line_no, l.part_name, l.quantity, l.unit_price_minor, l.total_minor, l.finish,
                l.size_x_mm, l.size_y_mm, l.size_z_mm,
                COALESCE((SELECT SUM(sl.quantity) FROM shipment_lines sl WHERE sl.line_id = l.id), 0) AS shipped,
                COALESCE((SELECT SUM(sl.quantity) FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
                          WHERE sl.line_id = l.id AND (s.shipped_on IS NOT NULL OR s.partner_shipped_at IS NOT NULL)),
                         0) AS picked_up,
                COALESCE((SELECT SUM(il.quantity) FROM invoice_lines il WHERE il.line_id = l.id), 0) AS invoiced
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?) ORDER BY l.order_id, l.line_no",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    rows.check_ins = sqlx::query_as(
        "SELECT c.id, c.order_id, c.question, c.answer, c.answered_at FROM check_in_answers c
         JOIN orders o ON o.id = c.order_id WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?) ORDER BY c.id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    rows.files = sqlx::query_as(
        "SELECT * FROM files WHERE partner_id = ? AND (? IS NULL OR order_id = ?) AND purpose NOT IN ('package_photo', 'invoice')
         ORDER BY id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    shipment_rows(db, partner_id, only, &mut rows).await?;
    rows.invoices = sqlx::query_as(
        "SELECT i.order_id, COUNT(*) AS invoices, SUM(CASE WHEN i.status = 'paid' THEN 1 ELSE 0 END) AS paid
         FROM invoices i JOIN orders o ON o.id = i.order_id
         WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?) GROUP BY i.order_id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    rows.ship_from = sqlx::query_as("SELECT company, address FROM partners WHERE id = ?")
        .bind(partner_id)
        .fetch_one(&mut *db)
        .await?;
    Ok(rows)
}

/// The shipments of the partner's orders (all, or of `only`), their contents and tracking steps.
async fn shipment_rows(
    db: &mut SqliteConnection,
    partner_id: i64,
    only: Option<i64>,
    rows: &mut OrderRows,
) -> Result<(), sqlx::Error> {
    rows.shipments = sqlx::query_as(
        "SELECT id, order_id, package_no, length, width, height, length_unit, weight, weight_unit, kind, photo_id,
                delivery, status, late, published_at, shipped_on, partner_shipped_at
         FROM shipments WHERE partner_id = ? AND (? IS NULL OR order_id = ?) ORDER BY order_id, package_no",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    rows.shipment_lines = sqlx::query_as(
        "SELECT sl.shipment_id, sl.line_id, sl.quantity FROM shipment_lines sl
         JOIN shipments s ON s.id = sl.shipment_id WHERE s.partner_id = ? AND (? IS NULL OR s.order_id = ?)
         ORDER BY sl.line_id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    rows.events = sqlx::query_as(
        "SELECT e.rowid AS rowid, e.shipment_id, e.status, e.at FROM shipment_events e
         JOIN shipments s ON s.id = e.shipment_id WHERE s.partner_id = ? AND (? IS NULL OR s.order_id = ?)
         ORDER BY e.at, e.rowid",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    Ok(())
}

/// Moves the order to its next version if the caller read the current one; `false` when stale.
pub async fn bump_version(
    db: &mut SqliteConnection,
    order_id: i64,
    expected: Option<i64>,
) -> Result<bool, sqlx::Error> {
    // `None` is `If-Match: *`: whatever version the order is at.
    let done = sqlx::query("UPDATE orders SET version = version + 1 WHERE id = ?1 AND (?2 IS NULL OR version = ?2)")
        .bind(order_id)
        .bind(expected)
        .execute(&mut *db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// R-ORD-3: production confirmed now (once). `app::orders` refreshes the status after.
pub async fn confirm_production(
    db: &mut SqliteConnection,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET production_confirmed_at = ? WHERE id = ? AND production_confirmed_at IS NULL")
        .bind(ts(now))
        .bind(order_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// R-ORD-4 (revised): records an answer with its time, beside the earlier ones (the newest stands).
pub async fn answer_check_in(
    db: &mut SqliteConnection,
    order_id: i64,
    question: CheckInQuestion,
    answer: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO check_in_answers (order_id, question, answer, answered_at) VALUES (?, ?, ?, ?)")
        .bind(order_id)
        .bind(question.slug())
        .bind(answer)
        .bind(ts(now))
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub struct NewFile<'a> {
    pub partner_id: i64,
    pub order_id: i64,
    pub line_id: Option<i64>,
    pub purpose: Purpose,
    pub kind: FileKind,
    pub name: &'a str,
    pub size: u64,
    pub stored_name: &'a str,
    pub uploaded_at: DateTime<Utc>,
}

pub async fn insert_file(db: impl SqliteExecutor<'_>, f: &NewFile<'_>) -> Result<i64, sqlx::Error> {
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO files (partner_id, order_id, line_id, purpose, media_type, name, size, stored_name, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(f.partner_id)
    .bind(f.order_id)
    .bind(f.line_id)
    .bind(f.purpose.slug())
    .bind(f.kind.slug())
    .bind(f.name)
    .bind(i64::try_from(f.size).unwrap_or(i64::MAX))
    .bind(f.stored_name)
    .bind(ts(f.uploaded_at))
    .fetch_one(db)
    .await?;
    Ok(row.0)
}

/// The bytes of the partner's files stored since `since`, and in all (their upload quota).
pub async fn stored_bytes(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    since: DateTime<Utc>,
) -> Result<(u64, u64), sqlx::Error> {
    let (recent, total): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN uploaded_at >= ? THEN size ELSE 0 END), 0), COALESCE(SUM(size), 0)
         FROM files WHERE partner_id = ?",
    )
    .bind(ts(since))
    .bind(partner_id)
    .fetch_one(db)
    .await?;
    Ok((u64::try_from(recent).unwrap_or(0), u64::try_from(total).unwrap_or(0)))
}

/// A file, if it is the partner's.
pub async fn file(db: impl SqliteExecutor<'_>, partner_id: i64, id: i64) -> Result<Option<FileRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM files WHERE id = ? AND partner_id = ?")
        .bind(id)
        .bind(partner_id)
        .fetch_optional(db)
        .await
}

/// Writes a checked shipment: the package, its lines, the first tracking step. Returns the
/// shipment's id; `app::orders::publish` then refreshes the order's status.
pub async fn insert_shipment(
    db: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
    s: &NewShipment,
    late: bool,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let p = &s.package;
    let delivery = serde_json::to_string(&s.delivery).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO shipments (order_id, partner_id, package_no, length, width, height, length_unit, weight,
                                weight_unit, kind, photo_id, delivery, late, published_at)
         VALUES (?, ?, (SELECT COUNT(*) + 1 FROM shipments WHERE order_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(order_id)
    .bind(partner_id)
    .bind(order_id)
    .bind(i64::from(p.length))
    .bind(i64::from(p.width))
    .bind(i64::from(p.height))
    .bind(p.length_unit.slug())
    .bind(i64::from(p.weight))
    .bind(p.weight_unit.slug())
    .bind(p.kind.slug())
    .bind(p.photo_id)
    .bind(delivery)
    .bind(late)
    .bind(ts(now))
    .fetch_one(&mut *db)
    .await?;
    for line in s.lines.iter().filter(|l| l.quantity > 0) {
        sqlx::query("INSERT INTO shipment_lines (shipment_id, line_id, quantity) VALUES (?, ?, ?)")
            .bind(row.0)
            .bind(line.line_id)
            .bind(i64::from(line.quantity))
            .execute(&mut *db)
            .await?;
    }
    add_event(db, row.0, ShipmentStatus::Submitted, now).await?;
    Ok(row.0)
}

/// R-ORD-7: stores the status the order's facts make it (`app::orders::refresh_status` works it out).
pub async fn set_status(db: &mut SqliteConnection, order_id: i64, status: OrderStatus) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET status = ? WHERE id = ? AND status <> ?")
        .bind(status.slug())
        .bind(order_id)
        .bind(status.slug())
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// The rule lives in the application layer; it is named here too for the tools outside the crate
/// (the bench seeder) that write orders directly.
pub use crate::app::orders::refresh_status;

/// R-ORD-4 (5), R-ORD-7: the partner's "Shipped" check-in for a package, on the day of pickup.
/// `app::orders` refreshes the status after.
pub async fn record_partner_pickup(
    db: &mut SqliteConnection,
    order_id: i64,
    shipment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE shipments SET partner_shipped_at = ? WHERE id = ? AND order_id = ? AND partner_shipped_at IS NULL",
    )
    .bind(ts(now))
    .bind(shipment_id)
    .bind(order_id)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// R-ORD-7: the partner hands the order back; its job returns to the boards and its status is
/// refreshed (the caller, `app::orders`).
pub async fn hand_back(
    db: &mut SqliteConnection,
    order_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET handed_back_at = ?, hand_back_reason = ? WHERE id = ? AND handed_back_at IS NULL")
        .bind(ts(now))
        .bind(reason)
        .bind(order_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// R-ORD-3: the production order was downloaded (the first time is kept).
pub async fn production_order_downloaded(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE orders SET production_order_downloaded_at = ? WHERE id = ? AND production_order_downloaded_at IS NULL",
    )
    .bind(ts(now))
    .bind(order_id)
    .execute(db)
    .await?;
    Ok(())
}

async fn add_event(
    db: &mut SqliteConnection,
    shipment_id: i64,
    status: ShipmentStatus,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO shipment_events (shipment_id, status, at) VALUES (?, ?, ?)")
        .bind(shipment_id)
        .bind(status.slug())
        .bind(ts(at))
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// A shipment's owner, order and tracking step (for the operator).
pub async fn shipment_state(
    db: &mut SqliteConnection,
    shipment_id: i64,
) -> Result<Option<(i64, i64, ShipmentStatus)>, sqlx::Error> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT partner_id, order_id, status FROM shipments WHERE id = ?")
            .bind(shipment_id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(row
        .map(|(p, o, s)| {
            Ok::<_, Corrupt>((p, o, decode("shipments", shipment_id, "status", &s, ShipmentStatus::parse)?))
        })
        .transpose()?)
}

/// R-SHP-5: the marketplace moves a shipment on; only forward (checked by the caller). Answers
/// the shipment's order, whose status the caller refreshes. From the
/// pickup scan on (R-ORD-7), the shipment has left: on the marketplace's day of the scan, unless
/// that day was recorded already.
pub async fn set_shipment_status(
    db: &mut SqliteConnection,
    shipment_id: i64,
    status: ShipmentStatus,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let (order_id, currency): (i64, String) = sqlx::query_as(
        "SELECT s.order_id, o.currency FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ?",
    )
    .bind(shipment_id)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query("UPDATE shipments SET status = ? WHERE id = ?")
        .bind(status.slug())
        .bind(shipment_id)
        .execute(&mut *db)
        .await?;
    if status >= ShipmentStatus::PickedUp {
        let day = market_clock::day(decode(TABLE, order_id, "currency", &currency, Currency::parse)?, now);
        sqlx::query("UPDATE shipments SET shipped_on = ? WHERE id = ? AND shipped_on IS NULL")
            .bind(day.format("%Y-%m-%d").to_string())
            .bind(shipment_id)
            .execute(&mut *db)
            .await?;
    }
    add_event(db, shipment_id, status, now).await?;
    Ok(order_id)
}
