//! Invoices and payouts' JSON (R-INV-1..5): the wizard's start, bank details, submitting an
//! invoice, and the payouts page.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{FieldError, OrderLine};
use crate::capability::labelled_enum;
use crate::invoice::{self, check_invoice_date, check_invoice_number, line_total, unit_price_milli, unit_price_text};
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

impl BankDetails {
    pub fn of(account: &invoice::BankAccount, updated_at: DateTime<Utc>) -> BankDetails {
        BankDetails {
            currency: account.currency(),
            holder: account.holder().to_owned(),
            account_masked: account.masked_account(),
            bank_code: account.bank_code().to_owned(),
            updated_at,
        }
    }
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

impl InvoicePosition {
    pub fn new(line: &OrderLine, quantity: u32) -> InvoicePosition {
        let currency = line.total.currency;
        let unit = unit_price_milli(line.total.amount_minor, line.quantity);
        InvoicePosition {
            line_id: line.id,
            line_no: line.line_no,
            part_name: line.part_name.clone(),
            quantity,
            unit_price_milli: unit,
            unit_price_text: unit_price_text(unit, currency),
            total: Money::new(line_total(quantity, unit), currency),
        }
    }
}

/// R-INV-1: what can be invoiced of an order now: what shipped and is not invoiced yet.
pub fn invoiceable(lines: &[OrderLine]) -> Vec<InvoicePosition> {
    lines.iter().filter(|l| l.left_to_invoice() > 0).map(|l| InvoicePosition::new(l, l.left_to_invoice())).collect()
}

/// R-INV-4: the sum of the rounded lines.
pub fn positions_total(positions: &[InvoicePosition], currency: Currency) -> Money {
    Money::new(positions.iter().map(|p| p.total.amount_minor).sum(), currency)
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

/// R-INV-2: the invoice's own details (step 2): its number and date.
pub fn invoice_details_errors(invoice_number: &str, invoice_date: &str, today: NaiveDate) -> Vec<FieldError> {
    [check_invoice_number(invoice_number).err(), check_invoice_date(invoice_date, today).err()]
        .into_iter()
        .flatten()
        .collect()
}

/// R-INV-3: the signed PDF must be attached (step 3).
pub fn invoice_file_error(file_id: Option<i64>) -> Option<FieldError> {
    file_id.is_none().then(|| FieldError::new("file", "required", "Upload the signed invoice as a PDF."))
}

/// R-INV-2, R-INV-3: what is wrong with the wizard's fields (the server adds what only it knows:
/// numbers used before, the file's owner, the bank details on file).
pub fn validate_new_invoice(new: &NewInvoice, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = invoice_details_errors(&new.invoice_number, &new.invoice_date, today);
    errors.extend(invoice_file_error(new.file_id));
    errors
}

/// R-INV-2: bank details to save: checked by their check digits, and with the login password
/// when some are on file already (new ones redirect payments). The server verifies the password.
pub fn check_bank_details(
    input: &BankDetailsInput,
    password_needed: bool,
) -> Result<invoice::BankAccount, Vec<FieldError>> {
    let checked = invoice::BankAccount::check(input);
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if password_needed && input.password.is_empty() {
        errors.push(FieldError::new(
            "password",
            "required",
            "Enter your login password to change where your payments go.",
        ));
    }
    if errors.is_empty() { checked } else { Err(errors) }
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

/// Whether an invoice may go from `from` to `to`: forward only, one step at a time; the same
/// status again is a no-op.
pub fn invoice_transition(from: InvoiceStatus, to: InvoiceStatus) -> Result<bool, String> {
    use InvoiceStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(false),
        (Submitted, Approved) | (Approved, Paid) => Ok(true),
        (Submitted, Paid) => Err("Approve the invoice before marking it paid.".to_owned()),
        _ => Err(format!("The invoice is {} already; it cannot go back to {}.", from.label(), to.label())),
    }
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
}

/// How many payment days the calendar shows.
pub const CALENDAR_DAYS: usize = 4;

fn payout_day(date: NaiveDate, invoices: &[Invoice]) -> PayoutDay {
    let on_day: Vec<&Invoice> = invoices.iter().filter(|i| i.payment_date == date).collect();
    let mut totals: Vec<Money> = Vec::new();
    for i in &on_day {
        match totals.iter_mut().find(|t| t.currency == i.total.currency) {
            Some(t) => t.amount_minor += i.total.amount_minor,
            None => totals.push(i.total),
        }
    }
    totals.sort_by_key(|t| t.currency.code());
    let (submitted_from, submitted_until) = invoice::submission_window(date);
    PayoutDay {
        payment_date: date,
        submitted_from,
        submitted_until,
        totals,
        invoices: on_day.len() as u32,
        paid: !on_day.is_empty() && on_day.iter().all(|i| i.status == InvoiceStatus::Paid),
    }
}

impl Payouts {
    /// R-INV-5: groups `invoices` by payment date and lays out the next payment days.
    pub fn new(today: NaiveDate, invoices: Vec<Invoice>) -> Payouts {
        let mut dates: Vec<NaiveDate> = invoices.iter().map(|i| i.payment_date).collect();
        dates.sort_unstable_by(|a, b| b.cmp(a));
        dates.dedup();
        let by_payment_date = dates.into_iter().map(|d| payout_day(d, &invoices)).collect();
        let calendar =
            invoice::next_payment_dates(today, CALENDAR_DAYS).into_iter().map(|d| payout_day(d, &invoices)).collect();
        Payouts { today, invoices, by_payment_date, calendar }
    }
}
