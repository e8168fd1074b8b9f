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
