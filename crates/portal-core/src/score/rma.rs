//! R-PSS-2: the marketplace recording a customer's rejection (RMA) of an order's lines. Reads the
//! wire's `RmaRequest`, so it lives apart from `score`, which the wire imports.

use crate::api::RmaRequest;
use crate::problem::FieldError;

/// R-PSS-2: what is wrong with an RMA for an order whose lines are `order_lines`.
pub fn validate_rma(req: &RmaRequest, order_lines: &[i64], order_number: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if req.line_ids.is_empty() {
        errors.push(FieldError::new("line_ids", "required", "Name at least one rejected line."));
    }
    if let Some(other) = req.line_ids.iter().find(|l| !order_lines.contains(l)) {
        errors.push(FieldError::new(
            "line_ids",
            "not_on_order",
            format!("Line {other} is not a line of order {order_number}."),
        ));
    }
    if req.reason.trim().is_empty() {
        errors.push(FieldError::new("reason", "required", "Say why the customer rejected the lines."));
    }
    errors
}
