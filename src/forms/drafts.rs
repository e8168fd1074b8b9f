//! The one place drafts are kept in the browser: keyed by partner and form, so on a shared
//! shop-floor tablet one partner never restores another's unsaved work, and emptied when a
//! partner logs out. Passwords and bank details are never drafts.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every key this store writes starts so.
const PREFIX: &str = "portal.draft.";
/// Where the settings page kept its draft before this store (not keyed by partner): removed on
/// logout so it cannot come back for anyone.
const OLD_CAPABILITIES_KEY: &str = "portal.capabilities.draft";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// One partner's drafts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DraftStore {
    partner_id: i64,
}

impl DraftStore {
    pub fn for_partner(partner_id: i64) -> DraftStore {
        DraftStore { partner_id }
    }

    /// The storage key of `form` ("shipping.12", "capabilities", ...).
    pub fn key(self, form: &str) -> String {
        format!("{PREFIX}{}.{form}", self.partner_id)
    }

    /// The kept draft of `form`, if there is one that still reads.
    pub fn load<T: DeserializeOwned>(self, form: &str) -> Option<T> {
        storage()?.get_item(&self.key(form)).ok().flatten().and_then(|s| serde_json::from_str(&s).ok())
    }

    pub fn save<T: Serialize>(self, form: &str, draft: &T) {
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(draft)) {
            let _ = s.set_item(&self.key(form), &json);
        }
    }

    /// Forgets `form`'s draft (sent, or discarded).
    pub fn clear(self, form: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&self.key(form));
        }
    }

    /// Forgets every draft on this device, of every partner: a partner logged out.
    pub fn clear_all() {
        let Some(s) = storage() else { return };
        let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect();
        for key in keys.iter().filter(|k| k.starts_with(PREFIX) || *k == OLD_CAPABILITIES_KEY) {
            let _ = s.remove_item(key);
        }
    }

    /// How many drafts this device keeps (all partners).
    pub fn count_all() -> usize {
        let Some(s) = storage() else { return 0 };
        (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).count()
    }
}
