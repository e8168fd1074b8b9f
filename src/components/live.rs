//! Live updates: one `EventSource` on `/api/v1/events` while a partner is logged in. Pages watch
//! the counters it bumps and re-read what changed; the browser reconnects by itself, and a
//! reconnect bumps both counters, so nothing missed while offline stays missed.

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
        // A reconnect after a drop: re-read both (the first open needs nothing new, but it is cheap).
        bump(vec![live.board, live.notifications]),
    ];
    for (name, handler) in ["board", "notifications", "resync", "open"].into_iter().zip(&handlers) {
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    let source = send_wrapper::SendWrapper::new(LiveSource { source, _handlers: handlers });
    on_cleanup(move || source.close());
    live
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
