//! The supplies store's forms as typed (issue 19): a cut to size on a product's page, the
//! checkout's shipping and payment steps, and a store order's return and claim forms. Parsed
//! with the rules the server runs.

use std::collections::BTreeMap;

use crate::api::{Checkout, ClaimKind, ClaimPhoto, NewReturn, ReturnLine, ReturnReason, StoreAddress, StorePayment};
use crate::problem::FieldError;
use crate::supplies::ShipMethod;
use crate::supplies::catalog::{Cut, CutUnit, LineSpec, PricedLine, Product, parse_length, price_line};
use crate::supplies::checkout::check_address;

/// A product's "cut to size" form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct CutDraft {
    /// Empty: the full stock width.
    pub width: String,
    /// Empty: the full stock length.
    pub length: String,
    pub unit: CutUnit,
    pub pieces: String,
    pub mill_test_report: bool,
    pub certificate_of_compliance: bool,
}

impl CutDraft {
    /// A fresh form in the partner's units.
    pub fn new(unit: CutUnit) -> CutDraft {
        CutDraft {
            width: String::new(),
            length: String::new(),
            unit,
            pieces: "1".into(),
            mill_test_report: false,
            certificate_of_compliance: false,
        }
    }

    /// The line and its price, or every message (the sizes in the typed unit, against the
    /// product's stock size, by the same rules as the server).
    pub fn parse(&self, product: &Product) -> (Option<(LineSpec, PricedLine)>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut size = |field: &str, text: &str, wanted: bool| -> Option<u32> {
            if !wanted || text.trim().is_empty() {
                return None;
            }
            match parse_length(text, self.unit) {
                Ok(m) => Some(m.0),
                Err(message) => {
                    errors.push(FieldError::new(field, "invalid", message));
                    Some(0)
                }
            }
        };
        let cut = product.cut();
        let width_mils = size("width", &self.width, cut == Cut::WidthAndLength);
        let length_mils = size("length", &self.length, cut != Cut::None);
        let pieces = match self.pieces.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                errors.push(FieldError::new("pieces", "invalid", "Type a whole number of pieces, such as 4."));
                1
            }
        };
        let spec = LineSpec {
            sku: product.sku.clone(),
            width_mils,
            length_mils,
            pieces,
            mill_test_report: self.mill_test_report,
            certificate_of_compliance: self.certificate_of_compliance,
        };
        if !errors.is_empty() {
            return (None, errors);
        }
        match price_line(product, &spec) {
            Ok(line) => (Some((spec, line)), errors),
            Err(found) => {
                // Say the sizes in the unit they were typed in.
                let found = found
                    .into_iter()
                    .map(|mut e| {
                        if self.unit == CutUnit::Millimetre && e.code == "range" && e.field != "pieces" {
                            e.message = mm_message(&e.field, product);
                        }
                        e
                    })
                    .collect();
                (None, found)
            }
        }
    }
}

fn mm_message(field: &str, product: &Product) -> String {
    use crate::supplies::Mils;
    use crate::supplies::catalog::mm_text;
    let stock = if field == "width" { product.width_mils } else { product.length_mils };
    format!("The {field} must be 12.7 mm to {} (the full stock size).", mm_text(Mils(stock)))
}

/// The checkout's shipping and payment steps as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct CheckoutDraft {
    pub name: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    /// A [`ShipMethod`] slug; empty until chosen.
    pub method: String,
    pub promo: String,
    /// A [`StorePayment`] slug; empty until chosen.
    pub payment: String,
    pub po_number: String,
}

/// The checkout wizard's steps: 1 cart, 2 shipping, 3 payment, 4 review.
pub fn checkout_step(field: &str) -> usize {
    if field.starts_with("ship_to") || field == "method" {
        2
    } else if matches!(field, "promo" | "payment" | "po_number" | "card_token") {
        3
    } else {
        4
    }
}

impl CheckoutDraft {
    pub fn address(&self) -> StoreAddress {
        StoreAddress {
            name: self.name.trim().to_owned(),
            street: self.street.trim().to_owned(),
            city: self.city.trim().to_owned(),
            state: self.state.trim().to_ascii_uppercase(),
            zip: self.zip.trim().to_owned(),
        }
    }

    /// What the quote and the order are sent, and the form's own messages (the address by the
    /// server's rules; a method and a payment chosen).
    pub fn parse(&self) -> (Checkout, Vec<FieldError>) {
        let mut errors = check_address(&self.address());
        let method = ShipMethod::parse(&self.method);
        if method.is_none() {
            errors.push(FieldError::new("method", "required", "Choose how the order ships."));
        }
        let payment = StorePayment::parse(&self.payment);
        if payment.is_none() {
            errors.push(FieldError::new("payment", "required", "Choose how to pay."));
        }
        if payment == Some(StorePayment::PurchaseOrder) && self.po_number.trim().is_empty() {
            errors.push(FieldError::new("po_number", "required", "Give your purchase order's number."));
        }
        let checkout = Checkout {
            ship_to: Some(self.address()),
            method,
            promo: Some(self.promo.trim().to_owned()).filter(|p| !p.is_empty()),
            payment,
            po_number: Some(self.po_number.trim().to_owned()).filter(|p| !p.is_empty()),
            expected_total: None,
            // The card fields' token is the page's alone: never kept in the draft (it is single-use).
            card_token: None,
        };
        (checkout, errors)
    }
}

/// Pieces typed per line ("" or "0" for none), as the request's lines; text that is not a whole
/// number is left out (the request then names `lines`).
fn typed_lines(pieces: &BTreeMap<i64, String>) -> Vec<ReturnLine> {
    pieces
        .iter()
        .filter_map(|(line_id, text)| {
            text.trim().parse::<u32>().ok().map(|pieces| ReturnLine { line_id: *line_id, pieces })
        })
        .filter(|l| l.pieces > 0)
        .collect()
}

/// R-SUP-8: a return request on a store order's page, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct ReturnDraft {
    /// Pieces to return, by line id.
    pub pieces: BTreeMap<i64, String>,
    /// A [`ReturnReason`] slug; empty until chosen.
    pub reason: String,
    pub note: String,
}

impl ReturnDraft {
    /// The request, or why it cannot be sent yet (the reason is not chosen).
    pub fn to_request(&self) -> Result<NewReturn, FieldError> {
        let reason = ReturnReason::parse(&self.reason)
            .ok_or_else(|| FieldError::new("reason", "required", "Choose why the goods go back."))?;
        Ok(NewReturn { reason, note: self.note.trim().to_owned(), lines: typed_lines(&self.pieces) })
    }
}

/// R-SUP-9: a claim on a store order's page, as typed: kept on the device until it is filed,
/// with the photos already uploaded to the order.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct ClaimDraft {
    pub kind: ClaimKind,
    pub freight: bool,
    /// The delivery's date and time as a `datetime-local` field holds it (the device's time).
    pub delivered: String,
    pub carrier: String,
    pub description: String,
    /// Pieces affected, by line id.
    pub pieces: BTreeMap<i64, String>,
    pub photos: Vec<ClaimPhoto>,
}

impl ClaimDraft {
    /// A fresh claim: damaged goods; freight when the order went by freight.
    pub fn new(freight: bool) -> ClaimDraft {
        ClaimDraft {
            kind: ClaimKind::Damaged,
            freight,
            delivered: String::new(),
            carrier: String::new(),
            description: String::new(),
            pieces: BTreeMap::new(),
            photos: Vec::new(),
        }
    }

    /// The lines with pieces typed.
    pub fn lines(&self) -> Vec<ReturnLine> {
        typed_lines(&self.pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supplies::catalog::{Category, PriceUnit, Pricing, StockMaterial};

    fn plate() -> Product {
        Product {
            sku: "AL6061-PL-0500".into(),
            name: "6061 plate".into(),
            category: Category::Plate,
            material: StockMaterial::Aluminium,
            alloy: "6061-T651".into(),
            size_mils: 500,
            width_mils: 48_000,
            length_mils: 144_000,
            price_unit: PriceUnit::SquareFoot,
            unit_price_minor: 3_950,
            cut_charge_minor: 900,
            pricing: Pricing::Catalog,
            special_order: false,
            in_stock: 4,
            weight_factor: 980,
            tolerance: String::new(),
        }
    }

    #[test]
    fn a_cut_is_typed_in_inches_or_millimetres_and_priced_as_typed() {
        let mut d = CutDraft::new(CutUnit::Inch);
        d.width = "12".into();
        d.length = "24.01".into();
        let (line, errors) = d.parse(&plate());
        assert_eq!(errors, []);
        let (spec, priced) = line.unwrap();
        assert_eq!((spec.width_mils, spec.length_mils), (Some(12_000), Some(24_010)));
        assert_eq!(priced.delays, [crate::supplies::Delay::Long]);
        d.unit = CutUnit::Millimetre;
        d.width = "304.8".into();
        d.length = "5000".into();
        let (_, errors) = d.parse(&plate());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "length");
        assert!(errors[0].message.contains("3657.6 mm"), "{}", errors[0].message);
        d.pieces = "two".into();
        assert!(d.parse(&plate()).1.iter().any(|e| e.field == "pieces"));
    }

    #[test]
    fn the_checkout_names_each_missing_or_refused_field() {
        let d = CheckoutDraft { state: "HI".into(), payment: "purchase_order".into(), ..CheckoutDraft::default() };
        let (_, errors) = d.parse();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["ship_to.name", "ship_to.street", "ship_to.city", "ship_to.zip", "ship_to.state", "method", "po_number"]
        );
        assert_eq!(checkout_step("ship_to.zip"), 2);
        assert_eq!(checkout_step("po_number"), 3);
        assert_eq!(checkout_step("card_token"), 3);
    }

    #[test]
    fn r_sup_8_a_return_needs_its_reason_and_sends_only_the_pieces_typed() {
        let mut d = ReturnDraft::default();
        d.pieces.insert(7, " 4 ".into());
        d.pieces.insert(8, String::new());
        d.pieces.insert(9, "0".into());
        assert_eq!(d.to_request().unwrap_err().field, "reason");
        d.reason = "not_needed".into();
        d.note = "  spare  ".into();
        let r = d.to_request().unwrap();
        assert_eq!(r.reason, ReturnReason::NotNeeded);
        assert_eq!(r.note, "spare");
        assert_eq!(r.lines, [ReturnLine { line_id: 7, pieces: 4 }]);
    }

    #[test]
    fn r_sup_9_a_claim_draft_reads_back_as_it_was_kept() {
        let mut d = ClaimDraft::new(true);
        d.description = "Bent in transit".into();
        d.pieces.insert(3, "2".into());
        d.photos.push(ClaimPhoto { id: 11, name: "bent.jpg".into(), size: 2048 });
        let kept = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<ClaimDraft>(&kept).unwrap(), d);
        assert_eq!(d.lines(), [ReturnLine { line_id: 3, pieces: 2 }]);
    }
}
