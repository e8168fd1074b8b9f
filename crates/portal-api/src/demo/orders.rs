//! The demo's orders: the history that explains each partner's score (finished, in transit and
//! running orders, each with how it went) and the established partner's showcase orders, each
//! written through the same functions the order routes use.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_core::capability::{Dimensions, Finish as F, Material as M, Process as P};
use portal_core::job::{Decision, JobRequirements};
use portal_core::order::CheckInQuestion;
use portal_core::shipping::{
    Delivery, DeliveryTerms, LengthUnit, NewShipment, Package, PackageKind, ShipmentLine, ShipmentStatus, WeightUnit,
};
use portal_core::upload::Purpose;
use portal_core::{Currency, Money, market_clock};
use sqlx::SqliteConnection;

use super::jobs::{generated_job, job};
use super::{CENTS, Dice, at_hour};
use crate::error::ApiError;
use crate::{app, db};

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
        // A kit of many parts: My Orders folds its list, the order page shows four lines first.
        ShowcaseOrder {
            job: job(
                "J-21003",
                "Fixture kit",
                P::CncMilling,
                M::Aluminum6061,
                F::AsMachined,
                &[],
                (200, 150, 25),
                18,
                1_544,
                ago(3),
                16,
            ),
            decision: Decision::Accepted,
            lines: vec![
                line("Fixture base plate", 2, 310, F::AsMachined, (200, 150, 25)),
                line("Locating pin", 6, 18, F::AsMachined, (12, 12, 40)),
                line("Clamp arm", 4, 95, F::AsMachined, (90, 30, 20)),
                line("Riser block", 2, 120, F::AsMachined, (60, 60, 50)),
                line("Toe clamp", 2, 75, F::AsMachined, (70, 25, 18)),
                line("Spacer", 2, 23, F::AsMachined, (40, 40, 10)),
            ],
            answered: &[],
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
    // Checked and encoded again like any upload.
    let (kind, photo) =
        app::files::checked(Purpose::QcPhoto, DEMO_PHOTO).map_err(|r| ApiError::internal(r.message()))?;
    for line in &detail.lines {
        let stored_name = format!("demo-qc-{}.png", line.id);
        tokio::fs::write(files.join(&stored_name), &photo).await.map_err(ApiError::internal)?;
        let name = format!("{}-inspection.png", line.part_name.replace(' ', "-"));
        let file = db::orders::NewFile {
            partner_id,
            order_id,
            line_id: Some(line.id),
            purpose: Purpose::QcPhoto,
            kind,
            name: &name,
            size: photo.len() as u64,
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

/// The demo partners whose history is written here.
pub(super) struct HistoryOf {
    pub probation: i64,
    pub established: i64,
}

/// History: finished and running orders, each with how it went, so every demo partner's score is
/// explained by its orders (see `Outcome`). Answers the established partner's delivered orders
/// with the day each shipped (to invoice them).
pub(super) async fn order_history(
    tx: &mut SqliteConnection,
    dice: &mut Dice,
    of: &HistoryOf,
    now: DateTime<Utc>,
    files: &Path,
) -> Result<Vec<(i64, NaiveDate)>, ApiError> {
    let (probation, established) = (of.probation, of.established);
    // Days on the marketplace's clock (DOMAIN "Times"): the demo partners work in USD.
    let today = market_clock::day(Currency::Usd, now);
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
        let mut new = generated_job(dice, n, posted);
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
        let order_id = taken_order(tx, partner_id, &new, lead_time, accepted_at, outcome).await?;
        let tracked = match status {
            Past::Delivered => Some(ShipmentStatus::Delivered),
            Past::InTransit => Some(ShipmentStatus::InTransit),
            Past::Running => None,
        };
        if let Some(tracked) = tracked {
            let past = PastOrder { partner_id, order_id, accepted_at, lead_time, shipped_on, tracked, outcome };
            past_order_shipped(tx, &past, files).await?;
            if status == Past::Delivered && partner_id == established {
                invoiceable_orders.push((order_id, shipped_on));
            }
        }
    }
    Ok(invoiceable_orders)
}

/// A history job the partner took from the board, as an order (of `outcome.lines` parts).
async fn taken_order(
    tx: &mut SqliteConnection,
    partner_id: i64,
    new: &db::jobs::JobPosting,
    lead_time: NaiveDate,
    accepted_at: DateTime<Utc>,
    outcome: Outcome,
) -> Result<i64, ApiError> {
    let job_id = db::jobs::insert(&mut *tx, new).await?;
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
    let order_id = db::orders::insert(tx, &order).await?;
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
        db::orders::replace_lines(tx, order_id, &lines).await?;
    }
    Ok(order_id)
}

/// A history order that left the shop, and how it went.
struct PastOrder {
    partner_id: i64,
    order_id: i64,
    accepted_at: DateTime<Utc>,
    lead_time: NaiveDate,
    shipped_on: NaiveDate,
    tracked: ShipmentStatus,
    outcome: Outcome,
}

/// Quality control, check-ins, the shipment and its tracking, and any RMA of a past order.
async fn past_order_shipped(tx: &mut SqliteConnection, p: &PastOrder, files: &Path) -> Result<(), ApiError> {
    let day = Duration::days(1);
    let (partner_id, order_id, accepted_at, shipped_on) = (p.partner_id, p.order_id, p.accepted_at, p.shipped_on);
    // Quality control as the order asks (R-ORD-5), before it shipped: no order is done while a
    // stage is open.
    qc_photos(tx, partner_id, order_id, at_hour(shipped_on - day, 15), files).await?;
    // Check-ins 1-3 in the first days, "Will it ship on time?" the day before the lead time.
    answer_check_ins(tx, order_id, &CheckInQuestion::ALL[..3], accepted_at + day, accepted_at + day * 3).await?;
    let eve = at_hour(p.lead_time - day, 10);
    db::orders::answer_check_in(tx, order_id, CheckInQuestion::OnTime, p.outcome.said_on_time, eve).await?;
    let shipment = ship_everything(tx, partner_id, order_id, at_hour(shipped_on, 14), p.tracked).await?;
    app::orders::set_ship_date(tx, shipment, shipped_on).await?;
    if p.outcome.rejected > 0 {
        let ids: Vec<i64> =
            db::score::line_ids(&mut *tx, order_id).await?.into_iter().take(p.outcome.rejected).collect();
        let reason = "Thread depth out of tolerance";
        db::score::reject_lines(tx, order_id, &ids, reason, at_hour(shipped_on, 12) + day * 10).await?;
    }
    Ok(())
}

/// The established partner's running showcase orders (see `showcase_orders`).
pub(super) async fn showcase(tx: &mut SqliteConnection, established: i64, now: DateTime<Utc>) -> Result<(), ApiError> {
    let day = Duration::days(1);
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
        let order_id = db::orders::insert(tx, &order).await?;
        if !showcase.lines.is_empty() {
            db::orders::replace_lines(tx, order_id, &showcase.lines).await?;
        }
        answer_check_ins(tx, order_id, showcase.answered, accepted_at + day, accepted_at + day * 2).await?;
    }
    Ok(())
}
