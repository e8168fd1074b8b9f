//! Login, logout, /me and throttling.

use chrono::Duration;

use crate::common::*;

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_and_me_answers() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "  Shop@Example.com ", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let me: serde_json::Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "shop@example.com");
    assert_eq!(me["on_probation"], true);
    assert_eq!(me["account_state"], "active");
    assert_eq!(me["capabilities"]["processes"][0], "cnc_milling");
    assert_eq!(me["probation"]["max_job_value"]["amount_minor"], 500_000);
}

#[tokio::test]
async fn session_token_is_stored_hashed() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "shop@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token = cookie.trim_start_matches("portal_session=").split(';').next().unwrap().to_owned();
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM sessions").fetch_one(&app.db.read).await.unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored, portal_api::auth::token_hash(&token));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let client = app.client();
    let mut bodies = Vec::new();
    for (email, password) in [("shop@example.com", "wrong"), ("nobody@example.com", PASSWORD)] {
        let res = client
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        bodies.push(problem(res).await);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0]["detail"].as_str().unwrap().contains("Email or password is wrong"));
}

#[tokio::test]
async fn empty_fields_are_named_in_the_problem() {
    let app = spawn_app().await;
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "", "password": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p = problem(res).await;
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "password"]);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_15_minutes() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let client = app.client();
    let attempt = |password: &'static str| {
        let client = client.clone();
        let url = app.url("/api/v1/session");
        async move {
            client
                .post(url)
                .json(&serde_json::json!({ "email": "shop@example.com", "password": password }))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await.status(), 401);
        app.clock.advance(Duration::minutes(1));
    }
    // The right password does not help while the account is locked.
    let locked = attempt(PASSWORD).await;
    assert_eq!(locked.status(), 429);
    let retry_after: i64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
    assert!(problem(locked).await["detail"].as_str().unwrap().contains("Try again in"));
    app.clock.advance(Duration::seconds(retry_after));
    assert_eq!(attempt(PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "shop@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let res = client.delete(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(res.status(), 204);
    // The old cookie, replayed by hand, no longer works.
    let replay = reqwest::Client::new().get(app.url("/api/v1/me")).header("cookie", cookie).send().await.unwrap();
    assert_eq!(replay.status(), 401);
}

#[tokio::test]
async fn sessions_expire() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let client = app.login("shop@example.com").await;
    app.clock.advance(Duration::days(8));
    assert_eq!(client.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn without_a_session_every_route_is_401_problem() {
    let app = spawn_app().await;
    let client = app.client();
    for path in ["/api/v1/me", "/api/v1/jobs", "/api/v1/jobs/1", "/api/v1/orders"] {
        let res = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        assert_eq!(problem(res).await["status"], 401);
    }
    let res = accept(&client, &app, 1, "k").await;
    assert_eq!(res.status(), 401);
}
