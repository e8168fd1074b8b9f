//! The demo data set: believable, and what the README promises.

use portal_api::demo::{DEMO_LOGINS, DEMO_PASSWORD, seed_if_empty};

use serde_json::Value;

use crate::common::*;

async fn login_demo(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": email, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{email}");
    client
}

#[tokio::test]
async fn demo_partners_are_at_the_stages_the_readme_names() {
    let app = spawn_app().await;
    assert!(seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap());
    assert!(
        !seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap(),
        "a second start reuses the data"
    );

    let probation = login_demo(&app, DEMO_LOGINS[0].0).await;
    let me = app.get::<Value>(&probation, "/api/v1/me").await;
    assert_eq!(me["standing"]["completed_jobs"], 2);
    assert_eq!(me["standing"]["active_jobs"], 1);
    let board = app.get::<Value>(&probation, "/api/v1/jobs").await;
    let jobs = board["jobs"].as_array().unwrap();
    assert!(jobs.iter().any(|j| j["blocked"]["code"] == "probation_value_limit"), "an over-limit job is shown");

    let established = login_demo(&app, DEMO_LOGINS[1].0).await;
    let me = app.get::<Value>(&established, "/api/v1/me").await;
    assert!(me["standing"]["completed_jobs"].as_u64().unwrap() >= 40);
    assert_eq!(me["on_probation"], false);
    let board = app.get::<Value>(&established, "/api/v1/jobs").await;
    assert!(board["jobs"].as_array().unwrap().iter().all(|j| j["can_accept"] == true));

    let frozen = login_demo(&app, DEMO_LOGINS[2].0).await;
    let board = app.get::<Value>(&frozen, "/api/v1/jobs").await;
    assert!(board["frozen"].is_object());

    let new = login_demo(&app, DEMO_LOGINS[3].0).await;
    let me = app.get::<Value>(&new, "/api/v1/me").await;
    assert_eq!(me["account_state"], "active");
    assert!(me["first_job_deadline"].is_string());
}

#[tokio::test]
async fn demo_board_has_variety() {
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    let (live,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE status = 'open' AND closes_at > ?")
        .bind(t0().timestamp())
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert!(live >= 60, "{live} live jobs");
    let (over_limit,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE status = 'open' AND price_minor > 500000")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert!(over_limit >= 3);
    let (closing,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE status = 'open' AND closes_at > ? AND closes_at <= ?")
            .bind(t0().timestamp())
            .bind(t0().timestamp() + 3600)
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert!(closing >= 2, "{closing} jobs leave the board within the hour");
    let (processes,): (i64,) = sqlx::query_as("SELECT COUNT(DISTINCT process) FROM jobs WHERE status = 'open'")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert!(processes >= 8);

    // Some jobs match only one partner: count each live job's boards.
    let mut boards = Vec::new();
    for (email, _) in DEMO_LOGINS {
        let client = login_demo(&app, email).await;
        let board = app.get::<Value>(&client, "/api/v1/jobs").await;
        let ids: Vec<i64> = board["jobs"].as_array().unwrap().iter().map(|j| j["id"].as_i64().unwrap()).collect();
        boards.push(ids);
    }
    let all: std::collections::BTreeSet<i64> = boards.iter().flatten().copied().collect();
    let only_one = all.iter().filter(|id| boards.iter().filter(|b| b.contains(id)).count() == 1).count();
    assert!(only_one >= 3, "{only_one} jobs match a single partner");
}

// `--demo` keeps posting believable jobs, more often in the surge window (R-JOB-8): each one
// passes the operator's checks and reaches some demo partner's board.
#[tokio::test]
async fn r_job_8_demo_keeps_posting_valid_jobs_more_often_in_the_surge() {
    use chrono::TimeZone;
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    let established = login_demo(&app, DEMO_LOGINS[1].0).await;
    let before = app.get::<Value>(&established, "/api/v1/jobs").await["total"].as_u64().unwrap();
    for n in 1..=12 {
        let job = portal_api::demo::live_job(t0(), n);
        portal_api::market::post_job(&app.state, job).await.unwrap();
    }
    let after = app.get::<Value>(&established, "/api/v1/jobs").await["total"].as_u64().unwrap();
    assert!(after > before, "the all-round shop matches some of the new jobs ({before} -> {after})");
    let surge = chrono::Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0).unwrap();
    let quiet = chrono::Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
    assert!(portal_api::worker::demo_interval(surge) < portal_api::worker::demo_interval(quiet));
}

// R-ORD-2, R-ORD-7: demo data obeys the rules of real data: no order is closed while one of its
// stages is open, "shipped" orders have every part picked up, and a delivered order that is not
// invoiced yet can be invoiced (the probation partner's first two).
#[tokio::test]
async fn demo_orders_are_closed_only_when_every_stage_is_done_and_paid() {
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    let mut closed = 0;
    for (email, _) in &DEMO_LOGINS[..2] {
        let client = login_demo(&app, email).await;
        let list = app.get::<Value>(&client, "/api/v1/orders").await;
        for o in list["orders"].as_array().unwrap() {
            let all_done = o["stages"].as_array().unwrap().iter().all(|s| s["done"] == true);
            match o["status"].as_str().unwrap() {
                "closed" => {
                    assert!(all_done, "{email}: {} is closed with a stage open", o["number"]);
                    closed += 1;
                }
                "shipped" => {
                    assert_eq!(o["left_to_ship"], 0, "{email}: {} shipped with parts in the shop", o["number"])
                }
                "in_production" => assert!(o["left_to_ship"].as_u64().unwrap() > 0),
                other => panic!("{email}: {} is {other}", o["number"]),
            }
        }
    }
    assert!(closed >= 30, "the established partner's paid orders are closed ({closed})");

    let probation = login_demo(&app, DEMO_LOGINS[0].0).await;
    let list = app.get::<Value>(&probation, "/api/v1/orders").await;
    let delivered: Vec<&serde_json::Value> =
        list["orders"].as_array().unwrap().iter().filter(|o| o["status"] == "shipped").collect();
    assert_eq!(delivered.len(), 2);
    for o in delivered {
        assert_eq!(o["next_step"], "invoice", "{}", o["number"]);
        let start = app.get::<Value>(&probation, &format!("/api/v1/orders/{}/invoice", o["id"])).await;
        assert!(!start["positions"].as_array().unwrap().is_empty(), "{} can be invoiced", o["number"]);
    }
}

/// Issue 19: the established shop's store history, made through the store's own functions: a
/// delivered order with its mill test report (still returnable), a purchase order shipped in
/// part, a special-order plate with a new ship date to answer.
#[tokio::test]
async fn demo_store_orders_are_made_by_the_stores_own_rules() {
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    portal_api::demo::seed_store(&app.state).await.unwrap();
    portal_api::demo::seed_store(&app.state).await.unwrap();
    let established = login_demo(&app, DEMO_LOGINS[1].0).await;
    let orders: Value = app.get(&established, "/api/v1/store/orders").await;
    let orders = orders["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 3, "once, however often the server starts");
    let (special, partial, delivered) = (&orders[0], &orders[1], &orders[2]);
    assert!(
        delivered["lines"].as_array().unwrap().iter().all(|l| l["status"] == "delivered" && l["tracking"].is_string())
    );
    assert_eq!(delivered["payment"], "job_funds");
    assert_eq!(delivered["lines"][0]["spec"]["mill_test_report"], true);
    let (id, line) = (delivered["id"].as_i64().unwrap(), delivered["lines"][0]["id"].as_i64().unwrap());
    let mtr = established
        .get(app.url(&format!("/api/v1/store/orders/{id}/lines/{line}/documents/mtr")))
        .send()
        .await
        .unwrap();
    assert_eq!(mtr.status(), 200);
    // Delivered seven days ago: still returnable (R-SUP-8).
    let res = established
        .post(app.url(&format!("/api/v1/store/orders/{id}/returns")))
        .json(&serde_json::json!({ "reason": "not_needed", "note": "", "lines": [{ "line_id": line, "pieces": 1 }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(partial["lines"][0]["status"], "back_ordered");
    assert_eq!(partial["lines"][0]["shipped_pieces"], 6);
    assert_eq!(partial["po_number"], "PO-4471");
    assert_eq!(special["lines"][0]["special_order"], true);
    assert!(special["proposal"]["date"].is_string());
    assert_eq!(special["proposal"]["accepted"], Value::Null, "waiting for an answer");
    let invoices: Value = app.get(&established, "/api/v1/store/invoices").await;
    assert!(invoices["invoices"].as_array().unwrap().iter().all(|i| i["overdue"] == false));
}
