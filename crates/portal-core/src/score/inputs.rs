//! What the score is computed from (R-PSS-1..5, R-PSS-8): a partner's job outcomes and the jobs
//! it took on, and the what-if builders that change them as the partner would (`with_*`,
//! `what_if`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::capability::labelled_enum;
use crate::order::CheckInQuestion;

/// One job (an order) as the score sees it. A job counts once it has shipped (every part).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobOutcome {
    /// The order's id; 0 for a job made up on the what-if page.
    pub order_id: i64,
    /// What partners call it: the order number, or a name on the what-if page.
    pub label: String,
    /// R-ORD-1: the date the job had to ship by.
    pub lead_time: NaiveDate,
    /// The day the last part shipped; `None` while it has not (then it does not count yet).
    pub shipped_on: Option<NaiveDate>,
    /// Line items shipped (R-PSS-2 counts lines, not parts).
    pub lines: u32,
    /// Line items the customer rejected (RMA).
    pub rejected_lines: u32,
    /// When each check-in was answered, in the order of `CheckInQuestion::ALL`.
    pub check_ins: [Option<NaiveDate>; 4],
    /// The answer to "Will it ship on time?", when given.
    pub said_on_time: Option<bool>,
}

impl JobOutcome {
    /// R-PSS-3: days between the lead time and the ship date (negative when early).
    pub fn days_late(&self) -> Option<i64> {
        self.shipped_on.map(|s| (s - self.lead_time).num_days())
    }

    /// R-PSS-4: how many of the four check-ins were answered in time, for a shipped job.
    /// The first three are due by the day the job ships. "Will it ship on time?" opens two days
    /// before the lead time and is due by the lead time (or the ship date, when earlier); a job
    /// that shipped before it opened was never asked, and that counts as answered.
    pub fn check_ins_in_time(&self) -> u32 {
        let Some(shipped) = self.shipped_on else { return 0 };
        let mut n = 0;
        for (q, answered) in CheckInQuestion::ALL.iter().zip(self.check_ins) {
            let in_time = match q.opens_on(self.lead_time) {
                Some(opens) if shipped < opens => true,
                Some(_) => answered.is_some_and(|a| a <= shipped.min(self.lead_time)),
                None => answered.is_some_and(|a| a <= shipped),
            };
            n += u32::from(in_time);
        }
        n
    }

    /// What-if (issue 17): the fewest days late an open job can still ship, shipping today at
    /// the earliest: 0 until its lead time has passed.
    pub fn min_days_late(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.lead_time).num_days().max(0)
    }

    /// R-ORD-4 (revised): whether a check-in not answered yet can still be answered in time.
    pub fn check_ins_still_open(&self, as_of: NaiveDate) -> bool {
        CheckInQuestion::ALL.iter().zip(self.check_ins).any(|(q, a)| a.is_none() && q.due_on(self.lead_time) >= as_of)
    }

    /// R-PSS-4: said "yes, it will ship on time" and then shipped late.
    pub fn broke_on_time_promise(&self) -> bool {
        self.said_on_time == Some(true) && self.days_late().is_some_and(|d| d > 0)
    }
}

labelled_enum!(
    /// R-PSS-5 (revised): how the partner took a job on by its own word.
    TakenBy {
        Board => ("board", "Accepted from the board"),
        Counteroffer => ("counteroffer", "Won with a counteroffer"),
    }
);

labelled_enum!(
    /// R-PSS-5 (revised): how a job taken on was not kept.
    LetGo {
        HandedBack => ("handed_back", "Handed back"),
        NotConfirmed => ("not_confirmed", "Won counteroffer not confirmed within 2 days"),
    }
);

/// R-PSS-5 (revised): a job the partner took on, and whether it kept it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakenJob {
    /// The job's reference (`J-24001`) or order number, or a name on the what-if page.
    pub reference: String,
    pub taken_on: NaiveDate,
    pub taken_by: TakenBy,
    /// The day it stopped being kept, and how; `None` while it is kept.
    pub let_go: Option<(NaiveDate, LetGo)>,
}

impl TakenJob {
    /// Whether it was let go by the end of `as_of`.
    pub fn let_go_by(&self, as_of: NaiveDate) -> Option<LetGo> {
        self.let_go.filter(|(on, _)| *on <= as_of).map(|(_, how)| how)
    }
}

/// R-PSS-5 (revised): a won counteroffer is kept when production is confirmed within this many
/// days of the award.
pub const CONFIRM_WON_COUNTEROFFER_DAYS: u64 = 2;

/// `GET /api/v1/score/inputs`: exactly what the engine gets, so the browser can recompute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreInputs {
    /// The day the score is for, on the marketplace's clock.
    pub as_of: NaiveDate,
    /// Every job the partner has taken so far, shipped or not (R-JOB-7 counts them).
    pub jobs_taken: u32,
    /// Shipped jobs, and open ones (not counted until they ship; the what-if page uses them).
    pub jobs: Vec<JobOutcome>,
    /// R-PSS-5 (revised): the jobs taken on by the partner's own word. Declines and ignored jobs
    /// are not here: they never lower the score.
    pub taken: Vec<TakenJob>,
}

/// An outcome tried on the what-if page for one of the partner's jobs (R-PSS-8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    pub order_id: i64,
    /// Days after the lead time it ships (0: on time).
    pub days_late: i64,
    pub rejected_lines: u32,
    /// The answer to "Will it ship on time?" (kept as answered when `None` and already given).
    pub said_on_time: Option<bool>,
    /// Answer the check-ins not answered yet, in time.
    pub answer_the_rest: bool,
}

/// A job the partner has not taken yet, tried on the what-if page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraJob {
    pub lines: u32,
    pub rejected_lines: u32,
    pub days_late: i64,
    pub check_ins_answered: bool,
    pub said_on_time: Option<bool>,
}

impl ScoreInputs {
    /// The partner takes a job on today (the accept preview).
    pub fn with_taken(&self, reference: &str, taken_by: TakenBy) -> ScoreInputs {
        let mut next = self.clone();
        next.taken.push(TakenJob { reference: reference.to_owned(), taken_on: self.as_of, taken_by, let_go: None });
        next.jobs_taken += 1;
        next
    }

    /// The partner hands an order back today (the hand-back preview).
    pub fn with_handed_back(&self, reference: &str) -> ScoreInputs {
        let mut next = self.clone();
        if let Some(t) = next.taken.iter_mut().find(|t| t.reference == reference) {
            t.let_go = Some((self.as_of, LetGo::HandedBack));
        }
        next
    }

    /// The partner answers "Will it ship on time?" for an order today.
    pub fn with_on_time_answer(&self, order_id: i64, yes: bool) -> ScoreInputs {
        let mut next = self.clone();
        if let Some(job) = next.jobs.iter_mut().find(|j| j.order_id == order_id) {
            job.check_ins[3] = Some(self.as_of);
            job.said_on_time = Some(yes);
        }
        next
    }

    /// An order's last parts ship on `shipped_on` (the shipping wizard's preview).
    pub fn with_shipped(&self, order_id: i64, shipped_on: NaiveDate) -> ScoreInputs {
        let mut next = self.clone();
        if let Some(job) = next.jobs.iter_mut().find(|j| j.order_id == order_id) {
            job.shipped_on = Some(shipped_on);
        }
        next
    }

    /// The what-if page: outcomes for some of the partner's jobs, and jobs not taken yet.
    pub fn what_if(&self, changes: &[WhatIf], extra: &[ExtraJob]) -> ScoreInputs {
        let mut next = self.clone();
        for change in changes {
            let Some(job) = next.jobs.iter_mut().find(|j| j.order_id == change.order_id) else { continue };
            // Issue 17: from the real state: an open job ships today at the earliest, so an
            // order past its lead time is late by at least the days gone.
            let days_late = change.days_late.max(job.min_days_late(self.as_of));
            let shipped = job.lead_time + chrono::Duration::days(days_late);
            job.shipped_on = Some(shipped);
            job.rejected_lines = change.rejected_lines.min(job.lines);
            // A tried answer is given today (never in the past), before the parts leave.
            let answer_day = self.as_of.min(shipped);
            if let Some(said) = change.said_on_time {
                job.said_on_time = Some(said);
                job.check_ins[3] = Some(job.check_ins[3].unwrap_or(answer_day).min(answer_day));
            }
            if change.answer_the_rest {
                // R-ORD-4 (revised): only check-ins whose deadline has not passed can still be
                // answered in time.
                let lead_time = job.lead_time;
                for (i, (q, answered)) in CheckInQuestion::ALL.iter().zip(job.check_ins.iter_mut()).enumerate() {
                    if answered.is_none() && q.due_on(lead_time) >= self.as_of && (i < 3 || job.said_on_time.is_some())
                    {
                        *answered = Some(answer_day);
                    }
                }
            }
        }
        for (n, e) in extra.iter().enumerate() {
            let shipped = self.as_of;
            let lead = shipped - chrono::Duration::days(e.days_late);
            let label = format!("New job {}", n + 1);
            let answer = e.check_ins_answered.then_some(shipped.min(lead));
            let mut check_ins = [answer; 4];
            if e.said_on_time.is_some() {
                check_ins[3] = Some(shipped.min(lead));
            }
            next.jobs.push(JobOutcome {
                order_id: 0,
                label: label.clone(),
                lead_time: lead,
                shipped_on: Some(shipped),
                lines: e.lines.max(1),
                rejected_lines: e.rejected_lines.min(e.lines.max(1)),
                check_ins,
                said_on_time: e.said_on_time,
            });
            next.taken.push(TakenJob {
                reference: label,
                taken_on: self.as_of,
                taken_by: TakenBy::Board,
                let_go: None,
            });
            next.jobs_taken += 1;
        }
        next
    }
}
