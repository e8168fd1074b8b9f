//! R-EMB-1: embed keys, and the board a key reads. A key reads only its partner's board, and
//! nothing else; it is checked on every request (a revoked key stops at once) and rate limited.

use std::collections::HashMap;
use std::sync::Mutex;

use portal_core::api::Board;
use portal_core::board::BoardQuery;
use portal_core::embed::{self, CreatedEmbedKey, EmbedBoard, EmbedKey, EmbedKeyList, EmbedTheme, NewEmbedKey};

use crate::AppState;
use crate::app::jobs::Page;
use crate::auth::{new_token, token_hash};
use crate::db;
use crate::error::{ApiError, ApiResult};

/// Requests one key may make per minute, from all its visitors together (a page view costs three:
/// the frame, the board, the live stream).
pub const PER_MINUTE: u32 = 300;

/// Each key's requests in the current minute.
#[derive(Default)]
pub struct Rate(Mutex<HashMap<i64, (i64, u32)>>);

impl Rate {
    /// Counts a request of `key` at `now` (seconds); refuses it past [`PER_MINUTE`] in the
    /// minute, saying when the next one is taken.
    pub fn take(&self, key: i64, now: i64) -> ApiResult<()> {
        let minute = now.div_euclid(60);
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        counts.retain(|_, (m, _)| *m == minute);
        let (_, used) = counts.entry(key).or_insert((minute, 0));
        if *used >= PER_MINUTE {
            return Err(ApiError::TooManyAttempts { retry_after_secs: (60 - now.rem_euclid(60)).max(1) as u64 });
        }
        *used += 1;
        Ok(())
    }
}

fn key_of(row: &db::embed_keys::Row) -> EmbedKey {
    EmbedKey {
        id: row.id,
        name: row.name.clone(),
        origins: row.origins(),
        show_prices: row.show_prices,
        theme: EmbedTheme::parse(&row.theme).unwrap_or(EmbedTheme::Auto),
        accent: row.accent.clone(),
        prefix: row.prefix.clone(),
        created_at: chrono::DateTime::from_timestamp(row.created_at, 0).unwrap_or_default(),
        last_used_at: row.last_used_at.and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
    }
}

/// A new key for the partner, checked; the key itself is answered this once.
pub async fn create(state: &AppState, partner_id: i64, new: &NewEmbedKey) -> ApiResult<CreatedEmbedKey> {
    let new = embed::check_new_key(new).map_err(ApiError::Invalid)?;
    let secret = format!("emb_{}", new_token());
    let prefix: String = secret.chars().take(10).collect();
    let origins = serde_json::to_string(&new.origins).map_err(ApiError::internal)?;
    let now = state.clock.now();
    let id = db::embed_keys::insert(
        &state.db.write,
        &db::embed_keys::NewKey {
            partner_id,
            name: &new.name,
            key_hash: &token_hash(&secret),
            prefix: &prefix,
            origins: &origins,
            show_prices: new.show_prices,
            theme: new.theme.slug(),
            accent: new.accent.as_deref(),
            created_at: now.timestamp(),
        },
    )
    .await?;
    let key = EmbedKey {
        id,
        name: new.name,
        origins: new.origins,
        show_prices: new.show_prices,
        theme: new.theme,
        accent: new.accent,
        prefix,
        created_at: chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
        last_used_at: None,
    };
    Ok(CreatedEmbedKey { key, secret })
}

pub async fn list(state: &AppState, partner_id: i64) -> ApiResult<EmbedKeyList> {
    let rows = db::embed_keys::of_partner(&state.db.read, partner_id).await?;
    Ok(EmbedKeyList { keys: rows.iter().map(key_of).collect() })
}

/// Revokes one of the partner's keys: its requests are refused from now on and its live
/// streams end.
pub async fn revoke(state: &AppState, partner_id: i64, id: i64) -> ApiResult<()> {
    let now = state.clock.now().timestamp();
    if !db::embed_keys::revoke(&state.db.write, partner_id, id, now).await? {
        return Err(ApiError::NotFound("embed key"));
    }
    state.events.embed_key_revoked(id);
    Ok(())
}

/// The live key `secret` names, counted against its rate; refused when unknown or revoked.
pub async fn key(state: &AppState, secret: &str) -> ApiResult<db::embed_keys::Row> {
    let row = db::embed_keys::live(&state.db.read, &token_hash(secret.trim()))
        .await?
        .ok_or(ApiError::BadCredentials("This embed key is not valid: it was revoked, or mistyped."))?;
    let now = state.clock.now().timestamp();
    state.embed_rate.take(row.id, now)?;
    // Its last use, kept to the minute: most requests write nothing.
    if row.last_used_at.is_none_or(|t| t <= now - 60) {
        db::embed_keys::touch(&state.db.write, row.id, now).await?;
    }
    Ok(row)
}

/// The key's partner's board as the embed shows it (R-EMB-1): the same jobs as its board in the
/// portal, without prices unless the key allows them.
pub async fn board(state: &AppState, key: &db::embed_keys::Row) -> ApiResult<EmbedBoard> {
    let json =
        crate::app::jobs::board(state, key.partner_id, &BoardQuery::default(), Page { offset: 0, limit: usize::MAX })
            .await?;
    let board: Board = serde_json::from_str(&json.0).map_err(ApiError::internal)?;
    let partner = db::partners::by_id(&state.db.read, key.partner_id).await?.ok_or(ApiError::NotFound("embed key"))?;
    let today = portal_core::market_clock::day(partner.currency(), board.server_time);
    let row = key_of(key);
    Ok(EmbedBoard {
        company: partner.company,
        jobs: embed::embed_jobs(&board, key.show_prices, today),
        theme: row.theme,
        accent: row.accent,
        origins: row.origins,
        server_time: board.server_time,
    })
}
