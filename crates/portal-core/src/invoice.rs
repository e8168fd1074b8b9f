//! Invoices (R-INV-1..5): what can be invoiced and its amounts (`amounts`), bank details
//! (`bank`), the invoice's own details and the submit's refusals (`submit`), and when invoices are
//! paid (`payment`). The rules read the wire's invoice types; the wire does not import this module.

pub mod amounts;
pub mod bank;
pub mod payment;
pub mod submit;

pub use amounts::*;
pub use bank::*;
pub use payment::*;
pub use submit::*;

/// R-INV-1..5: what the invoice wizard and the server check, in the partner's words (shown in the
/// wizard, so the rules are read before they refuse anything).
pub const INVOICING_RULES: [&str; 6] = [
    "Only parts that have left your shop (picked up) and are not on an invoice yet can be invoiced.",
    "Each line is rounded to the cent; the total is the sum of the rounded lines.",
    "Bank details are checked by their check digits: IBAN and BIC for EUR, ABA routing and account number for USD.",
    "The invoice number must be new for your company; the invoice date cannot be in the future.",
    "The signed invoice is uploaded as a PDF (checked by its content, at most 10 MB).",
    "Submitted from the 10th to the 23rd: paid on the 14th of the next month; from the 24th to the 9th: paid on the \
     28th (days on the marketplace's clock). Payments can take up to 48 hours to post.",
];
