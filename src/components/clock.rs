//! One ticking clock for every countdown: a signal that changes once a second, so only the
//! countdown texts update, never whole lists.

use std::time::Duration;

use leptos::prelude::*;

/// Seconds since the epoch by the server's clock (the device's clock corrected by the offset
/// the last API answer showed).
#[derive(Clone, Copy)]
pub struct TickingClock {
    now: RwSignal<i64>,
}

std::thread_local! {
    /// Server minus device, in seconds: set from every API answer (its `X-Server-Time`) and from
    /// the board's `server_time`, so day rules on any page count on the server's day.
    static OFFSET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

impl TickingClock {
    /// The current second (tracked: re-runs the reader every second).
    pub fn now(self) -> i64 {
        self.now.get() + OFFSET.with(std::cell::Cell::get)
    }

    /// Aligns with the server's clock, given the time it reported.
    pub fn sync_with_server(self, server_secs: i64) {
        note_server_time(server_secs);
    }
}

/// Notes the server's time, as an answer reported it; the clock reads it on its next tick.
pub fn note_server_time(server_secs: i64) {
    OFFSET.with(|o| o.set(server_secs - device_secs()));
}

fn device_secs() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let secs = (js_sys::Date::now() / 1000.0) as i64;
    secs
}

pub fn provide_ticking_clock() {
    let clock = TickingClock { now: RwSignal::new(device_secs()) };
    if let Ok(handle) = set_interval_with_handle(move || clock.now.set(device_secs()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    provide_context(clock);
}

pub fn expect_clock() -> TickingClock {
    expect_context::<TickingClock>()
}
