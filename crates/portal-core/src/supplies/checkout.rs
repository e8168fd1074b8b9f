//! The store's checkout rules: what shipping costs (R-SUP-6), promotion codes (R-SUP-3), sales
//! tax by ship-to state (R-SUP-4) and the order's totals. Amounts are cents in USD.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalog::Pricing;
use super::{CentiPounds, ShipMethod, ship_to_refusal};
use crate::api::StoreAddress;
use crate::money::{Currency, Money};
use crate::problem::FieldError;

/// **Decision** (the terms name no prices): expedited and overnight cost a base plus a rate per
/// started pound; LTL freight likewise; standard ground is free (R-SUP-6).
pub fn shipping_cost(method: ShipMethod, weight: CentiPounds) -> i64 {
    let pounds = i64::from(weight.0.div_ceil(100));
    match method {
        ShipMethod::Ground => 0,
        ShipMethod::Expedited => 2_500 + 40 * pounds,
        ShipMethod::Overnight => 6_500 + 110 * pounds,
        ShipMethod::LtlFreight => 17_500 + 30 * pounds,
    }
}

impl ShipMethod {
    pub const ALL: [ShipMethod; 4] =
        [ShipMethod::Ground, ShipMethod::Expedited, ShipMethod::Overnight, ShipMethod::LtlFreight];

    pub fn slug(self) -> &'static str {
        match self {
            ShipMethod::Ground => "ground",
            ShipMethod::Expedited => "expedited",
            ShipMethod::Overnight => "overnight",
            ShipMethod::LtlFreight => "ltl_freight",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ShipMethod::Ground => "Standard ground",
            ShipMethod::Expedited => "Expedited (2 business days)",
            ShipMethod::Overnight => "Overnight",
            ShipMethod::LtlFreight => "LTL freight (by truck)",
        }
    }

    pub fn parse(slug: &str) -> Option<ShipMethod> {
        ShipMethod::ALL.into_iter().find(|m| m.slug() == slug)
    }
}

impl Serialize for ShipMethod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> Deserialize<'de> for ShipMethod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::by_name(d, ShipMethod::parse, &["ground", "expedited", "overnight", "ltl_freight"])
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ShipMethod {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(ShipMethod::ALL.map(ShipMethod::slug)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ShipMethod {}

/// R-SUP-4: the sales-tax rate table, in hundredths of a percent, by ship-to state. **A table,
/// not a tax service**: state base rates only (no county or city rates); states without a sales
/// tax, and those not listed, are 0.
pub const TAX_TABLE: [(&str, u32); 20] = [
    ("AZ", 560),
    ("CA", 725),
    ("CO", 290),
    ("CT", 635),
    ("FL", 600),
    ("GA", 400),
    ("IL", 625),
    ("IN", 700),
    ("MA", 625),
    ("MI", 600),
    ("MN", 688),
    ("NC", 475),
    ("NJ", 663),
    ("NY", 400),
    ("OH", 575),
    ("PA", 600),
    ("TN", 700),
    ("TX", 625),
    ("WA", 650),
    ("WI", 500),
];

/// Every US state, the District of Columbia, the territories and military mail codes: what a
/// ship-to state may be (those outside the contiguous US are then refused with the reason).
pub const US_STATES: [&str; 62] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP", "UM",
    "AA", "AE", "AP", "FM", "MH",
];

/// R-SUP-4: the rate for a state, in hundredths of a percent.
pub fn tax_rate_bps(state: &str) -> u32 {
    TAX_TABLE.iter().find(|(s, _)| s.eq_ignore_ascii_case(state.trim())).map_or(0, |(_, r)| *r)
}

/// R-SUP-4: the sales tax on `taxable` cents (the goods after any discount; shipping is not
/// taxed, **decision**), half up; none where the partner's exemption certificate covers the state.
pub fn sales_tax(taxable: i64, state: &str, exempt: bool) -> i64 {
    if exempt || taxable <= 0 {
        return 0;
    }
    (taxable * i64::from(tax_rate_bps(state)) + 5_000) / 10_000
}

/// An order's figures past its goods and discount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderFigures {
    pub shipping: i64,
    pub tax: i64,
    pub total: i64,
}

/// R-SUP-1, R-SUP-4, R-SUP-6: shipping by the method and weight (none until a method is chosen),
/// sales tax on the goods after the discount (not on shipping), and the total, in cents.
pub fn order_figures(
    goods: i64,
    discount: i64,
    method: Option<ShipMethod>,
    weight: CentiPounds,
    state: &str,
    exempt: bool,
) -> OrderFigures {
    let tax = sales_tax(goods - discount, state, exempt);
    let shipping = method.map_or(0, |m| shipping_cost(m, weight));
    OrderFigures { shipping, tax, total: goods - discount + shipping + tax }
}

/// R-SUP-3: a promotion code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promo {
    pub code: &'static str,
    /// Whole percent off the lines it applies to.
    pub percent_off: u32,
    pub starts_on: NaiveDate,
    /// The last day it is valid.
    pub ends_on: NaiveDate,
    /// The least the lines it applies to must come to, in cents.
    pub minimum_minor: i64,
}

/// A line as the promotion sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoLine<'a> {
    pub name: &'a str,
    pub pricing: Pricing,
    pub total_minor: i64,
}

/// R-SUP-3: what a code takes off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoApplied {
    pub discount_minor: i64,
    /// Lines the code does not apply to (custom-quoted or contract-priced), by name.
    pub excluded: Vec<String>,
}

/// R-SUP-3: applies `code` (one per order) to the catalog-priced lines; custom-quoted and
/// contract-priced lines never get it. Refused, with the reason, when the code is unknown, not
/// valid on `today`, covers no line, or the lines it covers come to less than its minimum.
pub fn apply_promo(
    promos: &[Promo],
    code: &str,
    lines: &[PromoLine],
    today: NaiveDate,
) -> Result<PromoApplied, String> {
    let code = code.trim();
    let Some(promo) = promos.iter().find(|p| p.code.eq_ignore_ascii_case(code)) else {
        return Err(format!("“{code}” is not a promotion code of the store. Check the spelling."));
    };
    if today < promo.starts_on {
        return Err(format!("{} is valid from {}.", promo.code, crate::format::date(promo.starts_on)));
    }
    if today > promo.ends_on {
        return Err(format!("{} ended on {}.", promo.code, crate::format::date(promo.ends_on)));
    }
    if lines.is_empty() {
        return Err("The cart is empty: add products before using a code.".to_owned());
    }
    let excluded: Vec<String> =
        lines.iter().filter(|l| l.pricing != Pricing::Catalog).map(|l| l.name.to_owned()).collect();
    let eligible: i64 = lines.iter().filter(|l| l.pricing == Pricing::Catalog).map(|l| l.total_minor).sum();
    if eligible == 0 {
        let which = lines.iter().find(|l| l.pricing != Pricing::Catalog).map_or("", |l| l.pricing.label());
        return Err(format!(
            "Promotion codes do not apply to custom-quoted or contract-priced lines, and every line here is one ({}).",
            which.to_lowercase()
        ));
    }
    if eligible < promo.minimum_minor {
        return Err(format!(
            "{} needs at least {} of catalog-priced goods; this order has {}.",
            promo.code,
            Money::new(promo.minimum_minor, Currency::Usd).display(),
            Money::new(eligible, Currency::Usd).display()
        ));
    }
    Ok(PromoApplied { discount_minor: (eligible * i64::from(promo.percent_off) + 50) / 100, excluded })
}

/// R-SUP-6: checks a ship-to address field by field; the state must be a US one, then inside
/// the contiguous United States and not a PO box.
pub fn check_address(a: &StoreAddress) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut need = |field: &str, value: &str, what: &str| {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "required", format!("Give the {what}.")));
        }
    };
    need("ship_to.name", &a.name, "name of the company or person receiving");
    need("ship_to.street", &a.street, "street address");
    need("ship_to.city", &a.city, "city");
    let state = a.state.trim().to_ascii_uppercase();
    if !US_STATES.contains(&state.as_str()) {
        errors.push(FieldError::new("ship_to.state", "unknown", "Give the two-letter state code, such as OH."));
    }
    let zip_ok = {
        let z = a.zip.trim();
        let (five, plus) = z.split_once('-').unwrap_or((z, ""));
        five.len() == 5
            && five.chars().all(|c| c.is_ascii_digit())
            && (plus.is_empty() || (plus.len() == 4 && plus.chars().all(|c| c.is_ascii_digit())))
    };
    if !zip_ok {
        errors.push(FieldError::new("ship_to.zip", "format", "Give a 5-digit ZIP code (or ZIP+4, 43219-1234)."));
    }
    if errors.iter().all(|e| e.field != "ship_to.state")
        && let Some(reason) = ship_to_refusal(&state, &a.street)
    {
        let field = if reason.contains("PO box") { "ship_to.street" } else { "ship_to.state" };
        errors.push(FieldError::new(field, "not_delivered", reason));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn promos() -> Vec<Promo> {
        vec![Promo {
            code: "WINTER10",
            percent_off: 10,
            starts_on: day(2026, 12, 1),
            ends_on: day(2027, 1, 31),
            minimum_minor: 10_000,
        }]
    }

    // R-SUP-6
    #[test]
    fn r_sup_6_shipping_costs() {
        assert_eq!(shipping_cost(ShipMethod::Ground, CentiPounds(14_999)), 0);
        assert_eq!(shipping_cost(ShipMethod::Expedited, CentiPounds(1_001)), 2_500 + 40 * 11, "a started pound");
        assert_eq!(shipping_cost(ShipMethod::LtlFreight, CentiPounds(15_001)), 17_500 + 30 * 151);
    }

    // R-SUP-4
    #[test]
    fn r_sup_4_tax_by_state_and_the_exemption() {
        assert_eq!(sales_tax(10_000, "CA", false), 725);
        assert_eq!(sales_tax(10_000, "ca", false), 725);
        assert_eq!(sales_tax(10_000, "OR", false), 0, "no sales tax");
        assert_eq!(sales_tax(10_000, "CA", true), 0, "exempt");
        assert_eq!(sales_tax(1_003, "NJ", false), 66, "6.625% of $10.03 = 66.45 cents");
    }

    // R-SUP-3
    #[test]
    fn r_sup_3_one_code_on_catalog_lines_only() {
        let lines = [
            PromoLine { name: "Sheet", pricing: Pricing::Catalog, total_minor: 12_000 },
            PromoLine { name: "Quoted plate", pricing: Pricing::Quote, total_minor: 50_000 },
        ];
        let applied = apply_promo(&promos(), "winter10", &lines, day(2026, 12, 3)).unwrap();
        assert_eq!(applied.discount_minor, 1_200);
        assert_eq!(applied.excluded, ["Quoted plate"]);
        let quoted_only = &lines[1..];
        let refused = apply_promo(&promos(), "WINTER10", quoted_only, day(2026, 12, 3)).unwrap_err();
        assert!(refused.contains("custom-quoted"), "{refused}");
        assert!(apply_promo(&promos(), "WINTER10", &lines, day(2027, 2, 1)).unwrap_err().contains("ended"));
        assert!(apply_promo(&promos(), "WINTER10", &lines, day(2026, 11, 30)).unwrap_err().contains("valid from"));
        assert!(apply_promo(&promos(), "WINTER10", &lines, day(2027, 1, 31)).is_ok(), "the last day");
        let small = [PromoLine { name: "Sheet", pricing: Pricing::Catalog, total_minor: 9_999 }];
        assert!(apply_promo(&promos(), "WINTER10", &small, day(2026, 12, 3)).unwrap_err().contains("$100.00"));
        assert!(apply_promo(&promos(), "NOPE", &small, day(2026, 12, 3)).unwrap_err().contains("not a promotion"));
    }
}
