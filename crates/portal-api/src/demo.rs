//! Demo data (`--demo`, once per new database): partners at different stages, a board of jobs
//! across processes, materials and values, and orders, so a newcomer sees a believable portal.

use chrono::{DateTime, Duration, Utc};
use portal_core::Currency;
use portal_core::Money;
use portal_core::api::OrderTerms;
use portal_core::api::{BankDetails, BankDetailsInput, InvoiceStatus};
use portal_core::capability::{
    Capabilities, Certification as C, Dimensions, Finish as F, Machine, Material as M, Process as P,
};
use portal_core::invoice::invoiceable;
use portal_core::invoice::positions_total;
use portal_core::invoice::{BankAccount, payment_date};
use portal_core::job::{Decision, JobRequirements};
use portal_core::market_clock;
use portal_core::offer::DeclineReason;
use portal_core::order::CheckInQuestion;
use portal_core::shipping::{
    Delivery, DeliveryTerms, LengthUnit, NewShipment, Package, PackageKind, ShipmentLine, ShipmentStatus, WeightUnit,
};
use portal_core::upload::{FileKind, Purpose};
use sqlx::SqliteConnection;
use std::path::Path;

use crate::app;
use crate::auth::hash_password;
use crate::db::{self, Db};
use crate::documents;
use crate::error::ApiError;

pub const DEMO_PASSWORD: &str = "portal-demo";

/// The demo logins and what each shows.
pub const DEMO_LOGINS: [(&str, &str); 4] = [
    ("probation@demo.example", "on probation: 2 jobs done, 1 active, provisional score"),
    ("established@demo.example", "established: 40+ jobs, score 86.5 (+4% bonus), an order due today"),
    ("frozen@demo.example", "frozen: activated 35 days ago, never accepted a job"),
    ("new@demo.example", "new: activated yesterday"),
];

fn machine(name: &str, process: P, x: u32, y: u32, z: u32) -> Machine {
    Machine { name: name.to_owned(), process, envelope: Dimensions::new(x, y, z) }
}

/// A CNC shop, still on probation.
pub fn cnc_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::CncMilling, P::CncTurning],
        materials: vec![M::Aluminum6061, M::Aluminum7075, M::Stainless304, M::Brass360, M::Steel1018, M::Delrin],
        finishes: vec![F::AsMachined, F::BeadBlasted, F::Anodized, F::Polished],
        certifications: vec![C::Iso9001],
        machines: vec![
            machine("Haas VF-2", P::CncMilling, 762, 406, 508),
            machine("Haas ST-10", P::CncTurning, 356, 356, 406),
        ],
    }
}

/// A large, certified all-rounder.
pub fn full_service_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::CncMilling, P::CncTurning, P::SheetMetal, P::InjectionMolding, P::Sls, P::Mjf, P::Dmls],
        materials: vec![
            M::Aluminum6061,
            M::Aluminum7075,
            M::Stainless304,
            M::Stainless316,
            M::Steel1018,
            M::Brass360,
            M::Titanium6al4v,
            M::Delrin,
            M::Abs,
            M::Polycarbonate,
            M::Nylon12,
        ],
        finishes: vec![F::AsMachined, F::AsPrinted, F::BeadBlasted, F::Anodized, F::PowderCoated, F::Polished],
        certifications: vec![C::Iso9001, C::As9100, C::Itar],
        machines: vec![
            machine("DMG Mori DMU 65", P::CncMilling, 1000, 650, 560),
            machine("Okuma LB3000", P::CncTurning, 500, 500, 1000),
            machine("Trumpf TruBend 5130", P::SheetMetal, 3000, 1500, 400),
            machine("Arburg Allrounder 470", P::InjectionMolding, 400, 400, 300),
            machine("EOS P 396", P::Sls, 340, 340, 600),
            machine("HP MJF 5200", P::Mjf, 380, 284, 380),
            machine("EOS M 290", P::Dmls, 250, 250, 325),
        ],
    }
}

/// A small prototyping shop (FDM, SLA, PolyJet).
pub fn prototyping_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::Fdm, P::Sla, P::PolyJet],
        materials: vec![M::Abs, M::Pla, M::StandardResin],
        finishes: vec![F::AsPrinted, F::Polished],
        certifications: vec![],
        machines: vec![
            machine("Prusa XL", P::Fdm, 360, 360, 360),
            machine("Formlabs Form 3L", P::Sla, 335, 200, 300),
            machine("Stratasys J55", P::PolyJet, 140, 200, 190),
        ],
    }
}

/// A new additive shop that dyes its parts.
pub fn additive_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::Sls, P::Mjf, P::Fdm],
        materials: vec![M::Nylon12, M::Abs, M::Pla],
        finishes: vec![F::AsPrinted, F::Dyed, F::BeadBlasted],
        certifications: vec![],
        machines: vec![
            machine("Formlabs Fuse 1+", P::Sls, 165, 165, 300),
            machine("HP MJF 4200", P::Mjf, 380, 284, 380),
            machine("Bambu Lab X1E", P::Fdm, 256, 256, 256),
        ],
    }
}

/// A kind of part the marketplace places, for generating believable jobs.
struct PartKind {
    name: &'static str,
    process: P,
    materials: &'static [M],
    finishes: &'static [F],
    certifications: &'static [C],
    max_mm: u32,
    /// Price range per job, whole dollars.
    price: (i64, i64),
}

const KINDS: &[PartKind] = &[
    PartKind {
        name: "Mounting bracket",
        process: P::CncMilling,
        materials: &[M::Aluminum6061, M::Aluminum7075, M::Steel1018],
        finishes: &[F::AsMachined, F::Anodized, F::BeadBlasted],
        certifications: &[],
        max_mm: 300,
        price: (180, 4_200),
    },
    PartKind {
        name: "Manifold block",
        process: P::CncMilling,
        materials: &[M::Aluminum6061, M::Stainless304],
        finishes: &[F::AsMachined, F::BeadBlasted],
        certifications: &[C::Iso9001],
        max_mm: 400,
        price: (900, 9_800),
    },
    PartKind {
        name: "Gear housing",
        process: P::CncMilling,
        materials: &[M::Aluminum7075, M::Delrin],
        finishes: &[F::Anodized, F::AsMachined],
        certifications: &[],
        max_mm: 900,
        price: (2_400, 16_000),
    },
    PartKind {
        name: "Drive shaft",
        process: P::CncTurning,
        materials: &[M::Stainless304, M::Steel1018, M::Brass360],
        finishes: &[F::AsMachined, F::Polished],
        certifications: &[],
        max_mm: 350,
        price: (150, 3_600),
    },
    PartKind {
        name: "Valve fitting",
        process: P::CncTurning,
        materials: &[M::Brass360, M::Stainless316],
        finishes: &[F::Polished],
        certifications: &[C::Iso9001],
        max_mm: 120,
        price: (300, 2_800),
    },
    PartKind {
        name: "Electronics enclosure",
        process: P::SheetMetal,
        materials: &[M::Aluminum6061, M::Steel1018],
        finishes: &[F::PowderCoated],
        certifications: &[],
        max_mm: 800,
        price: (400, 6_500),
    },
    PartKind {
        name: "Snap-fit cover",
        process: P::InjectionMolding,
        materials: &[M::Abs, M::Polycarbonate],
        finishes: &[F::Polished],
        certifications: &[],
        max_mm: 250,
        price: (3_000, 18_000),
    },
    PartKind {
        name: "Prototype handle",
        process: P::Fdm,
        materials: &[M::Abs, M::Pla],
        finishes: &[F::AsPrinted],
        certifications: &[],
        max_mm: 300,
        price: (60, 900),
    },
    PartKind {
        name: "Clear lens mock-up",
        process: P::Sla,
        materials: &[M::StandardResin],
        finishes: &[F::Polished, F::AsPrinted],
        certifications: &[],
        max_mm: 180,
        price: (90, 1_400),
    },
    PartKind {
        name: "Cable clip",
        process: P::Sls,
        materials: &[M::Nylon12],
        finishes: &[F::AsPrinted, F::Dyed, F::BeadBlasted],
        certifications: &[],
        max_mm: 150,
        price: (80, 2_200),
    },
    PartKind {
        name: "Duct adapter",
        process: P::Mjf,
        materials: &[M::Nylon12],
        finishes: &[F::AsPrinted, F::Dyed],
        certifications: &[],
        max_mm: 280,
        price: (120, 3_900),
    },
    PartKind {
        name: "Fuel nozzle",
        process: P::Dmls,
        materials: &[M::Titanium6al4v, M::Stainless316],
        finishes: &[F::BeadBlasted, F::AsPrinted],
        certifications: &[C::As9100],
        max_mm: 200,
        price: (3_500, 24_000),
    },
    PartKind {
        name: "Grip overmould master",
        process: P::PolyJet,
        materials: &[M::StandardResin],
        finishes: &[F::AsPrinted],
        certifications: &[],
        max_mm: 130,
        price: (110, 950),
    },
];

/// A small deterministic generator, so every demo database looks the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.next() % u64::try_from(high - low + 1).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[usize::try_from(self.next()).unwrap_or(0) % items.len()]
    }
}

/// How many generated jobs go on the demo board, besides the hand-written ones.
const GENERATED_JOBS: usize = 64;
const CENTS: i64 = 100;

fn generated_job(dice: &mut Dice, n: usize, now: DateTime<Utc>) -> db::jobs::JobPosting {
    let kind = &KINDS[n % KINDS.len()];
    let max = i64::from(kind.max_mm);
    let size = |d: &mut Dice| u32::try_from(d.range(max / 5, max)).unwrap_or(10);
    let part_size = Dimensions::new(size(dice), size(dice), size(dice) / 2 + 5);
    // Every eighth job is about to leave the board.
    let age_minutes = if n % 8 == 3 { dice.range(47 * 60 + 5, 47 * 60 + 50) } else { dice.range(5, 46 * 60) };
    let posted_at = now - Duration::minutes(age_minutes);
    db::jobs::JobPosting {
        reference: format!("J-{:05}", 24_100 + n),
        part_name: kind.name.to_owned(),
        requirements: JobRequirements {
            process: kind.process,
            material: dice.pick(kind.materials),
            finish: dice.pick(kind.finishes),
            certifications: kind.certifications.to_vec(),
            part_size,
        },
        quantity: u32::try_from(dice.range(1, 250)).unwrap_or(1),
        price: Money::usd(dice.range(kind.price.0, kind.price.1) * CENTS + dice.range(0, 99)),
        ship_by: (now + Duration::days(dice.range(6, 28))).date_naive(),
        posted_at,
        terms: OrderTerms::default(),
    }
}

/// A believable job to post now, while the demo server runs (the `n`th of this run).
pub fn live_job(now: DateTime<Utc>, n: usize) -> portal_core::api::NewJob {
    let mut dice = Dice(u64::try_from(now.timestamp()).unwrap_or(1) ^ (n as u64).wrapping_mul(0x9e37_79b9));
    let kind = usize::try_from(dice.next()).unwrap_or(0);
    let g = generated_job(&mut dice, kind, now);
    portal_core::api::NewJob {
        reference: None,
        part_name: g.part_name,
        requirements: g.requirements,
        quantity: g.quantity,
        price: g.price,
        ship_by: g.ship_by,
        terms: g.terms,
    }
}

#[allow(clippy::too_many_arguments)]
fn job(
    reference: &str,
    name: &str,
    process: P,
    material: M,
    finish: F,
    certs: &[C],
    size: (u32, u32, u32),
    qty: u32,
    dollars: i64,
    posted: DateTime<Utc>,
    ship_in_days: i64,
) -> db::jobs::JobPosting {
    db::jobs::JobPosting {
        reference: reference.to_owned(),
        part_name: name.to_owned(),
        requirements: JobRequirements {
            process,
            material,
            finish,
            certifications: certs.to_vec(),
            part_size: Dimensions::new(size.0, size.1, size.2),
        },
        quantity: qty,
        price: Money::usd(dollars * CENTS),
        ship_by: (posted + Duration::days(ship_in_days)).date_naive(),
        posted_at: posted,
        terms: OrderTerms::default(),
    }
}

/// Hand-written jobs that show each rule on the board.
fn showcase_jobs(now: DateTime<Utc>) -> Vec<db::jobs::JobPosting> {
    let ago = |m: i64| now - Duration::minutes(m);
    vec![
        job(
            "J-24001",
            "Pump housing",
            P::CncMilling,
            M::Aluminum6061,
            F::Anodized,
            &[C::Iso9001],
            (180, 120, 90),
            25,
            7_800,
            ago(90),
            14,
        ),
        job(
            "J-24002",
            "Sensor bracket",
            P::CncMilling,
            M::Aluminum6061,
            F::AsMachined,
            &[],
            (60, 40, 20),
            100,
            1_250,
            ago(30),
            10,
        ),
        job(
            "J-24003",
            "Robot gripper finger",
            P::CncMilling,
            M::Aluminum7075,
            F::Anodized,
            &[],
            (110, 30, 25),
            40,
            5_000,
            ago(200),
            12,
        ),
        job("J-24004", "Drone arm", P::Mjf, M::Nylon12, F::Dyed, &[], (210, 40, 30), 40, 860, ago(60), 9),
        job(
            "J-24005",
            "Turbine blade",
            P::Dmls,
            M::Titanium6al4v,
            F::BeadBlasted,
            &[C::As9100],
            (90, 40, 140),
            12,
            14_500,
            ago(300),
            21,
        ),
        job(
            "J-24006",
            "Enclosure lid",
            P::Sls,
            M::Nylon12,
            F::AsPrinted,
            &[],
            (150, 100, 20),
            60,
            420,
            ago(47 * 60 + 30),
            8,
        ),
        job(
            "J-24007",
            "Hydraulic spool",
            P::CncTurning,
            M::Stainless304,
            F::Polished,
            &[C::Iso9001],
            (40, 40, 220),
            30,
            2_150,
            ago(47 * 60 + 10),
            11,
        ),
        job(
            "J-24008",
            "Machine base plate",
            P::CncMilling,
            M::Steel1018,
            F::BeadBlasted,
            &[],
            (950, 600, 40),
            2,
            6_400,
            ago(120),
            18,
        ),
        job("J-24009", "Desk lamp prototype", P::Fdm, M::Pla, F::AsPrinted, &[], (200, 200, 300), 3, 180, ago(45), 6),
    ]
}

/// An order in the demo that shows a stage of My Orders.
struct ShowcaseOrder {
    job: db::jobs::JobPosting,
    /// Accepted from the board (confirmed) or won by a counteroffer (to confirm).
    decision: Decision,
    /// Several lines instead of the job's one.
    lines: Vec<db::orders::NewLine<'static>>,
    answered: &'static [CheckInQuestion],
}

/// Running orders of the established partner: one to confirm (won by a counteroffer, two parts),
/// a DMLS order on DAP terms due soon that needs a QC report and photos, and dyed SLS parts
/// whose packing differs by size (R-ORD-6).
fn showcase_orders(now: DateTime<Utc>) -> Vec<ShowcaseOrder> {
    let ago = |days: i64| now - Duration::days(days);
    let line = |part_name, quantity, unit_dollars: i64, finish, size: (u32, u32, u32)| db::orders::NewLine {
        part_name,
        quantity,
        unit_price_minor: unit_dollars * CENTS,
        finish,
        size: Dimensions::new(size.0, size.1, size.2),
    };
    let mut dmls = job(
        "J-21001",
        "Turbine nozzle",
        P::Dmls,
        M::Titanium6al4v,
        F::BeadBlasted,
        &[],
        (60, 60, 45),
        4,
        3_600,
        ago(8),
        10,
    );
    dmls.terms.qc_report_required = true;
    dmls.terms.delivery_terms = DeliveryTerms::Dap;
    dmls.terms.ship_to = "Aerodyne Test Lab\n5 Hangar Road\nWichita, KS 67209\nUnited States".to_owned();
    vec![
        ShowcaseOrder {
            job: job(
                "J-21000",
                "Gearbox housing",
                P::CncMilling,
                M::Aluminum7075,
                F::Anodized,
                &[],
                (180, 120, 90),
                12,
                4_320,
                ago(2),
                9,
            ),
            decision: Decision::Counteroffered,
            lines: vec![
                line("Gearbox housing", 12, 290, F::Anodized, (180, 120, 90)),
                line("Gearbox cover", 12, 70, F::Anodized, (180, 120, 12)),
            ],
            answered: &[],
        },
        ShowcaseOrder {
            job: dmls,
            decision: Decision::Accepted,
            lines: vec![],
            answered: &[CheckInQuestion::Material, CheckInQuestion::Started],
        },
        ShowcaseOrder {
            job: job(
                "J-21002",
                "Control knob set",
                P::Sls,
                M::Nylon12,
                F::Dyed,
                &[],
                (120, 80, 8),
                46,
                1_240,
                ago(4),
                12,
            ),
            decision: Decision::Accepted,
            lines: vec![
                line("Control knob", 40, 12, F::Dyed, (30, 30, 18)),
                line("Panel cover", 6, 126, F::Dyed, (120, 80, 8)),
            ],
            answered: &[CheckInQuestion::Material],
        },
    ]
}

/// Check-in answers (all yes) given between `first` and `last`.
async fn answer_check_ins(
    tx: &mut SqliteConnection,
    order_id: i64,
    questions: &[CheckInQuestion],
    first: DateTime<Utc>,
    last: DateTime<Utc>,
) -> Result<(), ApiError> {
    let steps = i32::try_from(questions.len()).unwrap_or(1).max(1);
    for (i, &q) in questions.iter().enumerate() {
        let at = first + (last - first) * i32::try_from(i).unwrap_or(0) / steps;
        db::orders::answer_check_in(tx, order_id, q, true, at).await?;
    }
    Ok(())
}

/// One shipment of every part, tracked up to `tracked` (demo orders from before the portal have
/// no package photo).
async fn ship_everything(
    tx: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
    at: DateTime<Utc>,
    tracked: ShipmentStatus,
) -> Result<i64, ApiError> {
    let detail =
        app::orders::detail(tx, partner_id, order_id).await?.ok_or_else(|| ApiError::internal("demo order"))?;
    let shipment = NewShipment {
        lines: detail.lines.iter().map(|l| ShipmentLine { line_id: l.id, quantity: l.quantity }).collect(),
        package: Package {
            length: 4_000,
            width: 3_000,
            height: 2_000,
            length_unit: LengthUnit::Cm,
            weight: 450,
            weight_unit: WeightUnit::Kg,
            kind: PackageKind::Box,
            photo_id: None,
        },
        delivery: Delivery::Marketplace {
            pickup_address: detail.ship_from.clone(),
            pickup_confirmed: true,
            terms_accepted: true,
        },
    };
    let id = app::orders::publish(tx, partner_id, order_id, &shipment, false, at).await?;
    let steps =
        [ShipmentStatus::LabelCreated, ShipmentStatus::PickedUp, ShipmentStatus::InTransit, ShipmentStatus::Delivered];
    for (hours, status) in (4..).step_by(12).zip(steps.into_iter().filter(|s| *s <= tracked)) {
        app::orders::set_shipment_status(tx, id, status, at + Duration::hours(hours)).await?;
    }
    Ok(id)
}

/// How far a demo order of the past got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Past {
    /// Every part picked up and delivered.
    Delivered,
    /// Picked up, on its way.
    InTransit,
    /// Still in the shop.
    Running,
}

/// A 1×1 PNG: the demo's photos of parts (checked by content like any upload).
const DEMO_PHOTO: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d,
    0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// R-ORD-5: a photo of every line where the order needs photos (CNC, DMLS), as the partner would
/// have uploaded them before shipping.
async fn qc_photos(
    tx: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
    at: DateTime<Utc>,
    files: &Path,
) -> Result<(), ApiError> {
    let detail =
        app::orders::detail(tx, partner_id, order_id).await?.ok_or_else(|| ApiError::internal("demo order"))?;
    if !detail.qc.photos {
        return Ok(());
    }
    tokio::fs::create_dir_all(files).await.map_err(ApiError::internal)?;
    for line in &detail.lines {
        let stored_name = format!("demo-qc-{}.png", line.id);
        tokio::fs::write(files.join(&stored_name), DEMO_PHOTO).await.map_err(ApiError::internal)?;
        let name = format!("{}-inspection.png", line.part_name.replace(' ', "-"));
        let file = db::orders::NewFile {
            partner_id,
            order_id,
            line_id: Some(line.id),
            purpose: Purpose::QcPhoto,
            kind: FileKind::Png,
            name: &name,
            size: DEMO_PHOTO.len() as u64,
            stored_name: &stored_name,
            uploaded_at: at,
        };
        db::orders::insert_file(&mut *tx, &file).await?;
    }
    Ok(())
}

/// How a finished demo order went.
#[derive(Clone, Copy)]
struct Outcome {
    /// Days it shipped after its lead time.
    late: i64,
    lines: usize,
    rejected: usize,
    /// The answer to "Will it ship on time?".
    said_on_time: bool,
}

const ON_TIME: Outcome = Outcome { late: 0, lines: 1, rejected: 0, said_on_time: true };

/// The established partner's `i`th finished order (0 to 41, oldest first; 33 and later shipped
/// within the last 180 days): mostly on time, with the few things that explain its score.
fn established_outcome(i: i64) -> Outcome {
    match i {
        // Long ago, 3 days late: it still weighs on the older weeks of the history.
        28 => Outcome { late: 3, said_on_time: false, ..ON_TIME },
        // A kit of 30 line items, 1 rejected by the customer (RMA).
        35 => Outcome { lines: 30, rejected: 1, ..ON_TIME },
        // 2 days late, and said so.
        37 => Outcome { late: 2, said_on_time: false, ..ON_TIME },
        // Said it would ship on time, shipped a day late.
        40 => Outcome { late: 1, ..ON_TIME },
        _ => ON_TIME,
    }
}

fn at_hour(day: chrono::NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

/// Fills a new database with the demo partners, board and orders. Does nothing when partners
/// exist already, so a second start reuses the data.
/// Writes the demo data when the database has no partners yet; invoice PDFs go to `files`.
/// The established partner's bank details and an invoice for each finished order: submitted the
/// day after shipping (the last two later, so the payouts page shows every status), approved three
/// days after and paid on the payment date (R-INV-5) once it has passed.
async fn invoice_history(
    tx: &mut SqliteConnection,
    partner_id: i64,
    orders: &[(i64, chrono::NaiveDate)],
    now: DateTime<Utc>,
    files: &Path,
) -> Result<(), ApiError> {
    // Days on the marketplace's clock (DOMAIN "Times"): the demo partners work in USD.
    let today = market_clock::day(Currency::Usd, now);
    let bank = BankDetailsInput {
        currency: Currency::Usd,
        holder: "Summit Manufacturing LLC".to_owned(),
        iban: String::new(),
        bic: String::new(),
        routing_number: "021000021".to_owned(),
        account_number: "4402187765".to_owned(),
        password: String::new(),
    };
    let account = BankAccount::check(&bank).map_err(|_| ApiError::internal("demo bank details"))?;
    let first = orders.first().map_or(today, |o| o.1);
    let bank_saved = at_hour(first, 8);
    db::invoices::save_bank(&mut *tx, partner_id, &account, bank_saved).await?;
    let shown = BankDetails::of(&account, bank_saved);
    tokio::fs::create_dir_all(files).await.map_err(ApiError::internal)?;
    let late = orders.len().saturating_sub(2);
    for (k, &(order_id, shipped_on)) in orders.iter().enumerate() {
        let submitted_on = match k.checked_sub(late) {
            Some(0) => today - Duration::days(6),
            Some(_) => today - Duration::days(1),
            None => shipped_on + Duration::days(1),
        };
        let submitted_at = at_hour(submitted_on, 16);
        let detail = app::orders::detail(&mut *tx, partner_id, order_id).await?.ok_or(ApiError::NotFound("order"))?;
        let positions = invoiceable(&detail.lines);
        let total = positions_total(&positions, detail.order.price.currency);
        let number = format!("SM-{}-{:04}", submitted_on.format("%Y"), 101 + k);
        let pdf = documents::invoice(&number, &detail.ship_from, &detail.order.number, &positions, total);
        let stored_name = format!("demo-invoice-{order_id}.pdf");
        tokio::fs::write(files.join(&stored_name), &pdf).await.map_err(ApiError::internal)?;
        let name = format!("{number}.pdf");
        let file = db::orders::NewFile {
            partner_id,
            order_id,
            line_id: None,
            purpose: Purpose::Invoice,
            kind: FileKind::Pdf,
            name: &name,
            size: pdf.len() as u64,
            stored_name: &stored_name,
            uploaded_at: submitted_at - Duration::minutes(5),
        };
        let file_id = db::orders::insert_file(&mut *tx, &file).await?;
        let payment_on = payment_date(submitted_on);
        let row = db::invoices::NewInvoiceRow {
            partner_id,
            order_id,
            number: &number,
            invoice_date: submitted_on,
            submitted_at,
            payment_date: payment_on,
            total,
            file_id,
            bank: &shown,
            positions: &positions,
        };
        let id = app::invoices::insert(&mut *tx, &row).await?;
        let approved_on = submitted_on + Duration::days(3);
        if approved_on <= today {
            app::invoices::set_status(&mut *tx, id, InvoiceStatus::Approved, at_hour(approved_on, 11)).await?;
        }
        if payment_on <= today {
            app::invoices::set_status(&mut *tx, id, InvoiceStatus::Paid, at_hour(payment_on, 10)).await?;
        }
    }
    Ok(())
}

pub async fn seed_if_empty(db: &Db, now: DateTime<Utc>, files: &Path) -> Result<bool, ApiError> {
    let (partners,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM partners").fetch_one(&db.write).await?;
    if partners > 0 {
        return Ok(false);
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD)).await.map_err(ApiError::internal)??;
    let mut tx = db.write.begin().await?;
    let day = Duration::days(1);
    let partner = |company: &'static str, email: &'static str, activated: DateTime<Utc>, caps: Capabilities| {
        (company, email, activated, caps)
    };
    let list = [
        partner("Precision Parts Co.", DEMO_LOGINS[0].0, now - day * 70, cnc_shop()),
        partner("Summit Manufacturing", DEMO_LOGINS[1].0, now - day * 730, full_service_shop()),
        partner("Northside Prototyping", DEMO_LOGINS[2].0, now - day * 35, prototyping_shop()),
        partner("Blue Ridge Additive", DEMO_LOGINS[3].0, now - day, additive_shop()),
    ];
    let mut ids = Vec::new();
    for (company, email, activated_at, caps) in &list {
        let new = db::partners::NewPartner {
            company,
            email,
            password_hash: &hash,
            activated_at: *activated_at,
            capabilities: caps,
        };
        ids.push(db::partners::insert(&mut *tx, &new).await?);
    }
    let (probation, established) = (ids[0], ids[1]);

    // History: finished and running orders, each with how it went, so every demo partner's score
    // is explained by its orders (see `Outcome`).
    // Days on the marketplace's clock (DOMAIN "Times"): the demo partners work in USD.
    let today = market_clock::day(Currency::Usd, now);
    let mut dice = Dice(0x5eed_0fd3);
    let history: Vec<(i64, Past, i64, Outcome)> = [
        (probation, Past::Delivered, 50, ON_TIME),
        // Said it would ship on time, shipped 2 days late.
        (probation, Past::Delivered, 30, Outcome { late: 2, said_on_time: true, ..ON_TIME }),
        (probation, Past::Running, 4, ON_TIME),
    ]
    .into_iter()
    .chain((0..42).map(|i| (established, Past::Delivered, 702 - i * 16, established_outcome(i))))
    .chain([(established, Past::Running, 3, ON_TIME), (established, Past::InTransit, 9, ON_TIME)])
    .collect();
    let mut invoiceable_orders = Vec::new();
    for (n, (partner_id, status, days_ago, outcome)) in history.into_iter().enumerate() {
        // Whole days from today at fixed hours, so the score does not depend on the hour the
        // demo starts.
        let accepted_on = today - Duration::days(days_ago);
        let accepted_at = at_hour(accepted_on, 9).min(now);
        let posted = accepted_at - Duration::hours(2);
        let mut new = generated_job(&mut dice, n, posted);
        new.reference = format!("J-{:05}", 20_000 + n);
        new.posted_at = posted;
        if partner_id == probation {
            new.requirements = JobRequirements {
                process: P::CncMilling,
                material: M::Aluminum6061,
                finish: F::AsMachined,
                certifications: vec![],
                part_size: Dimensions::new(80, 60, 30),
            };
            new.price = Money::usd(dice.range(400, 2_400) * CENTS);
        }
        let shipped_on = accepted_on + Duration::days(8);
        let lead_time = match status {
            // The established partner's running order is due today: publishing its shipping
            // information now is late (R-SHP-4), which shows the score preview (R-PSS-8).
            Past::Running if partner_id == established => today,
            Past::Running => new.ship_by,
            Past::Delivered | Past::InTransit => shipped_on - Duration::days(outcome.late),
        };
        let job_id = db::jobs::insert(&mut *tx, &new).await?;
        db::jobs::take(&mut *tx, job_id, partner_id, accepted_at).await?;
        db::jobs::record_decision(&mut *tx, partner_id, job_id, Decision::Accepted, accepted_at).await?;
        let order = db::orders::NewOrder {
            bonus_minor: 0,
            partner_id,
            job_id,
            price: new.price,
            lead_time,
            accepted_at,
            confirmed: true,
        };
        let order_id = db::orders::insert(&mut tx, &order).await?;
        if outcome.lines > 1 {
            let names: Vec<String> = (1..=outcome.lines).map(|k| format!("{} part {k}", new.part_name)).collect();
            let unit = (new.price.amount_minor / i64::try_from(outcome.lines).unwrap_or(1)).max(1);
            let lines: Vec<db::orders::NewLine<'_>> = names
                .iter()
                .map(|name| db::orders::NewLine {
                    part_name: name,
                    quantity: 1,
                    unit_price_minor: unit,
                    finish: new.requirements.finish,
                    size: new.requirements.part_size,
                })
                .collect();
            db::orders::replace_lines(&mut tx, order_id, &lines).await?;
        }
        let tracked = match status {
            Past::Delivered => Some(ShipmentStatus::Delivered),
            Past::InTransit => Some(ShipmentStatus::InTransit),
            Past::Running => None,
        };
        if let Some(tracked) = tracked {
            // Quality control as the order asks (R-ORD-5), before it shipped: no order is done
            // while a stage is open.
            qc_photos(&mut tx, partner_id, order_id, at_hour(shipped_on - Duration::days(1), 15), files).await?;
            // Check-ins 1-3 in the first days, "Will it ship on time?" the day before the lead time.
            answer_check_ins(&mut tx, order_id, &CheckInQuestion::ALL[..3], accepted_at + day, accepted_at + day * 3)
                .await?;
            let eve = at_hour(lead_time - Duration::days(1), 10);
            db::orders::answer_check_in(&mut tx, order_id, CheckInQuestion::OnTime, outcome.said_on_time, eve).await?;
            let shipment = ship_everything(&mut tx, partner_id, order_id, at_hour(shipped_on, 14), tracked).await?;
            if status == Past::Delivered && partner_id == established {
                invoiceable_orders.push((order_id, shipped_on));
            }
            app::orders::set_ship_date(&mut tx, shipment, shipped_on).await?;
            if outcome.rejected > 0 {
                let ids: Vec<i64> =
                    db::score::line_ids(&mut *tx, order_id).await?.into_iter().take(outcome.rejected).collect();
                let reason = "Thread depth out of tolerance";
                db::score::reject_lines(&mut tx, order_id, &ids, reason, at_hour(shipped_on, 12) + day * 10).await?;
            }
        }
    }
    // The frozen partner never accepted a job, but declined two.
    for (k, reason) in [DeclineReason::PriceTooLow, DeclineReason::NoCapacity].into_iter().enumerate() {
        let posted = at_hour(today - Duration::days(20 + i64::try_from(k).unwrap_or(0)), 10);
        let mut new = job(
            &format!("J-1990{k}"),
            "Prototype handle",
            P::Fdm,
            M::Pla,
            F::AsPrinted,
            &[],
            (120, 40, 30),
            5,
            240,
            posted,
            9,
        );
        new.posted_at = posted;
        let job_id = db::jobs::insert(&mut *tx, &new).await?;
        let at = posted + Duration::hours(3);
        db::jobs::record_decision(&mut *tx, ids[2], job_id, Decision::Declined, at).await?;
        db::jobs::record_decline(&mut *tx, ids[2], job_id, reason, "", at).await?;
    }
    for (partner_id, address) in [
        (probation, "1180 Keystone Drive\nDayton, OH 45414\nUnited States"),
        (established, "77 Foundry Lane\nGreenville, SC 29605\nUnited States"),
        (ids[2], "12 Maker Street\nAsheville, NC 28801\nUnited States"),
        (ids[3], "410 Ridge Parkway\nRoanoke, VA 24011\nUnited States"),
    ] {
        sqlx::query("UPDATE partners SET address = ? WHERE id = ?")
            .bind(address)
            .bind(partner_id)
            .execute(&mut *tx)
            .await?;
    }
    invoice_history(&mut tx, established, &invoiceable_orders, now, files).await?;
    for showcase in showcase_orders(now) {
        let job_id = db::jobs::insert(&mut *tx, &showcase.job).await?;
        let accepted_at = showcase.job.posted_at + Duration::hours(3);
        db::jobs::take(&mut *tx, job_id, established, accepted_at).await?;
        db::jobs::record_decision(&mut *tx, established, job_id, showcase.decision, accepted_at).await?;
        let order = db::orders::NewOrder {
            bonus_minor: 0,
            partner_id: established,
            job_id,
            price: showcase.job.price,
            lead_time: showcase.job.ship_by,
            accepted_at,
            confirmed: showcase.decision == Decision::Accepted,
        };
        let order_id = db::orders::insert(&mut tx, &order).await?;
        if !showcase.lines.is_empty() {
            db::orders::replace_lines(&mut tx, order_id, &showcase.lines).await?;
        }
        answer_check_ins(&mut tx, order_id, showcase.answered, accepted_at + day, accepted_at + day * 2).await?;
    }

    // The live board.
    for new in showcase_jobs(now) {
        db::jobs::insert(&mut *tx, &new).await?;
    }
    for n in 0..GENERATED_JOBS {
        db::jobs::insert(&mut *tx, &generated_job(&mut dice, n, now)).await?;
    }
    tx.commit().await?;
    Ok(true)
}
