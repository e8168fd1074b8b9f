//! The screen's size class as the stylesheet sees it, for the few layouts that change the order
//! of things (not just their look) between a laptop and a tablet.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The width at and below which the portal lays itself out for a tablet (the stylesheet's
/// `@media (max-width: 1000px)`).
const NARROW: &str = "(max-width: 1000px)";

/// True while the window is tablet-narrow; follows rotation and resizing.
pub fn narrow_screen() -> ReadSignal<bool> {
    let query = window().match_media(NARROW).ok().flatten();
    let narrow = RwSignal::new(query.as_ref().is_some_and(web_sys::MediaQueryList::matches));
    if let Some(query) = query {
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(q) = ev.target().and_then(|t| t.dyn_into::<web_sys::MediaQueryList>().ok()) {
                narrow.try_set(q.matches());
            }
        });
        let _ = query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new((query, listener));
        on_cleanup(move || {
            let (query, listener) = &*held;
            let _ = query.remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        });
    }
    narrow.read_only()
}
