//! Instants and days on the wire, read without chrono's general parser.
//!
//! chrono's `Deserialize` for `DateTime<Utc>` and `NaiveDate` goes through its format-string
//! parser (RFC 2822 included), about 14 KB of the SPA's first download for the few fields the
//! board and the session read. These modules read exactly what the API sends, RFC 3339 instants
//! (`2026-12-02T14:05:09Z`, `…09.123Z`, `…09+01:00`) and ISO days (`2026-12-02`), and write them
//! as chrono does, so the wire is unchanged. Use them with `#[serde(with = "…")]` on the types the
//! first screen reads; the rest keeps chrono's.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Reads an RFC 3339 instant (`T` or a space between day and time; `Z` or a `±HH:MM` offset;
/// up to nine digits of a second kept).
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let day = parse_day(s.get(..10)?)?;
    let (hour, minute, second) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while at < b.len() && b[at].is_ascii_digit() {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        let kept = at - start;
        if kept == 0 {
            return None;
        }
        nanos *= 10u32.pow(9 - kept.min(9) as u32);
    }
    let offset_seconds = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(b, at + 1, 2)?, digits(b, at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = i64::from(h * 3600 + m * 60);
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    // A leap second is the last second's extra nanoseconds, as chrono keeps it.
    let time = if second == 60 {
        NaiveTime::from_hms_nano_opt(hour, minute, 59, nanos + 1_000_000_000)?
    } else {
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?
    };
    let local = day.and_time(time);
    Some(local.checked_sub_signed(TimeDelta::seconds(offset_seconds))?.and_utc())
}

/// Reads an ISO 8601 day, `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0, 4)? as i32, digits(b, 5, 2)?, digits(b, 8, 2)?)
}

/// `len` ASCII digits at `at`, as a number.
fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    b.get(at..at + len)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

fn read<'de, D, T>(d: D, parse: fn(&str) -> Option<T>, what: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let s = String::deserialize(d)?;
    parse(&s).ok_or_else(|| serde::de::Error::custom(format!("\"{s}\" is not {what}")))
}

const INSTANT: &str = "an RFC 3339 date and time";
const DAY: &str = "a date like 2026-12-02";

/// `#[serde(with = "crate::wire::instant")]` on a `DateTime<Utc>`.
pub mod instant {
    use super::*;

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        read(d, parse_instant, INSTANT)
    }
}

/// `#[serde(default, with = "crate::wire::instant_opt")]` on an `Option<DateTime<Utc>>`.
pub mod instant_opt {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => {
                parse_instant(&s).map(Some).ok_or_else(|| serde::de::Error::custom(format!("\"{s}\" is not {INSTANT}")))
            }
        }
    }
}

/// `#[serde(with = "crate::wire::day")]` on a `NaiveDate`.
pub mod day {
    use super::*;

    pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        read(d, parse_day, DAY)
    }
}

/// `#[serde(default, with = "crate::wire::day_opt")]` on an `Option<NaiveDate>`.
pub mod day_opt {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => parse_day(&s).map(Some).ok_or_else(|| serde::de::Error::custom(format!("\"{s}\" is not {DAY}"))),
        }
    }
}

/// A `true` default for a field left out of JSON when true.
pub fn yes() -> bool {
    true
}

/// Leaves a `true` out of JSON (`skip_serializing_if`).
#[allow(clippy::trivially_copy_pass_by_ref)]
pub fn is_true(b: &bool) -> bool {
    *b
}

/// Reads a name-only enum (`"cnc_milling"`) with `parse`, through the one string decoder every
/// such enum shares: serde's derived enum decoding costs the SPA's first load about 1 KB of wasm
/// per type. An unknown name is refused as the derive would ("unknown variant …, expected one
/// of …"). The names are the `Serialize` derive's: each type's test reads back what it writes.
pub fn by_name<'de, D: Deserializer<'de>, T>(
    d: D,
    parse: fn(&str) -> Option<T>,
    names: &'static [&'static str],
) -> Result<T, D::Error> {
    let name = String::deserialize(d)?;
    parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name-only enum read through `by_name` reads back exactly what its `Serialize`
    /// derive writes, and refuses other names as serde's derive would.
    #[test]
    fn name_only_enums_read_back_what_they_write() {
        use crate::account::AccountState;
        use crate::money::Currency;
        use crate::probation::AcceptBlock;
        fn round_trip<T>(all: &[T])
        where
            T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            for v in all {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
            }
        }
        round_trip(&Currency::ALL);
        round_trip(&[AccountState::Active, AccountState::Frozen]);
        round_trip(&[
            AcceptBlock::AccountFrozen,
            AcceptBlock::ProbationActiveJobLimit,
            AcceptBlock::ProbationValueLimit,
        ]);
        round_trip(crate::capability::Process::ALL);
        round_trip(crate::capability::Material::ALL);
        round_trip(crate::capability::Finish::ALL);
        round_trip(crate::capability::Certification::ALL);
        round_trip(crate::units::Units::ALL);
        round_trip(crate::units::Paper::ALL);
        round_trip(crate::order::Stage::ALL);
        round_trip(crate::order::Urgency::ALL);
        round_trip(crate::shipping::Carrier::ALL);
        round_trip(crate::score::Component::ALL);
        let err = serde_json::from_str::<AccountState>("\"asleep\"").unwrap_err().to_string();
        assert!(err.starts_with("unknown variant `asleep`, expected `active` or `frozen`"), "{err}");
        assert!(serde_json::from_str::<Currency>("\"usd\"").is_err(), "the wire's codes are upper case");
        assert!(serde_json::from_str::<crate::capability::Process>("7").is_err());
    }

    #[test]
    fn reads_what_chrono_writes_and_reads() {
        for s in [
            "2026-12-02T14:05:09Z",
            "2026-12-02T14:05:09.5Z",
            "2026-12-02T14:05:09.123456789Z",
            "2026-12-02T14:05:09.1234567891Z",
            "2026-12-02T00:30:00+01:00",
            "2026-12-31T23:30:00-05:30",
            "2024-02-29t12:00:00z",
            "2026-12-02 14:05:09Z",
        ] {
            let ours = parse_instant(s);
            let chrono: Option<DateTime<Utc>> = s.parse::<DateTime<chrono::FixedOffset>>().ok().map(|d| d.to_utc());
            assert_eq!(ours, chrono, "{s}");
            assert!(ours.is_some(), "{s}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_instant() {
        for s in [
            "",
            "2026-12-02",
            "2026-12-02T14:05:09",
            "2026-12-02T14:05Z",
            "2026-13-02T14:05:09Z",
            "2026-02-30T14:05:09Z",
            "2026-12-02T24:05:09Z",
            "2026-12-02T14:05:09.Z",
            "2026-12-02T14:05:09+0100",
            "2026-12-02T14:05:09+24:00",
            "2026-12-02T14:05:09Zjunk",
            "２026-12-02T14:05:09Z",
        ] {
            assert_eq!(parse_instant(s), None, "{s}");
        }
    }

    #[test]
    fn days() {
        assert_eq!(parse_day("2026-12-02"), NaiveDate::from_ymd_opt(2026, 12, 2));
        for s in ["2026-12-2", "2026-02-30", "2026/12/02", "2026-12-02T00:00:00Z", "+2026-12-02"] {
            assert_eq!(parse_day(s), None, "{s}");
        }
    }

    #[test]
    fn the_wire_is_unchanged() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Both {
            #[serde(with = "instant")]
            at: DateTime<Utc>,
            #[serde(default, with = "instant_opt")]
            maybe: Option<DateTime<Utc>>,
            #[serde(with = "day")]
            on: NaiveDate,
            #[serde(default, with = "day_opt")]
            maybe_on: Option<NaiveDate>,
        }
        #[derive(Serialize)]
        struct Chrono {
            at: DateTime<Utc>,
            maybe: Option<DateTime<Utc>>,
            on: NaiveDate,
            maybe_on: Option<NaiveDate>,
        }
        let at = parse_instant("2026-12-02T14:05:09.25Z").unwrap();
        let on = parse_day("2026-12-02").unwrap();
        let ours = Both { at, maybe: Some(at), on, maybe_on: None };
        let json = serde_json::to_string(&ours).unwrap();
        assert_eq!(json, serde_json::to_string(&Chrono { at, maybe: Some(at), on, maybe_on: None }).unwrap());
        assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), ours);
        let err = serde_json::from_str::<Both>(r#"{"at":"yesterday","on":"2026-12-02"}"#).unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every instant chrono writes, we read back the same.
        #[test]
        fn round_trips_chrono(secs in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000, offset_min in -1439i32..1439) {
            let at = DateTime::from_timestamp(secs, nanos).unwrap();
            prop_assert_eq!(parse_instant(&at.to_rfc3339()), Some(at));
            let offset = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
            prop_assert_eq!(parse_instant(&at.with_timezone(&offset).to_rfc3339()), Some(at));
            prop_assert_eq!(parse_day(&at.date_naive().to_string()), Some(at.date_naive()));
        }
    }
}
