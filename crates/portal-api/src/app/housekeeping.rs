//! What the server forgets on its own (the worker runs it every few minutes): failed passwords
//! older than the throttling window, login addresses unused for a year, expired sessions, and
//! upload files left half-received by a crash.

use std::time::SystemTime;

use chrono::Duration;

use crate::AppState;
use crate::auth::FAILED_PASSWORD_WINDOW;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// How long an account remembers an address it logged in from (its owner is not slowed there).
pub const KNOWN_ADDRESS_KEPT: Duration = Duration::days(365);
/// An upload still being received after this long belongs to no request any more.
const INCOMING_KEPT: std::time::Duration = std::time::Duration::from_secs(3600);

/// What one pass forgot.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub login_failures: u64,
    pub login_addresses: u64,
    pub sessions: u64,
    pub incoming_files: u64,
}

pub async fn prune(state: &AppState) -> ApiResult<Pruned> {
    let now = state.clock.now();
    let (login_failures, login_addresses) =
        db::logins::prune(&state.db.write, db::ts(now - FAILED_PASSWORD_WINDOW), db::ts(now - KNOWN_ADDRESS_KEPT))
            .await?;
    let sessions = db::sessions::delete_expired(&state.db.write, db::ts(now)).await?;
    let mut incoming_files = 0;
    if let Ok(mut dir) = tokio::fs::read_dir(state.files.as_path()).await {
        while let Some(entry) = dir.next_entry().await.map_err(ApiError::internal)? {
            let path = entry.path();
            let old = entry
                .metadata()
                .await
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > INCOMING_KEPT);
            if old && path.extension().is_some_and(|e| e == "incoming") {
                tokio::fs::remove_file(&path).await.map_err(ApiError::internal)?;
                incoming_files += 1;
            }
        }
    }
    Ok(Pruned { login_failures, login_addresses, sessions, incoming_files })
}
