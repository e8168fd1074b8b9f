//! Login, logout, /me and throttling.

use chrono::Duration;

use crate::common::*;

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_and_me_answers() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let client = app.client();
    let res = app.post_login(&client, "  Shop@Example.com ", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "served over plain HTTP here: {cookie}");
    let me: serde_json::Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "shop@example.com");
    assert_eq!(me["on_probation"], true);
    assert_eq!(me["account_state"], "active");
    // What the partner can make is read (and versioned) at /capabilities, not here.
    assert!(me.get("capabilities").is_none(), "{me}");
    let caps: serde_json::Value =
        client.get(app.url("/api/v1/capabilities")).send().await.unwrap().json().await.unwrap();
    assert_eq!(caps["processes"][0], "cnc_milling");
    assert_eq!(me["probation"]["max_job_value"]["amount_minor"], 500_000);
}

// Issue 16: served over HTTPS (`--public-url https://…`, behind a TLS proxy), the session cookie
// is `Secure` (never sent over plain HTTP), when set and when cleared.
#[tokio::test]
async fn over_https_the_session_cookie_is_secure() {
    let app = spawn_app_with_public_url("https://portal.example").await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let client = app.client();
    let body = serde_json::json!({ "email": "shop@example.com", "password": PASSWORD });
    let res = client.post(app.url("/api/v1/session")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.ends_with("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
    let res = client.delete(app.url("/api/v1/session")).send().await.unwrap();
    let cleared = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0") && cleared.ends_with("; Secure"), "{cleared}");
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
        let res = app.post_login(&client, email, password).await;
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

/// One login attempt from `client`: the status and, on 429, the seconds to wait.
async fn attempt(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> (u16, Option<i64>) {
    let res = app.post_login(client, email, password).await;
    let status = res.status().as_u16();
    let wait = res.headers().get("retry-after").map(|v| v.to_str().unwrap().parse().unwrap());
    if status == 429 {
        assert!(problem(res).await["detail"].as_str().unwrap().contains("Try again in"));
    }
    (status, wait)
}

// Issue 16: a stranger's wrong passwords used to lock the account for everyone (five from
// anywhere, 15 minutes). They now slow only the stranger, with growing delays, while the owner
// logs in from an address it used before.
#[tokio::test]
async fn a_strangers_failures_slow_the_stranger_not_the_owner() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let owner = app.client_from("127.0.0.1");
    assert_eq!(attempt(&app, &owner, "shop@example.com", PASSWORD).await.0, 200);
    let stranger = app.client_from("127.0.0.2");
    // Five free; then each attempt waits twice as long as the last, after the latest failure.
    for _ in 0..5 {
        assert_eq!(attempt(&app, &stranger, "shop@example.com", "guess").await.0, 401);
    }
    let mut waits = vec![];
    for _ in 0..8 {
        let (status, wait) = attempt(&app, &stranger, "shop@example.com", "guess").await;
        assert_eq!(status, 429);
        let wait = wait.unwrap();
        waits.push(wait);
        app.clock.advance(Duration::seconds(wait));
        assert_eq!(attempt(&app, &stranger, "shop@example.com", "guess").await.0, 401);
    }
    assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128], "growing delays");
    // The stranger waits even with the right password (it cannot tell a good guess by the answer).
    assert_eq!(attempt(&app, &stranger, "shop@example.com", PASSWORD).await.0, 429);
    // The owner, where it logged in before, is not slowed at all.
    assert_eq!(attempt(&app, &owner, "shop@example.com", PASSWORD).await.0, 200);
    // Guessing from many places: ten failures from addresses the account never used slow every
    // new address for this account, but still not the owner's.
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let owner = app.client_from("127.0.0.1");
    assert_eq!(attempt(&app, &owner, "shop@example.com", PASSWORD).await.0, 200);
    for n in 0..10 {
        let roaming = app.client_from(&format!("127.0.1.{}", n + 1));
        assert_eq!(attempt(&app, &roaming, "shop@example.com", "guess").await.0, 401);
    }
    let (status, wait) = attempt(&app, &app.client_from("127.0.1.99"), "shop@example.com", PASSWORD).await;
    assert_eq!((status, wait), (429, Some(1)));
    assert_eq!(attempt(&app, &owner, "shop@example.com", PASSWORD).await.0, 200);
}

// Behind a proxy every request comes from the proxy: the client is the address the trusted proxy
// names in X-Forwarded-For, so the owner and a stranger stay apart there too. Anyone else's
// X-Forwarded-For is ignored.
#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for() {
    let app = spawn_app_behind_proxy().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let proxy = app.client_from("127.0.0.1");
    let via = |client_ip: &'static str, password: &'static str| {
        let (proxy, url) = (proxy.clone(), app.url("/api/v1/session"));
        async move {
            let res = proxy
                .post(url)
                .header("x-forwarded-for", format!("10.9.9.9, {client_ip}"))
                .json(&serde_json::json!({ "email": "shop@example.com", "password": password }))
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        }
    };
    assert_eq!(via("203.0.113.5", PASSWORD).await, 200, "the owner, at its shop");
    for _ in 0..12 {
        via("198.51.100.7", "guess").await;
    }
    assert_eq!(via("198.51.100.7", PASSWORD).await, 429, "the stranger waits");
    assert_eq!(via("203.0.113.5", PASSWORD).await, 200, "the owner does not");
    // A client that is not the proxy cannot pick its address by writing the header.
    let liar = app.client_from("127.0.0.2");
    for _ in 0..5 {
        let res = liar
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-for", "203.0.113.5")
            .json(&serde_json::json!({ "email": "shop@example.com", "password": "guess" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    assert_eq!(attempt(&app, &liar, "shop@example.com", PASSWORD).await.0, 429, "counted as 127.0.0.2");
    assert_eq!(via("203.0.113.5", PASSWORD).await, 200, "the owner's address was not spent");
}

// Issue 16: spraying many accounts from one address was never slowed. Twenty wrong passwords
// from one address, over any accounts (real or not: the answers never tell), then growing
// delays for that address; another address is not affected.
#[tokio::test]
async fn spraying_many_accounts_from_one_address_is_slowed() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0()).await;
    let sprayer = app.client_from("127.0.0.3");
    for n in 0..20 {
        let email = if n == 7 { "shop@example.com".to_owned() } else { format!("shop{n}@example.com") };
        assert_eq!(attempt(&app, &sprayer, &email, "Summer2026!").await.0, 401, "attempt {n}");
    }
    assert_eq!(attempt(&app, &sprayer, "shop21@example.com", "Summer2026!").await, (429, Some(1)));
    app.clock.advance(Duration::seconds(1));
    assert_eq!(attempt(&app, &sprayer, "shop22@example.com", "Summer2026!").await.0, 401);
    assert_eq!(attempt(&app, &sprayer, "shop23@example.com", "Summer2026!").await, (429, Some(2)));
    // An unknown account and a real one are slowed alike.
    assert_eq!(attempt(&app, &sprayer, "shop@example.com", PASSWORD).await, (429, Some(2)));
    // Another address is not.
    let elsewhere = app.client_from("127.0.0.4");
    assert_eq!(attempt(&app, &elsewhere, "shop30@example.com", "Summer2026!").await.0, 401);
    assert_eq!(attempt(&app, &elsewhere, "shop@example.com", PASSWORD).await.0, 200);
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

/// A client at `address` whose browser says `user_agent`, logged in as `email`.
async fn logged_in_on(app: &TestApp, email: &str, address: &str, user_agent: &str) -> reqwest::Client {
    app.logged_in(app.client_as(address, Some(user_agent)), email).await
}

const LAPTOP: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const TABLET: &str = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// Issue 16: a partner sees where it is logged in (device, address, last used) and ends one
/// session or all the others; an ended session's next request is 401. Nobody ends another
/// partner's session.
#[tokio::test]
async fn partners_see_their_sessions_and_end_the_others() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    app.partner("other@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let laptop = logged_in_on(&app, "shop@example.com", "127.0.0.2", LAPTOP).await;
    app.clock.advance(Duration::minutes(5));
    let tablet = logged_in_on(&app, "shop@example.com", "127.0.0.3", TABLET).await;
    let other = logged_in_on(&app, "other@example.com", "127.0.0.4", LAPTOP).await;

    let list: serde_json::Value = app.get(&laptop, "/api/v1/sessions").await;
    let sessions = list["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{list}");
    // The most recently used first: the tablet logged in last.
    assert_eq!(
        (sessions[0]["device"].as_str(), sessions[0]["address"].as_str()),
        (Some("Safari on iPad"), Some("127.0.0.3"))
    );
    assert_eq!(sessions[0]["current"], false);
    assert_eq!(
        (sessions[1]["device"].as_str(), sessions[1]["current"].as_bool()),
        (Some("Chrome on Windows"), Some(true))
    );
    assert_eq!(sessions[1]["logged_in_at"], "2026-11-20T15:00:00Z");
    assert!(!list.to_string().contains("token"), "no token or hash in the list: {list}");

    // Using a session moves its "last used" (at most once a minute).
    app.clock.advance(Duration::minutes(10));
    assert_eq!(laptop.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200);
    let list: serde_json::Value = app.get(&tablet, "/api/v1/sessions").await;
    let on =
        |device: &str| list["sessions"].as_array().unwrap().iter().find(|s| s["device"] == device).unwrap().clone();
    assert_eq!(on("Chrome on Windows")["last_used_at"], "2026-11-20T15:15:00Z");
    assert_eq!(on("Chrome on Windows")["current"], false);

    // Another partner cannot end it, nor see it.
    let tablet_id = on("Safari on iPad")["id"].as_str().unwrap().to_owned();
    assert_eq!(on("Safari on iPad")["current"], true);
    let res = other.delete(app.url(&format!("/api/v1/sessions/{tablet_id}"))).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let theirs: serde_json::Value = app.get(&other, "/api/v1/sessions").await;
    assert_eq!(theirs["sessions"].as_array().unwrap().len(), 1);

    // The laptop ends the tablet's session: the tablet is logged out.
    let res = laptop.delete(app.url(&format!("/api/v1/sessions/{tablet_id}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let after: serde_json::Value = res.json().await.unwrap();
    assert_eq!(after["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(tablet.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);

    // Two more devices, then "end all the others": only the laptop stays.
    let second = logged_in_on(&app, "shop@example.com", "127.0.0.5", TABLET).await;
    let third = logged_in_on(&app, "shop@example.com", "127.0.0.6", "curl/8.5.0").await;
    let res = laptop.post(app.url("/api/v1/sessions/end-others")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let after: serde_json::Value = res.json().await.unwrap();
    assert_eq!(after["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(after["sessions"][0]["current"], true);
    for ended in [&second, &third] {
        assert_eq!(ended.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    }
    assert_eq!(laptop.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200);
    assert_eq!(other.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200, "other partners untouched");
    // Without the SPA's header, ending sessions is refused like any write.
    let res = reqwest::Client::new().post(app.url("/api/v1/sessions/end-others")).send().await.unwrap();
    assert_eq!(res.status(), 403);
}

/// The server forgets on its own (the worker's housekeeping): failed passwords once they no
/// longer count (24 hours), expired sessions, and an upload left half-received by a crash. What
/// still counts is kept.
#[tokio::test]
async fn housekeeping_forgets_old_failures_expired_sessions_and_abandoned_uploads() {
    use portal_api::app::housekeeping::prune;
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let stranger = app.client_from("127.0.0.9");
    for _ in 0..3 {
        assert_eq!(attempt(&app, &stranger, "shop@example.com", "wrong").await.0, 401);
    }
    let owner = app.login("shop@example.com").await;
    // Nothing is old yet.
    let first = prune(&app.state).await.unwrap();
    assert_eq!((first.login_failures, first.sessions), (0, 0));
    // A day and an hour later the failures no longer count: forgotten. The session lives on.
    app.clock.advance(Duration::hours(25));
    let later = prune(&app.state).await.unwrap();
    assert_eq!((later.login_failures, later.sessions), (3, 0));
    assert_eq!(owner.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200);
    // After its seven days the session has expired: forgotten too.
    app.clock.advance(Duration::days(7));
    assert_eq!(prune(&app.state).await.unwrap().sessions, 1);
    assert_eq!(owner.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    // An upload half-received when the server stopped, two hours ago; and one arriving now.
    let files = app.dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let (stale, fresh) = (files.join("0a.incoming"), files.join("0b.incoming"));
    std::fs::write(&stale, b"%PDF-1.7").unwrap();
    std::fs::write(&fresh, b"%PDF-1.7").unwrap();
    assert!(std::process::Command::new("touch").args(["-d", "2 hours ago"]).arg(&stale).status().unwrap().success());
    assert_eq!(prune(&app.state).await.unwrap().incoming_files, 1);
    assert!(!stale.exists() && fresh.exists());
}

/// Guesses sent all at once are counted one after another: the check and the count are one
/// write, so 30 wrong passwords fired together from one address at one account get the five free
/// answers and then 429, instead of all being verified while none was counted yet.
#[tokio::test]
async fn guesses_sent_together_are_throttled_like_guesses_in_a_row() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(3)).await;
    let attacker = app.client_from("127.0.0.7");
    let answers =
        futures::future::join_all((0..30).map(|_| attempt(&app, &attacker, "shop@example.com", "guess"))).await;
    let wrong = answers.iter().filter(|(status, _)| *status == 401).count();
    let throttled = answers.iter().filter(|(status, _)| *status == 429).count();
    assert_eq!((wrong, throttled), (5, 25), "{answers:?}");
    // The owner, from its own address, is not slowed.
    let owner = app.client_from("127.0.0.8");
    assert_eq!(attempt(&app, &owner, "shop@example.com", PASSWORD).await.0, 200);
}
