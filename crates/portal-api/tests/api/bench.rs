//! Set-ups for `cargo xtask bench` (ignored by `cargo test`). The API board's figures come from
//! a separate process, `crates/xtask/src/load.rs`, never from inside the server's.

use chrono::Duration;

use crate::common::*;

/// `cargo xtask bench` runs this before the score benchmark in the browser: a demo database at
/// `PORTAL_BENCH_DB` where the established partner has `PORTAL_BENCH_JOBS` more jobs shipped in
/// the last 180 days (each with its line, shipment, check-ins and decision).
#[tokio::test]
#[ignore = "a benchmark's set-up: cargo xtask bench runs it"]
async fn seed_score_history() {
    let path = std::env::var("PORTAL_BENCH_DB").expect("PORTAL_BENCH_DB");
    let jobs: i64 = std::env::var("PORTAL_BENCH_JOBS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let db = portal_api::db::Db::open(std::path::Path::new(&path)).await.unwrap();
    let now = chrono::Utc::now();
    let at = std::path::Path::new(&path);
    // The key file the server finds beside the database when it starts on it.
    let keys = portal_api::secrets::BankKeys::load_or_create(&at.with_file_name("bank.keys")).unwrap();
    portal_api::demo::seed_if_empty(&db, now, &at.with_file_name("files"), &keys).await.unwrap();
    let (partner,): (i64,) = sqlx::query_as("SELECT id FROM partners WHERE email = 'established@demo.example'")
        .fetch_one(&db.read)
        .await
        .unwrap();
    let mut tx = db.write.begin().await.unwrap();
    for i in 0..jobs {
        let shipped = now - Duration::days(1 + i % 170);
        let job = cnc_job(&format!("SB-{i:05}"), 400 + i % 900, shipped - Duration::days(10));
        let job_id = portal_api::db::jobs::insert(&mut *tx, &job).await.unwrap();
        portal_api::db::jobs::take(&mut *tx, job_id, partner, shipped - Duration::days(9)).await.unwrap();
        portal_api::db::jobs::record_decision(
            &mut *tx,
            partner,
            job_id,
            portal_core::job::Decision::Accepted,
            shipped - Duration::days(9),
        )
        .await
        .unwrap();
        let order = portal_api::db::orders::NewOrder {
            bonus_minor: 0,
            partner_id: partner,
            job_id,
            price: job.price,
            lead_time: (shipped - Duration::days(i % 3)).date_naive(),
            accepted_at: shipped - Duration::days(9),
            confirmed: true,
        };
        let order_id = portal_api::db::orders::insert(&mut tx, &order).await.unwrap();
        for q in portal_core::order::CheckInQuestion::ALL {
            portal_api::db::orders::answer_check_in(&mut tx, order_id, *q, true, shipped - Duration::days(4))
                .await
                .unwrap();
        }
        let (shipment,): (i64,) = sqlx::query_as(
            "INSERT INTO shipments (order_id, partner_id, package_no, length, width, height, length_unit, weight,
                                    weight_unit, kind, delivery, late, published_at, shipped_on)
             VALUES (?, ?, 1, 100, 100, 100, 'cm', 100, 'kg', 'box', '{\"arranged_by\":\"marketplace\",\"pickup_address\":\"\",\"pickup_confirmed\":true,\"terms_accepted\":true}', 0, ?, ?)
             RETURNING id",
        )
        .bind(order_id)
        .bind(partner)
        .bind(shipped.timestamp())
        .bind(shipped.date_naive().to_string())
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query("INSERT INTO shipment_lines (shipment_id, line_id, quantity) SELECT ?, id, quantity FROM order_lines WHERE order_id = ?")
            .bind(shipment)
            .bind(order_id)
            .execute(&mut *tx)
            .await
            .unwrap();
        // Picked up on the day it shipped: the order has left the shop (R-ORD-7).
        portal_api::db::orders::refresh_status(&mut tx, order_id).await.unwrap();
    }
    tx.commit().await.unwrap();
    println!("seeded {jobs} shipped jobs for the established demo partner in {path}");
}
