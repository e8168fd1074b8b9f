//! Invoices and payouts' JSON (R-INV-1..5): the wizard's start, bank details, submitting an
//! invoice, and the payouts page. The rules over these are in `invoice`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::capability::labelled_enum;
use crate::{Currency, Money};

/// `PUT /api/v1/bank-details`: bank details as typed. EUR needs `iban` and `bic`, USD
/// `routing_number` and `account_number`. Replacing saved details needs the login `password`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankDetailsInput {
    pub currency: Currency,
    pub holder: String,
    #[serde(default)]
    pub iban: String,
    #[serde(default)]
    pub bic: String,
    #[serde(default)]
    pub routing_number: String,
    #[serde(default)]
    pub account_number: String,
    /// Needed only to replace bank details that are saved already.
    #[serde(default)]
    pub password: String,
}

/// R-INV-2: saved bank details as they are shown: the account masked, never in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankDetails {
    pub currency: Currency,
    pub holder: String,
    /// `DE•• •••• 3000` or `•••• 6789`.
    pub account_masked: String,
    /// The BIC (EUR) or ABA routing number (USD).
    pub bank_code: String,
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/bank-details`: the saved bank details, one per currency at most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankDetailsList {
    pub accounts: Vec<BankDetails>,
}

/// R-INV-1: one position of an invoice: shipped parts of one order line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePosition {
    pub line_id: i64,
    pub line_no: u32,
    pub part_name: String,
    pub quantity: u32,
    /// In thousandths of the minor unit (R-INV-4).
    pub unit_price_milli: i64,
    /// The unit price as partners read it, e.g. `$3.33333`.
    pub unit_price_text: String,
    /// Quantity × unit price, rounded to the minor unit.
    pub total: Money,
}

/// `GET /api/v1/orders/{id}/invoice`: everything the invoice wizard starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceStart {
    pub order_id: i64,
    pub order_number: String,
    pub currency: Currency,
    /// The partner's company name and address, as the invoice is made out from.
    pub company: String,
    /// R-INV-1: shipped and not yet invoiced.
    pub positions: Vec<InvoicePosition>,
    pub total: Money,
    /// R-INV-2: the saved bank details for the order's currency (masked), if any.
    pub bank: Option<BankDetails>,
    /// Saving bank details needs the login password: some (of any currency) are on file already.
    pub password_needed: bool,
    /// The server's today: invoice dates after it are refused.
    pub today: NaiveDate,
    /// R-INV-5: when an invoice submitted today is paid.
    pub payment_date: NaiveDate,
    /// Invoices already submitted for this order.
    pub invoices: Vec<Invoice>,
}

/// One position the partner checked: the server invoices exactly these or refuses (409).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckedPosition {
    pub line_id: i64,
    pub quantity: u32,
}

/// `POST /api/v1/orders/{id}/invoices` (with an `Idempotency-Key`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewInvoice {
    pub invoice_number: String,
    /// `YYYY-MM-DD`, not after today.
    pub invoice_date: String,
    /// The positions as step 1 showed them.
    pub positions: Vec<CheckedPosition>,
    /// The signed invoice PDF, uploaded to the order with purpose `invoice`.
    pub file_id: Option<i64>,
}

labelled_enum!(
    /// Where a submitted invoice is.
    InvoiceStatus {
        Submitted => ("submitted", "Submitted"),
        Approved => ("approved", "Approved"),
        Paid => ("paid", "Paid"),
    }
);

/// A submitted invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub invoice_number: String,
    pub invoice_date: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    /// R-INV-5.
    pub payment_date: NaiveDate,
    pub total: Money,
    pub status: InvoiceStatus,
    pub approved_at: Option<DateTime<Utc>>,
    pub paid_at: Option<DateTime<Utc>>,
    pub positions: Vec<InvoicePosition>,
    /// The bank details it is paid to, masked.
    pub bank: BankDetails,
    /// The signed PDF (`GET /files/{id}`).
    pub file_id: i64,
}

/// `POST /api/v1/operator/invoices/{id}/status`: the marketplace approves or pays an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceStatusChange {
    pub status: InvoiceStatus,
}

/// One payment day on the payouts page: what is paid (or expected) then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutDay {
    pub payment_date: NaiveDate,
    /// R-INV-5: the submission days this payment day covers.
    pub submitted_from: NaiveDate,
    pub submitted_until: NaiveDate,
    /// One total per currency (sums of invoice totals), none on a day nothing is due.
    pub totals: Vec<Money>,
    pub invoices: u32,
    /// Every invoice of the day is paid.
    pub paid: bool,
}

/// `GET /api/v1/payouts`: the partner's invoices, newest first, the totals per payment date and
/// the next payment days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payouts {
    pub today: NaiveDate,
    pub invoices: Vec<Invoice>,
    /// Per payment date of the invoices, latest first.
    pub by_payment_date: Vec<PayoutDay>,
    /// The next payment days from today, with what is expected on each.
    pub calendar: Vec<PayoutDay>,
    /// R-SUP-11: what supplies-store orders took from the job funds, and what came back
    /// (cancelled orders, refunded returns: with the next payment), newest first.
    #[serde(default)]
    pub store_funds: Vec<StoreFundsEntry>,
}

/// A movement of job funds by the supplies store (R-SUP-1, R-SUP-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreFundsEntry {
    pub at: DateTime<Utc>,
    pub store_order_id: i64,
    /// `Store order SO-10001`, `Cancelled SO-10001`, `Refund RMA-50001 (SO-10001)`.
    pub what: String,
    /// Negative: taken from the funds; positive: given back.
    pub amount: Money,
}
