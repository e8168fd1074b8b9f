//! `portal-api`: serves the partner portal (the API under /api/v1 and the built SPA) on one
//! address, with a SQLite database.
//!
//! ```text
//! portal-api --addr 127.0.0.1:8080 --db data/portal.db --dist dist --demo
//! ```
//! The same settings come from PORTAL_ADDR, PORTAL_DB, PORTAL_DIST, PORTAL_DEMO and PORTAL_SMTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Parser;
use portal_api::clock::{Clock, SystemClock};
use portal_api::db::Db;
use portal_api::{AppState, demo, router};

#[derive(Debug, Parser)]
#[command(version, about = "The partner portal's API server")]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file; created and migrated when missing.
    #[arg(long, env = "PORTAL_DB", default_value = "data/portal.db")]
    db: PathBuf,
    /// The built SPA (trunk's output).
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Fill a new database with demo partners, jobs and orders.
    #[arg(long, env = "PORTAL_DEMO")]
    demo: bool,
    /// Start the clock at this instant (RFC 3339) instead of now; it runs on from there.
    #[arg(long, env = "PORTAL_NOW")]
    now: Option<DateTime<Utc>>,
    /// Bearer token for the operator API (/api/v1/operator); without it that API is off.
    #[arg(long, env = "PORTAL_OPERATOR_TOKEN", hide_env_values = true)]
    operator_token: Option<String>,
    /// Where uploads are stored; by default `files/` beside the database. Never inside `--dist`.
    #[arg(long, env = "PORTAL_FILES")]
    files: Option<PathBuf>,
    /// The address partners reach the portal at, e.g. `https://portal.example` behind a TLS
    /// proxy: with HTTPS the session cookie is `Secure`.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    public_url: Option<String>,
    /// A proxy in front of the server (its IP; repeat for several): its `X-Forwarded-For` names
    /// the client, which login throttling counts by.
    #[arg(long = "trusted-proxy", env = "PORTAL_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// After SIGTERM or Ctrl-C, how long requests in flight may take to finish before the
    /// connections still open (slow clients) are closed.
    #[arg(long, env = "PORTAL_SHUTDOWN_DEADLINE_SECS", default_value_t = 10)]
    shutdown_deadline_secs: u64,
    /// The key ring bank details are sealed with (`ID BASE64KEY` lines, the current key first),
    /// kept outside the database; by default `bank.keys` beside the database, created on first
    /// start. Keep it elsewhere in production (README: rotating the key).
    #[arg(long, env = "PORTAL_BANK_KEY_FILE")]
    bank_key_file: Option<PathBuf>,
    /// The key ring itself instead of a file (lines separated by `;`), e.g. from a secret store.
    #[arg(long, env = "PORTAL_BANK_KEYS", hide_env_values = true, conflicts_with = "bank_key_file")]
    bank_keys: Option<String>,
    /// SMTP server (HOST:PORT) to send the email outbox through; without it emails stay queued.
    /// The card payment provider (R-SUP-1), such as http://127.0.0.1:8099 for `payment-sandbox`;
    /// without one the store takes no cards.
    #[arg(long, env = "PORTAL_PAYMENTS")]
    payments: Option<String>,
    /// The provider's secret key.
    #[arg(long, env = "PORTAL_PAYMENTS_KEY", hide_env_values = true, default_value = "")]
    payments_key: String,
    #[arg(long, env = "PORTAL_SMTP")]
    smtp: Option<String>,
    /// The sender of the portal's emails.
    #[arg(long, env = "PORTAL_SMTP_FROM", default_value = "Partner Portal <portal@marketplace.example>")]
    smtp_from: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "portal_api=info".into()),
        )
        .init();
    let args = Args::parse();
    let clock: Arc<dyn Clock> = Arc::new(args.now.map(SystemClock::starting_at).unwrap_or_default());
    let db = Db::open(&args.db).await?;
    let files = args.files.clone().unwrap_or_else(|| args.db.with_file_name("files"));
    std::fs::create_dir_all(&files)?;
    let bank_keys = match &args.bank_keys {
        Some(ring) => portal_api::secrets::BankKeys::parse(ring)?,
        None => portal_api::secrets::BankKeys::load_or_create(
            &args.bank_key_file.clone().unwrap_or_else(|| args.db.with_file_name("bank.keys")),
        )?,
    };
    // Bank details saved plain (before sealing) or under an older key are sealed with the current one.
    let resealed = portal_api::db::invoices::reseal_banks(&db.write, &bank_keys).await?;
    if resealed > 0 {
        println!("Bank details: {resealed} sealed again with the current key");
    }
    let seeded = args.demo && demo::seed_if_empty(&db, clock.now(), &files, &bank_keys).await?;
    if seeded {
        println!("Demo data written to {}", args.db.display());
    }
    let smtp = args.smtp.as_deref().map(|s| portal_api::mailer::SmtpConfig::parse(s, &args.smtp_from)).transpose()?;
    let payments = args
        .payments
        .as_deref()
        .map(|url| portal_api::payments::CardProvider::new(url, &args.payments_key))
        .transpose()?;
    let state = AppState::new(db.clone(), clock, Some(args.dist.clone()))?
        .with_operator_token(args.operator_token)
        .with_files(files)
        .with_smtp(smtp)
        .with_payments(payments)
        .with_public_url(args.public_url.as_deref())
        .with_trusted_proxies(args.trusted_proxies)
        .with_bank_keys(bank_keys);
    if seeded {
        // The store's demo orders go through the store's own functions, which need the server.
        demo::seed_store(&state).await?;
    }
    let worker = tokio::spawn(portal_api::worker::run(state.clone(), args.demo));
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    println!("Partner portal: http://{addr}");
    if args.demo {
        println!("Demo logins (password \"{}\"):", demo::DEMO_PASSWORD);
        for (email, what) in demo::DEMO_LOGINS {
            println!("  {email:<28} {what}");
        }
    }
    match &state.smtp {
        Some(smtp) => println!("Email: sent through {}:{}", smtp.host, smtp.port),
        None => println!("Email: no --smtp server, so emails stay in the outbox"),
    }
    match &state.payments {
        Some(p) => println!("Cards: through the provider at {}", p.origin()),
        None => println!("Cards: no --payments provider, so the store takes no cards"),
    }
    if state.operator_token.is_some() {
        println!("Operator API: http://{addr}/api/v1/operator (bearer token from PORTAL_OPERATOR_TOKEN)");
    }
    println!("Press Ctrl-C to stop.");
    let stopper = state.clone();
    let limits = portal_api::serve::Limits {
        shutdown_deadline: std::time::Duration::from_secs(args.shutdown_deadline_secs),
        ..Default::default()
    };
    portal_api::serve::serve(listener, router(state), limits, async move {
        shutdown_signal().await;
        // Live event streams never end by themselves: end them so the shutdown can finish.
        stopper.stop();
    })
    .await;
    let _ = worker.await;
    db.write.close().await;
    db.read.close().await;
    println!("Stopped.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
