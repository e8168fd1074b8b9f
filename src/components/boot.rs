//! The static shell index.html paints before the wasm arrives (the frame and the board's head, or
//! the login card). The app keeps it on screen while it checks the session and removes it in the
//! same frame as it shows its first screen, so nothing jumps.

/// The static shell, while it is on the page.
fn element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("boot")
}

/// Whether the static shell is still showing.
pub fn showing() -> bool {
    element().is_some()
}

/// Removes the static shell: the app's first screen replaces it.
pub fn dismiss() {
    if let Some(boot) = element() {
        boot.remove();
    }
}
