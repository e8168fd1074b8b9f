//! An order's life through the portal's own routes (issue 13): probation ends by shipping
//! (R-JOB-5 revised, R-ORD-7), publishing is not shipping, the pickup dates the score (R-PSS-3
//! revised), closed means closed, check-ins are kept and final (R-ORD-4 revised), a won
//! counteroffer is confirmed after reading it (R-ORD-3) or handed back (R-ORD-7, R-PSS-5 revised),
//! declining costs nothing, and days are counted on the marketplace's clock (DOMAIN "Times").

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

use portal_core::api::OrderDetail;
use portal_core::order::OrderStatus;
use portal_core::shipping::PickupSource;

use crate::common::*;

async fn check_in_answer(client: &reqwest::Client, app: &TestApp, order: i64, q: &str, yes: bool) -> reqwest::Response {
    let (_, etag) = app.order_page(client, order).await;
    client
        .put(app.url(&format!("/api/v1/orders/{order}/check-ins/{q}")))
        .header("if-match", etag)
        .json(&json!({ "answer": yes }))
        .send()
        .await
        .unwrap()
}

// R-JOB-5 (revised), R-ORD-7: a brand-new partner leaves probation through the routes alone:
// accept, ship every part, the pickup recorded; then the next job; after 5 the limits are gone.
#[tokio::test]
async fn r_job_5_a_new_partner_leaves_probation_by_shipping_five_jobs() {
    let app = spawn_app().await;
    app.partner("new@shop.example", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("new@shop.example").await;
    let big = app.job(cnc_job("BIG", 6_000, t0() - Duration::hours(1))).await;
    let res = accept(&client, &app, big, "big-early").await;
    assert_eq!(res.status(), 422);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("Over the probation limit"));

    for n in 0..5 {
        let me = app.get::<Value>(&client, "/api/v1/me").await;
        assert_eq!(me["on_probation"], true, "after {n} jobs");
        assert_eq!(me["probation"]["completed_jobs_to_go"], 5 - n);
        let first = app.job(cnc_job(&format!("P-{n}"), 500, app.clock_now() - Duration::hours(1))).await;
        let second = app.job(cnc_job(&format!("Q-{n}"), 400, app.clock_now() - Duration::hours(1))).await;
        let order = app.accepted(&client, first, &format!("p-{n}")).await.id;
        // One active job at a time, and the message says what frees the slot.
        let res = accept(&client, &app, second, &format!("q-{n}")).await;
        assert_eq!(res.status(), 422);
        let detail = problem(res).await["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains("picked up"), "{detail}");
        // Publishing is not shipping: still the one active job.
        let shipment = app.publish_all(&client, order).await;
        assert_eq!(accept(&client, &app, second, &format!("q-{n}-b")).await.status(), 422);
        let (page, _) = app.order_page(&client, order).await;
        assert_eq!(
            (Some(page.order.status), Some(page.next_step.slug())),
            (Some(OrderStatus::InProduction), Some("upload_qc"))
        );
        // The pickup: the partner's "Shipped" check-in on the day.
        let res = app.shipped(&client, order, shipment.id).await;
        assert_eq!(res.status(), 200);
        let page: OrderDetail = res.json().await.unwrap();
        assert_eq!(page.order.status, OrderStatus::Shipped);
        assert_eq!(page.shipments[0].left_on, Some(app.clock_now().date_naive()));
        assert_eq!(page.shipments[0].left_recorded_by, Some(PickupSource::Partner));
        assert!(page.stages[2].done);
        app.clock.advance(Duration::days(1));
    }
    let me = app.get::<Value>(&client, "/api/v1/me").await;
    assert_eq!((me["on_probation"].as_bool(), me["standing"]["completed_jobs"].as_u64()), (Some(false), Some(5)));
    // The first big job has left the board by now (48 hours); a new one can be taken.
    let big_now = app.job(cnc_job("BIG-2", 6_000, app.clock_now() - Duration::hours(1))).await;
    assert_eq!(accept(&client, &app, big_now, "big").await.status(), 201, "the $5,000 limit is gone");
}

// R-ORD-7, R-INV-1: only parts that have left can be invoiced; an order is closed when delivered
// and paid with every stage done, and then refuses changes with its real reason.
#[tokio::test]
async fn r_ord_7_an_order_is_invoiced_after_pickup_and_closed_when_delivered_and_paid() {
    let app = spawn_app().await;
    let a = app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(65)).await;
    app.history(a, 5, 0).await;
    let client = app.login("a@shop.example").await;
    let job = app.job(cnc_job("L-1", 900, t0() - Duration::hours(1))).await;
    let order = app.accepted(&client, job, "l1").await.id;
    let shipment = app.publish_all(&client, order).await;
    let sid = shipment.id;
    // Published, not picked up: nothing to invoice, and the wizard's refusal says why.
    let start = app.get::<Value>(&client, &format!("/api/v1/orders/{order}/invoice")).await;
    assert_eq!(start["positions"], json!([]));

    // The carrier's pickup scan (the marketplace's report) dates the shipment.
    let op = operator();
    let status = |s: &'static str| {
        op.post(app.url(&format!("/api/v1/operator/shipments/{sid}/status"))).json(&json!({ "status": s })).send()
    };
    assert_eq!(status("picked_up").await.unwrap().status(), 200);
    let (page, _) = app.order_page(&client, order).await;
    assert_eq!(page.order.status, OrderStatus::Shipped);
    assert_eq!(page.shipments[0].left_recorded_by, Some(PickupSource::Carrier));
    // The partner's answer after the scan is refused: the day is final.
    let late = problem(app.shipped(&client, order, sid).await).await;
    assert_eq!(late["status"], 409);
    assert!(late["detail"].as_str().unwrap().contains("carrier"), "{late}");

    // Quality control, bank details and the invoice.
    let line = page.lines[0].id;
    app.uploaded(&client, order, &format!("purpose=qc_photo&line_id={line}"), "part.png", &PNG).await;
    let bank = json!({ "currency": "USD", "holder": "Shop LLC", "routing_number": "021000021", "account_number": "123456789" });
    assert_eq!(client.put(app.url("/api/v1/bank-details")).json(&bank).send().await.unwrap().status(), 200);
    let start = app.get::<Value>(&client, &format!("/api/v1/orders/{order}/invoice")).await;
    let positions: Vec<Value> = start["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({ "line_id": p["line_id"], "quantity": p["quantity"] }))
        .collect();
    assert_eq!(positions, [json!({ "line_id": line, "quantity": 10 })]);
    let file = app.uploaded(&client, order, "purpose=invoice", "invoice.pdf", &PDF).await.id;
    let body =
        json!({ "invoice_number": "L-INV-1", "invoice_date": "2026-11-20", "positions": positions, "file_id": file });
    let res = client
        .post(app.url(&format!("/api/v1/orders/{order}/invoices")))
        .header("idempotency-key", "inv")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let invoice: Value = res.json().await.unwrap();
    let pay = |s: &'static str| {
        op.post(app.url(&format!("/api/v1/operator/invoices/{}/status", invoice["id"])))
            .json(&json!({ "status": s }))
            .send()
    };
    assert_eq!(pay("approved").await.unwrap().status(), 200);
    assert_eq!(pay("paid").await.unwrap().status(), 200);
    let (page, _) = app.order_page(&client, order).await;
    assert_eq!(
        (Some(page.order.status), Some(page.next_step.slug())),
        (Some(OrderStatus::Shipped), Some("wait_for_close")),
        "not delivered yet"
    );
    assert_eq!(status("delivered").await.unwrap().status(), 200);
    let (page, _) = app.order_page(&client, order).await;
    assert_eq!((Some(page.order.status), Some(page.next_step.slug())), (Some(OrderStatus::Closed), Some("closed")));
    assert!(page.stages.iter().all(|s| s.done));
    let list = app.get::<Value>(&client, "/api/v1/orders").await;
    let row = list["orders"].as_array().unwrap().iter().find(|o| o["id"] == order).unwrap().clone();
    assert_eq!(row["status"], "closed");

    // Closed: the check-ins and uploads are refused, each saying why.
    let res = check_in_answer(&client, &app, order, "material", true).await;
    let p = problem(res).await;
    assert_eq!(p["status"], 409);
    assert!(p["detail"].as_str().unwrap().contains("closed (delivered and paid)"), "{p}");
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("r.pdf"));
    let res = client
        .post(app.url(&format!("/api/v1/orders/{order}/files?purpose=qc_report")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
}

// R-PSS-3 (revised): the pickup, not the day shipping information was published, dates the job.
#[tokio::test]
async fn r_pss_3_the_pickup_date_is_what_on_time_shipping_measures() {
    let app = spawn_app().await;
    app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("a@shop.example").await;
    let mut posting = cnc_job("S-1", 900, t0() - Duration::hours(1));
    posting.ship_by = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let job = app.job(posting).await;
    let order = app.accepted(&client, job, "s1").await.id;
    for q in ["material", "started", "finished"] {
        app.check_in(&client, order, q, true).await;
    }
    let shipment = app.publish_all(&client, order).await;
    assert!(!shipment.late, "published three days before the lead time");
    let score = app.get::<Value>(&client, "/api/v1/score").await;
    assert_eq!(score["jobs"], 0, "published is not shipped: the job does not count yet");
    // Picked up two days after the lead time: 2 days late, credit 0.6.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap());
    assert_eq!(app.shipped(&client, order, shipment.id).await.status(), 200);
    let score = app.get::<Value>(&client, "/api/v1/score").await;
    assert_eq!(score["jobs"], 1);
    assert_eq!(score["components"][1]["score"], json!(60.0));
    assert_eq!(score["components"][1]["facts"][0]["what"], "Shipped 2 days late: credit 0.60");
}

// R-ORD-4 (revised): every answer is kept with its time; it can be corrected until the lead
// time and is final after it.
#[tokio::test]
async fn r_ord_4_answers_are_kept_corrected_until_the_deadline_and_final_after() {
    let app = spawn_app().await;
    app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("a@shop.example").await;
    let mut posting = cnc_job("C-1", 900, t0() - Duration::hours(1));
    posting.ship_by = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let order = app.accepted(&client, app.job(posting).await, "c1").await.id;
    // 20 Nov: the on-time question opens today (two days before the lead time).
    assert_eq!(check_in_answer(&client, &app, order, "on_time", true).await.status(), 200);
    app.clock.advance(Duration::hours(3));
    let res = check_in_answer(&client, &app, order, "on_time", false).await;
    assert_eq!(res.status(), 200, "corrected before the deadline");
    let page: Value = res.json().await.unwrap();
    let on_time = &page["check_ins"][3];
    assert_eq!(on_time["answer"], false);
    assert_eq!(on_time["due_on"], "2026-11-22");
    let history: Vec<(bool, String)> = on_time["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["answer"].as_bool().unwrap(), h["at"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(history, [(true, "2026-11-20T15:00:00Z".to_owned()), (false, "2026-11-20T18:00:00Z".to_owned())]);
    // The lead time itself, 23:30 in New York (04:30 UTC the next day): still in time.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 23, 4, 30, 0).unwrap());
    assert_eq!(check_in_answer(&client, &app, order, "on_time", true).await.status(), 200);
    // 00:30 in New York on the 23rd: final.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 23, 5, 30, 0).unwrap());
    let p = problem(check_in_answer(&client, &app, order, "on_time", false).await).await;
    assert_eq!((p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()), (Some("answer"), Some("final")));
    let (page, _) = app.order_page(&client, order).await;
    assert_eq!(page.check_ins[3].answer, Some(true), "the refused change stored nothing");
    assert_eq!(page.check_ins[3].history.len(), 3);
}

// R-ORD-3, R-ORD-7, R-PSS-5 (revised): a won counteroffer is confirmed only after its production
// order was read, or handed back with a reason: the job returns to the boards of partners who had
// not seen it, and handing back costs engagement. Declining never does.
#[tokio::test]
async fn r_ord_7_a_won_counteroffer_is_confirmed_after_reading_or_handed_back() {
    let app = spawn_app().await;
    let a = app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(65)).await;
    app.history(a, 5, 0).await;
    app.partner("seen@shop.example", cnc_caps(), t0() - Duration::days(1)).await;
    app.partner("fresh@shop.example", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("a@shop.example").await;
    let seen = app.login("seen@shop.example").await;
    let fresh = app.login("fresh@shop.example").await;
    let before = app.get::<Value>(&client, "/api/v1/score").await;
    assert_eq!(before["components"][3]["score"], json!(100.0));

    // Declining with feedback changes nothing in the score.
    let other = app.job(cnc_job("D-1", 900, t0() - Duration::hours(1))).await;
    let res = client
        .post(app.url(&format!("/api/v1/jobs/{other}/decline")))
        .header("idempotency-key", "d1")
        .json(&json!({ "reason": "price_too_low", "feedback": "Anodizing alone costs more." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(app.get::<Value>(&client, "/api/v1/score").await, before, "declining costs nothing");

    let job = app.job(cnc_job("W-1", 900, t0() - Duration::hours(1))).await;
    // The "seen" partner opens the job and does nothing.
    assert_eq!(seen.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().status(), 200);
    let res = client
        .post(app.url(&format!("/api/v1/jobs/{job}/counteroffer")))
        .header("idempotency-key", "w1")
        .json(&json!({ "price": { "amount_minor": 80_000, "currency": "USD" }, "note": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    app.clock.advance(Duration::minutes(10));
    let s: Value = operator()
        .post(app.url(&format!("/api/v1/operator/jobs/{job}/close")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let order = s["order_id"].as_i64().unwrap();

    // R-ORD-3: not before the production order was downloaded.
    let (_, etag) = app.order_page(&client, order).await;
    let res = client
        .post(app.url(&format!("/api/v1/orders/{order}/confirm")))
        .header("if-match", &etag)
        .send()
        .await
        .unwrap();
    let p = problem(res).await;
    assert_eq!(p["status"], 422);
    assert!(p["detail"].as_str().unwrap().contains("Download the production order"), "{p}");

    // Handing back needs a reason; then the order is handed back and counts against engagement.
    let hand_back = |etag: String, reason: &'static str| {
        client
            .post(app.url(&format!("/api/v1/orders/{order}/hand-back")))
            .header("if-match", etag)
            .json(&json!({ "reason": reason }))
            .send()
    };
    let p = problem(hand_back(etag.clone(), "  ").await.unwrap()).await;
    assert_eq!(p["errors"][0]["field"], "reason");
    let res = hand_back(etag, "Our 5-axis machine is down for two weeks.").await.unwrap();
    assert_eq!(res.status(), 200);
    let page: OrderDetail = res.json().await.unwrap();
    assert_eq!(
        (Some(page.order.status), Some(page.next_step.slug())),
        (Some(OrderStatus::HandedBack), Some("handed_back"))
    );
    let after = app.get::<Value>(&client, "/api/v1/score").await;
    // 6 jobs taken on (5 from the board, 1 won), 1 handed back: 5/6 → 83.3.
    assert_eq!(after["components"][3]["score"], json!(83.3));
    assert_eq!(after["components"][3]["facts"][0]["what"], "Handed back");

    // The job is back on the board of the partner who had not seen it, not on the others'.
    let refs = |b: Value| -> Vec<String> {
        b["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap().to_owned()).collect()
    };
    assert!(refs(app.get::<Value>(&fresh, "/api/v1/jobs").await).contains(&"W-1".to_owned()));
    assert!(!refs(app.get::<Value>(&seen, "/api/v1/jobs").await).contains(&"W-1".to_owned()));
    assert!(!refs(app.get::<Value>(&client, "/api/v1/jobs").await).contains(&"W-1".to_owned()));
    // Another partner takes it: a new order of the same job.
    let again = app.accepted(&fresh, job, "w1-fresh").await.id;
    assert_ne!(again, order);

    // A board accept is confirmed already: it cannot be handed back.
    let mine = app.accepted(&client, app.job(cnc_job("B-1", 900, t0() - Duration::hours(1))).await, "b1").await.id;
    let (_, etag) = app.order_page(&client, mine).await;
    let res = client
        .post(app.url(&format!("/api/v1/orders/{mine}/hand-back")))
        .header("if-match", etag)
        .json(&json!({ "reason": "Changed our mind" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
}

// DOMAIN "Times": late publication (R-SHP-4) and the invoice's submission day (R-INV-5) are
// counted on the marketplace's clock, New York for USD and Berlin for EUR.
#[tokio::test]
async fn days_are_counted_on_the_marketplaces_clock() {
    let app = spawn_app().await;
    let a = app.partner("a@shop.example", cnc_caps(), t0() - Duration::days(65)).await;
    app.history(a, 5, 0).await;
    let client = app.login("a@shop.example").await;
    let mut posting = cnc_job("T-1", 900, t0() - Duration::hours(1));
    posting.ship_by = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let order = app.accepted(&client, app.job(posting).await, "t1").await.id;
    let mut eur = cnc_job("T-2", 900, t0() - Duration::hours(1));
    eur.price = portal_core::Money::new(90_000, portal_core::Currency::Eur);
    let eur_order = app.accepted(&client, app.job(eur).await, "t2").await.id;

    // 23:30 in New York on the 23rd (the day before the lead time) is 04:30 UTC on the 24th:
    // publishing then is in time.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 24, 4, 30, 0).unwrap());
    let shipment = app.publish_all(&client, order).await;
    assert!(!shipment.late, "still the 23rd in New York");
    // The invoice wizard's day is New York's too: the 23rd is paid on 14 Dec, the 24th on 28 Dec.
    let start = app.get::<Value>(&client, &format!("/api/v1/orders/{order}/invoice")).await;
    assert_eq!((start["today"].as_str(), start["payment_date"].as_str()), (Some("2026-11-23"), Some("2026-12-14")));
    // Berlin is already on the 24th (05:30): the EUR order's submission day is the 24th.
    let start = app.get::<Value>(&client, &format!("/api/v1/orders/{eur_order}/invoice")).await;
    assert_eq!((start["today"].as_str(), start["payment_date"].as_str()), (Some("2026-11-24"), Some("2026-12-28")));
    // 00:30 in New York on the 24th: the day of the lead time, so publishing is late.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 24, 5, 30, 0).unwrap());
    let mut posting = cnc_job("T-3b", 900, app.clock_now() - Duration::hours(1));
    posting.ship_by = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let late_order = app.accepted(&client, app.job(posting).await, "t3").await.id;
    let shipment = app.publish_all(&client, late_order).await;
    assert!(shipment.late, "the lead time's own day in New York");
}
