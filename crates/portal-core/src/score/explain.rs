//! The score in words: how each component is calculated, what the bonus is, and the facts that
//! cost points, as the score page shows them.

use super::inputs::LetGo;
use super::policy::{Component, ScorePolicy};
use super::report::{BonusStanding, NoBonus, ScoreReport};
use super::tenths::Tenths;

impl BonusStanding {
    /// What the bonus is, in a sentence.
    pub fn explain(&self, policy: &ScorePolicy) -> String {
        match (self.tier, self.none_because) {
            (Some(t), _) => format!("At {} or more your new jobs pay +{}%.", t.min.short(), t.bonus.short()),
            (None, Some(NoBonus::TooFewJobs { jobs_to_go })) => {
                format!("Bonuses start on your {} job: {} more to go.", ordinal(policy.bonus_from_job), jobs_to_go)
            }
            (None, Some(NoBonus::Provisional)) => "Your score is provisional, so new jobs pay no bonus yet.".to_owned(),
            (None, _) => match policy.tiers.first() {
                Some(t) => format!("From {} your new jobs pay +{}%.", t.min.short(), t.bonus.short()),
                None => "There are no bonuses at the moment.".to_owned(),
            },
        }
    }
}

impl BonusStanding {
    /// What the partner's next step towards a (higher) bonus is, if any. A score that earns no
    /// bonus yet (too few jobs, provisional) promises no tier; it names what comes first.
    pub fn next_step(&self, policy: &ScorePolicy) -> Option<String> {
        match self.none_because {
            Some(NoBonus::TooFewJobs { .. }) => None,
            Some(NoBonus::Provisional) => Some(format!(
                "Tiers count once your score settles, from {} shipped jobs in the last {} days.",
                policy.provisional_below_jobs, policy.window_days
            )),
            _ => self.next_tier.zip(self.points_to_next).map(|(t, pts)| {
                format!("{} more points reach {} and +{}%.", pts.text(), t.min.short(), t.bonus.short())
            }),
        }
    }
}

/// R-PSS-3: the two on-time figures side by side: OTS% counts the jobs picked up by their lead
/// time; the On-time component gives part credit for 1 to 5 days late, so it is the higher one
/// whenever a job was only a little late.
pub fn ots_versus_credit(report: &ScoreReport) -> String {
    let on_time = report.components.iter().find(|c| c.component == Component::OnTime).map_or(Tenths(0), |c| c.score);
    format!(
        "OTS {}% is the share of your jobs picked up by their lead time, all or nothing. The On-time part of \
         your score ({}) is the average credit per job: a job 1 to 5 days late still earns part of it, so it \
         is higher than OTS when jobs were only a little late.",
        report.ots.text(),
        on_time.text()
    )
}

/// `1st`, `2nd`, `3rd`, `4th`, ...
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The plain-words rule behind a component, for the score page.
pub fn how_calculated(c: Component, policy: &ScorePolicy) -> String {
    match c {
        Component::Quality => format!(
            "100 minus {} points for each 1% of shipped line items the customer rejected (RMA). Lines count, not \
             parts: 1 rejected line of 4 is a 25% hit for that job.",
            policy.rma_penalty / 100
        ),
        Component::OnTime => {
            let credits: Vec<String> =
                policy.late_credits.iter().map(|c| format!("{}.{:02}", c / 1000, (c % 1000) / 10)).collect();
            format!(
                "Each job earns a credit: 1.00 when its parts are picked up by its lead time, then {} for 1 to {} \
                 days late, and 0 after. The pickup counts (the carrier's scan, else your “Shipped” check-in), not \
                 the day shipping information was published. The score is 100 times the average credit.",
                credits.join(", "),
                credits.len()
            )
        }
        Component::Communication => "Each job scores the share of its 4 check-ins answered in time. A job you said \
             would ship on time that then shipped late scores 0."
            .to_owned(),
        Component::Engagement => "The share of the jobs you took on (accepted from the board, or won with a \
             counteroffer) that you kept: not handed back, and a won counteroffer confirmed within 2 days. Declining \
             or ignoring a job never costs anything."
            .to_owned(),
    }
}

pub(super) fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// R-PSS-2: a job with rejected lines.
pub(super) fn rma_fact(rejected: u32, lines: u32) -> String {
    format!("{rejected} of {} rejected (RMA)", plural(lines, "line", "lines"))
}

/// R-PSS-3: a job shipped late, with the credit it earned (in thousandths).
pub(super) fn late_fact(days_late: i64, credit: u32) -> String {
    format!(
        "Shipped {} late: credit {}.{:02}",
        plural(u32::try_from(days_late).unwrap_or(u32::MAX), "day", "days"),
        credit / 1000,
        (credit % 1000) / 10
    )
}

/// R-PSS-4: a job whose check-ins were not all answered in time, or whose on-time promise broke.
pub(super) fn check_in_fact(broke_promise: bool, days_late: i64, answered: u64, asked: u64) -> String {
    if broke_promise {
        format!(
            "Said it would ship on time, shipped {} late",
            plural(u32::try_from(days_late).unwrap_or(0), "day", "days")
        )
    } else {
        format!("{answered} of {asked} check-ins answered in time")
    }
}

/// R-PSS-5: a job taken on and not kept.
pub(super) fn let_go_fact(how: LetGo) -> String {
    how.label().to_owned()
}
