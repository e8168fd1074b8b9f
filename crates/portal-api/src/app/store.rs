//! The supplies store (issue 19, R-SUP-1..12): the catalog, the cart kept per partner, the
//! checkout's quote, placing an order (idempotent), store orders, cancelling within the hour, and
//! the operator's line events. Every figure comes from `portal_core::supplies`.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::{
    CardDispute, CardPayment, Cart, CartLine, Checkout, ClaimKind, ClaimPhoto, FieldError, FundsView, MethodOption,
    NewClaim, NewProposal, NewReturn, OrderChange, ProductPage, ProductQuery, Quote, ReturnReason, ReturnStatus,
    ReturnStatusChange, ShipDateProposal, StoreClaim, StoreInvoice, StoreInvoices, StoreLineEvent, StoreLineStatus,
    StoreOrder, StoreOrderLine, StoreOrders, StorePayment, StoreReturn, TaxCertificates,
};
use portal_core::market_clock;
use portal_core::supplies::catalog::{self, LineSpec, PricedLine, Product};
use portal_core::supplies::checkout::{
    OrderFigures, PromoLine, apply_promo, check_address, order_figures, shipping_cost, tax_rate_bps,
};
use portal_core::supplies::{
    self, CentiPounds, Delay, FundsSplit, Mils, STORE_CURRENCY, ShipMethod, change_window, pay_from_funds, ship_methods,
};
use portal_core::{Currency, Money};
use sqlx::SqliteConnection;

use super::idempotency::{Stored, created, replay};
use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// The most lines a cart holds.
pub const MAX_CART_LINES: usize = 50;

fn usd(minor: i64) -> Money {
    Money::new(minor, STORE_CURRENCY)
}

const NO_CARDS: &str = "This portal takes no cards now: pay with job funds or a purchase order.";

fn today(state: &AppState) -> NaiveDate {
    market_clock::day(Currency::Usd, state.clock.now())
}

/// `GET /store/products`.
pub fn products(state: &AppState, query: &ProductQuery) -> ProductPage {
    catalog::search(&state.catalog.products, query)
}

/// `GET /store/products/{sku}`.
pub fn product(state: &AppState, sku: &str) -> ApiResult<Product> {
    state.catalog.get(sku).cloned().ok_or(ApiError::NotFound("product"))
}

fn priced(state: &AppState, spec: &LineSpec) -> ApiResult<(Product, PricedLine)> {
    let product = state.catalog.get(&spec.sku).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::new("sku", "unknown", "No product of the catalog has this SKU.")])
    })?;
    let line = catalog::price_line(product, spec).map_err(ApiError::Invalid)?;
    Ok((product.clone(), line))
}

/// The cart, priced now. Lines whose product left the catalog are left out.
async fn cart_of(state: &AppState, conn: &mut SqliteConnection, partner_id: i64) -> ApiResult<Cart> {
    let mut lines = Vec::new();
    let mut all_delays: Vec<Delay> = Vec::new();
    for row in db::store::cart(&mut *conn, partner_id).await? {
        let spec = row.spec();
        let Ok((product, line)) = priced(state, &spec) else { continue };
        for d in &line.delays {
            if !all_delays.contains(d) {
                all_delays.push(*d);
            }
        }
        lines.push(CartLine {
            id: row.id,
            piece_price: usd(line.piece_price_minor),
            total: usd(line.total_minor),
            weight_centi_lb: line.weight.0,
            delays: line.delays.iter().map(|d| d.message().to_owned()).collect(),
            spec,
            product,
        });
    }
    Ok(Cart {
        goods: usd(lines.iter().map(|l| l.total.amount_minor).sum()),
        weight_centi_lb: lines.iter().fold(0u32, |total, l| total.saturating_add(l.weight_centi_lb)),
        ship_date: supplies::ship_date(state.clock.now(), &all_delays),
        delays: all_delays.iter().map(|d| d.message().to_owned()).collect(),
        lines,
    })
}

pub async fn cart(state: &AppState, partner_id: i64) -> ApiResult<Cart> {
    let mut conn = state.db.read.acquire().await?;
    cart_of(state, &mut conn, partner_id).await
}

/// Adds a line, checked and priced by the rules first (nothing stored when it is refused).
pub async fn add_line(state: &AppState, partner_id: i64, spec: &LineSpec) -> ApiResult<Cart> {
    priced(state, spec)?;
    let mut conn = state.db.write.acquire().await?;
    if db::store::cart(&mut *conn, partner_id).await?.len() >= MAX_CART_LINES {
        return Err(ApiError::Conflict(format!(
            "Your cart holds {MAX_CART_LINES} lines at most: place this order, then start another."
        )));
    }
    db::store::add_cart_line(&mut *conn, partner_id, spec, state.clock.now()).await?;
    cart_of(state, &mut conn, partner_id).await
}

/// Changes a line's pieces.
pub async fn change_line(state: &AppState, partner_id: i64, line_id: i64, pieces: u32) -> ApiResult<Cart> {
    let mut conn = state.db.write.acquire().await?;
    let rows = db::store::cart(&mut *conn, partner_id).await?;
    let row = rows.iter().find(|r| r.id == line_id).ok_or(ApiError::NotFound("cart line"))?;
    let mut spec = row.spec();
    spec.pieces = pieces;
    priced(state, &spec)?;
    db::store::set_cart_pieces(&mut *conn, partner_id, line_id, pieces).await?;
    cart_of(state, &mut conn, partner_id).await
}

pub async fn remove_line(state: &AppState, partner_id: i64, line_id: i64) -> ApiResult<Cart> {
    let mut conn = state.db.write.acquire().await?;
    if !db::store::remove_cart_line(&mut *conn, partner_id, line_id).await? {
        return Err(ApiError::NotFound("cart line"));
    }
    cart_of(state, &mut conn, partner_id).await
}

/// The figures of a checkout, and the refusals that hold it up.
struct Figures {
    quote: Quote,
    errors: Vec<FieldError>,
}

async fn figure(
    state: &AppState,
    conn: &mut SqliteConnection,
    partner_id: i64,
    checkout: &Checkout,
) -> ApiResult<Figures> {
    let cart = cart_of(state, conn, partner_id).await?;
    let mut errors = Vec::new();
    let weight = CentiPounds(cart.weight_centi_lb);
    let longest = cart
        .lines
        .iter()
        .filter_map(|l| state.catalog.get(&l.spec.sku).and_then(|p| catalog::price_line(p, &l.spec).ok()))
        .map(|l| l.facts.length)
        .max()
        .unwrap_or(Mils(0));
    let allowed = ship_methods(weight, longest);
    let methods: Vec<MethodOption> = allowed
        .iter()
        .map(|&m| MethodOption { method: m, label: m.label().to_owned(), cost: usd(shipping_cost(m, weight)) })
        .collect();
    if let Some(a) = &checkout.ship_to {
        errors.extend(check_address(a));
    }
    let method = checkout.method.filter(|m| allowed.contains(m));
    if let Some(m) = checkout.method.filter(|m| !allowed.contains(m)) {
        let why = if allowed == [ShipMethod::LtlFreight] {
            format!(
                "This order ships by LTL freight (over 150 lb or an item over 108 in), which cannot be expedited; {} is not available.",
                m.label()
            )
        } else {
            "LTL freight is only for orders over 150 lb or with an item over 108 in; choose ground, expedited or overnight.".to_owned()
        };
        errors.push(FieldError::new("method", "not_available", why));
    }
    let goods = cart.goods.amount_minor;
    let mut discount = 0;
    let mut promo_excluded = Vec::new();
    if let Some(code) = checkout.promo.as_deref().filter(|c| !c.trim().is_empty()) {
        let lines: Vec<PromoLine> = cart
            .lines
            .iter()
            .map(|l| PromoLine { name: &l.product.name, pricing: l.product.pricing, total_minor: l.total.amount_minor })
            .collect();
        match apply_promo(&state.promos, code, &lines, today(state)) {
            Ok(applied) => {
                discount = applied.discount_minor;
                promo_excluded = applied.excluded;
            }
            Err(reason) => errors.push(FieldError::new("promo", "refused", reason)),
        }
    }
    let ship_state = checkout.ship_to.as_ref().map(|a| a.state.trim().to_ascii_uppercase()).unwrap_or_default();
    // R-SUP-4: a certificate on the account for the ship-to state removes the tax.
    let tax_exempt = !ship_state.is_empty() && db::store::exempt_in(&mut *conn, partner_id, &ship_state).await?;
    let OrderFigures { shipping, tax, total } = order_figures(goods, discount, method, weight, &ship_state, tax_exempt);
    let spendable = db::store::spendable_funds(conn, partner_id).await?;
    let split = pay_from_funds(usd(total), usd(spendable));
    let credit_terms = db::store::credit_terms(&mut *conn, partner_id).await?;
    let purchase_order_refusal = if !credit_terms {
        Some("Purchase orders are for partners with approved credit terms; ask the marketplace for them.".to_owned())
    } else {
        db::store::overdue_po_invoice(&mut *conn, partner_id, today(state)).await?.map(|(number, due)| {
            format!("The purchase-order invoice for {number} was due on {due} and is unpaid: new purchase orders are refused until it is paid.")
        })
    };
    if checkout.payment == Some(StorePayment::PurchaseOrder)
        && let Some(why) = &purchase_order_refusal
    {
        errors.push(FieldError::new("payment", "refused", why.clone()));
    }
    if checkout.payment == Some(StorePayment::Card) && state.payments.is_none() {
        errors.push(FieldError::new("payment", "unavailable", NO_CARDS));
    }
    let last_ship_to =
        db::store::last_ship_to(&mut *conn, partner_id).await?.and_then(|s| serde_json::from_str(&s).ok());
    Ok(Figures {
        quote: Quote {
            methods,
            goods: usd(goods),
            discount: usd(discount),
            promo_excluded,
            shipping: usd(shipping),
            tax: usd(tax),
            tax_rate_bps: if tax_exempt { 0 } else { tax_rate_bps(&ship_state) },
            tax_exempt,
            total: usd(total),
            funds: FundsView {
                spendable: usd(spendable.max(0)),
                from_funds: split.from_funds,
                invoiced: split.invoiced,
            },
            credit_terms,
            purchase_order_refusal,
            last_ship_to,
            card_fields: state.payments.as_ref().map(|p| p.fields_url()),
            cart,
        },
        errors,
    })
}

/// `POST /store/quote`: the figures for what the wizard has so far; a field the rules refuse
/// (an address outside the contiguous US, a refused promotion code) is a 422 naming it.
pub async fn quote(state: &AppState, partner_id: i64, checkout: &Checkout) -> ApiResult<Quote> {
    let mut conn = state.db.read.acquire().await?;
    let figures = figure(state, &mut conn, partner_id, checkout).await?;
    if !figures.errors.is_empty() {
        return Err(ApiError::Invalid(figures.errors));
    }
    Ok(figures.quote)
}

/// `POST /store/orders`: places the cart as an order. `Idempotency-Key`: a retry or double click
/// answers the first order and places nothing more.
pub async fn place(state: &AppState, partner_id: i64, key: &str, checkout: &Checkout) -> ApiResult<Stored> {
    let request = format!("store-order:{}", serde_json::to_string(checkout).map_err(ApiError::internal)?);
    let mut tx = state.db.write.begin().await?;
    if let Some(first) = replay(&mut tx, partner_id, key, &request).await? {
        return Ok(first);
    }
    let Figures { quote, mut errors } = figure(state, &mut tx, partner_id, checkout).await?;
    if checkout.ship_to.is_none() {
        errors.push(FieldError::new("ship_to", "required", "Give the address to ship to."));
    }
    if checkout.method.is_none() {
        errors.push(FieldError::new("method", "required", "Choose how the order ships."));
    }
    if checkout.payment.is_none() {
        errors.push(FieldError::new("payment", "required", "Choose how to pay."));
    }
    if checkout.payment == Some(StorePayment::Card)
        && state.payments.is_some()
        && checkout.card_token.as_deref().is_none_or(|t| t.trim().is_empty())
    {
        errors.push(FieldError::new("card_token", "required", supplies::cards::CARD_REQUIRED));
    }
    if quote.cart.lines.is_empty() {
        return Err(ApiError::Conflict("Your cart is empty: add products before placing an order.".into()));
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    if checkout.expected_total.is_some_and(|t| t != quote.total) {
        return Err(ApiError::Conflict(format!(
            "The order's total is now {} (the cart or the job funds changed): review it again.",
            quote.total.display()
        )));
    }
    let Some(payment) = checkout.payment else {
        return Err(ApiError::internal("checked above"));
    };
    // R-SUP-1: a card is charged through the provider before anything is stored; if storing
    // fails after all, the charge is given back.
    let card = match payment {
        StorePayment::Card => {
            Some(charge_card(state, partner_id, key, checkout.card_token.as_deref(), quote.total.amount_minor).await?)
        }
        _ => None,
    };
    let stored = store_order(state, tx, partner_id, key, &request, checkout, &quote, card.as_ref()).await;
    if let (Err(_), Some(charge), Some(provider)) = (&stored, &card, &state.payments) {
        let _ = provider.refund(&charge.id, charge.amount_minor, &format!("undo-{}", charge.id)).await;
    }
    stored
}

/// R-SUP-1: charges the card behind the hosted fields' one-time token (Visa, Mastercard and
/// American Express only), once per Idempotency-Key.
async fn charge_card(
    state: &AppState,
    partner_id: i64,
    key: &str,
    token: Option<&str>,
    amount_minor: i64,
) -> ApiResult<crate::payments::Charge> {
    let provider = state
        .payments
        .as_ref()
        .ok_or_else(|| ApiError::Invalid(vec![FieldError::new("payment", "unavailable", NO_CARDS)]))?;
    let token = token.map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::new("card_token", "required", supplies::cards::CARD_REQUIRED)])
    })?;
    let card = provider.token(token).await?;
    if let Some(why) = supplies::cards::brand_refusal(&card.brand) {
        return Err(ApiError::Invalid(vec![FieldError::new("card_token", "brand", why)]));
    }
    let charge = provider.charge(token, amount_minor, &format!("store-order-{partner_id}-{key}")).await?;
    if charge.refunded_minor > 0 || charge.amount_minor != amount_minor {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "card_token",
            "used",
            "This card entry was used already: enter the card again.",
        )]));
    }
    Ok(charge)
}

#[allow(clippy::too_many_arguments)]
async fn store_order(
    state: &AppState,
    mut tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    partner_id: i64,
    key: &str,
    request: &str,
    checkout: &Checkout,
    quote: &Quote,
    card: Option<&crate::payments::Charge>,
) -> ApiResult<Stored> {
    let (Some(address), Some(method), Some(payment)) = (&checkout.ship_to, checkout.method, checkout.payment) else {
        return Err(ApiError::internal("checked above"));
    };
    let now = state.clock.now();
    let (from_funds, invoiced) = match payment {
        StorePayment::JobFunds => (quote.funds.from_funds.amount_minor, quote.funds.invoiced.amount_minor),
        StorePayment::PurchaseOrder => (0, quote.total.amount_minor),
        StorePayment::Card => (0, 0),
    };
    let ship_to = serde_json::to_string(address).map_err(ApiError::internal)?;
    let ship_state = address.state.trim().to_ascii_uppercase();
    let promo = checkout.promo.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_ascii_uppercase);
    let order_id = db::store::insert_order(
        &mut tx,
        &db::store::NewOrder {
            partner_id,
            placed_at: now,
            ship_to: &ship_to,
            ship_state: &ship_state,
            method: method.slug(),
            promo_code: promo.as_deref(),
            goods_minor: quote.goods.amount_minor,
            discount_minor: quote.discount.amount_minor,
            shipping_minor: quote.shipping.amount_minor,
            tax_minor: quote.tax.amount_minor,
            total_minor: quote.total.amount_minor,
            payment: payment.slug(),
            from_funds_minor: from_funds,
            invoiced_minor: invoiced,
            po_number: checkout.po_number.as_deref().map(str::trim).filter(|p| !p.is_empty()),
            ship_date: quote.cart.ship_date,
        },
    )
    .await?;
    for (i, line) in quote.cart.lines.iter().enumerate() {
        db::store::insert_line(
            &mut tx,
            order_id,
            &db::store::NewLine {
                line_no: i as u32 + 1,
                spec: &line.spec,
                name: &line.product.name,
                special_order: line.product.special_order,
                piece_price_minor: line.piece_price.amount_minor,
                total_minor: line.total.amount_minor,
            },
        )
        .await?;
    }
    let day = today(state);
    if invoiced > 0 {
        // R-SUP-11: the rest of a job-funds purchase is due on receipt; R-SUP-2: a purchase
        // order in 30 days. (A card payment is never invoiced.)
        let (kind, due) = match payment {
            StorePayment::PurchaseOrder => ("purchase_order", supplies::po_due(day)),
            _ => ("funds_rest", day),
        };
        db::store::insert_invoice(&mut tx, order_id, partner_id, kind, invoiced, day, due).await?;
    }
    if let Some(c) = card {
        db::store::set_card_charge(&mut tx, order_id, &c.id, &c.brand, &c.last4, c.amount_minor).await?;
    }
    db::store::clear_cart(&mut *tx, partner_id).await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    created(tx, partner_id, key, request, &order, now).await
}

fn line_status(s: &str) -> StoreLineStatus {
    StoreLineStatus::parse(s).unwrap_or(StoreLineStatus::Processing)
}

fn to_order(
    row: db::store::OrderRow,
    lines: Vec<db::store::LineRow>,
    returns: Vec<db::store::ReturnRow>,
    claims: Vec<StoreClaim>,
    now: DateTime<Utc>,
) -> StoreOrder {
    let placed_at = db::from_ts(row.placed_at);
    let any_cut = lines
        .iter()
        .any(|l| !matches!(line_status(&l.status), StoreLineStatus::Processing | StoreLineStatus::Cancelled));
    let any_special = lines.iter().any(|l| l.special_order);
    let shipped = lines.iter().any(|l| l.shipped_pieces > 0);
    // R-SUP-12: a proposed ship date, answered or counting as accepted after its deadline.
    let proposal = row.proposed_ship_date.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()).map(|date| {
        let deadline = db::from_ts(row.proposal_deadline.unwrap_or(row.placed_at));
        let answer = row.proposal_answer.as_deref().map(|a| a == "accepted");
        let accepted = supplies::proposal_accepted(answer, deadline, now);
        ShipDateProposal { date, deadline, accepted, by_default: answer.is_none() && accepted.is_some() }
    });
    // **Decision**: declining a proposed date lets the partner cancel while nothing is cut (and
    // nothing is special order), after the hour too.
    let declined = proposal.as_ref().is_some_and(|p| p.accepted == Some(false));
    let (change_until, change_refusal) = if row.cancelled_at.is_some() {
        (None, Some("This order was cancelled.".to_owned()))
    } else if shipped {
        (None, Some("The order has shipped, so it can no longer be changed or cancelled.".to_owned()))
    } else if declined && !any_cut && !any_special {
        (None, None)
    } else {
        match change_window(placed_at, now, any_cut, any_special) {
            Ok(left) => (Some(now + left), None),
            Err(refusal) => (None, Some(refusal.message().to_owned())),
        }
    };
    let card = row.card_charge_id.as_ref().map(|_| {
        let charged_on = market_clock::day(Currency::Usd, placed_at);
        CardPayment {
            brand: supplies::cards::brand_label(row.card_brand.as_deref().unwrap_or_default()).to_owned(),
            last4: row.card_last4.clone().unwrap_or_default(),
            charged_on,
            charged: usd(row.card_charged_minor),
            refunded: usd(row.card_refunded_minor),
            statement_date: supplies::cards::statement_date(charged_on),
            dispute_until: supplies::cards::dispute_until(charged_on),
            dispute: row.dispute_reason.clone().map(|reason| CardDispute {
                reason,
                opened_at: db::from_ts(row.dispute_opened_at.unwrap_or(row.placed_at)),
            }),
        }
    });
    let ship_date = match &proposal {
        Some(p) if p.accepted == Some(true) => p.date,
        _ => row.ship_date.parse().unwrap_or_default(),
    };
    StoreOrder {
        id: row.id,
        number: row.number,
        placed_at,
        lines: lines
            .into_iter()
            .map(|l| StoreOrderLine {
                id: l.id,
                line_no: l.line_no as u32,
                delivered_at: l.delivered(),
                spec: LineSpec {
                    sku: l.sku,
                    width_mils: l.width_mils.and_then(|v| u32::try_from(v).ok()),
                    length_mils: l.length_mils.and_then(|v| u32::try_from(v).ok()),
                    pieces: u32::try_from(l.pieces).unwrap_or(0),
                    mill_test_report: l.mtr,
                    certificate_of_compliance: l.coc,
                },
                name: l.name,
                special_order: l.special_order,
                piece_price: usd(l.piece_price_minor),
                total: usd(l.total_minor),
                status: line_status(&l.status),
                shipped_pieces: u32::try_from(l.shipped_pieces).unwrap_or(0),
                tracking: l.tracking,
            })
            .collect(),
        ship_to: serde_json::from_str(&row.ship_to).unwrap_or_default(),
        method: ShipMethod::parse(&row.method).unwrap_or(ShipMethod::Ground),
        promo: row.promo_code,
        goods: usd(row.goods_minor),
        discount: usd(row.discount_minor),
        shipping: usd(row.shipping_minor),
        tax: usd(row.tax_minor),
        total: usd(row.total_minor),
        payment: StorePayment::parse(&row.payment).unwrap_or(StorePayment::JobFunds),
        from_funds: usd(row.from_funds_minor),
        invoiced: usd(row.invoiced_minor),
        po_number: row.po_number,
        ship_date,
        cancelled_at: row.cancelled_at.map(db::from_ts),
        change_until,
        change_refusal,
        returns: returns.into_iter().map(to_return).collect(),
        claims,
        proposal,
        card,
    }
}

async fn claims_of(conn: &mut SqliteConnection, order_id: i64) -> ApiResult<Vec<StoreClaim>> {
    let photos = db::store::claim_photos(&mut *conn, order_id).await?;
    Ok(db::store::claims_of(&mut *conn, order_id)
        .await?
        .into_iter()
        .map(|c| StoreClaim {
            id: c.id,
            number: c.number,
            kind: ClaimKind::parse(&c.kind).unwrap_or(ClaimKind::Damaged),
            freight: c.freight,
            delivered_at: db::from_ts(c.delivered_at),
            carrier_ref: c.carrier_ref,
            description: c.description,
            lines: serde_json::from_str(&c.lines).unwrap_or_default(),
            photos: photos
                .iter()
                .filter(|p| p.claim_id == Some(c.id))
                .map(|p| ClaimPhoto { id: p.id, name: p.name.clone(), size: u64::try_from(p.size).unwrap_or(0) })
                .collect(),
            created_at: db::from_ts(c.created_at),
        })
        .collect())
}

fn to_return(r: db::store::ReturnRow) -> StoreReturn {
    let goods = r.goods_minor;
    StoreReturn {
        id: r.id,
        number: r.number,
        reason: ReturnReason::parse(&r.reason).unwrap_or(ReturnReason::Other),
        note: r.note,
        lines: serde_json::from_str(&r.lines).unwrap_or_default(),
        goods: usd(goods),
        restocking_fee: usd(goods - r.refund_estimate_minor - r.return_shipping_minor),
        return_shipping: usd(r.return_shipping_minor),
        refund_estimate: usd(r.refund_estimate_minor),
        status: ReturnStatus::parse(&r.status).unwrap_or(ReturnStatus::Requested),
        requested_at: db::from_ts(r.requested_at),
        return_by: r.return_by.parse().unwrap_or_default(),
        refund: r.refund_minor.map(usd),
    }
}

async fn order_of(conn: &mut SqliteConnection, partner_id: i64, id: i64, now: DateTime<Utc>) -> ApiResult<StoreOrder> {
    let row = db::store::order(&mut *conn, partner_id, id).await?.ok_or(ApiError::NotFound("store order"))?;
    let lines = db::store::lines(&mut *conn, &[id]).await?;
    let returns = db::store::returns_of(&mut *conn, id).await?;
    let claims = claims_of(&mut *conn, id).await?;
    Ok(to_order(row, lines, returns, claims, now))
}

pub async fn order(state: &AppState, partner_id: i64, id: i64) -> ApiResult<StoreOrder> {
    let mut conn = state.db.read.acquire().await?;
    order_of(&mut conn, partner_id, id, state.clock.now()).await
}

pub async fn orders(state: &AppState, partner_id: i64) -> ApiResult<StoreOrders> {
    let mut conn = state.db.read.acquire().await?;
    let rows = db::store::orders(&mut conn, partner_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut lines = db::store::lines(&mut conn, &ids).await?;
    let now = state.clock.now();
    let mut orders = Vec::with_capacity(rows.len());
    for row in rows {
        let (mine, rest): (Vec<_>, Vec<_>) = lines.drain(..).partition(|l| l.order_id == row.id);
        lines = rest;
        let returns = db::store::returns_of(&mut conn, row.id).await?;
        let claims = claims_of(&mut conn, row.id).await?;
        orders.push(to_order(row, mine, returns, claims, now));
    }
    Ok(StoreOrders { orders })
}

/// R-SUP-7: cancels an order within the hour after it was placed, while nothing is cut and
/// nothing is special order; the job funds it used are free again and its invoices void.
pub async fn cancel(state: &AppState, partner_id: i64, id: i64) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    if order.cancelled_at.is_some() {
        return Ok(order);
    }
    if let Some(why) = order.change_refusal {
        return Err(ApiError::Conflict(why));
    }
    // A card payment goes back to the card in full.
    refund_card(state, &mut tx, &order, order.total.amount_minor, &format!("cancel-{id}")).await?;
    db::store::cancel(&mut tx, id, now).await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// Gives `amount_minor` of a card-paid order back to the card (at most what is left of the
/// charge), once per `key`; orders paid otherwise are left to their own refund path.
async fn refund_card(
    state: &AppState,
    conn: &mut SqliteConnection,
    order: &StoreOrder,
    amount_minor: i64,
    key: &str,
) -> ApiResult<()> {
    let Some(card) = &order.card else { return Ok(()) };
    let amount = amount_minor.min(card.charged.amount_minor - card.refunded.amount_minor);
    if amount <= 0 {
        return Ok(());
    }
    let provider = state.payments.as_ref().ok_or(ApiError::Busy {
        detail: "The card provider is not set up on this server; the card cannot be refunded now.",
        retry_after_secs: 60,
    })?;
    let charge_id = db::store::card_charge_id(&mut *conn, order.id)
        .await?
        .ok_or(ApiError::internal("card order without its charge"))?;
    provider.refund(&charge_id, amount, key).await?;
    db::store::add_card_refund(conn, order.id, amount).await?;
    Ok(())
}

/// The store order's invoice as a PDF (every order has one: what it cost and how it is paid).
pub async fn invoice_pdf(state: &AppState, partner_id: i64, id: i64) -> ApiResult<(String, Vec<u8>)> {
    let mut conn = state.db.read.acquire().await?;
    let order = order_of(&mut conn, partner_id, id, state.clock.now()).await?;
    let today = today(state);
    let invoice = db::store::invoices(&mut *conn, partner_id)
        .await?
        .into_iter()
        .find(|r| r.order_id == id)
        .map(|r| to_invoice(r, today));
    let me = db::partners::by_id(&mut *conn, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    let name = format!("{}.pdf", invoice.as_ref().map_or(order.number.as_str(), |i| i.number.as_str()));
    Ok((name, crate::documents::store_invoice(&order, invoice.as_ref(), &me.company)))
}

/// R-SUP-10: a line's mill test report (`mtr`) or certificate of compliance (`coc`), once the
/// line is cut; a document that was not requested is not there (404).
pub async fn certificate_pdf(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    line_id: i64,
    kind: &str,
) -> ApiResult<(String, Vec<u8>)> {
    let mut conn = state.db.read.acquire().await?;
    let order = order_of(&mut conn, partner_id, order_id, state.clock.now()).await?;
    let line = order.lines.iter().find(|l| l.id == line_id).ok_or(ApiError::NotFound("store order line"))?;
    let mtr = match kind {
        "mtr" if line.spec.mill_test_report => true,
        "coc" if line.spec.certificate_of_compliance => false,
        _ => return Err(ApiError::NotFound("document (not requested for this line)")),
    };
    if !supplies::certificates_ready(line.status) {
        return Err(ApiError::Conflict(
            "The line's documents are ready once it is cut; the order page shows when.".into(),
        ));
    }
    let name = format!("{}-{}-{kind}.pdf", order.number, line.line_no);
    Ok((name, crate::documents::store_certificate(&order, line, mtr)))
}

/// R-SUP-11: disputes the card charge of one of the partner's orders, within 14 days of its
/// statement.
pub async fn dispute(state: &AppState, partner_id: i64, id: i64, reason: &str) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    let Some(card) = &order.card else {
        return Err(ApiError::Conflict("Only card payments can be disputed; object to an invoice instead.".into()));
    };
    if card.dispute.is_some() {
        return Err(ApiError::Conflict("This charge is disputed already.".into()));
    }
    let errors = supplies::cards::check_dispute(reason, card.charged_on, today(state));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    db::store::open_dispute(&mut tx, id, reason.trim(), now).await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// R-SUP-7: changes an order within the hour while nothing is cut (never special order): lines
/// get fewer pieces or go. The figures are worked out again by the checkout's rules (the same
/// promotion and tax; LTL freight that is no longer needed becomes free ground), and what the
/// order costs less goes back: off the invoiced rest first, then to the job funds, or to the card.
pub async fn change(state: &AppState, partner_id: i64, id: i64, change: &OrderChange) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    if let Some(why) = &order.change_refusal {
        return Err(ApiError::Conflict(why.clone()));
    }
    let live: Vec<&StoreOrderLine> = order.lines.iter().filter(|l| l.status != StoreLineStatus::Cancelled).collect();
    let errors = supplies::check_change(&live.iter().map(|l| (l.id, l.spec.pieces)).collect::<Vec<_>>(), &change.lines);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    // The lines kept, priced for their new pieces: (product, price, name).
    let mut kept = Vec::new();
    for line in &live {
        let pieces = change.lines.iter().find(|c| c.line_id == line.id).map_or(line.spec.pieces, |c| c.pieces);
        if pieces == 0 {
            db::store::change_line(&mut tx, line.id, 0, line.piece_price.amount_minor, 0).await?;
            continue;
        }
        let spec = LineSpec { pieces, ..line.spec.clone() };
        let (product, priced) = priced(state, &spec)?;
        db::store::change_line(&mut tx, line.id, pieces, priced.piece_price_minor, priced.total_minor).await?;
        kept.push((product, priced, line.name.clone()));
    }
    let goods: i64 = kept.iter().map(|(_, p, _)| p.total_minor).sum();
    let weight = CentiPounds(kept.iter().fold(0u32, |w, (_, p, _)| w.saturating_add(p.weight.0)));
    let longest = kept.iter().map(|(_, p, _)| p.facts.length).max().unwrap_or(Mils(0));
    let mut method = order.method;
    if !ship_methods(weight, longest).contains(&method) {
        // Only LTL freight can stop applying when an order gets smaller.
        method = ShipMethod::Ground;
    }
    let placed_on = market_clock::day(Currency::Usd, order.placed_at);
    let discount = match order.promo.as_deref() {
        Some(code) => {
            let lines: Vec<PromoLine> = kept
                .iter()
                .map(|(product, p, name)| PromoLine { name, pricing: product.pricing, total_minor: p.total_minor })
                .collect();
            apply_promo(&state.promos, code, &lines, placed_on)
                .map_err(|why| {
                    ApiError::Invalid(vec![FieldError::new(
                        "lines",
                        "promo",
                        format!("{why} Cancel the order instead, or keep more pieces."),
                    )])
                })?
                .discount_minor
        }
        None => 0,
    };
    let ship_state = order.ship_to.state.trim().to_ascii_uppercase();
    let exempt = db::store::exempt_in(&mut *tx, partner_id, &ship_state).await?;
    let OrderFigures { shipping, tax, total } =
        order_figures(goods, discount, Some(method), weight, &ship_state, exempt);
    let less = order.total.amount_minor - total;
    let (from_funds, invoiced) = match order.payment {
        StorePayment::JobFunds => {
            let before = FundsSplit { from_funds: order.from_funds, invoiced: order.invoiced };
            let after = supplies::funds_after_change(&before, usd(total));
            (after.from_funds.amount_minor, after.invoiced.amount_minor)
        }
        StorePayment::PurchaseOrder => (0, total),
        StorePayment::Card => (0, 0),
    };
    if less > 0 {
        refund_card(state, &mut tx, &order, less, &format!("change-{id}-{total}")).await?;
    }
    db::store::change_figures(
        &mut tx,
        id,
        &db::store::ChangedFigures {
            method: method.slug(),
            goods_minor: goods,
            discount_minor: discount,
            shipping_minor: shipping,
            tax_minor: tax,
            total_minor: total,
            from_funds_minor: from_funds,
            invoiced_minor: invoiced,
        },
        now,
    )
    .await?;
    let order = order_of(&mut tx, partner_id, id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// The operator records what happened to a line: cut, shipped (all or some pieces: the rest is
/// back-ordered, R-SUP-12), back-ordered, delivered.
pub async fn line_event(
    state: &AppState,
    order_id: i64,
    line_id: i64,
    event: &StoreLineEvent,
) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let partner_id = db::store::order_owner(&mut *tx, order_id).await?.ok_or(ApiError::NotFound("store order"))?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    if order.cancelled_at.is_some() {
        return Err(ApiError::Conflict("This order was cancelled.".into()));
    }
    let line = order.lines.iter().find(|l| l.id == line_id).ok_or(ApiError::NotFound("store order line"))?;
    let pieces = line.spec.pieces;
    let shipped = match event.status {
        StoreLineStatus::Shipped | StoreLineStatus::BackOrdered => event
            .shipped_pieces
            .unwrap_or(if event.status == StoreLineStatus::Shipped { pieces } else { line.shipped_pieces }),
        // Delivered without a shipment recorded: every piece came.
        StoreLineStatus::Delivered if line.shipped_pieces == 0 => pieces,
        _ => line.shipped_pieces,
    };
    if shipped > pieces {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "shipped_pieces",
            "range",
            format!("The line has {pieces} pieces."),
        )]));
    }
    if event.status == StoreLineStatus::Cancelled {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "status",
            "invalid",
            "Lines are cancelled with their order, by the partner.",
        )]));
    }
    // Shipping fewer pieces than ordered leaves the rest back-ordered.
    let status = if event.status == StoreLineStatus::Shipped && shipped < pieces {
        StoreLineStatus::BackOrdered
    } else {
        event.status
    };
    db::store::set_line(&mut tx, line_id, status.slug(), i64::from(shipped), event.tracking.as_deref(), now).await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// R-SUP-2: the operator grants or withdraws a partner's credit terms.
pub async fn set_credit_terms(state: &AppState, partner_id: i64, approved: bool) -> ApiResult<()> {
    if !db::store::set_credit_terms(&state.db.write, partner_id, approved).await? {
        return Err(ApiError::NotFound("partner"));
    }
    Ok(())
}

/// R-SUP-8: requests a return (an RMA) of delivered lines within 14 days of receipt, never
/// special order; the refund is estimated now (the goods less 30% and the return shipping).
pub async fn request_return(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    new: &NewReturn,
) -> ApiResult<StoreOrder> {
    use portal_core::supplies::returns::{RETURN_SHIPPING_MINOR, ReturnableLine, check_return, return_by};
    let now = state.clock.now();
    let today = today(state);
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    let returned = |line_id: i64| -> u32 {
        order.returns.iter().flat_map(|r| r.lines.iter()).filter(|l| l.line_id == line_id).map(|l| l.pieces).sum()
    };
    let lines: Vec<ReturnableLine> = order
        .lines
        .iter()
        .map(|l| ReturnableLine {
            id: l.id,
            name: l.name.clone(),
            special_order: l.special_order,
            delivered_on: l.delivered_at.map(|t| market_clock::day(Currency::Usd, t)),
            delivered_pieces: l.shipped_pieces,
            returned_pieces: returned(l.id),
            piece_price_minor: l.piece_price.amount_minor,
        })
        .collect();
    let goods = check_return(&lines, &new.lines, today).map_err(ApiError::Invalid)?;
    let wanted: Vec<_> = new.lines.iter().filter(|l| l.pieces > 0).cloned().collect();
    let delivered = wanted
        .iter()
        .filter_map(|w| lines.iter().find(|l| l.id == w.line_id).and_then(|l| l.delivered_on))
        .min()
        .unwrap_or(today);
    let estimate = supplies::refund_estimate(usd(goods), usd(RETURN_SHIPPING_MINOR)).amount_minor;
    db::store::insert_return(
        &mut tx,
        &db::store::NewReturnRow {
            order_id,
            partner_id,
            reason: new.reason.slug(),
            note: new.note.trim(),
            lines: &serde_json::to_string(&wanted).map_err(ApiError::internal)?,
            goods_minor: goods,
            return_shipping_minor: RETURN_SHIPPING_MINOR,
            refund_estimate_minor: estimate,
            return_by: return_by(delivered),
            at: now,
        },
    )
    .await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// The printable return form of one of the partner's returns: its name and the PDF.
pub async fn return_form(state: &AppState, partner_id: i64, return_id: i64) -> ApiResult<(String, Vec<u8>)> {
    let mut conn = state.db.read.acquire().await?;
    let (order_id, owner, _) =
        db::store::return_owner(&mut *conn, return_id).await?.ok_or(ApiError::NotFound("return"))?;
    if owner != partner_id {
        return Err(ApiError::NotFound("return"));
    }
    let order = order_of(&mut conn, partner_id, order_id, state.clock.now()).await?;
    let rma = order.returns.iter().find(|r| r.id == return_id).ok_or(ApiError::NotFound("return"))?;
    let me = db::partners::by_id(&mut *conn, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    Ok((format!("{}.pdf", rma.number), crate::documents::return_form(&order, rma, &me.company)))
}

/// The operator approves a return, then records its refund (forward only).
pub async fn return_status(state: &AppState, return_id: i64, change: &ReturnStatusChange) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let (order_id, partner_id, status) =
        db::store::return_owner(&mut *tx, return_id).await?.ok_or(ApiError::NotFound("return"))?;
    let from = ReturnStatus::parse(&status).unwrap_or(ReturnStatus::Requested);
    if change.status < from {
        return Err(ApiError::Conflict(format!("The return is {} already.", from.label().to_lowercase())));
    }
    if change.refund.is_some_and(|r| r.currency != STORE_CURRENCY || r.amount_minor < 0) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "refund",
            "invalid",
            "A refund is a positive amount in USD.",
        )]));
    }
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    let estimate = order.returns.iter().find(|r| r.id == return_id).map(|r| r.refund_estimate.amount_minor);
    let refund = (change.status == ReturnStatus::Refunded)
        .then(|| change.refund.map_or(estimate.unwrap_or(0), |r| r.amount_minor));
    if let Some(amount) = refund.filter(|_| from != ReturnStatus::Refunded) {
        refund_card(state, &mut tx, &order, amount, &format!("return-{return_id}")).await?;
    }
    db::store::set_return_status(&mut *tx, return_id, change.status.slug(), refund, now).await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// R-SUP-9: a photo for a claim on one of the partner's store orders, checked by its content
/// (decoded to the last byte, turned upright, encoded again without metadata) like every upload.
pub async fn claim_photo(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    file: impl std::future::Future<Output = ApiResult<super::files::Incoming>>,
) -> ApiResult<ClaimPhoto> {
    use portal_core::upload::Purpose;
    {
        let mut conn = state.db.read.acquire().await?;
        db::store::order(&mut conn, partner_id, order_id).await?.ok_or(ApiError::NotFound("store order"))?;
    }
    let Kept { name, kind, stored_name, path, size } = keep(state, partner_id, Purpose::ClaimPhoto, file).await?;
    let id = match db::store::insert_claim_photo(
        &state.db.write,
        partner_id,
        order_id,
        &name,
        kind.slug(),
        size,
        &stored_name,
        state.clock.now(),
    )
    .await
    {
        Ok(id) => id,
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(e.into());
        }
    };
    Ok(ClaimPhoto { id, name, size })
}

/// One of the partner's claim photos: its kind and bytes.
pub async fn claim_photo_file(state: &AppState, partner_id: i64, id: i64) -> ApiResult<(&'static str, Vec<u8>)> {
    let row = db::store::claim_photo(&state.db.read, partner_id, id).await?.ok_or(ApiError::NotFound("photo"))?;
    let kind = portal_core::upload::FileKind::parse(&row.media_type).ok_or(ApiError::NotFound("photo"))?;
    let bytes = tokio::fs::read(state.files.join(&row.stored_name)).await.map_err(ApiError::internal)?;
    Ok((kind.slug(), bytes))
}

/// R-SUP-9: files a claim for damaged or wrong goods on shipped or delivered lines, with photos
/// uploaded to the order; freight damage only within 24 hours of delivery.
pub async fn file_claim(state: &AppState, partner_id: i64, order_id: i64, new: &NewClaim) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    let mut errors = portal_core::supplies::claims::check_claim(new, order.placed_at, now);
    for (i, l) in new.lines.iter().enumerate().filter(|(_, l)| l.pieces > 0) {
        let field = format!("lines[{i}].pieces");
        match order.lines.iter().find(|o| o.id == l.line_id) {
            None => errors.push(FieldError::new(&field, "unknown", "This line is not part of the order.")),
            Some(o) if o.shipped_pieces == 0 => {
                errors.push(FieldError::new(&field, "not_shipped", format!("{} has not shipped yet.", o.name)));
            }
            Some(o) if l.pieces > o.shipped_pieces => errors.push(FieldError::new(
                &field,
                "range",
                format!("{} pieces of {} were shipped.", o.shipped_pieces, o.name),
            )),
            Some(_) => {}
        }
    }
    let photos = db::store::claim_photos(&mut tx, order_id).await?;
    if new.photo_ids.iter().any(|id| !photos.iter().any(|p| p.id == *id && p.claim_id.is_none())) {
        errors.push(FieldError::new("photos", "unknown", "Add the photos to this order's claim again."));
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let lines: Vec<_> = new.lines.iter().filter(|l| l.pieces > 0).cloned().collect();
    db::store::insert_claim(
        &mut tx,
        &db::store::NewClaimRow {
            order_id,
            partner_id,
            kind: new.kind.slug(),
            freight: new.freight,
            delivered_at: new.delivered_at,
            carrier_ref: new.carrier_ref.trim(),
            description: new.description.trim(),
            lines: &serde_json::to_string(&lines).map_err(ApiError::internal)?,
            at: now,
        },
        &new.photo_ids,
    )
    .await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// R-SUP-12: the store proposes a new ship date; the partner has 48 hours to answer, then it
/// counts as accepted.
pub async fn propose(state: &AppState, order_id: i64, new: &NewProposal) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let partner_id = db::store::order_owner(&mut *tx, order_id).await?.ok_or(ApiError::NotFound("store order"))?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    if order.cancelled_at.is_some() || order.lines.iter().all(|l| l.shipped_pieces >= l.spec.pieces) {
        return Err(ApiError::Conflict("The order was cancelled or has shipped.".into()));
    }
    if new.date <= today(state) {
        return Err(ApiError::Invalid(vec![FieldError::new("date", "past", "Propose a date after today.")]));
    }
    db::store::propose(&mut *tx, order_id, new.date, now + supplies::PROPOSAL_ANSWER_WINDOW).await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

/// R-SUP-12: the partner accepts or declines the proposed date before its deadline.
pub async fn answer_proposal(state: &AppState, partner_id: i64, order_id: i64, accept: bool) -> ApiResult<StoreOrder> {
    let now = state.clock.now();
    let mut tx = state.db.write.begin().await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    let Some(proposal) = &order.proposal else {
        return Err(ApiError::Conflict("The store has not proposed a new ship date for this order.".into()));
    };
    if proposal.accepted.is_some() {
        let how =
            if proposal.by_default { "counted as accepted (not answered by its deadline)" } else { "answered already" };
        return Err(ApiError::Conflict(format!("The proposed date was {how}.")));
    }
    db::store::answer_proposal(&mut *tx, order_id, accept).await?;
    let order = order_of(&mut tx, partner_id, order_id, now).await?;
    tx.commit().await?;
    Ok(order)
}

fn to_invoice(r: db::store::InvoiceRow, today: NaiveDate) -> StoreInvoice {
    let invoice_date: NaiveDate = r.invoice_date.parse().unwrap_or_default();
    let due_date: NaiveDate = r.due_date.parse().unwrap_or_default();
    let purchase_order = r.kind == "purchase_order";
    let paid = r.paid_at.is_some();
    let overdue = !paid && today > due_date;
    StoreInvoice {
        id: r.id,
        number: format!("SI-{}", 30_000 + r.id),
        order_id: r.order_id,
        order_number: r.order_number,
        purchase_order,
        amount: usd(r.amount_minor),
        invoice_date,
        due_date,
        paid,
        overdue,
        interest: if purchase_order && overdue {
            supplies::po_interest(usd(r.amount_minor), invoice_date, today)
        } else {
            usd(0)
        },
        objection_until: supplies::objection_until(invoice_date),
        objection: r.objection,
    }
}

/// R-SUP-2, R-SUP-11: the partner's store invoices with their due dates, and interest on overdue
/// purchase orders.
pub async fn invoices(state: &AppState, partner_id: i64) -> ApiResult<StoreInvoices> {
    let today = today(state);
    let rows = db::store::invoices(&state.db.read, partner_id).await?;
    Ok(StoreInvoices { invoices: rows.into_iter().map(|r| to_invoice(r, today)).collect() })
}

/// R-SUP-2: an objection to a store invoice, within 10 days of receipt (once).
pub async fn object(state: &AppState, partner_id: i64, id: i64, reason: &str) -> ApiResult<StoreInvoice> {
    let today = today(state);
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "reason",
            "required",
            "Say what is wrong with the invoice (at least 10 characters).",
        )]));
    }
    let rows = db::store::invoices(&state.db.write, partner_id).await?;
    let invoice = rows
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| to_invoice(r, today))
        .ok_or(ApiError::NotFound("store invoice"))?;
    if invoice.objection.is_some() {
        return Err(ApiError::Conflict("You objected to this invoice already; the store answers it.".into()));
    }
    if today > invoice.objection_until {
        return Err(ApiError::Conflict(format!(
            "Objections are raised within 10 days of receipt; for this invoice that was until {}.",
            portal_core::format::date(invoice.objection_until)
        )));
    }
    db::store::object(&state.db.write, id, reason, state.clock.now()).await?;
    let rows = db::store::invoices(&state.db.write, partner_id).await?;
    rows.into_iter().find(|r| r.id == id).map(|r| to_invoice(r, today)).ok_or(ApiError::NotFound("store invoice"))
}

/// The operator records a store invoice as paid.
pub async fn invoice_paid(state: &AppState, id: i64) -> ApiResult<()> {
    if !db::store::invoice_paid(&state.db.write, id, state.clock.now()).await? {
        return Err(ApiError::NotFound("store invoice"));
    }
    Ok(())
}

/// R-SUP-4: the partner's tax exemption certificates.
pub async fn tax_certificates(state: &AppState, partner_id: i64) -> ApiResult<TaxCertificates> {
    Ok(TaxCertificates { certificates: db::store::tax_certificates(&state.db.read, partner_id).await? })
}

/// R-SUP-4: keeps a tax exemption certificate (a PDF, checked by its content to the last byte)
/// for a state; it removes the sales tax on orders shipped there. A new one replaces the old.
pub async fn put_tax_certificate(
    state: &AppState,
    partner_id: i64,
    us_state: &str,
    file: impl std::future::Future<Output = ApiResult<super::files::Incoming>>,
) -> ApiResult<TaxCertificates> {
    use portal_core::upload::Purpose;
    let us_state = us_state.trim().to_ascii_uppercase();
    if !portal_core::supplies::checkout::US_STATES.contains(&us_state.as_str()) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "state",
            "unknown",
            "Give the two-letter state code, such as OH.",
        )]));
    }
    let Kept { name, stored_name, path, size, .. } = keep(state, partner_id, Purpose::TaxCertificate, file).await?;
    let mut conn = state.db.write.acquire().await?;
    match db::store::put_tax_certificate(&mut conn, partner_id, &us_state, &name, size, &stored_name, state.clock.now())
        .await
    {
        Ok(Some(old)) => {
            let _ = tokio::fs::remove_file(state.files.join(old)).await;
        }
        Ok(None) => {}
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(e.into());
        }
    }
    Ok(TaxCertificates { certificates: db::store::tax_certificates(&mut *conn, partner_id).await? })
}

/// R-SUP-4: removes one of the partner's certificates.
pub async fn remove_tax_certificate(state: &AppState, partner_id: i64, id: i64) -> ApiResult<TaxCertificates> {
    let stored = db::store::remove_tax_certificate(&state.db.write, partner_id, id)
        .await?
        .ok_or(ApiError::NotFound("tax certificate"))?;
    let _ = tokio::fs::remove_file(state.files.join(stored)).await;
    tax_certificates(state, partner_id).await
}

/// A store upload checked and written to the uploads folder.
struct Kept {
    name: String,
    kind: portal_core::upload::FileKind,
    stored_name: String,
    path: std::path::PathBuf,
    size: u64,
}

/// Receives a store upload within the partner's rate, checks it by its content to the last byte
/// for `purpose` (`files::checked`, as every upload) and writes it under a random name.
async fn keep(
    state: &AppState,
    partner_id: i64,
    purpose: portal_core::upload::Purpose,
    file: impl std::future::Future<Output = ApiResult<super::files::Incoming>>,
) -> ApiResult<Kept> {
    state.upload_attempts.admit(partner_id, state.clock.now(), state.upload_quota).map_err(ApiError::FileRefused)?;
    let mut incoming = file.await?;
    let (name, bytes) = incoming.take().await?;
    let (kind, stored) = {
        let _turn = state.decoding.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || super::files::checked(purpose, &bytes))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::FileRefused)?
    };
    let stored_name = super::files::random_name(&format!(".{}", kind.extension()));
    let path = state.files.join(&stored_name);
    tokio::fs::create_dir_all(state.files.as_ref()).await.map_err(ApiError::internal)?;
    tokio::fs::write(&path, &stored).await.map_err(ApiError::internal)?;
    Ok(Kept { name, kind, stored_name, path, size: stored.len() as u64 })
}
