//! My Orders: stages (R-ORD-2), production order (R-ORD-3), check-ins (R-ORD-4), QC uploads
//! (R-ORD-5), packing (R-ORD-6), shipments: parts (R-SHP-1), package and its photo (R-SHP-2),
//! delivery (R-SHP-3), the deadline (R-SHP-4), tracking and labels (R-SHP-5), publishing once
//! (R-SHP-6).

use chrono::{Duration, NaiveDate};
use portal_api::db;
use portal_core::capability::{Finish, Process};
use portal_core::shipping::DeliveryTerms;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::{PDF, PNG, TestApp, cnc_caps, cnc_job, marketplace_package, operator, problem, spawn_app, t0};

/// An order of the partner's, written directly: `confirmed` as if accepted from the board.
async fn order(app: &TestApp, partner_id: i64, reference: &str, setup: impl FnOnce(&mut db::jobs::JobPosting)) -> i64 {
    order_with(app, partner_id, reference, true, setup).await
}

async fn order_with(
    app: &TestApp,
    partner_id: i64,
    reference: &str,
    confirmed: bool,
    setup: impl FnOnce(&mut db::jobs::JobPosting),
) -> i64 {
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
        confirmed,
    };
    db::orders::insert(&mut conn, &new).await.unwrap()
}

async fn two_partners(app: &TestApp) -> (reqwest::Client, reqwest::Client, i64) {
    let a = app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(400)).await;
    app.partner("b@shop.example", cnc_caps(), t0() - Duration::days(400)).await;
    (app.login("a@shop.example").await, app.login("b@shop.example").await, a)
}

async fn detail(client: &reqwest::Client, app: &TestApp, id: i64) -> (Value, String) {
    let res = client.get(app.url(&format!("/api/v1/orders/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    (res.json().await.unwrap(), etag)
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    order: i64,
    query: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    client.post(app.url(&format!("/api/v1/orders/{order}/files?{query}"))).multipart(form).send().await.unwrap()
}

async fn file_rows(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM files").fetch_one(&app.db.read).await.unwrap();
    n
}

fn stored_files(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.dir.path().join("files"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

fn marketplace_shipment(line_id: i64, quantity: u32, photo: i64) -> Value {
    marketplace_package(vec![json!({ "line_id": line_id, "quantity": quantity })], photo)
}

async fn publish(client: &reqwest::Client, app: &TestApp, order: i64, key: &str, body: &Value) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/v1/orders/{order}/shipments")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn package_photo(client: &reqwest::Client, app: &TestApp, order: i64) -> i64 {
    let res = upload(client, app, order, "purpose=package_photo", "box.png", PNG.to_vec()).await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn r_ord_2_list_and_order_page_with_stages_and_only_for_the_owner() {
    let app = spawn_app().await;
    let (a, b, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-1", |_| {}).await;

    let list: Value = a.get(app.url("/api/v1/orders")).send().await.unwrap().json().await.unwrap();
    let row = &list["orders"][0];
    assert_eq!(row["id"], id);
    assert_eq!(row["part_names"], json!(["Bracket O-1"]));
    assert_eq!(row["left_to_ship"], 10);
    let marks: Vec<(String, bool)> = row["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["stage"].as_str().unwrap().to_owned(), m["done"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        marks,
        [
            ("production".to_owned(), true),
            ("quality_control".to_owned(), false),
            ("shipping".to_owned(), false),
            ("invoice".to_owned(), false)
        ],
        "accepted from the board: production confirmed (R-ORD-3); CNC needs photos (R-ORD-5)"
    );
    assert_eq!(row["next_step"], "upload_qc");

    let (d, etag) = detail(&a, &app, id).await;
    assert_eq!(etag, "\"order-1\"");
    assert_eq!(d["lines"][0]["quantity"], 10);
    assert_eq!(d["lines"][0]["drawings"], json!(["O-1-1.step", "O-1-1.pdf"]));
    assert_eq!(d["check_ins"].as_array().unwrap().len(), 4);
    assert_eq!(d["qc"], json!({ "report": false, "photos": true, "photos_before_shipping": false }));
    assert_eq!(d["terms"]["delivery_terms"], "marketplace");
    assert!(d["packing"].as_array().unwrap().len() >= 4, "R-ORD-6 checklist");
    assert!(d["confirmed_on_accept"].as_bool().unwrap());

    // Another partner's order, file routes and actions: 404 every time.
    for path in [format!("/api/v1/orders/{id}"), format!("/api/v1/orders/{id}/production-order")] {
        assert_eq!(b.get(app.url(&path)).send().await.unwrap().status(), 404, "{path}");
    }
    let confirm = b.post(app.url(&format!("/api/v1/orders/{id}/confirm"))).header("if-match", &etag).send().await;
    assert_eq!(confirm.unwrap().status(), 404);
    let check_in = b
        .put(app.url(&format!("/api/v1/orders/{id}/check-ins/material")))
        .header("if-match", &etag)
        .json(&json!({ "answer": true }))
        .send()
        .await;
    assert_eq!(check_in.unwrap().status(), 404);
    assert_eq!(upload(&b, &app, id, "purpose=qc_report", "r.pdf", PDF.to_vec()).await.status(), 404);
    assert_eq!(publish(&b, &app, id, "b-1", &marketplace_shipment(1, 1, 1)).await.status(), 404);
    assert_eq!(file_rows(&app).await, 0);
}

#[tokio::test]
async fn r_ord_3_production_order_download_and_confirmation_with_if_match() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let id = order_with(&app, a_id, "O-2", false, |_| {}).await;
    let (d, etag) = detail(&a, &app, id).await;
    assert!(d["production_confirmed_at"].is_null());
    assert_eq!(d["next_step"], "confirm_production");

    let res = a.get(app.url(&format!("/api/v1/orders/{id}/production-order"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"production-order-{}.pdf\"", d["number"].as_str().unwrap())
    );
    let pdf = res.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF-1.4") && text.trim_end().ends_with("%%EOF"));
    assert!(
        text.contains(d["number"].as_str().unwrap()) && text.contains("Bracket O-2") && text.contains("O-2-1.step")
    );

    let url = app.url(&format!("/api/v1/orders/{id}/confirm"));
    assert_eq!(a.post(&url).send().await.unwrap().status(), 428);
    assert_eq!(problem(a.post(&url).header("if-match", "\"order-7\"").send().await.unwrap()).await["status"], 412);
    let res = a.post(&url).header("if-match", &etag).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"order-2\"");
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["production_confirmed_at"], "2026-11-20T15:00:00Z");
    assert_eq!(d["stages"][0]["done"], true);
    // The same confirmation from the earlier version (another tab) is stale, not a second write.
    assert_eq!(a.post(&url).header("if-match", &etag).send().await.unwrap().status(), 412);
}

#[tokio::test]
async fn r_ord_4_check_ins_keep_their_time_and_on_time_opens_two_days_before() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    // t0 is 2026-11-20; the lead time is 2026-11-23, so on-time opens on 2026-11-21.
    let id = order(&app, a_id, "O-3", |j| j.ship_by = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).await;
    let (_, etag) = detail(&a, &app, id).await;
    let put = |q: &str, etag: &str, answer: bool| {
        a.put(app.url(&format!("/api/v1/orders/{id}/check-ins/{q}")))
            .header("if-match", etag.to_owned())
            .json(&json!({ "answer": answer }))
            .send()
    };
    let early = problem(put("on_time", &etag, true).await.unwrap()).await;
    assert_eq!(early["errors"][0]["field"], "question");
    assert!(early["errors"][0]["message"].as_str().unwrap().contains("Sat 21 Nov 2026"), "{early}");
    assert_eq!(problem(put("colour", &etag, true).await.unwrap()).await["errors"][0]["field"], "question");
    let (after_refusals, etag_after) = detail(&a, &app, id).await;
    assert_eq!(etag_after, etag, "refused answers change nothing");
    assert!(after_refusals["check_ins"].as_array().unwrap().iter().all(|c| c["answer"].is_null()));

    let res = put("material", &etag, true).await.unwrap();
    assert_eq!(res.status(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["check_ins"][0]["answer"], true);
    assert_eq!(d["check_ins"][0]["answered_at"], "2026-11-20T15:00:00Z");
    // A second tab still holding the first version: 412, and its answer is not stored.
    assert_eq!(put("started", &etag, false).await.unwrap().status(), 412);
    let (d, etag) = detail(&a, &app, id).await;
    assert!(d["check_ins"][1]["answer"].is_null());

    app.clock.advance(Duration::days(1));
    let res = put("on_time", &etag, true).await.unwrap();
    assert_eq!(res.status(), 200, "exactly two days before the lead time");
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["check_ins"][3]["answer"], true);
    assert_eq!(d["check_ins"][3]["opens_on"], "2026-11-21");
}

#[tokio::test]
async fn r_ord_5_uploads_are_checked_by_content_stored_privately_and_owner_only() {
    let app = spawn_app().await;
    let (a, b, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-4", |j| j.terms.qc_report_required = true).await;
    let (d, _) = detail(&a, &app, id).await;
    let line = d["lines"][0]["id"].as_i64().unwrap();

    // A PNG renamed .pdf, an HTML page renamed .jpg, an empty file, a 50 MB file: refused, nothing kept.
    let p = problem(upload(&a, &app, id, "purpose=qc_report", "report.pdf", PNG.to_vec()).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["field"].as_str()), (Some(415), Some("file")));
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("PNG"));
    let html = b"<!doctype html><script>alert(1)</script>".to_vec();
    let p = problem(upload(&a, &app, id, &format!("purpose=qc_photo&line_id={line}"), "photo.jpg", html).await).await;
    assert_eq!(p["status"], 415);
    let p = problem(upload(&a, &app, id, "purpose=qc_report", "empty.pdf", Vec::new()).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["code"].as_str()), (Some(422), Some("empty")));
    let mut big = PDF.to_vec();
    big.resize(50 * 1024 * 1024, b' ');
    let p = problem(upload(&a, &app, id, "purpose=qc_report", "big.pdf", big).await).await;
    assert_eq!((p["status"].as_u64(), p["errors"][0]["field"].as_str()), (Some(413), Some("file")));
    let p = problem(upload(&a, &app, id, "purpose=qc_photo", "p.png", PNG.to_vec()).await).await;
    assert_eq!(p["errors"][0]["field"], "line_id");
    let p = problem(upload(&a, &app, id, "purpose=selfie", "p.png", PNG.to_vec()).await).await;
    assert_eq!(p["errors"][0]["field"], "purpose");
    assert_eq!(file_rows(&app).await, 0);
    assert!(stored_files(&app).is_empty(), "no file is left behind by a refused upload");

    let res = upload(&a, &app, id, "purpose=qc_report", "../../etc/inspection.pdf", PDF.to_vec()).await;
    assert_eq!(res.status(), 201);
    let report: Value = res.json().await.unwrap();
    assert_eq!((report["kind"].as_str(), report["name"].as_str()), (Some("application/pdf"), Some("inspection.pdf")));
    let (d, _) = detail(&a, &app, id).await;
    assert_eq!(d["stages"][1]["done"], false, "CNC: photos of every part still missing");
    let res = upload(&a, &app, id, &format!("purpose=qc_photo&line_id={line}"), "part.png", PNG.to_vec()).await;
    assert_eq!(res.status(), 201);
    let (d, _) = detail(&a, &app, id).await;
    assert_eq!(d["files"].as_array().unwrap().len(), 2);
    assert_eq!(d["stages"][1]["done"], true, "report and photos: QC done");

    // Stored under random names in the files folder, never the uploaded name.
    let stored = stored_files(&app);
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|n| n.len() == 36 && !n.contains("inspection")), "{stored:?}");

    let url = app.url(&format!("/api/v1/files/{}", report["id"]));
    let res = a.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-disposition"], "attachment; filename=\"inspection.pdf\"");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF.as_slice());
    assert_eq!(b.get(&url).send().await.unwrap().status(), 404, "only its owner downloads a file");
}

#[tokio::test]
async fn r_shp_1_partial_shipments_never_more_than_left_and_publish_once_per_key() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-5", |_| {}).await;
    let other = order(&app, a_id, "O-6", |_| {}).await;
    let (d, _) = detail(&a, &app, id).await;
    let line = d["lines"][0]["id"].as_i64().unwrap();
    let photo = package_photo(&a, &app, id).await;
    let foreign_photo = package_photo(&a, &app, other).await;

    let url = app.url(&format!("/api/v1/orders/{id}/shipments"));
    // R-SHP-6: a publish needs its Idempotency-Key; R-SHP-2: the photo must be this order's.
    assert_eq!(a.post(&url).json(&marketplace_shipment(line, 4, photo)).send().await.unwrap().status(), 428);
    let p = problem(publish(&a, &app, id, "k0", &marketplace_shipment(line, 4, foreign_photo)).await).await;
    assert_eq!(p["errors"][0]["field"], "package.photo");
    let mut wrong_terms = marketplace_shipment(line, 4, photo);
    wrong_terms["delivery"] = json!({ "arranged_by": "partner", "carrier": "ups", "expected_ship_date": "2026-11-21", "terms_accepted": true });
    assert_eq!(
        problem(publish(&a, &app, id, "k0b", &wrong_terms).await).await["errors"][0]["field"],
        "delivery.arranged_by"
    );

    // R-SHP-6: a double click: one shipment, the same answer twice.
    let first = publish(&a, &app, id, "k1", &marketplace_shipment(line, 4, photo)).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again: Value = publish(&a, &app, id, "k1", &marketplace_shipment(line, 4, photo)).await.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(first["package_no"], 1);
    assert_eq!(first["late"], false);
    assert_eq!(first["labels_ready"], false, "marketplace labels come once it has processed the shipment");
    assert_eq!(first["number"], format!("SHP-{:06}", first["id"].as_i64().unwrap()));

    let over = problem(publish(&a, &app, id, "k2", &marketplace_shipment(line, 7, photo)).await).await;
    assert_eq!(over["errors"][0]["field"], "lines[0].quantity");
    assert!(over["errors"][0]["message"].as_str().unwrap().contains("Only 6"), "{over}");
    let (d, _) = detail(&a, &app, id).await;
    assert_eq!((d["lines"][0]["shipped"].as_u64(), d["shipments"].as_array().unwrap().len()), (Some(4), 1));
    assert_eq!(d["status"], "in_production");

    // A package photo shows one package: the first package's photo is refused for the second.
    let reused = problem(publish(&a, &app, id, "k3", &marketplace_shipment(line, 6, photo)).await).await;
    assert_eq!(
        (reused["errors"][0]["field"].as_str(), reused["errors"][0]["code"].as_str()),
        (Some("package.photo"), Some("used"))
    );
    let second_photo = package_photo(&a, &app, id).await;
    let rest = publish(&a, &app, id, "k3b", &marketplace_shipment(line, 6, second_photo)).await;
    assert_eq!(rest.status(), 201, "exactly what is left");
    let (d, _) = detail(&a, &app, id).await;
    assert_eq!(d["shipments"][1]["package_no"], 2);
    // R-ORD-7: published is not shipped; the parts are still in the shop until pickup.
    assert_eq!(d["stages"][2]["done"], false, "every part published, none picked up");
    assert_eq!(d["next_step"], "upload_qc", "CNC photos are still missing");
    assert_eq!(d["status"], "in_production");
    assert!(d["shipments"][0]["left_on"].is_null());
    assert_eq!(publish(&a, &app, id, "k4", &marketplace_shipment(line, 1, second_photo)).await.status(), 409);
}

#[tokio::test]
async fn r_shp_4_publishing_on_the_day_before_the_lead_time_is_in_time_and_later_is_late() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let in_time = order(&app, a_id, "O-7", |j| j.ship_by = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()).await;
    let late = order(&app, a_id, "O-8", |j| j.ship_by = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).await;
    // R-SHP-4: in time on the day before the lead time; late on the lead time day.
    for (id, expected) in [(in_time, false), (late, true)] {
        let (d, _) = detail(&a, &app, id).await;
        let photo = package_photo(&a, &app, id).await;
        let body = marketplace_shipment(d["lines"][0]["id"].as_i64().unwrap(), 10, photo);
        let res = publish(&a, &app, id, &format!("late-{id}"), &body).await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.json::<Value>().await.unwrap()["late"], expected, "order {id}");
    }
}

#[tokio::test]
async fn r_ord_5_dmls_needs_photos_before_shipping_can_be_published() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-9", |j| j.requirements.process = Process::Dmls).await;
    let (d, _) = detail(&a, &app, id).await;
    let line = d["lines"][0]["id"].as_i64().unwrap();
    assert!(d["shipping_blocked"].as_str().unwrap().contains("DMLS"));
    let photo = package_photo(&a, &app, id).await;
    let p = problem(publish(&a, &app, id, "d1", &marketplace_shipment(line, 10, photo)).await).await;
    assert_eq!(p["type"], "/problems/photos-required");
    assert_eq!(
        upload(&a, &app, id, &format!("purpose=qc_photo&line_id={line}"), "p.png", PNG.to_vec()).await.status(),
        201
    );
    assert_eq!(publish(&a, &app, id, "d2", &marketplace_shipment(line, 10, photo)).await.status(), 201);
}

#[tokio::test]
async fn r_shp_3_partner_arranged_delivery_checks_the_carriers_tracking_format() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-10", |j| {
        j.terms.delivery_terms = DeliveryTerms::Dap;
        j.requirements.finish = Finish::Dyed;
    })
    .await;
    let (d, _) = detail(&a, &app, id).await;
    assert!(d["packing"].as_array().unwrap().iter().any(|i| i.as_str().unwrap().contains("individually")), "R-ORD-6");
    let line = d["lines"][0]["id"].as_i64().unwrap();
    let photo = package_photo(&a, &app, id).await;
    // R-SHP-3: DAP terms, so the partner arranges delivery with a carrier's tracking format.
    let mut body = marketplace_shipment(line, 10, photo);
    body["delivery"] = json!({ "arranged_by": "partner", "carrier": "ups", "tracking_number": "12345",
                               "expected_ship_date": "2026-11-19", "terms_accepted": false });
    let p = problem(publish(&a, &app, id, "p1", &body).await).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["delivery.tracking_number", "delivery.expected_ship_date", "delivery.terms_accepted"]);
    body["delivery"] = json!({ "arranged_by": "partner", "carrier": "ups", "tracking_number": "1z 999 aa1 0123456784",
                               "expected_ship_date": "2026-11-20", "terms_accepted": true });
    let res = publish(&a, &app, id, "p2", &body).await;
    assert_eq!(res.status(), 201);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["delivery"]["tracking_number"], "1Z999AA10123456784");
    assert_eq!(s["labels_ready"], true, "partner-arranged: the label is ready at once");
}

#[tokio::test]
async fn r_shp_5_operator_moves_tracking_forward_to_delivered() {
    let app = spawn_app().await;
    let (a, _, a_id) = two_partners(&app).await;
    let id = order(&app, a_id, "O-11", |_| {}).await;
    let (d, _) = detail(&a, &app, id).await;
    let photo = package_photo(&a, &app, id).await;
    let s: Value = publish(&a, &app, id, "t1", &marketplace_shipment(d["lines"][0]["id"].as_i64().unwrap(), 10, photo))
        .await
        .json()
        .await
        .unwrap();
    // R-SHP-5: the marketplace reports each tracking step; the label is ready from "label created".
    let url = app.url(&format!("/api/v1/operator/shipments/{}/status", s["id"]));
    assert_eq!(a.post(&url).json(&json!({ "status": "label_created" })).send().await.unwrap().status(), 401);
    let op = operator();
    for (i, status) in ["label_created", "picked_up", "in_transit", "delivered"].into_iter().enumerate() {
        app.clock.advance(Duration::hours(6));
        let res = op.post(&url).json(&json!({ "status": status })).send().await.unwrap();
        assert_eq!(res.status(), 200, "{status}");
        let s: Value = res.json().await.unwrap();
        assert_eq!(s["status"], status);
        assert_eq!(s["events"].as_array().unwrap().len(), i + 2);
        assert_eq!(s["labels_ready"], true);
    }
    let back = problem(op.post(&url).json(&json!({ "status": "in_transit" })).send().await.unwrap()).await;
    assert_eq!(back["status"], 409);
    let p = problem(op.post(&url).json(&json!({ "status": "lost" })).send().await.unwrap()).await;
    assert_eq!(p["errors"][0]["field"], "status");
    let missing = op.post(app.url("/api/v1/operator/shipments/999/status")).json(&json!({ "status": "delivered" }));
    assert_eq!(missing.send().await.unwrap().status(), 404);
    let (d, _) = detail(&a, &app, id).await;
    assert_eq!(d["shipments"][0]["events"][4]["status"], "delivered");
}
