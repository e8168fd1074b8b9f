//! Declines and counteroffers (R-JOB-4), seen once (R-JOB-3), the award (R-JOB-6) and the
//! engagement facts behind the score.

use chrono::Duration;
use portal_core::job::Decision;
use serde_json::json;

use crate::common::*;

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    key: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    client.post(app.url(path)).header("idempotency-key", key).json(&body).send().await.unwrap()
}

async fn board_refs(client: &reqwest::Client, app: &TestApp) -> Vec<String> {
    let b: serde_json::Value = client.get(app.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    b["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap().to_owned()).collect()
}

async fn offers(client: &reqwest::Client, app: &TestApp) -> Vec<serde_json::Value> {
    let list: serde_json::Value =
        client.get(app.url("/api/v1/counteroffers")).send().await.unwrap().json().await.unwrap();
    list["counteroffers"].as_array().unwrap().clone()
}

fn fields(problem: &serde_json::Value) -> Vec<String> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

async fn established(app: &TestApp, email: &str) -> (i64, reqwest::Client) {
    let id = app.partner(email, cnc_caps(), t0() - Duration::days(80)).await;
    app.history(id, 6, 0).await;
    (id, app.login(email).await)
}

// R-JOB-4, R-JOB-3
#[tokio::test]
async fn r_job_4_decline_with_reason_and_feedback_then_never_again() {
    let app = spawn_app().await;
    let (_, client) = established(&app, "a@example.com").await;
    let job = app.job(cnc_job("DECL", 900, t0() - Duration::hours(1))).await;
    let path = format!("/api/v1/jobs/{job}/decline");

    // Bad input is refused field by field and nothing is stored.
    let res = post(&client, &app, &path, "k1", json!({ "reason": "too_hard" })).await;
    assert_eq!(res.status(), 422);
    assert_eq!(fields(&problem(res).await), ["reason"]);
    let res = post(&client, &app, &path, "k2", json!({ "reason": "other", "feedback": "x".repeat(1001) })).await;
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    assert_eq!(fields(&p), ["feedback"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("1000"));
    let res = client.post(app.url(&path)).json(&json!({ "reason": "other" })).send().await.unwrap();
    assert_eq!(res.status(), 428, "an Idempotency-Key is required");
    assert_eq!(board_refs(&client, &app).await, ["DECL"]);

    let body = json!({ "reason": "price_too_low", "feedback": "Material alone costs more." });
    let res = post(&client, &app, &path, "k3", body.clone()).await;
    assert_eq!(res.status(), 201);
    let declined: serde_json::Value = res.json().await.unwrap();
    assert_eq!(declined["reason"], "price_too_low");
    assert!(board_refs(&client, &app).await.is_empty(), "R-JOB-3: gone from the board");
    // A retry with the same key answers the same; a second decline is a conflict.
    let again = post(&client, &app, &path, "k3", body.clone()).await;
    assert_eq!(again.status(), 201);
    let res = post(&client, &app, &path, "k4", body).await;
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("declined this job already"));
    let (reason, feedback): (String, String) = sqlx::query_as("SELECT reason, feedback FROM declines WHERE job_id = ?")
        .bind(job)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!((reason.as_str(), feedback.as_str()), ("price_too_low", "Material alone costs more."));
}

// R-JOB-4: every bad counteroffer names its field, and nothing half-written is stored.
#[tokio::test]
async fn r_job_4_bad_counteroffers_name_the_field_and_store_nothing() {
    let app = spawn_app().await;
    let (_, client) = established(&app, "a@example.com").await;
    let job = app.job(cnc_job("CO", 900, t0() - Duration::hours(1))).await;
    let path = format!("/api/v1/jobs/{job}/counteroffer");
    let usd = |amount: serde_json::Value| json!({ "amount_minor": amount, "currency": "USD" });
    let cases = [
        (json!({ "price": usd(json!(-500)) }), "price"),
        (json!({ "price": usd(json!(0)) }), "price"),
        (json!({ "price": usd(json!(100_000_000_000i64)) }), "price"),
        (json!({ "price": usd(json!("abc")) }), "price.amount_minor"),
        (json!({ "price": { "amount_minor": 100, "currency": "EUR" } }), "price"),
        (json!({ "price": { "amount_minor": 100, "currency": "XYZ" } }), "price.currency"),
        (json!({ "ship_by": "2026-11-20" }), "ship_by"),
        (json!({ "ship_by": "next week" }), "ship_by"),
        (json!({ "price": usd(json!(80_000)), "note": "n".repeat(501) }), "note"),
        (json!({ "note": "just a note" }), "price"),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let res = post(&client, &app, &path, &format!("bad-{i}"), body.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let p = problem(res).await;
        assert_eq!(fields(&p), [field], "{body}");
        assert!(!p["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    assert!(offers(&client, &app).await.is_empty());
    assert_eq!(board_refs(&client, &app).await, ["CO"], "still on the board");

    let res = post(
        &client,
        &app,
        &path,
        "good",
        json!({ "price": usd(json!(85_000)), "ship_by": "2026-12-10", "note": "Can do with 6061-T6." }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let offer: serde_json::Value = res.json().await.unwrap();
    assert_eq!(offer["status"], "pending");
    assert_eq!(offer["price"]["amount_minor"], 85_000);
    assert!(board_refs(&client, &app).await.is_empty(), "R-JOB-3: leaves the board");
    let listed = offers(&client, &app).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["reference"], "CO");
    assert_eq!(listed[0]["note"], "Can do with 6061-T6.");
}

// R-JOB-10 for counteroffers: a job that has just left the board takes no offer.
#[tokio::test]
async fn r_job_10_counteroffer_on_a_job_that_just_expired_is_a_conflict() {
    let app = spawn_app().await;
    let (_, client) = established(&app, "a@example.com").await;
    let job = app.job(cnc_job("LATE", 900, t0() - Duration::hours(48) + Duration::seconds(5))).await;
    app.clock.advance(Duration::seconds(5));
    let body = json!({ "price": { "amount_minor": 80_000, "currency": "USD" } });
    let res = post(&client, &app, &format!("/api/v1/jobs/{job}/counteroffer"), "k", body).await;
    assert_eq!(res.status(), 409);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("left the board"));
    assert!(offers(&client, &app).await.is_empty());
}

// R-JOB-5 on counteroffers: a probation partner may offer under the limit, not over it.
#[tokio::test]
async fn r_job_5_probation_partner_counteroffers_within_the_limit_only() {
    let app = spawn_app().await;
    app.partner("new@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("new@example.com").await;
    let big = app.job(cnc_job("BIG", 7_800, t0() - Duration::hours(1))).await;
    let path = format!("/api/v1/jobs/{big}/counteroffer");
    let over = json!({ "price": { "amount_minor": 500_001, "currency": "USD" } });
    let res = post(&client, &app, &path, "over", over).await;
    assert_eq!(res.status(), 422);
    assert_eq!(fields(&problem(res).await), ["price"]);
    // A later date alone keeps the job's price, which is over the limit: refused, and why.
    let date_only = json!({ "ship_by": "2026-12-20" });
    let res = post(&client, &app, &path, "date-only", date_only).await;
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    assert_eq!(p["errors"][0]["field"], "price");
    assert_eq!(p["errors"][0]["code"], "over_limit");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("Offer at most $5,000.00"), "{p}");
    let at_limit = json!({ "price": { "amount_minor": 500_000, "currency": "USD" } });
    assert_eq!(post(&client, &app, &path, "at", at_limit).await.status(), 201);
}

async fn offer(client: &reqwest::Client, app: &TestApp, job: i64, cents: i64, ship_by: Option<&str>) -> i64 {
    let mut body = json!({ "price": { "amount_minor": cents, "currency": "USD" }, "note": "" });
    if let Some(d) = ship_by {
        body["ship_by"] = json!(d);
    }
    let res = post(client, app, &format!("/api/v1/jobs/{job}/counteroffer"), &format!("o-{job}-{cents}"), body).await;
    assert_eq!(res.status(), 201);
    res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap()
}

// R-JOB-6: when bidding closes with no accept, the lowest offer wins (ties: the earliest) and
// becomes an order at its price and date; the others lose, and everyone hears.
#[tokio::test]
async fn r_job_6_operator_close_awards_the_lowest_earliest_offer() {
    let app = spawn_app().await;
    let (a, ca) = established(&app, "a@example.com").await;
    let (b, cb) = established(&app, "b@example.com").await;
    let (c, cc) = established(&app, "c@example.com").await;
    let job = app.job(cnc_job("AWARD", 900, t0() - Duration::hours(1))).await;
    offer(&ca, &app, job, 80_000, None).await;
    app.clock.advance(Duration::minutes(1));
    let b_offer = offer(&cb, &app, job, 70_000, Some("2026-12-12")).await;
    app.clock.advance(Duration::minutes(1));
    offer(&cc, &app, job, 70_000, None).await;

    let res = operator().post(app.url(&format!("/api/v1/operator/jobs/{job}/close"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let s: serde_json::Value = res.json().await.unwrap();
    assert_eq!(s["outcome"], "awarded");
    assert_eq!(s["winning_counteroffer_id"], b_offer, "tie at $700: the earlier offer");

    let orders: serde_json::Value = cb.get(app.url("/api/v1/orders")).send().await.unwrap().json().await.unwrap();
    let order = &orders["orders"][0];
    assert_eq!(order["job_id"], job);
    assert_eq!(order["price"]["amount_minor"], 70_000, "at the offered price");
    assert_eq!(order["lead_time"], "2026-12-12", "and the offered date");
    assert_eq!(offers(&cb, &app).await[0]["status"], "won");
    assert_eq!(offers(&ca, &app).await[0]["status"], "lost");
    assert_eq!(offers(&cc, &app).await[0]["status"], "lost");

    let feed: serde_json::Value = cb.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
    assert_eq!(feed["notifications"][0]["kind"], "counteroffer_won");
    assert_eq!(feed["unread"], 1);
    let feed: serde_json::Value = ca.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
    assert_eq!(feed["notifications"][0]["kind"], "counteroffer_lost");
    let emails: Vec<(i64, String)> = sqlx::query_as("SELECT partner_id, kind FROM outbox ORDER BY partner_id")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    assert_eq!(
        emails,
        [(a, "counteroffer_lost".to_owned()), (b, "counteroffer_won".to_owned()), (c, "counteroffer_lost".to_owned())]
    );
    // Closing again changes nothing.
    let again: serde_json::Value = operator()
        .post(app.url(&format!("/api/v1/operator/jobs/{job}/close")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["outcome"], "taken");
    assert_eq!(app.order_count().await, 6 * 3 + 1);
}

// R-JOB-6: the award runs exactly once even when two server tasks settle at the same moment.
#[tokio::test]
async fn r_job_6_award_runs_exactly_once_under_concurrency() {
    let app = spawn_app().await;
    let (_, ca) = established(&app, "a@example.com").await;
    let (_, cb) = established(&app, "b@example.com").await;
    let job = app.job(cnc_job("RACE", 900, t0() - Duration::hours(47))).await;
    offer(&ca, &app, job, 85_000, None).await;
    offer(&cb, &app, job, 82_000, None).await;
    let before = app.order_count().await;
    app.clock.advance(Duration::hours(1));

    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let state = app.state.clone();
            tokio::spawn(async move { portal_api::market::settle_due(&state).await.unwrap() })
        })
        .collect();
    let mut settled = Vec::new();
    for t in futures::future::join_all(tasks).await {
        settled.extend(t.unwrap());
    }
    assert_eq!(settled.len(), 1, "one task settled it: {settled:?}");
    assert_eq!(settled[0].outcome, "awarded");
    assert_eq!(app.order_count().await, before + 1);
    let (won,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE kind = 'counteroffer_won'")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!(won, 1);
    assert_eq!(offers(&cb, &app).await[0]["status"], "won");
}

// R-JOB-6 with R-JOB-5: a winner that may not take the job now is passed over, and told why.
#[tokio::test]
async fn r_job_6_an_offer_over_the_partners_limits_is_passed_over() {
    let app = spawn_app().await;
    let (_, ca) = established(&app, "a@example.com").await;
    let newbie = app.partner("new@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let cn = app.login("new@example.com").await;
    let job = app.job(cnc_job("LIMIT", 900, t0() - Duration::hours(1))).await;
    offer(&cn, &app, job, 60_000, None).await;
    offer(&ca, &app, job, 65_000, None).await;
    // The probation partner takes another job meanwhile: one active job is its limit.
    let other = app.job(cnc_job("OTHER", 100, t0() - Duration::hours(1))).await;
    assert_eq!(accept(&cn, &app, other, "take-other").await.status(), 201);
    operator().post(app.url(&format!("/api/v1/operator/jobs/{job}/close"))).send().await.unwrap();
    assert_eq!(offers(&ca, &app).await[0]["status"], "won");
    let lost = offers(&cn, &app).await.into_iter().find(|o| o["job_id"] == job).unwrap();
    assert_eq!(lost["status"], "lost");
    assert!(lost["outcome"].as_str().unwrap().contains("probation"), "{lost}");
    let (told,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE partner_id = ? AND kind = 'counteroffer_lost' AND job_id = ?",
    )
    .bind(newbie)
    .bind(job)
    .fetch_one(&app.db.read)
    .await
    .unwrap();
    assert_eq!(told, 1, "the passed-over partner is told why");
}

// R-JOB-6: without offers a closed job just expires; accepting it then is refused.
#[tokio::test]
async fn r_job_6_no_offers_means_the_job_expires() {
    let app = spawn_app().await;
    let (_, client) = established(&app, "a@example.com").await;
    let job = app.job(cnc_job("NOBODY", 900, t0() - Duration::hours(47))).await;
    app.clock.advance(Duration::hours(1));
    let settled = portal_api::market::settle_due(&app.state).await.unwrap();
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0].outcome, "expired");
    assert!(portal_api::market::settle_due(&app.state).await.unwrap().is_empty(), "settled once");
    let res = accept(&client, &app, job, "late").await;
    assert_eq!(res.status(), 409);
}

// R-JOB-9, R-JOB-10: an accept makes pending offers lost, and whoever had the job open hears.
#[tokio::test]
async fn r_job_10_accept_tells_offerers_and_watchers() {
    let app = spawn_app().await;
    let (_, ca) = established(&app, "a@example.com").await;
    let (_, cb) = established(&app, "b@example.com").await;
    let (_, cc) = established(&app, "c@example.com").await;
    let job = app.job(cnc_job("HOT", 900, t0() - Duration::hours(1))).await;
    offer(&ca, &app, job, 80_000, None).await;
    assert_eq!(cc.get(app.url(&format!("/api/v1/jobs/{job}"))).send().await.unwrap().status(), 200, "c opens it");
    assert_eq!(accept(&cb, &app, job, "b-takes").await.status(), 201);
    assert_eq!(offers(&ca, &app).await[0]["status"], "lost");
    let feed: serde_json::Value = cc.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
    assert_eq!(feed["notifications"][0]["kind"], "job_taken");
    assert!(feed["notifications"][0]["title"].as_str().unwrap().contains("HOT"));
    let feed: serde_json::Value = cb.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
    assert_eq!(feed["unread"], 0, "the taker is not told about its own accept");
}

// R-JOB-3's record: every accept, decline and counteroffer is kept with its time (the job never
// comes back to that board). The score no longer reads declines (R-PSS-5 revised).
#[tokio::test]
async fn engagement_facts_record_each_decision_with_its_time() {
    let app = spawn_app().await;
    let (a, client) = established(&app, "a@example.com").await;
    let (j1, j2, j3) = (
        app.job(cnc_job("E1", 100, t0() - Duration::hours(1))).await,
        app.job(cnc_job("E2", 100, t0() - Duration::hours(1))).await,
        app.job(cnc_job("E3", 100, t0() - Duration::hours(1))).await,
    );
    assert_eq!(accept(&client, &app, j1, "e1").await.status(), 201);
    app.clock.advance(Duration::minutes(5));
    post(&client, &app, &format!("/api/v1/jobs/{j2}/decline"), "e2", json!({ "reason": "no_capacity" })).await;
    app.clock.advance(Duration::minutes(5));
    offer(&client, &app, j3, 9_000, None).await;
    let facts = portal_api::db::jobs::decisions_of(&app.db.read, a).await.unwrap();
    let recent: Vec<_> = facts.into_iter().filter(|(j, _, _)| [j1, j2, j3].contains(j)).collect();
    assert_eq!(
        recent,
        [
            (j1, Decision::Accepted, t0()),
            (j2, Decision::Declined, t0() + Duration::minutes(5)),
            (j3, Decision::Counteroffered, t0() + Duration::minutes(10)),
        ]
    );
}
