//! The partner portal's rulebook. Compiled into the browser (instant feedback) and the server
//! (authoritative). No I/O, no clock, no randomness: callers pass `now` and ids in.

pub mod account;
pub mod api;
pub mod barcode;
pub mod board;
pub mod capability;
pub mod draft;
pub mod eastern;
pub mod embed;
pub mod format;
pub mod invoice;
pub mod job;
pub mod market_clock;
pub mod money;
pub mod offer;
pub mod order;
pub mod probation;
pub mod problem;
pub mod score;
pub mod shipping;
pub mod supplies;
pub mod units;
pub mod upload;
pub mod wire;

pub use money::{Currency, Money};
