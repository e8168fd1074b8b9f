//! The shipping wizard's draft (R-SHP-1 to R-SHP-3): what the partner typed, as typed, and its
//! parsing into a `NewShipment`, step by step.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::add_unnamed;
use crate::problem::FieldError;
use crate::shipping::{
    Carrier, Delivery, DeliveryTerms, LengthUnit, LineLeft, NewShipment, Package, PackageKind, ShipmentLine,
    WeightUnit, parse_measure, validate_delivery, validate_package, validate_parts,
};
use crate::units::Units;

/// How many parts of one order line go in the package, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct QuantityDraft {
    pub line_id: i64,
    pub quantity: String,
}

/// What the partner typed, as typed: kept in the browser until published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct ShipmentDraft {
    /// Every order line with parts left, in order.
    pub quantities: Vec<QuantityDraft>,
    pub length: String,
    pub width: String,
    pub height: String,
    pub length_unit: LengthUnit,
    pub weight: String,
    pub weight_unit: WeightUnit,
    pub kind: PackageKind,
    /// The uploaded package photo: id and name.
    pub photo: Option<(i64, String)>,
    pub pickup_address: String,
    pub pickup_confirmed: bool,
    pub carrier: Option<Carrier>,
    pub tracking: String,
    pub expected_date: String,
    pub terms_accepted: bool,
    /// The publish's Idempotency-Key: the same for every retry of this draft.
    pub key: String,
}

impl ShipmentDraft {
    /// An empty draft for the lines with parts left; the pickup address starts as the order's,
    /// the package's units as the partner's (cm and kg, or in and lb).
    pub fn new(lines_left_ids: Vec<i64>, pickup_address: String, key: String, units: Units) -> ShipmentDraft {
        ShipmentDraft {
            quantities: lines_left_ids
                .into_iter()
                .map(|line_id| QuantityDraft { line_id, quantity: String::new() })
                .collect(),
            length: String::new(),
            width: String::new(),
            height: String::new(),
            length_unit: units.package_length(),
            weight: String::new(),
            weight_unit: units.package_weight(),
            kind: PackageKind::Box,
            photo: None,
            pickup_address,
            pickup_confirmed: false,
            carrier: None,
            tracking: String::new(),
            expected_date: String::new(),
            terms_accepted: false,
            key,
        }
    }

    /// The quantity typed for a line.
    pub fn quantity(&self, line_id: i64) -> String {
        self.quantities.iter().find(|q| q.line_id == line_id).map(|q| q.quantity.clone()).unwrap_or_default()
    }

    /// Step 1 (R-SHP-1): the lines, and what needs fixing. An empty quantity is 0.
    pub fn parts(&self, lines_left: &[LineLeft<'_>]) -> (Vec<ShipmentLine>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let lines: Vec<ShipmentLine> = self
            .quantities
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let t = q.quantity.trim();
                let quantity = if t.is_empty() {
                    0
                } else {
                    t.parse::<u32>().unwrap_or_else(|_| {
                        errors.push(FieldError::new(
                            &format!("lines[{i}].quantity"),
                            "not_a_number",
                            "Enter a whole number of parts, like 12.",
                        ));
                        0
                    })
                };
                ShipmentLine { line_id: q.line_id, quantity }
            })
            .collect();
        add_unnamed(&mut errors, validate_parts(&lines, lines_left));
        (lines, errors)
    }

    /// Step 2 (R-SHP-2): the package; sides and weight in hundredths of their unit.
    pub fn package(&self) -> (Package, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut measure = |field: &str, text: &str| {
            parse_measure(text).unwrap_or_else(|message| {
                if !text.trim().is_empty() {
                    errors.push(FieldError::new(field, "not_a_number", message));
                }
                0
            })
        };
        let p = Package {
            length: measure("package.length", &self.length),
            width: measure("package.width", &self.width),
            height: measure("package.height", &self.height),
            length_unit: self.length_unit,
            weight: measure("package.weight", &self.weight),
            weight_unit: self.weight_unit,
            kind: self.kind,
            photo_id: self.photo.as_ref().map(|(id, _)| *id),
        };
        add_unnamed(&mut errors, validate_package(&p));
        (p, errors)
    }

    /// Step 3 (R-SHP-3): delivery by the order's terms.
    pub fn delivery(&self, terms: DeliveryTerms, today: NaiveDate) -> (Delivery, Vec<FieldError>) {
        let delivery = if terms.partner_arranges() {
            Delivery::Partner {
                carrier: self.carrier,
                tracking_number: self.tracking.clone(),
                expected_ship_date: self.expected_ship_date(),
                terms_accepted: self.terms_accepted,
            }
        } else {
            Delivery::Marketplace {
                pickup_address: self.pickup_address.clone(),
                pickup_confirmed: self.pickup_confirmed,
                terms_accepted: self.terms_accepted,
            }
        };
        let errors = validate_delivery(&delivery, terms, today);
        (delivery, errors)
    }

    /// The expected ship date typed (partner-arranged delivery), if it is a date.
    pub fn expected_ship_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.expected_date.trim(), "%Y-%m-%d").ok()
    }

    /// What needs fixing on one step (1 to 3).
    pub fn errors(
        &self,
        step: usize,
        lines_left: &[LineLeft<'_>],
        terms: DeliveryTerms,
        today: NaiveDate,
    ) -> Vec<FieldError> {
        match step {
            1 => self.parts(lines_left).1,
            2 => self.package().1,
            _ => self.delivery(terms, today).1,
        }
    }

    /// The request to publish, or every message of every step.
    pub fn to_request(
        &self,
        lines_left: &[LineLeft<'_>],
        terms: DeliveryTerms,
        today: NaiveDate,
    ) -> Result<NewShipment, Vec<FieldError>> {
        let (lines, mut errors) = self.parts(lines_left);
        let (package, package_errors) = self.package();
        let (delivery, delivery_errors) = self.delivery(terms, today);
        errors.extend(package_errors);
        errors.extend(delivery_errors);
        if errors.is_empty() { Ok(NewShipment { lines, package, delivery }) } else { Err(errors) }
    }
}

/// The wizard step a field of `NewShipment` is typed on.
pub fn step_of(field: &str) -> usize {
    if field.starts_with("lines") {
        1
    } else if field.starts_with("package") {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn left() -> Vec<LineLeft<'static>> {
        vec![
            LineLeft { line_id: 7, part_name: "Bracket", left: 10 },
            LineLeft { line_id: 8, part_name: "Cover", left: 4 },
        ]
    }

    fn filled() -> ShipmentDraft {
        let mut d = ShipmentDraft::new(vec![7, 8], "1 Main St\nSpringfield".into(), "key-1".into(), Units::Metric);
        d.quantities[0].quantity = " 10 ".into();
        d.length = "30".into();
        d.width = "20.5".into();
        d.height = "15".into();
        d.weight = "4.5".into();
        d.photo = Some((42, "packed.png".into()));
        d.pickup_confirmed = true;
        d.terms_accepted = true;
        d
    }

    #[test]
    fn r_shp_1_quantities_parse_and_empty_is_none_of_that_line() {
        let (lines, errors) = filled().parts(&left());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(lines, [ShipmentLine { line_id: 7, quantity: 10 }, ShipmentLine { line_id: 8, quantity: 0 }]);
        assert_eq!(filled().quantity(7), " 10 ");
    }

    #[test]
    fn r_shp_1_a_quantity_that_is_not_a_whole_number_is_named_once() {
        let mut d = filled();
        d.quantities[1].quantity = "2.5".into();
        let (_, errors) = d.parts(&left());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "lines[1].quantity");
        assert_eq!(errors[0].message, "Enter a whole number of parts, like 12.");
    }

    #[test]
    fn r_shp_1_more_than_is_left_and_nothing_at_all_are_refused() {
        let mut d = filled();
        d.quantities[0].quantity = "11".into();
        assert_eq!(d.parts(&left()).1[0].field, "lines[0].quantity");
        d.quantities[0].quantity = String::new();
        assert_eq!(d.parts(&left()).1[0].field, "lines");
    }

    #[test]
    fn r_shp_2_measures_parse_to_hundredths_and_bad_text_is_named_once() {
        let (p, errors) = filled().package();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((p.length, p.width, p.weight, p.photo_id), (3000, 2050, 450, Some(42)));
        let mut d = filled();
        d.width = "abc".into();
        let (_, errors) = d.package();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "package.width");
        assert_eq!(errors[0].message, "Enter a number, like 12.5.");
    }

    #[test]
    fn r_shp_2_an_empty_measure_and_a_missing_photo_are_named_by_the_rulebook() {
        let mut d = filled();
        d.height = "  ".into();
        d.photo = None;
        let fields: Vec<String> = d.package().1.into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&"package.height".to_owned()), "{fields:?}");
        assert!(fields.contains(&"package.photo".to_owned()), "{fields:?}");
    }

    #[test]
    fn r_shp_3_delivery_follows_the_order_terms() {
        let d = filled();
        let (delivery, errors) = d.delivery(DeliveryTerms::Marketplace, today());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(matches!(delivery, Delivery::Marketplace { pickup_confirmed: true, .. }));
        let (delivery, errors) = d.delivery(DeliveryTerms::Dap, today());
        assert!(matches!(delivery, Delivery::Partner { carrier: None, .. }));
        assert!(errors.iter().any(|e| e.field == "delivery.carrier"), "{errors:?}");
    }

    #[test]
    fn r_shp_3_the_expected_date_is_read_as_a_date() {
        let mut d = filled();
        d.expected_date = " 2026-12-03 ".into();
        assert_eq!(d.expected_ship_date(), NaiveDate::from_ymd_opt(2026, 12, 3));
        d.expected_date = "soon".into();
        assert_eq!(d.expected_ship_date(), None);
    }

    #[test]
    fn r_shp_1_to_3_the_request_or_every_message() {
        let new = filled().to_request(&left(), DeliveryTerms::Marketplace, today()).unwrap();
        assert_eq!(new.lines.len(), 2);
        assert_eq!(new.package.length, 3000);
        let mut bad = filled();
        bad.weight = "x".into();
        bad.terms_accepted = false;
        let errors = bad.to_request(&left(), DeliveryTerms::Marketplace, today()).unwrap_err();
        let steps: Vec<usize> = errors.iter().map(|e| step_of(&e.field)).collect();
        assert_eq!(steps, [2, 3]);
    }

    #[test]
    fn r_shp_6_a_draft_survives_the_browser_storage_round_trip() {
        let d = filled();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<ShipmentDraft>(&json).unwrap(), d);
    }
}
