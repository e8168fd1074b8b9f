//! The operator API, capabilities (R-ACC-2), notifications and digests (R-JOB-9), and the live
//! event stream.

use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};
use serde_json::json;

use crate::common::*;

async fn board_refs(client: &reqwest::Client, app: &TestApp) -> Vec<String> {
    let b: serde_json::Value = client.get(app.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    b["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap().to_owned()).collect()
}

async fn feed(client: &reqwest::Client, app: &TestApp) -> serde_json::Value {
    client.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap()
}

// The operator API takes only the operator's token, never a partner session.
#[tokio::test]
async fn operator_api_needs_the_operator_token() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let partner = app.login("a@example.com").await;
    let url = app.url("/api/v1/operator/jobs");
    let res = partner.post(&url).json(&new_job("J-1", "cnc_milling", 10_000)).send().await.unwrap();
    assert_eq!(res.status(), 401, "a partner session is not an operator");
    let res = reqwest::Client::new()
        .post(&url)
        .bearer_auth("guess")
        .json(&new_job("J-1", "cnc_milling", 10_000))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(board_refs(&partner, &app).await.is_empty(), "nothing was posted");

    // Without a configured token the operator API is not there at all.
    let state = portal_api::AppState::new(app.db.clone(), app.clock.clone(), None).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, portal_api::router(state)).await.unwrap() });
    let res = operator()
        .post(format!("http://{addr}/api/v1/operator/jobs"))
        .json(&new_job("J-1", "cnc_milling", 1))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

// R-JOB-1, R-JOB-9: a posted job reaches the boards it matches, with a notice unless turned off.
#[tokio::test]
async fn r_job_9_posted_job_reaches_matching_boards_with_a_notice() {
    let app = spawn_app().await;
    let a = app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let b = app.partner("b@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("sls@example.com", sls_caps(), t0() - Duration::days(2)).await;
    let (ca, cb, cs) =
        (app.login("a@example.com").await, app.login("b@example.com").await, app.login("sls@example.com").await);
    let quiet = json!({ "new_jobs": false, "morning_digest": true, "afternoon_digest": false });
    let res = cb.put(app.url("/api/v1/notifications/preferences")).json(&quiet).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let prefs: serde_json::Value =
        cb.get(app.url("/api/v1/notifications/preferences")).send().await.unwrap().json().await.unwrap();
    assert_eq!(prefs, quiet);

    let res = operator()
        .post(app.url("/api/v1/operator/jobs"))
        .json(&new_job("J-777", "cnc_milling", 45_000))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let posted: serde_json::Value = res.json().await.unwrap();
    assert_eq!(posted["reference"], "J-777");
    assert_eq!(board_refs(&ca, &app).await, ["J-777"]);
    assert_eq!(board_refs(&cb, &app).await, ["J-777"], "opting out of notices does not hide jobs");
    assert!(board_refs(&cs, &app).await.is_empty(), "R-JOB-1: not an SLS job");

    let fa = feed(&ca, &app).await;
    assert_eq!(fa["unread"], 1);
    assert_eq!(fa["notifications"][0]["kind"], "new_job");
    assert_eq!(fa["notifications"][0]["job_id"], posted["id"]);
    assert_eq!(feed(&cb, &app).await["unread"], 0, "b turned per-job notices off");
    assert_eq!(feed(&cs, &app).await["unread"], 0);
    let emails: Vec<(i64, String)> =
        sqlx::query_as("SELECT partner_id, kind FROM outbox").fetch_all(&app.db.read).await.unwrap();
    assert_eq!(emails, [(a, "new_job".to_owned())]);
    let _ = b;

    // Mark read: one notice, then all; another partner's notice is not found.
    let id = fa["notifications"][0]["id"].as_i64().unwrap();
    let res = cs.post(app.url(&format!("/api/v1/notifications/{id}/read"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let after: serde_json::Value =
        ca.post(app.url(&format!("/api/v1/notifications/{id}/read"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(after["unread"], 0);
    assert_eq!(after["notifications"][0]["read"], true);
    let all = ca.post(app.url("/api/v1/notifications/read-all")).send().await.unwrap();
    assert_eq!(all.status(), 200);
}

// Bad operator input: named fields, nothing stored.
#[tokio::test]
async fn operator_bad_jobs_name_the_field() {
    let app = spawn_app().await;
    let cases = [
        (new_job("J-1", "laser_cutting", 10_000), "requirements.process"),
        (new_job("J-1", "cnc_milling", 0), "price"),
        (new_job("J 1!", "cnc_milling", 10_000), "reference"),
        (
            {
                let mut j = new_job("J-1", "cnc_milling", 10_000);
                j["ship_by"] = json!("2026-11-01");
                j
            },
            "ship_by",
        ),
        (
            {
                let mut j = new_job("J-1", "cnc_milling", 10_000);
                j["quantity"] = json!(-3);
                j
            },
            "quantity",
        ),
    ];
    for (body, field) in cases {
        let res = operator().post(app.url("/api/v1/operator/jobs")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 422, "{body}");
        let p = problem(res).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs").fetch_one(&app.db.read).await.unwrap();
    assert_eq!(n, 0);
    let first = operator()
        .post(app.url("/api/v1/operator/jobs"))
        .json(&new_job("J-1", "cnc_milling", 100))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let dup = operator()
        .post(app.url("/api/v1/operator/jobs"))
        .json(&new_job("J-1", "cnc_milling", 100))
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), 422);
    assert_eq!(problem(dup).await["errors"][0]["field"], "reference");
}

// Withdraw: the job leaves every board and its offers are lost; twice is a conflict.
#[tokio::test]
async fn operator_withdraws_a_job() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let ca = app.login("a@example.com").await;
    let job = app.job(cnc_job("GONE", 900, t0() - Duration::hours(1))).await;
    let offer = json!({ "price": { "amount_minor": 80_000, "currency": "USD" } });
    let res = ca
        .post(app.url(&format!("/api/v1/jobs/{job}/counteroffer")))
        .header("idempotency-key", "o")
        .json(&offer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = operator().delete(app.url(&format!("/api/v1/operator/jobs/{job}"))).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let list: serde_json::Value = ca.get(app.url("/api/v1/counteroffers")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["counteroffers"][0]["status"], "lost");
    assert!(list["counteroffers"][0]["outcome"].as_str().unwrap().contains("withdrew"));
    let res = operator().delete(app.url(&format!("/api/v1/operator/jobs/{job}"))).send().await.unwrap();
    assert_eq!(res.status(), 409);
    let res = operator().delete(app.url("/api/v1/operator/jobs/999999")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

// R-ACC-2, R-JOB-1: capabilities are edited with If-Match; the board follows at once.
#[tokio::test]
async fn r_acc_2_capabilities_edit_shrinks_and_grows_the_board() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let client = app.login("a@example.com").await;
    app.job(cnc_job("ALU", 900, t0() - Duration::hours(1))).await;
    let mut steel = cnc_job("STEEL", 900, t0() - Duration::hours(1));
    steel.requirements.material = portal_core::capability::Material::Steel1018;
    app.job(steel).await;
    let mut big = cnc_job("BIG", 900, t0() - Duration::hours(1));
    big.requirements.part_size = portal_core::capability::Dimensions::new(900, 300, 300);
    app.job(big).await;
    assert_eq!(board_refs(&client, &app).await, ["ALU", "STEEL"]);

    let res = client.get(app.url("/api/v1/capabilities")).send().await.unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let mut caps: serde_json::Value = res.json().await.unwrap();
    caps["materials"] = json!(["aluminum_6061"]);
    let url = app.url("/api/v1/capabilities");
    assert_eq!(client.put(&url).json(&caps).send().await.unwrap().status(), 428, "If-Match is required");
    let res = client.put(&url).header("if-match", &etag).json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag2 = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(etag, etag2);
    assert_eq!(board_refs(&client, &app).await, ["ALU"], "shrinks at once");
    // The old ETag is stale now: nothing is overwritten.
    caps["materials"] = json!(["aluminum_6061", "steel_1018"]);
    let res = client.put(&url).header("if-match", &etag).json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 412);
    assert_eq!(board_refs(&client, &app).await, ["ALU"]);
    // `If-Match: *` (RFC 9110: any current version) saves over whatever is there.
    let res = client.put(&url).header("if-match", "*").json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag2 = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(board_refs(&client, &app).await, ["ALU", "STEEL"]);
    caps["materials"] = json!(["aluminum_6061"]);
    let res = client.put(&url).header("if-match", &etag2).json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let etag2 = res.headers()["etag"].to_str().unwrap().to_owned();
    caps["materials"] = json!(["aluminum_6061", "steel_1018"]);

    // Bad values name the field; nothing is stored.
    let mut bad = caps.clone();
    bad["processes"] = json!(["laser_cutting"]);
    let res = client.put(&url).header("if-match", &etag2).json(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(problem(res).await["errors"][0]["field"], "processes[0]");
    let mut bad = caps.clone();
    bad["machines"][0]["envelope"]["x_mm"] = json!(0);
    bad["machines"][0]["name"] = json!("");
    let res = client.put(&url).header("if-match", &etag2).json(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["machines[0].name", "machines[0].envelope.x_mm"]);

    // Grows: steel back, and a bigger machine for the big part.
    caps["machines"] = json!([
        { "name": "Haas VF-2", "process": "cnc_milling", "envelope": { "x_mm": 762, "y_mm": 406, "z_mm": 508 } },
        { "name": "Haas VF-6", "process": "cnc_milling", "envelope": { "x_mm": 1626, "y_mm": 813, "z_mm": 762 } }
    ]);
    let res = client.put(&url).header("if-match", &etag2).json(&caps).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(board_refs(&client, &app).await, ["ALU", "STEEL", "BIG"]);
}

// R-JOB-9: each digest is written once per partner and day, for those who want it.
#[tokio::test]
async fn r_job_9_digests_are_written_once_for_those_who_want_them() {
    let app = spawn_app().await;
    let a = app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let b = app.partner("b@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("frozen@example.com", cnc_caps(), t0() - Duration::days(60)).await;
    let cb = app.login("b@example.com").await;
    let off = json!({ "new_jobs": true, "morning_digest": false, "afternoon_digest": true });
    cb.put(app.url("/api/v1/notifications/preferences")).json(&off).send().await.unwrap();
    // 2026-11-20 07:30 EST: the morning digest is due; jobs posted since 14:00 ET yesterday count.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 20, 12, 30, 0).unwrap());
    app.job(cnc_job("OVERNIGHT", 900, Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap())).await;
    app.job(cnc_job("OLDER", 900, Utc.with_ymd_and_hms(2026, 11, 19, 12, 0, 0).unwrap())).await;
    assert_eq!(portal_api::market::write_digests(&app.state).await.unwrap(), 1);
    assert_eq!(portal_api::market::write_digests(&app.state).await.unwrap(), 0, "once per day");
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT partner_id, kind, slot, body FROM outbox").fetch_all(&app.db.read).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0, rows[0].1.as_str(), rows[0].2.as_str()), (a, "digest_morning", "2026-11-20"));
    assert!(rows[0].3.contains("OVERNIGHT") && !rows[0].3.contains("OLDER"), "{}", rows[0].3);
    // 14:00 EST: the afternoon digest for both a and b (not the frozen account).
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 20, 19, 0, 0).unwrap());
    assert_eq!(portal_api::market::write_digests(&app.state).await.unwrap(), 2);
    let _ = b;
}

/// The `x-live-version` of a read.
async fn live_version(client: &reqwest::Client, url: &str) -> String {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.headers()["x-live-version"].to_str().unwrap().to_owned()
}

/// An event stream being read, with what arrived but was not looked at yet.
struct Stream {
    res: reqwest::Response,
    buf: String,
}

impl Stream {
    /// The data line of the event just waited for.
    fn data(&self) -> String {
        let line = self.buf.lines().next().unwrap_or_default();
        line.strip_prefix("data: ").unwrap_or_else(|| panic!("no data after the event: {:?}", self.buf)).to_owned()
    }

    /// Reads until an event named `name` arrives (consuming it and all before it).
    async fn wait_for(&mut self, name: &str) -> bool {
        let marker = format!("event: {name}\n");
        loop {
            if let Some(at) = self.buf.find(&marker) {
                self.buf.drain(..at + marker.len());
                return true;
            }
            match tokio::time::timeout(StdDuration::from_secs(10), self.res.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buf.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return false,
            }
        }
    }
}

// Live board: a posted job is announced on the event stream; notices go only to their partner.
#[tokio::test]
async fn live_events_announce_board_changes_and_own_notices() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    app.partner("sls@example.com", sls_caps(), t0() - Duration::days(2)).await;
    let ca = app.login("a@example.com").await;
    let cs = app.login("sls@example.com").await;
    assert_eq!(reqwest::get(app.url("/api/v1/events")).await.unwrap().status(), 401);
    let res = ca.get(app.url("/api/v1/events")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut a_events = Stream { res, buf: String::new() };
    assert!(a_events.wait_for("ready").await);
    // `ready` says where the counts stood (browsers drop events without data); a board read now
    // says the same, so the SPA need not read it again on the stream's first `ready`.
    let ready = a_events.data();
    let (instance, counts) = ready.split_once(' ').expect("instance and counts");
    let board_read = live_version(&ca, &app.url("/api/v1/jobs")).await;
    assert_eq!(board_read, format!("board {instance} {}", counts.split(' ').next().unwrap()));
    let notes_read = live_version(&ca, &app.url("/api/v1/notifications")).await;
    assert_eq!(notes_read, format!("notifications {instance} {}", counts.split(' ').nth(1).unwrap()));
    let mut s_events = Stream { res: cs.get(app.url("/api/v1/events")).send().await.unwrap(), buf: String::new() };
    assert!(s_events.wait_for("ready").await);

    operator()
        .post(app.url("/api/v1/operator/jobs"))
        .json(&new_job("J-LIVE", "cnc_milling", 9_000))
        .send()
        .await
        .unwrap();
    assert!(a_events.wait_for("board").await);
    assert!(a_events.wait_for("notifications").await, "a matched the job");
    assert!(s_events.wait_for("board").await);
    // A read from before the post is now behind a new stream's `ready`: the SPA reads again.
    let again = ca.get(app.url("/api/v1/events")).send().await.unwrap();
    let mut again = Stream { res: again, buf: String::new() };
    assert!(again.wait_for("ready").await);
    let later: Vec<u64> = again.data().split(' ').skip(1).map(|n| n.parse().unwrap()).collect();
    let before: Vec<u64> =
        [&board_read, &notes_read].iter().map(|h| h.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    assert_eq!(later, vec![before[0] + 1, before[1] + 1], "one board event, one notice for a");
    assert_eq!(live_version(&cs, &app.url("/api/v1/notifications")).await, format!("notifications {instance} 0"));
    // The SLS shop was not notified: its next event is the stream ending when the server stops.
    app.state.stop();
    let mut rest = std::mem::take(&mut s_events.buf);
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(StdDuration::from_secs(5), s_events.res.chunk()).await {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(!rest.contains("event: notifications"), "{rest}");
}
