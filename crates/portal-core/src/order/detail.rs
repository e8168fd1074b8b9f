//! Rules read from an order as the API carries it (`OrderDetail`, `OrderLine`, `StoredFile`):
//! what is left to ship and invoice, the stage facts, what changed between two versions, and what
//! a closed order refuses. They read wire structs, so they live apart from `order`, which the wire
//! imports (for its stages, check-ins and status).

use crate::api::{HandBackRequest, OrderDetail, OrderLine, StoredFile};
use crate::order::{Progress, QcUploads, next_step, stages, status};
use crate::problem::FieldError;
use crate::shipping::{LineLeft, ShipmentStatus};
use crate::upload::Purpose;

impl OrderLine {
    /// R-SHP-1: what is left to ship of this line.
    pub fn left(&self) -> u32 {
        self.quantity.saturating_sub(self.shipped)
    }

    /// R-INV-1, R-ORD-7: left the shop and not invoiced yet (publishing is not shipping).
    pub fn left_to_invoice(&self) -> u32 {
        self.picked_up.saturating_sub(self.invoiced)
    }

    /// Published but not picked up yet.
    pub fn awaiting_pickup(&self) -> u32 {
        self.shipped.saturating_sub(self.picked_up)
    }
}

/// R-ORD-7: at most this many characters of reason.
pub const HAND_BACK_REASON_MAX_CHARS: usize = 500;

/// R-ORD-7: a hand-back needs a reason the marketplace can act on.
pub fn validate_hand_back(req: &HandBackRequest) -> Vec<FieldError> {
    let reason = req.reason.trim();
    if reason.is_empty() {
        vec![FieldError::new("reason", "required", "Say why you hand the order back, so the marketplace can place it.")]
    } else if reason.chars().count() > HAND_BACK_REASON_MAX_CHARS {
        vec![FieldError::new(
            "reason",
            "too_long",
            format!("Keep the reason to {HAND_BACK_REASON_MAX_CHARS} characters."),
        )]
    } else {
        Vec::new()
    }
}

/// R-ORD-5: counts what quality control has of `lines` in `files`.
pub fn qc_uploads(files: &[StoredFile], lines: &[OrderLine]) -> QcUploads {
    QcUploads {
        reports: files.iter().filter(|f| f.purpose == Purpose::QcReport).count(),
        lines_without_photos: lines
            .iter()
            .filter(|l| !files.iter().any(|f| f.purpose == Purpose::QcPhoto && f.line_id == Some(l.id)))
            .count(),
    }
}

impl OrderDetail {
    /// The stage facts of the order, from its lines, files, shipments and invoices.
    pub fn progress(&self) -> Progress {
        let uploads = qc_uploads(&self.files, &self.lines);
        Progress {
            production_confirmed: self.production_confirmed_at.is_some(),
            qc_met: self.qc.met(uploads),
            left_to_ship: self.left_to_ship(),
            awaiting_pickup: self.lines.iter().map(OrderLine::awaiting_pickup).sum(),
            invoiced: !self.lines.is_empty() && self.lines.iter().all(|l| l.invoiced >= l.quantity),
            paid: self.invoices_paid,
            delivered: !self.shipments.is_empty()
                && self.shipments.iter().all(|s| s.status == ShipmentStatus::Delivered),
            handed_back: self.handed_back_at.is_some(),
        }
    }

    /// Marks stages, the next step and the status (R-ORD-7) from the rest (the server calls this
    /// once it has the facts).
    pub fn with_stages(mut self) -> OrderDetail {
        let uploads = qc_uploads(&self.files, &self.lines);
        let p = self.progress();
        self.stages = stages(p);
        self.next_step = next_step(p);
        self.order.status = status(p);
        self.shipping_blocked = self.qc.blocks_shipping(uploads).map(str::to_owned);
        self
    }

    /// Parts not in a published shipment yet.
    pub fn left_to_ship(&self) -> u32 {
        self.lines.iter().map(OrderLine::left).sum()
    }

    /// Parts still in the shop: not published, or published and not picked up (R-ORD-7).
    pub fn not_left(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity.saturating_sub(l.picked_up)).sum()
    }

    /// What the wizard's parts check needs.
    pub fn lines_left(&self) -> Vec<LineLeft<'_>> {
        self.lines.iter().map(|l| LineLeft { line_id: l.id, part_name: &l.part_name, left: l.left() }).collect()
    }
}

/// What changed between two versions of an order, in words, for a partner whose update was
/// refused as stale (412): says what happened instead of overwriting it.
pub fn describe_changes(old: &OrderDetail, new: &OrderDetail) -> Vec<String> {
    let mut changes = Vec::new();
    if old.production_confirmed_at.is_none() && new.production_confirmed_at.is_some() {
        changes.push("Production was confirmed.".to_owned());
    }
    for c in &new.check_ins {
        let before = old.check_ins.iter().find(|o| o.question == c.question).and_then(|o| o.answer);
        if let Some(answer) = c.answer
            && before != Some(answer)
        {
            changes.push(format!("“{}” was answered {}.", c.question.label(), if answer { "yes" } else { "no" }));
        }
    }
    let new_files = new.files.iter().filter(|f| !old.files.iter().any(|o| o.id == f.id)).count();
    if new_files > 0 {
        changes.push(format!("{new_files} file(s) were uploaded."));
    }
    let new_shipments = new.shipments.len().saturating_sub(old.shipments.len());
    if new_shipments > 0 {
        changes.push(format!("{new_shipments} shipment(s) were published."));
    }
    if changes.is_empty() {
        changes.push("The order was updated.".to_owned());
    }
    changes
}
