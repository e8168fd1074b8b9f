//! Issue 17: a field that takes the focus is never left under the sticky header or a form's
//! sticky button bar. Installed by the forms that have such a bar (the wizards, Settings), so
//! the board's first download does not carry it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Issue 17: a field that takes the focus is never left under the sticky header or a wizard's
/// sticky button bar: the page scrolls just enough to show it between them.
pub fn keep_focus_clear_of_sticky_bars() {
    // A field the partner clicks or touches is on screen already; scrolling under a pressed
    // pointer would move a button or a radio away before the press ends (a lost click).
    let pressed = std::rc::Rc::new(std::cell::Cell::new(false));
    let down = {
        let pressed = pressed.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| pressed.set(true))
    };
    let up = {
        let pressed = pressed.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| pressed.set(false))
    };
    let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::FocusEvent)>::new(move |ev: web_sys::FocusEvent| {
        if pressed.get() {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let doc = document();
        // A target inside a bar (its own buttons) is never covered by it.
        let bar_edge = |selector: &str, bottom: bool| -> Option<f64> {
            let bar = doc.query_selector(selector).ok().flatten()?;
            if bar.contains(Some(&target)) || bar.closest("dialog").ok().flatten().is_some() {
                return None;
            }
            let r = bar.get_bounding_client_rect();
            (r.height() > 0.0).then(|| if bottom { r.top() } else { r.bottom() })
        };
        if target.closest("dialog").ok().flatten().is_some() {
            return;
        }
        let top_edge = bar_edge(".app-header", false).unwrap_or(0.0).max(0.0);
        let viewport = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let bottom_edge = bar_edge(".form-actions", true).unwrap_or(viewport).min(viewport);
        let r = target.get_bounding_client_rect();
        // A field with its label: the label sits just above it.
        let margin = 12.0;
        if r.top() < top_edge + margin {
            window().scroll_by_with_x_and_y(0.0, r.top() - top_edge - margin * 3.0);
        } else if r.bottom() > bottom_edge - margin {
            window().scroll_by_with_x_and_y(0.0, r.bottom() - bottom_edge + margin);
        }
    });
    let doc = document();
    let _ = doc.add_event_listener_with_callback_and_bool("pointerdown", down.as_ref().unchecked_ref(), true);
    for kind in ["pointerup", "pointercancel"] {
        let _ = doc.add_event_listener_with_callback_and_bool(kind, up.as_ref().unchecked_ref(), true);
    }
    let _ = doc.add_event_listener_with_callback("focusin", handler.as_ref().unchecked_ref());
    // The listeners live as long as the logged-in frame.
    let held = send_wrapper::SendWrapper::new((handler, down, up));
    on_cleanup(move || {
        let doc = document();
        let (handler, down, up) = &*held;
        let _ = doc.remove_event_listener_with_callback("focusin", handler.as_ref().unchecked_ref());
        let _ = doc.remove_event_listener_with_callback_and_bool("pointerdown", down.as_ref().unchecked_ref(), true);
        for kind in ["pointerup", "pointercancel"] {
            let _ = doc.remove_event_listener_with_callback_and_bool(kind, up.as_ref().unchecked_ref(), true);
        }
    });
}
