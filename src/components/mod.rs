//! Shared UI pieces.

pub mod clock;
pub mod dialog;
pub mod icons;
pub mod shell;
pub mod status;
