//! Forms as typed: the text a partner typed, kept as it was typed, and the parsers that turn it
//! into the API's requests with a message for every field that is wrong. One file per form; the
//! SPA binds its fields to these drafts and shows the messages, the rules are the server's own.

pub mod counteroffer;
pub mod decline;
pub mod invoice;
pub mod login;
pub mod machine;
pub mod shipment;
