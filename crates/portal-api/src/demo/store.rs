//! The demo's supplies-store history (issue 19), made through the store's own functions (the
//! cart, the checkout, the operator's line events and proposals) at the instants they happened,
//! so every order obeys the same rules as a partner's: the established shop's delivered order with
//! a mill test report (still returnable), a purchase order shipped in part (a back order), and a
//! special-order plate whose new ship date waits for an answer.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use portal_core::api::{
    Checkout, NewProposal, StoreAddress, StoreLineEvent, StoreLineStatus, StoreOrder, StorePayment,
};
use portal_core::supplies::ShipMethod;
use portal_core::supplies::catalog::{Category, LineSpec, StockMaterial};

use crate::AppState;
use crate::app::store;
use crate::clock::FixedClock;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// The state as it was at `at`: the store's functions read the time from its clock.
fn at(state: &AppState, at: DateTime<Utc>) -> AppState {
    let mut then = state.clone();
    then.clock = Arc::new(FixedClock::new(at));
    then
}

fn greenville() -> StoreAddress {
    StoreAddress {
        name: "Summit Manufacturing".into(),
        street: "77 Foundry Lane".into(),
        city: "Greenville".into(),
        state: "SC".into(),
        zip: "29605".into(),
    }
}

/// Puts `lines` in the cart and places them, at `when`.
async fn order(
    state: &AppState,
    partner_id: i64,
    when: DateTime<Utc>,
    lines: &[LineSpec],
    payment: StorePayment,
    po_number: Option<&str>,
) -> ApiResult<StoreOrder> {
    let then = at(state, when);
    for line in lines {
        store::add_line(&then, partner_id, line).await?;
    }
    let checkout = Checkout {
        ship_to: Some(greenville()),
        method: Some(ShipMethod::Ground),
        payment: Some(payment),
        po_number: po_number.map(str::to_owned),
        ..Checkout::default()
    };
    let placed = store::place(&then, partner_id, &format!("demo-{}", when.timestamp()), &checkout).await?;
    serde_json::from_str(&placed.body).map_err(ApiError::internal)
}

async fn event(
    state: &AppState,
    when: DateTime<Utc>,
    order: &StoreOrder,
    line: usize,
    status: StoreLineStatus,
    shipped_pieces: Option<u32>,
) -> ApiResult<StoreOrder> {
    let tracking = matches!(status, StoreLineStatus::Shipped | StoreLineStatus::BackOrdered)
        .then(|| format!("1Z4A7{:06}", order.id * 10 + line as i64));
    let e = StoreLineEvent { status, shipped_pieces, tracking };
    store::line_event(&at(state, when), order.id, order.lines[line].id, &e).await
}

/// Writes the established shop's store history once (nothing when it has store orders).
pub async fn seed_store(state: &AppState) -> ApiResult<()> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM partners WHERE email = ?")
        .bind(super::DEMO_LOGINS[1].0)
        .fetch_optional(&state.db.read)
        .await?;
    let Some((partner_id,)) = found else { return Ok(()) };
    let mut conn = state.db.read.acquire().await?;
    if !db::store::orders(&mut conn, partner_id).await?.is_empty() {
        return Ok(());
    }
    drop(conn);
    let now = state.clock.now();
    let day = Duration::days(1);
    let spec = |sku: &str, width: Option<u32>, length: Option<u32>, pieces: u32, mtr: bool| LineSpec {
        sku: sku.to_owned(),
        width_mils: width,
        length_mils: length,
        pieces,
        mill_test_report: mtr,
        certificate_of_compliance: false,
    };
    let stainless_rod = state
        .catalog
        .products
        .iter()
        .find(|p| p.category == Category::Rod && p.material == StockMaterial::Stainless && !p.special_order)
        .map(|p| p.sku.clone())
        .ok_or_else(|| ApiError::internal("no stainless rod in the catalog"))?;

    // Nine days ago: a cut sheet with its mill test report and end mills, delivered a week ago.
    let placed = now - day * 9 - Duration::hours(3);
    let delivered = order(
        state,
        partner_id,
        placed,
        &[spec("AL6061-SH-0125", Some(12_000), Some(18_000), 6, true), spec("EM-0250-3F", None, None, 4, false)],
        StorePayment::JobFunds,
        None,
    )
    .await?;
    for line in 0..2 {
        event(state, placed + Duration::hours(2), &delivered, line, StoreLineStatus::Cut, None).await?;
        event(state, placed + Duration::hours(5), &delivered, line, StoreLineStatus::Shipped, None).await?;
        event(state, placed + day * 2, &delivered, line, StoreLineStatus::Delivered, None).await?;
    }

    // Three days ago, on a purchase order: 10 bars of stainless, 6 shipped, 4 back-ordered.
    let placed = now - day * 3 - Duration::hours(5);
    let partial = order(
        state,
        partner_id,
        placed,
        &[spec(&stainless_rod, None, Some(12_000), 10, false)],
        StorePayment::PurchaseOrder,
        Some("PO-4471"),
    )
    .await?;
    event(state, placed + Duration::hours(3), &partial, 0, StoreLineStatus::Cut, None).await?;
    event(state, placed + day, &partial, 0, StoreLineStatus::BackOrdered, Some(6)).await?;

    // Yesterday: special-order plate; the store proposes a later ship date (not answered yet).
    let placed = now - day;
    let special = order(
        state,
        partner_id,
        placed,
        &[spec("AL7075-PL-4000", Some(12_000), Some(12_000), 1, false)],
        StorePayment::PurchaseOrder,
        Some("PO-4502"),
    )
    .await?;
    let later = special.ship_date + day * 5;
    store::propose(&at(state, now - Duration::hours(2)), special.id, &NewProposal { date: later }).await?;
    Ok(())
}
