//! The Partner Success Score: the official report of each demo partner against figures computed
//! by hand (R-PSS-1..7), the inputs and policy that let the browser recompute it (R-PSS-8), the
//! 26-week history, the bonus on the board and on accepted orders (R-JOB-7), and the operator's
//! RMA, ship date and policy.

use portal_api::demo::{DEMO_LOGINS, DEMO_PASSWORD, seed_if_empty};
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport, score};
use serde_json::{Value, json};

use crate::common::*;

async fn demo_login(app: &TestApp, n: usize) -> reqwest::Client {
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": DEMO_LOGINS[n].0, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    client
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> Value {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn components(report: &Value) -> Vec<f64> {
    report["components"].as_array().unwrap().iter().map(|c| c["score"].as_f64().unwrap()).collect()
}

async fn seeded() -> TestApp {
    let app = spawn_app().await;
    seed_if_empty(&app.db, t0(), &app.dir.path().join("files"), &app.state.bank_keys).await.unwrap();
    app
}

#[tokio::test]
async fn each_demo_partners_official_score_matches_the_figure_computed_by_hand() {
    let app = seeded().await;

    // Established: 10 jobs shipped in the last 180 days (R-PSS-1).
    // Quality (R-PSS-2): 39 lines (9 single-line jobs and a 30-line kit), 1 rejected:
    //   100 - 1000 * 1/39 = 74.36 → 74.4.
    // On-time (R-PSS-3): 8 on time, one 2 days late (0.6), one 1 day late (0.8): 9.4 / 10 → 94.0; OTS 80%.
    // Communication (R-PSS-4): every check-in in time, but the 1-day-late job was promised on time: 36/40 → 90.0.
    // Engagement (R-PSS-5 revised): 14 jobs taken on in the window (13 from the board, 1 won
    // counteroffer awarded today and not yet due for confirmation), every one kept: 100. Its
    // counteroffer on a job it did not win costs nothing.
    // PSS (R-PSS-6): 0.40 * 74.4 + 0.30 * 94.0 + 0.15 * 90.0 + 0.15 * 100 = 86.46 → 86.5.
    // Bonus (R-PSS-7): 85 to 89.9 pays 4%; the next tier, 90, is 3.5 points away.
    let established = demo_login(&app, 1).await;
    let r = get(&established, &app, "/api/v1/score").await;
    assert_eq!(r["jobs"], 10);
    assert_eq!(components(&r), [74.4, 94.0, 90.0, 100.0]);
    assert_eq!(r["pss"], json!(86.5));
    assert_eq!(r["provisional"], false);
    assert_eq!((r["ots"].as_f64(), r["ots_meets_expectation"].as_bool()), (Some(80.0), Some(false)));
    assert_eq!(
        (r["rma_rate"].as_f64(), r["lines_shipped"].as_u64(), r["lines_rejected"].as_u64()),
        (Some(2.6), Some(39), Some(1))
    );
    assert_eq!(r["bonus"]["percent"], json!(4.0));
    assert_eq!(r["bonus"]["next_tier"]["min"], json!(90.0));
    assert_eq!(r["bonus"]["points_to_next"], json!(3.5));
    let facts = |c: usize| r["components"][c]["facts"].as_array().unwrap().clone();
    assert_eq!(facts(0)[0]["what"], "1 of 30 lines rejected (RMA)");
    assert_eq!(facts(1).len(), 2, "the two late jobs moved on-time shipping");
    assert_eq!(facts(1)[0]["what"], "Shipped 2 days late: credit 0.60");
    assert_eq!(facts(2)[0]["what"], "Said it would ship on time, shipped 1 day late");
    assert!(facts(3).is_empty(), "nothing let go");

    // Probation: 2 jobs shipped, so provisional (R-PSS-1); one 2 days late after promising on time.
    // 0.40 * 100 + 0.30 * 80.0 + 0.15 * 50.0 + 0.15 * 100 = 86.5; provisional scores earn no bonus.
    let probation = demo_login(&app, 0).await;
    let r = get(&probation, &app, "/api/v1/score").await;
    assert_eq!(components(&r), [100.0, 80.0, 50.0, 100.0]);
    assert_eq!((r["pss"].as_f64(), r["provisional"].as_bool()), (Some(86.5), Some(true)));
    assert_eq!(r["bonus"]["none_because"]["code"], "provisional");

    // Frozen: no jobs, two declines: declining costs nothing (R-PSS-5 revised), so 100,
    // provisional; 4 jobs to the bonus.
    let frozen = demo_login(&app, 2).await;
    let r = get(&frozen, &app, "/api/v1/score").await;
    assert_eq!(components(&r), [100.0, 100.0, 100.0, 100.0]);
    assert_eq!((r["pss"].as_f64(), r["jobs"].as_u64()), (Some(100.0), Some(0)));
    assert_eq!(r["bonus"]["none_because"], json!({ "code": "too_few_jobs", "jobs_to_go": 3 }));

    // New: nothing yet.
    let new = demo_login(&app, 3).await;
    let r = get(&new, &app, "/api/v1/score").await;
    assert_eq!((r["pss"].as_f64(), r["provisional"].as_bool(), r["jobs"].as_u64()), (Some(100.0), Some(true), Some(0)));
}

#[tokio::test]
async fn inputs_and_policy_recompute_the_official_report_exactly() {
    let app = seeded().await;
    for (n, (email, _)) in DEMO_LOGINS.iter().enumerate() {
        let client = demo_login(&app, n).await;
        let official: ScoreReport = serde_json::from_value(get(&client, &app, "/api/v1/score").await).unwrap();
        let inputs: ScoreInputs = serde_json::from_value(get(&client, &app, "/api/v1/score/inputs").await).unwrap();
        let policy: ScorePolicy = serde_json::from_value(get(&client, &app, "/api/v1/score/policy").await).unwrap();
        assert_eq!(policy, ScorePolicy::default(), "the stored policy is DOMAIN.md's decisions");
        assert_eq!(score(&inputs, &policy), official, "{email}");
        assert_eq!(inputs.as_of, t0().date_naive());
    }
    let established = demo_login(&app, 1).await;
    let inputs = get(&established, &app, "/api/v1/score/inputs").await;
    let open = inputs["jobs"].as_array().unwrap().iter().filter(|j| j["shipped_on"].is_null()).count();
    assert_eq!(open, 5, "open orders come along for the what-if page");
    let res = app.client().get(app.url("/api/v1/score/inputs")).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn history_is_26_weeks_ending_today_and_shows_the_rma() {
    let app = seeded().await;
    let established = demo_login(&app, 1).await;
    let h = get(&established, &app, "/api/v1/score/history").await;
    let weeks = h["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 26);
    assert_eq!(weeks[25]["week_ending"], "2026-11-20");
    assert_eq!(weeks[0]["week_ending"], "2026-05-29");
    assert_eq!(weeks[25]["pss"], json!(86.5), "the last week is today's score");
    // The RMA was recorded 124 days ago. The week ending 133 days ago had 12 jobs in its window,
    // one 3 days late (0.45): on-time 11.45 / 12 → 95.4, the rest 100: PSS 98.6, +8%.
    assert_eq!((weeks[6]["pss"].as_f64(), weeks[6]["bonus"].as_f64()), (Some(98.6), Some(8.0)));
    // The week ending 105 days ago: 11 jobs, 40 lines with 1 rejected: quality 75.0; on-time
    // 10.45 / 11 → 95.0: PSS 0.40 * 75 + 0.30 * 95 + 15 + 15 = 88.5, +4%.
    assert_eq!((weeks[10]["pss"].as_f64(), weeks[10]["bonus"].as_f64()), (Some(88.5), Some(4.0)));
    // Issue 17: the week the RMA was recorded (124 days ago: the week ending 119 days ago) is
    // marked with it; each week says how many jobs its score is from.
    let rma_weeks: Vec<usize> =
        (0..26).filter(|&k| weeks[k]["events"].as_array().unwrap().iter().any(|e| e["kind"] == "rma")).collect();
    assert_eq!(rma_weeks, [8], "{:?}", weeks.iter().map(|w| &w["events"]).collect::<Vec<_>>());
    assert!(weeks[8]["events"][0]["text"].as_str().unwrap().starts_with("RMA: 1 of"));
    assert_eq!(weeks[6]["jobs"], 12);
    // A partner without shipped jobs has no score to draw in any week.
    let new = demo_login(&app, 3).await;
    let h = get(&new, &app, "/api/v1/score/history").await;
    assert!(
        h["weeks"].as_array().unwrap().iter().all(|w| w["jobs"] == 0 && w["events"].as_array().unwrap().is_empty())
    );
}

#[tokio::test]
async fn the_bonus_shows_on_the_established_board_and_is_kept_on_the_order() {
    let app = seeded().await;
    // R-JOB-7: established (85.4, 47 jobs taken) sees base price, bonus and total.
    let established = demo_login(&app, 1).await;
    let board = get(&established, &app, "/api/v1/jobs").await;
    let job = board["jobs"].as_array().unwrap().iter().find(|j| j["reference"] == "J-24002").unwrap().clone();
    assert_eq!(job["price"]["amount_minor"], 125_000);
    assert_eq!(job["bonus"]["percent"], json!(4.0));
    assert_eq!(job["bonus"]["amount"]["amount_minor"], 5_000);
    assert_eq!(job["bonus"]["total"]["amount_minor"], 130_000);
    // Probation (provisional) and the new partner (no jobs) see none.
    for n in [0, 3] {
        let client = demo_login(&app, n).await;
        let board = get(&client, &app, "/api/v1/jobs").await;
        assert!(board["jobs"].as_array().unwrap().iter().all(|j| j["bonus"].is_null()), "{}", DEMO_LOGINS[n].0);
    }
    let id = job["id"].as_i64().unwrap();
    let res = accept(&established, &app, id, "bonus-1").await;
    assert_eq!(res.status(), 201);
    let order: Value = res.json().await.unwrap();
    assert_eq!(
        (order["price"]["amount_minor"].as_i64(), order["bonus"]["amount_minor"].as_i64()),
        (Some(125_000), Some(5_000))
    );
}

#[tokio::test]
async fn operator_records_an_rma_and_a_ship_date_and_the_score_follows() {
    let app = seeded().await;
    let established = demo_login(&app, 1).await;
    let orders = get(&established, &app, "/api/v1/orders").await;
    let find = |status: &str| {
        orders["orders"].as_array().unwrap().iter().find(|o| o["status"] == status).unwrap()["id"].as_i64().unwrap()
    };
    let (shipped, running) = (find("shipped"), find("in_production"));
    let detail = get(&established, &app, &format!("/api/v1/orders/{shipped}")).await;
    let line = detail["lines"][0]["id"].as_i64().unwrap();
    let shipment = detail["shipments"][0]["id"].as_i64().unwrap();
    let op = operator();

    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/operator/orders/{shipped}/rma")))
        .json(&json!({ "line_ids": [line], "reason": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let rma =
        |order: i64, body: Value| op.post(app.url(&format!("/api/v1/operator/orders/{order}/rma"))).json(&body).send();
    let res = rma(running, json!({ "line_ids": [line], "reason": "Cracked" })).await.unwrap();
    assert_eq!(res.status(), 409, "an order in production has shipped nothing to reject");
    let res = rma(shipped, json!({ "line_ids": [line + 100_000], "reason": "" })).await.unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["line_ids", "reason"]);

    // R-PSS-2: one more rejected line: 2 of 39, quality 100 - 1000 * 2/39 = 48.72 → 48.7.
    let res = rma(shipped, json!({ "line_ids": [line], "reason": "Cracked" })).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({ "order_id": shipped, "rejected_lines": 1, "lines": 1 }));
    let again = rma(shipped, json!({ "line_ids": [line], "reason": "Cracked" })).await.unwrap();
    assert_eq!(again.json::<Value>().await.unwrap()["rejected_lines"], 1, "recording it twice counts it once");
    let r = get(&established, &app, "/api/v1/score").await;
    assert_eq!(r["components"][0]["score"], json!(48.7));

    // R-PSS-3: the marketplace says the shipment left 3 days after the lead time, not on it.
    let lead: chrono::NaiveDate = detail["lead_time"].as_str().unwrap().parse().unwrap();
    let date = |d: chrono::NaiveDate| json!({ "shipped_on": d.to_string() });
    let put =
        |body: Value| op.put(app.url(&format!("/api/v1/operator/shipments/{shipment}/ship-date"))).json(&body).send();
    let res = put(date(t0().date_naive() + chrono::Duration::days(1))).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(problem(res).await["errors"][0]["field"], "shipped_on");
    // The demo's shipped order left yesterday, on its lead time; it actually left today, 1 day late.
    let res = put(date(lead + chrono::Duration::days(1))).await.unwrap();
    assert_eq!(res.status(), 200);
    let r = get(&established, &app, "/api/v1/score").await;
    // 7 on time, 0.6, 0.8, 0.8: 9.2 / 10 → 92.0.
    assert_eq!(r["components"][1]["score"], json!(92.0));
}

#[tokio::test]
async fn the_operator_adopts_a_policy_and_every_score_follows_it() {
    let app = seeded().await;
    let op = operator();
    let mut policy = serde_json::to_value(ScorePolicy::default()).unwrap();
    policy["weights"]["quality"] = json!(50);
    let res = op.put(app.url("/api/v1/operator/score/policy")).json(&policy).send().await.unwrap();
    assert_eq!(res.status(), 422, "weights must add up to 100");
    assert!(problem(res).await["errors"][0]["message"].as_str().unwrap().contains("110"));

    // Equal weights: (74.4 + 94.0 + 90.0 + 100.0) / 4 = 89.6.
    policy["weights"] = json!({ "quality": 25, "on_time": 25, "communication": 25, "engagement": 25 });
    let res = op.put(app.url("/api/v1/operator/score/policy")).json(&policy).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let established = demo_login(&app, 1).await;
    assert_eq!(get(&established, &app, "/api/v1/score/policy").await["weights"]["quality"], 25);
    assert_eq!(get(&established, &app, "/api/v1/score").await["pss"], json!(89.6));
    let res = established.put(app.url("/api/v1/operator/score/policy")).json(&policy).send().await.unwrap();
    assert_eq!(res.status(), 401, "partners cannot change the policy");
}
