//! What moved the score in a week (issue 17): the chart marks the weeks in which a customer
//! rejected lines (an RMA), a job shipped late, or a job taken on was let go.

use serde::{Deserialize, Serialize};

use super::inputs::ScoreInputs;

/// The kind of an event on the score's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScoreEventKind {
    /// R-PSS-2: the customer rejected line items.
    Rma,
    /// R-PSS-3: a job's parts left after its lead time.
    Late,
    /// R-PSS-5: a job taken on was handed back or a won counteroffer not confirmed.
    LetGo,
}

/// One event, as the chart's readout says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreEvent {
    pub kind: ScoreEventKind,
    pub text: String,
}

/// The events between two days' inputs of one partner (`before` the earlier): lines newly
/// rejected, jobs newly shipped late, jobs newly let go.
pub fn events_between(before: &ScoreInputs, after: &ScoreInputs) -> Vec<ScoreEvent> {
    let mut events = Vec::new();
    for job in &after.jobs {
        let earlier = before.jobs.iter().find(|j| j.order_id == job.order_id);
        let rejected_before = earlier.map_or(0, |j| j.rejected_lines);
        if job.rejected_lines > rejected_before {
            let n = job.rejected_lines - rejected_before;
            events.push(ScoreEvent {
                kind: ScoreEventKind::Rma,
                text: format!(
                    "RMA: {n} of {} line{} of {} rejected",
                    job.lines,
                    if job.lines == 1 { "" } else { "s" },
                    job.label
                ),
            });
        }
        let newly_shipped = job.shipped_on.is_some() && earlier.is_none_or(|j| j.shipped_on.is_none());
        if newly_shipped && let Some(late) = job.days_late().filter(|d| *d > 0) {
            events.push(ScoreEvent {
                kind: ScoreEventKind::Late,
                text: format!("{} shipped {late} day{} late", job.label, if late == 1 { "" } else { "s" }),
            });
        }
    }
    for taken in &after.taken {
        if taken.let_go_by(after.as_of).is_some() && taken.let_go_by(before.as_of).is_none() {
            events.push(ScoreEvent { kind: ScoreEventKind::LetGo, text: format!("{} let go", taken.reference) });
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::inputs::JobOutcome;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn job(shipped: Option<u32>, rejected: u32) -> JobOutcome {
        JobOutcome {
            order_id: 7,
            label: "O-7".into(),
            lead_time: day(10),
            shipped_on: shipped.map(day),
            lines: 4,
            rejected_lines: rejected,
            check_ins: [None; 4],
            said_on_time: None,
        }
    }

    fn inputs(as_of: u32, jobs: Vec<JobOutcome>) -> ScoreInputs {
        ScoreInputs { as_of: day(as_of), jobs_taken: 1, jobs, taken: vec![] }
    }

    /// R-PSS-2, R-PSS-3: a week's RMA and late shipment are its events; nothing new, none.
    #[test]
    fn events_are_what_changed_in_the_week() {
        let before = inputs(7, vec![job(None, 0)]);
        let after = inputs(14, vec![job(Some(13), 1)]);
        let events = events_between(&before, &after);
        assert_eq!(events.iter().map(|e| e.kind).collect::<Vec<_>>(), [ScoreEventKind::Rma, ScoreEventKind::Late]);
        assert_eq!(events[0].text, "RMA: 1 of 4 lines of O-7 rejected");
        assert_eq!(events[1].text, "O-7 shipped 3 days late");
        assert!(events_between(&after, &inputs(21, vec![job(Some(13), 1)])).is_empty());
        // Shipped on time: no event.
        assert!(events_between(&before, &inputs(14, vec![job(Some(10), 0)])).is_empty());
    }
}
