//! R-INV-2, R-INV-3: the invoice's own details (its number and date), the signed PDF, and what
//! the server refuses when an invoice is submitted.

use chrono::NaiveDate;

use crate::api::{CheckedPosition, InvoicePosition, NewInvoice};
use crate::problem::FieldError;

/// The longest invoice number.
pub const INVOICE_NUMBER_MAX_CHARS: usize = 32;

/// R-INV-2: an invoice number as the partner's own bookkeeping writes it: letters, digits and
/// `- / . _`, trimmed, up to 32 characters. Unique per partner (the server checks that).
pub fn check_invoice_number(text: &str) -> Result<String, FieldError> {
    let number = text.trim();
    if number.is_empty() {
        return Err(FieldError::new(
            "invoice_number",
            "required",
            "Enter your invoice number, as it is on the signed invoice.",
        ));
    }
    if number.chars().count() > INVOICE_NUMBER_MAX_CHARS {
        return Err(FieldError::new(
            "invoice_number",
            "too_long",
            format!("An invoice number has at most {INVOICE_NUMBER_MAX_CHARS} characters."),
        ));
    }
    if !number.chars().all(|c| c.is_ascii_alphanumeric() || "-/._ ".contains(c)) {
        return Err(FieldError::new(
            "invoice_number",
            "invalid",
            "Use letters, digits and - / . _ only, like INV-2026-0042.",
        ));
    }
    Ok(number.to_owned())
}

/// R-INV-2: the invoice date (`YYYY-MM-DD`), not after today.
pub fn check_invoice_date(text: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") else {
        return Err(FieldError::new("invoice_date", "invalid", "Enter the invoice date, like 2026-11-20."));
    };
    if date > today {
        return Err(FieldError::new(
            "invoice_date",
            "in_future",
            format!(
                "The invoice date cannot be after today ({}): use the date on the signed invoice.",
                crate::format::date(today)
            ),
        ));
    }
    Ok(date)
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

/// R-INV-1: an invoice needs positions: parts that have left the shop (picked up) and are not on
/// an invoice yet. `open` is what can be invoiced now (`invoiceable`). The server answers the
/// refusal as 409 Conflict (problem type `/problems/conflict`, no field), whatever the order's
/// status: a delivered order can be invoiced until it is paid.
pub fn nothing_to_invoice(open: &[InvoicePosition]) -> Option<&'static str> {
    open.is_empty().then_some(
        "Nothing of this order has left the shop without being invoiced: parts are invoiceable once they are \
         picked up (the carrier's scan or your “Shipped” check-in).",
    )
}

/// R-INV-1: the partner checked the positions in step 1, and the server invoices exactly those or
/// none: when what can be invoiced now (`open`) differs from what was `checked` (a shipment was
/// picked up or another invoice was submitted meanwhile), the submit is refused with 409 Conflict
/// (problem type `/problems/conflict`, no field) and the wizard sends the partner back to step 1.
/// The order of the positions does not matter.
pub fn positions_changed(checked: &[CheckedPosition], open: &[InvoicePosition]) -> Option<&'static str> {
    let mut checked: Vec<(i64, u32)> = checked.iter().map(|p| (p.line_id, p.quantity)).collect();
    checked.sort_unstable();
    let mut now_open: Vec<(i64, u32)> = open.iter().map(|p| (p.line_id, p.quantity)).collect();
    now_open.sort_unstable();
    (checked != now_open)
        .then_some("The positions changed since you checked them (a shipment or another invoice): check step 1 again.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_inv_2_invoice_numbers() {
        assert_eq!(check_invoice_number("  INV-2026/0042_a.1 ").as_deref().ok(), Some("INV-2026/0042_a.1"));
        assert_eq!(check_invoice_number("   ").unwrap_err().code, "required");
        assert_eq!(check_invoice_number("").unwrap_err().field, "invoice_number");
        assert!(check_invoice_number(&"1".repeat(32)).is_ok());
        assert_eq!(check_invoice_number(&"1".repeat(33)).unwrap_err().code, "too_long");
        for bad in ["INV#1", "<script>", "INV;1", "Rechnung-Nr-ä"] {
            assert_eq!(check_invoice_number(bad).unwrap_err().code, "invalid", "{bad}");
        }
    }

    #[test]
    fn r_inv_2_invoice_date_not_after_today() {
        let today = d("2026-11-20");
        assert_eq!(check_invoice_date("2026-11-20", today).ok(), Some(today));
        assert_eq!(check_invoice_date(" 2026-10-01 ", today).ok(), Some(d("2026-10-01")));
        let tomorrow = check_invoice_date("2026-11-21", today).unwrap_err();
        assert_eq!((tomorrow.field.as_str(), tomorrow.code.as_str()), ("invoice_date", "in_future"));
        assert!(tomorrow.message.contains("Fri 20 Nov 2026"), "{}", tomorrow.message);
        for garbage in ["", "20.11.2026", "2026-02-30", "tomorrow"] {
            assert_eq!(check_invoice_date(garbage, today).unwrap_err().code, "invalid", "{garbage}");
        }
    }

    fn position(line_id: i64, quantity: u32) -> InvoicePosition {
        InvoicePosition {
            line_id,
            line_no: 1,
            part_name: "Bracket".to_owned(),
            quantity,
            unit_price_milli: 1_000_000,
            unit_price_text: "$10.00".to_owned(),
            total: crate::Money::new(1_000 * i64::from(quantity), crate::Currency::Usd),
        }
    }

    #[test]
    fn r_inv_1_nothing_to_invoice_is_refused() {
        assert_eq!(
            nothing_to_invoice(&[]),
            Some(
                "Nothing of this order has left the shop without being invoiced: parts are invoiceable once they \
                 are picked up (the carrier's scan or your “Shipped” check-in)."
            )
        );
        assert_eq!(nothing_to_invoice(&[position(7, 2)]), None);
    }

    #[test]
    fn r_inv_1_positions_changed_since_they_were_checked() {
        let open = [position(7, 2), position(9, 5)];
        let checked = |p: &[(i64, u32)]| -> Vec<CheckedPosition> {
            p.iter().map(|&(line_id, quantity)| CheckedPosition { line_id, quantity }).collect()
        };
        assert_eq!(positions_changed(&checked(&[(9, 5), (7, 2)]), &open), None, "in any order");
        let message =
            "The positions changed since you checked them (a shipment or another invoice): check step 1 again.";
        assert_eq!(positions_changed(&checked(&[(7, 2)]), &open), Some(message), "a line was picked up meanwhile");
        assert_eq!(positions_changed(&checked(&[(7, 1), (9, 5)]), &open), Some(message), "a quantity changed");
        assert_eq!(positions_changed(&checked(&[(7, 2), (9, 5)]), &[position(7, 2)]), Some(message));
        assert_eq!(positions_changed(&[], &[]), None);
    }
}
