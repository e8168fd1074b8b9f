//! The supplies store's card payments (R-SUP-1, R-SUP-11) through the card adapter against a real
//! peer, `payment-sandbox` on its own port: the token from the hosted fields is charged once,
//! refused brands and declined cards store nothing, cancels, changes (R-SUP-7) and returns go
//! back to the card, disputes within 14 days of the statement. Also the order's documents
//! (R-SUP-10: the invoice PDF, mill test reports and certificates once a line is cut).

use chrono::Duration;
use serde_json::{Value, json};

use crate::common::*;

const SECRET: &str = "sk_test_portal";

fn ohio() -> Value {
    json!({ "name": "Test Shop", "street": "400 Commerce Way", "city": "Columbus", "state": "OH", "zip": "43219" })
}

/// The test provider on a port of its own, and a portal server that takes cards through it.
async fn with_provider() -> (TestApp, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, payment_sandbox::router(SECRET)).await });
    let p = provider.clone();
    let app =
        spawn_app_with(move |s| s.with_payments(Some(portal_api::payments::CardProvider::new(&p, SECRET).unwrap())))
            .await;
    (app, provider)
}

/// What the hosted fields page does with a typed card: the provider's token for it.
async fn tokenize(provider: &str, number: &str) -> Value {
    let res = reqwest::Client::new()
        .post(format!("{provider}/v1/tokens"))
        .json(&json!({ "number": number, "exp": "12/30", "cvc": if number.starts_with('3') { "1234" } else { "123" }, "this_month": 2026 * 12 + 11 }))
        .send()
        .await
        .unwrap();
    res.json().await.unwrap()
}

/// The provider's charges, as its dashboard lists them.
async fn charges(provider: &str) -> Vec<Value> {
    let list: Value = reqwest::Client::new()
        .get(format!("{provider}/v1/charges"))
        .bearer_auth(SECRET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["charges"].as_array().unwrap().clone()
}

async fn shop(app: &TestApp, email: &str) -> reqwest::Client {
    app.partner(email, cnc_caps(), t0() - Duration::days(90)).await;
    app.login(email).await
}

async fn add(client: &reqwest::Client, app: &TestApp, line: Value) {
    let res = client.post(app.url("/api/v1/store/cart/lines")).json(&line).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

async fn place(client: &reqwest::Client, app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    client.post(app.url("/api/v1/store/orders")).header("idempotency-key", key).json(body).send().await.unwrap()
}

fn by_card(token: &Value) -> Value {
    json!({ "ship_to": ohio(), "method": "ground", "payment": "card", "card_token": token["token"] })
}

async fn operator_line(app: &TestApp, order: i64, line: i64, status: &str) -> reqwest::Response {
    operator()
        .post(app.url(&format!("/api/v1/operator/store/orders/{order}/lines/{line}/status")))
        .json(&json!({ "status": status }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn r_sup_1_a_card_is_charged_once_through_the_provider_and_the_portal_keeps_no_number() {
    let (app, provider) = with_provider().await;
    let client = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 4 })).await;
    // The quote offers the provider's hosted fields, and the portal's pages may frame them.
    let q: Value =
        client.post(app.url("/api/v1/store/quote")).json(&json!({})).send().await.unwrap().json().await.unwrap();
    assert_eq!(q["card_fields"], json!(format!("{provider}/fields")));
    let page = client.get(app.url("/api/v1/me")).send().await.unwrap();
    // The provider's fields may be framed, and the portal's own pages still (the embed's preview).
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains(&format!("frame-src 'self' {provider}")), "{csp}");
    let fields = reqwest::get(format!("{provider}/fields?origin={}", app.base)).await.unwrap();
    assert_eq!(fields.headers()["content-security-policy"], format!("frame-ancestors {}", app.base).as_str());
    assert!(fields.text().await.unwrap().contains("Card number"));

    // No token: the card field says what to do; nothing is charged.
    let body = json!({ "ship_to": ohio(), "method": "ground", "payment": "card" });
    let p = problem(place(&client, &app, "none", &body).await).await;
    assert_eq!(p["errors"][0]["field"], "card_token");
    // A brand the store does not take (Discover): refused with the reason, not charged.
    let discover = tokenize(&provider, "6011111111111117").await;
    assert_eq!(discover["brand"], "discover");
    let p = problem(place(&client, &app, "discover", &by_card(&discover)).await).await;
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("Visa, Mastercard and American Express"), "{p}");
    // A declined card: the issuer's reason, no order, the cart kept.
    let declined = tokenize(&provider, "4000 0000 0000 0002").await;
    let p = problem(place(&client, &app, "declined", &by_card(&declined)).await).await;
    assert_eq!(p["errors"][0]["field"], "card_token");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("declined"), "{p}");
    assert!(charges(&provider).await.is_empty());
    let orders: Value = app.get(&client, "/api/v1/store/orders").await;
    assert_eq!(orders["orders"], json!([]));
    let cart: Value = app.get(&client, "/api/v1/store/cart").await;
    assert_eq!(cart["lines"].as_array().unwrap().len(), 1);

    // A Visa: charged the total once, even when the order is sent twice.
    let visa = tokenize(&provider, "4242 4242 4242 4242").await;
    let res = place(&client, &app, "visa", &by_card(&visa)).await;
    assert_eq!(res.status(), 201);
    let order: Value = res.json().await.unwrap();
    let again: Value = place(&client, &app, "visa", &by_card(&visa)).await.json().await.unwrap();
    assert_eq!(order, again);
    let total = order["total"]["amount_minor"].as_i64().unwrap();
    let charged = charges(&provider).await;
    assert_eq!(charged.len(), 1);
    assert_eq!(charged[0]["amount_minor"], total);
    assert_eq!(order["card"]["brand"], "Visa");
    assert_eq!(order["card"]["last4"], "4242");
    assert_eq!(
        (order["invoiced"]["amount_minor"].as_i64(), order["from_funds"]["amount_minor"].as_i64()),
        (Some(0), Some(0))
    );
    // A used token pays for nothing else.
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let p = problem(place(&client, &app, "reuse", &by_card(&visa)).await).await;
    assert_eq!(p["errors"][0]["field"], "card_token");
    assert_eq!(charges(&provider).await.len(), 1);

    // Delivered, returned and refunded: the refund goes back to the card.
    let (id, line) = (order["id"].as_i64().unwrap(), order["lines"][0]["id"].as_i64().unwrap());
    assert_eq!(operator_line(&app, id, line, "delivered").await.status(), 200);
    let res = client
        .post(app.url(&format!("/api/v1/store/orders/{id}/returns")))
        .json(&json!({ "reason": "not_needed", "note": "", "lines": [{ "line_id": line, "pieces": 2 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.unwrap();
    let rid = order["returns"][0]["id"].as_i64().unwrap();
    let estimate = order["returns"][0]["refund_estimate"]["amount_minor"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/operator/store/returns/{rid}/status"));
    assert_eq!(operator().post(&url).json(&json!({ "status": "approved" })).send().await.unwrap().status(), 200);
    let order: Value =
        operator().post(&url).json(&json!({ "status": "refunded" })).send().await.unwrap().json().await.unwrap();
    assert_eq!(order["card"]["refunded"]["amount_minor"], estimate);
    assert_eq!(charges(&provider).await[0]["refunded_minor"], estimate);
    // The database holds the provider's charge id and the last four digits, never the number.
    let rows: Vec<(String,)> = sqlx::query_as("SELECT sql FROM sqlite_master").fetch_all(&app.db.read).await.unwrap();
    assert!(!rows.iter().any(|r| r.0.contains("card_number")));
    let (last4, charge_id): (String, String) =
        sqlx::query_as("SELECT card_last4, card_charge_id FROM store_orders WHERE id = ?")
            .bind(id)
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!(last4, "4242");
    assert_eq!(charge_id, charged[0]["id"].as_str().unwrap());
}

#[tokio::test]
async fn r_sup_1_a_server_without_a_provider_takes_no_cards() {
    let app = spawn_app().await;
    let client = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let q: Value =
        client.post(app.url("/api/v1/store/quote")).json(&json!({})).send().await.unwrap().json().await.unwrap();
    assert_eq!(q["card_fields"], Value::Null);
    let body = json!({ "ship_to": ohio(), "method": "ground", "payment": "card", "card_token": "tok_x" });
    let p = problem(place(&client, &app, "k", &body).await).await;
    assert_eq!(p["errors"][0]["field"], "payment");
}

#[tokio::test]
async fn r_sup_7_a_change_within_the_hour_lowers_pieces_and_gives_the_difference_back() {
    let (app, provider) = with_provider().await;
    let client = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 4 })).await;
    add(&client, &app, json!({ "sku": "IN-CNMG-P25", "pieces": 2 })).await;
    let visa = tokenize(&provider, "5555555555554444").await;
    let order: Value = place(&client, &app, "k", &by_card(&visa)).await.json().await.unwrap();
    assert_eq!(order["card"]["brand"], "Mastercard");
    let id = order["id"].as_i64().unwrap();
    let (mills, inserts) = (order["lines"][0]["id"].as_i64().unwrap(), order["lines"][1]["id"].as_i64().unwrap());
    let total = order["total"]["amount_minor"].as_i64().unwrap();
    let change = |lines: Value| {
        let (client, url) = (client.clone(), app.url(&format!("/api/v1/store/orders/{id}/change")));
        async move { client.post(url).json(&json!({ "lines": lines })).send().await.unwrap() }
    };
    // More pieces: a new order. Every line gone: that is a cancel.
    let p = problem(change(json!([{ "line_id": mills, "pieces": 5 }])).await).await;
    assert_eq!(p["errors"][0]["code"], "more");
    let p =
        problem(change(json!([{ "line_id": mills, "pieces": 0 }, { "line_id": inserts, "pieces": 0 }])).await).await;
    assert_eq!(p["errors"][0]["code"], "empty");
    // 59:59 in: two end mills fewer and the inserts removed; the difference goes back to the card.
    app.clock.advance(Duration::seconds(3599));
    let res = change(json!([{ "line_id": mills, "pieces": 2 }, { "line_id": inserts, "pieces": 0 }])).await;
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.unwrap();
    let piece = changed["lines"][0]["piece_price"]["amount_minor"].as_i64().unwrap();
    assert_eq!(changed["lines"][0]["spec"]["pieces"], 2);
    assert_eq!(changed["lines"][1]["status"], "cancelled");
    assert_eq!(changed["goods"]["amount_minor"], 2 * piece);
    let new_total = changed["total"]["amount_minor"].as_i64().unwrap();
    assert_eq!(new_total, 2 * piece + changed["tax"]["amount_minor"].as_i64().unwrap());
    assert_eq!(changed["card"]["refunded"]["amount_minor"], total - new_total);
    assert_eq!(charges(&provider).await[0]["refunded_minor"], total - new_total);
    assert_eq!(changed["card"]["charged"]["amount_minor"], total, "what the card was charged stays");
    // 60:00 in: too late.
    app.clock.advance(Duration::seconds(1));
    let res = change(json!([{ "line_id": mills, "pieces": 1 }])).await;
    assert_eq!(res.status(), 409);

    // A job-funds order: the change comes off the invoiced rest first.
    let client = app.login("shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 10 })).await;
    let order: Value =
        place(&client, &app, "f", &json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" }))
            .await
            .json()
            .await
            .unwrap();
    let id = order["id"].as_i64().unwrap();
    let line = order["lines"][0]["id"].as_i64().unwrap();
    assert_eq!(order["from_funds"]["amount_minor"], 0, "no running jobs: no funds");
    let res = client
        .post(app.url(&format!("/api/v1/store/orders/{id}/change")))
        .json(&json!({ "lines": [{ "line_id": line, "pieces": 4 }] }))
        .send()
        .await
        .unwrap();
    let changed: Value = res.json().await.unwrap();
    assert_eq!(changed["invoiced"], changed["total"]);
    let invoices: Value = app.get(&client, "/api/v1/store/invoices").await;
    let invoice = invoices["invoices"].as_array().unwrap().iter().find(|i| i["order_id"] == id).unwrap().clone();
    assert_eq!(invoice["amount"], changed["total"]);
    // Cut: no more changes; a cancelled card order goes back to the card in full.
    assert_eq!(operator_line(&app, id, line, "cut").await.status(), 200);
    let res = client
        .post(app.url(&format!("/api/v1/store/orders/{id}/change")))
        .json(&json!({ "lines": [{ "line_id": line, "pieces": 1 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let amex = tokenize(&provider, "378282246310005").await;
    let order: Value = place(&client, &app, "amex", &by_card(&amex)).await.json().await.unwrap();
    assert_eq!(order["card"]["brand"], "American Express");
    let id = order["id"].as_i64().unwrap();
    let cancelled: Value =
        client.post(app.url(&format!("/api/v1/store/orders/{id}/cancel"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(cancelled["card"]["refunded"], order["total"]);
    let last = charges(&provider).await.last().unwrap().clone();
    assert_eq!(last["refunded_minor"], last["amount_minor"]);
    // Another partner's order: 404.
    let other = shop(&app, "other@example.com").await;
    let res = other
        .post(app.url(&format!("/api/v1/store/orders/{id}/change")))
        .json(&json!({ "lines": [{ "line_id": 1, "pieces": 1 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn r_sup_11_a_card_charge_is_disputed_within_14_days_of_its_statement() {
    let (app, provider) = with_provider().await;
    let client = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let order: Value =
        place(&client, &app, "k", &by_card(&tokenize(&provider, "4242424242424242").await)).await.json().await.unwrap();
    // Charged 2026-11-20: on the statement of 2026-11-30, disputable until 2026-12-14.
    assert_eq!(order["card"]["statement_date"], "2026-11-30");
    assert_eq!(order["card"]["dispute_until"], "2026-12-14");
    let id = order["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/store/orders/{id}/dispute"));
    app.clock.advance(Duration::days(24));
    let client = app.login("shop@example.com").await;
    let p = problem(client.post(&url).json(&json!({ "reason": "short" })).send().await.unwrap()).await;
    assert_eq!(p["errors"][0]["code"], "too_short");
    let other = shop(&app, "other@example.com").await;
    assert_eq!(
        other.post(&url).json(&json!({ "reason": "Charged twice for this order" })).send().await.unwrap().status(),
        404
    );
    let res = client.post(&url).json(&json!({ "reason": "Charged twice for this order" })).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let disputed: Value = res.json().await.unwrap();
    assert_eq!(disputed["card"]["dispute"]["reason"], "Charged twice for this order");
    assert_eq!(client.post(&url).json(&json!({ "reason": "Charged twice again" })).send().await.unwrap().status(), 409);
    // A second order, disputed a day too late.
    add(&client, &app, json!({ "sku": "EM-0250-3F", "pieces": 1 })).await;
    let late: Value =
        place(&client, &app, "l", &by_card(&tokenize(&provider, "4242424242424242").await)).await.json().await.unwrap();
    assert_eq!(late["card"]["dispute_until"], "2027-01-14");
    app.clock.advance(Duration::days(42));
    let client = app.login("shop@example.com").await;
    let lid = late["id"].as_i64().unwrap();
    let p = problem(
        client
            .post(app.url(&format!("/api/v1/store/orders/{lid}/dispute")))
            .json(&json!({ "reason": "Never received the goods" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "too_late");
}

#[tokio::test]
async fn r_sup_10_the_invoice_and_the_lines_certificates_once_cut() {
    let app = spawn_app().await;
    let client = shop(&app, "shop@example.com").await;
    add(&client, &app, json!({ "sku": "AL6061-SH-0125", "width_mils": 12_000, "length_mils": 12_000, "pieces": 2, "mill_test_report": true })).await;
    let order: Value =
        place(&client, &app, "k", &json!({ "ship_to": ohio(), "method": "ground", "payment": "job_funds" }))
            .await
            .json()
            .await
            .unwrap();
    let (id, line) = (order["id"].as_i64().unwrap(), order["lines"][0]["id"].as_i64().unwrap());
    let number = order["number"].as_str().unwrap().to_owned();
    let invoice = client.get(app.url(&format!("/api/v1/store/orders/{id}/invoice"))).send().await.unwrap();
    assert_eq!(invoice.status(), 200);
    assert_eq!(invoice.headers()["content-type"], "application/pdf");
    let pdf = invoice.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains(&number), "the invoice names the order");
    assert!(text.contains("Total"));
    let doc =
        |kind: &str| client.get(app.url(&format!("/api/v1/store/orders/{id}/lines/{line}/documents/{kind}"))).send();
    // Not cut yet: not ready. A certificate of compliance was not asked for: not there.
    assert_eq!(doc("mtr").await.unwrap().status(), 409);
    assert_eq!(doc("coc").await.unwrap().status(), 404);
    assert_eq!(operator_line(&app, id, line, "cut").await.status(), 200);
    let mtr = doc("mtr").await.unwrap();
    assert_eq!(mtr.status(), 200);
    assert!(String::from_utf8_lossy(&mtr.bytes().await.unwrap()).contains("Mill test report"));
    let other = shop(&app, "other@example.com").await;
    assert_eq!(other.get(app.url(&format!("/api/v1/store/orders/{id}/invoice"))).send().await.unwrap().status(), 404);
    assert_eq!(
        other
            .get(app.url(&format!("/api/v1/store/orders/{id}/lines/{line}/documents/mtr")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// A multipart body whose parts cannot be read (a part's name that is not UTF-8) names the file
/// field (422), as a body without the field does; nothing is stored.
#[tokio::test]
async fn an_unreadable_multipart_upload_names_the_file_field() {
    let app = spawn_app().await;
    let client = shop(&app, "shop@example.com").await;
    let body: &[u8] = b"--XX\r\nContent-Disposition: form-data; name=\"\xf3\xa9\x97\x9c\"\r\n\r\nnull\r\n--XX--\r\n";
    let res = client
        .post(app.url("/api/v1/store/tax-certificates?state=SC"))
        .header("content-type", "multipart/form-data; boundary=XX")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    assert_eq!(p["errors"][0]["field"], "file");
    let certificates: Value = app.get(&client, "/api/v1/store/tax-certificates").await;
    assert_eq!(certificates["certificates"], json!([]));
}
