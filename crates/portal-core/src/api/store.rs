//! The supplies store's JSON (R-SUP-1..12): the catalog, the cart, checkout and store orders.
//! The rules over these are in `supplies`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Money;
use crate::capability::labelled_enum;
use crate::supplies::ShipMethod;
use crate::supplies::catalog::{LineSpec, Product};

/// `GET /api/v1/store/products`: a catalog search. Every parameter is optional; the SPA keeps
/// them in its address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProductQuery {
    /// Words that must all appear (name, SKU, alloy, material, category).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A category slug (`sheet`, `plate`, `rod`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// A material slug (`aluminium`, `stainless`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// An alloy or grade exactly (`6061-T6`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alloy: Option<String>,
    /// A thickness or diameter in thousandths of an inch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i32>,
    /// Only products in stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_stock: Option<bool>,
    /// `relevance` (default), `price`, `size` or `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// From 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i32>,
}

/// A value to filter by and how many products of the search have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facet {
    pub value: String,
    pub label: String,
    pub count: u32,
}

/// A page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPage {
    pub products: Vec<Product>,
    /// Products matching the search, over all pages.
    pub total: u32,
    pub page: u32,
    pub pages: u32,
    /// Products in the whole catalog.
    pub catalog_size: u32,
    pub categories: Vec<Facet>,
    pub materials: Vec<Facet>,
    pub alloys: Vec<Facet>,
    /// Thicknesses or diameters (values in thousandths of an inch).
    pub sizes: Vec<Facet>,
}

/// A line in the cart, priced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub id: i64,
    pub spec: LineSpec,
    pub product: Product,
    pub piece_price: Money,
    pub total: Money,
    /// Hundredths of a pound, all pieces.
    pub weight_centi_lb: u32,
    /// R-SUP-5: why this line does not ship the same day.
    pub delays: Vec<String>,
}

/// `GET /api/v1/store/cart`: the partner's cart, the same on every device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cart {
    pub lines: Vec<CartLine>,
    /// The goods without tax and shipping (R-SUP-1).
    pub goods: Money,
    pub weight_centi_lb: u32,
    /// R-SUP-5: the estimated ship date if ordered now, and the reasons it is later.
    pub ship_date: NaiveDate,
    pub delays: Vec<String>,
}

/// `PUT /api/v1/store/cart/lines/{id}`: a line's new pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLineChange {
    pub pieces: u32,
}

/// A US street address to ship to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreAddress {
    pub name: String,
    pub street: String,
    pub city: String,
    /// Two-letter state code.
    pub state: String,
    pub zip: String,
}

labelled_enum!(
    /// R-SUP-1: how a store order is paid.
    StorePayment {
        JobFunds => ("job_funds", "Job funds"),
        PurchaseOrder => ("purchase_order", "Purchase order"),
        Card => ("card", "Card"),
    }
);

/// `POST /api/v1/store/quote` and `POST /api/v1/store/orders`: the checkout as far as it is
/// filled in. The quote takes it at any step; placing the order needs all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checkout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<StoreAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ShipMethod>,
    /// R-SUP-3: one promotion code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<StorePayment>,
    /// The partner's own reference for a purchase order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub po_number: Option<String>,
    /// Placing only: the total the review showed; a different one is refused (409).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_total: Option<Money>,
    /// Card payments: the one-time token the provider's hosted fields gave (never a card number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_token: Option<String>,
}

/// A shipping method the order may take and what it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MethodOption {
    pub method: ShipMethod,
    pub label: String,
    pub cost: Money,
}

/// R-SUP-1, R-SUP-11: what job funds can pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FundsView {
    /// Accepted, not yet paid orders' values, less earlier deductions.
    pub spendable: Money,
    pub from_funds: Money,
    /// The rest, invoiced and due on receipt.
    pub invoiced: Money,
}

/// `POST /api/v1/store/quote`: the order's figures for what is filled in so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub cart: Cart,
    pub methods: Vec<MethodOption>,
    pub goods: Money,
    pub discount: Money,
    /// R-SUP-3: lines the promotion code does not apply to.
    pub promo_excluded: Vec<String>,
    pub shipping: Money,
    pub tax: Money,
    /// Hundredths of a percent; 0 when exempt or the state has none.
    pub tax_rate_bps: u32,
    /// R-SUP-4: the partner's exemption certificate covers the ship-to state.
    pub tax_exempt: bool,
    pub total: Money,
    pub funds: FundsView,
    /// R-SUP-2: whether the partner has credit terms for purchase orders.
    pub credit_terms: bool,
    /// R-SUP-11: why a purchase order is refused now (an invoice overdue).
    pub purchase_order_refusal: Option<String>,
    /// The address shipped to last time, to start from.
    pub last_ship_to: Option<StoreAddress>,
    /// R-SUP-1: the payment provider's hosted card fields (shown in a frame, given the portal's
    /// origin as `?origin=`); none when this server takes no cards.
    pub card_fields: Option<String>,
}

labelled_enum!(
    /// Where a store order line is (R-SUP-12: back orders per line).
    StoreLineStatus {
        Processing => ("processing", "Processing"),
        Cut => ("cut", "Cut"),
        Shipped => ("shipped", "Shipped"),
        BackOrdered => ("back_ordered", "Back-ordered"),
        Delivered => ("delivered", "Delivered"),
        Cancelled => ("cancelled", "Cancelled"),
    }
);

/// A line of a store order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreOrderLine {
    pub id: i64,
    pub line_no: u32,
    pub spec: LineSpec,
    pub name: String,
    pub special_order: bool,
    pub piece_price: Money,
    pub total: Money,
    pub status: StoreLineStatus,
    /// R-SUP-12: pieces shipped so far; the rest is back-ordered when the line is.
    pub shipped_pieces: u32,
    pub tracking: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A store order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreOrder {
    pub id: i64,
    pub number: String,
    pub placed_at: DateTime<Utc>,
    pub lines: Vec<StoreOrderLine>,
    pub ship_to: StoreAddress,
    pub method: ShipMethod,
    pub promo: Option<String>,
    pub goods: Money,
    pub discount: Money,
    pub shipping: Money,
    pub tax: Money,
    pub total: Money,
    pub payment: StorePayment,
    pub from_funds: Money,
    pub invoiced: Money,
    pub po_number: Option<String>,
    pub ship_date: NaiveDate,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// R-SUP-7: until when the order may be changed or cancelled, if it still may.
    pub change_until: Option<DateTime<Utc>>,
    /// R-SUP-7: why it may not (any more).
    pub change_refusal: Option<String>,
    /// R-SUP-8: returns requested on this order.
    pub returns: Vec<StoreReturn>,
    /// R-SUP-9: claims filed on this order.
    pub claims: Vec<StoreClaim>,
    /// R-SUP-12: a new ship date the store proposed.
    pub proposal: Option<ShipDateProposal>,
    /// A card payment: what the provider reported of the card, refunds, and the dispute window.
    pub card: Option<CardPayment>,
}

/// `POST /api/v1/store/orders/{id}/change` (R-SUP-7): new pieces for some lines; 0 removes one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderChange {
    pub lines: Vec<LineChange>,
}

/// A line's new pieces in an [`OrderChange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineChange {
    pub line_id: i64,
    pub pieces: u32,
}

/// R-SUP-1, R-SUP-11: a store order paid by card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPayment {
    /// "Visa", "Mastercard" or "American Express".
    pub brand: String,
    pub last4: String,
    /// The marketplace day the card was charged.
    pub charged_on: NaiveDate,
    /// What the card was charged when the order was placed.
    pub charged: Money,
    /// What went back to the card (a cancel, a change, a return).
    pub refunded: Money,
    /// The statement the charge appears on, and the last day to dispute it.
    pub statement_date: NaiveDate,
    pub dispute_until: NaiveDate,
    pub dispute: Option<CardDispute>,
}

/// A dispute of a card charge (R-SUP-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardDispute {
    pub reason: String,
    pub opened_at: DateTime<Utc>,
}

/// `POST /api/v1/store/orders/{id}/dispute`: what is wrong with the card charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDispute {
    pub reason: String,
}

/// R-SUP-12: a new ship date the store proposes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipDateProposal {
    pub date: NaiveDate,
    /// Answer by then; without an answer it counts as accepted.
    pub deadline: DateTime<Utc>,
    /// Accepted (or counted as accepted), declined, or not answered yet.
    pub accepted: Option<bool>,
    /// True when it was not answered and counts as accepted.
    pub by_default: bool,
}

/// `POST /api/v1/store/orders/{id}/proposal`: the partner's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalAnswer {
    pub accept: bool,
}

/// `POST /api/v1/operator/store/orders/{id}/proposal`: a new ship date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProposal {
    pub date: NaiveDate,
}

/// `GET /api/v1/store/orders`: the partner's store orders, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreOrders {
    pub orders: Vec<StoreOrder>,
}

/// `POST /api/v1/operator/store/orders/{id}/lines/{line}/status`: what happened to a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreLineEvent {
    pub status: StoreLineStatus,
    /// Shipped or back-ordered: the pieces shipped (the rest back-ordered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_pieces: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking: Option<String>,
}

/// `PUT /api/v1/operator/partners/{id}/credit-terms` (R-SUP-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditTerms {
    pub approved: bool,
}

labelled_enum!(
    /// R-SUP-8: why goods go back.
    ReturnReason {
        OrderedWrong => ("ordered_wrong", "Ordered the wrong item or size"),
        NotNeeded => ("not_needed", "No longer needed"),
        Other => ("other", "Another reason"),
    }
);

labelled_enum!(
    /// Where a return is.
    ReturnStatus {
        Requested => ("requested", "Requested"),
        Approved => ("approved", "Approved: send the goods back"),
        Refunded => ("refunded", "Refunded"),
    }
);

/// Pieces of one line to return.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnLine {
    pub line_id: i64,
    pub pieces: u32,
}

/// `POST /api/v1/store/orders/{id}/returns`: an RMA request (R-SUP-8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReturn {
    pub reason: ReturnReason,
    #[serde(default)]
    pub note: String,
    pub lines: Vec<ReturnLine>,
}

/// A return (RMA) and its refund estimate: the goods less the 30% restocking fee and the return
/// shipping (R-SUP-8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreReturn {
    pub id: i64,
    /// The RMA number the parcel is marked with.
    pub number: String,
    pub reason: ReturnReason,
    pub note: String,
    pub lines: Vec<ReturnLine>,
    pub goods: Money,
    pub restocking_fee: Money,
    pub return_shipping: Money,
    pub refund_estimate: Money,
    pub status: ReturnStatus,
    pub requested_at: DateTime<Utc>,
    /// The goods must arrive back by this day (10 days after delivery).
    pub return_by: NaiveDate,
    /// What was refunded, once it was; job-funds purchases are refunded with the next payment.
    pub refund: Option<Money>,
}

/// `POST /api/v1/operator/store/returns/{id}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnStatusChange {
    pub status: ReturnStatus,
    /// Refunded: what was refunded (the estimate when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Money>,
}

labelled_enum!(
    /// R-SUP-9: what is wrong with a delivery.
    ClaimKind {
        Damaged => ("damaged", "Damaged goods"),
        Wrong => ("wrong", "Wrong goods"),
    }
);

/// `POST /api/v1/store/orders/{id}/claims`: damaged or wrong goods (R-SUP-9), with the photos
/// uploaded to the order first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClaim {
    pub kind: ClaimKind,
    /// When it was delivered.
    pub delivered_at: DateTime<Utc>,
    /// The driver's name or number, or the truck's number.
    pub carrier_ref: String,
    pub description: String,
    /// Damage in transit by freight (then claimed within 24 hours of delivery).
    pub freight: bool,
    pub lines: Vec<ReturnLine>,
    pub photo_ids: Vec<i64>,
}

/// A photo of a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimPhoto {
    pub id: i64,
    pub name: String,
    pub size: u64,
}

/// A claim as filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreClaim {
    pub id: i64,
    pub number: String,
    pub kind: ClaimKind,
    pub freight: bool,
    pub delivered_at: DateTime<Utc>,
    pub carrier_ref: String,
    pub description: String,
    pub lines: Vec<ReturnLine>,
    pub photos: Vec<ClaimPhoto>,
    pub created_at: DateTime<Utc>,
}

/// A store invoice (R-SUP-1, R-SUP-2, R-SUP-11): the rest of a job-funds purchase, due on
/// receipt, or a purchase order, due in 30 days with 1.5% interest a month after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreInvoice {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub purchase_order: bool,
    pub amount: Money,
    pub invoice_date: NaiveDate,
    pub due_date: NaiveDate,
    pub paid: bool,
    pub overdue: bool,
    /// R-SUP-2: interest owed today on an overdue purchase-order invoice.
    pub interest: Money,
    /// R-SUP-2: objections are raised within 10 days of receipt: until this day.
    pub objection_until: NaiveDate,
    pub objection: Option<String>,
}

/// `GET /api/v1/store/invoices`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreInvoices {
    pub invoices: Vec<StoreInvoice>,
}

/// `POST /api/v1/store/invoices/{id}/objection`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceObjection {
    pub reason: String,
}

/// R-SUP-4: a tax exemption certificate on the account, for one state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxCertificate {
    pub id: i64,
    pub state: String,
    pub name: String,
    pub uploaded_at: DateTime<Utc>,
}

/// `GET /api/v1/store/tax-certificates`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxCertificates {
    pub certificates: Vec<TaxCertificate>,
}
