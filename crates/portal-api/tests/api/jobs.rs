//! The board, one job, and accepting (R-JOB-1, 2, 3, 5, 10; R-ACC-3; R-ORD-1).

use chrono::Duration;
use portal_core::capability::{Finish, Material};

use crate::common::*;

async fn board(client: &reqwest::Client, app: &TestApp, query: &str) -> serde_json::Value {
    let res = client.get(app.url(&format!("/api/v1/jobs{query}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn references(board: &serde_json::Value) -> Vec<String> {
    board["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap().to_owned()).collect()
}

// R-JOB-1, R-JOB-2
#[tokio::test]
async fn r_job_1_r_job_2_board_shows_matched_live_jobs_with_time_left() {
    let app = spawn_app().await;
    app.partner("cnc@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.job(cnc_job("LIVE", 900, t0() - Duration::hours(1))).await;
    let mut unmatched = cnc_job("BRASS", 900, t0() - Duration::hours(1));
    unmatched.requirements.material = Material::Brass360;
    app.job(unmatched).await;
    let mut too_big = cnc_job("BIG", 900, t0() - Duration::hours(1));
    too_big.requirements.part_size = portal_core::capability::Dimensions::new(800, 10, 10);
    app.job(too_big).await;
    app.job(cnc_job("EXACTLY48H", 900, t0() - Duration::hours(48))).await;
    app.job(cnc_job("ALMOST48H", 900, t0() - Duration::hours(48) + Duration::seconds(30))).await;
    app.job(cnc_job("FUTURE", 900, t0() + Duration::hours(1))).await;

    let client = app.login("cnc@example.com").await;
    let b = board(&client, &app, "").await;
    assert_eq!(references(&b), ["ALMOST48H", "LIVE"], "sorted by time left by default");
    assert_eq!(b["jobs"][0]["seconds_left"], 30);
    assert_eq!(b["jobs"][1]["seconds_left"], 47 * 3600);
    assert_eq!(b["jobs"][1]["can_accept"], true);
    assert!(b["jobs"][1]["matched"].as_array().unwrap().iter().any(|m| m.as_str().unwrap().starts_with("Haas VF-2")));
    assert_eq!(b["server_time"], "2026-11-20T15:00:00Z");
}

#[tokio::test]
async fn board_filters_and_sorts_from_the_query_and_names_bad_values() {
    let app = spawn_app().await;
    app.partner("cnc@example.com", cnc_caps(), t0() - Duration::days(65)).await;
    app.history(1, 5, 0).await;
    app.job(cnc_job("CHEAP", 100, t0() - Duration::hours(1))).await;
    app.job(cnc_job("DEAR", 9_000, t0() - Duration::hours(2))).await;
    let mut steel = cnc_job("STEEL", 500, t0() - Duration::hours(3));
    steel.requirements.material = Material::Steel1018;
    app.job(steel).await;
    let client = app.login("cnc@example.com").await;

    assert_eq!(references(&board(&client, &app, "?sort=price").await), ["DEAR", "STEEL", "CHEAP"]);
    let steel_only = board(&client, &app, "?material=steel_1018").await;
    assert_eq!(references(&steel_only), ["STEEL"]);
    assert_eq!(steel_only["total"], 1);
    let paged = board(&client, &app, "?sort=price&limit=1&offset=1").await;
    assert_eq!(references(&paged), ["STEEL"]);
    assert_eq!(paged["total"], 3);

    let res = client.get(app.url("/api/v1/jobs?process=warp_drive&sort=cheapest")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["process", "sort"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("cnc_milling"));
}

// R-ACC-3
#[tokio::test]
async fn r_acc_3_frozen_after_day_30_with_notice_and_no_jobs() {
    let app = spawn_app().await;
    app.partner("late@example.com", cnc_caps(), t0() - Duration::days(30)).await;
    let job = app.job(cnc_job("LIVE", 900, t0() - Duration::hours(1))).await;
    let client = app.login("late@example.com").await;

    let on_day_30 = board(&client, &app, "").await;
    assert!(on_day_30["frozen"].is_null());
    assert_eq!(references(&on_day_30), ["LIVE"]);

    app.clock.advance(Duration::days(1));
    let on_day_31 = board(&client, &app, "").await;
    assert_eq!(on_day_31["jobs"].as_array().unwrap().len(), 0);
    assert!(on_day_31["frozen"]["reason"].as_str().unwrap().contains("30 days"));
    assert!(on_day_31["frozen"]["contact_email"].as_str().unwrap().contains('@'));
    let me: serde_json::Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["account_state"], "frozen");
    assert_eq!(client.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().status(), 404);
    let res = accept(&client, &app, job, "frozen-1").await;
    assert_eq!(res.status(), 422);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("frozen"));
}

// R-JOB-5
#[tokio::test]
async fn r_job_5_probation_over_limit_job_is_shown_with_reason_and_refused() {
    let app = spawn_app().await;
    app.partner("new@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let at_limit = app.job(cnc_job("AT-LIMIT", 5_000, t0() - Duration::hours(1))).await;
    let over = app.job(cnc_job("OVER", 5_001, t0() - Duration::hours(2))).await;
    let client = app.login("new@example.com").await;

    let b = board(&client, &app, "?sort=price").await;
    assert_eq!(references(&b), ["OVER", "AT-LIMIT"]);
    assert_eq!(b["jobs"][0]["can_accept"], false);
    assert_eq!(b["jobs"][0]["blocked"]["code"], "probation_value_limit");
    assert!(b["jobs"][0]["blocked"]["message"].as_str().unwrap().contains("$5,000.00"));
    assert_eq!(b["jobs"][1]["can_accept"], true);
    // Over the value limit a counteroffer within it is still possible (sent only when not).
    assert!(b["jobs"][0]["can_counteroffer"].is_null());

    let res = accept(&client, &app, over, "over-1").await;
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    assert_eq!(p["type"], "/problems/acceptance-limit");
    assert!(p["detail"].as_str().unwrap().contains("$5,000.00"));
    assert_eq!(app.order_count().await, 0, "nothing stored");

    // Exactly $5,000 is allowed; then the one-active-job limit applies.
    assert_eq!(accept(&client, &app, at_limit, "limit-1").await.status(), 201);
    let another = app.job(cnc_job("SMALL", 100, t0() - Duration::hours(1))).await;
    let res = accept(&client, &app, another, "small-1").await;
    assert_eq!(res.status(), 422);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("1 active job"));
    // Holding its one active job, the partner cannot counteroffer either (R-JOB-5): the board
    // says so and the API refuses with the reason.
    let b = board(&client, &app, "").await;
    assert_eq!(b["jobs"][0]["can_counteroffer"], false);
    let res = client
        .post(app.url(&format!("/api/v1/jobs/{another}/counteroffer")))
        .header("idempotency-key", "small-co")
        .json(&serde_json::json!({ "price": { "amount_minor": 9_000, "currency": "USD" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("1 active job"));
}

// R-ORD-1
#[tokio::test]
async fn r_ord_1_accept_creates_an_order_and_takes_the_job_off_every_board() {
    let app = spawn_app().await;
    let a = app.partner("a@example.com", cnc_caps(), t0() - Duration::days(65)).await;
    app.history(a, 6, 0).await;
    app.partner("b@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let job = app.job(cnc_job("J-1", 700, t0() - Duration::hours(1))).await;
    let client_a = app.login("a@example.com").await;
    let client_b = app.login("b@example.com").await;
    assert_eq!(references(&board(&client_b, &app, "").await), ["J-1"]);

    let res = accept(&client_a, &app, job, "accept-j1").await;
    assert_eq!(res.status(), 201);
    let order: serde_json::Value = res.json().await.unwrap();
    assert_eq!(order["job_id"], job);
    assert_eq!(order["lead_time"], "2026-12-04", "R-ORD-1: the job's ship-by date");
    assert_eq!(order["status"], "in_production");
    assert_eq!(order["price"]["amount_minor"], 70_000);

    let orders: serde_json::Value = client_a.get(app.url("/api/v1/orders")).send().await.unwrap().json().await.unwrap();
    assert_eq!(orders["orders"][0]["number"], order["number"]);
    assert_eq!(orders["orders"][0]["part_name"], "Bracket J-1");
    // Gone from both boards; B sees nothing of A's order (R-ACC-1).
    assert!(references(&board(&client_a, &app, "").await).is_empty());
    assert!(references(&board(&client_b, &app, "").await).is_empty());
    let b_orders: serde_json::Value =
        client_b.get(app.url("/api/v1/orders")).send().await.unwrap().json().await.unwrap();
    assert_eq!(b_orders["orders"].as_array().unwrap().len(), 0);
    // B accepting now: taken, 409 with the reason.
    let res = accept(&client_b, &app, job, "b-late").await;
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("Another partner took"));
    assert_eq!(client_b.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().status(), 404);
}

// R-JOB-10
#[tokio::test]
async fn r_job_10_same_idempotency_key_twice_makes_one_order() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let job = app.job(cnc_job("J-1", 700, t0() - Duration::hours(1))).await;
    let client = app.login("a@example.com").await;
    let first = accept(&client, &app, job, "same-key").await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let replay = accept(&client, &app, job, "same-key").await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.json::<serde_json::Value>().await.unwrap(), first);
    assert_eq!(app.order_count().await, 1);
    // A new key for the same job is a second decision: refused, still one order.
    assert_eq!(accept(&client, &app, job, "other-key").await.status(), 409);
    // The same key for another job is a client bug, named as such.
    let job2 = app.job(cnc_job("J-2", 700, t0() - Duration::hours(1))).await;
    let res = accept(&client, &app, job2, "same-key").await;
    assert_eq!(res.status(), 422);
    assert_eq!(problem(res).await["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(app.order_count().await, 1);
}

// R-JOB-10
#[tokio::test]
async fn r_job_10_two_partners_accepting_at_once_one_wins() {
    let app = spawn_app().await;
    for email in ["a@example.com", "b@example.com"] {
        app.partner(email, cnc_caps(), t0() - Duration::days(2)).await;
    }
    let job = app.job(cnc_job("J-1", 700, t0() - Duration::hours(1))).await;
    let (a, b) = (app.login("a@example.com").await, app.login("b@example.com").await);
    let (ra, rb) = tokio::join!(accept(&a, &app, job, "ka"), accept(&b, &app, job, "kb"));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    assert_eq!(app.order_count().await, 1);
}

// R-JOB-10
#[tokio::test]
async fn r_job_10_expired_unmatched_and_unknown_jobs_are_refused() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let expired = app.job(cnc_job("OLD", 700, t0() - Duration::hours(48))).await;
    let mut dyed = cnc_job("DYED", 700, t0() - Duration::hours(1));
    dyed.requirements.finish = Finish::Dyed;
    let unmatched = app.job(dyed).await;
    let client = app.login("a@example.com").await;

    let res = accept(&client, &app, expired, "k1").await;
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("left the board"));
    assert_eq!(accept(&client, &app, unmatched, "k2").await.status(), 404);
    assert_eq!(accept(&client, &app, 999_999, "k3").await.status(), 404);
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn accept_needs_an_idempotency_key() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let job = app.job(cnc_job("J-1", 700, t0() - Duration::hours(1))).await;
    let client = app.login("a@example.com").await;
    let res = client.post(app.url(&format!("/api/v1/jobs/{job}/accept"))).send().await.unwrap();
    assert_eq!(res.status(), 428);
    assert_eq!(problem(res).await["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(app.order_count().await, 0);
}

// R-ACC-1
#[tokio::test]
async fn r_acc_1_one_job_by_id_only_when_on_the_callers_board() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("p@example.com", sls_caps(), t0() - Duration::days(2)).await;
    let job = app.job(cnc_job("J-1", 700, t0() - Duration::hours(1))).await;
    let a = app.login("a@example.com").await;
    let p = app.login("p@example.com").await;
    let res = a.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["reference"], "J-1");
    assert_eq!(p.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().status(), 404);
    let res = a.get(app.url("/api/v1/jobs/abc")).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(problem(res).await["status"], 400);
}

// R-JOB-3
#[tokio::test]
async fn r_job_3_a_decided_taken_or_expired_job_never_returns() {
    let app = spawn_app().await;
    let a = app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let declined = app.job(cnc_job("DECLINED", 700, t0() - Duration::hours(1))).await;
    app.job(cnc_job("EXPIRING", 700, t0() - Duration::hours(47))).await;
    app.job(cnc_job("STAYS", 700, t0() - Duration::hours(1))).await;
    let client = app.login("a@example.com").await;
    assert_eq!(references(&board(&client, &app, "").await), ["EXPIRING", "DECLINED", "STAYS"]);

    // A decline (its route comes with the board's decline dialog) is a decision: gone for good.
    portal_api::db::jobs::record_decision(&app.db.write, a, declined, portal_core::job::Decision::Declined, t0())
        .await
        .unwrap();
    app.clock.advance(Duration::hours(2));
    assert_eq!(references(&board(&client, &app, "").await), ["STAYS"]);
    assert_eq!(client.get(app.url(&format!("/api/v1/jobs/{declined}"))).send().await.unwrap().status(), 404);
    let res = accept(&client, &app, declined, "late").await;
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("declined this job already"));
}

/// Issue 17: a job's page states every term that binds (size, tolerances, finish, notes, delivery,
/// QC, lead time in days) and serves the marketplace's drawing and model, to partners who see the
/// job on their board and, after accepting, to its holder (also through the order); nobody else.
#[tokio::test]
async fn a_jobs_page_states_its_terms_and_serves_its_drawings_r_ord_1() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("b@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("p@example.com", sls_caps(), t0() - Duration::days(2)).await;
    let body = serde_json::json!({
        "reference": "J-77",
        "part_name": "Valve body",
        "requirements": { "process": "cnc_milling", "material": "aluminum_6061", "finish": "as_machined",
                          "certifications": [], "part_size": { "x_mm": 120, "y_mm": 80, "z_mm": 30 } },
        "quantity": 5,
        "price": { "amount_minor": 90_000, "currency": "USD" },
        "ship_by": "2026-12-18",
        "terms": { "qc_report_required": true, "delivery_terms": "dap", "ship_to": "Lab\n1 Road\nWichita, KS",
                   "tolerance": "±0.02 mm on bores", "notes": "Mask the bores." }
    });
    let res = operator().post(app.url("/api/v1/operator/jobs")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let job = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let a = app.login("a@example.com").await;
    let b = app.login("b@example.com").await;
    let p = app.login("p@example.com").await;

    let detail: serde_json::Value = app.get(&a, &format!("/api/v1/jobs/{job}")).await;
    assert_eq!(detail["reference"], "J-77");
    assert_eq!(detail["part_size"]["x_mm"], 120);
    assert_eq!(detail["terms"]["tolerance"], "±0.02 mm on bores");
    assert_eq!(detail["terms"]["notes"], "Mask the bores.");
    assert_eq!(detail["terms"]["delivery_terms"], "dap");
    assert_eq!(detail["terms"]["qc_report_required"], true);
    assert_eq!(detail["qc"]["photos"], true, "R-ORD-5: CNC parts need photos");
    // t0 is 20 Nov 2026 on the marketplace's clock: 28 days to 18 Dec.
    assert_eq!(detail["lead_time_days"], 28);
    assert_eq!(detail["drawings"], serde_json::json!(["J-77-1.step", "J-77-1.pdf"]));

    let pdf = a.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-77-1.pdf"))).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.headers()["content-disposition"].to_str().unwrap().contains("J-77-1.pdf"));
    let bytes = pdf.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF a reader opens");
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("120 × 80 × 30 mm"), "{text}");
    assert!(text.contains("bores"), "{text}");
    let step = a.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-77-1.step"))).send().await.unwrap();
    assert_eq!(step.status(), 200);
    assert_eq!(step.headers()["content-type"], "model/step");
    let step = step.text().await.unwrap();
    assert!(step.starts_with("ISO-10303-21;"));
    assert!(step.contains("FACETED_BREP") && step.contains("(120.000,80.000,30.000)"));
    assert!(step.trim_end().ends_with("END-ISO-10303-21;"));
    // No other file, and no other partner's.
    for (client, name) in [(&a, "J-77-2.pdf"), (&a, "../J-77-1.pdf"), (&p, "J-77-1.pdf")] {
        let res = client.get(app.url(&format!("/api/v1/jobs/{job}/drawings/{name}"))).send().await.unwrap();
        assert_eq!(res.status(), 404, "{name}");
    }

    // After A accepts: A still downloads (and through the order); B, whose board lost it, does not.
    let order = app.accepted(&a, job, "accept-77").await;
    let res = a.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-77-1.step"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = a.get(app.url(&format!("/api/v1/orders/{}/drawings/J-77-1.pdf", order.id))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    let res = b.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-77-1.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = b.get(app.url(&format!("/api/v1/orders/{}/drawings/J-77-1.pdf", order.id))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = a.get(app.url(&format!("/api/v1/orders/{}/drawings/J-78-1.pdf", order.id))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // The order carries the terms it was accepted at.
    let detail: serde_json::Value = app.get(&a, &format!("/api/v1/orders/{}", order.id)).await;
    assert_eq!(detail["terms"]["tolerance"], "±0.02 mm on bores");
    assert_eq!(detail["terms"]["notes"], "Mask the bores.");
}

/// A tolerance statement is required and bounded; notes are bounded; nothing is stored otherwise.
#[tokio::test]
async fn a_posted_jobs_terms_are_checked() {
    let app = spawn_app().await;
    let body = serde_json::json!({
        "part_name": "Valve body",
        "requirements": { "process": "cnc_milling", "material": "aluminum_6061", "finish": "as_machined",
                          "certifications": [], "part_size": { "x_mm": 120, "y_mm": 80, "z_mm": 30 } },
        "quantity": 5,
        "price": { "amount_minor": 90_000, "currency": "USD" },
        "ship_by": "2026-12-18",
        "terms": { "tolerance": " ", "notes": "x".repeat(2_001) }
    });
    let res = operator().post(app.url("/api/v1/operator/jobs")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["terms.tolerance", "terms.notes"]);
}

/// Issue 17: units and paper follow the partner's market (in, lb, US Letter for a USD partner)
/// until it chooses; the choice is kept for every device and lays out its documents.
#[tokio::test]
async fn units_and_paper_default_to_the_market_and_are_kept() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let job = app.job(cnc_job("J-9", 700, t0() - Duration::hours(1))).await;
    let a = app.login("a@example.com").await;
    let me: serde_json::Value = app.get(&a, "/api/v1/me").await;
    assert_eq!(me["currency"], "USD");
    assert_eq!(me["display"], serde_json::json!({ "units": "imperial", "paper": "letter" }));
    let media_box = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let page = doc.get_pages()[&1];
        let b = doc.get_object(page).unwrap().as_dict().unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
        (b[2].as_i64().unwrap(), b[3].as_i64().unwrap())
    };
    let pdf = a.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-9-1.pdf"))).send().await.unwrap();
    assert_eq!(media_box(&pdf.bytes().await.unwrap()), (612, 792), "US Letter");

    let res = a
        .put(app.url("/api/v1/me/display"))
        .json(&serde_json::json!({ "units": "metric", "paper": "a4" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Another device of the same partner sees the choice.
    let other = app.login("a@example.com").await;
    let me: serde_json::Value = app.get(&other, "/api/v1/me").await;
    assert_eq!(me["display"], serde_json::json!({ "units": "metric", "paper": "a4" }));
    let pdf = other.get(app.url(&format!("/api/v1/jobs/{job}/drawings/J-9-1.pdf"))).send().await.unwrap();
    assert_eq!(media_box(&pdf.bytes().await.unwrap()), (595, 842), "A4");

    let res = a
        .put(app.url("/api/v1/me/display"))
        .json(&serde_json::json!({ "units": "cubits", "paper": "a4" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(problem(res).await["errors"][0]["field"].as_str().unwrap().contains("units"));
}
