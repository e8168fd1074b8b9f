//! Demo data (`--demo`, once per new database): partners at different stages, a board of jobs
//! across processes, materials and values, and orders, so a newcomer sees a believable portal.
//! Everything is written through the functions the routes use, one file per subject.

mod capabilities;
mod invoices;
mod jobs;
mod orders;
mod store;

pub use store::seed_store;

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use portal_core::Currency;
use portal_core::capability::Capabilities;
use portal_core::market_clock;
use sqlx::SqliteConnection;

pub use capabilities::{additive_shop, cnc_shop, full_service_shop, prototyping_shop};
pub use jobs::live_job;

use crate::auth::hash_password;
use crate::db::{self, Db};
use crate::error::ApiError;

pub const DEMO_PASSWORD: &str = "portal-demo";

/// The demo logins and what each shows.
pub const DEMO_LOGINS: [(&str, &str); 4] = [
    ("probation@demo.example", "on probation: 2 jobs done, 1 active, provisional score"),
    ("established@demo.example", "established: 40+ jobs, score 86.5 (+4% bonus), an order due today"),
    ("frozen@demo.example", "frozen: activated 35 days ago, never accepted a job"),
    ("new@demo.example", "new: activated yesterday"),
];

const CENTS: i64 = 100;

/// A small deterministic generator, so every demo database looks the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.next() % u64::try_from(high - low + 1).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[usize::try_from(self.next()).unwrap_or(0) % items.len()]
    }
}

fn at_hour(day: chrono::NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

/// Fills a new database with the demo partners, board, orders and invoices (their PDFs go to
/// `files`). Does nothing when partners exist already, so a second start reuses the data.
pub async fn seed_if_empty(
    db: &Db,
    now: DateTime<Utc>,
    files: &Path,
    keys: &crate::secrets::BankKeys,
) -> Result<bool, ApiError> {
    let (partners,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM partners").fetch_one(&db.write).await?;
    if partners > 0 {
        return Ok(false);
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD)).await.map_err(ApiError::internal)??;
    let mut tx = db.write.begin().await?;
    let ids = demo_partners(&mut tx, &hash, now).await?;
    let (probation, established, frozen) = (ids[0], ids[1], ids[2]);
    let mut dice = Dice(0x5eed_0fd3);
    let history = orders::HistoryOf { probation, established };
    let invoiceable = orders::order_history(&mut tx, &mut dice, &history, now, files).await?;
    // Days on the marketplace's clock (DOMAIN "Times"): the demo partners work in USD.
    jobs::frozen_declines(&mut tx, frozen, market_clock::day(Currency::Usd, now)).await?;
    for (partner_id, address) in [
        (probation, "1180 Keystone Drive\nDayton, OH 45414\nUnited States"),
        (established, "77 Foundry Lane\nGreenville, SC 29605\nUnited States"),
        (frozen, "12 Maker Street\nAsheville, NC 28801\nUnited States"),
        (ids[3], "410 Ridge Parkway\nRoanoke, VA 24011\nUnited States"),
    ] {
        sqlx::query("UPDATE partners SET address = ? WHERE id = ?")
            .bind(address)
            .bind(partner_id)
            .execute(&mut *tx)
            .await?;
    }
    invoices::invoice_history(&mut tx, established, &invoiceable, now, files, keys).await?;
    orders::showcase(&mut tx, established, now).await?;
    // R-SUP-2: the established partner buys supplies on purchase orders (the operator's route
    // writes the same).
    db::store::set_credit_terms(&mut *tx, established, true).await?;
    jobs::live_board(&mut tx, &mut dice, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// The four demo partners, in the order of `DEMO_LOGINS`; answers their ids.
async fn demo_partners(tx: &mut SqliteConnection, hash: &str, now: DateTime<Utc>) -> Result<Vec<i64>, ApiError> {
    let day = Duration::days(1);
    let list: [(&str, &str, DateTime<Utc>, Capabilities); 4] = [
        ("Precision Parts Co.", DEMO_LOGINS[0].0, now - day * 70, cnc_shop()),
        ("Summit Manufacturing", DEMO_LOGINS[1].0, now - day * 730, full_service_shop()),
        ("Northside Prototyping", DEMO_LOGINS[2].0, now - day * 35, prototyping_shop()),
        ("Blue Ridge Additive", DEMO_LOGINS[3].0, now - day, additive_shop()),
    ];
    let mut ids = Vec::new();
    for (company, email, activated_at, caps) in &list {
        let new = db::partners::NewPartner {
            company,
            email,
            password_hash: hash,
            activated_at: *activated_at,
            capabilities: caps,
        };
        ids.push(db::partners::insert(&mut *tx, &new).await?);
    }
    Ok(ids)
}
