//! Notifications reach partners (R-JOB-9, R-ORD-4 revised): the on-time question and the digests
//! are in the in-app feed, and the email adapter sends the outbox to a real SMTP server
//! (aiosmtpd, started here), retrying with backoff until it is reachable.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use portal_api::mailer::{self, SmtpConfig};
use portal_api::market;
use serde_json::Value;

use crate::common::*;

/// A real SMTP server on `port`, printing every message it receives.
struct SmtpServer {
    child: Child,
    received: Arc<Mutex<String>>,
}

impl SmtpServer {
    fn start(port: u16) -> SmtpServer {
        let python = std::env::var("PORTAL_TEST_PYTHON")
            .unwrap_or_else(|_| format!("{}/../../target/tools/venv/bin/python", env!("CARGO_MANIFEST_DIR")));
        let mut child = Command::new(&python)
            .args(["-u", "-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting aiosmtpd with {python} ({e}): `cargo xtask test` installs it"));
        let received = Arc::new(Mutex::new(String::new()));
        let out = child.stdout.take().unwrap();
        let sink = received.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        // Owned from here: dropping it (also on a panic) stops the server.
        let server = SmtpServer { child, received };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    /// What it printed, once `needle` is in it (the message arrived).
    fn wait_for(&self, needle: &str) -> String {
        for _ in 0..100 {
            let text = self.received.lock().unwrap().clone();
            if text.contains(needle) {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("no message with {needle:?}; received:\n{}", self.received.lock().unwrap());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn feed(client: &reqwest::Client, app: &TestApp) -> Vec<Value> {
    let res = client.get(app.url("/api/v1/notifications")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["notifications"].as_array().unwrap().clone()
}

// R-ORD-4 (revised), R-JOB-9: the on-time question is asked by a notice in the feed two days
// before the lead time, once; the email adapter sends it by SMTP, retrying until the server is up.
#[tokio::test]
async fn r_ord_4_the_on_time_notice_is_in_the_feed_and_sent_by_smtp() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("shop@example.com").await;
    let mut posting = cnc_job("R-1", 900, t0() - Duration::hours(1));
    posting.ship_by = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let job = app.job(posting).await;
    let res = accept(&client, &app, job, "r1").await;
    let order: Value = res.json().await.unwrap();

    // 20 Nov: three days before the lead time, nothing yet.
    assert_eq!(market::write_on_time_reminders(&app.state).await.unwrap(), 0);
    // 21 Nov, 00:30 in New York (05:30 UTC): the question opens; one notice, once.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 21, 5, 30, 0).unwrap());
    assert_eq!(market::write_on_time_reminders(&app.state).await.unwrap(), 1);
    assert_eq!(market::write_on_time_reminders(&app.state).await.unwrap(), 0, "once per order");
    let notices = feed(&client, &app).await;
    let reminder = notices.iter().find(|n| n["kind"] == "on_time_reminder").expect("the reminder is in the feed");
    assert_eq!(reminder["order_id"], order["id"]);
    assert!(reminder["title"].as_str().unwrap().contains("will it ship on time?"), "{reminder}");
    assert!(reminder["body"].as_str().unwrap().contains("Mon 23 Nov 2026"), "{reminder}");

    // No SMTP server yet: the email is kept and tried again later.
    let port = free_port();
    let smtp = SmtpConfig::parse(&format!("127.0.0.1:{port}"), "Partner Portal <portal@marketplace.example>").unwrap();
    assert_eq!(mailer::send_due(&app.state, &smtp).await.unwrap(), 0);
    let (id, attempts, sent): (i64, i64, Option<i64>) =
        sqlx::query_as("SELECT id, attempts, sent_at FROM outbox WHERE kind = 'on_time_reminder'")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!((attempts, sent), (1, None));
    let server = SmtpServer::start(port);
    assert_eq!(mailer::send_due(&app.state, &smtp).await.unwrap(), 0, "not before its backoff");
    app.clock.advance(Duration::seconds(i64::try_from(mailer::retry_delay(1).as_secs()).unwrap()));
    assert_eq!(mailer::send_due(&app.state, &smtp).await.unwrap(), 1);
    assert!(mailer::sent_at(&app.state, id).await.unwrap().is_some(), "marked sent");
    assert_eq!(mailer::send_due(&app.state, &smtp).await.unwrap(), 0, "sent once");

    let received = server.wait_for("will it ship on time?");
    assert!(received.contains("To: \"Test Shop\" <shop@example.com>"), "{received}");
    assert!(received.contains("From: \"Partner Portal\" <portal@marketplace.example>"), "{received}");
    assert!(received.contains("Mon 23 Nov 2026"), "{received}");
}

// R-JOB-9: the digest is in the in-app feed as well as in the outbox.
#[tokio::test]
async fn r_job_9_digests_appear_in_the_feed() {
    let app = spawn_app().await;
    app.partner("shop@example.com", cnc_caps(), t0() - Duration::days(1)).await;
    let client = app.login("shop@example.com").await;
    app.job(cnc_job("D-1", 900, t0() - Duration::hours(10))).await;
    // t0 is 10:00 in New York: the morning digest (07:00) is due.
    assert!(market::write_digests(&app.state).await.unwrap() >= 1);
    let notices = feed(&client, &app).await;
    let digest = notices.iter().find(|n| n["kind"] == "digest").expect("the digest is in the feed");
    assert!(digest["title"].as_str().unwrap().contains("morning digest"), "{digest}");
    assert!(digest["body"].as_str().unwrap().contains("D-1"), "{digest}");
    market::write_digests(&app.state).await.unwrap();
    let digests = feed(&client, &app).await.iter().filter(|n| n["kind"] == "digest").count();
    assert_eq!(digests, 1, "once per digest and day");
}

#[test]
fn smtp_settings_are_checked() {
    assert!(SmtpConfig::parse("localhost:2525", "Portal <p@example.com>").is_ok());
    assert!(SmtpConfig::parse("localhost", "Portal <p@example.com>").unwrap_err().contains("HOST:PORT"));
    assert!(SmtpConfig::parse("localhost:smtp", "p@example.com").is_err());
    assert!(SmtpConfig::parse("localhost:25", "not an address").is_err());
    assert_eq!(mailer::retry_delay(1).as_secs(), 30);
    assert_eq!(mailer::retry_delay(3).as_secs(), 120);
    assert_eq!(mailer::retry_delay(30).as_secs(), 3600, "at most an hour");
}
