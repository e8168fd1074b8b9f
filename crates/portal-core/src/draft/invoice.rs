//! The invoice wizard's draft (R-INV-1 to R-INV-3): what the partner typed, as typed. Bank
//! details have their own form, which is never stored in the browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Currency;
use crate::api::InvoicePosition;
use crate::api::{BankDetailsInput, CheckedPosition, NewInvoice};
use crate::invoice::{invoice_details_errors, invoice_file_error, positions_changed};
use crate::problem::FieldError;

/// The invoice as typed: kept in the browser per partner and order until submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct InvoiceDraft {
    /// The positions as step 1 showed them when the partner continued.
    pub checked: Vec<CheckedPosition>,
    pub invoice_number: String,
    /// `YYYY-MM-DD` from the date field.
    pub invoice_date: String,
    /// The uploaded signed PDF: id and name.
    pub file: Option<(i64, String)>,
    /// The submit's Idempotency-Key: the same for every retry of this draft.
    pub key: String,
}

impl InvoiceDraft {
    /// A new draft dated today.
    pub fn new(today: NaiveDate, key: String) -> InvoiceDraft {
        InvoiceDraft {
            checked: Vec::new(),
            invoice_number: String::new(),
            invoice_date: today.to_string(),
            file: None,
            key,
        }
    }

    /// What needs fixing on one step of the draft (step 2's bank details are `BankForm`'s).
    /// `open` is what can be invoiced now: step 1 is done when the positions checked are those
    /// (R-INV-1, the server's own `positions_changed`).
    pub fn errors(&self, step: usize, open: &[InvoicePosition], today: NaiveDate) -> Vec<FieldError> {
        match step {
            1 if positions_changed(&self.checked, open).is_some() => {
                vec![FieldError::new("positions", "unchecked", "Check the positions and continue.")]
            }
            1 => Vec::new(),
            2 => invoice_details_errors(&self.invoice_number, &self.invoice_date, today),
            _ => invoice_file_error(self.file.as_ref().map(|(id, _)| *id)).into_iter().collect(),
        }
    }

    /// Positions checked earlier that are not what can be invoiced now (a shipment or another
    /// invoice came meanwhile): they must be checked again.
    pub fn checked_is_stale(&self, open: &[InvoicePosition]) -> bool {
        !self.checked.is_empty() && positions_changed(&self.checked, open).is_some()
    }

    /// The request as submitted.
    pub fn to_request(&self) -> NewInvoice {
        NewInvoice {
            invoice_number: self.invoice_number.clone(),
            invoice_date: self.invoice_date.clone(),
            positions: self.checked.clone(),
            file_id: self.file.as_ref().map(|(id, _)| *id),
        }
    }
}

/// The wizard step a field of the invoice is typed on.
pub fn step_of(field: &str) -> usize {
    match field {
        "positions" => 1,
        "file" => 3,
        _ => 2,
    }
}

/// Bank details as typed: in memory only (not serializable on purpose), gone on reload.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct BankForm {
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub routing_number: String,
    pub account_number: String,
    pub password: String,
}

impl BankForm {
    /// The request for the order's currency.
    pub fn input(&self, currency: Currency) -> BankDetailsInput {
        BankDetailsInput {
            currency,
            holder: self.holder.clone(),
            iban: self.iban.clone(),
            bic: self.bic.clone(),
            routing_number: self.routing_number.clone(),
            account_number: self.account_number.clone(),
            password: self.password.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn checked() -> Vec<CheckedPosition> {
        vec![CheckedPosition { line_id: 3, quantity: 10 }]
    }

    fn open(quantity: u32) -> Vec<InvoicePosition> {
        vec![InvoicePosition {
            line_id: 3,
            line_no: 1,
            part_name: "Bracket".into(),
            quantity,
            unit_price_milli: 1_000_000,
            unit_price_text: "$10.00".into(),
            total: crate::Money::usd(i64::from(quantity) * 1000),
        }]
    }

    #[test]
    fn r_inv_1_positions_must_be_checked_as_they_are_now() {
        let mut d = InvoiceDraft::new(today(), "k".into());
        assert_eq!(d.errors(1, &open(10), today())[0].field, "positions");
        assert!(!d.checked_is_stale(&open(10)), "nothing checked yet is not stale");
        d.checked = checked();
        assert!(d.errors(1, &open(10), today()).is_empty());
        assert_eq!(d.errors(1, &open(12), today())[0].code, "unchecked");
        assert!(d.checked_is_stale(&open(12)), "another shipment came meanwhile");
    }

    #[test]
    fn r_inv_2_number_and_date_are_checked_on_step_2() {
        let mut d = InvoiceDraft::new(today(), "k".into());
        assert_eq!(d.invoice_date, "2026-11-24");
        let fields: Vec<String> = d.errors(2, &[], today()).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["invoice_number"]);
        d.invoice_number = "SM-0001".into();
        d.invoice_date = "2026-11-25".into();
        let errors = d.errors(2, &[], today());
        assert_eq!(errors[0].field, "invoice_date");
        assert!(errors[0].message.contains("cannot be after today"), "{}", errors[0].message);
    }

    #[test]
    fn r_inv_3_the_signed_pdf_is_needed_and_goes_in_the_request() {
        let mut d = InvoiceDraft::new(today(), "k".into());
        assert_eq!(d.errors(3, &[], today())[0].field, "file");
        d.file = Some((9, "invoice.pdf".into()));
        d.checked = checked();
        d.invoice_number = "SM-0001".into();
        assert!(d.errors(3, &[], today()).is_empty());
        let new = d.to_request();
        assert_eq!((new.file_id, new.positions, new.invoice_number.as_str()), (Some(9), checked(), "SM-0001"));
    }

    #[test]
    fn r_inv_2_fields_map_to_their_steps() {
        assert_eq!(
            [step_of("positions"), step_of("invoice_number"), step_of("bank.iban"), step_of("file")],
            [1, 2, 2, 3]
        );
    }

    #[test]
    fn r_inv_2_bank_form_becomes_the_request_for_the_currency() {
        let f = BankForm { holder: "Summit".into(), iban: "DE89".into(), password: "pw".into(), ..BankForm::default() };
        let input = f.input(Currency::Eur);
        assert_eq!((input.currency, input.holder.as_str(), input.password.as_str()), (Currency::Eur, "Summit", "pw"));
    }
}
