//! R-EMB-1 (issue 18): embed keys, the board a key reads, the frame's page and its framing.

use std::time::Duration as StdDuration;

use chrono::Duration;
use serde_json::{Value, json};

use crate::common::*;

async fn post_job(app: &TestApp, body: Value) {
    let res = operator().post(app.url("/api/v1/operator/jobs")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

async fn create_key(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    client.post(app.url("/api/v1/embed-keys")).json(&body).send().await.unwrap()
}

/// A key for `origins`, answered as `(id, secret)`.
async fn key(app: &TestApp, client: &reqwest::Client, origins: &[&str], show_prices: bool) -> (i64, String) {
    let body = json!({ "name": "Website", "origins": origins, "show_prices": show_prices, "theme": "auto" });
    let res = create_key(app, client, body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    (created["key"]["id"].as_i64().unwrap(), created["secret"].as_str().unwrap().to_owned())
}

async fn embed_board(app: &TestApp, secret: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.url("/api/v1/embed/board")).header("x-embed-key", secret).send().await.unwrap()
}

fn ids(board: &Value) -> Vec<i64> {
    board["jobs"].as_array().unwrap().iter().map(|j| j["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn r_emb_1_keys_are_created_checked_listed_without_the_key_and_revoked() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    app.partner("other@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let client = app.login("shop@example.com").await;

    // Origins are exact https origins (or loopback with a port): each bad one is named.
    let res = create_key(
        &app,
        &client,
        json!({ "name": "", "origins": ["http://shop.example", "https://shop.example/jobs"], "show_prices": false, "theme": "auto" }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "origins", "origins"], "{p}");
    assert!(p["errors"][1]["message"].as_str().unwrap().contains("not HTTPS"), "{p}");
    let listed: Value = app.get(&client, "/api/v1/embed-keys").await;
    assert_eq!(listed["keys"], json!([]), "nothing half-written is stored");

    let (id, secret) = key(&app, &client, &["https://www.shop.example/", "http://127.0.0.1:8000"], false).await;
    let listed: Value = app.get(&client, "/api/v1/embed-keys").await;
    let k = &listed["keys"][0];
    assert_eq!(k["origins"], json!(["https://www.shop.example", "http://127.0.0.1:8000"]));
    assert_eq!(k["last_used_at"], Value::Null);
    assert!(secret.starts_with(k["prefix"].as_str().unwrap()));
    assert!(!listed.to_string().contains(&secret), "the key is shown once, never listed");
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM embed_keys WHERE id = ?")
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_ne!(stored, secret, "kept hashed");

    assert_eq!(embed_board(&app, &secret).await.status(), 200);
    let listed: Value = app.get(&client, "/api/v1/embed-keys").await;
    assert!(listed["keys"][0]["last_used_at"].is_string(), "its last use is listed");

    // Another partner cannot revoke it; its partner can, and it stops at once.
    let other = app.login("other@example.com").await;
    let res = other.delete(app.url(&format!("/api/v1/embed-keys/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(embed_board(&app, &secret).await.status(), 200);
    let res = client.delete(app.url(&format!("/api/v1/embed-keys/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let res = embed_board(&app, &secret).await;
    assert_eq!(res.status(), 401);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("revoked"));
    let listed: Value = app.get(&client, "/api/v1/embed-keys").await;
    assert_eq!(listed["keys"], json!([]));
}

#[tokio::test]
async fn r_emb_1_a_key_reads_its_partners_board_only_and_prices_only_when_allowed() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    app.partner("printer@example.com", sls_caps(), t0() - Duration::days(3)).await;
    post_job(&app, new_job("J-1", "cnc_milling", 120_000)).await;
    let mut printed = new_job("J-2", "sls", 90_000);
    printed["requirements"]["material"] = json!("nylon_pa12");
    printed["requirements"]["finish"] = json!("as_printed");
    post_job(&app, printed).await;
    post_job(&app, new_job("J-3", "cnc_milling", 40_000)).await;
    let shop = app.login("shop@example.com").await;
    let printer = app.login("printer@example.com").await;
    let (_, hidden) = key(&app, &shop, &["https://shop.example"], false).await;
    let (_, priced) = key(&app, &shop, &["https://shop.example"], true).await;
    let (_, printer_key) = key(&app, &printer, &["https://printer.example"], true).await;

    let portal: Value = app.get(&shop, "/api/v1/jobs").await;
    let res = embed_board(&app, &hidden).await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    let board: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(ids(&board), ids(&portal), "the partner's board, in its order");
    assert_eq!(ids(&board).len(), 2);
    assert!(!text.contains("price") && !text.contains("120000"), "prices never leave the server: {text}");
    assert_eq!(board["company"], portal_company(&app, &shop).await);
    assert_eq!(board["jobs"][0]["quantity"], 25);
    assert!(board["jobs"][0]["lead_time_days"].is_i64());

    let board: Value = embed_board(&app, &priced).await.json().await.unwrap();
    assert_eq!(board["jobs"][0]["price"], portal["jobs"][0]["price"]);

    // Another partner's key reads that partner's board, never this one's.
    let theirs: Value = embed_board(&app, &printer_key).await.json().await.unwrap();
    let refs: Vec<&str> = theirs["jobs"].as_array().unwrap().iter().map(|j| j["reference"].as_str().unwrap()).collect();
    assert_eq!(refs, ["J-2"]);

    // The key reads the embed's board only: no other route, no writes, and no cookie instead.
    let bare = reqwest::Client::new();
    let res = bare.get(app.url("/api/v1/jobs")).header("x-embed-key", &hidden).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = bare.get(app.url("/api/v1/embed-keys")).header("x-embed-key", &hidden).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let job = ids(&board)[0];
    let res = bare
        .post(app.url(&format!("/api/v1/jobs/{job}/accept")))
        .header("x-embed-key", &hidden)
        .header("x-requested-with", "partner-portal")
        .header("idempotency-key", "k1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = shop.get(app.url("/api/v1/embed/board")).send().await.unwrap();
    assert_eq!(res.status(), 401, "a session cookie is not a key");
}

async fn portal_company(app: &TestApp, client: &reqwest::Client) -> Value {
    let me: Value = app.get(client, "/api/v1/me").await;
    me["company"].clone()
}

#[tokio::test]
async fn r_emb_1_each_key_is_rate_limited() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let shop = app.login("shop@example.com").await;
    let (_, busy) = key(&app, &shop, &["https://shop.example"], false).await;
    let (_, calm) = key(&app, &shop, &["https://shop.example"], false).await;
    let mut last = 0;
    for _ in 0..portal_api::app::embed::PER_MINUTE {
        last = embed_board(&app, &busy).await.status().as_u16();
    }
    assert_eq!(last, 200);
    let res = embed_board(&app, &busy).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(embed_board(&app, &calm).await.status(), 200, "per key");
}

#[tokio::test]
async fn r_emb_1_a_revoked_key_ends_its_live_stream_at_once() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let shop = app.login("shop@example.com").await;
    let (id, secret) = key(&app, &shop, &["https://shop.example"], false).await;
    let bare = reqwest::Client::new();
    let res = bare.get(app.url("/api/v1/embed/events?key=nonsense")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let mut res = bare.get(app.url(&format!("/api/v1/embed/events?key={secret}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let mut seen = String::new();
    let mut read_until = async |res: &mut reqwest::Response, what: &str| -> bool {
        while !seen.contains(what) {
            match tokio::time::timeout(StdDuration::from_secs(10), res.chunk()).await {
                Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return false,
            }
        }
        true
    };
    assert!(read_until(&mut res, "event: ready").await);
    post_job(&app, new_job("J-9", "cnc_milling", 50_000)).await;
    assert!(read_until(&mut res, "event: board").await, "a posted job reaches the embed live");
    let del = shop.delete(app.url(&format!("/api/v1/embed-keys/{id}"))).send().await.unwrap();
    assert_eq!(del.status(), 204);
    assert!(read_until(&mut res, "event: revoked").await);
    let end = tokio::time::timeout(StdDuration::from_secs(10), res.chunk()).await;
    assert!(matches!(end, Ok(Ok(None))), "the stream ends: {end:?}");
}

#[tokio::test]
async fn r_emb_1_the_frame_is_served_for_a_live_key_framed_by_its_origins_only() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><html><body>portal</body></html>").unwrap();
    std::fs::create_dir(dist.path().join("embed")).unwrap();
    let frame = "<!doctype html><html><head><script type=\"module\">import init from '/embed/e.js';</script></head><body></body></html>";
    std::fs::write(dist.path().join("embed/index.html"), frame).unwrap();
    let app = spawn_app_with_dist(Some(dist.path().to_path_buf())).await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let shop = app.login("shop@example.com").await;
    let (id, secret) = key(&app, &shop, &["https://www.shop.example", "http://127.0.0.1:8000"], false).await;
    let bare = reqwest::Client::new();

    let res = bare.get(app.url(&format!("/embed/frame?key={secret}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("frame-ancestors 'self' https://www.shop.example http://127.0.0.1:8000"),
        "framed by the key's origins: {csp}"
    );
    assert!(csp.contains("'sha256-"), "its inline loader allowed by hash: {csp}");
    assert!(res.headers().get("x-frame-options").is_none());
    assert!(res.text().await.unwrap().contains("/embed/e.js"));

    // Every other page is never framed.
    let index = bare.get(app.url("/board")).send().await.unwrap();
    assert!(index.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(index.headers()["x-frame-options"], "DENY");
    for bad in ["nonsense".to_owned(), String::new()] {
        let res = bare.get(app.url(&format!("/embed/frame?key={bad}"))).send().await.unwrap();
        assert_eq!(res.status(), 401);
        assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    }
    shop.delete(app.url(&format!("/api/v1/embed-keys/{id}"))).send().await.unwrap();
    let res = bare.get(app.url(&format!("/embed/frame?key={secret}"))).send().await.unwrap();
    assert_eq!(res.status(), 401, "a revoked key's frame is refused");
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}
