//! `GET /events`: server-sent events that tell the SPA when to refresh. **Decision**: SSE rather
//! than polling: a change reaches every open board within a second, idle boards cost one open
//! connection instead of a request every few seconds, and the browser's EventSource reconnects
//! by itself. The events carry no data: the SPA re-reads the board or the feed, so what it shows
//! always comes from the same rules as a first load. (Each event's data is its name: a browser
//! ignores an event without data.)
//!
//! The first event, `ready`, says where the counts of both kinds stood when the stream began
//! (`<instance> <board> <notifications>`, see `market::LiveVersions`): a page that read the board
//! or the feed at a lower count (its `x-live-version`) reads again; one that read at the same count
//! does not.
//!
//! Events: `board` (a job was posted, taken, withdrawn or left the boards) and `notifications`
//! (the caller has new or changed notices). The stream ends when the server stops.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::auth::CurrentPartner;
use crate::error::ApiResult;
use crate::market::LiveEvent;
use crate::routes::problems::NotLoggedIn;

/// Live updates for the caller, as `text/event-stream`.
#[utoipa::path(get, path = "/events", tag = "jobs",
    responses(
        (status = 200, description = "An event stream: `ready` (with the counts), then `board`, `notifications` and `resync` events", content_type = "text/event-stream"),
        NotLoggedIn,
    ))]
pub async fn events(
    State(state): State<AppState>,
    partner: CurrentPartner,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let rx = state.events.subscribe();
    let stopping = state.stopping.clone();
    let me = partner.id;
    // Read after subscribing: whatever it counts that this stream will not send happened before.
    let first = Event::default().event("ready").data(state.events.versions(me).ready_data());
    let stream = stream::unfold((rx, stopping, Some(first)), move |(mut rx, mut stopping, first)| async move {
        if let Some(event) = first {
            return Some((Ok(event), (rx, stopping, None)));
        }
        loop {
            let name = match next(&mut rx, &mut stopping).await? {
                Ok(LiveEvent::Board) => "board",
                Ok(LiveEvent::Notifications(p)) if p == me => "notifications",
                Ok(LiveEvent::Notifications(_) | LiveEvent::EmbedKeyRevoked(_)) => continue,
                // Missed some: refresh everything.
                Err(RecvError::Lagged(_)) => "resync",
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok(Event::default().event(name).data(name)), (rx, stopping, None)));
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// The next live event for a stream, or `None` once the server stops.
pub(crate) async fn next(
    rx: &mut tokio::sync::broadcast::Receiver<LiveEvent>,
    stopping: &mut tokio::sync::watch::Receiver<bool>,
) -> Option<Result<LiveEvent, RecvError>> {
    if *stopping.borrow() {
        return None;
    }
    tokio::select! {
        got = rx.recv() => Some(got),
        _ = stopping.changed() => None,
    }
}
