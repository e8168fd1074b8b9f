//! Money as integer minor units with a currency; never a float.

use serde::{Deserialize, Serialize};

/// The currencies jobs and orders are priced in (ISO 4217).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The code exactly as written (`parse` also takes "usd" from a form).
        crate::wire::by_name(d, |code| Currency::ALL.into_iter().find(|c| c.code() == code), &["USD", "EUR"])
    }
}

impl Currency {
    pub const ALL: [Currency; 2] = [Currency::Usd, Currency::Eur];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
        }
    }

    /// How many minor units make one major unit (100 cents to the dollar).
    pub fn minor_per_major(self) -> i64 {
        match self {
            Currency::Usd | Currency::Eur => 100,
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code))
    }
}

/// An amount of money: integer minor units (cents) and the currency they are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub amount_minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(amount_minor: i64, currency: Currency) -> Money {
        Money { amount_minor, currency }
    }

    pub const fn usd(amount_minor: i64) -> Money {
        Money::new(amount_minor, Currency::Usd)
    }

    /// Whole major units, for limits written as "$5,000".
    pub fn from_major(major: i64, currency: Currency) -> Money {
        Money::new(major * currency.minor_per_major(), currency)
    }

    /// `self <= other` when both are in the same currency; `None` when they are not comparable.
    pub fn at_most(self, other: Money) -> Option<bool> {
        (self.currency == other.currency).then_some(self.amount_minor <= other.amount_minor)
    }

    /// The amount as partners read it: `$5,000.00`, `-€12.50`.
    pub fn display(self) -> String {
        let per_major = self.currency.minor_per_major();
        let abs = self.amount_minor.unsigned_abs();
        let major = abs / per_major as u64;
        let minor = abs % per_major as u64;
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        format!("{sign}{}{}.{minor:02}", self.currency.symbol(), crate::format::group_thousands(major))
    }
}

/// Why typed text is not an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("Enter a price.")]
    Empty,
    #[error("Enter a price above zero.")]
    NotPositive,
    #[error("Enter the price as a number, like 4,250.00.")]
    NotANumber,
    #[error("Use at most two decimal places (cents).")]
    TooPrecise,
    #[error("This price is too large.")]
    TooLarge,
}

/// Why typed text is not a decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalError {
    Empty,
    Negative,
    NotANumber,
    TooPrecise,
    TooLarge,
}

/// Reads a non-negative decimal number as typed (`1,250.5`) into an integer with `places`
/// decimal places (`125050` for two places). Never goes through a float.
pub fn parse_decimal(text: &str, places: usize) -> Result<i64, DecimalError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DecimalError::Empty);
    }
    if t.starts_with('-') {
        return Err(DecimalError::Negative);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let whole: String = whole.chars().filter(|c| *c != ',').collect();
    if whole.is_empty() && frac.is_empty() {
        return Err(DecimalError::NotANumber);
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(DecimalError::NotANumber);
    }
    if frac.len() > places {
        return Err(DecimalError::TooPrecise);
    }
    let scale =
        10_i64.checked_pow(u32::try_from(places).map_err(|_| DecimalError::TooLarge)?).ok_or(DecimalError::TooLarge)?;
    let major: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| DecimalError::TooLarge)? };
    let minor: i64 =
        if places == 0 { 0 } else { format!("{frac:0<places$}").parse().map_err(|_| DecimalError::NotANumber)? };
    major.checked_mul(scale).and_then(|m| m.checked_add(minor)).ok_or(DecimalError::TooLarge)
}

/// Writes an integer with `places` decimal places as an input shows it: `125050` → `1250.5`
/// (trailing zeros dropped).
pub fn decimal_text(value: i64, places: u32) -> String {
    let scale = 10_i64.pow(places);
    let frac = (value % scale).abs();
    if frac == 0 {
        return (value / scale).to_string();
    }
    let frac = format!("{frac:0>width$}", width = places as usize);
    format!("{}.{}", value / scale, frac.trim_end_matches('0'))
}

impl Money {
    /// Reads an amount as a partner types it, e.g. `4250`, `4,250.5`, `$4,250.00`, in `currency`.
    /// Never goes through a float.
    pub fn parse_amount(text: &str, currency: Currency) -> Result<Money, AmountError> {
        let t = text.trim();
        let t = t.strip_prefix(currency.symbol()).unwrap_or(t).trim_start();
        // Both currencies have two decimal places (100 minor units to the major one).
        let amount = parse_decimal(t, 2).map_err(|e| match e {
            DecimalError::Empty => AmountError::Empty,
            DecimalError::Negative => AmountError::NotPositive,
            DecimalError::NotANumber => AmountError::NotANumber,
            DecimalError::TooPrecise => AmountError::TooPrecise,
            DecimalError::TooLarge => AmountError::TooLarge,
        })?;
        if amount == 0 {
            return Err(AmountError::NotPositive);
        }
        Ok(Money::new(amount, currency))
    }

    /// The amount as an input field shows it: `4250.00`, no symbol or grouping.
    pub fn input_text(self) -> String {
        let per = self.currency.minor_per_major();
        format!("{}.{:02}", self.amount_minor / per, (self.amount_minor % per).abs())
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_groups_thousands_and_keeps_cents() {
        assert_eq!(Money::usd(500_000).display(), "$5,000.00");
        assert_eq!(Money::usd(123_456_789).display(), "$1,234,567.89");
        assert_eq!(Money::new(-1250, Currency::Eur).display(), "-€12.50");
        assert_eq!(Money::usd(5).display(), "$0.05");
    }

    #[test]
    fn money_serialises_as_minor_units_and_code() {
        let json = serde_json::to_string(&Money::usd(123_450)).unwrap();
        assert_eq!(json, r#"{"amount_minor":123450,"currency":"USD"}"#);
    }

    #[test]
    fn at_most_refuses_to_compare_currencies() {
        assert_eq!(Money::usd(1).at_most(Money::new(1, Currency::Eur)), None);
        assert_eq!(Money::usd(1).at_most(Money::usd(1)), Some(true));
    }

    #[test]
    fn typed_amounts_are_read_without_floats() {
        let usd = |t: &str| Money::parse_amount(t, Currency::Usd);
        assert_eq!(usd("4250"), Ok(Money::usd(425_000)));
        assert_eq!(usd(" $4,250.5 "), Ok(Money::usd(425_050)));
        assert_eq!(usd("0.01"), Ok(Money::usd(1)));
        assert_eq!(usd(".5"), Ok(Money::usd(50)));
        assert_eq!(usd(""), Err(AmountError::Empty));
        assert_eq!(usd("0"), Err(AmountError::NotPositive));
        assert_eq!(usd("-5"), Err(AmountError::NotPositive));
        assert_eq!(usd("12abc"), Err(AmountError::NotANumber));
        assert_eq!(usd("1e5"), Err(AmountError::NotANumber));
        assert_eq!(usd("1.234"), Err(AmountError::TooPrecise));
        assert_eq!(usd("99999999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(Money::usd(425_050).input_text(), "4250.50");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn input_text_parses_back(amount in 1i64..10_000_000_000) {
            let m = Money::usd(amount);
            proptest::prop_assert_eq!(Money::parse_amount(&m.input_text(), Currency::Usd), Ok(m));
            proptest::prop_assert_eq!(Money::parse_amount(&m.display(), Currency::Usd), Ok(m));
        }

        #[test]
        fn display_round_trips_the_minor_units(amount in -10_000_000_000i64..10_000_000_000) {
            let shown = Money::usd(amount).display();
            let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert_eq!(digits.parse::<i64>().unwrap(), amount.abs());
            proptest::prop_assert_eq!(shown.starts_with('-'), amount < 0);
        }
    }
}
