//! Live updates: one `EventSource` on `/api/v1/events` while a partner is logged in. Pages watch
//! the counters it bumps and re-read what changed; the browser reconnects by itself, and a
//! reconnect bumps both counters, so nothing missed while offline stays missed.
//!
//! The stream's first `ready` is not a reconnect: the page read the board and the feed while the
//! stream was opening, so it re-reads only what it read before an event the stream will not send.
//! Both sides carry the server's counts (`ready`'s data, a read's `x-live-version` header), and a
//! read counted below `ready` (or by another server process) is behind.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;

/// Counters that change when the board or this partner's notifications changed on the server.
#[derive(Clone, Copy)]
pub struct Live {
    pub board: RwSignal<u64>,
    pub notifications: RwSignal<u64>,
    /// The number of unread notifications, for the navigation's badge.
    pub unread: RwSignal<u32>,
}

/// Opens the stream for the logged-in frame and provides [`Live`]; it closes when the frame goes.
pub fn provide_live() -> Live {
    let live = Live { board: RwSignal::new(0), notifications: RwSignal::new(0), unread: RwSignal::new(0) };
    provide_context(live);
    START.with_borrow_mut(|s| *s = Start { live: Some(live), ..Start::default() });
    let Ok(source) = web_sys::EventSource::new(&api::events_url()) else {
        return live;
    };
    let bump = |signals: Vec<RwSignal<u64>>| {
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            for s in &signals {
                s.update(|n| *n += 1);
            }
        })
    };
    let handlers: Vec<Handler> = vec![
        bump(vec![live.board]),
        bump(vec![live.notifications]),
        bump(vec![live.board, live.notifications]),
        Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let data = ev.dyn_into::<web_sys::MessageEvent>().ok().and_then(|m| m.data().as_string());
            note_ready(data.as_deref().unwrap_or_default());
        }),
    ];
    for (name, handler) in ["board", "notifications", "resync", "ready"].into_iter().zip(&handlers) {
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    let source = send_wrapper::SendWrapper::new(LiveSource { source, _handlers: handlers });
    on_cleanup(move || source.close());
    live
}

/// What the page read before the stream's first `ready`, and that `ready`.
#[derive(Default)]
struct Start {
    live: Option<Live>,
    /// The first `ready`: instance, board count, notifications count.
    ready: Option<[u64; 3]>,
    /// The oldest read of each kind (board, notifications) before it: instance and count
    /// (instance `u64::MAX` when reads came from two processes: behind whatever `ready` says).
    reads: [Option<[u64; 2]>; 2],
}

thread_local! {
    static START: RefCell<Start> = RefCell::default();
}

/// `n` numbers separated by spaces.
fn numbers<const N: usize>(text: &str) -> Option<[u64; N]> {
    let mut out = [0; N];
    let mut parts = text.split(' ');
    for n in &mut out {
        *n = parts.next()?.parse().ok()?;
    }
    Some(out)
}

fn bump_kind(live: Option<Live>, kind: usize, behind: bool) {
    if let (Some(live), true) = (live, behind) {
        [live.board, live.notifications][kind].update(|n| *n += 1);
    }
}

/// The stream's `ready` (`<instance> <board> <notifications>`): on the first, re-read each kind
/// read behind it; after a reconnect, re-read both.
pub fn note_ready(data: &str) {
    let ready = numbers::<3>(data).unwrap_or([u64::MAX; 3]);
    let (live, behind) = START.with_borrow_mut(|s| {
        let first = s.ready.replace(ready).is_none();
        let behind = |k: usize| !first || s.reads[k].is_some_and(|[i, n]| i != ready[0] || n < ready[k + 1]);
        let behind = [behind(0), behind(1)];
        s.reads = Default::default();
        (s.live, behind)
    });
    for (kind, behind) in behind.into_iter().enumerate() {
        bump_kind(live, kind, behind);
    }
}

/// A read's `x-live-version` (`board|notifications <instance> <count>`), noted by the API client.
pub fn note_read(header: &str) {
    let Some((name, rest)) = header.split_once(' ') else { return };
    let Some(kind) = ["board", "notifications"].iter().position(|k| *k == name) else { return };
    let Some([instance, count]) = numbers::<2>(rest) else { return };
    let (live, behind) = START.with_borrow_mut(|s| match s.ready {
        Some(ready) => (s.live, instance != ready[0] || count < ready[kind + 1]),
        None => {
            let oldest = s.reads[kind].get_or_insert([instance, count]);
            *oldest = [if oldest[0] == instance { instance } else { u64::MAX }, oldest[1].min(count)];
            (None, false)
        }
    });
    bump_kind(live, kind, behind);
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Keeps the stream and its handlers alive together until cleanup.
struct LiveSource {
    source: web_sys::EventSource,
    _handlers: Vec<Handler>,
}

impl LiveSource {
    fn close(&self) {
        self.source.close();
    }
}

pub fn expect_live() -> Live {
    expect_context::<Live>()
}
