//! `cargo xtask bench` runs this (it is ignored by `cargo test`): the board of a partner matched
//! by 10,000 live jobs, first page, under 16 concurrent clients. Prints figures; asserts only
//! that every answer was a full page, never a timing.

use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;

use crate::common::*;

const JOBS: usize = 10_000;
const CLIENTS: usize = 16;
const RUN: StdDuration = StdDuration::from_secs(8);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: cargo xtask bench runs it"]
async fn bench_board_first_page_with_10k_jobs() {
    let app = spawn_app().await;
    app.partner("bench@example.com", cnc_caps(), t0() - Duration::days(2)).await;
    let mut tx = app.db.write.begin().await.unwrap();
    for i in 0..JOBS {
        let minutes = i64::try_from(i % 2_800).unwrap();
        let job =
            cnc_job(&format!("B-{i:05}"), 100 + i64::try_from(i % 4_000).unwrap(), t0() - Duration::minutes(minutes));
        portal_api::db::jobs::insert(&mut *tx, &job).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        clients.push(app.login("bench@example.com").await);
    }
    let url = app.url("/api/v1/jobs?limit=50");
    let first: serde_json::Value = clients[0].get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(first["total"], JOBS, "every job matches");

    let started = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|client| {
            let url = url.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while started.elapsed() < RUN {
                    let t = Instant::now();
                    let res = client.get(&url).send().await.unwrap();
                    assert_eq!(res.status(), 200);
                    let body = res.bytes().await.unwrap();
                    latencies.push(t.elapsed());
                    assert!(body.len() > 10_000, "a full page of 50 jobs");
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<StdDuration> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "\nAPI board, first page of 50 from {JOBS} matched live jobs, {CLIENTS} concurrent clients, {:.0} s:",
        RUN.as_secs_f64()
    );
    println!(
        "  {} requests, {:.0} req/s; latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
}

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
    portal_api::demo::seed_if_empty(&db, now, &std::path::Path::new(&path).with_file_name("files")).await.unwrap();
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
