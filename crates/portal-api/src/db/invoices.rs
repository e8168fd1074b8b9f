//! Invoices, bank details and payouts (R-INV-1..5).

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{BankDetails, Invoice, InvoicePosition, InvoiceStatus};
use portal_core::invoice::{BankAccount, unit_price_text};
use portal_core::{Currency, Money};
use sqlx::{FromRow, SqliteConnection, SqliteExecutor};

use crate::secrets::BankKeys;

use super::{Corrupt, decode, decode_date, decode_u32, from_ts, ts};

#[derive(FromRow)]
struct BankRow {
    partner_id: i64,
    currency: String,
    holder: String,
    account: String,
    bank_code: String,
    updated_at: i64,
}

impl BankRow {
    /// What `column` of this row is sealed for: the row itself, so a value cannot be moved.
    fn context(partner_id: i64, currency: &str, column: &str) -> String {
        format!("bank_accounts/{partner_id}/{currency}/{column}")
    }

    /// The holder and the account, opened with the key ring.
    fn opened(&self, keys: &BankKeys) -> Result<(String, String), Corrupt> {
        let open = |column: &'static str, value: &str| {
            keys.open(&BankRow::context(self.partner_id, &self.currency, column), value).ok_or_else(|| Corrupt {
                table: "bank_accounts",
                id: self.partner_id,
                detail: format!("{column} of the {} account cannot be opened with the bank keys given", self.currency),
            })
        };
        Ok((open("holder", &self.holder)?, open("account", &self.account)?))
    }

    fn account(&self, keys: &BankKeys) -> Result<BankAccount, Corrupt> {
        // Bank accounts are keyed by partner and currency; the partner names the row.
        let currency = decode("bank_accounts", self.partner_id, "currency", &self.currency, Currency::parse)?;
        let (holder, account) = self.opened(keys)?;
        Ok(match currency {
            Currency::Eur => BankAccount::Eur { holder, iban: account, bic: self.bank_code.clone() },
            Currency::Usd => {
                BankAccount::Usd { holder, routing_number: self.bank_code.clone(), account_number: account }
            }
        })
    }

    fn shown(&self, keys: &BankKeys) -> Result<BankDetails, Corrupt> {
        Ok(BankDetails::of(&self.account(keys)?, from_ts(self.updated_at)))
    }
}

/// The partner's saved bank details for `currency`, masked.
pub async fn bank(
    db: impl SqliteExecutor<'_>,
    keys: &BankKeys,
    partner_id: i64,
    currency: Currency,
) -> Result<Option<BankDetails>, sqlx::Error> {
    let row: Option<BankRow> = sqlx::query_as(
        "SELECT partner_id, currency, holder, account, bank_code, updated_at FROM bank_accounts WHERE partner_id = ? AND currency = ?",
    )
    .bind(partner_id)
    .bind(currency.code())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| r.shown(keys)).transpose()?)
}

/// Every saved bank account of the partner, masked.
pub async fn banks(
    db: impl SqliteExecutor<'_>,
    keys: &BankKeys,
    partner_id: i64,
) -> Result<Vec<BankDetails>, sqlx::Error> {
    let rows: Vec<BankRow> = sqlx::query_as(
        "SELECT partner_id, currency, holder, account, bank_code, updated_at FROM bank_accounts WHERE partner_id = ? ORDER BY currency",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(|r| r.shown(keys)).collect::<Result<_, _>>()?)
}

/// Saves (or replaces) the partner's bank details for the account's currency; the holder and the
/// account are sealed with the current key.
pub async fn save_bank(
    db: impl SqliteExecutor<'_>,
    keys: &BankKeys,
    partner_id: i64,
    account: &BankAccount,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let currency = account.currency().code();
    sqlx::query(
        "INSERT INTO bank_accounts (partner_id, currency, holder, account, bank_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (partner_id, currency) DO UPDATE SET holder = excluded.holder, account = excluded.account,
             bank_code = excluded.bank_code, updated_at = excluded.updated_at",
    )
    .bind(partner_id)
    .bind(currency)
    .bind(keys.seal(&BankRow::context(partner_id, currency, "holder"), account.holder()))
    .bind(keys.seal(&BankRow::context(partner_id, currency, "account"), account.account()))
    .bind(account.bank_code())
    .bind(ts(now))
    .execute(db)
    .await?;
    Ok(())
}

/// Seals again, with the current key, every bank detail that is plain (saved before sealing) or
/// sealed with an older key: run at start, it finishes a key rotation. The number sealed again.
pub async fn reseal_banks(db: &sqlx::SqlitePool, keys: &BankKeys) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let rows: Vec<BankRow> =
        sqlx::query_as("SELECT partner_id, currency, holder, account, bank_code, updated_at FROM bank_accounts")
            .fetch_all(&mut *tx)
            .await?;
    let mut resealed = 0;
    for row in rows.iter().filter(|r| !keys.is_current(&r.holder) || !keys.is_current(&r.account)) {
        let (holder, account) = row.opened(keys)?;
        sqlx::query("UPDATE bank_accounts SET holder = ?, account = ? WHERE partner_id = ? AND currency = ?")
            .bind(keys.seal(&BankRow::context(row.partner_id, &row.currency, "holder"), &holder))
            .bind(keys.seal(&BankRow::context(row.partner_id, &row.currency, "account"), &account))
            .bind(row.partner_id)
            .bind(&row.currency)
            .execute(&mut *tx)
            .await?;
        resealed += 1;
    }
    tx.commit().await?;
    Ok(resealed)
}

/// The order number of the partner's invoice numbered `number` (any case), if there is one.
pub async fn number_used(
    db: impl SqliteExecutor<'_>,
    partner_id: i64,
    number: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.number FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.partner_id = ? AND i.number = ?",
    )
    .bind(partner_id)
    .bind(number)
    .fetch_optional(db)
    .await
}

/// Whether a file is already attached to an invoice.
pub async fn file_used(db: impl SqliteExecutor<'_>, file_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM invoices WHERE file_id = ?)").bind(file_id).fetch_one(db).await
}

pub struct NewInvoiceRow<'a> {
    pub partner_id: i64,
    pub order_id: i64,
    pub number: &'a str,
    pub invoice_date: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub payment_date: NaiveDate,
    pub total: Money,
    pub file_id: i64,
    pub bank: &'a BankDetails,
    pub positions: &'a [InvoicePosition],
}

pub async fn insert(db: &mut SqliteConnection, i: &NewInvoiceRow<'_>) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (partner_id, order_id, number, invoice_date, submitted_at, payment_date, currency,
                               total_minor, file_id, bank_holder, bank_account_masked, bank_code, bank_updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(i.partner_id)
    .bind(i.order_id)
    .bind(i.number)
    .bind(i.invoice_date.to_string())
    .bind(ts(i.submitted_at))
    .bind(i.payment_date.to_string())
    .bind(i.total.currency.code())
    .bind(i.total.amount_minor)
    .bind(i.file_id)
    .bind(&i.bank.holder)
    .bind(&i.bank.account_masked)
    .bind(&i.bank.bank_code)
    .bind(ts(i.bank.updated_at))
    .fetch_one(&mut *db)
    .await?;
    for p in i.positions {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, line_id, quantity, unit_price_milli, total_minor)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(p.line_id)
        .bind(p.quantity)
        .bind(p.unit_price_milli)
        .bind(p.total.amount_minor)
        .execute(&mut *db)
        .await?;
    }
    // The order page changed (the Invoice stage): stale tabs must reload before acting.
    sqlx::query("UPDATE orders SET version = version + 1 WHERE id = ?").bind(i.order_id).execute(&mut *db).await?;
    Ok(id)
}

#[derive(FromRow)]
struct InvoiceRow {
    id: i64,
    partner_id: i64,
    order_id: i64,
    order_number: String,
    number: String,
    invoice_date: String,
    submitted_at: i64,
    payment_date: String,
    currency: String,
    total_minor: i64,
    status: String,
    approved_at: Option<i64>,
    paid_at: Option<i64>,
    file_id: i64,
    bank_holder: String,
    bank_account_masked: String,
    bank_code: String,
    bank_updated_at: i64,
}

#[derive(FromRow)]
struct InvoiceLineRow {
    invoice_id: i64,
    line_id: i64,
    line_no: i64,
    part_name: String,
    quantity: i64,
    unit_price_milli: i64,
    total_minor: i64,
}

/// Invoices: the partner's (`partner_id`), of one order (`order_id`) or one (`id`), newest first.
/// With no partner, any partner's (the operator's view).
async fn load(
    db: &mut SqliteConnection,
    partner_id: Option<i64>,
    order_id: Option<i64>,
    id: Option<i64>,
) -> Result<Vec<(i64, Invoice)>, sqlx::Error> {
    let rows: Vec<InvoiceRow> = sqlx::query_as(
        "SELECT i.id, i.partner_id, i.order_id, o.number AS order_number, i.number, i.invoice_date, i.submitted_at,
                i.payment_date, i.currency, i.total_minor, i.status, i.approved_at, i.paid_at, i.file_id,
                i.bank_holder, i.bank_account_masked, i.bank_code, i.bank_updated_at
         FROM invoices i JOIN orders o ON o.id = i.order_id
         WHERE (?1 IS NULL OR i.partner_id = ?1) AND (?2 IS NULL OR i.order_id = ?2) AND (?3 IS NULL OR i.id = ?3)
         ORDER BY i.submitted_at DESC, i.id DESC",
    )
    .bind(partner_id)
    .bind(order_id)
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    let lines: Vec<InvoiceLineRow> = sqlx::query_as(
        "SELECT il.invoice_id, il.line_id, l.line_no, l.part_name, il.quantity, il.unit_price_milli, il.total_minor
         FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id JOIN order_lines l ON l.id = il.line_id
         WHERE (?1 IS NULL OR i.partner_id = ?1) AND (?2 IS NULL OR i.order_id = ?2) AND (?3 IS NULL OR i.id = ?3)
         ORDER BY il.invoice_id, l.line_no",
    )
    .bind(partner_id)
    .bind(order_id)
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| invoice(r, &lines)).collect::<Result<_, _>>()?)
}

const TABLE: &str = "invoices";

/// An invoice row with its lines, as the API shows it, with its partner's id.
fn invoice(r: InvoiceRow, lines: &[InvoiceLineRow]) -> Result<(i64, Invoice), Corrupt> {
    let currency = decode(TABLE, r.id, "currency", &r.currency, Currency::parse)?;
    let positions = lines
        .iter()
        .filter(|l| l.invoice_id == r.id)
        .map(|l| {
            Ok(InvoicePosition {
                line_id: l.line_id,
                line_no: decode_u32("order_lines", l.line_id, "line_no", l.line_no)?,
                part_name: l.part_name.clone(),
                quantity: decode_u32(
                    TABLE,
                    r.id,
                    &format!("invoice_lines.quantity of line {}", l.line_id),
                    l.quantity,
                )?,
                unit_price_milli: l.unit_price_milli,
                unit_price_text: unit_price_text(l.unit_price_milli, currency),
                total: Money::new(l.total_minor, currency),
            })
        })
        .collect::<Result<_, Corrupt>>()?;
    let invoice = Invoice {
        id: r.id,
        order_id: r.order_id,
        order_number: r.order_number,
        invoice_number: r.number,
        invoice_date: decode_date(TABLE, r.id, "invoice_date", &r.invoice_date)?,
        submitted_at: from_ts(r.submitted_at),
        payment_date: decode_date(TABLE, r.id, "payment_date", &r.payment_date)?,
        total: Money::new(r.total_minor, currency),
        status: decode(TABLE, r.id, "status", &r.status, InvoiceStatus::parse)?,
        approved_at: r.approved_at.map(from_ts),
        paid_at: r.paid_at.map(from_ts),
        positions,
        bank: BankDetails {
            currency,
            holder: r.bank_holder,
            account_masked: r.bank_account_masked,
            bank_code: r.bank_code,
            updated_at: from_ts(r.bank_updated_at),
        },
        file_id: r.file_id,
    };
    Ok((r.partner_id, invoice))
}

/// The partner's invoices, newest first (of one order when `order_id` is given).
pub async fn list(
    db: &mut SqliteConnection,
    partner_id: i64,
    order_id: Option<i64>,
) -> Result<Vec<Invoice>, sqlx::Error> {
    Ok(load(db, Some(partner_id), order_id, None).await?.into_iter().map(|(_, i)| i).collect())
}

/// One invoice of any partner, with its partner's id (for the operator).
pub async fn by_id(db: &mut SqliteConnection, id: i64) -> Result<Option<(i64, Invoice)>, sqlx::Error> {
    Ok(load(db, None, None, Some(id)).await?.pop())
}

/// Moves an invoice to `status`, stamping when it was approved or paid. Answers the invoice's
/// order: a paid invoice can close it (R-ORD-7), so the caller refreshes its status.
pub async fn set_status(
    db: &mut SqliteConnection,
    id: i64,
    status: InvoiceStatus,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let column = match status {
        InvoiceStatus::Approved => "approved_at",
        InvoiceStatus::Paid => "paid_at",
        InvoiceStatus::Submitted => "submitted_at",
    };
    sqlx::query(&format!("UPDATE invoices SET status = ?, {column} = ? WHERE id = ?"))
        .bind(status.slug())
        .bind(ts(now))
        .bind(id)
        .execute(&mut *db)
        .await?;
    let (order_id,): (i64,) =
        sqlx::query_as("SELECT order_id FROM invoices WHERE id = ?").bind(id).fetch_one(&mut *db).await?;
    Ok(order_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// Writes an invoice (with its signed PDF) for order 1 of partner 1, numbered `number`.
    async fn invoice_row(conn: &mut SqliteConnection, number: &str) -> i64 {
        let file: i64 = sqlx::query_scalar(
            "INSERT INTO files (partner_id, order_id, purpose, media_type, name, size, stored_name, uploaded_at)
             VALUES (1, 1, 'invoice', 'application/pdf', 'i.pdf', 1, ?, 0) RETURNING id",
        )
        .bind(format!("stored-{number}"))
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        sqlx::query_scalar(
            "INSERT INTO invoices (partner_id, order_id, number, invoice_date, submitted_at, payment_date, currency,
                                   total_minor, file_id, bank_holder, bank_account_masked, bank_code, bank_updated_at)
             VALUES (1, 1, ?, '2026-01-05', 0, '2026-02-05', 'USD', 100, ?, 'Holder', '****1234', '021000021', 0)
             RETURNING id",
        )
        .bind(number)
        .bind(file)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    }

    /// An invoice whose status is not a known one fails the payouts list instead of vanishing
    /// from it (and from the totals per payment date).
    #[tokio::test]
    async fn a_corrupt_invoice_is_an_error_not_a_shorter_list() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_with_order(&mut conn).await;
        invoice_row(&mut conn, "INV-1").await;
        let bad = invoice_row(&mut conn, "INV-2").await;
        assert_eq!(list(&mut conn, 1, None).await.unwrap().len(), 2);
        tests_support::corrupt_row(&mut conn, "UPDATE invoices SET status = 'disputed' WHERE id = ?", bad).await;

        let corrupt = tests_support::corrupt(list(&mut conn, 1, None).await.expect_err("a corrupt row is an error"));
        assert_eq!((corrupt.table, corrupt.id), ("invoices", bad));
        assert!(corrupt.detail.contains("status = 'disputed'"), "{}", corrupt.detail);
    }

    /// Bank details in a currency the server does not know fail the read instead of looking unsaved
    /// (which would let new details in without the password).
    #[tokio::test]
    async fn corrupt_bank_details_are_an_error_not_missing() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        tests_support::partner_and_job(&mut conn).await;
        let account = BankAccount::Usd {
            holder: "Holder".into(),
            routing_number: "021000021".into(),
            account_number: "123456789".into(),
        };
        let keys = BankKeys::ephemeral();
        save_bank(&mut *conn, &keys, 1, &account, Utc::now()).await.unwrap();
        assert_eq!(banks(&mut *conn, &keys, 1).await.unwrap().len(), 1);
        tests_support::corrupt_row(&mut conn, "UPDATE bank_accounts SET currency = 'XTS' WHERE partner_id = ?", 1)
            .await;

        let corrupt = tests_support::corrupt(banks(&mut *conn, &keys, 1).await.expect_err("a corrupt row is an error"));
        assert_eq!((corrupt.table, corrupt.id), ("bank_accounts", 1));
        assert!(corrupt.detail.contains("currency = 'XTS'"), "{}", corrupt.detail);
    }
}
