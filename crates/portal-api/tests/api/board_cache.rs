//! The board is kept between requests (`board_cache`): each test looks at a board first, so it is
//! cached, then changes what it is computed from through the product's own routes (or the clock)
//! and shows the very next answer follows: decisions (R-JOB-3, R-JOB-4), capabilities (R-JOB-1,
//! R-ACC-2), the operator posting, closing and withdrawing jobs, time (R-JOB-2), standing (R-JOB-5)
//! and the score behind the bonus (R-JOB-7).

use chrono::Duration;
use portal_api::demo::{DEMO_LOGINS, DEMO_PASSWORD, seed_if_empty};
use portal_core::score::ScorePolicy;
use serde_json::{Value, json};

use crate::common::*;

/// Posts a CNC job through the operator API at the server's now; answers its id.
async fn post(app: &TestApp, reference: &str, material: &str, dollars: i64) -> i64 {
    let body = json!({
        "reference": reference,
        "part_name": "Motor mount",
        "requirements": {
            "process": "cnc_milling",
            "material": material,
            "finish": "as_machined",
            "certifications": [],
            "part_size": { "x_mm": 120, "y_mm": 80, "z_mm": 30 }
        },
        "quantity": 5,
        "price": { "amount_minor": dollars * 100, "currency": "USD" },
        "ship_by": "2026-12-18"
    });
    let res = operator().post(app.url("/api/v1/operator/jobs")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201, "posting {reference}");
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The board's references and total for `query`.
async fn board(app: &TestApp, client: &reqwest::Client, query: &str) -> (Vec<String>, u64) {
    let b: Value = app.get(client, &format!("/api/v1/jobs{query}")).await;
    let refs = b["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap().to_owned()).collect();
    (refs, b["total"].as_u64().unwrap())
}

/// Each query the tests look at, so every one of them is cached before a change.
const QUERIES: [&str; 4] = ["", "?sort=price", "?sort=newest&limit=1", "?material=steel_1018"];

async fn warm(app: &TestApp, client: &reqwest::Client) {
    for q in QUERIES {
        board(app, client, q).await;
    }
}

async fn decide(client: &reqwest::Client, app: &TestApp, job: i64, action: &str, body: Value) {
    let res = client
        .post(app.url(&format!("/api/v1/jobs/{job}/{action}")))
        .header("idempotency-key", format!("{action}-{job}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{action} job {job}");
}

// R-JOB-3, R-JOB-4: a decision takes the job off that partner's cached board at once; an accept
// takes it off every board.
#[tokio::test]
async fn r_job_3_each_decision_shows_on_the_cached_board_at_once() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("b@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let (a, b) = (app.login("a@example.com").await, app.login("b@example.com").await);
    let declined = post(&app, "DECLINED", "aluminum_6061", 400).await;
    let offered = post(&app, "OFFERED", "aluminum_6061", 300).await;
    let taken = post(&app, "TAKEN", "steel_1018", 200).await;
    post(&app, "STAYS", "aluminum_6061", 100).await;
    warm(&app, &a).await;
    warm(&app, &b).await;
    assert_eq!(
        board(&app, &a, "?sort=price").await,
        (vec!["DECLINED".into(), "OFFERED".into(), "TAKEN".into(), "STAYS".into()], 4)
    );

    decide(&a, &app, declined, "decline", json!({ "reason": "price_too_low", "feedback": "" })).await;
    assert_eq!(board(&app, &a, "?sort=price").await, (vec!["OFFERED".into(), "TAKEN".into(), "STAYS".into()], 3));
    assert_eq!(board(&app, &a, "?sort=newest&limit=1").await, (vec!["STAYS".into()], 3));
    assert_eq!(board(&app, &b, "?sort=price").await.1, 4, "b has not decided anything");

    decide(
        &a,
        &app,
        offered,
        "counteroffer",
        json!({ "price": { "amount_minor": 35_000, "currency": "USD" }, "note": "" }),
    )
    .await;
    assert_eq!(board(&app, &a, "?sort=price").await, (vec!["TAKEN".into(), "STAYS".into()], 2));

    let res = accept(&b, &app, taken, "take-1").await;
    assert_eq!(res.status(), 201);
    assert_eq!(board(&app, &a, "?sort=price").await, (vec!["STAYS".into()], 1), "taken by b: off a's board");
    assert_eq!(board(&app, &a, "?material=steel_1018").await, (vec![], 0));
    assert_eq!(board(&app, &b, "?sort=price").await, (vec!["DECLINED".into(), "OFFERED".into(), "STAYS".into()], 3));
}

// R-JOB-5: an accept changes the partner's standing, and the cached board's "can accept" with it.
#[tokio::test]
async fn r_job_5_an_accept_on_probation_blocks_the_next_job_at_once() {
    let app = spawn_app().await;
    app.partner("new@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("new@example.com").await;
    let first = post(&app, "FIRST", "aluminum_6061", 900).await;
    post(&app, "SECOND", "aluminum_6061", 800).await;
    let b: Value = app.get(&client, "/api/v1/jobs").await;
    assert!(b["jobs"].as_array().unwrap().iter().all(|j| j["can_accept"] == true));

    app.accepted(&client, first, "first").await;
    let b: Value = app.get(&client, "/api/v1/jobs").await;
    assert_eq!(b["total"], 1);
    assert_eq!(b["jobs"][0]["reference"], "SECOND");
    assert_eq!(b["jobs"][0]["can_accept"], false, "one active job on probation");
    assert_eq!(b["jobs"][0]["blocked"]["code"], "probation_active_job_limit");
}

// R-JOB-1, R-ACC-2: a capabilities change reshapes every cached filter of the board at once.
#[tokio::test]
async fn r_acc_2_a_capabilities_change_shows_on_every_cached_query() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("a@example.com").await;
    post(&app, "ALU", "aluminum_6061", 500).await;
    post(&app, "STEEL", "steel_1018", 900).await;
    warm(&app, &client).await;
    assert_eq!(board(&app, &client, "?material=steel_1018").await, (vec!["STEEL".into()], 1));

    let res = client.get(app.url("/api/v1/capabilities")).send().await.unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let mut caps: Value = res.json().await.unwrap();
    caps["materials"] = json!(["aluminum_6061"]);
    let res = client.put(app.url("/api/v1/capabilities")).header("if-match", etag).json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 200);

    assert_eq!(board(&app, &client, "?material=steel_1018").await, (vec![], 0));
    assert_eq!(board(&app, &client, "?sort=price").await, (vec!["ALU".into()], 1));
    assert_eq!(board(&app, &client, "?sort=newest&limit=1").await, (vec!["ALU".into()], 1));
}

// The operator posts, closes and withdraws jobs: each shows on cached boards at once.
#[tokio::test]
async fn operator_posted_closed_and_withdrawn_jobs_show_on_cached_boards_at_once() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("a@example.com").await;
    let first = post(&app, "FIRST", "aluminum_6061", 500).await;
    warm(&app, &client).await;

    app.clock.advance(Duration::minutes(1));
    let second = post(&app, "SECOND", "steel_1018", 900).await;
    assert_eq!(board(&app, &client, "?sort=price").await, (vec!["SECOND".into(), "FIRST".into()], 2));
    assert_eq!(board(&app, &client, "?sort=newest&limit=1").await, (vec!["SECOND".into()], 2));
    assert_eq!(board(&app, &client, "?material=steel_1018").await, (vec!["SECOND".into()], 1));

    let res = operator().post(app.url(&format!("/api/v1/operator/jobs/{second}/close"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(board(&app, &client, "?sort=newest&limit=1").await, (vec!["FIRST".into()], 1));
    assert_eq!(board(&app, &client, "?material=steel_1018").await, (vec![], 0));

    let res = operator().delete(app.url(&format!("/api/v1/operator/jobs/{first}"))).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(board(&app, &client, "").await, (vec![], 0));
}

// R-JOB-2: time alone changes the board: a cached board loses each job at its close, with the
// total and the pages following; the countdowns tick; a clock set back shows them again.
#[tokio::test]
async fn r_job_2_a_cached_board_loses_each_job_at_its_close() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("a@example.com").await;
    post(&app, "OLDEST", "aluminum_6061", 100).await;
    app.clock.advance(Duration::hours(1));
    post(&app, "MIDDLE", "aluminum_6061", 300).await;
    app.clock.advance(Duration::hours(1));
    post(&app, "NEWEST", "aluminum_6061", 200).await;
    warm(&app, &client).await;
    let b: Value = app.get(&client, "/api/v1/jobs").await;
    assert_eq!(b["jobs"][0]["seconds_left"], 46 * 3600);

    app.clock.advance(Duration::seconds(10));
    let b: Value = app.get(&client, "/api/v1/jobs").await;
    assert_eq!(b["jobs"][0]["seconds_left"], 46 * 3600 - 10, "the countdown ticks on a cached board");

    app.clock.set(t0() + Duration::hours(48) - Duration::seconds(1));
    assert_eq!(board(&app, &client, "?sort=price").await.1, 3, "a second before the oldest closes");
    app.clock.set(t0() + Duration::hours(48));
    assert_eq!(board(&app, &client, "?sort=price").await, (vec!["MIDDLE".into(), "NEWEST".into()], 2));
    assert_eq!(board(&app, &client, "?sort=price&limit=1&offset=1").await, (vec!["NEWEST".into()], 2));
    assert_eq!(board(&app, &client, "").await, (vec!["MIDDLE".into(), "NEWEST".into()], 2));

    app.clock.advance(Duration::hours(1));
    assert_eq!(board(&app, &client, "?sort=newest&limit=1").await, (vec!["NEWEST".into()], 1));
    app.clock.advance(Duration::hours(1));
    assert_eq!(board(&app, &client, "?sort=price").await, (vec![], 0));

    app.clock.set(t0() + Duration::hours(47));
    assert_eq!(board(&app, &client, "?sort=price").await.1, 3, "the clock set back shows them again");
}

async fn demo_login(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    client
}

/// The bonus percent of every job on the established partner's board, and the score's.
async fn bonuses(app: &TestApp, client: &reqwest::Client) -> (Vec<Value>, Value) {
    let b: Value = app.get(client, "/api/v1/jobs?sort=price").await;
    let on_board = b["jobs"].as_array().unwrap().iter().map(|j| j["bonus"]["percent"].clone()).collect();
    let score: Value = app.get(client, "/api/v1/score").await;
    (on_board, score["bonus"]["percent"].clone())
}

// R-JOB-7: the bonus on a cached board follows the score at once: a new policy's tiers, and an
// RMA that takes the score under the bonus tiers.
#[tokio::test]
async fn r_job_7_the_bonus_on_a_cached_board_follows_the_score() {
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    let established = demo_login(&app, DEMO_LOGINS[1].0).await;
    let (on_board, score) = bonuses(&app, &established).await;
    assert_eq!(score, json!(4.0));
    assert!(!on_board.is_empty() && on_board.iter().all(|p| *p == json!(4.0)), "{on_board:?}");

    // The operator pays 5% in the tier the established partner is in.
    let mut policy = serde_json::to_value(ScorePolicy::default()).unwrap();
    policy["tiers"][1]["bonus"] = json!(5.0);
    let res = operator().put(app.url("/api/v1/operator/score/policy")).json(&policy).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (on_board, score) = bonuses(&app, &established).await;
    assert_eq!(score, json!(5.0));
    assert!(on_board.iter().all(|p| *p == json!(5.0)), "{on_board:?}");

    // A rejected line drops quality, and the score under 80: no bonus.
    let orders: Value = app.get(&established, "/api/v1/orders").await;
    let shipped =
        orders["orders"].as_array().unwrap().iter().find(|o| o["status"] == "shipped").unwrap()["id"].as_i64().unwrap();
    let detail: Value = app.get(&established, &format!("/api/v1/orders/{shipped}")).await;
    let line = detail["lines"][0]["id"].as_i64().unwrap();
    let res = operator()
        .post(app.url(&format!("/api/v1/operator/orders/{shipped}/rma")))
        .json(&json!({ "line_ids": [line], "reason": "Cracked" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (on_board, score) = bonuses(&app, &established).await;
    assert_eq!(score, json!(0.0));
    assert!(on_board.iter().all(Value::is_null), "{on_board:?}");
}

// A page of the board is written from each job's JSON kept between requests: it must be exactly
// what `Board` serialises to (the SPA and the OpenAPI read that), with the seconds left of now,
// and with the bonus of now after the partner's standing changes.
#[tokio::test]
async fn a_kept_board_page_is_written_as_board_serialises() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let a = app.login("a@example.com").await;
    for (n, material) in ["aluminum_6061", "steel_1018", "aluminum_6061"].into_iter().enumerate() {
        post(&app, &format!("KEPT-{n}"), material, 100 + n as i64).await;
    }
    let text = |query: &'static str| {
        let (a, app) = (&a, &app);
        async move {
            let res = a.get(app.url(&format!("/api/v1/jobs{query}"))).send().await.unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["content-type"], "application/json");
            res.text().await.unwrap()
        }
    };
    for query in ["", "?sort=price", "?limit=1&offset=1", "?material=steel_1018", "?offset=9"] {
        let first = text(query).await;
        app.clock.advance(Duration::seconds(7));
        let kept = text(query).await;
        let typed: portal_core::api::Board = serde_json::from_str(&kept).unwrap();
        assert_eq!(kept, serde_json::to_string(&typed).unwrap(), "{query}: written as Board is");
        let (before, after): (Value, Value) =
            (serde_json::from_str(&first).unwrap(), serde_json::from_str(&kept).unwrap());
        for (b, k) in before["jobs"].as_array().unwrap().iter().zip(after["jobs"].as_array().unwrap()) {
            assert_eq!(
                b["seconds_left"].as_i64().unwrap() - 7,
                k["seconds_left"].as_i64().unwrap(),
                "{query}: the countdown moves"
            );
        }
    }
}
