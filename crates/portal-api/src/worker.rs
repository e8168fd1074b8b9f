//! Work the server does on its own clock: settling jobs whose bidding closed (R-JOB-6), writing
//! the digests (R-JOB-9) and the on-time reminders (R-ORD-4), sending the outbox by SMTP when a
//! server is configured, forgetting old failed logins, expired sessions and abandoned uploads
//! (`app::housekeeping`), and with `--demo` posting believable jobs, more in the surge window
//! (R-JOB-8).

use std::time::Duration;

use chrono::{DateTime, Utc};
use portal_core::eastern;

use crate::{AppState, demo, mailer, market};

/// How often closed jobs are looked for: a job leaves the boards within this of its time.
const TICK: Duration = Duration::from_secs(1);
/// How often the digests are looked at.
const DIGEST_EVERY_TICKS: u32 = 30;
/// How often the server forgets what it no longer needs (`app::housekeeping`).
const PRUNE_EVERY_TICKS: u32 = 600;
/// How often orders are looked at for the on-time question (a cheap query; a notice within
/// seconds of the day it opens).
const REMINDER_EVERY_TICKS: u32 = 5;

/// Seconds between demo jobs inside and outside the surge window.
pub fn demo_interval(now: DateTime<Utc>) -> i64 {
    if eastern::in_surge(now) { 20 } else { 75 }
}

/// Runs until the server stops.
pub async fn run(state: AppState, demo_jobs: bool) {
    let mut stopping = state.stopping.clone();
    let mut ticks = 0u32;
    let mut next_demo_job = state.clock.now() + chrono::Duration::seconds(10);
    let mut demo_seq = 0usize;
    loop {
        tokio::select! {
            () = tokio::time::sleep(TICK) => {}
            _ = stopping.changed() => return,
        }
        if let Err(e) = market::settle_due(&state).await {
            tracing::warn!("settling closed jobs failed: {e}");
        }
        if ticks.is_multiple_of(DIGEST_EVERY_TICKS)
            && let Err(e) = market::write_digests(&state).await
        {
            tracing::warn!("writing digests failed: {e}");
        }
        if ticks.is_multiple_of(REMINDER_EVERY_TICKS)
            && let Err(e) = market::write_on_time_reminders(&state).await
        {
            tracing::warn!("writing on-time reminders failed: {e}");
        }
        if ticks.is_multiple_of(PRUNE_EVERY_TICKS)
            && let Err(e) = crate::app::housekeeping::prune(&state).await
        {
            tracing::warn!("housekeeping failed: {e}");
        }
        if let Some(smtp) = state.smtp.clone()
            && let Err(e) = mailer::send_due(&state, &smtp).await
        {
            tracing::warn!("sending email failed: {e}");
        }
        ticks = ticks.wrapping_add(1);
        let now = state.clock.now();
        if demo_jobs && now >= next_demo_job {
            demo_seq += 1;
            let job = demo::live_job(now, demo_seq);
            match market::post_job(&state, job).await {
                Ok(posted) => tracing::info!("demo: posted {}", posted.reference),
                Err(e) => tracing::warn!("demo: posting a job failed: {e}"),
            }
            next_demo_job = now + chrono::Duration::seconds(demo_interval(now));
        }
    }
}
