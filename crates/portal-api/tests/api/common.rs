//! Test helpers: a real server on 127.0.0.1:0 with a fresh SQLite file and a fixed clock.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use portal_api::clock::FixedClock;
use portal_api::db::{self, Db};
use portal_api::{AppState, auth, router};
use portal_core::Money;
use portal_core::capability::{Capabilities, Certification, Dimensions, Finish, Machine, Material, Process};
use portal_core::job::JobRequirements;
use reqwest::header::{HeaderMap, HeaderValue};

pub const PASSWORD: &str = "correct horse battery staple";

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

pub async fn spawn_app() -> TestApp {
    spawn_app_with_dist(None).await
}

pub async fn spawn_app_with_dist(dist: Option<PathBuf>) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("portal.db")).await.unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let state = AppState::new(db.clone(), clock.clone(), dist)
        .unwrap()
        .with_operator_token(Some(OPERATOR_TOKEN.to_owned()))
        .with_files(dir.path().join("files"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
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

    /// Gives a partner past orders: `completed` finished ones and `active` running ones.
    pub async fn history(&self, partner_id: i64, completed: u32, active: u32) {
        for i in 0..(completed + active) {
            let posted = t0() - Duration::days(60) + Duration::hours(i64::from(i));
            let job = cnc_job(&format!("H-{partner_id}-{i}"), 500, posted);
            let job_id = db::jobs::insert(&self.db.write, &job).await.unwrap();
            db::jobs::take(&self.db.write, job_id, partner_id, posted).await.unwrap();
            let status = if i < completed {
                portal_core::api::OrderStatus::Completed
            } else {
                portal_core::api::OrderStatus::InProduction
            };
            let order = db::orders::NewOrder {
                bonus_minor: 0,
                partner_id,
                job_id,
                price: job.price,
                lead_time: job.ship_by,
                status,
                accepted_at: posted,
                completed_at: None,
                confirmed: true,
            };
            let mut conn = self.db.write.acquire().await.unwrap();
            db::orders::insert(&mut conn, &order).await.unwrap();
        }
    }

    pub async fn job(&self, job: db::jobs::JobPosting) -> i64 {
        db::jobs::insert(&self.db.write, &job).await.unwrap()
    }

    /// A client that keeps cookies and sends X-Requested-With, like the SPA.
    pub fn client(&self) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("x-requested-with", HeaderValue::from_static("test"));
        reqwest::Client::builder().cookie_store(true).default_headers(headers).build().unwrap()
    }

    pub async fn login(&self, email: &str) -> reqwest::Client {
        let client = self.client();
        let res = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "login of {email}");
        client
    }

    pub async fn order_count(&self) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders").fetch_one(&self.db.read).await.unwrap();
        n
    }
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
