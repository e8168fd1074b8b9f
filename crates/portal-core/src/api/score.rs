//! The score's JSON beyond the engine's own types (`portal_core::score`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::score::Tenths;

/// One week of `GET /api/v1/score/history`: the score at the end of the week's last day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreWeek {
    pub week_ending: NaiveDate,
    pub pss: Tenths,
    pub provisional: bool,
    /// The bonus new jobs paid then, percent (0: none).
    pub bonus: Tenths,
    /// Jobs shipped in the window then: with none there is no score to draw (not a 100).
    #[serde(default)]
    pub jobs: u32,
    /// What moved the score that week (RMAs, late shipments, jobs let go).
    #[serde(default)]
    pub events: Vec<crate::score::ScoreEvent>,
}

/// `GET /api/v1/score/history`: the last 26 weeks, oldest first; the last one ends today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreHistory {
    pub weeks: Vec<ScoreWeek>,
}

/// `POST /api/v1/operator/orders/{id}/rma`: the customer rejected these line items (R-PSS-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RmaRequest {
    pub line_ids: Vec<i64>,
    pub reason: String,
}

/// The answer to an RMA: how many of the order's lines are rejected now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RmaRecorded {
    pub order_id: i64,
    pub rejected_lines: u32,
    pub lines: u32,
}

/// `PUT /api/v1/operator/shipments/{id}/ship-date`: the day a shipment actually left (R-PSS-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipDate {
    pub shipped_on: NaiveDate,
}
