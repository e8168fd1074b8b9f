//! My Orders' JSON: the list, an order's details, check-ins, files and shipments. The rules over
//! these (what is left, the stage facts, what changed) are in `order::detail`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Order;
use crate::capability::{Dimensions, Finish};
use crate::money::Money;
use crate::order::{CheckInQuestion, NextStep, QcNeeds, StageMark};
use crate::shipping::{Delivery, DeliveryTerms, Package, PickupSource, ShipmentLine, ShipmentStatus};
use crate::upload::{FileKind, Purpose};

/// The marketplace's receiving dock: where marketplace-arranged shipments go by default.
pub const MARKETPLACE_RECEIVING: &str =
    "Marketplace Receiving, Dock 3\n400 Commerce Way\nColumbus, OH 43219\nUnited States";

/// What an order asks beyond the part: set by the marketplace when it posts the job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderTerms {
    /// R-ORD-5: a QC report must be uploaded.
    #[serde(default)]
    pub qc_report_required: bool,
    /// R-SHP-3: who arranges delivery.
    #[serde(default = "marketplace_terms")]
    pub delivery_terms: DeliveryTerms,
    /// Where the parts go (the label's ship-to).
    #[serde(default = "receiving")]
    pub ship_to: String,
    /// Tolerances that bind where the drawing states none.
    #[serde(default = "general_tolerance")]
    pub tolerance: String,
    /// The marketplace's notes for the shop (empty when none).
    #[serde(default)]
    pub notes: String,
}

/// The tolerance a job binds to when the marketplace names none (ISO 2768 medium, the general
/// tolerance of most machining drawings).
pub const GENERAL_TOLERANCE: &str = "ISO 2768-m (medium) where the drawing states no tolerance";

fn general_tolerance() -> String {
    GENERAL_TOLERANCE.to_owned()
}

fn marketplace_terms() -> DeliveryTerms {
    DeliveryTerms::Marketplace
}

fn receiving() -> String {
    MARKETPLACE_RECEIVING.to_owned()
}

impl Default for OrderTerms {
    fn default() -> OrderTerms {
        OrderTerms {
            qc_report_required: false,
            delivery_terms: marketplace_terms(),
            ship_to: receiving(),
            tolerance: general_tolerance(),
            notes: String::new(),
        }
    }
}

/// One line of an order: a part, how many, and how many have shipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub id: i64,
    pub line_no: u32,
    /// The customer-facing part name.
    pub part_name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub total: Money,
    pub finish: Finish,
    pub size: Dimensions,
    /// The customer's drawing files for this part.
    pub drawings: Vec<String>,
    /// Over all published shipments.
    pub shipped: u32,
    /// R-ORD-7: in shipments that have left the shop (picked up).
    #[serde(default)]
    pub picked_up: u32,
    /// R-INV-1: over all submitted invoices.
    #[serde(default)]
    pub invoiced: u32,
}

/// A row of My Orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    #[serde(flatten)]
    pub order: Order,
    pub part_names: Vec<String>,
    pub stages: Vec<StageMark>,
    pub next_step: NextStep,
    /// Parts still in the shop: not published, or published and not picked up (R-ORD-7).
    pub left_to_ship: u32,
}

/// `GET /api/v1/orders`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderList {
    pub orders: Vec<OrderSummary>,
}

/// R-ORD-4: one check-in and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    pub question: CheckInQuestion,
    /// The answer that stands (the latest).
    pub answer: Option<bool>,
    /// When the standing answer was given.
    pub answered_at: Option<DateTime<Utc>>,
    /// The first day it may be answered, when that is not from the start.
    pub opens_on: Option<NaiveDate>,
    /// R-ORD-4 (revised): the last day an answer is in time and may be corrected; final after.
    pub due_on: NaiveDate,
    /// Every answer given, oldest first, each with its time.
    #[serde(default)]
    pub history: Vec<CheckInRecord>,
}

/// R-ORD-4 (revised): one answer as it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInRecord {
    pub answer: bool,
    pub at: DateTime<Utc>,
}

/// `POST /api/v1/orders/{id}/hand-back` (R-ORD-7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandBackRequest {
    pub reason: String,
}

/// `PUT /api/v1/orders/{id}/check-ins/{question}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInAnswer {
    pub answer: bool,
}

/// An uploaded file, as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredFile {
    pub id: i64,
    pub purpose: Purpose,
    pub kind: FileKind,
    /// The name it was uploaded with (for display only; it is stored under a random name).
    pub name: String,
    pub size: u64,
    /// The order line a part photo shows.
    pub line_id: Option<i64>,
    pub uploaded_at: DateTime<Utc>,
}

/// One step of a shipment's tracking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentEvent {
    pub status: ShipmentStatus,
    pub at: DateTime<Utc>,
}

/// R-SHP-5: a published shipment (one package).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipment {
    pub id: i64,
    /// What the label's barcode encodes, e.g. `SHP-000042`.
    pub number: String,
    pub order_id: i64,
    /// This package's place among the order's packages (1-based).
    pub package_no: u32,
    pub lines: Vec<ShipmentLine>,
    pub package: Package,
    pub delivery: Delivery,
    pub status: ShipmentStatus,
    pub events: Vec<ShipmentEvent>,
    pub published_at: DateTime<Utc>,
    /// R-SHP-4: published later than one day before the lead time.
    pub late: bool,
    /// R-SHP-5: the label can be printed.
    pub labels_ready: bool,
    /// R-ORD-7, R-PSS-3: the day it left the shop (the carrier's pickup scan, else the
    /// partner's "Shipped" check-in); `None` while it waits for pickup.
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    /// Who recorded that day.
    #[serde(default)]
    pub left_recorded_by: Option<PickupSource>,
}

/// `POST /api/v1/operator/shipments/{id}/status`: the marketplace reports tracking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentStatusChange {
    pub status: ShipmentStatus,
}

/// `GET /api/v1/orders/{id}`: everything the order page shows. Its `ETag` is `"order-{version}"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: Order,
    /// Changes with every confirmation and check-in; updates send it back in `If-Match`.
    pub version: i64,
    pub terms: OrderTerms,
    /// The partner's company and address: the label's ship-from and the default pickup address.
    pub ship_from: String,
    /// R-ORD-3: when production was confirmed (at acceptance for orders taken from the board).
    pub production_confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_on_accept: bool,
    pub lines: Vec<OrderLine>,
    pub check_ins: Vec<CheckIn>,
    pub qc: QcNeeds,
    pub files: Vec<StoredFile>,
    /// R-ORD-6.
    pub packing: Vec<String>,
    pub shipments: Vec<Shipment>,
    pub stages: Vec<StageMark>,
    pub next_step: NextStep,
    /// R-ORD-5: why shipping cannot be published yet.
    pub shipping_blocked: Option<String>,
    /// Every invoice of the order is paid (false while there is none).
    #[serde(default)]
    pub invoices_paid: bool,
    /// R-ORD-7: when and why the partner handed the order back.
    #[serde(default)]
    pub handed_back_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub hand_back_reason: Option<String>,
    /// R-ORD-3: when the production order was first downloaded.
    #[serde(default)]
    pub production_order_downloaded_at: Option<DateTime<Utc>>,
}

impl OrderDetail {
    /// The line with this id (a lookup, no rule).
    pub fn line(&self, id: i64) -> Option<&OrderLine> {
        self.lines.iter().find(|l| l.id == id)
    }
}
