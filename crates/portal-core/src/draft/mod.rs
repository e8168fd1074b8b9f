//! Forms as the partner typed them, and their parsing into the requests the API takes. The SPA
//! keeps a draft while the partner types (and in the browser between visits); the functions here
//! turn its text into requests and name every field that needs fixing, with the same checks the
//! server runs on the request. One file per form.

pub mod counteroffer;
pub mod decline;
pub mod hand_back;
pub mod invoice;
pub mod login;
pub mod machine;
pub mod shipment;
pub mod store;

use crate::problem::FieldError;

/// Keeps only the rulebook's errors for fields the parsing has not already named: a number that
/// did not parse gets one message ("Enter a number"), not also "must be above zero".
fn add_unnamed(errors: &mut Vec<FieldError>, checked: Vec<FieldError>) {
    let named: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
    errors.extend(checked.into_iter().filter(|e| !named.contains(&e.field)));
}
