//! The marketplace operator's API, behind `Authorization: Bearer <PORTAL_OPERATOR_TOKEN>`: every
//! route the operator token calls lives here, one file per subject. Partner routes are elsewhere.

pub mod invoices;
pub mod jobs;
pub mod score;
pub mod shipments;
pub mod store;
