//! My Orders: the four stages (R-ORD-2), production confirmation (R-ORD-3), check-ins (R-ORD-4),
//! quality control (R-ORD-5), packing (R-ORD-6) and how urgent an order is.

use chrono::{Days, NaiveDate};

use serde::{Deserialize, Serialize};

use crate::capability::{Dimensions, Finish, Process, labelled_enum};
use crate::problem::FieldError;

/// Rules over the order as the API carries it (reads wire structs; not re-exported here, so the
/// wire can import this module).
pub mod detail;

labelled_enum!(
    /// R-ORD-2: the stages of work on an order, in order.
    Stage {
        Production => ("production", "Production"),
        QualityControl => ("quality_control", "Quality control"),
        Shipping => ("shipping", "Shipping"),
        Invoice => ("invoice", "Invoice"),
    }
);

labelled_enum!(
    /// R-ORD-4: the communication check-ins, answered yes or no from the order page.
    CheckInQuestion {
        Material => ("material", "Do you have the material?"),
        Started => ("started", "Have you started fabricating?"),
        Finished => ("finished", "Have you finished, and are you ready to inspect and ship?"),
        OnTime => ("on_time", "Will it ship on time?"),
    }
);

/// R-ORD-4: the on-time question opens this many days before the lead time.
pub const ON_TIME_OPENS_DAYS_BEFORE: u64 = 2;

impl CheckInQuestion {
    /// The first day the question may be answered; `None` when it is open from the start.
    pub fn opens_on(self, lead_time: NaiveDate) -> Option<NaiveDate> {
        match self {
            CheckInQuestion::OnTime => lead_time.checked_sub_days(Days::new(ON_TIME_OPENS_DAYS_BEFORE)),
            _ => None,
        }
    }

    /// R-ORD-4 (revised): the last day an answer counts as given in time and may still be
    /// corrected. **Decision**: the lead time for every question: the first three are about work
    /// that must be done before the parts ship, the fourth is the promise about the lead time.
    pub fn due_on(self, lead_time: NaiveDate) -> NaiveDate {
        lead_time
    }

    /// R-ORD-4: whether the question can be answered on `today`.
    pub fn is_open(self, lead_time: NaiveDate, today: NaiveDate) -> bool {
        self.opens_on(lead_time).is_none_or(|opens| today >= opens)
    }

    /// R-ORD-4 (revised): an answer given is final once its deadline has passed, so a promise
    /// cannot be taken back after it was broken.
    pub fn is_final(self, lead_time: NaiveDate, today: NaiveDate) -> bool {
        today > self.due_on(lead_time)
    }
}

/// R-ORD-4: refuses an answer given before its question opens, naming the day it opens, and a
/// change of an answer after its deadline (the first answer after the deadline is taken: it is
/// late, and final at once).
pub fn check_in_refusal(
    question: CheckInQuestion,
    lead_time: NaiveDate,
    today: NaiveDate,
    answered: bool,
) -> Option<FieldError> {
    if answered && question.is_final(lead_time, today) {
        return Some(FieldError::new(
            "answer",
            "final",
            format!(
                "This answer is final: answers can be changed until {}, the order's lead time.",
                crate::format::date(question.due_on(lead_time))
            ),
        ));
    }
    if question.is_open(lead_time, today) {
        return None;
    }
    let opens = question.opens_on(lead_time)?;
    Some(FieldError::new(
        "question",
        "not_open_yet",
        format!("This question opens on {}, two days before the lead time.", crate::format::date(opens)),
    ))
}

/// R-ORD-4 (revised): the on-time notice goes out on the day the question opens, when it has
/// not been answered and parts are still in the shop.
pub fn on_time_reminder_due(lead_time: NaiveDate, today: NaiveDate, answered: bool, all_left: bool) -> bool {
    !answered && !all_left && CheckInQuestion::OnTime.is_open(lead_time, today) && today <= lead_time
}

/// R-ORD-5: what quality control asks of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QcNeeds {
    /// A QC report (PDF), where the order requires one.
    pub report: bool,
    /// Photos of every part (every order line): CNC and DMLS orders.
    pub photos: bool,
    /// DMLS: shipping cannot be published until the photos are uploaded.
    pub photos_before_shipping: bool,
}

/// R-ORD-5: CNC orders need photos of all parts; additive orders do not, except DMLS, whose
/// photos must be there before shipping can be published. A QC report where the order says so.
pub fn qc_needs(process: Process, report_required: bool) -> QcNeeds {
    let cnc = matches!(process, Process::CncMilling | Process::CncTurning);
    let dmls = process == Process::Dmls;
    QcNeeds { report: report_required, photos: cnc || dmls, photos_before_shipping: dmls }
}

/// What has been uploaded for quality control.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QcUploads {
    pub reports: usize,
    /// Order lines without a single photo.
    pub lines_without_photos: usize,
}

impl QcNeeds {
    /// R-ORD-5: every required upload is there.
    pub fn met(self, uploads: QcUploads) -> bool {
        (!self.report || uploads.reports > 0) && (!self.photos || uploads.lines_without_photos == 0)
    }

    /// R-ORD-5: why shipping cannot be published yet (DMLS without photos of every part).
    pub fn blocks_shipping(self, uploads: QcUploads) -> Option<&'static str> {
        (self.photos_before_shipping && uploads.lines_without_photos > 0).then_some(
            "DMLS orders need photos of every part before shipping can be published: add them under Quality control.",
        )
    }
}

/// Where an order stands (R-ORD-7, `order::status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Active: accepted, parts still in the shop.
    InProduction,
    /// Every part has left the shop (picked up); counts as completed for probation.
    Shipped,
    /// Delivered, every stage done and the invoice paid.
    Closed,
    /// Handed back by the partner before production was confirmed.
    HandedBack,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] =
        [OrderStatus::InProduction, OrderStatus::Shipped, OrderStatus::Closed, OrderStatus::HandedBack];

    pub fn slug(self) -> &'static str {
        match self {
            OrderStatus::InProduction => "in_production",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Closed => "closed",
            OrderStatus::HandedBack => "handed_back",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::InProduction => "In production",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Closed => "Closed",
            OrderStatus::HandedBack => "Handed back",
        }
    }

    pub fn parse(slug: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// R-JOB-5 (revised): the order still occupies the partner: parts are still in the shop.
    /// The server counts a partner's active orders in SQL (`status = 'in_production'` in
    /// `portal-api`'s `db::partners::record`) rather than calling this; this is the rule that SQL
    /// mirrors, and a test below ties the two together.
    pub fn is_active(self) -> bool {
        self == OrderStatus::InProduction
    }

    /// R-JOB-5 (revised): counts as completed for probation once every part has left. Mirrored in
    /// SQL as `status IN ('shipped', 'closed')` (`db::partners::record`).
    pub fn counts_as_completed(self) -> bool {
        matches!(self, OrderStatus::Shipped | OrderStatus::Closed)
    }

    /// Nothing more can be done on it by the partner (no uploads, check-ins or shipments).
    pub fn is_finished(self) -> bool {
        matches!(self, OrderStatus::Closed | OrderStatus::HandedBack)
    }
}

/// The facts the stages are marked from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub production_confirmed: bool,
    pub qc_met: bool,
    /// Parts not in any published shipment yet, over all lines.
    pub left_to_ship: u32,
    /// Parts in published shipments that have not left yet (no pickup recorded).
    pub awaiting_pickup: u32,
    /// Every part is on a submitted invoice.
    pub invoiced: bool,
    /// Every invoice of the order is paid (false without invoices).
    pub paid: bool,
    /// Every shipment was delivered (false without shipments).
    pub delivered: bool,
    /// R-ORD-7: the partner handed the order back.
    pub handed_back: bool,
}

impl Progress {
    /// R-ORD-7: every part has left the shop.
    pub fn all_left(self) -> bool {
        self.left_to_ship == 0 && self.awaiting_pickup == 0
    }
}

/// One stage and whether it is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageMark {
    pub stage: Stage,
    pub done: bool,
}

/// R-ORD-2: the four stages, each done or open. Shipping is done when every part has left the
/// shop (R-ORD-7), not when shipping information is published.
pub fn stages(p: Progress) -> Vec<StageMark> {
    let done = [p.production_confirmed, p.qc_met, p.all_left(), p.invoiced];
    Stage::ALL.iter().zip(done).map(|(&stage, done)| StageMark { stage, done }).collect()
}

/// R-ORD-7 (new) and R-JOB-5 (revised): where an order is in its life. In production (active)
/// until every part has left; shipped (it counts as completed for probation) from then; closed
/// once it is delivered, every stage is done and its invoices are paid.
pub fn status(p: Progress) -> OrderStatus {
    if p.handed_back {
        OrderStatus::HandedBack
    } else if !p.all_left() {
        OrderStatus::InProduction
    } else if p.production_confirmed && p.qc_met && p.invoiced && p.paid && p.delivered {
        OrderStatus::Closed
    } else {
        OrderStatus::Shipped
    }
}

/// R-ORD-7: a closed order (delivered and paid) or one handed back cannot change any more: it
/// refuses check-ins, production confirmation, uploads, shipping and pickups. The server answers
/// the refusal as 409 Conflict (problem type `/problems/conflict`, no field).
pub fn closed_order_refusal(status: OrderStatus) -> Option<&'static str> {
    match status {
        OrderStatus::Closed => Some("This order is closed (delivered and paid): it cannot be changed any more."),
        OrderStatus::HandedBack => Some("This order was handed back: it cannot be changed any more."),
        OrderStatus::InProduction | OrderStatus::Shipped => None,
    }
}

labelled_enum!(
    /// What the partner should do next on an order.
    NextStep {
        ConfirmProduction => ("confirm_production", "Confirm the production order"),
        UploadQc => ("upload_qc", "Upload quality control files"),
        Ship => ("ship", "Add shipping"),
        RecordPickup => ("record_pickup", "Answer “Shipped” on the day of pickup"),
        Invoice => ("invoice", "Invoice (after shipping)"),
        WaitForPayment => ("wait_for_payment", "Nothing: the invoice is being paid"),
        WaitForClose => ("wait_for_close", "Nothing: the marketplace closes the order on delivery"),
        Closed => ("closed", "Nothing: the order is closed"),
        HandedBack => ("handed_back", "Nothing: the order was handed back"),
    }
);

/// The first open stage, as the thing to do next (R-ORD-2: when all are done the order waits).
pub fn next_step(p: Progress) -> NextStep {
    if p.handed_back {
        NextStep::HandedBack
    } else if status(p) == OrderStatus::Closed {
        NextStep::Closed
    } else if !p.production_confirmed {
        NextStep::ConfirmProduction
    } else if !p.qc_met {
        NextStep::UploadQc
    } else if p.left_to_ship > 0 {
        NextStep::Ship
    } else if p.awaiting_pickup > 0 {
        NextStep::RecordPickup
    } else if !p.invoiced {
        NextStep::Invoice
    } else if !p.paid {
        NextStep::WaitForPayment
    } else {
        NextStep::WaitForClose
    }
}

/// R-ORD-7: a partner may hand an accepted order back only before production is confirmed.
pub fn hand_back_refusal(p: Progress) -> Option<&'static str> {
    if p.handed_back {
        Some("This order was handed back already.")
    } else if p.production_confirmed {
        Some(
            "Production is confirmed: the order can no longer be handed back. Contact partner support if you cannot make it.",
        )
    } else {
        None
    }
}

labelled_enum!(
    /// How pressing an order's lead time is.
    Urgency {
        Overdue => ("overdue", "Overdue"),
        DueSoon => ("due_soon", "Due soon"),
        OnTrack => ("on_track", "On track"),
        Shipped => ("shipped", "Shipped"),
    }
);

/// Due soon from this many days before the lead time: the day the on-time check-in opens.
pub const DUE_SOON_DAYS: i64 = ON_TIME_OPENS_DAYS_BEFORE as i64;

/// R-ORD-1: the lead time is the day the order must ship by, so it is overdue from the day after.
pub fn urgency(lead_time: NaiveDate, today: NaiveDate, left_to_ship: u32) -> Urgency {
    if left_to_ship == 0 {
        Urgency::Shipped
    } else if today > lead_time {
        Urgency::Overdue
    } else if (lead_time - today).num_days() <= DUE_SOON_DAYS {
        Urgency::DueSoon
    } else {
        Urgency::OnTrack
    }
}

/// R-ORD-6 (**decision**): a golf ball is 42.67 mm across, so a part whose largest dimension is
/// under 43 mm counts as smaller than a golf ball.
pub const GOLF_BALL_MM: u32 = 43;

/// One line of an order, as packing needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackingLine<'a> {
    pub part_name: &'a str,
    pub quantity: u32,
    pub finish: Finish,
    pub size: Dimensions,
}

/// R-ORD-6: whether dyed parts of this size must be bagged or wrapped one by one.
pub fn wrap_individually(finish: Finish, size: Dimensions) -> bool {
    finish == Finish::Dyed && size.largest_mm() >= GOLF_BALL_MM
}

/// R-ORD-5, R-ORD-6: the seed's visual inspection before packing: printed parts compared with the
/// CAD model; every part checked for defects.
pub fn visual_inspection(process: Process) -> Vec<&'static str> {
    let mut items = Vec::new();
    if !matches!(process, Process::CncMilling | Process::CncTurning | Process::SheetMetal | Process::InjectionMolding) {
        items.push("Visual inspection: compare every printed part with the CAD model (shape, features, orientation).");
    }
    items.push("Inspect every part for defects before shipping: cracks, warping, burrs, marks, missing features.");
    items
}

/// R-ORD-6: the packing checklist for an order: the visual inspection and general items first,
/// then one per dyed line.
pub fn packing_checklist(process: Process, lines: &[PackingLine<'_>]) -> Vec<String> {
    let mut items: Vec<String> = visual_inspection(process).into_iter().map(str::to_owned).collect();
    items.extend([
        "Parts are clean and dry: no chips, coolant or powder left on them.".to_owned(),
        "Count every line against the order: the right part, the right quantity.".to_owned(),
        "Protect finished surfaces and sharp edges; fill empty space so nothing moves.".to_owned(),
    ]);
    for line in lines.iter().filter(|l| l.finish == Finish::Dyed) {
        items.push(if wrap_individually(line.finish, line.size) {
            format!(
                "Dyed parts: bag or wrap each of the {} × {} individually ({} mm, not smaller than a golf ball).",
                line.quantity,
                line.part_name,
                line.size.largest_mm()
            )
        } else {
            format!(
                "Dyed parts: {} is smaller than a golf ball ({} mm), so its parts may share a bag.",
                line.part_name,
                line.size.largest_mm()
            )
        });
    }
    items.push("Photograph the packed package before closing it (the shipping wizard asks for it).".to_owned());
    items.push("Print the shipping label: one on the box, one copy inside.".to_owned());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn r_ord_4_on_time_question_opens_two_days_before_the_lead_time() {
        let lead = d("2026-11-30");
        assert!(!CheckInQuestion::OnTime.is_open(lead, d("2026-11-27")));
        assert!(CheckInQuestion::OnTime.is_open(lead, d("2026-11-28")), "exactly two days before");
        assert!(CheckInQuestion::OnTime.is_open(lead, d("2026-12-02")), "still open after the lead time");
        for q in [CheckInQuestion::Material, CheckInQuestion::Started, CheckInQuestion::Finished] {
            assert!(q.is_open(lead, d("2026-01-01")), "{q:?} is open from the start");
        }
        let refusal = check_in_refusal(CheckInQuestion::OnTime, lead, d("2026-11-27"), false).unwrap();
        assert!(refusal.message.contains("Sat 28 Nov 2026"), "{}", refusal.message);
        assert!(check_in_refusal(CheckInQuestion::OnTime, lead, d("2026-11-28"), false).is_none());
    }

    // R-ORD-4 (revised): an answer can be corrected until the lead time, and is final after it.
    #[test]
    fn r_ord_4_answers_are_final_after_the_deadline() {
        let lead = d("2026-11-30");
        for q in CheckInQuestion::ALL {
            assert_eq!(q.due_on(lead), lead);
            assert!(check_in_refusal(*q, lead, d("2026-11-30"), true).is_none(), "{q:?}: the lead time itself");
            let refusal = check_in_refusal(*q, lead, d("2026-12-01"), true).unwrap();
            assert_eq!(refusal.code, "final");
            assert!(refusal.message.contains("Mon 30 Nov 2026"), "{}", refusal.message);
            // Never answered: a late first answer is taken (and is final at once).
            assert!(check_in_refusal(*q, lead, d("2026-12-01"), false).is_none(), "{q:?}");
        }
    }

    // R-ORD-4 (revised): the on-time notice from the day the question opens to the lead time.
    #[test]
    fn r_ord_4_on_time_reminder_from_two_days_before_the_lead_time() {
        let lead = d("2026-11-30");
        assert!(!on_time_reminder_due(lead, d("2026-11-27"), false, false));
        assert!(on_time_reminder_due(lead, d("2026-11-28"), false, false));
        assert!(on_time_reminder_due(lead, d("2026-11-30"), false, false));
        assert!(!on_time_reminder_due(lead, d("2026-12-01"), false, false), "too late to ask");
        assert!(!on_time_reminder_due(lead, d("2026-11-28"), true, false), "answered already");
        assert!(!on_time_reminder_due(lead, d("2026-11-28"), false, true), "every part has left");
    }

    #[test]
    fn r_ord_5_qc_needs_by_process() {
        let cnc = qc_needs(Process::CncMilling, false);
        assert!(cnc.photos && !cnc.photos_before_shipping && !cnc.report);
        assert!(qc_needs(Process::CncTurning, true).report);
        let sls = qc_needs(Process::Sls, false);
        assert!(!sls.photos && sls.met(QcUploads::default()), "additive orders need no photos");
        let dmls = qc_needs(Process::Dmls, false);
        assert!(dmls.photos && dmls.photos_before_shipping);
        // DMLS without photos: shipping is blocked; with a photo of every line it is not.
        let missing = QcUploads { reports: 0, lines_without_photos: 1 };
        assert!(dmls.blocks_shipping(missing).unwrap().contains("DMLS"));
        assert!(dmls.blocks_shipping(QcUploads::default()).is_none());
        assert!(cnc.blocks_shipping(missing).is_none(), "CNC photos are required but do not block shipping");
        // A required report is missing until one is uploaded.
        let report = qc_needs(Process::Sls, true);
        assert!(!report.met(QcUploads::default()));
        assert!(report.met(QcUploads { reports: 1, lines_without_photos: 3 }));
    }

    #[test]
    fn r_ord_2_stages_and_next_step() {
        let mut p = Progress { production_confirmed: false, left_to_ship: 5, ..Progress::default() };
        let marks = stages(p);
        assert_eq!(marks.iter().map(|m| m.stage).collect::<Vec<_>>(), Stage::ALL);
        assert!(marks.iter().all(|m| !m.done));
        assert_eq!(next_step(p), NextStep::ConfirmProduction);
        p.production_confirmed = true;
        assert_eq!(next_step(p), NextStep::UploadQc);
        p.qc_met = true;
        assert_eq!(next_step(p), NextStep::Ship);
        // Published is not shipped: the shipping stage waits for the pickup (R-ORD-7).
        p.left_to_ship = 0;
        p.awaiting_pickup = 5;
        assert_eq!(stages(p).iter().filter(|m| m.done).count(), 2);
        assert_eq!(next_step(p), NextStep::RecordPickup);
        p.awaiting_pickup = 0;
        assert_eq!(stages(p).iter().filter(|m| m.done).count(), 3);
        assert_eq!(next_step(p), NextStep::Invoice);
        p.invoiced = true;
        assert_eq!(next_step(p), NextStep::WaitForPayment);
        p.paid = true;
        assert_eq!(next_step(p), NextStep::WaitForClose);
        p.delivered = true;
        assert_eq!(next_step(p), NextStep::Closed);
    }

    // R-ORD-7 (new), R-JOB-5 (revised): active until every part has left, then shipped (counts as
    // completed), closed when delivered and paid with every stage done.
    #[test]
    fn r_ord_7_an_order_is_shipped_when_its_parts_left_and_closed_when_paid() {
        let running = Progress { production_confirmed: true, qc_met: true, left_to_ship: 3, ..Progress::default() };
        assert_eq!(status(running), OrderStatus::InProduction);
        assert!(status(running).is_active());
        let published = Progress { left_to_ship: 0, awaiting_pickup: 3, ..running };
        assert_eq!(status(published), OrderStatus::InProduction, "publishing is not shipping");
        let left = Progress { awaiting_pickup: 0, ..published };
        assert_eq!(status(left), OrderStatus::Shipped);
        assert!(status(left).counts_as_completed() && !status(left).is_active());
        let delivered = Progress { delivered: true, ..left };
        assert_eq!(status(delivered), OrderStatus::Shipped, "not invoiced");
        let invoiced = Progress { invoiced: true, ..delivered };
        assert_eq!(status(invoiced), OrderStatus::Shipped, "invoice not paid");
        let paid = Progress { paid: true, ..invoiced };
        assert_eq!(status(paid), OrderStatus::Closed);
        // Never closed while a stage is open: quality control missing keeps it open.
        assert_eq!(status(Progress { qc_met: false, ..paid }), OrderStatus::Shipped);
        assert_eq!(next_step(Progress { qc_met: false, ..paid }), NextStep::UploadQc);
        // Handed back: neither active nor completed.
        let back = Progress { handed_back: true, ..running };
        assert_eq!(status(back), OrderStatus::HandedBack);
        assert!(!status(back).is_active() && !status(back).counts_as_completed());
    }

    // R-JOB-5 (revised): the server counts active and completed orders in SQL over the stored
    // status slug (`portal-api` `db::partners::record`); these are the predicates it uses, and they
    // must say what `is_active` and `counts_as_completed` say.
    #[test]
    fn r_job_5_active_and_completed_are_what_the_sql_counts() {
        const SQL_ACTIVE: &[&str] = &["in_production"]; // status = 'in_production'
        const SQL_COMPLETED: &[&str] = &["shipped", "closed"]; // status IN ('shipped', 'closed')
        for s in OrderStatus::ALL {
            assert_eq!(s.is_active(), SQL_ACTIVE.contains(&s.slug()), "{s:?}");
            assert_eq!(s.counts_as_completed(), SQL_COMPLETED.contains(&s.slug()), "{s:?}");
            assert_eq!(OrderStatus::parse(s.slug()), Some(s));
        }
    }

    // R-ORD-7: a closed or handed-back order refuses every change, in the server's words.
    #[test]
    fn r_ord_7_a_closed_order_cannot_change() {
        assert_eq!(
            closed_order_refusal(OrderStatus::Closed),
            Some("This order is closed (delivered and paid): it cannot be changed any more.")
        );
        assert_eq!(
            closed_order_refusal(OrderStatus::HandedBack),
            Some("This order was handed back: it cannot be changed any more.")
        );
        assert_eq!(closed_order_refusal(OrderStatus::InProduction), None);
        assert_eq!(closed_order_refusal(OrderStatus::Shipped), None, "a shipped order is still invoiced and paid");
    }

    // R-ORD-7: handing back only before production is confirmed.
    #[test]
    fn r_ord_7_hand_back_only_before_production_is_confirmed() {
        let awarded = Progress { left_to_ship: 4, ..Progress::default() };
        assert!(hand_back_refusal(awarded).is_none());
        assert!(hand_back_refusal(Progress { production_confirmed: true, ..awarded }).unwrap().contains("confirmed"));
        assert!(hand_back_refusal(Progress { handed_back: true, ..awarded }).is_some());
    }

    #[test]
    fn r_ord_1_urgency_counts_the_lead_time_as_a_ship_date() {
        let lead = d("2026-11-30");
        assert_eq!(urgency(lead, d("2026-11-27"), 3), Urgency::OnTrack);
        assert_eq!(urgency(lead, d("2026-11-28"), 3), Urgency::DueSoon);
        assert_eq!(urgency(lead, d("2026-11-30"), 3), Urgency::DueSoon, "the lead time itself is still in time");
        assert_eq!(urgency(lead, d("2026-12-01"), 3), Urgency::Overdue);
        assert_eq!(urgency(lead, d("2026-12-01"), 0), Urgency::Shipped);
    }

    #[test]
    fn r_ord_6_dyed_parts_from_golf_ball_size_are_wrapped_individually() {
        assert!(!wrap_individually(Finish::Dyed, Dimensions::new(42, 30, 10)));
        assert!(wrap_individually(Finish::Dyed, Dimensions::new(10, 43, 10)), "exactly 43 mm is not under");
        assert!(!wrap_individually(Finish::Anodized, Dimensions::new(200, 43, 10)));
        let lines = [
            PackingLine { part_name: "Knob", quantity: 40, finish: Finish::Dyed, size: Dimensions::new(30, 30, 12) },
            PackingLine { part_name: "Cover", quantity: 6, finish: Finish::Dyed, size: Dimensions::new(120, 80, 8) },
            PackingLine {
                part_name: "Shaft",
                quantity: 2,
                finish: Finish::AsMachined,
                size: Dimensions::new(300, 20, 20),
            },
        ];
        let list = packing_checklist(Process::CncMilling, &lines);
        assert!(list[0].starts_with("Inspect every part for defects"), "{list:?}");
        let printed = packing_checklist(Process::Sls, &lines);
        assert!(printed[0].contains("CAD model") && printed[1].contains("defects"), "{printed:?}");
        assert!(list.iter().any(|i| i.contains("Knob") && i.contains("may share")));
        assert!(list.iter().any(|i| i.contains("6 × Cover") && i.contains("individually")));
        assert!(!list.iter().any(|i| i.contains("Shaft")), "undyed lines need no special item");
    }
}
