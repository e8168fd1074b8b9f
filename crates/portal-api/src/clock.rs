//! The server's clock is a dependency, so tests and demos can fix or shift the time.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Where the server reads "now" from.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The real time, optionally shifted: `--now` starts the server at a chosen instant and lets
/// it run on from there, so countdowns still tick.
#[derive(Debug, Default)]
pub struct SystemClock {
    offset: Duration,
}

impl SystemClock {
    pub fn starting_at(start: DateTime<Utc>) -> SystemClock {
        SystemClock { offset: start - Utc::now() }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// A clock that stands still until told otherwise (tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
