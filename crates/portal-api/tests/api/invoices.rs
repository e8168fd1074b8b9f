//! Invoices and payouts: what can be invoiced (R-INV-1), bank and invoice details (R-INV-2), the
//! signed PDF (R-INV-3), totals (R-INV-4), payment dates and the payouts page (R-INV-5), and the
//! operator approving and paying invoices.

use chrono::{Duration, TimeZone, Utc};
use portal_api::db;
use portal_core::capability::{Dimensions, Finish};
use portal_core::{Currency, Money};
use serde_json::{Value, json};

use crate::common::{
    PASSWORD, PDF, PNG, TestApp, cnc_caps, cnc_job, marketplace_package, operator, problem, spawn_app, t0,
};

/// A valid ABA routing number and an account number for USD payouts.
const ROUTING: &str = "021000021";
const ACCOUNT: &str = "123456789";
const IBAN: &str = "DE89370400440532013000";

/// An order of the partner's, written directly as if accepted from the board.
async fn order(app: &TestApp, partner_id: i64, reference: &str, setup: impl FnOnce(&mut db::jobs::JobPosting)) -> i64 {
    let mut job = cnc_job(reference, 900, t0() - Duration::hours(5));
    setup(&mut job);
    let job_id = app.job(job.clone()).await;
    db::jobs::take(&app.db.write, job_id, partner_id, t0() - Duration::hours(1)).await.unwrap();
    let mut conn = app.db.write.acquire().await.unwrap();
    let new = db::orders::NewOrder {
        bonus_minor: 0,
        partner_id,
        job_id,
        price: job.price,
        lead_time: job.ship_by,
        accepted_at: t0() - Duration::hours(1),
        confirmed: true,
    };
    db::orders::insert(&mut conn, &new).await.unwrap()
}

async fn two_partners(app: &TestApp) -> (reqwest::Client, reqwest::Client, i64) {
    let a = app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(400)).await;
    app.partner("b@shop.example", cnc_caps(), t0() - Duration::days(400)).await;
    (app.login("a@shop.example").await, app.login("b@shop.example").await, a)
}

async fn detail(client: &reqwest::Client, app: &TestApp, id: i64) -> Value {
    app.get::<Value>(client, &format!("/api/v1/orders/{id}")).await
}

async fn start(client: &reqwest::Client, app: &TestApp, id: i64) -> Value {
    app.get::<Value>(client, &format!("/api/v1/orders/{id}/invoice")).await
}

/// R-INV-3: a signed invoice PDF uploaded to the order; its file id.
async fn invoice_pdf(client: &reqwest::Client, app: &TestApp, order: i64) -> i64 {
    let res = app.upload(client, order, "purpose=invoice", "invoice.pdf", &PDF).await;
    assert_eq!(res.status(), 201, "invoice upload");
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["purpose"], "invoice");
    file["id"].as_i64().unwrap()
}

/// Publishes a marketplace-arranged shipment of `quantity` parts of `line`; the partner answers
/// "Shipped" on the day of pickup, so the parts have left the shop (R-ORD-7).
async fn ship(client: &reqwest::Client, app: &TestApp, order: i64, line: i64, quantity: u32) {
    let shipment = publish_only(client, app, order, line, quantity).await;
    assert_eq!(app.shipped(client, order, shipment).await.status(), 200, "pickup of {quantity}");
}

/// Publishes the shipment without its pickup: its parts are still in the shop. Answers its id.
async fn publish_only(client: &reqwest::Client, app: &TestApp, order: i64, line: i64, quantity: u32) -> i64 {
    let res = app.upload(client, order, "purpose=package_photo", "box.png", &PNG).await;
    assert_eq!(res.status(), 201);
    let photo = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let body = marketplace_package(vec![json!({ "line_id": line, "quantity": quantity })], photo);
    let res = client
        .post(app.url(&format!("/api/v1/orders/{order}/shipments")))
        .header("idempotency-key", format!("ship-{order}-{line}-{quantity}-{}", uuid_ish()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "shipment of {quantity}");
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn uuid_ish() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// An order of the partner's with `shipped` of its parts shipped: (order id, line id).
async fn shipped_order(
    client: &reqwest::Client,
    app: &TestApp,
    partner_id: i64,
    reference: &str,
    shipped: u32,
    setup: impl FnOnce(&mut db::jobs::JobPosting),
) -> (i64, i64) {
    let id = order(app, partner_id, reference, setup).await;
    let line = detail(client, app, id).await["lines"][0]["id"].as_i64().unwrap();
    if shipped > 0 {
        ship(client, app, id, line, shipped).await;
    }
    (id, line)
}

async fn save_bank(client: &reqwest::Client, app: &TestApp, body: &Value) -> reqwest::Response {
    client.put(app.url("/api/v1/bank-details")).json(body).send().await.unwrap()
}

fn usd_bank(routing: &str, account: &str) -> Value {
    json!({ "currency": "USD", "holder": "Test Shop LLC", "routing_number": routing, "account_number": account })
}

fn eur_bank(iban: &str) -> Value {
    json!({ "currency": "EUR", "holder": "Test Shop GmbH", "iban": iban, "bic": "DEUTDEFF" })
}

/// USD bank details saved for the first time (no password needed).
async fn usd_bank_saved(client: &reqwest::Client, app: &TestApp) {
    assert_eq!(save_bank(client, app, &usd_bank(ROUTING, ACCOUNT)).await.status(), 200);
}

fn positions(start: &Value) -> Value {
    let list: Vec<Value> = start["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({ "line_id": p["line_id"], "quantity": p["quantity"] }))
        .collect();
    Value::Array(list)
}

fn new_invoice(number: &str, positions: Value, file_id: Option<i64>) -> Value {
    json!({ "invoice_number": number, "invoice_date": "2026-11-20", "positions": positions, "file_id": file_id })
}

async fn submit(client: &reqwest::Client, app: &TestApp, order: i64, key: &str, body: &Value) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/v1/orders/{order}/invoices")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Submits what is invoiceable now, with a fresh PDF: the 201 body.
async fn invoice_all(client: &reqwest::Client, app: &TestApp, order: i64, number: &str) -> Value {
    let s = start(client, app, order).await;
    let file = invoice_pdf(client, app, order).await;
    let res =
        submit(client, app, order, &format!("key-{number}"), &new_invoice(number, positions(&s), Some(file))).await;
    assert_eq!(res.status(), 201, "invoice {number}");
    res.json().await.unwrap()
}

async fn invoice_rows(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invoices").fetch_one(&app.db.read).await.unwrap();
    n
}

fn errors_fields(p: &Value) -> Vec<String> {
    p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn r_inv_1_only_shipped_parts_not_yet_invoiced_can_be_invoiced() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-1", 4, |_| {}).await;
    // CNC needs photos of the parts for quality control; with them every stage but two can be done.
    let photo = app.upload(&a, id, &format!("purpose=qc_photo&line_id={line}"), "part.png", &PNG).await;
    assert_eq!(photo.status(), 201);

    // R-INV-1: 4 of 10 shipped, so 4 can be invoiced ($900.00 for 10: $90.00 each).
    let s = start(&a, &app, id).await;
    assert_eq!(
        s["positions"],
        json!([{
            "line_id": line, "line_no": 1, "part_name": "Bracket I-1", "quantity": 4, "unit_price_milli": 9_000_000,
            "unit_price_text": "$90.00", "total": { "amount_minor": 36_000, "currency": "USD" }
        }])
    );
    assert_eq!(s["total"], json!({ "amount_minor": 36_000, "currency": "USD" }));
    assert_eq!(s["currency"], "USD");
    assert_eq!(s["today"], "2026-11-20");
    assert_eq!(s["bank"]["account_masked"], "•••• 6789");
    assert!(s["company"].as_str().unwrap().starts_with("Test Shop"));
    assert_eq!(s["invoices"], json!([]));

    let file = invoice_pdf(&a, &app, id).await;
    let res = submit(&a, &app, id, "i1", &new_invoice("INV-1", positions(&s), Some(file))).await;
    assert_eq!(res.status(), 201);
    let invoice: Value = res.json().await.unwrap();
    assert_eq!(invoice["positions"][0]["quantity"], 4);
    assert_eq!(invoice["total"]["amount_minor"], 36_000);
    assert_eq!(invoice["status"], "submitted");
    assert_eq!(invoice["file_id"], file);

    // R-INV-1: those 4 are no longer invoiceable; a second submission is refused.
    let s = start(&a, &app, id).await;
    assert_eq!(s["positions"], json!([]));
    assert_eq!(s["total"]["amount_minor"], 0);
    assert_eq!(s["invoices"].as_array().unwrap().len(), 1);
    let again =
        submit(&a, &app, id, "i2", &new_invoice("INV-2", json!([{ "line_id": line, "quantity": 4 }]), Some(file)))
            .await;
    assert_eq!(problem(again).await["status"], 409);
    let d = detail(&a, &app, id).await;
    assert_eq!(d["lines"][0]["invoiced"], 4);
    assert_eq!(d["stages"][3], json!({ "stage": "invoice", "done": false }));
    assert_eq!(d["next_step"], "ship");

    // The rest ships: only the rest can be invoiced; the file of the first invoice cannot be reused.
    ship(&a, &app, id, line, 6).await;
    let s = start(&a, &app, id).await;
    assert_eq!(positions(&s), json!([{ "line_id": line, "quantity": 6 }]));
    assert_eq!(s["total"]["amount_minor"], 54_000);
    let d = detail(&a, &app, id).await;
    assert_eq!((d["stages"][3]["done"].as_bool(), d["next_step"].as_str()), (Some(false), Some("invoice")));
    let reused = problem(submit(&a, &app, id, "i3", &new_invoice("INV-3", positions(&s), Some(file))).await).await;
    assert_eq!(errors_fields(&reused), ["file"]);

    let second = invoice_all(&a, &app, id, "INV-4").await;
    assert_eq!(second["positions"][0]["quantity"], 6);
    let d = detail(&a, &app, id).await;
    assert_eq!(d["lines"][0]["invoiced"], 10);
    assert_eq!(d["stages"][3], json!({ "stage": "invoice", "done": true }));
    assert_eq!(d["next_step"], "wait_for_payment", "everything invoiced");
    assert_eq!(d["status"], "shipped");
    assert_eq!(start(&a, &app, id).await["invoices"].as_array().unwrap().len(), 2);
    assert_eq!(invoice_rows(&app).await, 2);
}

#[tokio::test]
async fn r_inv_1_nothing_shipped_is_nothing_to_invoice() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-2", 0, |_| {}).await;
    assert_eq!(start(&a, &app, id).await["positions"], json!([]));
    let file = invoice_pdf(&a, &app, id).await;
    let body = new_invoice("INV-1", json!([{ "line_id": line, "quantity": 1 }]), Some(file));
    assert_eq!(problem(submit(&a, &app, id, "n1", &body).await).await["status"], 409);
    assert_eq!(invoice_rows(&app).await, 0);
}

#[tokio::test]
async fn r_inv_1_stale_positions_are_a_conflict_and_store_nothing() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-3", 4, |_| {}).await;
    let file = invoice_pdf(&a, &app, id).await;
    // Step 1 showed 4; a shipment or a second tab changed it, or the client sends something else.
    for (key, stale) in [
        ("s1", json!([{ "line_id": line, "quantity": 3 }])),
        ("s2", json!([{ "line_id": line, "quantity": 5 }])),
        ("s3", json!([])),
        ("s4", json!([{ "line_id": line, "quantity": 4 }, { "line_id": line + 1000, "quantity": 1 }])),
    ] {
        let p = problem(submit(&a, &app, id, key, &new_invoice("INV-1", stale.clone(), Some(file))).await).await;
        assert_eq!(p["status"], 409, "{stale}");
    }
    assert_eq!(invoice_rows(&app).await, 0);
    let s = start(&a, &app, id).await;
    assert_eq!(positions(&s), json!([{ "line_id": line, "quantity": 4 }]));
    // The file is still free to use: the same submission with the right positions goes through.
    let ok = submit(&a, &app, id, "s5", &new_invoice("INV-1", positions(&s), Some(file))).await;
    assert_eq!(ok.status(), 201);
}

#[tokio::test]
async fn r_inv_2_bank_details_are_checked_masked_and_replaced_only_with_the_password() {
    let app = spawn_app().await;
    let (a, b, _) = two_partners(&app).await;
    assert_eq!(app.get::<Value>(&a, "/api/v1/bank-details").await, json!({ "accounts": [] }));

    // A wrong check digit: 422 naming the field, nothing stored.
    let p = problem(save_bank(&a, &app, &eur_bank("DE88370400440532013000")).await).await;
    assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["bank.iban".to_owned()]));
    assert_eq!(app.get::<Value>(&a, "/api/v1/bank-details").await["accounts"], json!([]));

    // A BIC of 8 bytes that are not 8 ASCII characters: a named field, not a dropped connection.
    let mut odd_bic = eur_bank(IBAN);
    odd_bic["bic"] = json!("deutdäf");
    let p = problem(save_bank(&a, &app, &odd_bic).await).await;
    assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["bank.bic".to_owned()]));

    // The first time: no password needed; typed lower case with spaces, normalised, masked.
    let res = save_bank(&a, &app, &eur_bank("de89 3704 0044 0532 0130 00")).await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(!text.contains(IBAN) && !text.contains("0532013000"), "never the full IBAN: {text}");
    let saved: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(saved["account_masked"], "DE•• •••• 3000");
    assert_eq!(saved["bank_code"], "DEUTDEFF");
    assert_eq!(saved["holder"], "Test Shop GmbH");
    assert_eq!(saved["updated_at"], "2026-11-20T15:00:00Z");
    let stored: (String,) = sqlx::query_as("SELECT account FROM bank_accounts WHERE currency = 'EUR'")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    // Kept in full, normalised, on the server only, and sealed with the server's key (issue 16).
    assert!(!stored.0.contains("0532013000"), "{}", stored.0);
    assert_eq!(app.state.bank_keys.open("bank_accounts/1/EUR/account", &stored.0).as_deref(), Some(IBAN));

    // USD: the ABA routing number's check digit. EUR details are on file, so new USD ones (which
    // redirect payments too) need the password.
    let p = problem(save_bank(&a, &app, &usd_bank("021000022", ACCOUNT)).await).await;
    assert_eq!(
        (p["status"].as_u64(), errors_fields(&p)),
        (Some(422), vec!["bank.routing_number".to_owned(), "password".to_owned()])
    );
    let p = problem(save_bank(&a, &app, &usd_bank(ROUTING, ACCOUNT)).await).await;
    assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["password".to_owned()]));
    let mut usd = usd_bank(ROUTING, ACCOUNT);
    usd["password"] = json!(PASSWORD);
    let res = save_bank(&a, &app, &usd).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["account_masked"], "•••• 6789");

    let res = a.get(app.url("/api/v1/bank-details")).send().await.unwrap();
    let text = res.text().await.unwrap();
    assert!(!text.contains(IBAN) && !text.contains(ACCOUNT), "GET never shows the full account: {text}");
    let list: Value = serde_json::from_str(&text).unwrap();
    let masked: Vec<&str> =
        list["accounts"].as_array().unwrap().iter().map(|a| a["account_masked"].as_str().unwrap()).collect();
    assert_eq!(masked, ["DE•• •••• 3000", "•••• 6789"]);

    // Replacing: the password is needed, and must be right; wrong ones change nothing.
    app.clock.advance(Duration::hours(1));
    let replacement = "NL91ABNA0417164300";
    let p = problem(save_bank(&a, &app, &eur_bank(replacement)).await).await;
    assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["password".to_owned()]));
    let mut body = eur_bank(replacement);
    body["password"] = json!("not my password");
    let p = problem(save_bank(&a, &app, &body).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["field"].as_str()), (Some(422), Some("password")));
    assert_eq!(p["errors"][0]["code"], "wrong");
    let list = app.get::<Value>(&a, "/api/v1/bank-details").await;
    assert_eq!(list["accounts"][0]["account_masked"], "DE•• •••• 3000", "unchanged");
    assert_eq!(list["accounts"][0]["updated_at"], "2026-11-20T15:00:00Z");
    body["password"] = json!(PASSWORD);
    let res = save_bank(&a, &app, &body).await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["account_masked"], "NL•• •••• 4300");
    assert_eq!(saved["updated_at"], "2026-11-20T16:00:00Z");
    assert_eq!(app.get::<Value>(&a, "/api/v1/bank-details").await["accounts"][0]["account_masked"], "NL•• •••• 4300");

    // Another partner never sees them, and its own first save needs no password.
    assert_eq!(app.get::<Value>(&b, "/api/v1/bank-details").await, json!({ "accounts": [] }));
    assert_eq!(save_bank(&b, &app, &usd_bank("011000015", "99887766")).await.status(), 200);
    let a_list = app.get::<Value>(&a, "/api/v1/bank-details").await;
    assert_eq!(a_list["accounts"][1]["account_masked"], "•••• 6789", "b's save did not touch a's");
    assert_eq!(app.get::<Value>(&b, "/api/v1/bank-details").await["accounts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn r_inv_2_invoice_details_are_checked_and_nothing_is_stored_on_a_refusal() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let (first, _) = shipped_order(&a, &app, a_id, "I-4", 10, |_| {}).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-5", 5, |_| {}).await;
    let file = invoice_pdf(&a, &app, id).await;
    let open = json!([{ "line_id": line, "quantity": 5 }]);

    // No bank details yet: 422 `bank`.
    let p = problem(submit(&a, &app, id, "d1", &new_invoice("INV-7", open.clone(), Some(file))).await).await;
    assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["bank".to_owned()]));
    usd_bank_saved(&a, &app).await;
    invoice_all(&a, &app, first, "inv-2026-0001").await;

    let cases = [
        ("d2", new_invoice("INV-2026-0001", open.clone(), Some(file)), "invoice_number", "used"),
        ("d3", new_invoice(" inv-2026-0001 ", open.clone(), Some(file)), "invoice_number", "used"),
        ("d4", new_invoice("INV#7", open.clone(), Some(file)), "invoice_number", "invalid"),
        ("d5", new_invoice("", open.clone(), Some(file)), "invoice_number", "required"),
        (
            "d6",
            json!({ "invoice_number": "INV-7", "invoice_date": "2026-11-21", "positions": open, "file_id": file }),
            "invoice_date",
            "in_future",
        ),
        (
            "d7",
            json!({ "invoice_number": "INV-7", "invoice_date": "21.11.2026", "positions": open, "file_id": file }),
            "invoice_date",
            "invalid",
        ),
        ("d8", new_invoice("INV-7", open.clone(), None), "file", "required"),
    ];
    for (key, body, field, code) in cases {
        let p = problem(submit(&a, &app, id, key, &body).await).await;
        assert_eq!(p["status"], 422, "{key}");
        assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{key}: {p}");
        assert_eq!(
            (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{key}"
        );
    }
    let used = problem(submit(&a, &app, id, "d9", &new_invoice("INV-2026-0001", open.clone(), Some(file))).await).await;
    assert!(used["errors"][0]["message"].as_str().unwrap().contains("INV-2026-0001"), "{used}");

    // Nothing stored: one invoice (the first order's), and the positions are still open.
    let payouts = app.get::<Value>(&a, "/api/v1/payouts").await;
    assert_eq!(payouts["invoices"].as_array().unwrap().len(), 1);
    assert_eq!(payouts["invoices"][0]["order_id"], first);
    assert_eq!(positions(&start(&a, &app, id).await), open);
    assert_eq!(invoice_rows(&app).await, 1);

    // Every field right: accepted, and its number is trimmed.
    let res = submit(&a, &app, id, "d10", &new_invoice("  INV-7 ", open.clone(), Some(file))).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["invoice_number"], "INV-7");
}

#[tokio::test]
async fn r_inv_3_the_signed_invoice_is_a_pdf_of_this_order_for_this_purpose() {
    let app = spawn_app().await;
    let (a, b, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-6", 10, |_| {}).await;
    let (other, _) = shipped_order(&a, &app, a_id, "I-7", 0, |_| {}).await;

    // R-INV-3: checked by content: a PNG named .pdf is refused, so is an empty file.
    let p = problem(app.upload(&a, id, "purpose=invoice", "invoice.pdf", &PNG).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["field"].as_str()), (Some(415), Some("file")));
    let p = problem(app.upload(&a, id, "purpose=invoice", "invoice.pdf", &[]).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["code"].as_str()), (Some(422), Some("empty")));

    // A PDF of another order, or one uploaded as a QC report, is not this invoice's file.
    let foreign = invoice_pdf(&a, &app, other).await;
    let res = app.upload(&a, id, "purpose=qc_report", "report.pdf", &PDF).await;
    assert_eq!(res.status(), 201);
    let report = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let open = json!([{ "line_id": line, "quantity": 10 }]);
    for (key, file) in [("f1", foreign), ("f2", report), ("f3", 9_999)] {
        let p = problem(submit(&a, &app, id, key, &new_invoice("INV-1", open.clone(), Some(file))).await).await;
        assert_eq!((p["status"].as_u64(), errors_fields(&p)), (Some(422), vec!["file".to_owned()]), "{key}");
    }
    assert_eq!(invoice_rows(&app).await, 0);

    // Invoice files are not QC files: the order page lists the report only.
    let d = detail(&a, &app, id).await;
    let purposes: Vec<&str> = d["files"].as_array().unwrap().iter().map(|f| f["purpose"].as_str().unwrap()).collect();
    assert_eq!(purposes, ["qc_report"]);

    // Another partner's order: 404 on the wizard, the submission and the upload.
    let file = invoice_pdf(&a, &app, id).await;
    assert_eq!(b.get(app.url(&format!("/api/v1/orders/{id}/invoice"))).send().await.unwrap().status(), 404);
    assert_eq!(
        problem(submit(&b, &app, id, "f4", &new_invoice("INV-1", open.clone(), Some(file))).await).await["status"],
        404
    );
    assert_eq!(app.upload(&b, id, "purpose=invoice", "invoice.pdf", &PDF).await.status(), 404);
    assert_eq!(invoice_rows(&app).await, 0);

    // The owner's own PDF can be downloaded back.
    let res = a.get(app.url(&format!("/api/v1/files/{file}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF.as_slice());
    assert_eq!(b.get(app.url(&format!("/api/v1/files/{file}"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn r_inv_3_submitting_twice_with_one_key_makes_one_invoice() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, line) = shipped_order(&a, &app, a_id, "I-8", 10, |_| {}).await;
    let file = invoice_pdf(&a, &app, id).await;
    let body = new_invoice("INV-1", json!([{ "line_id": line, "quantity": 10 }]), Some(file));

    let url = app.url(&format!("/api/v1/orders/{id}/invoices"));
    let missing = a.post(&url).json(&body).send().await.unwrap();
    assert_eq!(problem(missing).await["status"], 428);
    assert_eq!(invoice_rows(&app).await, 0);

    let first = submit(&a, &app, id, "double-click", &body).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = submit(&a, &app, id, "double-click", &body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(invoice_rows(&app).await, 1);
    assert_eq!(app.get::<Value>(&a, "/api/v1/payouts").await["invoices"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn r_inv_4_a_line_that_does_not_divide_invoiced_in_two_parts_sums_to_its_total() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    // $10.00 for 3 parts: 333.333 cents each.
    let (id, line) = shipped_order(&a, &app, a_id, "I-9", 1, |j| {
        j.quantity = 3;
        j.price = Money::usd(1_000);
    })
    .await;
    let s = start(&a, &app, id).await;
    assert_eq!(s["positions"][0]["unit_price_milli"], 333_333);
    assert_eq!(s["positions"][0]["unit_price_text"], "$3.33333");
    let one = invoice_all(&a, &app, id, "INV-1").await;
    assert_eq!(one["positions"][0]["total"]["amount_minor"], 333);
    assert_eq!(one["total"]["amount_minor"], 333);

    ship(&a, &app, id, line, 2).await;
    let two = invoice_all(&a, &app, id, "INV-2").await;
    assert_eq!(two["positions"][0]["quantity"], 2);
    assert_eq!(two["positions"][0]["total"]["amount_minor"], 667, "666.666 rounds to 667");
    let d = detail(&a, &app, id).await;
    assert_eq!(d["lines"][0]["total"]["amount_minor"], 1_000);
    assert_eq!(
        one["total"]["amount_minor"].as_i64().unwrap() + two["total"]["amount_minor"].as_i64().unwrap(),
        1_000,
        "R-INV-4: the parts sum exactly to the line total"
    );
}

#[tokio::test]
async fn r_inv_4_the_invoice_total_is_the_sum_of_its_rounded_positions() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let id = order(&app, a_id, "I-10", |_| {}).await;
    {
        let mut conn = app.db.write.acquire().await.unwrap();
        let size = Dimensions::new(10, 10, 10);
        let lines = [
            db::orders::NewLine {
                part_name: "Cap",
                quantity: 7,
                unit_price_minor: 199,
                finish: Finish::AsMachined,
                size,
            },
            db::orders::NewLine {
                part_name: "Base",
                quantity: 3,
                unit_price_minor: 1_250,
                finish: Finish::Anodized,
                size,
            },
        ];
        db::orders::replace_lines(&mut conn, id, &lines).await.unwrap();
    }
    let d = detail(&a, &app, id).await;
    let lines: Vec<i64> = d["lines"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    ship(&a, &app, id, lines[0], 5).await;
    ship(&a, &app, id, lines[1], 3).await;
    let invoice = invoice_all(&a, &app, id, "INV-1").await;
    let totals: Vec<i64> =
        invoice["positions"].as_array().unwrap().iter().map(|p| p["total"]["amount_minor"].as_i64().unwrap()).collect();
    assert_eq!(totals, [995, 3_750]);
    assert_eq!(invoice["total"], json!({ "amount_minor": 4_745, "currency": "USD" }));
    assert_eq!(invoice["total"]["amount_minor"].as_i64().unwrap(), totals.iter().sum::<i64>());
}

#[tokio::test]
async fn r_inv_5_payment_dates_and_the_payouts_page() {
    let app = spawn_app().await;
    let (a, b, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (o1, _) = shipped_order(&a, &app, a_id, "I-11", 10, |_| {}).await;
    let (o2, _) = shipped_order(&a, &app, a_id, "I-12", 10, |j| j.price = Money::usd(12_345)).await;
    let (o3, _) = shipped_order(&a, &app, a_id, "I-13", 10, |j| j.price = Money::usd(1_000)).await;

    // t0 is Fri 20 Nov 2026: the 10th to the 23rd is paid on the 14th of the next month.
    assert_eq!(start(&a, &app, o1).await["payment_date"], "2026-12-14");
    let first = invoice_all(&a, &app, o1, "INV-1").await;
    assert_eq!(first["payment_date"], "2026-12-14");
    assert_eq!(first["submitted_at"], "2026-11-20T15:00:00Z");
    assert_eq!(first["bank"]["account_masked"], "•••• 6789");

    // From the 24th: paid on the 28th of the next month.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    assert_eq!(start(&a, &app, o2).await["payment_date"], "2026-12-28");
    let second = invoice_all(&a, &app, o2, "INV-2").await;
    assert_eq!(second["payment_date"], "2026-12-28");
    let third = invoice_all(&a, &app, o3, "INV-3").await;
    assert_eq!(third["payment_date"], "2026-12-28");

    let p = app.get::<Value>(&a, "/api/v1/payouts").await;
    assert_eq!(p["today"], "2026-11-24");
    let numbers: Vec<&str> =
        p["invoices"].as_array().unwrap().iter().map(|i| i["invoice_number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["INV-3", "INV-2", "INV-1"], "newest first");
    assert_eq!(
        p["by_payment_date"],
        json!([
            { "payment_date": "2026-12-28", "submitted_from": "2026-11-24", "submitted_until": "2026-12-09",
              "totals": [{ "amount_minor": 13_345, "currency": "USD" }], "invoices": 2, "paid": false },
            { "payment_date": "2026-12-14", "submitted_from": "2026-11-10", "submitted_until": "2026-11-23",
              "totals": [{ "amount_minor": 90_000, "currency": "USD" }], "invoices": 1, "paid": false },
        ])
    );
    let calendar: Vec<(&str, u64)> = p["calendar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["payment_date"].as_str().unwrap(), d["invoices"].as_u64().unwrap()))
        .collect();
    assert_eq!(calendar, [("2026-11-28", 0), ("2026-12-14", 1), ("2026-12-28", 2), ("2027-01-14", 0)]);
    assert_eq!(p["calendar"][0]["totals"], json!([]));
    assert_eq!(p["calendar"][3]["submitted_from"], "2026-12-10");

    // Another partner's payouts are its own: empty.
    let other = app.get::<Value>(&b, "/api/v1/payouts").await;
    assert_eq!(other["invoices"], json!([]));
    assert_eq!(other["by_payment_date"], json!([]));
    assert_eq!(other["calendar"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn operator_approves_then_pays_an_invoice_forward_only() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    usd_bank_saved(&a, &app).await;
    let (id, _) = shipped_order(&a, &app, a_id, "I-14", 10, |_| {}).await;
    let invoice = invoice_all(&a, &app, id, "INV-1").await;
    assert!(invoice["approved_at"].is_null() && invoice["paid_at"].is_null());
    let url = app.url(&format!("/api/v1/operator/invoices/{}/status", invoice["id"]));
    let op = operator();
    let set = |status: &'static str| op.post(&url).json(&json!({ "status": status })).send();

    // No token (the partner's cookie is not one): 401.
    assert_eq!(a.post(&url).json(&json!({ "status": "approved" })).send().await.unwrap().status(), 401);
    let unknown = op.post(app.url("/api/v1/operator/invoices/999/status")).json(&json!({ "status": "approved" }));
    assert_eq!(unknown.send().await.unwrap().status(), 404);

    // Paid before approved: 409.
    assert_eq!(problem(set("paid").await.unwrap()).await["status"], 409);

    app.clock.advance(Duration::days(2));
    let res = set("approved").await.unwrap();
    assert_eq!(res.status(), 200);
    let approved: Value = res.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approved_at"], "2026-11-22T15:00:00Z");
    assert!(approved["paid_at"].is_null());

    // The same status again: 200, nothing changes.
    app.clock.advance(Duration::hours(1));
    let res = set("approved").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), approved);

    let p = app.get::<Value>(&a, "/api/v1/payouts").await;
    assert_eq!(p["invoices"][0]["status"], "approved");
    assert_eq!(p["by_payment_date"][0]["paid"], false);

    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap());
    let res = set("paid").await.unwrap();
    assert_eq!(res.status(), 200);
    let paid: Value = res.json().await.unwrap();
    assert_eq!((paid["status"].as_str(), paid["paid_at"].as_str()), (Some("paid"), Some("2026-11-26T08:00:00Z")));
    assert_eq!(paid["approved_at"], "2026-11-22T15:00:00Z");

    // Back to approved or submitted: 409; the partner sees it paid.
    assert_eq!(problem(set("approved").await.unwrap()).await["status"], 409);
    assert_eq!(problem(set("submitted").await.unwrap()).await["status"], 409);
    let p = app.get::<Value>(&a, "/api/v1/payouts").await;
    assert_eq!(p["invoices"][0]["status"], "paid");
    assert_eq!(p["invoices"][0]["paid_at"], "2026-11-26T08:00:00Z");
    assert_eq!(
        p["by_payment_date"][0],
        json!({
            "payment_date": "2026-12-14", "submitted_from": "2026-11-10", "submitted_until": "2026-11-23",
            "totals": [{ "amount_minor": 90_000, "currency": "USD" }], "invoices": 1, "paid": true
        })
    );
    assert_eq!(start(&a, &app, id).await["invoices"][0]["status"], "paid");
}

/// EUR orders are paid to the EUR account: the wizard shows the details of the order's currency.
#[tokio::test]
async fn r_inv_2_the_wizard_shows_the_bank_details_of_the_orders_currency() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let (id, _) = shipped_order(&a, &app, a_id, "I-15", 2, |j| j.price = Money::new(1_000, Currency::Eur)).await;
    usd_bank_saved(&a, &app).await;
    let s = start(&a, &app, id).await;
    assert_eq!(s["currency"], "EUR");
    assert!(s["bank"].is_null(), "only USD details saved");
    assert_eq!(s["positions"][0]["unit_price_text"], "€1.00");
    assert_eq!(s["password_needed"], true, "USD details are on file");
    // Adding EUR details redirects payments too: the password is asked.
    let p = problem(save_bank(&a, &app, &eur_bank(IBAN)).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["field"].as_str()), (Some(422), Some("password")));
    let mut body = eur_bank(IBAN);
    body["password"] = json!(PASSWORD);
    assert_eq!(save_bank(&a, &app, &body).await.status(), 200);
    let invoice = invoice_all(&a, &app, id, "R-2026-1").await;
    assert_eq!(invoice["bank"]["account_masked"], "DE•• •••• 3000");
    assert_eq!(invoice["total"], json!({ "amount_minor": 200, "currency": "EUR" }));
}

/// Issue 16: bank details are sealed at rest with a key outside the database: a copy of the
/// database file (with its write-ahead log) holds neither the account number nor the holder, yet
/// the partner sees them masked. Rotating the key: the server seals every row again with the new
/// key at start, after which the old key can go.
#[tokio::test]
async fn r_inv_2_bank_details_are_sealed_at_rest_and_survive_a_key_rotation() {
    use portal_api::secrets::BankKeys;
    let first = BankKeys::new_line("k1");
    let keys = BankKeys::parse(&first).unwrap();
    let app = crate::common::spawn_app_with(move |s| s.with_bank_keys(keys)).await;
    app.partner("a@shop.example", cnc_caps(), t0() - chrono::Duration::days(1)).await;
    let a = app.login("a@shop.example").await;
    usd_bank_saved(&a, &app).await;
    let mut eur = eur_bank("DE89370400440532013000");
    eur["password"] = json!(PASSWORD);
    assert_eq!(save_bank(&a, &app, &eur).await.status(), 200);
    let list = app.get::<Value>(&a, "/api/v1/bank-details").await;
    assert_eq!(list["accounts"].as_array().unwrap().len(), 2, "{list}");
    let on_disk = || {
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(app.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with("portal.db") {
                bytes.extend(std::fs::read(path).unwrap());
            }
        }
        bytes
    };
    let contains = |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    let copy = on_disk();
    assert!(contains(&copy, "a@shop.example"), "the copy is the database");
    for secret in ["DE89370400440532013000", "370400440532013000", ACCOUNT, "Test Shop GmbH", "Test Shop LLC"] {
        assert!(!contains(&copy, secret), "{secret} is in the database file");
    }

    // Rotation: k2 first, k1 still there; the server seals again at start.
    let rotated = BankKeys::parse(&format!("{}\n{first}", BankKeys::new_line("k2"))).unwrap();
    let k2_only = BankKeys::parse(&BankKeys::new_line("k3")).unwrap();
    assert!(portal_api::db::invoices::banks(&app.db.read, &k2_only, 1).await.is_err(), "a wrong key opens nothing");
    assert_eq!(portal_api::db::invoices::reseal_banks(&app.db.write, &rotated).await.unwrap(), 2);
    assert_eq!(portal_api::db::invoices::reseal_banks(&app.db.write, &rotated).await.unwrap(), 0, "once is enough");
    let shown = portal_api::db::invoices::banks(&app.db.read, &rotated, 1).await.unwrap();
    let before: Vec<BankDetailsShown> = serde_json::from_value(list["accounts"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&shown).unwrap(), serde_json::to_value(&before).unwrap());
    // After the rotation the first key alone no longer opens the rows: it can be dropped.
    let k1_alone = BankKeys::parse(&first).unwrap();
    assert!(portal_api::db::invoices::banks(&app.db.read, &k1_alone, 1).await.is_err());
}

type BankDetailsShown = portal_core::api::BankDetails;
