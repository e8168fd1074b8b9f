//! R-EMB-1: a partner's board embedded in its own site. What an embed key may name (origins,
//! theme), what the host page may pass in (font, accent, radius), and what the embedded board
//! shows: a read-only copy of the partner's board, prices only when the key allows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{Board, JobBonus};
use crate::capability::{Material, Process, labelled_enum};
use crate::money::Money;
use crate::problem::FieldError;

/// The most origins one key may list.
pub const MAX_ORIGINS: usize = 10;
/// The longest key name.
pub const MAX_NAME: usize = 60;
/// The longest font family list a host may pass in.
pub const MAX_FONT: usize = 100;
/// The largest corner radius a host may ask for, in CSS pixels.
pub const MAX_RADIUS: u8 = 24;

labelled_enum!(
    /// The embed's colours: light, dark, or whatever the visitor's device prefers.
    EmbedTheme {
        Light => ("light", "Light"),
        Dark => ("dark", "Dark"),
        Auto => ("auto", "The visitor's preference"),
    }
);

/// `POST /api/v1/embed-keys`: a new key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEmbedKey {
    pub name: String,
    /// Exact origins the board may be shown on: `https://shop.example` (any port given), or
    /// `http://localhost:8000` (and 127.0.0.1) for trying it out.
    pub origins: Vec<String>,
    pub show_prices: bool,
    pub theme: EmbedTheme,
    /// `#rrggbb`; the portal's accent when absent.
    #[serde(default)]
    pub accent: Option<String>,
}

/// A key as its partner sees it in Settings (never the key itself: only its hash is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedKey {
    pub id: i64,
    pub name: String,
    pub origins: Vec<String>,
    pub show_prices: bool,
    pub theme: EmbedTheme,
    #[serde(default)]
    pub accent: Option<String>,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    #[serde(with = "crate::wire::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(default, with = "crate::wire::instant_opt")]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/embed-keys`' answer: the key, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedEmbedKey {
    pub key: EmbedKey,
    pub secret: String,
}

/// `GET /api/v1/embed-keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedKeyList {
    pub keys: Vec<EmbedKey>,
}

/// One job on an embedded board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedJob {
    pub id: i64,
    pub reference: String,
    pub part_name: String,
    pub process: Process,
    pub material: Material,
    pub quantity: u32,
    /// Days from today (the marketplace's) to the ship-by date.
    pub lead_time_days: i64,
    #[serde(with = "crate::wire::instant")]
    pub closes_at: DateTime<Utc>,
    pub seconds_left: i64,
    /// Only when the key allows prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    /// Only when the key allows prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<JobBonus>,
}

/// `GET /api/v1/embed/board`: the partner's board as an embed shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedBoard {
    pub company: String,
    pub jobs: Vec<EmbedJob>,
    pub theme: EmbedTheme,
    #[serde(default)]
    pub accent: Option<String>,
    /// The origins the frame may talk to (its parent is one of them).
    pub origins: Vec<String>,
    #[serde(with = "crate::wire::instant")]
    pub server_time: DateTime<Utc>,
}

/// R-EMB-1: the partner's board as an embed shows it: the same jobs, read-only, without prices
/// unless the key allows them.
pub fn embed_jobs(board: &Board, show_prices: bool, today: NaiveDate) -> Vec<EmbedJob> {
    board
        .jobs
        .iter()
        .map(|j| EmbedJob {
            id: j.id,
            reference: j.reference.clone(),
            part_name: j.part_name.clone(),
            process: j.process,
            material: j.material,
            quantity: j.quantity,
            lead_time_days: crate::job::lead_time_days(j.ship_by, today),
            closes_at: j.closes_at,
            seconds_left: j.seconds_left,
            price: show_prices.then_some(j.price),
            bonus: if show_prices { j.bonus.clone() } else { None },
        })
        .collect()
}

/// Reads one origin a partner typed: `https://host[:port]` exactly (a trailing `/` is dropped),
/// or plain `http://` for the loopback host (`localhost`, `127.0.0.1`) with a port, for trying
/// the snippet out. Answers the origin as browsers write it (lower case).
pub fn parse_origin(typed: &str) -> Result<String, String> {
    let t = typed.trim().to_ascii_lowercase();
    let t = t.strip_suffix('/').unwrap_or(&t);
    let (scheme, rest) = t
        .split_once("://")
        .ok_or_else(|| format!("'{}' is not an origin: write it like https://www.your-shop.com", typed.trim()))?;
    if rest.contains(['/', '?', '#', '@', ' ']) || rest.is_empty() {
        return Err(format!(
            "'{}' is not an origin: give only the scheme and host (and port), without a path, like https://www.your-shop.com",
            typed.trim()
        ));
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => {
            let ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
            if !ok || port.parse::<u32>().map_or(true, |p| p == 0 || p > 65_535) {
                return Err(format!("'{}' has no valid port: use 1 to 65535", typed.trim()));
            }
            (host, Some(port))
        }
        None => (rest, None),
    };
    let valid_host = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !valid_host {
        return Err(format!("'{}' has no valid host name", typed.trim()));
    }
    let loopback = host == "localhost" || host == "127.0.0.1";
    match scheme {
        "https" => Ok(t.to_owned()),
        "http" if loopback && port.is_some() => Ok(t.to_owned()),
        "http" if loopback => {
            Err(format!("'{}' needs its port for trying it out, like http://localhost:8000", typed.trim()))
        }
        "http" => Err(format!(
            "'{}' is not HTTPS: embeds are shown on https:// sites only (http://localhost:PORT for trying it out)",
            typed.trim()
        )),
        _ => Err(format!("'{}' is not an origin: write it like https://www.your-shop.com", typed.trim())),
    }
}

/// Reads an accent colour: `#rgb` or `#rrggbb`, answered as `#rrggbb` lower case.
pub fn parse_accent(typed: &str) -> Option<String> {
    let hex = typed.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(hex.to_ascii_lowercase().chars().fold(String::from("#"), |mut s, c| {
            s.push(c);
            s.push(c);
            s
        })),
        _ => None,
    }
}

/// Checks a new key: a name, 1 to 10 distinct origins, an accent colour if any. Answers it with
/// its origins and accent as kept, or every problem by field.
pub fn check_new_key(new: &NewEmbedKey) -> Result<NewEmbedKey, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = new.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required", "Name the key, e.g. the site it is for."));
    } else if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new("name", "too_long", format!("Use at most {MAX_NAME} characters.")));
    }
    let mut origins: Vec<String> = Vec::new();
    for typed in new.origins.iter().filter(|o| !o.trim().is_empty()) {
        match parse_origin(typed) {
            Ok(o) if !origins.contains(&o) => origins.push(o),
            Ok(_) => {}
            Err(message) => errors.push(FieldError::new("origins", "invalid", message)),
        }
    }
    if origins.is_empty() && !errors.iter().any(|e| e.field == "origins") {
        errors.push(FieldError::new(
            "origins",
            "required",
            "List the site the board will be shown on, like https://www.your-shop.com.",
        ));
    }
    if origins.len() > MAX_ORIGINS {
        errors.push(FieldError::new("origins", "too_many", format!("List at most {MAX_ORIGINS} origins per key.")));
    }
    let accent = match new.accent.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => match parse_accent(a) {
            Some(a) => Some(a),
            None => {
                errors.push(FieldError::new("accent", "invalid", "Give a colour like #1f5fbf."));
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(NewEmbedKey { name, origins, show_prices: new.show_prices, theme: new.theme, accent })
    } else {
        Err(errors)
    }
}

/// What a host page may set on the snippet's element (`--portal-font`, `--portal-accent`,
/// `--portal-radius`), passed to the frame as query parameters; anything else is dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostStyle {
    pub font: Option<String>,
    pub accent: Option<String>,
    pub radius_px: Option<u8>,
}

impl HostStyle {
    /// Reads the three values as the host gave them; an unusable one is left out (the key's
    /// theme stands).
    pub fn parse(font: Option<&str>, accent: Option<&str>, radius: Option<&str>) -> HostStyle {
        let font = font.map(str::trim).filter(|f| {
            !f.is_empty()
                && f.len() <= MAX_FONT
                && f.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b',' | b'-' | b'"' | b'\''))
        });
        let radius_px = radius.map(str::trim).and_then(|r| {
            let n = r.strip_suffix("px").unwrap_or(r).trim();
            n.parse::<u8>().ok().filter(|n| *n <= MAX_RADIUS)
        });
        HostStyle { font: font.map(str::to_owned), accent: accent.and_then(parse_accent), radius_px }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_emb_1_origins_are_exact_https_or_loopback_for_trying_out() {
        assert_eq!(parse_origin("https://www.Shop.example/").unwrap(), "https://www.shop.example");
        assert_eq!(parse_origin("https://shop.example:8443").unwrap(), "https://shop.example:8443");
        assert_eq!(parse_origin("http://localhost:8000").unwrap(), "http://localhost:8000");
        assert_eq!(parse_origin("http://127.0.0.1:5173").unwrap(), "http://127.0.0.1:5173");
        for bad in [
            "http://shop.example",
            "shop.example",
            "https://shop.example/jobs",
            "https://shop.example?x=1",
            "https://user@shop.example",
            "https://*.shop.example",
            "https://shop.example:0",
            "https://shop.example:70000",
            "http://localhost",
            "ftp://shop.example",
            "https://",
            "https://-shop.example",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
        assert!(parse_origin("http://shop.example").unwrap_err().contains("not HTTPS"));
    }

    #[test]
    fn r_emb_1_a_new_key_is_checked_field_by_field() {
        let new = |origins: &[&str]| NewEmbedKey {
            name: " Website ".into(),
            origins: origins.iter().map(|o| o.to_string()).collect(),
            show_prices: false,
            theme: EmbedTheme::Auto,
            accent: Some("#ABC".into()),
        };
        let ok = check_new_key(&new(&["https://a.example", "https://A.example/", " "])).unwrap();
        assert_eq!(ok.name, "Website");
        assert_eq!(ok.origins, ["https://a.example"], "duplicates and blanks dropped");
        assert_eq!(ok.accent.as_deref(), Some("#aabbcc"));
        let errors = check_new_key(&new(&[])).unwrap_err();
        assert_eq!(errors[0].field, "origins");
        let many: Vec<String> = (0..11).map(|i| format!("https://s{i}.example")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(check_new_key(&new(&refs)).unwrap_err()[0].code, "too_many");
        assert_eq!(check_new_key(&new(&refs[..10])).unwrap().origins.len(), 10);
        let mut bad = new(&["http://a.example"]);
        bad.name = String::new();
        bad.accent = Some("blue".into());
        let fields: Vec<String> = check_new_key(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "origins", "accent"]);
    }

    #[test]
    fn r_emb_1_the_embed_shows_the_board_and_prices_only_when_allowed() {
        use crate::capability::Process;
        let mut priced = crate::board::tests::job(7, Process::Sls, 90_000, 30, 14);
        priced.bonus =
            Some(JobBonus { percent: crate::score::Tenths(50), amount: Money::usd(4_500), total: Money::usd(94_500) });
        let board = Board {
            jobs: vec![priced, crate::board::tests::job(8, Process::CncMilling, 500, 5, 9)],
            total: 2,
            frozen: None,
            server_time: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 2, 15, 0, 0).unwrap(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let hidden = embed_jobs(&board, false, today);
        assert_eq!(hidden.iter().map(|j| j.id).collect::<Vec<_>>(), [7, 8], "the board's jobs, in its order");
        assert!(hidden.iter().all(|j| j.price.is_none() && j.bonus.is_none()));
        assert_eq!(hidden[0].lead_time_days, 12);
        let json = serde_json::to_string(&hidden).unwrap();
        assert!(!json.contains("price") && !json.contains("bonus") && !json.contains("90000"), "{json}");
        let shown = embed_jobs(&board, true, today);
        assert_eq!(shown[0].price, Some(Money::usd(90_000)));
        assert_eq!(shown[0].bonus.as_ref().map(|b| b.total), Some(Money::usd(94_500)));
    }

    #[test]
    fn r_emb_1_the_host_may_set_font_accent_and_radius_within_bounds() {
        let s = HostStyle::parse(Some("Georgia, 'Times New Roman', serif"), Some("#c00"), Some("12px"));
        assert_eq!(s.font.as_deref(), Some("Georgia, 'Times New Roman', serif"));
        assert_eq!(s.accent.as_deref(), Some("#cc0000"));
        assert_eq!(s.radius_px, Some(12));
        let s = HostStyle::parse(Some("x;}body{display:none"), Some("red"), Some("25"));
        assert_eq!(s, HostStyle::default());
        assert_eq!(HostStyle::parse(None, None, Some("24")).radius_px, Some(24));
        assert_eq!(HostStyle::parse(Some(&"a".repeat(101)), None, None).font, None);
    }
}
