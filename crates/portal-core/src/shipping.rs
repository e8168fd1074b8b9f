//! The shipping wizard (R-SHP-1 to R-SHP-6): parts, package, delivery, the deadline, and a
//! shipment's tracking steps. Each step's check is one function the SPA runs as the partner types
//! and the server runs on publish.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::capability::labelled_enum;
use crate::money::{DecimalError, decimal_text, parse_decimal};
use crate::problem::FieldError;

labelled_enum!(
    /// Units a package's sides are measured in.
    LengthUnit {
        Cm => ("cm", "cm"),
        Mm => ("mm", "mm"),
        In => ("in", "in"),
    }
);

labelled_enum!(
    /// Units a package's weight is given in.
    WeightUnit {
        Kg => ("kg", "kg"),
        Lb => ("lb", "lb"),
    }
);

labelled_enum!(
    /// R-SHP-2: what the parts travel in.
    PackageKind {
        Box => ("box", "Box"),
        Pallet => ("pallet", "Pallet"),
    }
);

labelled_enum!(
    /// R-SHP-3: the carriers a partner may book when it arranges delivery.
    Carrier {
        Ups => ("ups", "UPS"),
        FedEx => ("fedex", "FedEx"),
        DhlExpress => ("dhl_express", "DHL Express"),
        Usps => ("usps", "USPS"),
        Dpd => ("dpd", "DPD"),
    }
);

impl Carrier {
    /// R-SHP-5: the carrier's public tracking page for a tracking number (letters and digits
    /// only, so nothing typed can change the address).
    pub fn tracking_url(self, number: &str) -> Option<String> {
        let n: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
        if n.is_empty() {
            return None;
        }
        Some(match self {
            Carrier::Ups => format!("https://www.ups.com/track?tracknum={n}"),
            Carrier::FedEx => format!("https://www.fedex.com/fedextrack/?trknbr={n}"),
            Carrier::DhlExpress => {
                format!("https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={n}")
            }
            Carrier::Usps => format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={n}"),
            Carrier::Dpd => format!("https://tracking.dpd.de/status/en_US/parcel/{n}"),
        })
    }
}

labelled_enum!(
    /// R-SHP-3: who arranges delivery, from the order's terms.
    DeliveryTerms {
        Marketplace => ("marketplace", "The marketplace arranges delivery"),
        Dap => ("dap", "DAP terms: you arrange delivery"),
        TestOrder => ("test_order", "Test order: you arrange delivery"),
    }
);

impl DeliveryTerms {
    /// R-SHP-3: the delivery terms the partner confirms, spelled out beside the checkbox.
    pub fn terms(self) -> &'static [&'static str] {
        match self {
            DeliveryTerms::Marketplace => &[
                "The marketplace books the carrier and pays for delivery; the carrier collects the package at the \
                 pickup address.",
                "Have the package packed, labelled and ready at the pickup address on the day of pickup.",
                "Shipping documents appear on the order once the marketplace has processed the shipment.",
                "On the day of pickup, answer “Shipped” on the order page; the carrier's scan, when reported, takes \
                 its place. The day the parts leave is what on-time shipping measures.",
            ],
            DeliveryTerms::Dap | DeliveryTerms::TestOrder => &[
                "You book and pay the carrier: the order's price covers delivery to the ship-to address (DAP, \
                 delivered at place); the receiver pays import duties and taxes.",
                "Pack by the packing checklist and put the label on the package; give the tracking number as soon \
                 as you have it.",
                "On the day of pickup, answer “Shipped” on the order page: the day the parts leave is what on-time \
                 shipping measures.",
            ],
        }
    }

    /// Test orders and orders on DAP terms: the partner books the carrier (the price covers it).
    pub fn partner_arranges(self) -> bool {
        self != DeliveryTerms::Marketplace
    }
}

labelled_enum!(
    /// R-SHP-5: where a shipment is, as the marketplace reports it.
    ShipmentStatus {
        Submitted => ("submitted", "Submitted"),
        LabelCreated => ("label_created", "Label created"),
        PickedUp => ("picked_up", "Picked up"),
        InTransit => ("in_transit", "In transit"),
        Delivered => ("delivered", "Delivered"),
    }
);

labelled_enum!(
    /// R-ORD-7, R-PSS-3: who recorded the day a shipment left the shop.
    PickupSource {
        Carrier => ("carrier", "the carrier's pickup scan"),
        Partner => ("partner", "your “Shipped” check-in"),
    }
);

impl ShipmentStatus {
    /// Tracking only moves forward (steps may be skipped when a carrier reports late).
    pub fn can_move_to(self, to: ShipmentStatus) -> bool {
        to > self
    }

    /// R-SHP-5: labels to print. A partner-arranged shipment's label is ready at once; the
    /// marketplace's appear once it has processed the shipment (label created).
    pub fn labels_ready(self, terms: DeliveryTerms) -> bool {
        terms.partner_arranges() || self >= ShipmentStatus::LabelCreated
    }
}

/// R-SHP-1: one order line in this package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentLine {
    pub line_id: i64,
    pub quantity: u32,
}

/// R-SHP-2: the package. Sides and weight are hundredths of their unit (12.5 cm is 1250), so no
/// float is ever involved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Package {
    pub length: u32,
    pub width: u32,
    pub height: u32,
    pub length_unit: LengthUnit,
    pub weight: u32,
    pub weight_unit: WeightUnit,
    pub kind: PackageKind,
    /// The uploaded photo of the packed package.
    pub photo_id: Option<i64>,
}

/// R-SHP-3: the delivery step, by who arranges it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "arranged_by", rename_all = "snake_case")]
pub enum Delivery {
    Marketplace {
        pickup_address: String,
        pickup_confirmed: bool,
        terms_accepted: bool,
    },
    Partner {
        carrier: Option<Carrier>,
        #[serde(default)]
        tracking_number: String,
        expected_ship_date: Option<NaiveDate>,
        terms_accepted: bool,
    },
}

/// `POST /orders/{id}/shipments`: the wizard's three steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewShipment {
    pub lines: Vec<ShipmentLine>,
    pub package: Package,
    pub delivery: Delivery,
}

/// What is left to ship of one order line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineLeft<'a> {
    pub line_id: i64,
    pub part_name: &'a str,
    pub left: u32,
}

/// R-SHP-1: at least one part; each line of the order at most once; never more than is left
/// to ship of it over all shipments.
pub fn validate_parts(lines: &[ShipmentLine], left: &[LineLeft<'_>]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if lines.iter().all(|l| l.quantity == 0) {
        errors.push(FieldError::new("lines", "required", "Choose at least one part and how many are in this package."));
    }
    for (i, line) in lines.iter().enumerate() {
        let field = format!("lines[{i}].quantity");
        let Some(order_line) = left.iter().find(|l| l.line_id == line.line_id) else {
            errors.push(FieldError::new(&format!("lines[{i}].line_id"), "unknown", "This part is not on the order."));
            continue;
        };
        if lines[..i].iter().any(|l| l.line_id == line.line_id) {
            errors.push(FieldError::new(&field, "duplicate", "Each part appears once: add the quantities together."));
        } else if line.quantity > order_line.left {
            let message = if order_line.left == 0 {
                format!("{} has shipped in full: leave it out of this package.", order_line.part_name)
            } else {
                format!(
                    "Only {} of {} are left to ship: enter {} or fewer.",
                    order_line.left, order_line.part_name, order_line.left
                )
            };
            errors.push(FieldError::new(&field, "too_many", message));
        }
    }
    errors
}

/// R-SHP-1: a shipment needs parts left to ship; when every part of the order is in a published
/// shipment already there is nothing to publish. The server answers the refusal as 409 Conflict
/// (problem type `/problems/conflict`, no field).
pub fn nothing_left_to_ship(left_to_ship: u32) -> Option<&'static str> {
    (left_to_ship == 0).then_some("Every part of this order has shipped already.")
}

/// R-SHP-2 (**decision**): no side longer than 3 m.
pub const SIDE_MAX_MM: u64 = 3_000;
/// R-SHP-2 (**decision**): a box weighs at most 68 kg (150 lb, the parcel carriers' limit);
/// heavier goes on a pallet.
pub const BOX_MAX_GRAMS: u64 = 68_000;
/// R-SHP-2 (**decision**): a pallet weighs at most 1,000 kg.
pub const PALLET_MAX_GRAMS: u64 = 1_000_000;

impl LengthUnit {
    /// Hundredths of this unit in hundredths of a millimetre.
    fn to_mm_hundredths(self, hundredths: u32) -> u64 {
        let h = u64::from(hundredths);
        match self {
            LengthUnit::Mm => h,
            LengthUnit::Cm => h * 10,
            LengthUnit::In => h * 254 / 10,
        }
    }
}

impl WeightUnit {
    /// Hundredths of this unit in grams (rounded down).
    fn to_grams(self, hundredths: u32) -> u64 {
        let h = u64::from(hundredths);
        match self {
            WeightUnit::Kg => h * 10,
            // 1 lb = 453.59237 g
            WeightUnit::Lb => h * 45_359_237 / 10_000_000,
        }
    }
}

/// R-SHP-2: sides and weight above zero and within the limits for a box or a pallet, and a photo.
pub fn validate_package(p: &Package) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (field, value) in [("package.length", p.length), ("package.width", p.width), ("package.height", p.height)] {
        if value == 0 {
            errors.push(FieldError::new(field, "required", "Enter this side of the package, above zero."));
        } else if p.length_unit.to_mm_hundredths(value) > SIDE_MAX_MM * 100 {
            errors.push(FieldError::new(field, "too_long", "A side can be at most 3 m (300 cm, 118 in)."));
        }
    }
    let grams = p.weight_unit.to_grams(p.weight);
    if p.weight == 0 {
        errors.push(FieldError::new("package.weight", "required", "Enter the package's weight, above zero."));
    } else if p.kind == PackageKind::Box && grams > BOX_MAX_GRAMS {
        errors.push(FieldError::new(
            "package.weight",
            "too_heavy",
            "A box can weigh at most 68 kg (150 lb): choose a pallet, or split the parts into more packages.",
        ));
    } else if grams > PALLET_MAX_GRAMS {
        errors.push(FieldError::new(
            "package.weight",
            "too_heavy",
            "A pallet can weigh at most 1,000 kg (2,204 lb): split the parts into more shipments.",
        ));
    }
    if p.photo_id.is_none() {
        errors.push(FieldError::new(
            "package.photo",
            "required",
            "Add a photo of the packed package (JPEG or PNG, at most 10 MB).",
        ));
    }
    errors
}

/// R-SHP-3 (**decision**): the longest pickup address, in characters.
pub const ADDRESS_MAX_CHARS: usize = 300;
/// R-SHP-3 (**decision**): an expected shipment date at most this many days ahead.
pub const EXPECTED_DATE_MAX_DAYS: u64 = 90;

/// A tracking number as carriers print it, without spaces, in capitals.
pub fn normalize_tracking(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

impl Carrier {
    /// Whether `tracking` (normalized) has this carrier's format.
    pub fn tracking_fits(self, tracking: &str) -> bool {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let n = tracking.len();
        match self {
            // 1Z, then 16 letters and digits.
            Carrier::Ups => {
                n == 18 && tracking.starts_with("1Z") && tracking[2..].bytes().all(|b| b.is_ascii_alphanumeric())
            }
            Carrier::FedEx => matches!(n, 12 | 15 | 20 | 22) && digits(tracking),
            Carrier::DhlExpress => n == 10 && digits(tracking),
            // 20 to 22 digits, or the international form: two letters, nine digits, US.
            Carrier::Usps => {
                ((20..=22).contains(&n) && digits(tracking))
                    || (n == 13
                        && tracking[..2].bytes().all(|b| b.is_ascii_uppercase())
                        && digits(&tracking[2..11])
                        && tracking.ends_with("US"))
            }
            Carrier::Dpd => n == 14 && digits(tracking),
        }
    }

    /// How this carrier's tracking numbers look, for the message beside the field.
    pub fn tracking_hint(self) -> &'static str {
        match self {
            Carrier::Ups => "1Z followed by 16 letters and digits, like 1Z999AA10123456784",
            Carrier::FedEx => "12, 15, 20 or 22 digits, like 123456789012",
            Carrier::DhlExpress => "10 digits, like 1234567890",
            Carrier::Usps => "20 to 22 digits, or like EA123456789US",
            Carrier::Dpd => "14 digits, like 01234567890123",
        }
    }
}

/// R-SHP-3: the delivery step for the order's terms.
pub fn validate_delivery(d: &Delivery, terms: DeliveryTerms, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let terms_error =
        || FieldError::new("delivery.terms_accepted", "required", "Tick the box to confirm the delivery terms.");
    match d {
        Delivery::Marketplace { .. } if terms.partner_arranges() => errors.push(FieldError::new(
            "delivery.arranged_by",
            "partner",
            "You arrange delivery for this order: choose a carrier and the expected shipment date.",
        )),
        Delivery::Partner { .. } if !terms.partner_arranges() => errors.push(FieldError::new(
            "delivery.arranged_by",
            "marketplace",
            "The marketplace arranges delivery for this order: check the pickup address instead.",
        )),
        Delivery::Marketplace { pickup_address, pickup_confirmed, terms_accepted } => {
            let chars = pickup_address.trim().chars().count();
            if chars == 0 {
                errors.push(FieldError::new(
                    "delivery.pickup_address",
                    "required",
                    "Enter the address where the carrier picks the package up.",
                ));
            } else if chars > ADDRESS_MAX_CHARS {
                errors.push(FieldError::new(
                    "delivery.pickup_address",
                    "too_long",
                    format!("Shorten the address to {ADDRESS_MAX_CHARS} characters or fewer."),
                ));
            }
            if !pickup_confirmed {
                errors.push(FieldError::new(
                    "delivery.pickup_confirmed",
                    "required",
                    "Check the pickup address, then tick the box to confirm it is correct.",
                ));
            }
            if !terms_accepted {
                errors.push(terms_error());
            }
        }
        Delivery::Partner { carrier, tracking_number, expected_ship_date, terms_accepted } => {
            match carrier {
                None => errors.push(FieldError::new("delivery.carrier", "required", "Choose the carrier.")),
                Some(carrier) => {
                    let tracking = normalize_tracking(tracking_number);
                    if !tracking.is_empty() && !carrier.tracking_fits(&tracking) {
                        errors.push(FieldError::new(
                            "delivery.tracking_number",
                            "invalid",
                            format!(
                                "A {} tracking number is {}. Check it, or leave it empty and add it later.",
                                carrier.label(),
                                carrier.tracking_hint()
                            ),
                        ));
                    }
                }
            }
            let latest = today.checked_add_days(Days::new(EXPECTED_DATE_MAX_DAYS));
            match expected_ship_date {
                None => errors.push(FieldError::new(
                    "delivery.expected_ship_date",
                    "required",
                    "Enter the day the package will ship.",
                )),
                Some(date) if *date < today => errors.push(FieldError::new(
                    "delivery.expected_ship_date",
                    "past",
                    format!("Choose today ({}) or a later day.", crate::format::date(today)),
                )),
                Some(date) if latest.is_some_and(|l| *date > l) => errors.push(FieldError::new(
                    "delivery.expected_ship_date",
                    "too_far",
                    format!("Choose a day within {EXPECTED_DATE_MAX_DAYS} days."),
                )),
                Some(_) => {}
            }
            if !terms_accepted {
                errors.push(terms_error());
            }
        }
    }
    errors
}

/// Everything about an order the wizard's checks need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShipmentContext<'a> {
    pub left: Vec<LineLeft<'a>>,
    pub terms: DeliveryTerms,
    pub today: NaiveDate,
}

/// R-SHP-1 to R-SHP-3: the whole shipment, as the server checks it on publish.
pub fn validate_shipment(s: &NewShipment, ctx: &ShipmentContext<'_>) -> Vec<FieldError> {
    let mut errors = validate_parts(&s.lines, &ctx.left);
    errors.extend(validate_package(&s.package));
    errors.extend(validate_delivery(&s.delivery, ctx.terms, ctx.today));
    errors
}

/// R-SHP-4: shipping information must be published at least one day before the lead time: on
/// the day before it is in time, from the lead time day itself it is late.
pub fn publish_is_late(lead_time: NaiveDate, today: NaiveDate) -> bool {
    lead_time.pred_opt().is_none_or(|deadline| today > deadline)
}

/// R-SHP-4: what a late publication means for the partner, shown before it happens.
pub fn late_warning(lead_time: NaiveDate) -> String {
    format!(
        "Shipping information was due by {} (one day before the lead time). You can still publish; it is shown \
         as late, and parts that leave after the lead time lower your Partner Success Score (on-time shipping).",
        crate::format::date(lead_time.pred_opt().unwrap_or(lead_time))
    )
}

/// R-SHP-4, R-PSS-3 (revised): what is late about a shipment, said before it is published:
/// publishing after the day before the lead time, and, where the partner arranges delivery, an
/// expected ship date after the lead time (the day the parts leave is what the score measures).
pub fn shipment_warning(
    lead_time: NaiveDate,
    today: NaiveDate,
    expected_ship_date: Option<NaiveDate>,
) -> Option<String> {
    let publishing_late = publish_is_late(lead_time, today);
    match expected_ship_date.filter(|d| *d > lead_time) {
        Some(ships) => Some(format!(
            "The expected ship date, {}, is after the lead time ({}): parts that leave after the lead time lower \
             your Partner Success Score (on-time shipping).{}",
            crate::format::date(ships),
            crate::format::date(lead_time),
            if publishing_late {
                " Publishing now is also late (it was due one day before the lead time)."
            } else {
                ""
            }
        )),
        None => publishing_late.then(|| late_warning(lead_time)),
    }
}

/// Reads a measure as typed (`12.5`, `1,200`) into hundredths. Messages are for the field.
pub fn parse_measure(text: &str) -> Result<u32, &'static str> {
    match parse_decimal(text, 2) {
        Ok(v) => u32::try_from(v).map_err(|_| "This number is too large."),
        Err(DecimalError::Empty) => Err("Enter a number."),
        Err(DecimalError::Negative) => Err("Enter a number above zero."),
        Err(DecimalError::NotANumber) => Err("Enter a number, like 12.5."),
        Err(DecimalError::TooPrecise) => Err("Use at most two decimal places."),
        Err(DecimalError::TooLarge) => Err("This number is too large."),
    }
}

/// A measure in hundredths as an input shows it (`1250` → `12.5`).
pub fn measure_text(hundredths: u32) -> String {
    decimal_text(i64::from(hundredths), 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn left() -> Vec<LineLeft<'static>> {
        vec![
            LineLeft { line_id: 1, part_name: "Bracket", left: 10 },
            LineLeft { line_id: 2, part_name: "Cover", left: 0 },
        ]
    }

    fn package() -> Package {
        Package {
            length: 3000,
            width: 2000,
            height: 1500,
            length_unit: LengthUnit::Cm,
            weight: 250,
            weight_unit: WeightUnit::Kg,
            kind: PackageKind::Box,
            photo_id: Some(7),
        }
    }

    #[test]
    fn r_shp_1_nothing_left_to_ship_is_refused() {
        assert_eq!(nothing_left_to_ship(0), Some("Every part of this order has shipped already."));
        assert_eq!(nothing_left_to_ship(1), None);
    }

    #[test]
    fn r_shp_1_quantity_exactly_what_is_left_is_allowed() {
        let ok = validate_parts(&[ShipmentLine { line_id: 1, quantity: 10 }], &left());
        assert!(ok.is_empty(), "{ok:?}");
        let partial = validate_parts(&[ShipmentLine { line_id: 1, quantity: 3 }], &left());
        assert!(partial.is_empty(), "partial shipments are allowed");
        let over = validate_parts(&[ShipmentLine { line_id: 1, quantity: 11 }], &left());
        assert_eq!(over[0].field, "lines[0].quantity");
        assert!(over[0].message.contains("Only 10 of Bracket"), "{}", over[0].message);
        let done = validate_parts(&[ShipmentLine { line_id: 2, quantity: 1 }], &left());
        assert!(done[0].message.contains("shipped in full"));
        assert_eq!(validate_parts(&[], &left())[0].field, "lines");
        assert_eq!(validate_parts(&[ShipmentLine { line_id: 1, quantity: 0 }], &left())[0].field, "lines");
        let unknown = validate_parts(&[ShipmentLine { line_id: 9, quantity: 1 }], &left());
        assert_eq!(unknown[0].field, "lines[0].line_id");
        let twice = validate_parts(
            &[ShipmentLine { line_id: 1, quantity: 5 }, ShipmentLine { line_id: 1, quantity: 5 }],
            &left(),
        );
        assert_eq!(twice[0].code, "duplicate");
    }

    #[test]
    fn r_shp_2_package_limits() {
        assert!(validate_package(&package()).is_empty());
        let mut p = package();
        p.photo_id = None;
        p.width = 0;
        let fields: Vec<_> = validate_package(&p).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["package.width", "package.photo"]);
        // 300 cm is the limit; 118.12 in is just over 3 m.
        let mut p = package();
        p.length = 30_000;
        assert!(validate_package(&p).is_empty());
        p.length = 30_001;
        assert_eq!(validate_package(&p)[0].code, "too_long");
        p.length = 11_812;
        p.length_unit = LengthUnit::In;
        assert_eq!(validate_package(&p)[0].code, "too_long");
        // A box up to 68 kg; 150 lb is 68.04 kg, just over; a pallet takes it.
        let mut p = package();
        p.weight = 6_800;
        assert!(validate_package(&p).is_empty());
        p.weight = 15_000;
        p.weight_unit = WeightUnit::Lb;
        assert_eq!(validate_package(&p)[0].code, "too_heavy");
        p.kind = PackageKind::Pallet;
        assert!(validate_package(&p).is_empty());
    }

    #[test]
    fn r_shp_3_delivery_follows_the_order_terms() {
        let today = d("2026-11-21");
        let marketplace = Delivery::Marketplace {
            pickup_address: "1 Mill Road, Dayton OH".into(),
            pickup_confirmed: true,
            terms_accepted: true,
        };
        assert!(validate_delivery(&marketplace, DeliveryTerms::Marketplace, today).is_empty());
        assert_eq!(validate_delivery(&marketplace, DeliveryTerms::Dap, today)[0].field, "delivery.arranged_by");
        let unconfirmed =
            Delivery::Marketplace { pickup_address: " ".into(), pickup_confirmed: false, terms_accepted: false };
        let fields: Vec<_> =
            validate_delivery(&unconfirmed, DeliveryTerms::Marketplace, today).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["delivery.pickup_address", "delivery.pickup_confirmed", "delivery.terms_accepted"]);

        let partner = |carrier, tracking: &str, date| Delivery::Partner {
            carrier,
            tracking_number: tracking.into(),
            expected_ship_date: date,
            terms_accepted: true,
        };
        let ok = partner(Some(Carrier::Ups), "1z 999 aa1 0123456784", Some(today));
        assert!(validate_delivery(&ok, DeliveryTerms::TestOrder, today).is_empty(), "today, spaced lower case");
        assert!(validate_delivery(&partner(Some(Carrier::Dpd), "", Some(today)), DeliveryTerms::Dap, today).is_empty());
        let bad =
            validate_delivery(&partner(Some(Carrier::Ups), "123456789012", Some(today)), DeliveryTerms::Dap, today);
        assert_eq!(bad[0].field, "delivery.tracking_number");
        assert!(bad[0].message.contains("1Z followed by"));
        let past =
            validate_delivery(&partner(Some(Carrier::FedEx), "", Some(d("2026-11-20"))), DeliveryTerms::Dap, today);
        assert_eq!(past[0].code, "past");
        let far =
            validate_delivery(&partner(Some(Carrier::FedEx), "", Some(d("2027-02-20"))), DeliveryTerms::Dap, today);
        assert_eq!(far[0].code, "too_far");
        let none = validate_delivery(&partner(None, "", None), DeliveryTerms::Dap, today);
        assert_eq!(
            none.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["delivery.carrier", "delivery.expected_ship_date"]
        );
    }

    #[test]
    fn r_shp_3_tracking_formats() {
        assert!(Carrier::FedEx.tracking_fits("123456789012"));
        assert!(!Carrier::FedEx.tracking_fits("12345678901A"));
        assert!(Carrier::DhlExpress.tracking_fits("1234567890"));
        assert!(Carrier::Usps.tracking_fits("9400111899223856928499"));
        assert!(Carrier::Usps.tracking_fits("EA123456789US"));
        assert!(!Carrier::Usps.tracking_fits("EA12345678XUS"));
        assert!(Carrier::Dpd.tracking_fits("01234567890123"));
        assert!(!Carrier::Ups.tracking_fits("1Z999AA1012345678"));
    }

    #[test]
    fn r_shp_4_publishing_exactly_one_day_before_the_lead_time_is_in_time() {
        let lead = d("2026-11-30");
        assert!(!publish_is_late(lead, d("2026-11-28")));
        assert!(!publish_is_late(lead, d("2026-11-29")), "exactly one day before");
        assert!(publish_is_late(lead, d("2026-11-30")), "on the lead time day");
        assert!(publish_is_late(lead, d("2026-12-03")));
        assert!(late_warning(lead).contains("Sun 29 Nov 2026"));
    }

    #[test]
    fn r_shp_5_tracking_moves_forward_and_labels_follow_the_terms() {
        assert!(ShipmentStatus::Submitted.can_move_to(ShipmentStatus::LabelCreated));
        assert!(ShipmentStatus::LabelCreated.can_move_to(ShipmentStatus::InTransit));
        assert!(!ShipmentStatus::InTransit.can_move_to(ShipmentStatus::PickedUp));
        assert!(!ShipmentStatus::Delivered.can_move_to(ShipmentStatus::Delivered));
        assert!(!ShipmentStatus::Submitted.labels_ready(DeliveryTerms::Marketplace));
        assert!(ShipmentStatus::LabelCreated.labels_ready(DeliveryTerms::Marketplace));
        assert!(ShipmentStatus::Submitted.labels_ready(DeliveryTerms::Dap));
    }

    // R-SHP-4, R-PSS-3: a DAP or test order whose expected ship date is after the lead time is
    // warned like a late publication.
    #[test]
    fn r_shp_4_an_expected_ship_date_after_the_lead_time_is_warned_too() {
        let lead = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let early = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(shipment_warning(lead, early, None), None);
        assert_eq!(shipment_warning(lead, early, Some(lead)), None, "leaving on the lead time is on time");
        let after = shipment_warning(lead, early, Some(lead + chrono::Days::new(2))).unwrap();
        assert!(after.contains("Wed 2 Dec 2026") && !after.contains("also late"), "{after}");
        let both = shipment_warning(lead, lead, Some(lead + chrono::Days::new(1))).unwrap();
        assert!(both.contains("also late"), "{both}");
        assert!(shipment_warning(lead, lead, None).unwrap().contains("Sun 29 Nov 2026"));
    }

    // R-SHP-5: every carrier links to its own tracking page; only letters and digits go in.
    #[test]
    fn r_shp_5_carriers_link_to_their_tracking_pages() {
        assert_eq!(
            Carrier::Ups.tracking_url("1Z999AA10123456784").as_deref(),
            Some("https://www.ups.com/track?tracknum=1Z999AA10123456784")
        );
        assert!(Carrier::FedEx.tracking_url("1234 5678 9012").unwrap().ends_with("trknbr=123456789012"));
        assert!(Carrier::Usps.tracking_url("9400100000000000000000").unwrap().starts_with("https://tools.usps.com/"));
        assert!(Carrier::DhlExpress.tracking_url("1234567890").unwrap().contains("dhl.com"));
        assert!(Carrier::Dpd.tracking_url("01234567890123").unwrap().contains("dpd.de"));
        assert_eq!(
            Carrier::Ups.tracking_url("\"><script>").as_deref(),
            Some("https://www.ups.com/track?tracknum=script")
        );
        assert_eq!(Carrier::Ups.tracking_url(""), None);
    }

    #[test]
    fn measures_are_read_without_floats() {
        assert_eq!(parse_measure("12.5"), Ok(1250));
        assert_eq!(parse_measure("1,200"), Ok(120_000));
        assert!(parse_measure("12.555").is_err());
        assert!(parse_measure("abc").is_err());
        assert_eq!(measure_text(1250), "12.5");
        assert_eq!(measure_text(120_000), "1200");
        assert_eq!(measure_text(1205), "12.05");
    }
}
