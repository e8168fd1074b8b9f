//! The score engine (R-PSS-1..7, R-JOB-7): one pure function from a partner's inputs and a policy
//! to a report, built from one function per component. Integers only: sums do not depend on the
//! order of the jobs.

use chrono::NaiveDate;

use super::explain;
use super::inputs::{JobOutcome, LetGo, ScoreInputs, TakenJob};
use super::policy::{Component, ScorePolicy};
use super::report::{BonusStanding, ComponentScore, NoBonus, ScoreFact, ScoreReport};
use super::tenths::{Tenths, round_div, tenths};
use crate::money::Money;
use crate::order::CheckInQuestion;

/// R-PSS-1: whether a day falls in the window ending on `as_of` (today is day 1, so with 180
/// days a job shipped 179 days ago counts and one shipped 180 days ago does not). Days after
/// `as_of` (what-if outcomes) count too.
pub fn in_window(day: NaiveDate, as_of: NaiveDate, window_days: u32) -> bool {
    (as_of - day).num_days() < i64::from(window_days)
}

/// A fact not written out yet: the points it cost, whom it is about, a key that tells apart
/// what it would say, and what is needed to say it. Only the top few are ever written.
struct Candidate<'a, T> {
    points: u32,
    subject: &'a str,
    detail: u64,
    item: T,
}

/// How many facts a component shows.
const FACTS: usize = 3;

/// The facts that cost the most (at most `FACTS`), in an order that does not depend on the input's.
fn top_facts<T: Copy>(mut c: Vec<Candidate<'_, T>>, write: impl Fn(T) -> String) -> Vec<ScoreFact> {
    c.retain(|f| f.points > 0);
    let order = |a: &Candidate<'_, T>, b: &Candidate<'_, T>| {
        b.points.cmp(&a.points).then_with(|| a.subject.cmp(b.subject)).then_with(|| a.detail.cmp(&b.detail))
    };
    if c.len() > FACTS {
        c.select_nth_unstable_by(FACTS - 1, order);
        c.truncate(FACTS);
    }
    c.sort_by(order);
    c.into_iter()
        .map(|f| ScoreFact { subject: f.subject.to_owned(), what: write(f.item), points: Tenths(f.points) })
        .collect()
}

fn points(v: u64) -> u32 {
    tenths(v).0
}

/// A job in the window, with what the score needs of it worked out once.
struct Counted<'a> {
    job: &'a JobOutcome,
    late: i64,
    /// R-PSS-4: check-ins counted for it (0 when the on-time promise was broken).
    answered: u64,
}

/// One component worked out: its score, how many jobs (or decisions) it counts, and the facts
/// that cost it the most.
struct Measured {
    score: Tenths,
    counted: u64,
    facts: Vec<ScoreFact>,
}

/// R-PSS-1: the jobs that shipped in the window ending on `as_of`.
fn shipped_in_window<'a>(inputs: &'a ScoreInputs, policy: &ScorePolicy) -> Vec<Counted<'a>> {
    inputs
        .jobs
        .iter()
        .filter_map(|j| {
            let shipped = j.shipped_on?;
            in_window(shipped, inputs.as_of, policy.window_days).then(|| Counted {
                job: j,
                late: (shipped - j.lead_time).num_days(),
                answered: if j.broke_on_time_promise() { 0 } else { u64::from(j.check_ins_in_time()) },
            })
        })
        .collect()
}

fn count(shipped: &[Counted<'_>]) -> u64 {
    u64::try_from(shipped.len()).unwrap_or(u64::MAX)
}

/// R-PSS-2: a job's rejected lines (never more than it shipped).
fn rejected_of(j: &JobOutcome) -> u32 {
    j.rejected_lines.min(j.lines)
}

/// R-PSS-2: line items shipped in the window.
fn lines_shipped(shipped: &[Counted<'_>]) -> u64 {
    shipped.iter().map(|c| u64::from(c.job.lines)).sum()
}

/// R-PSS-2: line items rejected in the window.
fn lines_rejected(shipped: &[Counted<'_>]) -> u64 {
    shipped.iter().map(|c| u64::from(rejected_of(c.job))).sum()
}

/// R-PSS-2: quality, per line item: 100 minus the policy's penalty for each 1% of the shipped
/// lines the customer rejected (lines count, not parts).
fn quality(shipped: &[Counted<'_>], policy: &ScorePolicy) -> Measured {
    let lines = lines_shipped(shipped);
    let rma_points = |rej: u64| if lines == 0 { 0 } else { round_div(u64::from(policy.rma_penalty) * 10 * rej, lines) };
    let score = tenths(1000u64.saturating_sub(rma_points(lines_rejected(shipped))));
    let facts = top_facts(
        shipped
            .iter()
            .filter(|c| c.job.rejected_lines > 0)
            .map(|c| Candidate {
                points: points(rma_points(u64::from(rejected_of(c.job)))),
                subject: &c.job.label,
                detail: u64::from(rejected_of(c.job)) << 32 | u64::from(c.job.lines),
                item: (rejected_of(c.job), c.job.lines),
            })
            .collect(),
        |(rejected, lines)| explain::rma_fact(rejected, lines),
    );
    Measured { score, counted: count(shipped), facts }
}

/// R-PSS-3: on-time shipping: 100 times the average credit per job (1.00 when picked up by the
/// lead time, the policy's late credits after).
fn on_time(shipped: &[Counted<'_>], policy: &ScorePolicy) -> Measured {
    let n = count(shipped);
    let credits: u64 = shipped.iter().map(|c| u64::from(policy.late_credit(c.late))).sum();
    let score = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(credits, n)) };
    let facts = top_facts(
        shipped
            .iter()
            .filter(|c| c.late > 0)
            .map(|c| Candidate {
                points: points(round_div(u64::from(1000 - policy.late_credit(c.late)), n)),
                subject: &c.job.label,
                detail: c.late.unsigned_abs(),
                item: c.late,
            })
            .collect(),
        |late| explain::late_fact(late, policy.late_credit(late)),
    );
    Measured { score, counted: n, facts }
}

/// R-PSS-4: communication: the share of each job's check-ins answered in time; a job that was
/// said to ship on time and shipped late scores 0.
fn communication(shipped: &[Counted<'_>]) -> Measured {
    let n = count(shipped);
    let asked = CheckInQuestion::ALL.len() as u64;
    let said: u64 = shipped.iter().map(|c| c.answered).sum();
    let score = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * said, asked * n)) };
    let facts = top_facts(
        shipped
            .iter()
            .filter(|c| c.answered < asked)
            .map(|c| {
                let broke = c.job.broke_on_time_promise();
                Candidate {
                    points: points(round_div(1000 * (asked - c.answered), asked * n)),
                    subject: &c.job.label,
                    detail: u64::from(broke) << 40 | c.late.unsigned_abs() << 8 | c.answered,
                    item: (broke, c.late, c.answered),
                }
            })
            .collect(),
        |(broke, late, answered)| explain::check_in_fact(broke, late, answered, asked),
    );
    Measured { score, counted: n, facts }
}

/// R-PSS-5 (revised): engagement: the share of the jobs taken on in the window that were kept;
/// declining and ignoring cost nothing.
fn engagement(inputs: &ScoreInputs, policy: &ScorePolicy) -> Measured {
    let as_of = inputs.as_of;
    let taken: Vec<&TakenJob> = inputs
        .taken
        .iter()
        .filter(|t| t.taken_on <= as_of && in_window(t.taken_on, as_of, policy.window_days))
        .collect();
    let acted = u64::try_from(taken.len()).unwrap_or(u64::MAX);
    let kept = u64::try_from(taken.iter().filter(|t| t.let_go_by(as_of).is_none()).count()).unwrap_or(0);
    let score = if acted == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * kept, acted)) };
    let facts = top_facts(
        taken
            .iter()
            .filter_map(|t| {
                let how = t.let_go_by(as_of)?;
                Some(Candidate {
                    points: points(round_div(1000, acted)),
                    subject: &t.reference,
                    detail: u64::from(how == LetGo::HandedBack),
                    item: how,
                })
            })
            .collect(),
        explain::let_go_fact,
    );
    Measured { score, counted: acted, facts }
}

/// R-PSS-6: the PSS: the components weighted by the policy, with one decimal.
fn weighted_pss(scores: &[(Component, Tenths)], policy: &ScorePolicy) -> Tenths {
    let weighted: u64 = scores.iter().map(|(c, s)| u64::from(policy.weights.of(*c)) * u64::from(s.0)).sum();
    tenths(round_div(weighted, u64::from(policy.weights.total().max(1))))
}

/// The score engine (R-PSS-1..7, R-JOB-7): the report for `inputs` under `policy`.
pub fn score(inputs: &ScoreInputs, policy: &ScorePolicy) -> ScoreReport {
    let shipped = shipped_in_window(inputs, policy);
    let n = count(&shipped);
    let measured = [
        (Component::Quality, quality(&shipped, policy)),
        (Component::OnTime, on_time(&shipped, policy)),
        (Component::Communication, communication(&shipped)),
        (Component::Engagement, engagement(inputs, policy)),
    ];
    let pss = weighted_pss(&measured.each_ref().map(|(c, m)| (*c, m.score)), policy);
    let components = measured
        .into_iter()
        .map(|(component, m)| ComponentScore {
            component,
            score: m.score,
            weight: policy.weights.of(component),
            counted: u32::try_from(m.counted).unwrap_or(u32::MAX),
            facts: m.facts,
        })
        .collect();

    let lines = lines_shipped(&shipped);
    let rejected = lines_rejected(&shipped);
    let on_time_jobs = u64::try_from(shipped.iter().filter(|c| c.late <= 0).count()).unwrap_or(0);
    let jobs = u32::try_from(n).unwrap_or(u32::MAX);
    let provisional = jobs < policy.provisional_below_jobs;
    let ots = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * on_time_jobs, n)) };
    let rma_rate =
        if lines == 0 { Tenths(0) } else { Tenths(u32::try_from(round_div(1000 * rejected, lines)).unwrap_or(0)) };
    let exp = policy.expectations;
    ScoreReport {
        as_of: inputs.as_of,
        pss,
        provisional,
        jobs,
        components,
        ots,
        // Exact comparisons, not of the rounded figures: 95.04% is not above 95%.
        ots_meets_expectation: n == 0 || 1000 * on_time_jobs > u64::from(exp.ots_above.0) * n,
        rma_rate,
        rma_meets_expectation: 1000 * rejected < u64::from(exp.rma_below.0) * lines.max(1) || rejected == 0,
        lines_shipped: u32::try_from(lines).unwrap_or(u32::MAX),
        lines_rejected: u32::try_from(rejected).unwrap_or(u32::MAX),
        bonus: bonus_standing(pss, provisional, inputs.jobs_taken, policy),
    }
}

/// R-JOB-7 / R-PSS-7: the bonus on the partner's next job (its `jobs_taken + 1`th).
pub fn bonus_standing(pss: Tenths, provisional: bool, jobs_taken: u32, policy: &ScorePolicy) -> BonusStanding {
    let reached = policy.tier_for(pss);
    let next_tier = policy.tiers.iter().find(|t| t.min > pss).copied();
    let points_to_next = next_tier.map(|t| Tenths(t.min.0 - pss.0));
    let next_job = jobs_taken.saturating_add(1);
    let none_because = if next_job < policy.bonus_from_job {
        Some(NoBonus::TooFewJobs { jobs_to_go: policy.bonus_from_job - next_job })
    } else if provisional {
        Some(NoBonus::Provisional)
    } else if reached.is_none() {
        Some(NoBonus::BelowTiers)
    } else {
        None
    };
    let tier = if none_because.is_none() { reached } else { None };
    BonusStanding { percent: tier.map_or(Tenths(0), |t| t.bonus), tier, none_because, next_tier, points_to_next }
}

/// R-JOB-7: the bonus on a job's base price, rounded half up to the minor unit.
pub fn bonus_amount(base: Money, percent: Tenths) -> Money {
    let minor = u64::try_from(base.amount_minor).unwrap_or(0);
    let amount = round_div(minor * u64::from(percent.0), 1000);
    Money { amount_minor: i64::try_from(amount).unwrap_or(0), currency: base.currency }
}
