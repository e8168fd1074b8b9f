//! An order as its page shows it, assembled from `db::orders`' rows by the rulebook (stages,
//! packing, QC, labels), the guards every order update passes, the partner's order actions
//! (production order, confirm, check-ins, hand back), and the changes that move an order on,
//! each followed by the status its facts make (R-ORD-7).

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{
    CheckIn, CheckInRecord, HandBackRequest, OrderDetail, OrderLine, OrderStatus, OrderSummary, OrderTerms, Shipment,
    ShipmentEvent, StoredFile,
};
use portal_core::capability::{Dimensions, Finish};
use portal_core::market_clock;
use portal_core::order::detail::validate_hand_back;
use portal_core::order::{
    CheckInQuestion, NextStep, PackingLine, check_in_refusal, closed_order_refusal, hand_back_refusal,
    packing_checklist, qc_needs,
};
use portal_core::shipping::{
    Delivery, DeliveryTerms, LengthUnit, NewShipment, Package, PackageKind, PickupSource, ShipmentLine, ShipmentStatus,
    WeightUnit,
};
use portal_core::upload::{FileKind, Purpose};
use portal_core::{Currency, Money};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::db::orders::{FileRow, LineRow, OrderRow, OrderRows, ShipmentRow};
use crate::db::{self, Corrupt, decode, decode_u32, from_ts};
use crate::error::{ApiError, ApiResult};
use crate::{documents, market};

/// One of the partner's orders with everything its page shows; `None` when it is not theirs.
pub async fn detail(
    conn: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
) -> Result<Option<OrderDetail>, sqlx::Error> {
    let rows = db::orders::rows(conn, partner_id, Some(order_id)).await?;
    Ok(views(&rows)?.pop())
}

/// A decision on one of the partner's orders made under an `Idempotency-Key` (R-JOB-10): the
/// open transaction, the order as it is now, and now and today on the order's marketplace clock
/// (DOMAIN "Times").
pub struct OrderDecision {
    pub tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    pub detail: OrderDetail,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

/// Starts a decision on an order: `Err(first answer)` when the key was used for `request`
/// before (the retry creates nothing), else the decision to make.
pub async fn begin_decision(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    key: &str,
    request: &str,
) -> ApiResult<Result<OrderDecision, super::idempotency::Stored>> {
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = super::idempotency::replay(&mut tx, partner_id, key, request).await? {
        return Ok(Err(first));
    }
    let now = state.clock.now();
    let detail = detail_of(&mut tx, partner_id, order_id).await?;
    let today = portal_core::market_clock::day(detail.order.price.currency, now);
    Ok(Ok(OrderDecision { tx, detail, now, today }))
}

/// My Orders: the partner's orders, newest first.
pub async fn list(state: &AppState, partner_id: i64) -> ApiResult<portal_core::api::OrderList> {
    let mut conn = state.db.read.acquire().await?;
    Ok(portal_core::api::OrderList { orders: summaries(&mut conn, partner_id).await? })
}

/// One of the partner's orders as its page shows it (404 for anyone else's).
pub async fn page(state: &AppState, partner_id: i64, order_id: i64) -> ApiResult<OrderDetail> {
    let mut conn = state.db.read.acquire().await?;
    detail_of(&mut conn, partner_id, order_id).await
}

/// The partner's orders for My Orders, newest first.
pub async fn summaries(conn: &mut SqliteConnection, partner_id: i64) -> ApiResult<Vec<OrderSummary>> {
    let rows = db::orders::rows(conn, partner_id, None).await?;
    Ok(views(&rows)?
        .into_iter()
        .map(|d| OrderSummary {
            part_names: d.lines.iter().map(|l| l.part_name.clone()).collect(),
            left_to_ship: d.not_left(),
            stages: d.stages,
            next_step: d.next_step,
            order: d.order,
        })
        .collect())
}

/// The caller's order, or 404.
pub async fn detail_of(conn: &mut SqliteConnection, partner_id: i64, id: i64) -> ApiResult<OrderDetail> {
    detail(conn, partner_id, id).await?.ok_or(ApiError::NotFound("order"))
}

/// A closed or handed-back order takes no more changes (409, in the rulebook's words).
pub fn finished(detail: &OrderDetail) -> ApiResult<()> {
    match closed_order_refusal(detail.order.status) {
        Some(refusal) => Err(ApiError::Conflict(refusal.to_owned())),
        None => Ok(()),
    }
}

/// The order for an update: the caller's, not closed or handed back, and at the version it read.
pub async fn updatable(
    conn: &mut SqliteConnection,
    partner_id: i64,
    id: i64,
    expected: Option<i64>,
) -> ApiResult<OrderDetail> {
    let detail = detail_of(conn, partner_id, id).await?;
    finished(&detail)?;
    if !db::orders::bump_version(conn, id, expected).await? {
        return Err(ApiError::Stale);
    }
    Ok(detail)
}

/// One shipment of an order as its page shows it (for the operator's answers).
pub async fn shipment(
    conn: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
    shipment_id: i64,
) -> ApiResult<Shipment> {
    detail(conn, partner_id, order_id)
        .await?
        .and_then(|d| d.shipments.into_iter().find(|s| s.id == shipment_id))
        .ok_or_else(|| ApiError::internal("shipment vanished"))
}

/// R-ORD-7: writes the order's status as its facts make it (`portal_core::order::status`). Every
/// change that can move an order on calls this, so the stored status (which probation counts)
/// never disagrees with the order page.
pub async fn refresh_status(conn: &mut SqliteConnection, order_id: i64) -> Result<OrderStatus, sqlx::Error> {
    let (partner_id,): (i64,) =
        sqlx::query_as("SELECT partner_id FROM orders WHERE id = ?").bind(order_id).fetch_one(&mut *conn).await?;
    let status = match detail(conn, partner_id, order_id).await? {
        Some(d) => d.order.status,
        None => return Err(sqlx::Error::RowNotFound),
    };
    db::orders::set_status(conn, order_id, status).await?;
    Ok(status)
}

/// Publishes a checked shipment; the order becomes `shipped` when nothing is left to ship.
/// Returns the shipment's id.
pub async fn publish(
    conn: &mut SqliteConnection,
    partner_id: i64,
    order_id: i64,
    shipment: &NewShipment,
    late: bool,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let id = db::orders::insert_shipment(conn, partner_id, order_id, shipment, late, now).await?;
    refresh_status(conn, order_id).await?;
    Ok(id)
}

/// R-ORD-4 (5), R-ORD-7: the partner's "Shipped" check-in for a package, on the day of pickup.
pub async fn record_partner_pickup(
    conn: &mut SqliteConnection,
    order_id: i64,
    shipment_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    db::orders::record_partner_pickup(conn, order_id, shipment_id, now).await?;
    refresh_status(conn, order_id).await?;
    Ok(())
}

/// R-ORD-3: the production order of one of the partner's orders as a PDF, with its file name.
/// Reading it is noted: a won counteroffer's production order must be read before it is confirmed.
pub async fn production_order(state: &AppState, partner_id: i64, id: i64) -> ApiResult<(String, Vec<u8>)> {
    let detail = {
        let mut conn = state.db.read.acquire().await?;
        detail_of(&mut conn, partner_id, id).await?
    };
    let display = display_of(state, partner_id).await?;
    db::orders::production_order_downloaded(&state.db.write, id, state.clock.now()).await?;
    Ok((format!("production-order-{}.pdf", detail.order.number), documents::production_order(&detail, display)))
}

/// One of the marketplace's files for a line of the caller's order (as the order lists it), or 404.
pub async fn drawing(state: &AppState, partner_id: i64, id: i64, name: &str) -> ApiResult<(&'static str, Vec<u8>)> {
    let detail = {
        let mut conn = state.db.read.acquire().await?;
        detail_of(&mut conn, partner_id, id).await?
    };
    let line =
        detail.lines.iter().find(|l| l.drawings.iter().any(|d| d == name)).ok_or(ApiError::NotFound("drawing"))?;
    let file = portal_core::job::DrawingFile::from_name(name).ok_or(ApiError::NotFound("drawing"))?;
    let spec = documents::PartSpec::of_order_line(&detail, line, name);
    let paper = display_of(state, partner_id).await?.paper;
    Ok((file.media_type(), documents::part_file(file, &spec, paper)))
}

/// The partner's units and paper, for the documents it downloads.
pub async fn display_of(state: &AppState, partner_id: i64) -> ApiResult<portal_core::units::DisplayPrefs> {
    let row = db::partners::by_id(&state.db.read, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    Ok(row.display())
}

/// R-ORD-3: confirms the production order of an order at version `expected`, once it was
/// downloaded. Orders accepted from the board are confirmed already; confirming again changes
/// nothing. Answers the order as it is now.
pub async fn confirm(state: &AppState, partner_id: i64, id: i64, expected: Option<i64>) -> ApiResult<OrderDetail> {
    let mut tx = state.db.write.begin().await?;
    let detail = updatable(&mut tx, partner_id, id, expected).await?;
    if detail.production_confirmed_at.is_none() {
        if detail.production_order_downloaded_at.is_none() {
            return Err(ApiError::Rule {
                code: "/problems/production-order-not-read",
                detail: "Download the production order and check it before you confirm it.".to_owned(),
            });
        }
        db::orders::confirm_production(&mut tx, id, state.clock.now()).await?;
        refresh_status(&mut tx, id).await?;
    }
    let detail = detail_of(&mut tx, partner_id, id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// R-ORD-4 (revised): answers a check-in yes or no on an order at version `expected`. Every
/// answer is kept with its time; the newest stands, and can be corrected until the question's
/// deadline (the lead time, on the marketplace's clock), final after it. The on-time question
/// opens two days before the lead time. Answers the order as it is now.
pub async fn check_in(
    state: &AppState,
    partner_id: i64,
    id: i64,
    expected: Option<i64>,
    question: CheckInQuestion,
    answer: bool,
) -> ApiResult<OrderDetail> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let detail = updatable(&mut tx, partner_id, id, expected).await?;
    let today = market_clock::day(detail.order.price.currency, now);
    let answered = detail.check_ins.iter().any(|c| c.question == question && c.answer.is_some());
    if let Some(refusal) = check_in_refusal(question, detail.order.lead_time, today, answered) {
        return Err(ApiError::Invalid(vec![refusal]));
    }
    db::orders::answer_check_in(&mut tx, id, question, answer, now).await?;
    let detail = detail_of(&mut tx, partner_id, id).await?;
    tx.commit().await?;
    // R-PSS-4: communication moved the score: open boards read their bonus again.
    state.events.board_changed();
    Ok(detail)
}

/// R-ORD-7: hands an order at version `expected` back before production is confirmed, with a
/// reason (checked first). The job returns to the boards of the partners who have not seen it;
/// it counts against engagement (R-PSS-5). Answers the order as it is now.
pub async fn hand_back(
    state: &AppState,
    partner_id: i64,
    id: i64,
    expected: Option<i64>,
    req: &HandBackRequest,
) -> ApiResult<OrderDetail> {
    let errors = validate_hand_back(req);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let detail = updatable(&mut tx, partner_id, id, expected).await?;
    if let Some(refusal) = hand_back_refusal(detail.progress()) {
        return Err(ApiError::Conflict(refusal.to_owned()));
    }
    db::orders::hand_back(&mut tx, id, req.reason.trim(), now).await?;
    refresh_status(&mut tx, id).await?;
    market::return_to_boards(&mut tx, detail.order.job_id, now).await?;
    let detail = detail_of(&mut tx, partner_id, id).await?;
    tx.commit().await?;
    state.events.board_changed();
    Ok(detail)
}

/// R-SHP-5: the marketplace moves a shipment on (only forward, checked by the caller). Answers
/// the shipment's order.
pub async fn set_shipment_status(
    conn: &mut SqliteConnection,
    shipment_id: i64,
    status: ShipmentStatus,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let order_id = db::orders::set_shipment_status(conn, shipment_id, status, now).await?;
    refresh_status(conn, order_id).await?;
    Ok(order_id)
}

/// R-PSS-3: the day a shipment actually left, as the marketplace recorded it.
pub async fn set_ship_date(conn: &mut SqliteConnection, shipment_id: i64, shipped_on: NaiveDate) -> ApiResult<()> {
    let order_id = db::score::set_ship_date(conn, shipment_id, shipped_on).await?;
    refresh_status(conn, order_id).await?;
    Ok(())
}

/// The order pages of `rows`, newest first.
fn views(rows: &OrderRows) -> Result<Vec<OrderDetail>, Corrupt> {
    let ship_from = format!("{}\n{}", rows.ship_from.0, rows.ship_from.1).trim().to_owned();
    rows.orders.iter().map(|row| view(row, rows, &ship_from)).collect()
}

/// One order's page: its lines, check-ins, files and shipments, then the rulebook's stages, next
/// step, packing checklist and QC needs.
fn view(row: &OrderRow, rows: &OrderRows, ship_from: &str) -> Result<OrderDetail, Corrupt> {
    let order = row.order()?;
    let currency = order.price.currency;
    let lines = rows
        .lines
        .iter()
        .filter(|l| l.order_id == row.id)
        .map(|l| order_line(l, &row.reference, currency))
        .collect::<Result<Vec<_>, _>>()?;
    let terms = OrderTerms {
        qc_report_required: row.qc_report_required,
        delivery_terms: decode("orders", row.id, "jobs.delivery_terms", &row.delivery_terms, DeliveryTerms::parse)?,
        ship_to: row.ship_to.clone(),
        tolerance: row.tolerance.clone(),
        notes: row.notes.clone(),
    };
    let shipments = rows
        .shipments
        .iter()
        .filter(|s| s.order_id == row.id)
        .map(|s| shipment_view(s, rows, terms.delivery_terms, currency))
        .collect::<Result<Vec<_>, _>>()?;
    let packing_lines: Vec<PackingLine<'_>> = lines
        .iter()
        .map(|l| PackingLine { part_name: &l.part_name, quantity: l.quantity, finish: l.finish, size: l.size })
        .collect();
    let packing = packing_checklist(order.process, &packing_lines);
    let check_ins = check_ins(row.id, rows, order.lead_time)?;
    let paid =
        rows.invoices.iter().find(|i| i.order_id == row.id).is_some_and(|i| i.invoices > 0 && i.invoices == i.paid);
    let files = rows.files.iter().filter(|f| f.order_id == row.id).map(stored_file).collect::<Result<_, _>>()?;
    let detail = OrderDetail {
        qc: qc_needs(order.process, terms.qc_report_required),
        order,
        version: row.version,
        terms,
        ship_from: ship_from.to_owned(),
        production_confirmed_at: row.production_confirmed_at.map(from_ts),
        confirmed_on_accept: row.confirmed_on_accept,
        lines,
        check_ins,
        files,
        packing,
        shipments,
        stages: Vec::new(),
        next_step: NextStep::ConfirmProduction,
        shipping_blocked: None,
        invoices_paid: paid,
        handed_back_at: row.handed_back_at.map(from_ts),
        hand_back_reason: row.hand_back_reason.clone(),
        production_order_downloaded_at: row.production_order_downloaded_at.map(from_ts),
    };
    Ok(detail.with_stages())
}

fn order_line(l: &LineRow, reference: &str, currency: Currency) -> Result<OrderLine, Corrupt> {
    const TABLE: &str = "order_lines";
    let n = |column: &str, v: i64| decode_u32(TABLE, l.id, column, v);
    Ok(OrderLine {
        id: l.id,
        line_no: n("line_no", l.line_no)?,
        part_name: l.part_name.clone(),
        quantity: n("quantity", l.quantity)?,
        unit_price: Money::new(l.unit_price_minor, currency),
        total: Money::new(l.total_minor, currency),
        finish: decode(TABLE, l.id, "finish", &l.finish, Finish::parse)?,
        size: Dimensions::new(n("size_x_mm", l.size_x_mm)?, n("size_y_mm", l.size_y_mm)?, n("size_z_mm", l.size_z_mm)?),
        drawings: portal_core::job::drawing_names(reference, decode_u32(TABLE, l.id, "line_no", l.line_no)?),
        shipped: n("shipped", l.shipped)?,
        picked_up: n("picked_up", l.picked_up)?,
        invoiced: n("invoiced", l.invoiced)?,
    })
}

/// Every check-in question of an order with its answers, the newest standing.
fn check_ins(order_id: i64, rows: &OrderRows, lead_time: NaiveDate) -> Result<Vec<CheckIn>, Corrupt> {
    let answers: Vec<_> = rows.check_ins.iter().filter(|c| c.order_id == order_id).collect();
    for c in &answers {
        // A question the server does not know would otherwise be left off the page unseen.
        decode("check_in_answers", c.id, "question", &c.question, CheckInQuestion::parse)?;
    }
    Ok(CheckInQuestion::ALL
        .iter()
        .map(|&q| {
            let history: Vec<CheckInRecord> = answers
                .iter()
                .filter(|c| c.question == q.slug())
                .map(|c| CheckInRecord { answer: c.answer, at: from_ts(c.answered_at) })
                .collect();
            let standing = history.last().copied();
            CheckIn {
                question: q,
                answer: standing.map(|c| c.answer),
                answered_at: standing.map(|c| c.at),
                opens_on: q.opens_on(lead_time),
                due_on: q.due_on(lead_time),
                history,
            }
        })
        .collect())
}

/// A file as the order page lists it.
pub fn stored_file(f: &FileRow) -> Result<StoredFile, Corrupt> {
    const TABLE: &str = "files";
    Ok(StoredFile {
        id: f.id,
        purpose: decode(TABLE, f.id, "purpose", &f.purpose, Purpose::parse)?,
        kind: decode(TABLE, f.id, "media_type", &f.media_type, FileKind::parse)?,
        name: f.name.clone(),
        size: u64::from(decode_u32(TABLE, f.id, "size", f.size)?),
        line_id: f.line_id,
        uploaded_at: from_ts(f.uploaded_at),
    })
}

/// A published package with its contents, tracking and labels.
fn shipment_view(
    s: &ShipmentRow,
    rows: &OrderRows,
    terms: DeliveryTerms,
    currency: Currency,
) -> Result<Shipment, Corrupt> {
    const TABLE: &str = "shipments";
    let n = |column: &str, v: i64| decode_u32(TABLE, s.id, column, v);
    let status = decode(TABLE, s.id, "status", &s.status, ShipmentStatus::parse)?;
    // R-ORD-7: the carrier's pickup scan (the marketplace's day) wins over the partner's answer.
    let carrier = s.shipped_on.as_deref().map(|d| db::decode_date(TABLE, s.id, "shipped_on", d)).transpose()?;
    let partner = s.partner_shipped_at.map(|at| market_clock::day(currency, from_ts(at)));
    let (left_on, left_recorded_by) = match (carrier, partner) {
        (Some(day), _) => (Some(day), Some(PickupSource::Carrier)),
        (None, Some(day)) => (Some(day), Some(PickupSource::Partner)),
        (None, None) => (None, None),
    };
    let lines = rows
        .shipment_lines
        .iter()
        .filter(|l| l.shipment_id == s.id)
        .map(|l| {
            Ok(ShipmentLine {
                line_id: l.line_id,
                quantity: n(&format!("quantity of line {}", l.line_id), l.quantity)?,
            })
        })
        .collect::<Result<_, Corrupt>>()?;
    let events = rows
        .events
        .iter()
        .filter(|e| e.shipment_id == s.id)
        .map(|e| {
            let status = decode("shipment_events", e.rowid, "status", &e.status, ShipmentStatus::parse)?;
            Ok(ShipmentEvent { status, at: from_ts(e.at) })
        })
        .collect::<Result<_, Corrupt>>()?;
    let delivery = serde_json::from_str::<Delivery>(&s.delivery).map_err(|e| Corrupt {
        table: TABLE,
        id: s.id,
        detail: format!("delivery is not a delivery: {e}"),
    })?;
    Ok(Shipment {
        id: s.id,
        number: format!("SHP-{:06}", s.id),
        order_id: s.order_id,
        package_no: n("package_no", s.package_no)?,
        lines,
        package: Package {
            length: n("length", s.length)?,
            width: n("width", s.width)?,
            height: n("height", s.height)?,
            length_unit: decode(TABLE, s.id, "length_unit", &s.length_unit, LengthUnit::parse)?,
            weight: n("weight", s.weight)?,
            weight_unit: decode(TABLE, s.id, "weight_unit", &s.weight_unit, WeightUnit::parse)?,
            kind: decode(TABLE, s.id, "kind", &s.kind, PackageKind::parse)?,
            photo_id: s.photo_id,
        },
        delivery,
        status,
        events,
        published_at: from_ts(s.published_at),
        late: s.late,
        labels_ready: status.labels_ready(terms),
        left_on,
        left_recorded_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{test_db, tests_support};

    /// A file of a purpose the server does not know fails the order page instead of vanishing from
    /// it (where a missing QC report would reopen a stage).
    #[tokio::test]
    async fn a_corrupt_file_fails_the_order_page_instead_of_vanishing() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        let order = tests_support::partner_with_order(&mut conn).await;
        let file: i64 = sqlx::query_scalar(
            "INSERT INTO files (partner_id, order_id, purpose, media_type, name, size, stored_name, uploaded_at)
             VALUES (1, ?, 'qc_report', 'application/pdf', 'qc.pdf', 1, 'stored', 0) RETURNING id",
        )
        .bind(order)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(detail(&mut conn, 1, order).await.unwrap().unwrap().files.len(), 1);
        tests_support::corrupt_row(&mut conn, "UPDATE files SET purpose = 'selfie' WHERE id = ?", file).await;

        let err = detail(&mut conn, 1, order).await.expect_err("a corrupt row is an error");
        let corrupt = tests_support::corrupt(err);
        assert_eq!((corrupt.table, corrupt.id), ("files", file));
        assert!(corrupt.detail.contains("purpose = 'selfie'"), "{}", corrupt.detail);
    }

    /// A tracking step the server does not know fails the order list instead of shortening the
    /// shipment's history; the request answers 500.
    #[tokio::test]
    async fn a_corrupt_tracking_step_is_a_500_not_a_shorter_history() {
        let (_dir, db) = test_db().await;
        let mut conn = db.write.acquire().await.unwrap();
        let order = tests_support::partner_with_order(&mut conn).await;
        let shipment: NewShipment = serde_json::from_value(serde_json::json!({
            "lines": [{ "line_id": 1, "quantity": 10 }],
            "package": { "length": 10, "width": 10, "height": 10, "length_unit": "cm", "weight": 1,
                         "weight_unit": "kg", "kind": "box" },
            "delivery": { "arranged_by": "marketplace", "pickup_address": "Here", "pickup_confirmed": true,
                          "terms_accepted": true }
        }))
        .unwrap();
        let id = publish(&mut conn, 1, order, &shipment, false, Utc::now()).await.unwrap();
        assert_eq!(summaries(&mut conn, 1).await.unwrap().len(), 1);
        tests_support::corrupt_row(&mut conn, "UPDATE shipment_events SET status = 'lost' WHERE shipment_id = ?", id)
            .await;

        let err = summaries(&mut conn, 1).await.expect_err("a corrupt row is an error");
        assert!(matches!(&err, ApiError::Internal(context) if context.contains("shipment_events")), "{err:?}");
        assert_eq!(err.problem().status, 500);
    }
}
