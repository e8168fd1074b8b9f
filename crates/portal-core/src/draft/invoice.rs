//! The invoice wizard's draft (R-INV-1..3): the positions the partner checked, the invoice's
//! number and date, and the signed PDF, kept in the browser until submitted; and the bank details
//! form, which never is.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::{BankDetailsInput, CheckedPosition, NewInvoice};
use crate::invoice::{invoice_details_errors, invoice_file_error};
use crate::money::Currency;
use crate::problem::FieldError;

/// What the partner typed, as typed. Never bank details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    /// The positions as step 1 showed them when the partner continued.
    pub checked: Vec<CheckedPosition>,
    pub invoice_number: String,
    pub invoice_date: String,
    /// The uploaded signed PDF: id and name.
    pub file: Option<(i64, String)>,
    /// The submit's Idempotency-Key: the same for every retry of this draft.
    pub key: String,
}

impl InvoiceDraft {
    /// An empty draft dated `today`, submitted with the Idempotency-Key `key`.
    pub fn new(today: NaiveDate, key: String) -> InvoiceDraft {
        InvoiceDraft {
            checked: Vec::new(),
            invoice_number: String::new(),
            invoice_date: today.to_string(),
            file: None,
            key,
        }
    }

    /// The invoice to submit, as typed (the server trims and checks it again).
    pub fn to_request(&self) -> NewInvoice {
        NewInvoice {
            invoice_number: self.invoice_number.clone(),
            invoice_date: self.invoice_date.clone(),
            positions: self.checked.clone(),
            file_id: self.file.as_ref().map(|(id, _)| *id),
        }
    }

    /// What is wrong in a step. Step 1 (R-INV-1): the positions shown now (`current_positions`)
    /// must be the ones checked. Step 2 (R-INV-2): the draft's own part, the invoice number and
    /// date (bank details typed in step 2 are checked with `invoice::check_bank_details`). Step 3
    /// (R-INV-3): the signed PDF.
    pub fn errors(&self, step: usize, current_positions: &[CheckedPosition], today: NaiveDate) -> Vec<FieldError> {
        match step {
            1 if self.checked != current_positions => {
                vec![FieldError::new("positions", "unchecked", "Check the positions and continue.")]
            }
            1 => Vec::new(),
            2 => invoice_details_errors(&self.invoice_number, &self.invoice_date, today),
            _ => invoice_file_error(self.file.as_ref().map(|(id, _)| *id)).into_iter().collect(),
        }
    }
}

/// The wizard step (1 positions, 2 details, 3 review and the PDF) a field's message belongs to.
pub fn step_of(field: &str) -> usize {
    match field {
        "positions" => 1,
        "file" => 3,
        _ => 2,
    }
}

/// R-INV-2: bank details as typed: in memory only, gone on reload. Deliberately not serde: bank
/// details must never be stored in the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankForm {
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub routing_number: String,
    pub account_number: String,
    pub password: String,
}

impl BankForm {
    /// The details to save for `currency`, as typed (the rulebook normalises them).
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

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-20";

    fn positions() -> Vec<CheckedPosition> {
        vec![CheckedPosition { line_id: 7, quantity: 2 }, CheckedPosition { line_id: 9, quantity: 5 }]
    }

    fn filled() -> InvoiceDraft {
        let mut draft = InvoiceDraft::new(d(TODAY), "key-1".to_owned());
        draft.checked = positions();
        draft.invoice_number = "  INV-2026-0042 ".to_owned();
        draft.file = Some((31, "invoice.pdf".to_owned()));
        draft
    }

    fn messages(errors: &[FieldError]) -> Vec<(&str, &str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str(), e.message.as_str())).collect()
    }

    #[test]
    fn r_inv_1_to_3_a_new_draft_is_dated_today_and_a_filled_one_is_the_request() {
        let empty = InvoiceDraft::new(d(TODAY), "k".to_owned());
        assert_eq!((empty.invoice_date.as_str(), empty.key.as_str()), ("2026-11-20", "k"));
        assert!(empty.checked.is_empty() && empty.invoice_number.is_empty() && empty.file.is_none());
        let draft = filled();
        for step in 1..=3 {
            assert!(draft.errors(step, &positions(), d(TODAY)).is_empty(), "step {step}");
        }
        assert_eq!(
            draft.to_request(),
            NewInvoice {
                invoice_number: "  INV-2026-0042 ".to_owned(),
                invoice_date: "2026-11-20".to_owned(),
                positions: positions(),
                file_id: Some(31),
            }
        );
        let back: InvoiceDraft = serde_json::from_str(&serde_json::to_string(&draft).unwrap()).unwrap();
        assert_eq!(back, draft, "kept in the browser as JSON");
    }

    #[test]
    fn r_inv_1_positions_must_be_checked_as_shown_now() {
        let mut draft = filled();
        draft.checked.pop();
        assert_eq!(
            messages(&draft.errors(1, &positions(), d(TODAY))),
            [("positions", "unchecked", "Check the positions and continue.")]
        );
        assert_eq!(step_of("positions"), 1);
    }

    #[test]
    fn r_inv_2_the_number_and_date_are_checked_trimmed() {
        let mut draft = filled();
        draft.invoice_number = "   ".to_owned();
        draft.invoice_date = " 2026-11-21 ".to_owned();
        let errors = draft.errors(2, &positions(), d(TODAY));
        assert_eq!(
            messages(&errors)[0],
            ("invoice_number", "required", "Enter your invoice number, as it is on the signed invoice.")
        );
        assert_eq!((errors[1].field.as_str(), errors[1].code.as_str()), ("invoice_date", "in_future"));
        draft.invoice_date = "20.11.2026".to_owned();
        draft.invoice_number = "INV#1".to_owned();
        assert_eq!(
            messages(&draft.errors(2, &positions(), d(TODAY))),
            [
                ("invoice_number", "invalid", "Use letters, digits and - / . _ only, like INV-2026-0042."),
                ("invoice_date", "invalid", "Enter the invoice date, like 2026-11-20."),
            ]
        );
        assert_eq!((step_of("invoice_number"), step_of("bank.iban")), (2, 2));
    }

    #[test]
    fn r_inv_3_the_signed_pdf_is_required() {
        let mut draft = filled();
        draft.file = None;
        assert_eq!(
            messages(&draft.errors(3, &positions(), d(TODAY))),
            [("file", "required", "Upload the signed invoice as a PDF.")]
        );
        assert_eq!(step_of("file"), 3);
    }

    #[test]
    fn r_inv_2_the_bank_form_is_the_input_for_the_orders_currency() {
        let form = BankForm {
            holder: "Acme GmbH".to_owned(),
            iban: "de89 3704 0044 0532 0130 00".to_owned(),
            bic: "deutdeff".to_owned(),
            password: "secret".to_owned(),
            ..BankForm::default()
        };
        let input = form.input(Currency::Eur);
        assert_eq!(input.currency, Currency::Eur);
        assert_eq!((input.iban.as_str(), input.bic.as_str()), ("de89 3704 0044 0532 0130 00", "deutdeff"));
        assert_eq!((input.routing_number.as_str(), input.password.as_str()), ("", "secret"));
        assert!(crate::invoice::check_bank_details(&input, true).is_ok());
    }
}
