//! Test helpers: a real server on 127.0.0.1:0 with a fresh SQLite file and a fixed clock.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use portal_api::clock::{Clock, FixedClock};
use portal_api::db::{self, Db};
use portal_api::{AppState, auth, router};
use portal_core::Money;
use portal_core::api::{InvoiceStart, Me, Order, OrderDetail, Shipment};
use portal_core::capability::{Capabilities, Certification, Dimensions, Finish, Machine, Material, Process};
use portal_core::job::JobRequirements;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

pub const PASSWORD: &str = "correct horse battery staple";

/// A small real PNG photo (checked to its last byte like any upload).
pub static PNG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(crate::corpus::png);

/// A one-page PDF (a QC report or a signed invoice).
pub static PDF: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(crate::corpus::pdf);

/// The operator API's token in tests.
pub const OPERATOR_TOKEN: &str = "test-operator-token";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
    pub db: Db,
    pub dir: tempfile::TempDir,
}

/// 2026-11-20 15:00 UTC, a Friday.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 0, 0).unwrap()
}

/// The test servers' limits, short so a test can wait them out: a header within 2 s (an idle
/// connection closes then too), a body silent for 2 s fails.
pub const TEST_LIMITS: portal_api::serve::Limits = portal_api::serve::Limits {
    header_read: std::time::Duration::from_secs(2),
    body_idle: std::time::Duration::from_secs(2),
    shutdown_deadline: std::time::Duration::from_secs(2),
};

pub async fn spawn_app() -> TestApp {
    spawn_app_with_dist(None).await
}

pub async fn spawn_app_with_dist(dist: Option<PathBuf>) -> TestApp {
    spawn(dist, |s| s).await
}

/// A server told partners reach it at `public_url` (`--public-url`).
pub async fn spawn_app_with_public_url(public_url: &str) -> TestApp {
    spawn(None, |s| s.with_public_url(Some(public_url))).await
}

/// A server set up by `configure` (a quota, a proxy...).
pub async fn spawn_app_with(configure: impl FnOnce(AppState) -> AppState) -> TestApp {
    spawn(None, configure).await
}

/// A server behind a proxy at 127.0.0.1 (`--trusted-proxy 127.0.0.1`).
pub async fn spawn_app_behind_proxy() -> TestApp {
    spawn(None, |s| s.with_trusted_proxies(vec!["127.0.0.1".parse().unwrap()])).await
}

async fn spawn(dist: Option<PathBuf>, configure: impl FnOnce(AppState) -> AppState) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("portal.db")).await.unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let state = AppState::new(db.clone(), clock.clone(), dist)
        .unwrap()
        .with_operator_token(Some(OPERATOR_TOKEN.to_owned()))
        .with_files(dir.path().join("files"));
    let state = configure(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state.clone());
    // The server's own accept loop, with short limits so a test can wait them out.
    tokio::spawn(portal_api::serve::serve(listener, app, TEST_LIMITS, std::future::pending()));
    TestApp { base: format!("http://{addr}"), state, clock, db, dir }
}

/// A CNC shop: milling in aluminium and steel on one machine.
pub fn cnc_caps() -> Capabilities {
    Capabilities {
        processes: vec![Process::CncMilling],
        materials: vec![Material::Aluminum6061, Material::Steel1018],
        finishes: vec![Finish::AsMachined, Finish::Anodized],
        certifications: vec![Certification::Iso9001],
        machines: vec![Machine {
            name: "Haas VF-2".into(),
            process: Process::CncMilling,
            envelope: Dimensions::new(762, 406, 508),
        }],
    }
}

/// A plastics printer.
pub fn sls_caps() -> Capabilities {
    Capabilities {
        processes: vec![Process::Sls],
        materials: vec![Material::Nylon12],
        finishes: vec![Finish::AsPrinted],
        certifications: vec![],
        machines: vec![Machine {
            name: "EOS P 396".into(),
            process: Process::Sls,
            envelope: Dimensions::new(340, 340, 600),
        }],
    }
}

pub fn cnc_job(reference: &str, dollars: i64, posted_at: DateTime<Utc>) -> db::jobs::JobPosting {
    db::jobs::JobPosting {
        reference: reference.to_owned(),
        part_name: format!("Bracket {reference}"),
        requirements: JobRequirements {
            process: Process::CncMilling,
            material: Material::Aluminum6061,
            finish: Finish::AsMachined,
            certifications: vec![],
            part_size: Dimensions::new(100, 50, 20),
        },
        quantity: 10,
        price: Money::usd(dollars * 100),
        ship_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        posted_at,
        terms: Default::default(),
    }
}

impl TestApp {
    /// The server's now.
    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Adds a partner with completed and active orders of its own.
    pub async fn partner(&self, email: &str, caps: Capabilities, activated_at: DateTime<Utc>) -> i64 {
        let hash = auth::hash_password(PASSWORD).unwrap();
        let new = db::partners::NewPartner {
            company: "Test Shop",
            email,
            password_hash: &hash,
            activated_at,
            capabilities: &caps,
        };
        db::partners::insert(&self.db.write, &new).await.unwrap()
    }

    /// Gives a partner past jobs through the portal's own routes, as the partner would have done
    /// them, two days apart from 60 days ago: each accepted from the board, its first three
    /// check-ins answered, every part shipped and picked up (`completed` of them, R-JOB-5), or left
    /// running (`active`). The clock comes back to where it was.
    pub async fn history(&self, partner_id: i64, completed: u32, active: u32) {
        let back_to = self.clock.now();
        let (email,): (String,) = sqlx::query_as("SELECT email FROM partners WHERE id = ?")
            .bind(partner_id)
            .fetch_one(&self.db.read)
            .await
            .unwrap();
        let client = self.login(&email).await;
        for i in 0..(completed + active) {
            let at = t0() - Duration::days(60) + Duration::days(2 * i64::from(i));
            self.clock.set(at);
            let job = self.job(cnc_job(&format!("H-{partner_id}-{i}"), 500, at - Duration::hours(1))).await;
            let order_id = self.accepted(&client, job, &format!("history-{partner_id}-{i}")).await.id;
            for q in ["material", "started", "finished"] {
                self.check_in(&client, order_id, q, true).await;
            }
            if i < completed {
                self.ship_all(&client, order_id).await;
            }
        }
        self.clock.set(back_to);
    }

    /// `GET path` answered 200, read as `T` (a wire type, or `serde_json::Value` to look at the
    /// JSON itself).
    pub async fn get<T: DeserializeOwned>(&self, client: &reqwest::Client, path: &str) -> T {
        let res = client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.unwrap()
    }

    /// The logged-in partner (`GET /me`).
    pub async fn me(&self, client: &reqwest::Client) -> Me {
        self.get(client, "/api/v1/me").await
    }

    /// What the invoice wizard starts from (`GET /orders/{id}/invoice`).
    pub async fn invoice_start(&self, client: &reqwest::Client, order_id: i64) -> InvoiceStart {
        self.get(client, &format!("/api/v1/orders/{order_id}/invoice")).await
    }

    /// Accepts a job from the board, which must succeed: the new order.
    pub async fn accepted(&self, client: &reqwest::Client, job_id: i64, key: &str) -> Order {
        let res = accept(client, self, job_id, key).await;
        assert_eq!(res.status(), 201, "accepting job {job_id} ({key})");
        res.json().await.unwrap()
    }

    /// Uploads `bytes` as a file of an order (`query` names the purpose and line).
    pub async fn upload(
        &self,
        client: &reqwest::Client,
        order_id: i64,
        query: &str,
        name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()));
        client.post(self.url(&format!("/api/v1/orders/{order_id}/files?{query}"))).multipart(form).send().await.unwrap()
    }

    /// Uploads a file that must be kept: the stored file.
    pub async fn uploaded(
        &self,
        client: &reqwest::Client,
        order_id: i64,
        query: &str,
        name: &str,
        bytes: &[u8],
    ) -> portal_core::api::StoredFile {
        let res = self.upload(client, order_id, query, name, bytes).await;
        assert_eq!(res.status(), 201, "upload {query}");
        res.json().await.unwrap()
    }

    /// An order as its page shows it, with its ETag.
    pub async fn order_page(&self, client: &reqwest::Client, order_id: i64) -> (OrderDetail, String) {
        let res = client.get(self.url(&format!("/api/v1/orders/{order_id}"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "order {order_id}");
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        (res.json().await.unwrap(), etag)
    }

    /// Answers a check-in through the order page's route (R-ORD-4).
    pub async fn check_in(&self, client: &reqwest::Client, order_id: i64, question: &str, answer: bool) {
        let (_, etag) = self.order_page(client, order_id).await;
        let res = client
            .put(self.url(&format!("/api/v1/orders/{order_id}/check-ins/{question}")))
            .header("if-match", etag)
            .json(&serde_json::json!({ "answer": answer }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "check-in {question} on order {order_id}");
    }

    /// Publishes one package with every part left (its photo uploaded first), through the
    /// shipping wizard's route. Answers the shipment.
    pub async fn publish_all(&self, client: &reqwest::Client, order_id: i64) -> Shipment {
        let (page, _) = self.order_page(client, order_id).await;
        let res = self.upload(client, order_id, "purpose=package_photo", "box.png", &PNG).await;
        assert_eq!(res.status(), 201, "package photo");
        let photo = res.json::<portal_core::api::StoredFile>().await.unwrap().id;
        let lines: Vec<serde_json::Value> = page
            .lines
            .iter()
            .map(|l| serde_json::json!({ "line_id": l.id, "quantity": l.quantity - l.shipped }))
            .collect();
        let body = marketplace_package(lines, photo);
        let res = client
            .post(self.url(&format!("/api/v1/orders/{order_id}/shipments")))
            .header("idempotency-key", format!("ship-all-{order_id}-{photo}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "publishing order {order_id}");
        res.json().await.unwrap()
    }

    /// The partner's "Shipped" check-in for a package on the day of pickup (R-ORD-4, R-ORD-7).
    pub async fn shipped(&self, client: &reqwest::Client, order_id: i64, shipment_id: i64) -> reqwest::Response {
        let (_, etag) = self.order_page(client, order_id).await;
        client
            .post(self.url(&format!("/api/v1/orders/{order_id}/shipments/{shipment_id}/shipped")))
            .header("if-match", etag)
            .send()
            .await
            .unwrap()
    }

    /// Ships every part left and records the pickup: the order has left the shop (R-ORD-7).
    pub async fn ship_all(&self, client: &reqwest::Client, order_id: i64) {
        let shipment = self.publish_all(client, order_id).await;
        let res = self.shipped(client, order_id, shipment.id).await;
        assert_eq!(res.status(), 200, "shipped check-in on order {order_id}");
    }

    pub async fn job(&self, job: db::jobs::JobPosting) -> i64 {
        db::jobs::insert(&self.db.write, &job).await.unwrap()
    }

    /// A client that keeps cookies and sends X-Requested-With, like the SPA.
    pub fn client(&self) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("x-requested-with", HeaderValue::from_static("partner-portal"));
        reqwest::Client::builder().cookie_store(true).default_headers(headers).build().unwrap()
    }

    /// Like [`TestApp::client`], connecting from another loopback address (127.0.0.0/8 is all
    /// this machine): a client at another place, as the server sees it.
    pub fn client_from(&self, address: &str) -> reqwest::Client {
        self.client_as(address, None)
    }

    /// Like [`TestApp::client_from`], in a browser that says it is `user_agent`.
    pub fn client_as(&self, address: &str, user_agent: Option<&str>) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("x-requested-with", HeaderValue::from_static("partner-portal"));
        let mut builder = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .local_address(address.parse::<std::net::IpAddr>().unwrap());
        if let Some(user_agent) = user_agent {
            builder = builder.user_agent(user_agent);
        }
        builder.build().unwrap()
    }

    pub async fn login(&self, email: &str) -> reqwest::Client {
        self.logged_in(self.client(), email).await
    }

    /// Logs `client` in as `email` (which must succeed): the client.
    pub async fn logged_in(&self, client: reqwest::Client, email: &str) -> reqwest::Client {
        let res = self.post_login(&client, email, PASSWORD).await;
        assert_eq!(res.status(), 200, "login of {email}");
        client
    }

    /// `POST /session` with `email` and `password` from `client`: the answer.
    pub async fn post_login(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    pub async fn order_count(&self) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders").fetch_one(&self.db.read).await.unwrap();
        n
    }
}

/// A package of `lines` (`{line_id, quantity}`) with its photo, collected by the marketplace: the
/// shipping wizard's request.
pub fn marketplace_package(lines: Vec<serde_json::Value>, photo: i64) -> serde_json::Value {
    serde_json::json!({
        "lines": lines,
        "package": { "length": 3000, "width": 2000, "height": 1500, "length_unit": "cm",
                     "weight": 450, "weight_unit": "kg", "kind": "box", "photo_id": photo },
        "delivery": { "arranged_by": "marketplace", "pickup_address": "1 Mill Road\nDayton, OH",
                      "pickup_confirmed": true, "terms_accepted": true }
    })
}

/// The operator's client: a bearer token, no cookies.
pub fn operator() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_str(&format!("Bearer {OPERATOR_TOKEN}")).unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

pub async fn accept(client: &reqwest::Client, app: &TestApp, job_id: i64, key: &str) -> reqwest::Response {
    client.post(app.url(&format!("/api/v1/jobs/{job_id}/accept"))).header("idempotency-key", key).send().await.unwrap()
}

/// Reads a problem+json body, checking the content type.
pub async fn problem(res: reqwest::Response) -> serde_json::Value {
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(ct, "application/problem+json", "problem content type");
    res.json().await.unwrap()
}

/// A job as the operator API posts it: 25 motor mounts in aluminium 6061, shipping by 8 Dec.
pub fn new_job(reference: &str, process: &str, cents: i64) -> serde_json::Value {
    serde_json::json!({
        "reference": reference,
        "part_name": "Motor mount",
        "requirements": {
            "process": process,
            "material": "aluminum_6061",
            "finish": "as_machined",
            "certifications": [],
            "part_size": { "x_mm": 120, "y_mm": 80, "z_mm": 30 }
        },
        "quantity": 25,
        "price": { "amount_minor": cents, "currency": "USD" },
        "ship_by": "2026-12-08"
    })
}
