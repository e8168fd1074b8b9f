//! The demo board: hand-written jobs that show each rule, generated ones across processes,
//! materials and values, the jobs the frozen partner declined, and jobs posted while it runs.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_core::Money;
use portal_core::api::OrderTerms;
use portal_core::capability::{Certification as C, Dimensions, Finish as F, Material as M, Process as P};
use portal_core::job::{Decision, JobRequirements};
use portal_core::offer::DeclineReason;
use sqlx::SqliteConnection;

use super::{CENTS, Dice, at_hour};
use crate::db;
use crate::error::ApiError;

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

/// How many generated jobs go on the demo board, besides the hand-written ones.
const GENERATED_JOBS: usize = 64;

pub(super) fn generated_job(dice: &mut Dice, n: usize, now: DateTime<Utc>) -> db::jobs::JobPosting {
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
pub(super) fn job(
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

/// Hand-written jobs that show each rule on the board, some with their own terms (the job's page
/// states them before a partner accepts).
fn showcase_jobs(now: DateTime<Utc>) -> Vec<db::jobs::JobPosting> {
    let mut jobs = showcase_postings(now);
    for j in &mut jobs {
        match j.reference.as_str() {
            "J-24001" => {
                j.terms.qc_report_required = true;
                j.terms.tolerance = "±0.02 mm on the two bearing bores; ISO 2768-f elsewhere".to_owned();
                j.terms.notes = "Anodize Type II, clear, 10-15 µm. Mask both bearing bores before anodizing. \
                                 Deburr all edges; no tool marks on the sealing face."
                    .to_owned();
            }
            "J-24002" => {
                j.terms.notes = "Laser-mark the part number on the flat side, 3 mm text.".to_owned();
            }
            "J-24005" => {
                j.terms.qc_report_required = true;
                j.terms.delivery_terms = portal_core::shipping::DeliveryTerms::Dap;
                j.terms.ship_to = "Aerodyne Test Lab\n5 Hangar Road\nWichita, KS 67209\nUnited States".to_owned();
                j.terms.tolerance = "±0.1 mm on the airfoil profile; ISO 2768-m elsewhere".to_owned();
                j.terms.notes =
                    "Stress relieve before removal from the plate. Include the powder lot number.".to_owned();
            }
            _ => {}
        }
    }
    jobs
}

fn showcase_postings(now: DateTime<Utc>) -> Vec<db::jobs::JobPosting> {
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

/// The frozen partner never accepted a job, but declined two.
pub(super) async fn frozen_declines(
    tx: &mut SqliteConnection,
    partner_id: i64,
    today: NaiveDate,
) -> Result<(), ApiError> {
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
        db::jobs::record_decision(&mut *tx, partner_id, job_id, Decision::Declined, at).await?;
        db::jobs::record_decline(&mut *tx, partner_id, job_id, reason, "", at).await?;
    }
    Ok(())
}

/// The live board: the hand-written jobs, then the generated ones.
pub(super) async fn live_board(tx: &mut SqliteConnection, dice: &mut Dice, now: DateTime<Utc>) -> Result<(), ApiError> {
    for new in showcase_jobs(now) {
        db::jobs::insert(&mut *tx, &new).await?;
    }
    for n in 0..GENERATED_JOBS {
        db::jobs::insert(&mut *tx, &generated_job(dice, n, now)).await?;
    }
    Ok(())
}
