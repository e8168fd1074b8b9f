//! Orders (R-ORD-1..6): accepted jobs, their lines, confirmation, check-ins, files and shipments.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{
    CheckIn, CheckInRecord, Order, OrderDetail, OrderLine, OrderStatus, OrderSummary, OrderTerms, Shipment,
    ShipmentEvent, StoredFile,
};
use portal_core::capability::{Dimensions, Finish, Material, Process};
use portal_core::market_clock;
use portal_core::order::{CheckInQuestion, NextStep, PackingLine, packing_checklist, qc_needs};
use portal_core::shipping::{
    Delivery, DeliveryTerms, LengthUnit, NewShipment, Package, PackageKind, PickupSource, ShipmentLine, ShipmentStatus,
    WeightUnit,
};
use portal_core::upload::{FileKind, Purpose};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteConnection, SqliteExecutor};

use super::{from_ts, ts};

#[derive(Debug, Clone, FromRow)]
struct OrderRow {
    id: i64,
    number: String,
    job_id: i64,
    reference: String,
    part_name: String,
    process: String,
    material: String,
    quantity: i64,
    price_minor: i64,
    bonus_minor: i64,
    currency: String,
    lead_time: String,
    status: String,
    accepted_at: i64,
    version: i64,
    production_confirmed_at: Option<i64>,
    confirmed_on_accept: bool,
    qc_report_required: bool,
    delivery_terms: String,
    ship_to: String,
    handed_back_at: Option<i64>,
    hand_back_reason: Option<String>,
    production_order_downloaded_at: Option<i64>,
}

impl OrderRow {
    fn order(&self) -> Option<Order> {
        Some(Order {
            id: self.id,
            number: self.number.clone(),
            job_id: self.job_id,
            part_name: self.part_name.clone(),
            process: Process::parse(&self.process)?,
            material: Material::parse(&self.material)?,
            quantity: u32::try_from(self.quantity).ok()?,
            price: Money::new(self.price_minor, Currency::parse(&self.currency)?),
            bonus: (self.bonus_minor > 0)
                .then(|| Currency::parse(&self.currency).map(|c| Money::new(self.bonus_minor, c)))
                .flatten(),
            lead_time: NaiveDate::parse_from_str(&self.lead_time, "%Y-%m-%d").ok()?,
            status: OrderStatus::parse(&self.status)?,
            accepted_at: from_ts(self.accepted_at),
        })
    }
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.job_id, j.reference, j.part_name, j.process, j.material, j.quantity,
     o.price_minor, o.bonus_minor, o.currency, o.lead_time, o.status, o.accepted_at, o.version, o.production_confirmed_at,
     o.confirmed_on_accept, j.qc_report_required, j.delivery_terms, j.ship_to, o.handed_back_at, o.hand_back_reason,
     o.production_order_downloaded_at
     FROM orders o JOIN jobs j ON j.id = o.job_id";

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>, sqlx::Error> {
    let row: Option<OrderRow> =
        sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} WHERE o.id = ?")).bind(id).fetch_optional(db).await?;
    Ok(row.and_then(|r| r.order()))
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
struct LineRow {
    id: i64,
    order_id: i64,
    line_no: i64,
    part_name: String,
    quantity: i64,
    unit_price_minor: i64,
    total_minor: i64,
    finish: String,
    size_x_mm: i64,
    size_y_mm: i64,
    size_z_mm: i64,
    shipped: i64,
    picked_up: i64,
    invoiced: i64,
}

#[derive(FromRow)]
struct CheckInRow {
    order_id: i64,
    question: String,
    answer: bool,
    answered_at: i64,
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

impl FileRow {
    pub fn stored_file(&self) -> Option<StoredFile> {
        Some(StoredFile {
            id: self.id,
            purpose: Purpose::parse(&self.purpose)?,
            kind: FileKind::parse(&self.media_type)?,
            name: self.name.clone(),
            size: u64::try_from(self.size).ok()?,
            line_id: self.line_id,
            uploaded_at: from_ts(self.uploaded_at),
        })
    }
}

#[derive(FromRow)]
struct ShipmentRow {
    id: i64,
    order_id: i64,
    package_no: i64,
    length: i64,
    width: i64,
    height: i64,
    length_unit: String,
    weight: i64,
    weight_unit: String,
    kind: String,
    photo_id: Option<i64>,
    delivery: String,
    status: String,
    late: bool,
    published_at: i64,
    shipped_on: Option<String>,
    partner_shipped_at: Option<i64>,
}

/// Reads the partner's orders (all, or the one `only`) with everything the order page shows.
/// A few queries for all orders together, grouped here.
async fn load(db: &mut SqliteConnection, partner_id: i64, only: Option<i64>) -> Result<Vec<OrderDetail>, sqlx::Error> {
    let orders: Vec<OrderRow> = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?)
         ORDER BY o.accepted_at DESC, o.id DESC"
    ))
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let lines: Vec<LineRow> = sqlx::query_as(
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
    let check_ins: Vec<CheckInRow> = sqlx::query_as(
        "SELECT c.order_id, c.question, c.answer, c.answered_at FROM check_in_answers c
         JOIN orders o ON o.id = c.order_id WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?) ORDER BY c.id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let files: Vec<FileRow> = sqlx::query_as(
        "SELECT * FROM files WHERE partner_id = ? AND (? IS NULL OR order_id = ?) AND purpose NOT IN ('package_photo', 'invoice')
         ORDER BY id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let shipments: Vec<ShipmentRow> = sqlx::query_as(
        "SELECT id, order_id, package_no, length, width, height, length_unit, weight, weight_unit, kind, photo_id,
                delivery, status, late, published_at, shipped_on, partner_shipped_at
         FROM shipments WHERE partner_id = ? AND (? IS NULL OR order_id = ?) ORDER BY order_id, package_no",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let shipment_lines: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT sl.shipment_id, sl.line_id, sl.quantity FROM shipment_lines sl
         JOIN shipments s ON s.id = sl.shipment_id WHERE s.partner_id = ? AND (? IS NULL OR s.order_id = ?)
         ORDER BY sl.line_id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let events: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT e.shipment_id, e.status, e.at FROM shipment_events e
         JOIN shipments s ON s.id = e.shipment_id WHERE s.partner_id = ? AND (? IS NULL OR s.order_id = ?)
         ORDER BY e.at, e.rowid",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let invoices: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT i.order_id, COUNT(*), SUM(CASE WHEN i.status = 'paid' THEN 1 ELSE 0 END) FROM invoices i
         JOIN orders o ON o.id = i.order_id WHERE o.partner_id = ? AND (? IS NULL OR o.id = ?) GROUP BY i.order_id",
    )
    .bind(partner_id)
    .bind(only)
    .bind(only)
    .fetch_all(&mut *db)
    .await?;
    let ship_from: (String, String) = sqlx::query_as("SELECT company, address FROM partners WHERE id = ?")
        .bind(partner_id)
        .fetch_one(&mut *db)
        .await?;
    let ship_from = format!("{}\n{}", ship_from.0, ship_from.1).trim().to_owned();

    let mut lines_of: HashMap<i64, Vec<OrderLine>> = HashMap::new();
    let mut shipments_of: HashMap<i64, Vec<Shipment>> = HashMap::new();
    let mut details = Vec::with_capacity(orders.len());
    for row in orders {
        let Some(order) = row.order() else { continue };
        let currency = order.price.currency;
        let reference = row.reference.clone();
        lines_of.entry(row.id).or_default();
        for l in lines.iter().filter(|l| l.order_id == row.id) {
            let dim = |v: i64| u32::try_from(v).unwrap_or(0);
            let Some(finish) = Finish::parse(&l.finish) else { continue };
            lines_of.entry(row.id).or_default().push(OrderLine {
                id: l.id,
                line_no: u32::try_from(l.line_no).unwrap_or(0),
                part_name: l.part_name.clone(),
                quantity: u32::try_from(l.quantity).unwrap_or(0),
                unit_price: Money::new(l.unit_price_minor, currency),
                total: Money::new(l.total_minor, currency),
                finish,
                size: Dimensions::new(dim(l.size_x_mm), dim(l.size_y_mm), dim(l.size_z_mm)),
                drawings: vec![format!("{reference}-{}.step", l.line_no), format!("{reference}-{}.pdf", l.line_no)],
                shipped: u32::try_from(l.shipped).unwrap_or(0),
                picked_up: u32::try_from(l.picked_up).unwrap_or(0),
                invoiced: u32::try_from(l.invoiced).unwrap_or(0),
            });
        }
        let terms = OrderTerms {
            qc_report_required: row.qc_report_required,
            delivery_terms: DeliveryTerms::parse(&row.delivery_terms).unwrap_or(DeliveryTerms::Marketplace),
            ship_to: row.ship_to.clone(),
        };
        for s in shipments.iter().filter(|s| s.order_id == row.id) {
            if let Some(shipment) = shipment(s, &shipment_lines, &events, terms.delivery_terms, currency) {
                shipments_of.entry(row.id).or_default().push(shipment);
            }
        }
        let order_lines = lines_of.remove(&row.id).unwrap_or_default();
        let packing_lines: Vec<PackingLine<'_>> = order_lines
            .iter()
            .map(|l| PackingLine { part_name: &l.part_name, quantity: l.quantity, finish: l.finish, size: l.size })
            .collect();
        let packing = packing_checklist(order.process, &packing_lines);
        let check_ins = CheckInQuestion::ALL
            .iter()
            .map(|&q| {
                let history: Vec<CheckInRecord> = check_ins
                    .iter()
                    .filter(|c| c.order_id == row.id && c.question == q.slug())
                    .map(|c| CheckInRecord { answer: c.answer, at: from_ts(c.answered_at) })
                    .collect();
                let standing = history.last().copied();
                CheckIn {
                    question: q,
                    answer: standing.map(|c| c.answer),
                    answered_at: standing.map(|c| c.at),
                    opens_on: q.opens_on(order.lead_time),
                    due_on: q.due_on(order.lead_time),
                    history,
                }
            })
            .collect();
        let paid = invoices.iter().find(|i| i.0 == row.id).is_some_and(|(_, n, paid)| *n > 0 && n == paid);
        let detail = OrderDetail {
            qc: qc_needs(order.process, terms.qc_report_required),
            order,
            version: row.version,
            terms,
            ship_from: ship_from.clone(),
            production_confirmed_at: row.production_confirmed_at.map(from_ts),
            confirmed_on_accept: row.confirmed_on_accept,
            lines: order_lines,
            check_ins,
            files: files.iter().filter(|f| f.order_id == row.id).filter_map(FileRow::stored_file).collect(),
            packing,
            shipments: shipments_of.remove(&row.id).unwrap_or_default(),
            stages: Vec::new(),
            next_step: NextStep::ConfirmProduction,
            shipping_blocked: None,
            invoices_paid: paid,
            handed_back_at: row.handed_back_at.map(from_ts),
            hand_back_reason: row.hand_back_reason.clone(),
            production_order_downloaded_at: row.production_order_downloaded_at.map(from_ts),
        };
        details.push(detail.with_stages());
    }
    Ok(details)
}

fn shipment(
    s: &ShipmentRow,
    lines: &[(i64, i64, i64)],
    events: &[(i64, String, i64)],
    terms: DeliveryTerms,
    currency: Currency,
) -> Option<Shipment> {
    let status = ShipmentStatus::parse(&s.status)?;
    // R-ORD-7: the carrier's pickup scan (the marketplace's day) wins over the partner's answer.
    let carrier = s.shipped_on.as_deref().and_then(|d| d.parse::<NaiveDate>().ok());
    let partner = s.partner_shipped_at.map(|at| market_clock::day(currency, from_ts(at)));
    let (left_on, left_recorded_by) = match (carrier, partner) {
        (Some(day), _) => (Some(day), Some(PickupSource::Carrier)),
        (None, Some(day)) => (Some(day), Some(PickupSource::Partner)),
        (None, None) => (None, None),
    };
    let num = |v: i64| u32::try_from(v).ok();
    Some(Shipment {
        id: s.id,
        number: format!("SHP-{:06}", s.id),
        order_id: s.order_id,
        package_no: num(s.package_no)?,
        lines: lines
            .iter()
            .filter(|l| l.0 == s.id)
            .filter_map(|l| Some(ShipmentLine { line_id: l.1, quantity: num(l.2)? }))
            .collect(),
        package: Package {
            length: num(s.length)?,
            width: num(s.width)?,
            height: num(s.height)?,
            length_unit: LengthUnit::parse(&s.length_unit)?,
            weight: num(s.weight)?,
            weight_unit: WeightUnit::parse(&s.weight_unit)?,
            kind: PackageKind::parse(&s.kind)?,
            photo_id: s.photo_id,
        },
        delivery: serde_json::from_str::<Delivery>(&s.delivery).ok()?,
        status,
        events: events
            .iter()
            .filter(|e| e.0 == s.id)
            .filter_map(|e| Some(ShipmentEvent { status: ShipmentStatus::parse(&e.1)?, at: from_ts(e.2) }))
            .collect(),
        published_at: from_ts(s.published_at),
        late: s.late,
        labels_ready: status.labels_ready(terms),
        left_on,
        left_recorded_by,
    })
}

/// The partner's orders for My Orders, newest first.
pub async fn summaries(db: &mut SqliteConnection, partner_id: i64) -> Result<Vec<OrderSummary>, sqlx::Error> {
    Ok(load(db, partner_id, None)
        .await?
        .into_iter()
        .map(|d| OrderSummary {
            part_names: d.lines.iter().map(|l| l.part_name.clone()).collect(),
            left_to_ship: d.not_left(),
            stages: d.stages,
            next_step: d.next_step,
            order: d.order,
        })
        .collect())
}

/// One of the partner's orders with everything its page shows; `None` when it is not theirs.
pub async fn detail(
    db: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
) -> Result<Option<OrderDetail>, sqlx::Error> {
    Ok(load(db, partner_id, Some(order_id)).await?.pop())
}

/// Moves the order to its next version if the caller read the current one; `false` when stale.
pub async fn bump_version(db: &mut SqliteConnection, order_id: i64, expected: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE orders SET version = version + 1 WHERE id = ? AND version = ?")
        .bind(order_id)
        .bind(expected)
        .execute(&mut *db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// R-ORD-3: production confirmed now (once).
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
    refresh_status(db, order_id).await?;
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

/// A file, if it is the partner's.
pub async fn file(db: impl SqliteExecutor<'_>, partner_id: i64, id: i64) -> Result<Option<FileRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM files WHERE id = ? AND partner_id = ?")
        .bind(id)
        .bind(partner_id)
        .fetch_optional(db)
        .await
}

/// Publishes a checked shipment: the package, its lines, the first tracking step; the order
/// becomes `shipped` when nothing is left to ship. Returns the shipment's id.
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
    refresh_status(db, order_id).await?;
    Ok(row.0)
}

/// R-ORD-7: writes the order's status as its facts make it (`portal_core::order::status`). Every
/// change that can move an order on calls this, so the stored status (which probation counts)
/// never disagrees with the order page.
pub async fn refresh_status(db: &mut SqliteConnection, order_id: i64) -> Result<OrderStatus, sqlx::Error> {
    let (partner_id,): (i64,) =
        sqlx::query_as("SELECT partner_id FROM orders WHERE id = ?").bind(order_id).fetch_one(&mut *db).await?;
    let status = match detail(db, partner_id, order_id).await? {
        Some(d) => d.order.status,
        None => return Err(sqlx::Error::RowNotFound),
    };
    sqlx::query("UPDATE orders SET status = ? WHERE id = ? AND status <> ?")
        .bind(status.slug())
        .bind(order_id)
        .bind(status.slug())
        .execute(&mut *db)
        .await?;
    Ok(status)
}

/// R-ORD-4 (5), R-ORD-7: the partner's "Shipped" check-in for a package, on the day of pickup.
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
    refresh_status(db, order_id).await?;
    Ok(())
}

/// R-ORD-7: the partner hands the order back; its job returns to the boards (the caller).
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
    refresh_status(db, order_id).await?;
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
    Ok(row.and_then(|(p, o, s)| Some((p, o, ShipmentStatus::parse(&s)?))))
}

/// R-SHP-5: the marketplace moves a shipment on; only forward (checked by the caller). From the
/// pickup scan on (R-ORD-7), the shipment has left: on the marketplace's day of the scan, unless
/// that day was recorded already.
pub async fn set_shipment_status(
    db: &mut SqliteConnection,
    shipment_id: i64,
    status: ShipmentStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
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
        let day = market_clock::day(Currency::parse(&currency).unwrap_or(Currency::Usd), now);
        sqlx::query("UPDATE shipments SET shipped_on = ? WHERE id = ? AND shipped_on IS NULL")
            .bind(day.format("%Y-%m-%d").to_string())
            .bind(shipment_id)
            .execute(&mut *db)
            .await?;
    }
    add_event(db, shipment_id, status, now).await?;
    refresh_status(db, order_id).await?;
    Ok(())
}
