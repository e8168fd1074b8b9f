//! The supplies store (issue 19, R-SUP-1..12) through its routes: the catalog, the cart kept per
//! partner, the checkout's quote, idempotent orders, job funds, purchase orders, cancelling
//! within the hour, the operator's line events, and another partner's cart and orders (404).

use chrono::Duration;
use serde_json::{Value, json};

use crate::common::*;

const SHEET: &str = "AL6061-SH-0125";
/// Special-order (custom-quoted) 7075 plate, 4 in thick.
const QUOTED_PLATE: &str = "AL7075-PL-4000";

fn ohio() -> Value {
    json!({ "name": "Test Shop", "street": "400 Commerce Way", "city": "Columbus", "state": "OH", "zip": "43219" })
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    client.post(app.url(path)).json(&body).send().await.unwrap()
}

async fn add(client: &reqwest::Client, app: &TestApp, line: Value) -> Value {
    let res = post(client, app, "/api/v1/store/cart/lines", line).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn place(client: &reqwest::Client, app: &TestApp, key: &str, body: Value) -> reqwest::Response {
    client.post(app.url("/api/v1/store/orders")).header("idempotency-key", key).json(&body).send().await.unwrap()
}

fn fields(p: &Value) -> Vec<String> {
    p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

async fn shop(app: &TestApp, email: &str) -> (i64, reqwest::Client) {
    let id = app.partner(email, cnc_caps(), t0() - Duration::days(90)).await;
    (id, app.login(email).await)
}

#[tokio::test]
async fn r_sup_1_the_catalog_is_searched_filtered_sorted_and_paged() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let all: Value = app.get(&client, "/api/v1/store/products").await;
    assert!(all["catalog_size"].as_u64().unwrap() >= 300, "{}", all["catalog_size"]);
    assert_eq!(all["products"].as_array().unwrap().len(), 24, "a page");
    let found: Value = app.get(&client, "/api/v1/store/products?q=6061%20sheet&in_stock=true&sort=price").await;
    let products = found["products"].as_array().unwrap();
    assert!(!products.is_empty());
    assert!(products.iter().all(|p| p["alloy"].as_str().unwrap().starts_with("6061") && p["category"] == "sheet"));
    assert!(products.iter().all(|p| p["in_stock"].as_u64().unwrap() > 0));
    let prices: Vec<i64> = products.iter().map(|p| p["unit_price_minor"].as_i64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "sorted by price: {prices:?}");
    // Filters narrow; the category facet still offers the others with their counts.
    let rods: Value = app.get(&client, "/api/v1/store/products?category=rod&material=stainless&size=1000").await;
    assert!(rods["products"].as_array().unwrap().iter().all(|p| p["category"] == "rod" && p["size_mils"] == 1000));
    let categories = rods["categories"].as_array().unwrap();
    assert!(categories.iter().any(|c| c["value"] == "bar"), "{categories:?}");
    let page2: Value = app.get(&client, "/api/v1/store/products?page=2").await;
    assert_ne!(page2["products"][0]["sku"], all["products"][0]["sku"]);
    let sheet: Value = app.get(&client, &format!("/api/v1/store/products/{SHEET}")).await;
    assert_eq!(sheet["tolerance"], "Thickness ±0.005 in");
    let res = client.get(app.url("/api/v1/store/products/NOPE")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn r_sup_1_the_cart_lives_on_the_server_checked_and_priced_by_the_rules() {
    let app = spawn_app().await;
    let (_, laptop) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    // A bad size is named, and nothing is stored.
    let res = post(
        &laptop,
        &app,
        "/api/v1/store/cart/lines",
        json!({ "sku": SHEET, "width_mils": 49_000, "length_mils": 12_000, "pieces": 0 }),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(fields(&problem(res).await), ["pieces", "width"]);
    let cart: Value = app.get(&laptop, "/api/v1/store/cart").await;
    assert_eq!(cart["lines"], json!([]));
    // 12 x 12 in of $9.88/sq ft sheet + $3.50 cut = $13.38 a piece.
    let cart =
        add(&laptop, &app, json!({ "sku": SHEET, "width_mils": 12_000, "length_mils": 12_000, "pieces": 3 })).await;
    assert_eq!(cart["lines"][0]["piece_price"]["amount_minor"], 1_338);
    assert_eq!(cart["goods"]["amount_minor"], 4_014);
    // Another device of the same partner sees it.
    let tablet = app.login("shop@example.com").await;
    let seen: Value = app.get(&tablet, "/api/v1/store/cart").await;
    assert_eq!(seen["lines"], cart["lines"]);
    let line = cart["lines"][0]["id"].as_i64().unwrap();
    // Another partner can neither see nor change it.
    let theirs: Value = app.get(&other, "/api/v1/store/cart").await;
    assert_eq!(theirs["lines"], json!([]));
    let res = other
        .put(app.url(&format!("/api/v1/store/cart/lines/{line}")))
        .json(&json!({ "pieces": 9 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = other.delete(app.url(&format!("/api/v1/store/cart/lines/{line}"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // R-SUP-5: 26 pieces need extra processing, named on the line.
    let res = tablet
        .put(app.url(&format!("/api/v1/store/cart/lines/{line}")))
        .json(&json!({ "pieces": 26 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cart: Value = res.json().await.unwrap();
    assert_eq!(cart["lines"][0]["delays"], json!(["More than 25 pieces need extra processing."]));
    let res = tablet.delete(app.url(&format!("/api/v1/store/cart/lines/{line}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["lines"], json!([]));
}

#[tokio::test]
async fn r_sup_6_r_sup_3_the_quote_refuses_addresses_methods_and_codes_with_reasons() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": QUOTED_PLATE, "width_mils": 12_000, "length_mils": 12_000, "pieces": 1 })).await;
    let quote = |body: Value| {
        let client = client.clone();
        let url = app.url("/api/v1/store/quote");
        async move { client.post(url).json(&body).send().await.unwrap() }
    };
    let mut alaska = ohio();
    alaska["state"] = json!("AK");
    let p = problem(quote(json!({ "ship_to": alaska })).await).await;
    assert_eq!(fields(&p), ["ship_to.state"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("contiguous"));
    let mut po_box = ohio();
    po_box["street"] = json!("P.O. Box 12");
    assert_eq!(fields(&problem(quote(json!({ "ship_to": po_box })).await).await), ["ship_to.street"]);
    // R-SUP-3: the only line is custom-quoted.
    let p = problem(quote(json!({ "ship_to": ohio(), "promo": "SHOP10" })).await).await;
    assert_eq!(fields(&p), ["promo"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("custom-quoted"), "{p}");
    // 12 x 12 x 4 in of 7075 weighs 58 lb: parcel methods; ground is free; Ohio's tax is 5.75%.
    let res = quote(json!({ "ship_to": ohio(), "method": "ground" })).await;
    assert_eq!(res.status(), 200);
    let q: Value = res.json().await.unwrap();
    let methods: Vec<&str> = q["methods"].as_array().unwrap().iter().map(|m| m["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["ground", "expedited", "overnight"]);
    let goods = q["goods"]["amount_minor"].as_i64().unwrap();
    assert_eq!(q["tax"]["amount_minor"].as_i64().unwrap(), (goods * 575 + 5_000) / 10_000);
    assert_eq!(q["total"]["amount_minor"].as_i64().unwrap(), goods + q["tax"]["amount_minor"].as_i64().unwrap());
    // R-SUP-6: over 150 lb ships by LTL freight only, never expedited.
    add(&client, &app, json!({ "sku": "A36-PL-1000", "width_mils": 24_000, "length_mils": 24_000, "pieces": 1 })).await;
    let p = problem(quote(json!({ "ship_to": ohio(), "method": "expedited" })).await).await;
    assert_eq!(fields(&p), ["method"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("cannot be expedited"), "{p}");
    let q: Value = quote(json!({ "ship_to": ohio(), "method": "ltl_freight" })).await.json().await.unwrap();
    assert_eq!(q["methods"][0]["method"], "ltl_freight");
    assert!(q["shipping"]["amount_minor"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn r_sup_1_job_funds_pay_what_they_cover_the_rest_is_invoiced_and_placing_is_idempotent() {
    let app = spawn_app().await;
    let (id, client) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    // One running $500 order: $500 of job funds.
    app.history(id, 0, 1).await;
    let q: Value = post(&client, &app, "/api/v1/store/quote", json!({})).await.json().await.unwrap();
    assert_eq!(q["funds"]["spendable"]["amount_minor"], 50_000);
    // A full 4 x 8 ft sheet of 0.19 in 6061 ($15.02 a sq ft: $480.64) and a box of inserts ($89).
    add(&client, &app, json!({ "sku": "AL6061-SH-0190", "pieces": 1 })).await;
    add(&client, &app, json!({ "sku": "IN-CNMG-P25", "pieces": 1 })).await;
    let body = json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds", "promo": "SHOP10" });
    let q: Value = post(&client, &app, "/api/v1/store/quote", body.clone()).await.json().await.unwrap();
    let total = q["total"]["amount_minor"].as_i64().unwrap();
    assert!(total > 50_000, "{q}");
    assert_eq!(q["funds"]["from_funds"]["amount_minor"], 50_000);
    assert_eq!(q["funds"]["invoiced"]["amount_minor"], total - 50_000);
    let mut body = body;
    body["expected_total"] = q["total"].clone();
    // Placing without a key is refused; with one, twice, makes one order.
    let res = client.post(app.url("/api/v1/store/orders")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 428);
    let first = place(&client, &app, "order-1", body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again: Value = place(&client, &app, "order-1", body.clone()).await.json().await.unwrap();
    assert_eq!(first, again);
    let orders: Value = app.get(&client, "/api/v1/store/orders").await;
    assert_eq!(orders["orders"].as_array().unwrap().len(), 1);
    assert_eq!(first["from_funds"]["amount_minor"], 50_000);
    assert_eq!(first["invoiced"]["amount_minor"], total - 50_000);
    assert_eq!(first["promo"], "SHOP10");
    assert_eq!(first["lines"].as_array().unwrap().len(), 2);
    // The cart is empty and the funds are spent.
    let cart: Value = app.get(&client, "/api/v1/store/cart").await;
    assert_eq!(cart["lines"], json!([]));
    let q: Value = post(&client, &app, "/api/v1/store/quote", json!({})).await.json().await.unwrap();
    assert_eq!(q["funds"]["spendable"]["amount_minor"], 0);
    // R-SUP-11: the payouts show what the store took from the job funds.
    let payouts: Value = app.get(&client, "/api/v1/payouts").await;
    assert_eq!(payouts["store_funds"][0]["amount"]["amount_minor"], -50_000);
    assert!(payouts["store_funds"][0]["what"].as_str().unwrap().starts_with("Store order SO-"));
    // A new key with an empty cart places nothing.
    assert_eq!(place(&client, &app, "order-2", body).await.status(), 409);
    // Another partner cannot see it.
    let order_id = first["id"].as_i64().unwrap();
    let res = other.get(app.url(&format!("/api/v1/store/orders/{order_id}"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = other.post(app.url(&format!("/api/v1/store/orders/{order_id}/cancel"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn r_sup_7_cancel_within_the_hour_while_nothing_is_cut() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let body = json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" });
    let order = |key: &'static str| {
        let (client, app, body) = (client.clone(), &app, body.clone());
        async move {
            add(&client, app, json!({ "sku": SHEET, "width_mils": 12_000, "length_mils": 12_000, "pieces": 1 })).await;
            let res = place(&client, app, key, body).await;
            assert_eq!(res.status(), 201);
            res.json::<Value>().await.unwrap()
        }
    };
    let cancel = |id: i64| client.post(app.url(&format!("/api/v1/store/orders/{id}/cancel"))).send();

    // 59:59 after placing: cancelled.
    let a = order("a").await;
    assert_eq!(
        a["change_until"],
        json!((app.clock_now() + Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    );
    app.clock.advance(Duration::seconds(3599));
    let res = cancel(a["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(res.status(), 200);
    let cancelled: Value = res.json().await.unwrap();
    assert!(cancelled["cancelled_at"].is_string());
    assert!(cancelled["lines"].as_array().unwrap().iter().all(|l| l["status"] == "cancelled"));

    // 60:00 after placing: refused with the reason.
    let b = order("b").await;
    app.clock.advance(Duration::hours(1));
    let res = cancel(b["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("1 hour"));

    // Cut within the hour: refused.
    let c = order("c").await;
    let (cid, line) = (c["id"].as_i64().unwrap(), c["lines"][0]["id"].as_i64().unwrap());
    let res = operator()
        .post(app.url(&format!("/api/v1/operator/store/orders/{cid}/lines/{line}/status")))
        .json(&json!({ "status": "cut" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = cancel(cid).await.unwrap();
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("cut"));

    // Special order: never.
    add(&client, &app, json!({ "sku": QUOTED_PLATE, "width_mils": 12_000, "length_mils": 12_000, "pieces": 1 })).await;
    let d: Value = place(&client, &app, "d", body.clone()).await.json().await.unwrap();
    assert!(d["change_refusal"].as_str().unwrap().contains("Special-order"));
    assert_eq!(cancel(d["id"].as_i64().unwrap()).await.unwrap().status(), 409);
}

#[tokio::test]
async fn r_sup_12_shipping_fewer_pieces_back_orders_the_rest() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 10 })).await;
    let order: Value =
        place(&client, &app, "k", json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" }))
            .await
            .json()
            .await
            .unwrap();
    let (id, line) = (order["id"].as_i64().unwrap(), order["lines"][0]["id"].as_i64().unwrap());
    let url = app.url(&format!("/api/v1/operator/store/orders/{id}/lines/{line}/status"));
    let res = operator()
        .post(&url)
        .json(&json!({ "status": "shipped", "shipped_pieces": 6, "tracking": "1Z999" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.unwrap();
    assert_eq!(order["lines"][0]["status"], "back_ordered");
    assert_eq!(order["lines"][0]["shipped_pieces"], 6);
    assert_eq!(order["lines"][0]["tracking"], "1Z999");
    let res = operator().post(&url).json(&json!({ "status": "shipped", "shipped_pieces": 11 })).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = operator().post(&url).json(&json!({ "status": "delivered" })).send().await.unwrap();
    let seen: Value = app.get(&client, &format!("/api/v1/store/orders/{id}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(seen["lines"][0]["status"], "delivered");
}

#[tokio::test]
async fn r_sup_2_r_sup_11_purchase_orders_need_credit_terms_and_no_overdue_invoice() {
    let app = spawn_app().await;
    let (id, client) = shop(&app, "shop@example.com").await;
    shop(&app, "other@example.com").await;
    let body = json!({ "ship_to": ohio(), "method": "ground", "payment": "purchase_order", "po_number": "PO-77" });
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let p = problem(post(&client, &app, "/api/v1/store/quote", body.clone()).await).await;
    assert_eq!(fields(&p), ["payment"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("credit terms"));
    let res = operator()
        .put(app.url(&format!("/api/v1/operator/partners/{id}/credit-terms")))
        .json(&json!({ "approved": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = place(&client, &app, "po-1", body.clone()).await;
    assert_eq!(res.status(), 201);
    let order: Value = res.json().await.unwrap();
    assert_eq!((order["po_number"].as_str(), order["from_funds"]["amount_minor"].as_i64()), (Some("PO-77"), Some(0)));
    // Due in 30 days; on day 31 the invoice is overdue and a new purchase order is refused.
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    app.clock.advance(Duration::days(30));
    // (Sessions last less than a month: log in again.)
    let client = app.login("shop@example.com").await;
    assert_eq!(post(&client, &app, "/api/v1/store/quote", body.clone()).await.status(), 200, "due today: not overdue");
    app.clock.advance(Duration::days(1));
    let p = problem(post(&client, &app, "/api/v1/store/quote", body.clone()).await).await;
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("unpaid"), "{p}");
    assert_eq!(place(&client, &app, "po-2", body.clone()).await.status(), 422);
    // The invoice shows it overdue with a started month's 1.5% interest; objections closed after 10 days.
    let invoices: Value = app.get(&client, "/api/v1/store/invoices").await;
    let invoice = &invoices["invoices"][0];
    let amount = invoice["amount"]["amount_minor"].as_i64().unwrap();
    assert_eq!((invoice["overdue"].as_bool(), invoice["purchase_order"].as_bool()), (Some(true), Some(true)));
    assert_eq!(invoice["interest"]["amount_minor"].as_i64().unwrap(), (amount * 15 + 500) / 1000);
    let iid = invoice["id"].as_i64().unwrap();
    let objection = json!({ "reason": "The price is not the one quoted." });
    let res =
        client.post(app.url(&format!("/api/v1/store/invoices/{iid}/objection"))).json(&objection).send().await.unwrap();
    assert_eq!(res.status(), 409);
    // Paid: purchase orders are taken again.
    let res = operator().post(app.url(&format!("/api/v1/operator/store/invoices/{iid}/paid"))).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(place(&client, &app, "po-3", body).await.status(), 201);
    // A new invoice may be objected to (once), not by another partner.
    let invoices: Value = app.get(&client, "/api/v1/store/invoices").await;
    let iid = invoices["invoices"][0]["id"].as_i64().unwrap();
    let other = app.login("other@example.com").await;
    let url = app.url(&format!("/api/v1/store/invoices/{iid}/objection"));
    assert_eq!(other.post(&url).json(&objection).send().await.unwrap().status(), 404);
    let res = client.post(&url).json(&objection).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["objection"], "The price is not the one quoted.");
    assert_eq!(client.post(&url).json(&objection).send().await.unwrap().status(), 409);
}

#[tokio::test]
async fn r_sup_8_returns_within_14_days_of_delivery_with_the_restocking_fee_never_special_order() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    // Four end mills ($22.00 + 0.25 in x 9 + 3 flutes: $41.50 each) and a special-order plate.
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 4 })).await;
    add(&client, &app, json!({ "sku": QUOTED_PLATE, "width_mils": 12_000, "length_mils": 12_000, "pieces": 1 })).await;
    let order: Value =
        place(&client, &app, "k", json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" }))
            .await
            .json()
            .await
            .unwrap();
    let id = order["id"].as_i64().unwrap();
    let (mills, plate) = (order["lines"][0]["id"].as_i64().unwrap(), order["lines"][1]["id"].as_i64().unwrap());
    let returns = app.url(&format!("/api/v1/store/orders/{id}/returns"));
    let ask = |lines: Value| {
        let (client, url) = (client.clone(), returns.clone());
        async move {
            client.post(url).json(&json!({ "reason": "not_needed", "note": "", "lines": lines })).send().await.unwrap()
        }
    };
    // Not delivered yet.
    let p = problem(ask(json!([{ "line_id": mills, "pieces": 1 }])).await).await;
    assert_eq!(p["errors"][0]["code"], "not_delivered");
    for line in [mills, plate] {
        let res = operator()
            .post(app.url(&format!("/api/v1/operator/store/orders/{id}/lines/{line}/status")))
            .json(&json!({ "status": "delivered" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    // Special order: never.
    let p = problem(ask(json!([{ "line_id": plate, "pieces": 1 }])).await).await;
    assert_eq!(p["errors"][0]["code"], "special_order");
    // Another partner: 404.
    let res = other
        .post(&returns)
        .json(&json!({ "reason": "other", "lines": [{ "line_id": mills, "pieces": 1 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Day 14 after delivery: the RMA, with the refund estimated.
    app.clock.advance(Duration::days(14));
    let client = app.login("shop@example.com").await;
    let res = client
        .post(&returns)
        .json(&json!({ "reason": "not_needed", "note": "Spare", "lines": [{ "line_id": mills, "pieces": 2 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let order: Value = app.get(&client, &format!("/api/v1/store/orders/{id}")).await;
    let rma = &order["returns"][0];
    let piece = order["lines"][0]["piece_price"]["amount_minor"].as_i64().unwrap();
    let goods = 2 * piece;
    let fee = (goods * 30 + 50) / 100;
    assert_eq!(rma["goods"]["amount_minor"], goods);
    assert_eq!(rma["restocking_fee"]["amount_minor"], fee);
    assert_eq!(rma["refund_estimate"]["amount_minor"], goods - fee - 2_500);
    assert!(rma["number"].as_str().unwrap().starts_with("RMA-"));
    // The printable form is the partner's only.
    let rid = rma["id"].as_i64().unwrap();
    let form = client.get(app.url(&format!("/api/v1/store/returns/{rid}/form"))).send().await.unwrap();
    assert_eq!(form.headers()["content-type"], "application/pdf");
    assert!(form.bytes().await.unwrap().starts_with(b"%PDF"));
    let other = app.login("other@example.com").await;
    assert_eq!(other.get(app.url(&format!("/api/v1/store/returns/{rid}/form"))).send().await.unwrap().status(), 404);
    // Day 15: too late.
    app.clock.advance(Duration::days(1));
    let client = app.login("shop@example.com").await;
    let p = problem(
        client
            .post(&returns)
            .json(&json!({ "reason": "other", "lines": [{ "line_id": mills, "pieces": 1 }] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_late");
    // The operator approves, then refunds the estimate.
    let url = app.url(&format!("/api/v1/operator/store/returns/{rid}/status"));
    assert_eq!(operator().post(&url).json(&json!({ "status": "approved" })).send().await.unwrap().status(), 200);
    let res = operator().post(&url).json(&json!({ "status": "refunded" })).send().await.unwrap();
    let order: Value = res.json().await.unwrap();
    assert_eq!(order["returns"][0]["refund"]["amount_minor"], goods - fee - 2_500);
    assert_eq!(operator().post(&url).json(&json!({ "status": "approved" })).send().await.unwrap().status(), 409);
}

async fn claim_photo(app: &TestApp, client: &reqwest::Client, order_id: i64) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(PNG.clone()).file_name("bent-corner.png").mime_str("image/png").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    client.post(app.url(&format!("/api/v1/store/orders/{order_id}/claim-photos"))).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn r_sup_9_claims_with_photos_and_freight_damage_within_24_hours() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    add(&client, &app, json!({ "sku": "A36-PL-1000", "width_mils": 24_000, "length_mils": 24_000, "pieces": 1 })).await;
    let order: Value =
        place(&client, &app, "k", json!({ "ship_to": ohio(), "method": "ltl_freight", "payment": "job_funds" }))
            .await
            .json()
            .await
            .unwrap();
    let (id, line) = (order["id"].as_i64().unwrap(), order["lines"][0]["id"].as_i64().unwrap());
    let res = operator()
        .post(app.url(&format!("/api/v1/operator/store/orders/{id}/lines/{line}/status")))
        .json(&json!({ "status": "delivered" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let delivered = app.clock_now();
    // The photo is the partner's own, checked by content; another partner's order is 404.
    assert_eq!(claim_photo(&app, &other, id).await.status(), 404);
    let res = claim_photo(&app, &client, id).await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.unwrap();
    let photo_id = photo["id"].as_i64().unwrap();
    assert_eq!(
        other.get(app.url(&format!("/api/v1/store/claim-photos/{photo_id}"))).send().await.unwrap().status(),
        404
    );
    let mine = client.get(app.url(&format!("/api/v1/store/claim-photos/{photo_id}"))).send().await.unwrap();
    assert_eq!(mine.headers()["content-type"], "image/png");
    let claims = app.url(&format!("/api/v1/store/orders/{id}/claims"));
    let body = |photos: Vec<i64>| {
        json!({
            "kind": "damaged", "delivered_at": delivered.to_rfc3339(), "carrier_ref": "Truck 4411",
            "description": "The plate's corner is bent upwards.", "freight": true,
            "lines": [{ "line_id": line, "pieces": 1 }], "photo_ids": photos,
        })
    };
    // Without a photo: named. Another partner: 404.
    let p = problem(client.post(&claims).json(&body(vec![])).send().await.unwrap()).await;
    assert_eq!(fields(&p), ["photos"]);
    assert_eq!(other.post(&claims).json(&body(vec![photo_id])).send().await.unwrap().status(), 404);
    // 24 hours and a second after delivery: freight damage is too late.
    app.clock.advance(Duration::hours(24) + Duration::seconds(1));
    let p = problem(client.post(&claims).json(&body(vec![photo_id])).send().await.unwrap()).await;
    assert_eq!(p["errors"][0]["code"], "too_late");
    // At 24 hours exactly it is in time.
    app.clock.advance(-Duration::seconds(1));
    let res = client.post(&claims).json(&body(vec![photo_id])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.unwrap();
    let claim = &order["claims"][0];
    assert!(claim["number"].as_str().unwrap().starts_with("CLM-"));
    assert_eq!(claim["photos"][0]["id"], photo_id);
    assert_eq!(claim["carrier_ref"], "Truck 4411");
}

#[tokio::test]
async fn r_sup_12_a_proposed_ship_date_answered_or_counted_as_accepted_after_48_hours() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    let mut ids = Vec::new();
    for key in ["a", "b"] {
        add(&client, &app, json!({ "sku": "EM-0500-2F", "pieces": 2 })).await;
        let order: Value =
            place(&client, &app, key, json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" }))
                .await
                .json()
                .await
                .unwrap();
        ids.push(order["id"].as_i64().unwrap());
    }
    let new_date = (app.clock_now() + Duration::days(10)).date_naive().to_string();
    for id in &ids {
        let res = operator()
            .post(app.url(&format!("/api/v1/operator/store/orders/{id}/proposal")))
            .json(&json!({ "date": new_date }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let answer = |client: &reqwest::Client, id: i64, accept: bool| {
        client.post(app.url(&format!("/api/v1/store/orders/{id}/proposal"))).json(&json!({ "accept": accept })).send()
    };
    assert_eq!(answer(&other, ids[0], true).await.unwrap().status(), 404);
    // Declined: the order may be cancelled (after its hour, while nothing is cut).
    app.clock.advance(Duration::hours(2));
    let res = answer(&client, ids[0], false).await.unwrap();
    let declined: Value = res.json().await.unwrap();
    assert_eq!(declined["proposal"]["accepted"], false);
    assert!(declined["change_refusal"].is_null(), "{declined}");
    let res = client.post(app.url(&format!("/api/v1/store/orders/{}/cancel", ids[0]))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // Not answered: just before the deadline it is open; at 48 hours it counts as accepted.
    let seen: Value = app.get(&client, &format!("/api/v1/store/orders/{}", ids[1])).await;
    assert!(seen["proposal"]["accepted"].is_null());
    app.clock.advance(Duration::hours(46));
    let client = app.login("shop@example.com").await;
    let seen: Value = app.get(&client, &format!("/api/v1/store/orders/{}", ids[1])).await;
    assert_eq!(
        (seen["proposal"]["accepted"].as_bool(), seen["proposal"]["by_default"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(seen["ship_date"], json!(new_date));
    assert_eq!(answer(&client, ids[1], false).await.unwrap().status(), 409);
}

#[tokio::test]
async fn r_sup_4_a_tax_exemption_certificate_removes_the_tax_for_its_state() {
    let app = spawn_app().await;
    let (_, client) = shop(&app, "shop@example.com").await;
    let (_, other) = shop(&app, "other@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0500-2F", "pieces": 2 })).await;
    let quote = |body: Value| {
        let (client, url) = (client.clone(), app.url("/api/v1/store/quote"));
        async move { client.post(url).json(&body).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let taxed = quote(json!({ "ship_to": ohio(), "method": "ground" })).await;
    assert!(taxed["tax"]["amount_minor"].as_i64().unwrap() > 0);
    let upload = |client: &reqwest::Client, state: &str, bytes: Vec<u8>, name: &str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        client
            .post(app.url(&format!("/api/v1/store/tax-certificates?state={state}")))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    // Checked by content: a photo is not a certificate.
    assert_eq!(upload(&client, "OH", PNG.clone(), "certificate.pdf").await.unwrap().status(), 415);
    assert_eq!(upload(&client, "ZZ", PDF.clone(), "certificate.pdf").await.unwrap().status(), 422);
    let res = upload(&client, "OH", PDF.clone(), "ohio-exemption.pdf").await.unwrap();
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["certificates"][0]["state"], "OH");
    let exempt = quote(json!({ "ship_to": ohio(), "method": "ground" })).await;
    assert_eq!((exempt["tax"]["amount_minor"].as_i64(), exempt["tax_exempt"].as_bool()), (Some(0), Some(true)));
    // Another state is still taxed.
    let mut texas = ohio();
    texas["state"] = json!("TX");
    assert!(quote(json!({ "ship_to": texas, "method": "ground" })).await["tax"]["amount_minor"].as_i64().unwrap() > 0);
    let id = list["certificates"][0]["id"].as_i64().unwrap();
    assert_eq!(
        other.delete(app.url(&format!("/api/v1/store/tax-certificates/{id}"))).send().await.unwrap().status(),
        404
    );
    let res = client.delete(app.url(&format!("/api/v1/store/tax-certificates/{id}"))).send().await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["certificates"], json!([]));
}
