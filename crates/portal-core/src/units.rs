//! Units and paper as a partner reads them (issue 17): US shops measure in inches and pounds and
//! print on US Letter; shops in Europe in millimetres and kilograms on A4. The default follows
//! the partner's market (**decision**: the marketplace's markets are its currencies, USD for the
//! United States, EUR for Europe); a partner may change it, and the choice is kept on the server.

use serde::{Deserialize, Serialize};

use crate::capability::{Dimensions, labelled_enum};
use crate::money::Currency;
use crate::shipping::{LengthUnit, WeightUnit};

labelled_enum!(
    /// How lengths and weights are shown and first offered in forms.
    Units {
        Metric => ("metric", "Millimetres and kilograms"),
        Imperial => ("imperial", "Inches and pounds"),
    }
);

labelled_enum!(
    /// The paper documents (production order, drawings, labels' sheet) are laid out for.
    Paper {
        A4 => ("a4", "A4 (210 × 297 mm)"),
        Letter => ("letter", "US Letter (8.5 × 11 in)"),
    }
);

/// A partner's units and paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisplayPrefs {
    pub units: Units,
    pub paper: Paper,
}

impl DisplayPrefs {
    /// What a partner of this market gets until it chooses.
    pub fn default_for(currency: Currency) -> DisplayPrefs {
        match currency {
            Currency::Usd => DisplayPrefs { units: Units::Imperial, paper: Paper::Letter },
            Currency::Eur => DisplayPrefs { units: Units::Metric, paper: Paper::A4 },
        }
    }
}

impl Units {
    /// The unit a package's sides are first offered in.
    pub fn package_length(self) -> LengthUnit {
        match self {
            Units::Metric => LengthUnit::Cm,
            Units::Imperial => LengthUnit::In,
        }
    }

    /// The unit a package's weight is first offered in.
    pub fn package_weight(self) -> WeightUnit {
        match self {
            Units::Metric => WeightUnit::Kg,
            Units::Imperial => WeightUnit::Lb,
        }
    }

    /// The unit a machine's envelope is first entered in.
    pub fn envelope(self) -> LengthUnit {
        match self {
            Units::Metric => LengthUnit::Mm,
            Units::Imperial => LengthUnit::In,
        }
    }
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn points(self) -> (u32, u32) {
        match self {
            Paper::A4 => (595, 842),
            Paper::Letter => (612, 792),
        }
    }
}

/// Millimetres in inches to three decimals (a thousandth, a machinist's "thou"): `25` -> `0.984`.
pub fn inches(mm: u32) -> String {
    // Thousandths of an inch, rounded half up: mm * 1000 / 25.4.
    let thou = (u64::from(mm) * 10_000 * 2 + 254) / (254 * 2);
    format!("{}.{:03}", thou / 1000, thou % 1000)
}

/// Inches typed by a partner (`3.5`, `12`, up to three decimals) in whole millimetres, rounded
/// to the nearest; `None` when it is not such a number.
pub fn mm_from_inches(text: &str) -> Option<u32> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 3 {
        return None;
    }
    if !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().ok()? };
    let thou = whole.checked_mul(1000)?.checked_add(frac)?;
    // mm = thou * 25.4 / 1000, rounded half up.
    let mm = (thou * 254 + 5_000) / 10_000;
    u32::try_from(mm).ok()
}

impl Dimensions {
    /// The size in the partner's units: `50 × 25 × 10 mm` or `1.969 × 0.984 × 0.394 in`.
    pub fn display_in(self, units: Units) -> String {
        match units {
            Units::Metric => self.display(),
            Units::Imperial => {
                format!("{} × {} × {} in", inches(self.x_mm), inches(self.y_mm), inches(self.z_mm))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markets_default_to_their_units_and_paper() {
        assert_eq!(
            DisplayPrefs::default_for(Currency::Usd),
            DisplayPrefs { units: Units::Imperial, paper: Paper::Letter }
        );
        assert_eq!(DisplayPrefs::default_for(Currency::Eur), DisplayPrefs { units: Units::Metric, paper: Paper::A4 });
    }

    #[test]
    fn millimetres_read_in_thousandths_of_an_inch() {
        assert_eq!(inches(25), "0.984");
        assert_eq!(inches(254), "10.000");
        assert_eq!(inches(1), "0.039");
        assert_eq!(Dimensions::new(50, 25, 10).display_in(Units::Imperial), "1.969 × 0.984 × 0.394 in");
        assert_eq!(Dimensions::new(50, 25, 10).display_in(Units::Metric), "50 × 25 × 10 mm");
    }

    #[test]
    fn inches_typed_become_whole_millimetres() {
        assert_eq!(mm_from_inches("30"), Some(762));
        assert_eq!(mm_from_inches("16"), Some(406));
        assert_eq!(mm_from_inches("0.5"), Some(13));
        assert_eq!(mm_from_inches(".25"), Some(6));
        assert_eq!(mm_from_inches("1.0001"), None);
        assert_eq!(mm_from_inches("1,5"), None);
        assert_eq!(mm_from_inches(""), None);
        assert_eq!(mm_from_inches("-2"), None);
    }
}
