//! One module per route.

pub mod board;
pub mod login;
pub mod not_found;
pub mod orders;
