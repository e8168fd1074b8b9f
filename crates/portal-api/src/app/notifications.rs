//! The in-app feed and notification preferences (R-JOB-9).

use portal_core::api::{NotificationFeed, NotificationPrefs};

use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// How many notices the feed holds.
const FEED_LENGTH: u32 = 50;

/// R-JOB-9: the newest 50 notices and the number unread.
pub async fn feed(state: &AppState, partner_id: i64) -> ApiResult<NotificationFeed> {
    Ok(NotificationFeed {
        notifications: db::notifications::feed(&state.db.read, partner_id, FEED_LENGTH).await?,
        unread: db::notifications::unread(&state.db.read, partner_id).await?,
    })
}

/// Marks one of the partner's notices read (404 for another's) and answers the feed; the
/// partner's other tabs hear of it.
pub async fn mark_read(state: &AppState, partner_id: i64, id: i64) -> ApiResult<NotificationFeed> {
    if !db::notifications::mark_read(&state.db.write, partner_id, id, state.clock.now()).await? {
        return Err(ApiError::NotFound("notification"));
    }
    state.events.notified(&[partner_id]);
    feed(state, partner_id).await
}

/// Marks every notice of the partner read and answers the feed.
pub async fn mark_all_read(state: &AppState, partner_id: i64) -> ApiResult<NotificationFeed> {
    db::notifications::mark_all_read(&state.db.write, partner_id, state.clock.now()).await?;
    state.events.notified(&[partner_id]);
    feed(state, partner_id).await
}

/// Which notices and digests the partner wants.
pub async fn prefs(state: &AppState, partner_id: i64) -> ApiResult<NotificationPrefs> {
    Ok(db::notifications::prefs(&state.db.read, partner_id).await?)
}

/// Saves the partner's preferences (all three switches) and answers them.
pub async fn set_prefs(state: &AppState, partner_id: i64, prefs: NotificationPrefs) -> ApiResult<NotificationPrefs> {
    db::notifications::set_prefs(&state.db.write, partner_id, prefs).await?;
    Ok(prefs)
}
