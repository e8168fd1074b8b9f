//! One ticking clock for every countdown: a signal that changes once a second, so only the
//! countdown texts update, never whole lists.

use std::time::Duration;

use leptos::prelude::*;

/// Seconds since the epoch by the server's clock (the device's clock corrected by the offset
/// the last API answer showed).
#[derive(Clone, Copy)]
pub struct TickingClock {
    now: RwSignal<i64>,
    offset: RwSignal<i64>,
}

impl TickingClock {
    /// The current second (tracked: re-runs the reader every second).
    pub fn now(self) -> i64 {
        self.now.get() + self.offset.get()
    }

    /// Aligns with the server's clock, given the time it reported.
    pub fn sync_with_server(self, server_secs: i64) {
        self.offset.set(server_secs - device_secs());
    }
}

fn device_secs() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let secs = (js_sys::Date::now() / 1000.0) as i64;
    secs
}

pub fn provide_ticking_clock() {
    let clock = TickingClock { now: RwSignal::new(device_secs()), offset: RwSignal::new(0) };
    if let Ok(handle) = set_interval_with_handle(move || clock.now.set(device_secs()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    provide_context(clock);
}

pub fn expect_clock() -> TickingClock {
    expect_context::<TickingClock>()
}
