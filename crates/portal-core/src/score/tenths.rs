//! The score's figures: tenths (one decimal), computed with integers so wasm and the host round
//! alike.

use serde::{Deserialize, Serialize};

/// A score or a percentage with one decimal, held as tenths (`873` is 87.3). On the wire it is a
/// JSON number with one decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub u32);

impl Tenths {
    pub const HUNDRED: Tenths = Tenths(1000);

    pub const fn whole(n: u32) -> Tenths {
        Tenths(n * 10)
    }

    /// `87.3`, `100.0`.
    pub fn text(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }

    /// `87.3`, `4` (no `.0` for whole numbers: percentages of a bonus read better).
    pub fn short(self) -> String {
        if self.0.is_multiple_of(10) { (self.0 / 10).to_string() } else { self.text() }
    }

    /// The difference to `other` with its sign, for "what changes": `+1.5`, `-12.0`, `±0.0`.
    pub fn change_to(self, other: Tenths) -> String {
        match other.0.cmp(&self.0) {
            std::cmp::Ordering::Greater => format!("+{}", Tenths(other.0 - self.0).text()),
            std::cmp::Ordering::Less => format!("−{}", Tenths(self.0 - other.0).text()),
            std::cmp::Ordering::Equal => "±0.0".to_owned(),
        }
    }
}

impl Serialize for Tenths {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tenths, D::Error> {
        let v = f64::deserialize(d)?;
        let tenths = (v * 10.0).round();
        if !(0.0..=f64::from(u32::MAX)).contains(&tenths) || (tenths - v * 10.0).abs() > 1e-6 {
            return Err(serde::de::Error::custom("expected a number from 0 with at most one decimal"));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(Tenths(tenths as u32))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Tenths {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .description(Some("A figure with one decimal, e.g. 87.3"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Tenths {}

/// `a / b` rounded half up, for non-negative figures; `b` must not be 0.
pub(super) fn round_div(a: u64, b: u64) -> u64 {
    (2 * a + b) / (2 * b)
}

/// A figure in tenths, capped at 100.0.
pub(super) fn tenths(v: u64) -> Tenths {
    Tenths(u32::try_from(v.min(1000)).unwrap_or(1000))
}
