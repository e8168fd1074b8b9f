//! R-INV-1, R-INV-4: what can be invoiced of an order, and its amounts: unit prices in
//! thousandths of the minor unit, each line rounded to the minor unit, the total the sum of the
//! rounded lines. Integers only: no float anywhere.

use crate::api::{InvoicePosition, OrderLine};
use crate::{Currency, Money};

/// Unit prices may carry three more decimals than the currency (`1/1000` of a cent).
pub const UNIT_PRICE_SCALE: i64 = 1000;

/// R-INV-4: one line's total in minor units: quantity × unit price (in thousandths of the minor
/// unit), rounded half away from zero to the minor unit.
pub fn line_total(quantity: u32, unit_price_milli: i64) -> i64 {
    let exact = i128::from(quantity) * i128::from(unit_price_milli);
    let scale = i128::from(UNIT_PRICE_SCALE);
    let rounded = if exact >= 0 { (2 * exact + scale) / (2 * scale) } else { -((-2 * exact + scale) / (2 * scale)) };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// R-INV-4: the invoice total: the sum of the rounded lines, never rounded again.
pub fn invoice_total(lines: &[(u32, i64)]) -> i64 {
    lines.iter().map(|&(q, unit)| line_total(q, unit)).sum()
}

/// R-INV-4: an order line's unit price in thousandths of the minor unit, from the line's total and
/// quantity (rounded half up), so invoicing all of a line's parts gives back its total.
pub fn unit_price_milli(line_total_minor: i64, quantity: u32) -> i64 {
    if quantity == 0 {
        return 0;
    }
    let exact = i128::from(line_total_minor) * i128::from(UNIT_PRICE_SCALE);
    let q = i128::from(quantity);
    i64::try_from((2 * exact + q) / (2 * q)).unwrap_or(i64::MAX)
}

/// A unit price as partners read it: `$3.33333`, `€12.50`: two decimals, more when it has them.
pub fn unit_price_text(unit_price_milli: i64, currency: Currency) -> String {
    let per_major = currency.minor_per_major() * UNIT_PRICE_SCALE;
    let abs = unit_price_milli.unsigned_abs();
    let major = abs / per_major as u64;
    let frac = format!("{:05}", abs % per_major as u64);
    let trimmed = frac.trim_end_matches('0');
    let frac = if trimmed.len() < 2 { &frac[..2] } else { trimmed };
    let sign = if unit_price_milli < 0 { "-" } else { "" };
    format!("{sign}{}{}.{frac}", currency.symbol(), crate::format::group_thousands(major))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_inv_4_lines_are_rounded_then_summed() {
        assert_eq!(line_total(3, 333_333), 1_000, "3 × 333.333 = 999.999 → 1000");
        assert_eq!(line_total(1, 500), 1, "0.5 rounds half up");
        assert_eq!(line_total(1, 499), 0);
        assert_eq!(invoice_total(&[(3, 333_333), (1, 500), (1, 500)]), 1_002, "lines round first: 1000 + 1 + 1");
    }

    #[test]
    fn r_inv_4_unit_price_from_a_line_that_does_not_divide() {
        let unit = unit_price_milli(1_000, 3);
        assert_eq!(unit, 333_333, "$10.00 for 3 parts: 333.333 cents each");
        assert_eq!(line_total(1, unit) + line_total(2, unit), 1_000, "invoiced 1 then 2: 333 + 667");
        assert_eq!(line_total(3, unit), 1_000, "all at once");
        assert_eq!(unit_price_milli(2_000, 3), 666_667, "half up");
        assert_eq!(unit_price_milli(1_000, 0), 0);
    }

    #[test]
    fn r_inv_4_unit_prices_as_partners_read_them() {
        assert_eq!(unit_price_text(65_265, Currency::Usd), "$0.65265");
        assert_eq!(unit_price_text(1_250_000, Currency::Usd), "$12.50");
        assert_eq!(unit_price_text(123_400_000, Currency::Eur), "€1,234.00");
        assert_eq!(unit_price_text(333_333, Currency::Usd), "$3.33333");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn r_inv_4_the_total_is_the_sum_of_the_rounded_lines(lines in proptest::collection::vec((1u32..10_000, 0i64..100_000_000), 0..40)) {
            let total = invoice_total(&lines);
            prop_assert_eq!(total, lines.iter().map(|&(q, u)| line_total(q, u)).sum::<i64>());
            for &(q, u) in &lines {
                // Each line is within half a minor unit of the exact product.
                let exact = i128::from(q) * i128::from(u);
                prop_assert!((i128::from(line_total(q, u)) * 1000 - exact).abs() <= 500);
            }
        }
    }
}
