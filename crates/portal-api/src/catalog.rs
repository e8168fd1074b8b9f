//! The supplies store's catalog (issue 19): sheet, plate, bar, rod and tube in aluminium alloys,
//! steels, stainless, brass and plastics; end mills, drills and inserts; filament and powder.
//! Generated the same way at every start from the price data below (a price per pound of each
//! alloy and the stock sizes), so every server and test sees the same 370-odd products; a real
//! marketplace would load its catalog from its ERP into the same [`Catalog`].

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use portal_core::supplies::catalog::{Category, PriceUnit, Pricing, Product, StockMaterial};
use portal_core::supplies::checkout::Promo;

/// The catalog, and its products by SKU.
pub struct Catalog {
    pub products: Vec<Product>,
    by_sku: HashMap<String, usize>,
}

impl Catalog {
    pub fn get(&self, sku: &str) -> Option<&Product> {
        self.by_sku.get(sku).map(|&i| &self.products[i])
    }
}

impl Default for Catalog {
    fn default() -> Self {
        let products = generate();
        let by_sku = products.iter().enumerate().map(|(i, p)| (p.sku.clone(), i)).collect();
        Catalog { products, by_sku }
    }
}

/// An alloy's price data: its material, name, SKU code, dollars-per-pound in cents and density
/// (lb per cubic inch, in ten-thousandths).
struct Alloy {
    material: StockMaterial,
    name: &'static str,
    code: &'static str,
    cents_per_lb: u64,
    density: u32,
}

const fn alloy(
    material: StockMaterial,
    name: &'static str,
    code: &'static str,
    cents_per_lb: u64,
    density: u32,
) -> Alloy {
    Alloy { material, name, code, cents_per_lb, density }
}

use StockMaterial::{Aluminium, Brass, Plastic, Stainless, Steel};

const SHEET_ALLOYS: [Alloy; 9] = [
    alloy(Aluminium, "5052-H32", "AL5052", 520, 970),
    alloy(Aluminium, "6061-T6", "AL6061", 560, 980),
    alloy(Aluminium, "3003-H14", "AL3003", 480, 990),
    alloy(Steel, "1008 cold-rolled", "CR1008", 140, 2840),
    alloy(Stainless, "304 2B", "SS304", 520, 2890),
    alloy(Stainless, "316 2B", "SS316", 690, 2890),
    alloy(Brass, "260 half-hard", "BR260", 820, 3080),
    alloy(Plastic, "HDPE natural", "HDPE", 420, 342),
    alloy(Plastic, "Polycarbonate clear", "PC", 980, 434),
];
const SHEET_GAUGES: [u32; 8] = [32, 40, 63, 80, 90, 125, 160, 190];

const PLATE_ALLOYS: [Alloy; 9] = [
    alloy(Aluminium, "6061-T651", "AL6061", 560, 980),
    alloy(Aluminium, "7075-T651", "AL7075", 1_150, 1_010),
    alloy(Aluminium, "MIC-6 cast", "MIC6", 760, 970),
    alloy(Steel, "A36 hot-rolled", "A36", 120, 2840),
    alloy(Steel, "4140 pre-hard", "ST4140", 260, 2840),
    alloy(Stainless, "304", "SS304", 560, 2890),
    alloy(Stainless, "316", "SS316", 740, 2890),
    alloy(Plastic, "Acetal (Delrin) black", "POM", 890, 510),
    alloy(Plastic, "UHMW-PE natural", "UHMW", 520, 340),
];
const PLATE_THICKNESSES: [u32; 9] = [250, 375, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000];

const BAR_ALLOYS: [Alloy; 6] = [
    alloy(Aluminium, "6061-T6511", "AL6061", 600, 980),
    alloy(Aluminium, "7075-T6511", "AL7075", 1_200, 1_010),
    alloy(Steel, "1018 cold-drawn", "CD1018", 160, 2840),
    alloy(Steel, "4140 annealed", "ST4140", 270, 2840),
    alloy(Stainless, "303", "SS303", 610, 2890),
    alloy(Brass, "360 free-machining", "BR360", 760, 3070),
];
const BAR_SIZES: [(u32, u32); 6] =
    [(250, 1_000), (500, 1_000), (500, 2_000), (1_000, 2_000), (1_000, 3_000), (2_000, 4_000)];

const ROD_ALLOYS: [Alloy; 7] = [
    alloy(Aluminium, "6061-T6511", "AL6061", 600, 980),
    alloy(Steel, "1018 cold-drawn", "CD1018", 160, 2840),
    alloy(Steel, "4140 annealed", "ST4140", 270, 2840),
    alloy(Stainless, "303", "SS303", 610, 2890),
    alloy(Stainless, "316", "SS316", 760, 2890),
    alloy(Brass, "360 free-machining", "BR360", 760, 3070),
    alloy(Plastic, "Acetal (Delrin) natural", "POM", 890, 510),
];
const ROD_DIAMETERS: [u32; 9] = [250, 375, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000];

const TUBE_ALLOYS: [Alloy; 3] = [
    alloy(Aluminium, "6061-T6 drawn", "AL6061", 700, 980),
    alloy(Stainless, "304 welded", "SS304", 650, 2890),
    alloy(Steel, "1026 DOM", "DOM1026", 210, 2840),
];
const TUBE_DIAMETERS: [u32; 6] = [500, 750, 1_000, 1_500, 2_000, 3_000];

/// Cents a square foot (sheet, plate) from the price per pound: 144 sq in x thickness x density.
fn per_square_foot(a: &Alloy, thickness: u32) -> i64 {
    // 144 x (thickness / 1000 in) x (density / 10^4 lb/in³) x cents per lb.
    ((144 * u64::from(thickness) * u64::from(a.density) * a.cents_per_lb + 5_000_000) / 10_000_000) as i64
}

/// Cents a foot of bar from its cross-section (square thousandths).
fn per_foot(a: &Alloy, section: u64) -> i64 {
    // 12 in x section / 10^6 sq in x density / 10^4 x cents per lb.
    ((12 * section * u64::from(a.density) * a.cents_per_lb + 5_000_000_000) / 10_000_000_000).max(1) as i64
}

fn size_code(mils: u32) -> String {
    format!("{mils:04}")
}

fn inches(mils: u32) -> String {
    portal_core::supplies::catalog::inches_text(portal_core::supplies::Mils(mils))
}

/// R-SUP-5: thick plate and the costliest alloys in the biggest sizes are ordered in; a few
/// stock items are out of stock (deterministically).
fn stock(seed: usize, special: bool) -> u32 {
    if special || seed % 17 == 5 { 0 } else { 3 + (seed * 7 % 40) as u32 }
}

#[allow(clippy::too_many_arguments)]
fn cut_stock(
    out: &mut Vec<Product>,
    category: Category,
    a: &Alloy,
    size: u32,
    width: u32,
    length: u32,
    unit_price: i64,
    cut_charge: i64,
    tolerance: String,
    special: bool,
) {
    let n = out.len();
    let (form_code, form_name) = match category {
        Category::Sheet => ("SH", "sheet"),
        Category::Plate => ("PL", "plate"),
        Category::Bar => ("FB", "flat bar"),
        Category::Rod => ("RD", "round rod"),
        _ => ("TB", "round tube"),
    };
    let (sku, name) = match category {
        Category::Bar => (
            format!("{}-{form_code}-{}x{}", a.code, size_code(size), size_code(width)),
            format!(
                "{} {} {form_name}, {} x {}",
                a.name,
                a.material.label().to_lowercase(),
                inches(size),
                inches(width)
            ),
        ),
        Category::Rod | Category::Tube => (
            format!("{}-{form_code}-{}", a.code, size_code(size)),
            format!("{} {} {form_name}, {} diameter", a.name, a.material.label().to_lowercase(), inches(size)),
        ),
        _ => (
            format!("{}-{form_code}-{}", a.code, size_code(size)),
            format!("{} {} {form_name}, {} thick", a.name, a.material.label().to_lowercase(), inches(size)),
        ),
    };
    out.push(Product {
        sku,
        name,
        category,
        material: a.material,
        alloy: a.name.to_owned(),
        size_mils: size,
        width_mils: width,
        length_mils: length,
        price_unit: if matches!(category, Category::Sheet | Category::Plate) {
            PriceUnit::SquareFoot
        } else {
            PriceUnit::Foot
        },
        unit_price_minor: unit_price,
        cut_charge_minor: cut_charge,
        // R-SUP-3: special-order material is priced by a quote.
        pricing: if special { Pricing::Quote } else { Pricing::Catalog },
        special_order: special,
        in_stock: stock(n, special),
        weight_factor: a.density,
        tolerance,
    });
}

#[allow(clippy::too_many_arguments)]
fn piece(
    out: &mut Vec<Product>,
    category: Category,
    material: StockMaterial,
    alloy: &str,
    sku: String,
    name: String,
    size: u32,
    price: i64,
    weight: u32,
    pricing: Pricing,
    tolerance: &str,
) {
    let n = out.len();
    out.push(Product {
        sku,
        name,
        category,
        material,
        alloy: alloy.to_owned(),
        size_mils: size,
        width_mils: 0,
        length_mils: 0,
        price_unit: PriceUnit::Piece,
        unit_price_minor: price,
        cut_charge_minor: 0,
        pricing,
        special_order: false,
        in_stock: stock(n, false),
        weight_factor: weight,
        tolerance: tolerance.to_owned(),
    });
}

/// The whole catalog, in the order it is browsed.
pub fn generate() -> Vec<Product> {
    let mut out = Vec::with_capacity(400);
    for a in &SHEET_ALLOYS {
        for &t in &SHEET_GAUGES {
            let tolerance = format!("Thickness ±{} in", if t < 100 { "0.003" } else { "0.005" });
            cut_stock(&mut out, Category::Sheet, a, t, 48_000, 96_000, per_square_foot(a, t), 350, tolerance, false);
        }
    }
    for a in &PLATE_ALLOYS {
        for &t in &PLATE_THICKNESSES {
            // Thick plate of the costlier alloys is ordered in.
            let special = t > 3_000 && a.cents_per_lb > 500;
            let tolerance =
                format!("Thickness ±{} in; saw-cut edges ±1/16 in", if t <= 1_000 { "0.010" } else { "0.020" });
            cut_stock(&mut out, Category::Plate, a, t, 48_000, 144_000, per_square_foot(a, t), 900, tolerance, special);
        }
    }
    for a in &BAR_ALLOYS {
        for &(t, w) in &BAR_SIZES {
            let rate = per_foot(a, u64::from(t) * u64::from(w));
            cut_stock(
                &mut out,
                Category::Bar,
                a,
                t,
                w,
                144_000,
                rate,
                300,
                "Thickness and width ±0.004 in".into(),
                false,
            );
        }
    }
    for a in &ROD_ALLOYS {
        for &d in &ROD_DIAMETERS {
            let section = u64::from(d) * u64::from(d) * 355 / 452;
            let special = d == 4_000 && a.material == Stainless;
            let rate = per_foot(a, section);
            cut_stock(&mut out, Category::Rod, a, d, 0, 144_000, rate, 250, "Diameter ±0.002 in".into(), special);
        }
    }
    for a in &TUBE_ALLOYS {
        for &d in &TUBE_DIAMETERS {
            let section = u64::from(d) * u64::from(d) * 355 * 36 / 45_200;
            let rate = per_foot(a, section);
            cut_stock(&mut out, Category::Tube, a, d, 0, 240_000, rate, 250, "OD ±0.005 in; wall ±10%".into(), false);
        }
    }
    // End mills: carbide, 2, 3 and 4 flutes.
    for &(d, label) in &[
        (125, "1/8"),
        (188, "3/16"),
        (250, "1/4"),
        (375, "3/8"),
        (500, "1/2"),
        (625, "5/8"),
        (750, "3/4"),
        (1_000, "1"),
    ] {
        for flutes in [2u32, 3, 4] {
            let price = 1_200 + i64::from(d) * 9 + i64::from(flutes) * 250;
            piece(
                &mut out,
                Category::EndMill,
                StockMaterial::Carbide,
                "Solid carbide, AlTiN",
                format!("EM-{}-{flutes}F", size_code(d)),
                format!("{label} in {flutes}-flute carbide end mill, AlTiN coated"),
                d,
                price,
                10 + d / 40,
                Pricing::Catalog,
                "Cutting diameter +0/−0.001 in",
            );
        }
    }
    // Jobber drills, 1/16 to 1/2 in by 1/32, in high-speed steel and cobalt.
    for step in 2u32..=16 {
        let d = step * 1_000 / 32;
        for (grade, code, factor) in [("HSS, black oxide", "HSS", 1), ("M42 cobalt", "CO", 2)] {
            piece(
                &mut out,
                Category::Drill,
                StockMaterial::Hss,
                grade,
                format!("DR-{code}-{}", size_code(d)),
                format!("{step}/32 in jobber drill, {grade}"),
                d,
                (250 + i64::from(d) * 4) * factor,
                5 + d / 50,
                Pricing::Catalog,
                "Diameter +0/−0.0005 in",
            );
        }
    }
    // Turning inserts, ten to a box.
    for shape in ["CNMG", "DNMG", "TNMG", "VNMG", "WNMG"] {
        for (grade, use_for) in [("P25", "steel"), ("M30", "stainless"), ("K15", "cast iron")] {
            piece(
                &mut out,
                Category::Insert,
                StockMaterial::Carbide,
                grade,
                format!("IN-{shape}-{grade}"),
                format!("{shape} 432 carbide turning inserts, {grade} for {use_for}, box of 10"),
                500,
                8_900 + if shape == "VNMG" { 1_200 } else { 0 },
                40,
                Pricing::Catalog,
                "ISO tolerance class M",
            );
        }
    }
    // Filament: 1 kg spools.
    for (polymer, price) in
        [("PLA", 2_200), ("PETG", 2_400), ("ABS", 2_300), ("ASA", 2_900), ("TPU 95A", 3_900), ("Nylon CF", 7_900)]
    {
        for (d, label) in [(1_750, "1.75 mm"), (2_850, "2.85 mm")] {
            for colour in ["black", "natural"] {
                piece(
                    &mut out,
                    Category::Filament,
                    Plastic,
                    polymer,
                    format!("FIL-{}-{}-{}", polymer.replace(' ', ""), size_code(d), &colour[..3].to_uppercase()),
                    format!("{polymer} filament, {label}, {colour}, 1 kg spool"),
                    d / 25 * 25,
                    price,
                    240,
                    Pricing::Catalog,
                    "Diameter ±0.03 mm",
                );
            }
        }
    }
    // Powder for SLS and metal printing, sold under contract prices.
    for (polymer, material, price, weight) in [
        ("PA12", Plastic, 64_000, 2_205),
        ("PA11", Plastic, 72_000, 2_205),
        ("TPU", Plastic, 81_000, 2_205),
        ("316L", Stainless, 58_000, 2_205),
        ("Ti-6Al-4V grade 23", StockMaterial::Titanium, 310_000, 1_102),
        ("AlSi10Mg", Aluminium, 79_000, 1_102),
    ] {
        piece(
            &mut out,
            Category::Powder,
            material,
            polymer,
            format!("PWD-{}", polymer.split_whitespace().next().unwrap_or(polymer).replace('-', "")),
            format!("{polymer} powder, {} kg", if weight > 2_000 { 10 } else { 5 }),
            0,
            price,
            weight,
            Pricing::Contract,
            "Particle size per the data sheet",
        );
    }
    out
}

/// R-SUP-3: the store's promotion codes, around `today` (the day the server starts): one
/// running, one with a minimum, one ended and one not started, so each refusal can be seen.
pub fn promos(today: NaiveDate) -> Vec<Promo> {
    vec![
        Promo {
            code: "SHOP10",
            percent_off: 10,
            starts_on: today - Duration::days(30),
            ends_on: today + Duration::days(90),
            minimum_minor: 5_000,
        },
        Promo {
            code: "BIGBUY15",
            percent_off: 15,
            starts_on: today - Duration::days(30),
            ends_on: today + Duration::days(90),
            minimum_minor: 250_000,
        },
        Promo {
            code: "SUMMER20",
            percent_off: 20,
            starts_on: today - Duration::days(180),
            ends_on: today - Duration::days(90),
            minimum_minor: 0,
        },
        Promo {
            code: "NEWYEAR12",
            percent_off: 12,
            starts_on: today + Duration::days(60),
            ends_on: today + Duration::days(120),
            minimum_minor: 0,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_big_and_its_skus_unique() {
        let catalog = Catalog::default();
        assert!(catalog.products.len() >= 300, "{}", catalog.products.len());
        assert_eq!(catalog.by_sku.len(), catalog.products.len(), "every SKU once");
        let sheet = catalog.get("AL6061-SH-0125").unwrap();
        assert_eq!(sheet.alloy, "6061-T6");
        // 0.125 in x 144 sq in x 0.098 lb/in³ = 1.764 lb a square foot at $5.60 = $9.88.
        assert_eq!(sheet.unit_price_minor, 988);
        assert!(catalog.products.iter().any(|p| p.special_order && p.pricing == Pricing::Quote));
        assert!(catalog.products.iter().all(|p| p.unit_price_minor > 0));
    }
}
