//! Issue 16: slow and silent clients against a real server (`serve.rs`). Before, a half-sent
//! header, an idle connection and a stalled body were held forever (checked at 45 s), and one
//! half-sent request kept a graceful shutdown waiting forever. Each test speaks raw TCP, as such a
//! client would, and waits at most a few times the test server's limits (`TEST_LIMITS`).

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::*;

/// Reads until the server closes the connection; what it sent, and how long that took.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(within.saturating_sub(started.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), started.elapsed()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server kept the connection open for {within:?}: {}", String::from_utf8_lossy(&got)),
        }
    }
}

fn host(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn a_half_sent_header_and_an_idle_connection_are_closed() {
    let app = spawn_app().await;
    // Half a header, then nothing.
    let mut slow = TcpStream::connect(host(&app)).await.unwrap();
    slow.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: portal\r\nX-Slow: ").await.unwrap();
    let (_, took) = read_until_closed(&mut slow, Duration::from_secs(10)).await;
    assert!(took >= Duration::from_millis(1500), "not before the limit: {took:?}");
    // A connection that never says anything.
    let mut silent = TcpStream::connect(host(&app)).await.unwrap();
    read_until_closed(&mut silent, Duration::from_secs(10)).await;
    // A kept-alive connection is answered, then closed once idle.
    let mut idle = TcpStream::connect(host(&app)).await.unwrap();
    idle.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: portal\r\n\r\n").await.unwrap();
    let (answer, _) = read_until_closed(&mut idle, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stops_coming_fails_the_request() {
    let app = spawn_app().await;
    let mut stalled = TcpStream::connect(host(&app)).await.unwrap();
    let head = "POST /api/v1/session HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\n\
                X-Requested-With: partner-portal\r\nContent-Length: 200\r\n\r\n{\"email\":";
    stalled.write_all(head.as_bytes()).await.unwrap();
    let (answer, took) = read_until_closed(&mut stalled, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 4"), "refused, not held: {answer}");
    assert!(took >= Duration::from_millis(1500), "not before the limit: {took:?}");
}

// SIGTERM with a half-sent request and a stalled body open: the real binary stops within its
// deadline (`--shutdown-deadline-secs 2`) instead of waiting for them forever.
#[tokio::test]
async fn sigterm_stops_the_server_within_its_deadline_despite_slow_clients() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_portal-api"))
        .args(["--addr", &addr, "--db"])
        .arg(dir.path().join("portal.db"))
        .arg("--dist")
        .arg(dir.path().join("no-dist"))
        .args(["--shutdown-deadline-secs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut body = loop {
        match TcpStream::connect(&addr).await {
            Ok(stream) => break stream,
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("the server did not start: {e}"),
        }
    };
    // A request in flight whose body stalls (the server waits for it), and a half-sent header.
    body.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\n\
          X-Requested-With: partner-portal\r\nContent-Length: 200\r\n\r\n{",
    )
    .await
    .unwrap();
    let mut header = TcpStream::connect(&addr).await.unwrap();
    header.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: portal\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let stopping = Instant::now();
    let status = tokio::time::timeout(Duration::from_secs(15), server.wait())
        .await
        .expect("the server stops within its deadline")
        .unwrap();
    assert!(status.success(), "a clean exit: {status}");
    assert!(stopping.elapsed() < Duration::from_secs(8), "took {:?}", stopping.elapsed());
    drop((body, header));
}

// Several large uploads at once cannot exhaust the server's memory: `UPLOADS_AT_ONCE` (4) are read
// at a time and the next waits for a turn. Four uploads whose bodies stall hold the turns until
// the body limit fails them; a fifth, sent meanwhile, is stored once a turn is free.
#[tokio::test]
async fn uploads_beyond_four_at_once_wait_their_turn() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0() - chrono::Duration::days(2)).await;
    let client = app.login("a@example.com").await;
    let job = app.job(cnc_job("UPLOADS", 900, t0() - chrono::Duration::hours(1))).await;
    let order = app.accepted(&client, job, "uploads").await.id;
    let login = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "a@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let mut stalled = Vec::new();
    for _ in 0..portal_api::UPLOADS_AT_ONCE {
        let mut stream = TcpStream::connect(host(&app)).await.unwrap();
        let head = format!(
            "POST /api/v1/orders/{order}/files?purpose=qc_report HTTP/1.1\r\nHost: portal\r\nCookie: {cookie}\r\n\
             X-Requested-With: partner-portal\r\nContent-Type: multipart/form-data; boundary=XX\r\n\
             Content-Length: 1000000\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let res = app.upload(&client, order, "purpose=qc_report", "report.pdf", &PDF).await;
    assert_eq!(res.status(), 201, "stored once a turn was free");
    assert!(started.elapsed() >= Duration::from_secs(1), "it waited for a turn: {:?}", started.elapsed());
    for mut stream in stalled {
        let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
        assert!(answer.starts_with("HTTP/1.1 4"), "a stalled upload is refused: {answer}");
    }
}
