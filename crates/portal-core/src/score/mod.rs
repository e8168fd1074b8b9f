//! The Partner Success Score (R-PSS-1..8) and the bonus it earns (R-JOB-7): one pure function
//! from a partner's job outcomes and a policy to a report. The browser runs it for previews and
//! the what-if page, the server for the official figure; both get the same inputs, so both get
//! the same answer.
//!
//! Every figure is held in tenths (one decimal) and computed with integers: sums do not depend
//! on the order of the jobs, and wasm and the host round alike.
//!
//! `policy` holds the decisions (weights, tiers, thresholds), `inputs` what the engine reads and
//! the what-if builders, `engine` the arithmetic (one function per component), `report` what it
//! answers and `explain` the words. Everything is re-exported here, so `score::X` paths hold.

mod engine;
mod events;
mod explain;
mod inputs;
mod policy;
mod report;
mod tenths;

/// Recording an RMA (reads the wire's `RmaRequest`; not re-exported here, so the wire can import
/// this module).
pub mod rma;

pub use engine::*;
pub use events::*;
pub use explain::*;
pub use inputs::*;
pub use policy::*;
pub use report::*;
pub use tenths::*;

#[cfg(test)]
mod tests;
