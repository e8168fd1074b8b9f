//! Orders: accepted jobs (R-ORD-1).

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{Order, OrderStatus};
use portal_core::capability::{Material, Process};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteExecutor};

use super::{from_ts, ts};

#[derive(Debug, Clone, FromRow)]
struct OrderRow {
    id: i64,
    number: String,
    job_id: i64,
    part_name: String,
    process: String,
    material: String,
    quantity: i64,
    price_minor: i64,
    currency: String,
    lead_time: String,
    status: String,
    accepted_at: i64,
}

impl OrderRow {
    fn into_order(self) -> Option<Order> {
        Some(Order {
            id: self.id,
            number: self.number,
            job_id: self.job_id,
            part_name: self.part_name,
            process: Process::parse(&self.process)?,
            material: Material::parse(&self.material)?,
            quantity: u32::try_from(self.quantity).ok()?,
            price: Money::new(self.price_minor, Currency::parse(&self.currency)?),
            lead_time: NaiveDate::parse_from_str(&self.lead_time, "%Y-%m-%d").ok()?,
            status: OrderStatus::parse(&self.status)?,
            accepted_at: from_ts(self.accepted_at),
        })
    }
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.job_id, j.part_name, j.process, j.material, j.quantity,
     o.price_minor, o.currency, o.lead_time, o.status, o.accepted_at
     FROM orders o JOIN jobs j ON j.id = o.job_id";

/// The partner's orders, newest first.
pub async fn for_partner(db: impl SqliteExecutor<'_>, partner_id: i64) -> Result<Vec<Order>, sqlx::Error> {
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} WHERE o.partner_id = ? ORDER BY o.accepted_at DESC, o.id DESC"
    ))
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(OrderRow::into_order).collect())
}

pub async fn by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>, sqlx::Error> {
    let row: Option<OrderRow> =
        sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} WHERE o.id = ?")).bind(id).fetch_optional(db).await?;
    Ok(row.and_then(OrderRow::into_order))
}

pub struct NewOrder {
    pub partner_id: i64,
    pub job_id: i64,
    pub price: Money,
    pub lead_time: NaiveDate,
    pub status: OrderStatus,
    pub accepted_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

pub async fn insert(db: impl SqliteExecutor<'_>, o: &NewOrder) -> Result<i64, sqlx::Error> {
    // The order number is derived from the job, which is unique per order.
    let number = format!("ORD-{:06}", o.job_id);
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO orders (number, partner_id, job_id, price_minor, currency, lead_time, status, accepted_at, completed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(number)
    .bind(o.partner_id)
    .bind(o.job_id)
    .bind(o.price.amount_minor)
    .bind(o.price.currency.code())
    .bind(o.lead_time.format("%Y-%m-%d").to_string())
    .bind(o.status.slug())
    .bind(ts(o.accepted_at))
    .bind(o.completed_at.map(ts))
    .fetch_one(db)
    .await?;
    Ok(row.0)
}
