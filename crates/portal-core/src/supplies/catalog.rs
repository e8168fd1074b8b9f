//! The supplies store's catalog and prices (R-SUP-1, R-SUP-5, R-SUP-12): what a product is, how a
//! line is cut and priced from the catalog's price data, what it weighs, and the lengths partners
//! type (in inches or millimetres). Everything is integer: lengths in thousandths of an inch,
//! weights in hundredths of a pound, prices in cents (USD, without tax and shipping).

use serde::{Deserialize, Serialize};

use super::{CentiPounds, Delay, Form, LineFacts, Mils, delays};
use crate::capability::labelled_enum;
use crate::problem::FieldError;

labelled_enum!(
    /// What the store sells, as its catalog is browsed.
    Category {
        Sheet => ("sheet", "Sheet"),
        Plate => ("plate", "Plate"),
        Bar => ("bar", "Flat bar"),
        Rod => ("rod", "Round rod"),
        Tube => ("tube", "Round tube"),
        EndMill => ("end_mill", "End mills"),
        Drill => ("drill", "Drills"),
        Insert => ("insert", "Turning inserts"),
        Filament => ("filament", "Filament"),
        Powder => ("powder", "Powder"),
    }
);

labelled_enum!(
    /// What a product is made of.
    StockMaterial {
        Aluminium => ("aluminium", "Aluminium"),
        Steel => ("steel", "Steel"),
        Stainless => ("stainless", "Stainless steel"),
        Brass => ("brass", "Brass"),
        Titanium => ("titanium", "Titanium"),
        Plastic => ("plastic", "Plastic"),
        Carbide => ("carbide", "Carbide"),
        Hss => ("hss", "High-speed steel"),
    }
);

labelled_enum!(
    /// What the catalog price is per.
    PriceUnit {
        SquareFoot => ("square_foot", "per sq ft"),
        Foot => ("foot", "per ft"),
        Piece => ("piece", "each"),
    }
);

labelled_enum!(
    /// R-SUP-3: how a product is priced; promotions apply to catalog prices only.
    Pricing {
        Catalog => ("catalog", "Catalog price"),
        Quote => ("quote", "Custom quote"),
        Contract => ("contract", "Contract price"),
    }
);

impl Category {
    /// The form the shipping and processing rules read.
    pub fn form(self) -> Form {
        match self {
            Category::Sheet => Form::Sheet,
            Category::Plate => Form::Plate,
            Category::Bar => Form::Bar,
            Category::Rod => Form::Rod,
            Category::Tube => Form::Tube,
            Category::EndMill | Category::Drill | Category::Insert => Form::Tooling,
            Category::Filament => Form::Filament,
            Category::Powder => Form::Powder,
        }
    }

    /// What the cut is given as: width and length (sheet, plate), length only (bar, rod, tube),
    /// or nothing (sold by the piece).
    pub fn cut(self) -> Cut {
        match self {
            Category::Sheet | Category::Plate => Cut::WidthAndLength,
            Category::Bar | Category::Rod | Category::Tube => Cut::Length,
            _ => Cut::None,
        }
    }

    /// What the product's one size is called: thickness for flat stock, diameter otherwise.
    pub fn size_name(self) -> &'static str {
        match self {
            Category::Sheet | Category::Plate | Category::Bar => "Thickness",
            Category::Insert => "Inscribed circle",
            _ => "Diameter",
        }
    }
}

/// What a line of this category is cut to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    WidthAndLength,
    Length,
    None,
}

/// One product of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: Category,
    pub material: StockMaterial,
    /// The alloy or grade (`6061-T6`, `304`, `PETG`).
    pub alloy: String,
    /// Thickness (sheet, plate, bar) or diameter, in thousandths of an inch; 0 when none.
    pub size_mils: u32,
    /// The full stock width (sheet, plate, bar), in thousandths of an inch; 0 otherwise.
    pub width_mils: u32,
    /// The full stock length, in thousandths of an inch; 0 for products sold by the piece.
    pub length_mils: u32,
    pub price_unit: PriceUnit,
    /// Cents per [`PriceUnit`].
    pub unit_price_minor: i64,
    /// Charged per piece cut to size (not for full stock sizes).
    pub cut_charge_minor: i64,
    pub pricing: Pricing,
    /// R-SUP-5: ordered in for the partner; never changed, cancelled or returned.
    pub special_order: bool,
    /// Full pieces in stock (0: out of stock; special-order products have none).
    pub in_stock: u32,
    /// Pounds per cubic inch, in ten-thousandths (cut stock), or the weight of one piece in
    /// hundredths of a pound (tools, filament, powder).
    pub weight_factor: u32,
    /// The tolerances the product is supplied to.
    pub tolerance: String,
}

impl Product {
    pub fn cut(&self) -> Cut {
        self.category.cut()
    }

    /// R-SUP-12: what the product page says about flatness: full sheets 60 in wide and under
    /// are at most 1/2 in out of flat; cut sizes carry no flatness tolerance.
    pub fn flatness_note(&self) -> Option<&'static str> {
        match self.category {
            Category::Sheet | Category::Plate if self.width_mils <= 60_000 => Some(
                "Full sheets 60 in wide and under are supplied at most 1/2 in out of flat. Cut sizes carry no flatness tolerance.",
            ),
            Category::Sheet | Category::Plate => Some("Cut sizes carry no flatness tolerance."),
            _ => None,
        }
    }
}

/// What a partner asks for: a product, cut to a width and length (or only a length), or at its
/// full stock size when they are left out, and how many pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineSpec {
    pub sku: String,
    /// Thousandths of an inch; only for sheet and plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width_mils: Option<u32>,
    /// Thousandths of an inch; for sheet, plate, bar, rod and tube.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_mils: Option<u32>,
    pub pieces: u32,
    /// R-SUP-10: a mill test report for this line.
    #[serde(default)]
    pub mill_test_report: bool,
    /// R-SUP-10: a certificate of compliance for this line.
    #[serde(default)]
    pub certificate_of_compliance: bool,
}

/// A line checked and priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedLine {
    pub width: Mils,
    pub length: Mils,
    /// Whether the pieces are cut from stock (a cut charge each).
    pub cut: bool,
    pub piece_price_minor: i64,
    pub total_minor: i64,
    pub weight: CentiPounds,
    pub facts: LineFacts,
    pub delays: Vec<Delay>,
}

/// The most pieces one line takes.
pub const MAX_PIECES: u32 = 999;
/// The smallest cut the saw makes (1/2 in).
pub const MIN_CUT: Mils = Mils(500);
/// R-SUP-10: what a mill test report costs per line (**decision**: the terms name no figure).
pub const MTR_FEE_MINOR: i64 = 1_500;
/// R-SUP-10: what a certificate of compliance costs per line.
pub const COC_FEE_MINOR: i64 = 1_000;

/// `numerator / denominator`, rounded half up (both positive).
fn div_round(numerator: u128, denominator: u128) -> i64 {
    i64::try_from((numerator + denominator / 2) / denominator).unwrap_or(i64::MAX)
}

/// One piece of `product` at `width` x `length`: the catalog price for the area or length (to
/// the cent, half up) and the cut charge when it is cut from stock.
pub fn piece_price(product: &Product, width: Mils, length: Mils, cut: bool) -> i64 {
    let rate = product.unit_price_minor.max(0) as u128;
    let base = match product.price_unit {
        // 1 sq ft = 144 sq in = 144,000,000 square thousandths.
        PriceUnit::SquareFoot => div_round(u128::from(width.0) * u128::from(length.0) * rate, 144_000_000),
        // 1 ft = 12,000 thousandths.
        PriceUnit::Foot => div_round(u128::from(length.0) * rate, 12_000),
        PriceUnit::Piece => product.unit_price_minor,
    };
    base + if cut { product.cut_charge_minor } else { 0 }
}

/// What one piece weighs.
pub fn piece_weight(product: &Product, width: Mils, length: Mils) -> CentiPounds {
    let density = u128::from(product.weight_factor);
    let (d, l) = (u128::from(product.size_mils), u128::from(length.0));
    // Cubic thousandths x (lb per cubic inch x 10^4) -> hundredths of a pound: / 10^9 / 10^4 x 100.
    let volume_scaled = match product.category {
        Category::Sheet | Category::Plate | Category::Bar => d * u128::from(width.0) * l,
        // A round: pi d^2 / 4 (pi as 355/113).
        Category::Rod => d * d * l * 355 / 452,
        // A tube's wall is a tenth of its diameter: pi (d^2 - (0.8 d)^2) / 4.
        Category::Tube => d * d * l * 355 * 36 / (452 * 100),
        _ => return CentiPounds(product.weight_factor),
    };
    CentiPounds(u32::try_from(div_round(volume_scaled * density, 100_000_000_000)).unwrap_or(u32::MAX).max(1))
}

/// R-SUP-1, R-SUP-5: checks a line against its product and prices it: each error names its
/// field (`width`, `length`, `pieces`) and how to fix it.
pub fn price_line(product: &Product, spec: &LineSpec) -> Result<PricedLine, Vec<FieldError>> {
    let mut errors = Vec::new();
    if spec.pieces == 0 || spec.pieces > MAX_PIECES {
        errors.push(FieldError::new("pieces", "range", format!("Order 1 to {MAX_PIECES} pieces.")));
    }
    let mut size = |field: &str, typed: Option<u32>, stock: u32, wanted: bool| -> Mils {
        match (wanted, typed) {
            (false, Some(_)) => {
                errors.push(FieldError::new(field, "not_cut", format!("This product is not cut to a {field}.")));
                Mils(stock)
            }
            (_, None) => Mils(stock),
            (true, Some(v)) if v < MIN_CUT.0 => {
                errors.push(FieldError::new(field, "range", format!("The {field} must be at least 0.5 in (12.7 mm).")));
                Mils(v)
            }
            (true, Some(v)) if v > stock => {
                errors.push(FieldError::new(
                    field,
                    "range",
                    format!("The {field} can be at most {} (the full stock size).", inches_text(Mils(stock))),
                ));
                Mils(v)
            }
            (true, Some(v)) => Mils(v),
        }
    };
    let cut = product.cut();
    let width = size("width", spec.width_mils, product.width_mils, cut == Cut::WidthAndLength);
    let length = size("length", spec.length_mils, product.length_mils, cut != Cut::None);
    if !errors.is_empty() {
        return Err(errors);
    }
    let is_cut = cut != Cut::None && (width.0 != product.width_mils || length.0 != product.length_mils);
    let piece = piece_price(product, width, length, is_cut);
    let fees = if spec.mill_test_report { MTR_FEE_MINOR } else { 0 }
        + if spec.certificate_of_compliance { COC_FEE_MINOR } else { 0 };
    let facts = LineFacts {
        form: product.category.form(),
        thickness: Mils(if cut == Cut::None { 0 } else { product.size_mils }),
        length: length.max(width),
        pieces: spec.pieces,
        special_order: product.special_order,
    };
    let weight = piece_weight(product, width, length).0.saturating_mul(spec.pieces);
    Ok(PricedLine {
        width,
        length,
        cut: is_cut,
        piece_price_minor: piece,
        total_minor: piece * i64::from(spec.pieces) + fees,
        weight: CentiPounds(weight),
        delays: delays(&facts),
        facts,
    })
}

labelled_enum!(
    /// The units a cut is typed in.
    CutUnit {
        Inch => ("in", "in"),
        Millimetre => ("mm", "mm"),
    }
);

impl CutUnit {
    pub fn symbol(self) -> &'static str {
        self.slug()
    }
}

/// A length as typed (`12.5`, `12,5`, `0.125`), in inches (to 3 decimals) or millimetres (to 2),
/// as thousandths of an inch. The error says what to type.
pub fn parse_length(text: &str, unit: CutUnit) -> Result<Mils, String> {
    let text = text.trim().replace(',', ".");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let places = match unit {
        CutUnit::Inch => 3,
        CutUnit::Millimetre => 2,
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if text.is_empty() || !digits(whole) || !digits(frac) || (whole.is_empty() && frac.is_empty()) || whole.len() > 6 {
        return Err(format!("Type a number of {} such as {}.", unit_words(unit), example(unit)));
    }
    if frac.len() > places {
        return Err(format!("Give {} to at most {places} decimal places.", unit_words(unit)));
    }
    let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| "Too large.".to_owned())? };
    let scale = 10u32.pow(places as u32);
    let frac_value: u32 = format!("{frac:0<places$}").parse().unwrap_or(0);
    let scaled = whole.checked_mul(scale).and_then(|w| w.checked_add(frac_value)).ok_or("Too large.")?;
    Ok(match unit {
        CutUnit::Inch => Mils(scaled),
        CutUnit::Millimetre => Mils::from_centi_mm(scaled),
    })
}

fn unit_words(unit: CutUnit) -> &'static str {
    match unit {
        CutUnit::Inch => "inches",
        CutUnit::Millimetre => "millimetres",
    }
}

fn example(unit: CutUnit) -> &'static str {
    match unit {
        CutUnit::Inch => "12.5",
        CutUnit::Millimetre => "300",
    }
}

/// A length in inches as partners read it: `0.125 in`, `12 in`, `48.5 in`.
pub fn inches_text(m: Mils) -> String {
    let (whole, frac) = (m.0 / 1000, m.0 % 1000);
    if frac == 0 {
        format!("{whole} in")
    } else {
        let f = format!("{frac:03}");
        format!("{whole}.{} in", f.trim_end_matches('0'))
    }
}

/// A length in millimetres to one decimal: `3.2 mm`, `1219.2 mm`.
pub fn mm_text(m: Mils) -> String {
    // 1 thousandth of an inch = 0.0254 mm; tenths of a mm, half up.
    let tenths = (u64::from(m.0) * 254 + 500) / 1000;
    if tenths % 10 == 0 { format!("{} mm", tenths / 10) } else { format!("{}.{} mm", tenths / 10, tenths % 10) }
}

/// A length in the unit the partner types in.
pub fn length_text(m: Mils, unit: CutUnit) -> String {
    match unit {
        CutUnit::Inch => inches_text(m),
        CutUnit::Millimetre => mm_text(m),
    }
}

/// A weight in pounds: `12.5 lb`.
pub fn pounds_text(w: CentiPounds) -> String {
    let (whole, frac) = (w.0 / 100, w.0 % 100);
    if frac == 0 {
        format!("{whole} lb")
    } else {
        let f = format!("{frac:02}");
        format!("{whole}.{} lb", f.trim_end_matches('0'))
    }
}

/// R-SUP-3 and the search: what a query matches (every word, case-insensitive, in the name,
/// SKU, alloy, material or category).
pub fn matches_query(product: &Product, query: &str) -> bool {
    let haystack = format!(
        "{} {} {} {} {}",
        product.name,
        product.sku,
        product.alloy,
        product.material.label(),
        product.category.label()
    )
    .to_lowercase();
    query.split_whitespace().all(|word| haystack.contains(&word.to_lowercase()))
}

/// Products on one page of the catalog.
pub const PAGE_SIZE: usize = 24;

/// The catalog searched, filtered, sorted and paged (`GET /store/products`), with the values
/// left to filter by and how many of the found products have each. A category or material
/// facet counts the products the other filters leave, so choosing one never empties the list.
pub fn search(catalog: &[Product], query: &crate::api::ProductQuery) -> crate::api::ProductPage {
    use crate::api::{Facet, ProductPage};
    let words = query.q.as_deref().unwrap_or("").trim();
    let category = query.category.as_deref().and_then(Category::parse);
    let material = query.material.as_deref().and_then(StockMaterial::parse);
    let alloy = query.alloy.as_deref().filter(|a| !a.is_empty());
    let in_stock = query.in_stock.unwrap_or(false);
    let base: Vec<&Product> =
        catalog.iter().filter(|p| matches_query(p, words) && (!in_stock || p.in_stock > 0)).collect();
    let keep = |p: &&Product, skip: u8| {
        (skip == 1 || category.is_none_or(|c| p.category == c))
            && (skip == 2 || material.is_none_or(|m| p.material == m))
            && (skip == 3 || alloy.is_none_or(|a| p.alloy == a))
            && (skip == 4 || query.size.is_none_or(|s| i64::from(p.size_mils) == i64::from(s)))
    };
    fn count<K: Ord + Clone>(items: impl Iterator<Item = K>) -> Vec<(K, u32)> {
        let mut counts = std::collections::BTreeMap::<K, u32>::new();
        for k in items {
            *counts.entry(k).or_default() += 1;
        }
        counts.into_iter().collect()
    }
    let categories = count(base.iter().filter(|p| keep(p, 1)).map(|p| p.category))
        .into_iter()
        .map(|(c, n)| Facet { value: c.slug().to_owned(), label: c.label().to_owned(), count: n })
        .collect();
    let materials = count(base.iter().filter(|p| keep(p, 2)).map(|p| p.material))
        .into_iter()
        .map(|(m, n)| Facet { value: m.slug().to_owned(), label: m.label().to_owned(), count: n })
        .collect();
    let alloys = count(base.iter().filter(|p| keep(p, 3)).map(|p| p.alloy.clone()))
        .into_iter()
        .map(|(a, n)| Facet { label: a.clone(), value: a, count: n })
        .collect();
    let sizes = count(base.iter().filter(|p| keep(p, 4) && p.size_mils > 0).map(|p| p.size_mils))
        .into_iter()
        .map(|(s, n)| Facet { value: s.to_string(), label: inches_text(Mils(s)), count: n })
        .collect();
    let mut found: Vec<&Product> = base.into_iter().filter(|p| keep(p, 0)).collect();
    match query.sort.as_deref() {
        Some("price") => found.sort_by_key(|p| (p.unit_price_minor, p.sku.clone())),
        Some("size") => found.sort_by_key(|p| (p.size_mils, p.sku.clone())),
        Some("name") => found.sort_by(|a, b| a.name.cmp(&b.name)),
        // Relevance: a word in the name first, then the catalog's order.
        _ if !words.is_empty() => {
            let first = words.split_whitespace().next().unwrap_or("").to_lowercase();
            found.sort_by_key(|p| !p.name.to_lowercase().contains(&first));
        }
        _ => {}
    }
    let total = found.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = (query.page.unwrap_or(1).max(1) as usize).min(pages);
    let products = found.into_iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).cloned().collect();
    ProductPage {
        products,
        total: total as u32,
        page: page as u32,
        pages: pages as u32,
        catalog_size: catalog.len() as u32,
        categories,
        materials,
        alloys,
        sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Product {
        Product {
            sku: "AL-6061-SH-0125".into(),
            name: "6061-T6 aluminium sheet, 0.125 in".into(),
            category: Category::Sheet,
            material: StockMaterial::Aluminium,
            alloy: "6061-T6".into(),
            size_mils: 125,
            width_mils: 48_000,
            length_mils: 96_000,
            price_unit: PriceUnit::SquareFoot,
            unit_price_minor: 850,
            cut_charge_minor: 400,
            pricing: Pricing::Catalog,
            special_order: false,
            in_stock: 12,
            weight_factor: 980,
            tolerance: "Thickness ±0.004 in".into(),
        }
    }

    fn spec(w: Option<u32>, l: Option<u32>, pieces: u32) -> LineSpec {
        LineSpec {
            sku: "AL-6061-SH-0125".into(),
            width_mils: w,
            length_mils: l,
            pieces,
            mill_test_report: false,
            certificate_of_compliance: false,
        }
    }

    // R-SUP-1
    #[test]
    fn r_sup_1_cut_to_size_is_priced_by_area_plus_the_cut() {
        let p = sheet();
        // 12 x 12 in = 1 sq ft at $8.50 + $4.00 cut = $12.50 a piece.
        let line = price_line(&p, &spec(Some(12_000), Some(12_000), 3)).unwrap();
        assert_eq!((line.piece_price_minor, line.total_minor, line.cut), (1250, 3750, true));
        // The full sheet: 32 sq ft, no cut charge.
        let full = price_line(&p, &spec(None, None, 1)).unwrap();
        assert_eq!((full.piece_price_minor, full.cut), (27_200, false));
        // 0.125 x 48 x 96 in of aluminium at 0.098 lb/in³ = 56.45 lb.
        assert_eq!(full.weight, CentiPounds(5645));
    }

    // R-SUP-10
    #[test]
    fn r_sup_10_certificates_are_requested_per_line_when_ordering() {
        let p = sheet();
        let mut certified = spec(Some(12_000), Some(12_000), 3);
        certified.mill_test_report = true;
        certified.certificate_of_compliance = true;
        assert_eq!(price_line(&p, &certified).unwrap().total_minor, 3750 + MTR_FEE_MINOR + COC_FEE_MINOR);
        certified.certificate_of_compliance = false;
        assert_eq!(price_line(&p, &certified).unwrap().total_minor, 3750 + MTR_FEE_MINOR, "a fee per certificate");
    }

    // R-SUP-1
    #[test]
    fn r_sup_1_sizes_are_checked_by_field() {
        let p = sheet();
        let errors = price_line(&p, &spec(Some(49_000), Some(400), 0)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["pieces", "width", "length"]);
        assert!(errors[1].message.contains("48 in"), "{}", errors[1].message);
        assert!(price_line(&p, &spec(Some(48_000), Some(500), 1)).is_ok(), "the full width and the smallest cut");
    }

    // R-SUP-5
    #[test]
    fn r_sup_5_a_line_names_what_delays_it() {
        let p = sheet();
        assert_eq!(price_line(&p, &spec(Some(12_000), Some(24_000), 25)).unwrap().delays, []);
        assert_eq!(price_line(&p, &spec(Some(12_000), Some(24_010), 25)).unwrap().delays, [Delay::Long]);
        assert_eq!(price_line(&p, &spec(Some(24_010), Some(12_000), 1)).unwrap().delays, [Delay::Long], "either side");
        assert_eq!(price_line(&p, &spec(Some(12_000), Some(12_000), 26)).unwrap().delays, [Delay::ManyPieces]);
        let mut thick = sheet();
        thick.category = Category::Plate;
        thick.size_mils = 3_010;
        assert_eq!(price_line(&thick, &spec(Some(12_000), Some(12_000), 1)).unwrap().delays, [Delay::Thick]);
        thick.size_mils = 3_000;
        assert_eq!(price_line(&thick, &spec(Some(12_000), Some(12_000), 1)).unwrap().delays, []);
    }

    #[test]
    fn lengths_are_typed_in_inches_or_millimetres() {
        assert_eq!(parse_length("3", CutUnit::Inch), Ok(Mils(3000)));
        assert_eq!(parse_length("3.01", CutUnit::Inch), Ok(Mils(3010)));
        assert_eq!(parse_length("0,125", CutUnit::Inch), Ok(Mils(125)));
        assert_eq!(parse_length(".5", CutUnit::Inch), Ok(Mils(500)));
        assert_eq!(parse_length("609.6", CutUnit::Millimetre), Ok(Mils(24_000)));
        assert_eq!(parse_length("609.85", CutUnit::Millimetre), Ok(Mils(24_010)));
        assert!(parse_length("12.0001", CutUnit::Inch).unwrap_err().contains("3 decimal"));
        assert!(parse_length("twelve", CutUnit::Inch).unwrap_err().contains("12.5"));
        assert!(parse_length("", CutUnit::Millimetre).is_err());
        assert_eq!(inches_text(Mils(24_010)), "24.01 in");
        assert_eq!(inches_text(Mils(48_000)), "48 in");
        assert_eq!(mm_text(Mils(24_000)), "609.6 mm");
    }

    // R-SUP-12
    #[test]
    fn r_sup_12_the_flatness_note() {
        let mut p = sheet();
        assert!(p.flatness_note().unwrap().contains("1/2 in out of flat"));
        p.width_mils = 60_010;
        assert_eq!(p.flatness_note(), Some("Cut sizes carry no flatness tolerance."));
        p.category = Category::Rod;
        assert_eq!(p.flatness_note(), None);
    }

    #[test]
    fn a_query_matches_every_word() {
        let p = sheet();
        assert!(matches_query(&p, "6061 sheet"));
        assert!(matches_query(&p, "ALUMINIUM 0.125"));
        assert!(!matches_query(&p, "6061 plate"));
    }
}
