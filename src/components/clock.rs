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

/// The device's offset from UTC at `t`, in minutes (east positive), from the browser.
fn local_offset_minutes(t: chrono::DateTime<chrono::Utc>) -> i64 {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    #[allow(clippy::cast_possible_truncation)]
    let offset = -(date.get_timezone_offset() as i64);
    offset
}

/// The device's zone as an offset from Greenwich: `GMT-6`, `GMT+1`, `GMT+5:30`, `GMT`.
fn zone_name(offset_minutes: i64) -> String {
    let (h, m) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    match (offset_minutes, m) {
        (0, _) => "GMT".to_owned(),
        (_, 0) => format!("GMT{sign}{h}"),
        _ => format!("GMT{sign}{h}:{m:02}"),
    }
}

/// An instant's day in the device's time zone, in the portal's one date format (`Thu 3 Dec 2026`).
pub fn local_date(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t + chrono::Duration::minutes(local_offset_minutes(t));
    portal_core::format::date(local.date_naive())
}

/// An instant in the device's own time zone, with the zone, in the portal's one date format:
/// `Thu 3 Dec 2026, 09:05 GMT-6` (issue 17: every instant a partner reads, never UTC's wall
/// clock unless the device keeps it).
pub fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    let offset = local_offset_minutes(t);
    let local = t + chrono::Duration::minutes(offset);
    format!("{} {}", portal_core::format::date_time(local.naive_utc()), zone_name(offset))
}
