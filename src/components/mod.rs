//! Shared UI pieces.

pub mod boot;
pub mod brand;
pub mod clock;
pub mod dialog;
pub mod icons;
pub mod live;
pub mod media;
pub mod relogin;
pub mod score;
pub mod shell;
pub mod status;
