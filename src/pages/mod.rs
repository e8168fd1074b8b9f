//! One module per route.

pub mod board;
pub mod counteroffers;
pub mod embed_keys;
pub mod job;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod orders;
pub mod payouts;
pub mod score;
pub mod settings;
pub mod store;
