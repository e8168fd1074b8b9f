//! The shipping wizard's draft (R-SHP-1..3, R-SHP-6): what the partner typed in its three steps,
//! as typed, kept in the browser until published (so a reload loses nothing), and read step by
//! step into the parts of a `NewShipment` with the server's checks.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::problem::FieldError;
use crate::shipping::{
    Carrier, Delivery, DeliveryTerms, LengthUnit, LineLeft, NewShipment, Package, PackageKind, ShipmentLine,
    WeightUnit, parse_measure, validate_delivery, validate_package, validate_parts,
};

/// What the partner typed, as typed: kept in the browser until published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShipmentDraft {
    /// Per order line: the quantity as typed.
    pub quantities: Vec<(i64, String)>,
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
    /// An empty draft for the order lines with parts left to ship (`lines_left_ids`, in order),
    /// picked up at `pickup_address`, published with the Idempotency-Key `key`. Sides in cm,
    /// weight in kg, a box.
    pub fn new(lines_left_ids: Vec<i64>, pickup_address: String, key: String) -> ShipmentDraft {
        ShipmentDraft {
            quantities: lines_left_ids.into_iter().map(|id| (id, String::new())).collect(),
            length: String::new(),
            width: String::new(),
            height: String::new(),
            length_unit: LengthUnit::Cm,
            weight: String::new(),
            weight_unit: WeightUnit::Kg,
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

    /// The quantity typed for an order line (empty when none).
    pub fn quantity(&self, line_id: i64) -> String {
        self.quantities.iter().find(|(l, _)| *l == line_id).map(|(_, q)| q.clone()).unwrap_or_default()
    }

    /// R-SHP-1, step 1: the lines (every line with parts left, in order; an empty quantity is 0)
    /// and their messages. A quantity that is not a whole number is named as such, and the
    /// rulebook's message for the same field is then left out.
    pub fn parts(&self, lines_left: &[LineLeft<'_>]) -> (Vec<ShipmentLine>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let lines: Vec<ShipmentLine> = self
            .quantities
            .iter()
            .enumerate()
            .map(|(i, (line_id, text))| {
                let t = text.trim();
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
                ShipmentLine { line_id: *line_id, quantity }
            })
            .collect();
        let parsed: BTreeSet<String> = errors.iter().map(|e| e.field.clone()).collect();
        errors.extend(validate_parts(&lines, lines_left).into_iter().filter(|e| !parsed.contains(&e.field)));
        (lines, errors)
    }

    /// R-SHP-2, step 2: the package and its messages. A measure typed but not a number is named
    /// as such (an empty one is left to the rulebook's "required").
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
        let parsed: BTreeSet<String> = errors.iter().map(|e| e.field.clone()).collect();
        errors.extend(validate_package(&p).into_iter().filter(|e| !parsed.contains(&e.field)));
        (p, errors)
    }

    /// R-SHP-3, step 3: the delivery by the order's terms (the partner's carrier, or the
    /// marketplace's pickup) and its messages. An expected date that is not `YYYY-MM-DD` is
    /// taken as not given.
    pub fn delivery(&self, terms: DeliveryTerms, today: NaiveDate) -> (Delivery, Vec<FieldError>) {
        let delivery = if terms.partner_arranges() {
            Delivery::Partner {
                carrier: self.carrier,
                tracking_number: self.tracking.clone(),
                expected_ship_date: NaiveDate::parse_from_str(self.expected_date.trim(), "%Y-%m-%d").ok(),
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

    /// The whole shipment to publish, or every message of the three steps.
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

/// The wizard step (1 parts, 2 package, 3 delivery) a field's message belongs to.
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

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn left() -> Vec<LineLeft<'static>> {
        vec![
            LineLeft { line_id: 1, part_name: "Bracket", left: 10 },
            LineLeft { line_id: 2, part_name: "Cover", left: 4 },
        ]
    }

    fn filled() -> ShipmentDraft {
        let mut draft = ShipmentDraft::new(vec![1, 2], "Acme Machining\n1 Main St".to_owned(), "key-1".to_owned());
        draft.quantities = vec![(1, " 10 ".to_owned()), (2, String::new())];
        draft.length = " 40 ".to_owned();
        draft.width = "30.5".to_owned();
        draft.height = "20".to_owned();
        draft.weight = "12.25".to_owned();
        draft.photo = Some((7, "box.jpg".to_owned()));
        draft.pickup_confirmed = true;
        draft.terms_accepted = true;
        draft
    }

    fn messages(errors: &[FieldError]) -> Vec<(&str, &str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str(), e.message.as_str())).collect()
    }

    #[test]
    fn r_shp_6_a_new_draft_is_empty_in_cm_kg_and_a_box() {
        let draft = ShipmentDraft::new(vec![3, 5], "1 Main St".to_owned(), "k".to_owned());
        assert_eq!(draft.quantities, [(3, String::new()), (5, String::new())]);
        assert_eq!(
            (draft.length_unit, draft.weight_unit, draft.kind),
            (LengthUnit::Cm, WeightUnit::Kg, PackageKind::Box)
        );
        assert_eq!((draft.pickup_address.as_str(), draft.key.as_str()), ("1 Main St", "k"));
        assert_eq!(draft.quantity(3), "");
        assert_eq!(draft.quantity(99), "", "a line not on the draft");
        let back: ShipmentDraft = serde_json::from_str(&serde_json::to_string(&draft).unwrap()).unwrap();
        assert_eq!(back, draft, "kept in the browser as JSON");
    }

    #[test]
    fn r_shp_1_to_3_a_filled_draft_is_the_request_with_trimmed_numbers() {
        let draft = filled();
        let shipment = draft.to_request(&left(), DeliveryTerms::Marketplace, d("2026-11-20")).unwrap();
        assert_eq!(
            shipment.lines,
            [ShipmentLine { line_id: 1, quantity: 10 }, ShipmentLine { line_id: 2, quantity: 0 }],
            "every line, an empty quantity as 0"
        );
        assert_eq!((shipment.package.length, shipment.package.width, shipment.package.weight), (4000, 3050, 1225));
        assert_eq!(shipment.package.photo_id, Some(7));
        assert_eq!(
            shipment.delivery,
            Delivery::Marketplace {
                pickup_address: "Acme Machining\n1 Main St".to_owned(),
                pickup_confirmed: true,
                terms_accepted: true
            }
        );
        assert_eq!(draft.quantity(1), " 10 ");
    }

    #[test]
    fn r_shp_1_a_quantity_not_a_whole_number_is_named_once() {
        let mut draft = filled();
        draft.quantities = vec![(1, "2.5".to_owned()), (2, "abc".to_owned())];
        let (lines, errors) = draft.parts(&left());
        assert_eq!(lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [0, 0]);
        assert_eq!(
            messages(&errors),
            [
                ("lines[0].quantity", "not_a_number", "Enter a whole number of parts, like 12."),
                ("lines[1].quantity", "not_a_number", "Enter a whole number of parts, like 12."),
                ("lines", "required", "Choose at least one part and how many are in this package."),
            ]
        );
    }

    #[test]
    fn r_shp_1_nothing_chosen_and_too_many_are_the_rulebooks_messages() {
        let mut draft = filled();
        draft.quantities = vec![(1, "  ".to_owned()), (2, String::new())];
        let (_, errors) = draft.parts(&left());
        assert_eq!(
            messages(&errors),
            [("lines", "required", "Choose at least one part and how many are in this package.")]
        );
        draft.quantities = vec![(1, "11".to_owned()), (2, "1".to_owned())];
        let (_, errors) = draft.parts(&left());
        assert_eq!(
            messages(&errors),
            [("lines[0].quantity", "too_many", "Only 10 of Bracket are left to ship: enter 10 or fewer.")]
        );
    }

    #[test]
    fn r_shp_2_a_measure_not_a_number_is_named_and_an_empty_one_is_required() {
        let mut draft = filled();
        draft.length = "12 cm".to_owned();
        draft.width = "  ".to_owned();
        draft.height = "-3".to_owned();
        draft.weight = "1.234".to_owned();
        draft.photo = None;
        let (package, errors) = draft.package();
        assert_eq!((package.length, package.width, package.height, package.weight), (0, 0, 0, 0));
        assert_eq!(
            messages(&errors),
            [
                ("package.length", "not_a_number", "Enter a number, like 12.5."),
                ("package.height", "not_a_number", "Enter a number above zero."),
                ("package.weight", "not_a_number", "Use at most two decimal places."),
                ("package.width", "required", "Enter this side of the package, above zero."),
                ("package.photo", "required", "Add a photo of the packed package (JPEG or PNG, at most 10 MB)."),
            ]
        );
    }

    #[test]
    fn r_shp_2_a_heavy_box_is_the_rulebooks_message() {
        let mut draft = filled();
        draft.weight = "69".to_owned();
        let (_, errors) = draft.package();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("package.weight", "too_heavy"));
    }

    #[test]
    fn r_shp_3_delivery_by_the_orders_terms() {
        let today = d("2026-11-20");
        let mut draft = filled();
        draft.pickup_address = "   ".to_owned();
        draft.pickup_confirmed = false;
        draft.terms_accepted = false;
        let (_, errors) = draft.delivery(DeliveryTerms::Marketplace, today);
        assert_eq!(
            messages(&errors),
            [
                ("delivery.pickup_address", "required", "Enter the address where the carrier picks the package up."),
                (
                    "delivery.pickup_confirmed",
                    "required",
                    "Check the pickup address, then tick the box to confirm it is correct."
                ),
                ("delivery.terms_accepted", "required", "Tick the box to confirm the delivery terms."),
            ]
        );
        // The partner arranges delivery: carrier, tracking and expected date, the date trimmed.
        let mut partner = filled();
        partner.carrier = Some(Carrier::DhlExpress);
        partner.tracking = "1234567890".to_owned();
        partner.expected_date = " 2026-11-23 ".to_owned();
        let (delivery, errors) = partner.delivery(DeliveryTerms::Dap, today);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            delivery,
            Delivery::Partner {
                carrier: Some(Carrier::DhlExpress),
                tracking_number: "1234567890".to_owned(),
                expected_ship_date: Some(d("2026-11-23")),
                terms_accepted: true
            }
        );
        // A date not typed as YYYY-MM-DD is not given.
        partner.expected_date = "23.11.2026".to_owned();
        partner.carrier = None;
        let (_, errors) = partner.delivery(DeliveryTerms::TestOrder, today);
        assert_eq!(
            messages(&errors),
            [
                ("delivery.carrier", "required", "Choose the carrier."),
                ("delivery.expected_ship_date", "required", "Enter the day the package will ship."),
            ]
        );
    }

    #[test]
    fn r_shp_1_to_3_to_request_gathers_every_steps_messages() {
        let mut draft = filled();
        draft.quantities = vec![(1, "x".to_owned()), (2, "1".to_owned())];
        draft.weight = String::new();
        draft.terms_accepted = false;
        let errors = draft.to_request(&left(), DeliveryTerms::Marketplace, d("2026-11-20")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lines[0].quantity", "package.weight", "delivery.terms_accepted"]);
        assert_eq!(fields.iter().map(|f| step_of(f)).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn r_shp_6_fields_belong_to_their_steps() {
        assert_eq!(step_of("lines"), 1);
        assert_eq!(step_of("lines[3].quantity"), 1);
        assert_eq!(step_of("package.photo"), 2);
        assert_eq!(step_of("delivery.carrier"), 3);
        assert_eq!(step_of("anything else"), 3);
    }
}
