//! API integration tests: a real server on port 0 with a fresh SQLite file per test.

mod bench;
mod board_cache;
mod common;
mod corpus;
mod demo;
mod email;
mod embed;
mod invoices;
mod jobs;
mod lifecycle;
mod limits;
mod market;
mod offers;
mod orders;
mod platform;
mod score;
mod session;
mod store;
mod store_cards;
