//! The application layer between `routes/` (HTTP) and `db/` (SQL): what a request needs worked
//! out from rows by `portal_core`'s rules, so routes only extract, call and respond.

pub mod embed;
pub mod files;
pub mod housekeeping;
pub mod idempotency;
pub mod inspect;
pub mod invoices;
pub mod jobs;
pub mod notifications;
pub mod orders;
pub mod partner;
pub mod score;
pub mod session;
pub mod shipments;
pub mod store;
