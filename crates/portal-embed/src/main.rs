//! The embedded job board (R-EMB-1): a read-only list of a partner's current board, shown in an
//! iframe on the partner's own site. Its own small wasm: plain DOM calls, no framework, and
//! `portal-core` for the board's types, the host's style checks and the countdown's words.
//!
//! The frame's URL carries the key (`?key=`) and what the host set on the snippet (`font`,
//! `accent`, `radius`). It reads `/api/v1/embed/board` with the key, follows
//! `/api/v1/embed/events` (a new or departed job re-reads the board; a revoked key empties it),
//! counts the time left down every second, and tells its parent its height with `postMessage`,
//! addressed to the key's origins only (the browser delivers it to the one that is the parent).

use std::cell::RefCell;
use std::rc::Rc;

use portal_core::embed::{EmbedBoard, EmbedTheme, HostStyle};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, EventSource, HtmlElement, MessageEvent, Request, RequestInit, Response};

/// What the frame keeps between renders.
struct State {
    board: Option<EmbedBoard>,
    /// Server time minus the device's, in milliseconds.
    offset_ms: f64,
    revoked: bool,
    /// Whether the visitor asked for every job (the first [`FIRST`] are shown at first).
    all: bool,
}

/// Jobs shown before "Show all": a site's page stays a page, not the whole board.
const FIRST: usize = 10;

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        if run().await.is_err()
            && let Some(main) = document().get_element_by_id("board")
        {
            main.set_text_content(Some("The current jobs could not be loaded. Reload the page to try again."));
        }
    });
}

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// An element as a node, to append.
fn node(tag: &str, class: &str, text: &str) -> Result<web_sys::Node, JsValue> {
    el(tag, class, text).map(Into::into)
}

fn el(tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = document().create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

async fn run() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let params = web_sys::UrlSearchParams::new_with_str(&window.location().search()?)?;
    let key = params.get("key").unwrap_or_default();
    let host = HostStyle::parse(
        params.get("font").as_deref(),
        params.get("accent").as_deref(),
        params.get("radius").as_deref(),
    );
    let state = Rc::new(RefCell::new(State { board: None, offset_ms: 0.0, revoked: false, all: false }));
    load(&key, &state, &host).await?;
    report_height()?;

    // Live: the same events as the portal's board.
    let source = EventSource::new(&format!("/api/v1/embed/events?key={}", js_sys::encode_uri_component(&key)))?;
    let (k, s, h) = (key.clone(), state.clone(), host.clone());
    let on_board = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        let (k, s, h) = (k.clone(), s.clone(), h.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load(&k, &s, &h).await;
        });
    });
    source.add_event_listener_with_callback("board", on_board.as_ref().unchecked_ref())?;
    // After a lost connection the stream starts again (`ready` once more): read again what it
    // may have missed. The first `ready` follows the read just made.
    let (k, s, h) = (key.clone(), state.clone(), host.clone());
    let mut first = true;
    let on_ready = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        if std::mem::take(&mut first) {
            return;
        }
        let (k, s, h) = (k.clone(), s.clone(), h.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load(&k, &s, &h).await;
        });
    });
    source.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref())?;
    on_board.forget();
    on_ready.forget();
    let (s, src) = (state.clone(), source.clone());
    let on_revoked = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        src.close();
        s.borrow_mut().revoked = true;
        let _ = render_into(&s);
    });
    source.add_event_listener_with_callback("revoked", on_revoked.as_ref().unchecked_ref())?;
    on_revoked.forget();

    // The countdowns, every second.
    let s = state.clone();
    let tick = Closure::<dyn FnMut()>::new(move || {
        let _ = count_down(&s.borrow());
    });
    window.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000)?;
    tick.forget();

    // The height, whenever the content changes size.
    let resized = Closure::<dyn FnMut()>::new(|| {
        let _ = report_height();
    });
    let observer = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref())?;
    if let Some(body) = document().body() {
        observer.observe(&body);
    }
    resized.forget();
    Ok(())
}

/// Reads the board through the key and shows it; a refused key empties the frame.
async fn load(key: &str, state: &Rc<RefCell<State>>, host: &HostStyle) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    let headers = web_sys::Headers::new()?;
    headers.set("x-embed-key", key)?;
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init("/api/v1/embed/board", &init)?;
    let res: Response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()?;
    if res.status() == 401 {
        state.borrow_mut().revoked = true;
        return render_into(state);
    }
    if !res.ok() {
        // Keep what is shown (a busy key, a restart): the next event reads again.
        return Ok(());
    }
    let text = wasm_bindgen_futures::JsFuture::from(res.text()?).await?.as_string().unwrap_or_default();
    let board: EmbedBoard = serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))?;
    apply_style(&board, host)?;
    // The portal's own pages may show it too (the preview in Settings).
    let mut origins = board.origins.clone();
    origins.push(window.location().origin()?);
    ORIGINS.with(|o| *o.borrow_mut() = origins);
    {
        let mut s = state.borrow_mut();
        s.offset_ms = board.server_time.timestamp_millis() as f64 - js_sys::Date::now();
        s.board = Some(board);
    }
    render_into(state)
}

/// The key's theme and accent, then what the host set (checked by `HostStyle`).
fn apply_style(board: &EmbedBoard, host: &HostStyle) -> Result<(), JsValue> {
    let root: HtmlElement = document().document_element().ok_or("no root")?.dyn_into()?;
    root.dataset().set("theme", EmbedTheme::slug(board.theme))?;
    let style = root.style();
    if let Some(accent) = host.accent.as_ref().or(board.accent.as_ref()) {
        style.set_property("--accent", accent)?;
    }
    if let Some(font) = &host.font {
        style.set_property("--font", font)?;
    }
    if let Some(radius) = host.radius_px {
        style.set_property("--radius", &format!("{radius}px"))?;
    }
    Ok(())
}

fn render_into(state: &Rc<RefCell<State>>) -> Result<(), JsValue> {
    render(&state.borrow())?;
    let Some(more) = document().get_element_by_id("show-all") else { return Ok(()) };
    let s = state.clone();
    let show = Closure::<dyn FnMut()>::new(move || {
        s.borrow_mut().all = true;
        let _ = render_into(&s);
        // The focus stays in the list: on the first job it had not shown.
        if let Ok(Some(next)) = document().query_selector(&format!(".job:nth-child({}) a", FIRST + 1))
            && let Ok(next) = next.dyn_into::<HtmlElement>()
        {
            let _ = next.focus();
        }
    });
    more.add_event_listener_with_callback("click", show.as_ref().unchecked_ref())?;
    show.forget();
    Ok(())
}

fn render(state: &State) -> Result<(), JsValue> {
    let main = document().get_element_by_id("board").ok_or("no #board")?;
    main.set_inner_html("");
    main.set_attribute("aria-busy", "false")?;
    let Some(board) = state.board.as_ref().filter(|_| !state.revoked) else {
        let note = if state.revoked { "This board is no longer shared." } else { "" };
        main.append_child(&node("p", "note", note)?)?;
        return Ok(());
    };
    main.append_child(&node("h1", "", &format!("Current jobs at {}", board.company))?)?;
    if board.jobs.is_empty() {
        main.append_child(&node(
            "p",
            "note",
            "No open jobs right now. New jobs usually appear between 10:00 and 12:00 Eastern time.",
        )?)?;
        return Ok(());
    }
    let origin = web_sys::window().ok_or("no window")?.location().origin()?;
    let list = el("ul", "jobs", "")?;
    let shown = if state.all { board.jobs.len() } else { board.jobs.len().min(FIRST) };
    for job in &board.jobs[..shown] {
        let item = el("li", "job", "")?;
        let link = el("a", "", &job.part_name)?;
        link.set_attribute("href", &format!("{origin}/jobs/{}", job.id))?;
        link.set_attribute("target", "_blank")?;
        link.set_attribute("rel", "noopener")?;
        link.append_child(&node(
            "span",
            "visually-hidden",
            &format!(" ({}, opens the partner portal)", job.reference),
        )?)?;
        item.append_child(&link)?;
        let left = el("span", "left", "")?;
        left.set_attribute("data-closes", &job.closes_at.timestamp_millis().to_string())?;
        item.append_child(&left)?;
        let facts = el("p", "facts", "")?;
        let days = if job.lead_time_days == 1 { "day" } else { "days" };
        for fact in [
            job.process.label().to_owned(),
            job.material.label().to_owned(),
            format!("Quantity {}", job.quantity),
            format!("Lead time {} {days}", job.lead_time_days),
        ] {
            facts.append_child(&node("span", "", &fact)?)?;
        }
        item.append_child(&facts)?;
        if let Some(price) = job.price {
            let text = match &job.bonus {
                Some(b) => format!("{} + {} bonus = {}", price.display(), b.amount.display(), b.total.display()),
                None => price.display(),
            };
            item.append_child(&node("p", "money", &text)?)?;
        }
        list.append_child(&item)?;
    }
    main.append_child(&list)?;
    if shown < board.jobs.len() {
        let more = el("button", "more", &format!("Show all {} jobs", board.jobs.len()))?;
        more.set_attribute("type", "button")?;
        more.set_id("show-all");
        main.append_child(&more)?;
    }
    count_down(state)
}

/// Every countdown from its closing instant and the server's clock.
fn count_down(state: &State) -> Result<(), JsValue> {
    let now = js_sys::Date::now() + state.offset_ms;
    let spans = document().query_selector_all(".left")?;
    for i in 0..spans.length() {
        let Some(span) = spans.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let closes: f64 = span.get_attribute("data-closes").and_then(|c| c.parse().ok()).unwrap_or(0.0);
        span.set_text_content(Some(&portal_core::format::time_left(((closes - now) / 1000.0).floor() as i64)));
    }
    Ok(())
}

/// Tells the parent page the frame's height, addressed to the key's origins only.
fn report_height() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let Some(parent) = window.parent()? else { return Ok(()) };
    // The body's own height: the document's is at least the frame's, so it would never shrink.
    let height = document().body().map_or(0, |b| b.offset_height());
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"portal-embed:height".into())?;
    js_sys::Reflect::set(&message, &"height".into(), &height.into())?;
    let origins = ORIGINS.with(|o| o.borrow().clone());
    for origin in origins {
        parent.post_message(&message, &origin)?;
    }
    Ok(())
}

thread_local! {
    /// The key's origins, once the board is read.
    static ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}
