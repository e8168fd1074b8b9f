//! The screen's size class as the stylesheet sees it, for the few layouts that change the order
//! of things (not just their look) between a laptop and a tablet.

/// The width at and below which the portal lays itself out for a tablet (the stylesheet's
/// `@media (max-width: 1000px)`).
const NARROW: &str = "(max-width: 1000px)";

/// Whether the window is tablet-narrow now. Read once when a page is built, on purpose: laying
/// a page out again on a resize or a rotation would rebuild its sections and lose what is open
/// or typed in them.
pub fn is_narrow() -> bool {
    leptos::prelude::window().match_media(NARROW).ok().flatten().is_some_and(|q| q.matches())
}
