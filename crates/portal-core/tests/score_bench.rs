//! `cargo xtask bench` runs this (ignored by `cargo test`): the score engine over 10,000 shipped
//! jobs and 10,000 jobs taken on on the host. Prints the median of 50 runs; asserts nothing about time.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use portal_core::score::{JobOutcome, LetGo, ScoreInputs, ScorePolicy, TakenBy, TakenJob, score};

fn inputs(jobs: u64) -> ScoreInputs {
    let as_of: NaiveDate = "2026-11-20".parse().unwrap();
    let jobs_list = (0..jobs)
        .map(|i| {
            let shipped = as_of - Days::new(i % 179);
            JobOutcome {
                order_id: i64::try_from(i).unwrap(),
                label: format!("ORD-{i:06}"),
                lead_time: shipped - Days::new(i % 3),
                shipped_on: Some(shipped),
                lines: 1 + u32::try_from(i % 7).unwrap(),
                rejected_lines: u32::from(i % 97 == 0),
                check_ins: [Some(shipped), Some(shipped), if i % 5 == 0 { None } else { Some(shipped) }, Some(shipped)],
                said_on_time: Some(i % 11 != 0),
            }
        })
        .collect();
    let taken = (0..jobs)
        .map(|i| {
            let taken_on = as_of - Days::new(i % 179);
            TakenJob {
                reference: format!("ORD-{i:06}"),
                taken_on,
                taken_by: if i % 13 == 0 { TakenBy::Counteroffer } else { TakenBy::Board },
                let_go: (i % 41 == 0).then_some((taken_on, LetGo::HandedBack)),
            }
        })
        .collect();
    ScoreInputs { as_of, jobs_taken: u32::try_from(jobs).unwrap(), jobs: jobs_list, taken }
}

#[test]
#[ignore = "a benchmark: cargo xtask bench runs it"]
fn bench_score_engine_10k_jobs() {
    let inputs = inputs(10_000);
    let policy = ScorePolicy::default();
    let mut times = Vec::new();
    let mut pss = 0;
    for _ in 0..50 {
        let start = Instant::now();
        let report = score(std::hint::black_box(&inputs), &policy);
        times.push(start.elapsed());
        pss = report.pss.0;
    }
    times.sort();
    println!(
        "score engine, host, 10,000 jobs + 10,000 taken on: median {:.3} ms, max {:.3} ms (PSS {}.{})",
        times[25].as_secs_f64() * 1000.0,
        times[49].as_secs_f64() * 1000.0,
        pss / 10,
        pss % 10
    );
}
