//! The partner portal's API server: `/api/v1` over SQLite, plus the built SPA from `dist/`.
//! `router(state)` is the whole app, so tests run it in-process on port 0.

pub mod app;
pub mod auth;
pub mod board_cache;
pub mod catalog;
pub mod clock;
pub mod db;
pub mod demo;
pub mod documents;
pub mod error;
pub mod mailer;
pub mod market;
pub mod payments;
pub mod routes;
pub mod secrets;
pub mod security;
pub mod serve;
pub mod static_files;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::middleware;

use crate::clock::Clock;
use crate::db::Db;

/// How many uploads are read at once; more wait (up to `UPLOAD_WAIT`, then 503).
pub const UPLOADS_AT_ONCE: usize = 4;
/// How many uploads are decoded at once (CPU and memory heavy).
pub const DECODES_AT_ONCE: usize = 2;
/// How long an upload waits for its turn before the server says it is busy.
pub const UPLOAD_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Everything a request handler may need.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// The built SPA, if there is one to serve.
    pub dist: Option<PathBuf>,
    /// The Content-Security-Policy for every response (hashes of index.html's inline scripts).
    pub csp: Arc<str>,
    /// A real argon2 hash to verify against when the email is unknown, so the answer takes as
    /// long as for a known one.
    pub decoy_hash: Arc<str>,
    /// What boards are computed from (the open jobs; per partner its facts and sorted boards),
    /// kept between board requests.
    pub board: Arc<board_cache::BoardCache>,
    /// Live events for `GET /api/v1/events`.
    pub events: market::Events,
    /// The operator API's token (`PORTAL_OPERATOR_TOKEN`); without one the operator API is off.
    pub operator_token: Option<Arc<str>>,
    /// Becomes true when the server stops, so open event streams end.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Where uploads are stored (outside any served folder), under random names.
    pub files: Arc<PathBuf>,
    /// The SMTP server the outbox is sent through (`--smtp`); without one, emails stay queued.
    pub smtp: Option<Arc<mailer::SmtpConfig>>,
    /// Whether partners reach the portal over HTTPS (`--public-url https://…`): the session
    /// cookie is then `Secure`, never sent over plain HTTP.
    pub https: bool,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Uploads received at once (each streamed to disk): the rest wait their turn.
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// Uploads decoded at once (a photo of 40 megapixels takes up to 160 MB while decoded).
    pub decoding: Arc<tokio::sync::Semaphore>,
    /// The keys bank details are sealed with (outside the database; `--bank-key-file`).
    pub bank_keys: Arc<secrets::BankKeys>,
    /// Each partner's upload quota and rate (issue 16).
    pub upload_quota: portal_core::upload::Quota,
    /// Each partner's recent upload attempts, for the rate in `upload_quota`.
    pub upload_attempts: Arc<app::files::Attempts>,
    /// Each embed key's requests this minute (R-EMB-1).
    pub embed_rate: Arc<app::embed::Rate>,
    /// The embed's built page (`dist/embed/index.html`), if there is one.
    pub embed_page: Option<Arc<routes::embed::EmbedPage>>,
    /// The supplies store's catalog (issue 19).
    pub catalog: Arc<catalog::Catalog>,
    /// The store's promotion codes (R-SUP-3), dated around the day the server started.
    pub promos: Arc<Vec<portal_core::supplies::checkout::Promo>>,
    /// R-SUP-1's card payment provider (`--payments`); without one the store takes no cards.
    pub payments: Option<Arc<payments::CardProvider>>,
    stop: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    pub fn new(db: Db, clock: Arc<dyn Clock>, dist: Option<PathBuf>) -> Result<AppState, error::ApiError> {
        let hashes = dist
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("index.html")).ok())
            .map(|html| security::inline_script_hashes(&html))
            .unwrap_or_default();
        let embed_page =
            dist.as_ref().and_then(|d| std::fs::read_to_string(d.join("embed/index.html")).ok()).map(|html| {
                Arc::new(routes::embed::EmbedPage { script_hashes: security::inline_script_hashes(&html), html })
            });
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let promos = Arc::new(catalog::promos(portal_core::market_clock::day(portal_core::Currency::Usd, clock.now())));
        Ok(AppState {
            db,
            clock,
            dist,
            csp: security::content_security_policy(&hashes).into(),
            decoy_hash: auth::hash_password("decoy password never matches")?.into(),
            board: Arc::default(),
            events: market::Events::default(),
            operator_token: None,
            stopping,
            files: Arc::new(PathBuf::from("data/files")),
            smtp: None,
            https: false,
            trusted_proxies: Arc::default(),
            uploads: Arc::new(tokio::sync::Semaphore::new(UPLOADS_AT_ONCE)),
            decoding: Arc::new(tokio::sync::Semaphore::new(DECODES_AT_ONCE)),
            bank_keys: Arc::new(secrets::BankKeys::ephemeral()),
            upload_quota: portal_core::upload::Quota::DEFAULT,
            upload_attempts: Arc::default(),
            embed_rate: Arc::default(),
            embed_page,
            catalog: Arc::default(),
            promos,
            payments: None,
            stop: Arc::new(stop),
        })
    }

    /// Takes cards through this payment provider; its hosted card fields may then be framed.
    pub fn with_payments(mut self, provider: Option<payments::CardProvider>) -> AppState {
        if let Some(p) = &provider {
            // Our own pages still frame our own (the embed's preview in Settings), as
            // `default-src 'self'` allowed before.
            self.csp = format!("{}; frame-src 'self' {}", self.csp, p.origin()).into();
        }
        self.payments = provider.map(Arc::new);
        self
    }

    /// Turns the operator API on with this bearer token.
    pub fn with_operator_token(mut self, token: Option<String>) -> AppState {
        self.operator_token = token.filter(|t| !t.trim().is_empty()).map(Into::into);
        self
    }

    /// Sends the outbox through this SMTP server (R-JOB-9's email adapter).
    /// The address partners reach the portal at (`--public-url`); HTTPS makes cookies `Secure`.
    pub fn with_public_url(mut self, url: Option<&str>) -> AppState {
        self.https = url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        self
    }

    /// The proxies in front of the server, whose `X-Forwarded-For` names the client.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    pub fn with_smtp(mut self, smtp: Option<mailer::SmtpConfig>) -> AppState {
        self.smtp = smtp.map(Arc::new);
        self
    }

    /// Seals bank details with these keys (the server's key file).
    pub fn with_bank_keys(mut self, keys: secrets::BankKeys) -> AppState {
        self.bank_keys = Arc::new(keys);
        self
    }

    /// Partners' upload quota and rate.
    pub fn with_upload_quota(mut self, quota: portal_core::upload::Quota) -> AppState {
        self.upload_quota = quota;
        self
    }

    /// Stores uploads under `dir`.
    pub fn with_files(mut self, dir: PathBuf) -> AppState {
        self.files = Arc::new(dir);
        self
    }

    /// Ends the open event streams (before a graceful shutdown waits for connections).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

/// The whole application: API, static SPA, security headers.
pub fn router(state: AppState) -> Router {
    let api = routes::api_router();
    Router::new()
        .nest("/api/v1", api)
        .merge(routes::api_fallback())
        .route("/embed/frame", axum::routing::get(routes::embed::frame))
        .merge(static_files::router(state.dist.as_deref()))
        .layer(middleware::from_fn(security::same_site_writes))
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .with_state(state)
}
