//! The partner's shipments: publishing one from the wizard (R-SHP-1..4, R-SHP-6) and the
//! "Shipped" check-in for a package (R-ORD-4 (5), R-ORD-7).

use chrono::NaiveDate;
use portal_core::api::{FieldError, OrderDetail, Shipment};
use portal_core::format;
use portal_core::market_clock;
use portal_core::shipping::{
    Delivery, NewShipment, ShipmentContext, ShipmentStatus, normalize_tracking, nothing_left_to_ship, publish_is_late,
    validate_shipment,
};
use portal_core::upload::Purpose;
use sqlx::SqliteConnection;

use super::idempotency::{Stored, created};
use super::orders::{
    OrderDecision, begin_decision, detail_of, finished, publish as insert_shipment, record_partner_pickup, updatable,
};
use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// R-SHP-1..4, R-SHP-6: publishes a shipment (one package) from the wizard's three steps, checked
/// by the same functions the SPA runs: 409 when the order is closed or nothing is left to ship,
/// 422 for DMLS photos missing or a field. Late when published after the lead time (R-SHP-4).
/// R-JOB-10: under `key`, publishing twice creates one shipment. Answers the published shipment.
pub async fn publish(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    key: &str,
    mut shipment: NewShipment,
) -> ApiResult<Stored> {
    let request = format!("publish shipment for order {order_id}");
    // R-SHP-4 and the expected ship date: days on the marketplace's clock.
    let OrderDecision { mut tx, detail, now, today } =
        match begin_decision(state, partner_id, order_id, key, &request).await? {
            Ok(decision) => decision,
            Err(first) => return Ok(first),
        };
    finished(&detail)?;
    if let Some(refusal) = nothing_left_to_ship(detail.left_to_ship()) {
        return Err(ApiError::Conflict(refusal.to_owned()));
    }
    if let Some(blocked) = &detail.shipping_blocked {
        return Err(ApiError::Rule { code: "/problems/photos-required", detail: blocked.clone() });
    }
    let ctx = ShipmentContext { left: detail.lines_left(), terms: detail.terms.delivery_terms, today };
    let mut errors = validate_shipment(&shipment, &ctx);
    errors.extend(photo_errors(&mut tx, partner_id, &detail, &shipment).await?);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    shipment.lines.retain(|l| l.quantity > 0);
    match &mut shipment.delivery {
        Delivery::Partner { tracking_number, .. } => *tracking_number = normalize_tracking(tracking_number),
        Delivery::Marketplace { pickup_address, .. } => *pickup_address = pickup_address.trim().to_owned(),
    }
    let late = publish_is_late(detail.order.lead_time, today);
    let shipment_id = insert_shipment(&mut tx, partner_id, order_id, &shipment, late, now).await?;
    let published: Shipment = detail_of(&mut tx, partner_id, order_id)
        .await?
        .shipments
        .into_iter()
        .find(|s| s.id == shipment_id)
        .ok_or_else(|| ApiError::internal("new shipment vanished"))?;
    created(tx, partner_id, key, &request, &published, now).await
}

/// R-SHP-2: the package photo, when there is one, must be a package photo uploaded to this order
/// and not show a package published already.
async fn photo_errors(
    conn: &mut SqliteConnection,
    partner_id: i64,
    detail: &OrderDetail,
    shipment: &NewShipment,
) -> ApiResult<Option<FieldError>> {
    let Some(photo) = shipment.package.photo_id else {
        return Ok(None);
    };
    let ok = db::orders::file(&mut *conn, partner_id, photo)
        .await?
        .is_some_and(|f| f.order_id == detail.order.id && f.purpose == Purpose::PackagePhoto.slug());
    Ok(if !ok {
        Some(FieldError::new(
            "package.photo",
            "unknown",
            "That package photo is not on this order: upload the photo again.",
        ))
    } else if detail.shipments.iter().any(|s| s.package.photo_id == Some(photo)) {
        Some(FieldError::new(
            "package.photo",
            "used",
            "That photo shows a package published already: take a photo of this package.",
        ))
    } else {
        None
    })
}

/// R-ORD-4 (5), R-ORD-7: the partner's "Shipped" check-in for one package of an order at version
/// `expected`, answered on the day of pickup: the package has left the shop today. Final once
/// given (409); the carrier's pickup scan, when the marketplace reports one, dates the shipment
/// instead. Answers the order as it is now.
pub async fn shipped(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    shipment_id: i64,
    expected: Option<i64>,
) -> ApiResult<OrderDetail> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let detail = updatable(&mut tx, partner_id, order_id, expected).await?;
    let shipment = detail.shipments.iter().find(|s| s.id == shipment_id).ok_or(ApiError::NotFound("shipment"))?;
    if let Some(day) = shipment.left_on {
        return Err(ApiError::Conflict(format!(
            "Package {} left on {} already ({}): that day is final.",
            shipment.package_no,
            portal_core::format::date(day),
            shipment.left_recorded_by.map_or("recorded", |s| s.label()),
        )));
    }
    record_partner_pickup(&mut tx, order_id, shipment_id, now).await?;
    let detail = detail_of(&mut tx, partner_id, order_id).await?;
    tx.commit().await?;
    // R-JOB-7: a fact of the score changed: every open board reads its bonus again.
    state.events.board_changed();
    Ok(detail)
}

/// R-SHP-5: the marketplace's tracking report moves a shipment on (never back); the order's status
/// follows (R-ORD-7). Answers the shipment as its order page shows it.
pub async fn set_status(state: &AppState, shipment_id: i64, status: ShipmentStatus) -> ApiResult<Shipment> {
    let mut tx = state.db.write.begin().await?;
    let (partner_id, order_id, now_at) =
        db::orders::shipment_state(&mut tx, shipment_id).await?.ok_or(ApiError::NotFound("shipment"))?;
    if !now_at.can_move_to(status) {
        return Err(ApiError::Conflict(format!(
            "This shipment is at “{}” already; tracking only moves forward.",
            now_at.label()
        )));
    }
    super::orders::set_shipment_status(&mut tx, shipment_id, status, state.clock.now()).await?;
    let shipment = super::orders::shipment(&mut tx, partner_id, order_id, shipment_id).await?;
    tx.commit().await?;
    // R-JOB-7: a fact of the score changed: every open board reads its bonus again.
    state.events.board_changed();
    Ok(shipment)
}

/// R-PSS-3: the day a shipment actually left, where the partner did not record it (or recorded
/// another): from the day the order was accepted to today, on the order's marketplace clock.
pub async fn set_ship_date(state: &AppState, shipment_id: i64, shipped_on: NaiveDate) -> ApiResult<Shipment> {
    let mut tx = state.db.write.begin().await?;
    let (partner_id, order_id, _) =
        db::orders::shipment_state(&mut tx, shipment_id).await?.ok_or(ApiError::NotFound("shipment"))?;
    let order = db::orders::by_id(&mut *tx, order_id).await?.ok_or(ApiError::NotFound("order"))?;
    let currency = order.price.currency;
    let today = market_clock::day(currency, state.clock.now());
    let accepted = market_clock::day(currency, order.accepted_at);
    if shipped_on > today || shipped_on < accepted {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "shipped_on",
            "out_of_range",
            format!(
                "Give a day from {} (the order was accepted) to {} (today).",
                format::date(accepted),
                format::date(today)
            ),
        )]));
    }
    super::orders::set_ship_date(&mut tx, shipment_id, shipped_on).await?;
    let shipment = super::orders::shipment(&mut tx, partner_id, order_id, shipment_id).await?;
    tx.commit().await?;
    // R-JOB-7: a fact of the score changed: every open board reads its bonus again.
    state.events.board_changed();
    Ok(shipment)
}
