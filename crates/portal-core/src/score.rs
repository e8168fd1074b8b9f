//! The Partner Success Score (R-PSS-1..8) and the bonus it earns (R-JOB-7): one pure function
//! from a partner's job outcomes and a policy to a report. The browser runs it for previews and
//! the what-if page, the server for the official figure; both get the same inputs, so both get
//! the same answer.
//!
//! Every figure is held in tenths (one decimal) and computed with integers: sums do not depend
//! on the order of the jobs, and wasm and the host round alike.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::capability::labelled_enum;
use crate::money::Money;
use crate::order::CheckInQuestion;

/// Recording an RMA (reads the wire's `RmaRequest`; not re-exported here, so the wire can import
/// this module).
pub mod rma;

/// A score or a percentage with one decimal, held as tenths (`873` is 87.3). On the wire it is a
/// JSON number with one decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub u32);

impl Tenths {
    pub const HUNDRED: Tenths = Tenths(1000);

    pub const fn whole(n: u32) -> Tenths {
        Tenths(n * 10)
    }

    /// `87.3`, `100.0`.
    pub fn text(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }

    /// `87.3`, `4` (no `.0` for whole numbers: percentages of a bonus read better).
    pub fn short(self) -> String {
        if self.0.is_multiple_of(10) { (self.0 / 10).to_string() } else { self.text() }
    }

    /// The difference to `other` with its sign, for "what changes": `+1.5`, `-12.0`, `±0.0`.
    pub fn change_to(self, other: Tenths) -> String {
        match other.0.cmp(&self.0) {
            std::cmp::Ordering::Greater => format!("+{}", Tenths(other.0 - self.0).text()),
            std::cmp::Ordering::Less => format!("−{}", Tenths(self.0 - other.0).text()),
            std::cmp::Ordering::Equal => "±0.0".to_owned(),
        }
    }
}

impl Serialize for Tenths {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tenths, D::Error> {
        let v = f64::deserialize(d)?;
        let tenths = (v * 10.0).round();
        if !(0.0..=f64::from(u32::MAX)).contains(&tenths) || (tenths - v * 10.0).abs() > 1e-6 {
            return Err(serde::de::Error::custom("expected a number from 0 with at most one decimal"));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(Tenths(tenths as u32))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Tenths {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .description(Some("A figure with one decimal, e.g. 87.3"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Tenths {}

/// `a / b` rounded half up, for non-negative figures; `b` must not be 0.
fn round_div(a: u64, b: u64) -> u64 {
    (2 * a + b) / (2 * b)
}

fn tenths(v: u64) -> Tenths {
    Tenths(u32::try_from(v.min(1000)).unwrap_or(1000))
}

labelled_enum!(
    /// The four parts of the score (R-PSS-2..5).
    Component {
        Quality => ("quality", "Quality"),
        OnTime => ("on_time", "On-time shipping"),
        Communication => ("communication", "Communication"),
        Engagement => ("engagement", "Engagement"),
    }
);

/// R-PSS-6: how much each component weighs, in percent (they add up to 100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Weights {
    pub quality: u32,
    pub on_time: u32,
    pub communication: u32,
    pub engagement: u32,
}

impl Weights {
    pub fn of(&self, c: Component) -> u32 {
        match c {
            Component::Quality => self.quality,
            Component::OnTime => self.on_time,
            Component::Communication => self.communication,
            Component::Engagement => self.engagement,
        }
    }

    fn total(&self) -> u32 {
        self.quality + self.on_time + self.communication + self.engagement
    }
}

/// R-PSS-7: from `min` points up to the next tier, new jobs pay `bonus` percent of the base price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BonusTier {
    pub min: Tenths,
    pub bonus: Tenths,
}

/// What the marketplace expects of a partner (shown beside the partner's own figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expectations {
    /// OTS% above this.
    pub ots_above: Tenths,
    /// RMA rate (percent of shipped lines) below this.
    pub rma_below: Tenths,
}

/// Everything about the score that is a decision rather than arithmetic: data the server stores
/// and serves (`GET /score/policy`). The defaults are DOMAIN.md's decisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorePolicy {
    /// R-PSS-1: jobs shipped in the last this many days count (today included).
    pub window_days: u32,
    /// R-PSS-1: with fewer jobs than this in the window the score is provisional.
    pub provisional_below_jobs: u32,
    pub weights: Weights,
    /// R-PSS-3: the credit, in thousandths, for 1, 2, ... days late; from one past the end, 0.
    pub late_credits: Vec<u32>,
    /// R-PSS-2: points of quality lost per 1.0 of RMA rate (1000: 1% costs 10 points).
    pub rma_penalty: u32,
    /// R-PSS-7, in ascending order of `min`.
    pub tiers: Vec<BonusTier>,
    /// R-JOB-7: the first job (counting every job the partner has taken) that pays a bonus.
    pub bonus_from_job: u32,
    pub expectations: Expectations,
}

impl Default for ScorePolicy {
    fn default() -> ScorePolicy {
        let tier = |min, bonus| BonusTier { min: Tenths::whole(min), bonus: Tenths::whole(bonus) };
        ScorePolicy {
            window_days: 180,
            provisional_below_jobs: 3,
            weights: Weights { quality: 40, on_time: 30, communication: 15, engagement: 15 },
            late_credits: vec![800, 600, 450, 300, 150],
            rma_penalty: 1000,
            tiers: vec![tier(80, 2), tier(85, 4), tier(90, 6), tier(95, 8)],
            bonus_from_job: 4,
            expectations: Expectations { ots_above: Tenths::whole(95), rma_below: Tenths::whole(1) },
        }
    }
}

impl ScorePolicy {
    /// What is wrong with a policy, in words; empty when it can be used.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.weights.total() != 100 {
            out.push(format!("The weights add up to {}, not 100.", self.weights.total()));
        }
        if self.window_days == 0 {
            out.push("The window must be at least one day.".to_owned());
        }
        if self.late_credits.iter().any(|&c| c > 1000) || self.late_credits.windows(2).any(|w| w[1] > w[0]) {
            out.push("Late credits are thousandths that never rise with more days late.".to_owned());
        }
        if self.tiers.windows(2).any(|w| w[1].min <= w[0].min) || self.tiers.iter().any(|t| t.min > Tenths::HUNDRED) {
            out.push("Bonus tiers must rise, each from a score of at most 100.".to_owned());
        }
        out
    }

    /// R-PSS-3: the credit, in thousandths, for a job shipped `days_late` days after its lead time.
    pub fn late_credit(&self, days_late: i64) -> u32 {
        if days_late <= 0 {
            return 1000;
        }
        usize::try_from(days_late - 1).ok().and_then(|i| self.late_credits.get(i)).copied().unwrap_or(0)
    }

    /// R-PSS-7: the tier a score reaches, if any.
    pub fn tier_for(&self, pss: Tenths) -> Option<BonusTier> {
        self.tiers.iter().rev().find(|t| pss >= t.min).copied()
    }
}

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

/// Something that moved a component, with the points of that component it cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreFact {
    /// The order number or job reference.
    pub subject: String,
    pub what: String,
    pub points: Tenths,
}

/// One component of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentScore {
    pub component: Component,
    pub score: Tenths,
    /// Percent of the PSS.
    pub weight: u32,
    /// How many jobs (or decisions, for engagement) it is computed from.
    pub counted: u32,
    /// The facts that cost it the most points, most first (at most three).
    pub facts: Vec<ScoreFact>,
}

/// Why a new job pays no bonus now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NoBonus {
    /// R-JOB-7: bonuses start on the partner's `bonus_from_job`th job.
    TooFewJobs { jobs_to_go: u32 },
    /// R-PSS-1: a provisional score earns no bonus (decision).
    Provisional,
    /// R-PSS-7: below the first tier.
    BelowTiers,
}

/// R-JOB-7 / R-PSS-7: what the partner's next job pays on top of its base price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BonusStanding {
    /// Percent of the base price; 0 when none.
    pub percent: Tenths,
    pub tier: Option<BonusTier>,
    pub none_because: Option<NoBonus>,
    /// The next tier up and the points it needs.
    pub next_tier: Option<BonusTier>,
    pub points_to_next: Option<Tenths>,
}

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

/// `GET /api/v1/score`: the score and everything that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreReport {
    pub as_of: NaiveDate,
    pub pss: Tenths,
    /// R-PSS-1: fewer than the policy's jobs in the window.
    pub provisional: bool,
    /// Shipped jobs in the window.
    pub jobs: u32,
    /// Quality, on-time shipping, communication, engagement, in that order.
    pub components: Vec<ComponentScore>,
    /// R-PSS-3: the share of jobs shipped by their lead time, percent.
    pub ots: Tenths,
    pub ots_meets_expectation: bool,
    /// R-PSS-2: rejected lines / shipped lines, percent.
    pub rma_rate: Tenths,
    pub rma_meets_expectation: bool,
    pub lines_shipped: u32,
    pub lines_rejected: u32,
    pub bonus: BonusStanding,
}

impl ScoreReport {
    pub fn component(&self, c: Component) -> Option<&ComponentScore> {
        self.components.iter().find(|s| s.component == c)
    }
}

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

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// The score engine (R-PSS-1..7, R-JOB-7): the report for `inputs` under `policy`.
pub fn score(inputs: &ScoreInputs, policy: &ScorePolicy) -> ScoreReport {
    let as_of = inputs.as_of;
    let shipped: Vec<Counted<'_>> = inputs
        .jobs
        .iter()
        .filter_map(|j| {
            let shipped = j.shipped_on?;
            in_window(shipped, as_of, policy.window_days).then(|| Counted {
                job: j,
                late: (shipped - j.lead_time).num_days(),
                answered: if j.broke_on_time_promise() { 0 } else { u64::from(j.check_ins_in_time()) },
            })
        })
        .collect();
    let n = u64::try_from(shipped.len()).unwrap_or(u64::MAX);

    // R-PSS-2: quality, per line item.
    let lines: u64 = shipped.iter().map(|c| u64::from(c.job.lines)).sum();
    let rejected_of = |j: &JobOutcome| j.rejected_lines.min(j.lines);
    let rejected: u64 = shipped.iter().map(|c| u64::from(rejected_of(c.job))).sum();
    let rma_points = |rej: u64| if lines == 0 { 0 } else { round_div(u64::from(policy.rma_penalty) * 10 * rej, lines) };
    let quality = tenths(1000u64.saturating_sub(rma_points(rejected)));
    let quality_facts = top_facts(
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
        |(rej, of)| format!("{rej} of {} rejected (RMA)", plural(of, "line", "lines")),
    );

    // R-PSS-3: on-time shipping, a credit per job.
    let credits: u64 = shipped.iter().map(|c| u64::from(policy.late_credit(c.late))).sum();
    let on_time = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(credits, n)) };
    let on_time_facts = top_facts(
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
        |late| {
            let credit = policy.late_credit(late);
            format!(
                "Shipped {} late: credit {}.{:02}",
                plural(u32::try_from(late).unwrap_or(u32::MAX), "day", "days"),
                credit / 1000,
                (credit % 1000) / 10
            )
        },
    );
    let on_time_jobs = u64::try_from(shipped.iter().filter(|c| c.late <= 0).count()).unwrap_or(0);

    // R-PSS-4: communication, the share of check-ins answered in time per job.
    let asked = CheckInQuestion::ALL.len() as u64;
    let said: u64 = shipped.iter().map(|c| c.answered).sum();
    let communication = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * said, asked * n)) };
    let communication_facts = top_facts(
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
        |(broke, late, answered)| {
            if broke {
                format!(
                    "Said it would ship on time, shipped {} late",
                    plural(u32::try_from(late).unwrap_or(0), "day", "days")
                )
            } else {
                format!("{answered} of {asked} check-ins answered in time")
            }
        },
    );

    // R-PSS-5 (revised): engagement, the share of the jobs taken on that were kept; declining
    // and ignoring cost nothing.
    let taken: Vec<&TakenJob> = inputs
        .taken
        .iter()
        .filter(|t| t.taken_on <= as_of && in_window(t.taken_on, as_of, policy.window_days))
        .collect();
    let acted = u64::try_from(taken.len()).unwrap_or(u64::MAX);
    let kept = u64::try_from(taken.iter().filter(|t| t.let_go_by(as_of).is_none()).count()).unwrap_or(0);
    let engagement = if acted == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * kept, acted)) };
    let engagement_facts = top_facts(
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
        |how| how.label().to_owned(),
    );

    // R-PSS-6.
    let scores = [
        (Component::Quality, quality, n, quality_facts),
        (Component::OnTime, on_time, n, on_time_facts),
        (Component::Communication, communication, n, communication_facts),
        (Component::Engagement, engagement, acted, engagement_facts),
    ];
    let weighted: u64 = scores.iter().map(|(c, s, ..)| u64::from(policy.weights.of(*c)) * u64::from(s.0)).sum();
    let pss = tenths(round_div(weighted, u64::from(policy.weights.total().max(1))));
    let components = scores
        .into_iter()
        .map(|(component, score, counted, facts)| ComponentScore {
            component,
            score,
            weight: policy.weights.of(component),
            counted: u32::try_from(counted).unwrap_or(u32::MAX),
            facts,
        })
        .collect();

    let jobs = u32::try_from(n).unwrap_or(u32::MAX);
    let provisional = jobs < policy.provisional_below_jobs;
    let ots = if n == 0 { Tenths::HUNDRED } else { tenths(round_div(1000 * on_time_jobs, n)) };
    let rma_rate =
        if lines == 0 { Tenths(0) } else { Tenths(u32::try_from(round_div(1000 * rejected, lines)).unwrap_or(0)) };
    let exp = policy.expectations;
    ScoreReport {
        as_of,
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
            let shipped = job.lead_time + chrono::Duration::days(change.days_late);
            job.shipped_on = Some(shipped);
            job.rejected_lines = change.rejected_lines.min(job.lines);
            // A tried answer is given in time, on the lead time's eve at the latest.
            let answer_day = shipped.min(job.lead_time).min(self.as_of.max(job.lead_time - chrono::Days::new(1)));
            if let Some(said) = change.said_on_time {
                job.said_on_time = Some(said);
                job.check_ins[3] = Some(job.check_ins[3].unwrap_or(answer_day).min(answer_day));
            }
            if change.answer_the_rest {
                for (i, answered) in job.check_ins.iter_mut().enumerate() {
                    if answered.is_none() && (i < 3 || job.said_on_time.is_some()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const AS_OF: &str = "2026-11-20";

    /// A job shipped `days_ago` days before `AS_OF`, `late` days after its lead time, every
    /// check-in answered on the day it shipped.
    fn job(label: &str, days_ago: u64, late: i64, lines: u32, rejected: u32) -> JobOutcome {
        let shipped = d(AS_OF) - chrono::Days::new(days_ago);
        let lead = shipped - chrono::Duration::days(late);
        JobOutcome {
            order_id: 1,
            label: label.to_owned(),
            lead_time: lead,
            shipped_on: Some(shipped),
            lines,
            rejected_lines: rejected,
            check_ins: [Some(shipped.min(lead)); 4],
            said_on_time: None,
        }
    }

    fn inputs(jobs: Vec<JobOutcome>) -> ScoreInputs {
        ScoreInputs { as_of: d(AS_OF), jobs_taken: u32::try_from(jobs.len()).unwrap(), jobs, taken: vec![] }
    }

    fn taken(reference: &str, taken_by: TakenBy, let_go: Option<LetGo>) -> TakenJob {
        TakenJob {
            reference: reference.to_owned(),
            taken_on: d(AS_OF),
            taken_by,
            let_go: let_go.map(|h| (d(AS_OF), h)),
        }
    }

    fn component(r: &ScoreReport, c: Component) -> Tenths {
        r.component(c).unwrap().score
    }

    #[test]
    fn tenths_read_and_write_one_decimal() {
        assert_eq!(Tenths(873).text(), "87.3");
        assert_eq!(Tenths(40).short(), "4");
        assert_eq!(Tenths(25).short(), "2.5");
        assert_eq!(Tenths(800).change_to(Tenths(815)), "+1.5");
        assert_eq!(serde_json::to_string(&Tenths(873)).unwrap(), "87.3");
        assert_eq!(serde_json::from_str::<Tenths>("87.3").unwrap(), Tenths(873));
        assert!(serde_json::from_str::<Tenths>("87.35").is_err());
        assert!(serde_json::from_str::<Tenths>("-1").is_err());
    }

    #[test]
    fn r_pss_1_window_is_the_last_180_days_and_under_3_jobs_is_provisional() {
        let as_of = d(AS_OF);
        assert!(in_window(as_of - chrono::Days::new(179), as_of, 180), "179 days ago counts");
        assert!(!in_window(as_of - chrono::Days::new(180), as_of, 180), "exactly 180 days ago is out");
        let r = score(&inputs(vec![job("A", 179, 0, 1, 0), job("B", 180, 30, 1, 1)]), &ScorePolicy::default());
        assert_eq!(r.jobs, 1);
        assert_eq!(component(&r, Component::OnTime), Tenths(1000), "the late job is outside the window");
        assert!(r.provisional);
        let r = score(&inputs(vec![job("A", 1, 0, 1, 0), job("B", 2, 0, 1, 0)]), &ScorePolicy::default());
        assert!(r.provisional, "2 jobs");
        let r = score(
            &inputs(vec![job("A", 1, 0, 1, 0), job("B", 2, 0, 1, 0), job("C", 3, 0, 1, 0)]),
            &ScorePolicy::default(),
        );
        assert!(!r.provisional, "3 jobs");
        let mut open = job("D", 0, 0, 1, 1);
        open.shipped_on = None;
        let r = score(&inputs(vec![open]), &ScorePolicy::default());
        assert_eq!((r.jobs, r.lines_rejected), (0, 0), "a job counts once it has shipped");
    }

    #[test]
    fn r_pss_2_quality_counts_rejected_lines_not_parts() {
        let p = ScorePolicy::default();
        let r = score(&inputs(vec![job("A", 1, 0, 4, 1)]), &p);
        assert_eq!(r.rma_rate, Tenths(250), "1 rejected line of 4 is 25%");
        assert_eq!(component(&r, Component::Quality), Tenths(0), "25% RMA floors at 0");
        let r = score(&inputs(vec![job("A", 1, 0, 100, 1)]), &p);
        assert_eq!(component(&r, Component::Quality), Tenths(900), "1% RMA, the expectation, scores 90");
        assert!(!r.rma_meets_expectation, "1% is not below 1%");
        let r = score(&inputs(vec![job("A", 1, 0, 200, 1)]), &p);
        assert_eq!(component(&r, Component::Quality), Tenths(950));
        assert!(r.rma_meets_expectation);
        // 1 of 3 lines across two jobs: 100 - 1000/3 → 0; 1 of 300: 100 - 3.33 = 96.7.
        let r = score(&inputs(vec![job("A", 1, 0, 150, 1), job("B", 2, 0, 150, 0)]), &p);
        assert_eq!(component(&r, Component::Quality), Tenths(967));
        assert_eq!(r.components[0].facts[0].subject, "A");
        assert_eq!(r.components[0].facts[0].what, "1 of 150 lines rejected (RMA)");
    }

    #[test]
    fn r_pss_3_on_time_credit_falls_to_zero_at_6_days_late() {
        let p = ScorePolicy::default();
        let credits: Vec<u32> = (-2..=7).map(|d| p.late_credit(d)).collect();
        assert_eq!(credits, [1000, 1000, 1000, 800, 600, 450, 300, 150, 0, 0]);
        let r = score(&inputs(vec![job("A", 1, 5, 1, 0), job("B", 2, 0, 1, 0)]), &p);
        assert_eq!(component(&r, Component::OnTime), Tenths(575), "(0.15 + 1) / 2");
        let r = score(&inputs(vec![job("A", 1, 6, 1, 0), job("B", 2, 0, 1, 0)]), &p);
        assert_eq!(component(&r, Component::OnTime), Tenths(500), "6 days late earns nothing");
        assert_eq!(r.ots, Tenths(500));
        assert!(!r.ots_meets_expectation);
        assert_eq!(r.components[1].facts[0].what, "Shipped 6 days late: credit 0.00");
        // 20 jobs, one late: OTS 95.0% is not above 95%.
        let mut jobs: Vec<JobOutcome> = (0..19).map(|i| job(&format!("J{i}"), i, 0, 1, 0)).collect();
        jobs.push(job("late", 3, 1, 1, 0));
        let r = score(&inputs(jobs), &p);
        assert_eq!(r.ots, Tenths(950));
        assert!(!r.ots_meets_expectation);
    }

    #[test]
    fn r_pss_4_communication_counts_check_ins_in_time_and_a_broken_promise_scores_0() {
        let p = ScorePolicy::default();
        let mut a = job("A", 1, 0, 1, 0);
        a.check_ins[1] = None;
        let r = score(&inputs(vec![a.clone(), job("B", 2, 0, 1, 0)]), &p);
        assert_eq!(component(&r, Component::Communication), Tenths(875), "(3/4 + 1) / 2");
        assert_eq!(r.components[2].facts[0].what, "3 of 4 check-ins answered in time");

        // Answered after shipping is not in time.
        let shipped = a.shipped_on.unwrap();
        a.check_ins[1] = shipped.succ_opt();
        assert_eq!(a.check_ins_in_time(), 3);
        a.check_ins[1] = Some(shipped);
        assert_eq!(a.check_ins_in_time(), 4);

        // The on-time question: due by the lead time; never asked when shipped before it opened.
        let mut early = job("E", 1, -5, 1, 0);
        early.check_ins[3] = None;
        assert_eq!(early.check_ins_in_time(), 4, "shipped 5 days early: never asked");
        let mut late = job("L", 1, 2, 1, 0);
        late.check_ins[3] = late.shipped_on;
        assert_eq!(late.check_ins_in_time(), 3, "answered after the lead time");

        let mut promised = job("P", 1, 1, 1, 0);
        promised.said_on_time = Some(true);
        assert!(promised.broke_on_time_promise());
        let r = score(&inputs(vec![promised.clone(), job("B", 2, 0, 1, 0)]), &p);
        assert_eq!(component(&r, Component::Communication), Tenths(500));
        assert_eq!(r.components[2].facts[0].what, "Said it would ship on time, shipped 1 day late");
        promised.said_on_time = Some(false);
        let r = score(&inputs(vec![promised, job("B", 2, 0, 1, 0)]), &p);
        assert_eq!(component(&r, Component::Communication), Tenths(1000), "an honest no costs nothing");
    }

    // R-PSS-5 (revised): engagement counts the jobs taken on and whether they were kept;
    // declining and ignoring are not inputs at all.
    #[test]
    fn r_pss_5_engagement_is_the_share_of_jobs_taken_on_that_were_kept() {
        let p = ScorePolicy::default();
        let mut i = inputs(vec![]);
        assert_eq!(component(&score(&i, &p), Component::Engagement), Tenths(1000), "nothing taken on");
        i.taken = vec![
            taken("J-1", TakenBy::Board, None),
            taken("J-2", TakenBy::Counteroffer, None),
            taken("J-3", TakenBy::Board, Some(LetGo::HandedBack)),
            taken("J-4", TakenBy::Counteroffer, Some(LetGo::NotConfirmed)),
        ];
        let r = score(&i, &p);
        assert_eq!(component(&r, Component::Engagement), Tenths(500));
        assert_eq!(r.components[3].facts.len(), 2);
        assert_eq!(r.components[3].facts[0].points, Tenths(250));
        assert!(r.components[3].facts.iter().any(|f| f.what == "Handed back"), "{:?}", r.components[3].facts);
        // Let go after the day the score is for: still kept on that day (the history).
        i.taken[2].let_go = Some((d(AS_OF) + chrono::Days::new(1), LetGo::HandedBack));
        assert_eq!(component(&score(&i, &p), Component::Engagement), Tenths(750));
        i.taken[3].taken_on = d(AS_OF) - chrono::Days::new(180);
        assert_eq!(component(&score(&i, &p), Component::Engagement), Tenths(1000), "old jobs leave the window");
    }

    #[test]
    fn r_pss_6_weights_make_the_pss_with_one_decimal() {
        let p = ScorePolicy::default();
        // Quality 96.7, on-time 57.5, communication 100, engagement 66.7:
        // 0.40 * 96.7 + 0.30 * 57.5 + 0.15 * 100 + 0.15 * 66.7 = 38.68 + 17.25 + 15 + 10.005 = 80.935 → 80.9
        let mut i = inputs(vec![job("A", 1, 5, 150, 1), job("B", 2, 0, 150, 0)]);
        i.taken = vec![
            taken("J-1", TakenBy::Board, None),
            taken("J-2", TakenBy::Board, None),
            taken("J-3", TakenBy::Counteroffer, Some(LetGo::HandedBack)),
        ];
        let r = score(&i, &p);
        assert_eq!(r.components.iter().map(|c| c.score.0).collect::<Vec<_>>(), [967, 575, 1000, 667]);
        assert_eq!(r.pss, Tenths(809));
        assert_eq!(serde_json::to_value(&r).unwrap()["pss"], serde_json::json!(80.9));
    }

    #[test]
    fn r_pss_7_and_r_job_7_bonus_tiers_from_the_4th_job() {
        let p = ScorePolicy::default();
        assert_eq!(bonus_standing(Tenths(799), false, 10, &p).percent, Tenths(0), "79.9");
        assert_eq!(bonus_standing(Tenths(799), false, 10, &p).none_because, Some(NoBonus::BelowTiers));
        assert_eq!(bonus_standing(Tenths(800), false, 10, &p).percent, Tenths(20), "80.0");
        assert_eq!(bonus_standing(Tenths(849), false, 10, &p).percent, Tenths(20));
        assert_eq!(bonus_standing(Tenths(850), false, 10, &p).percent, Tenths(40));
        assert_eq!(bonus_standing(Tenths(949), false, 10, &p).percent, Tenths(60));
        assert_eq!(bonus_standing(Tenths(1000), false, 10, &p).percent, Tenths(80));
        assert_eq!(bonus_standing(Tenths(1000), false, 10, &p).next_tier, None);
        let b = bonus_standing(Tenths(873), false, 10, &p);
        assert_eq!((b.next_tier.unwrap().min, b.points_to_next), (Tenths(900), Some(Tenths(27))));
        assert_eq!(b.explain(&p), "At 85 or more your new jobs pay +4%.");
        // The partner's 3rd job (2 taken) pays none; the 4th (3 taken) does.
        let third = bonus_standing(Tenths(900), false, 2, &p);
        assert_eq!(third.none_because, Some(NoBonus::TooFewJobs { jobs_to_go: 1 }));
        assert_eq!(third.explain(&p), "Bonuses start on your 4th job: 1 more to go.");
        assert_eq!(bonus_standing(Tenths(900), false, 3, &p).percent, Tenths(60));
        assert_eq!(bonus_standing(Tenths(900), true, 3, &p).none_because, Some(NoBonus::Provisional));
        assert_eq!(bonus_amount(Money::usd(125_000), Tenths(40)), Money::usd(5_000));
        assert_eq!(bonus_amount(Money::usd(333), Tenths(20)), Money::usd(7), "6.66 rounds to 7");
        assert_eq!(bonus_amount(Money::usd(325), Tenths(20)), Money::usd(7), "6.5 rounds half up");
    }

    #[test]
    fn r_pss_8_previews_and_what_if_change_the_inputs_as_the_partner_would() {
        let p = ScorePolicy::default();
        let mut open = job("O-1", 0, 0, 2, 0);
        open.order_id = 7;
        open.shipped_on = None;
        open.lead_time = d(AS_OF) + chrono::Days::new(1);
        open.check_ins = [Some(d(AS_OF)), None, None, None];
        let base = ScoreInputs {
            as_of: d(AS_OF),
            jobs_taken: 4,
            jobs: vec![job("A", 3, 0, 2, 0), job("B", 4, 0, 2, 0), job("C", 5, 0, 2, 0), open],
            taken: vec![taken("J-1", TakenBy::Board, None), taken("ORD-7", TakenBy::Counteroffer, None)],
        };
        let before = score(&base, &p);
        assert_eq!(before.pss, Tenths(1000));

        // Handing an order back: engagement 1 of 2 (declining is no input, so it has no preview).
        let back = score(&base.with_handed_back("ORD-7"), &p);
        assert_eq!(component(&back, Component::Engagement), Tenths(500));
        assert_eq!(back.pss, Tenths(925));
        let accepted = base.with_taken("J-9", TakenBy::Board);
        assert_eq!((accepted.jobs_taken, score(&accepted, &p).pss), (5, Tenths(1000)));

        // Shipping the open order 3 days late after saying yes.
        let yes = base.with_on_time_answer(7, true);
        let shipped = d(AS_OF) + chrono::Days::new(4);
        let late = score(&yes.with_shipped(7, shipped), &p);
        assert_eq!(late.jobs, 4);
        assert_eq!(component(&late, Component::OnTime), Tenths(863), "(3 + 0.45) / 4");
        assert_eq!(component(&late, Component::Communication), Tenths(750), "the promise broken: 0 for that job");

        // The what-if page: the same outcome, tried.
        let tried = base.what_if(
            &[WhatIf { order_id: 7, days_late: 3, rejected_lines: 1, said_on_time: Some(true), answer_the_rest: true }],
            &[],
        );
        let r = score(&tried, &p);
        assert_eq!(component(&r, Component::OnTime), Tenths(863));
        assert_eq!(component(&r, Component::Communication), Tenths(750));
        assert_eq!(r.lines_rejected, 1);
        let honest = base.what_if(
            &[WhatIf {
                order_id: 7,
                days_late: 0,
                rejected_lines: 0,
                said_on_time: Some(false),
                answer_the_rest: true,
            }],
            &[],
        );
        assert_eq!(score(&honest, &p).pss, Tenths(1000), "on time, every check-in answered");

        // A job not taken yet adds a shipped job, an accepted decision and a job taken.
        let extra = base.what_if(
            &[],
            &[ExtraJob { lines: 4, rejected_lines: 1, days_late: 0, check_ins_answered: true, said_on_time: None }],
        );
        let r = score(&extra, &p);
        assert_eq!((r.jobs, r.lines_rejected, extra.jobs_taken), (4, 1, 5));
        assert_eq!(component(&r, Component::Quality), Tenths(0), "1 of 10 lines: 10% RMA");
    }

    #[test]
    fn policy_problems_are_named() {
        assert!(ScorePolicy::default().problems().is_empty());
        let mut p = ScorePolicy::default();
        p.weights.quality = 50;
        p.tiers.swap(0, 1);
        assert_eq!(p.problems().len(), 2);
        assert_eq!(ordinal(4), "4th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(11), "11th");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn job_strategy() -> impl Strategy<Value = JobOutcome> {
        (
            0u64..200,
            -5i64..12,
            1u32..20,
            0u32..20,
            proptest::array::uniform4(proptest::option::of(0u64..30)),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(|(ago, late, lines, rejected, answers, said)| {
                let as_of: NaiveDate = "2026-11-20".parse().unwrap();
                let shipped = as_of - chrono::Days::new(ago);
                let lead = shipped - chrono::Duration::days(late);
                JobOutcome {
                    order_id: 1,
                    label: format!("O-{ago}-{late}"),
                    lead_time: lead,
                    shipped_on: Some(shipped),
                    lines,
                    rejected_lines: rejected.min(lines),
                    check_ins: answers.map(|a| a.map(|back| shipped - chrono::Days::new(back))),
                    said_on_time: said,
                }
            })
    }

    fn inputs_strategy() -> impl Strategy<Value = ScoreInputs> {
        let took = (0u64..200, 0usize..2, proptest::option::of((0u64..10, 0usize..2))).prop_map(|(ago, k, go)| {
            let taken_on = "2026-11-20".parse::<NaiveDate>().unwrap() - chrono::Days::new(ago);
            TakenJob {
                reference: format!("J-{ago}"),
                taken_on,
                taken_by: TakenBy::ALL[k],
                let_go: go.map(|(after, how)| (taken_on + chrono::Days::new(after), LetGo::ALL[how])),
            }
        });
        (proptest::collection::vec(job_strategy(), 0..25), proptest::collection::vec(took, 0..25), 0u32..10).prop_map(
            |(jobs, taken, n)| ScoreInputs { as_of: "2026-11-20".parse().unwrap(), jobs_taken: n, jobs, taken },
        )
    }

    proptest! {
        #[test]
        fn every_score_is_between_0_and_100(i in inputs_strategy()) {
            let r = score(&i, &ScorePolicy::default());
            prop_assert!(r.pss <= Tenths::HUNDRED);
            for c in &r.components {
                prop_assert!(c.score <= Tenths::HUNDRED);
            }
        }

        #[test]
        fn shipping_a_job_later_never_raises_the_score(i in inputs_strategy(), pick in 0usize..25, more in 1i64..8) {
            prop_assume!(!i.jobs.is_empty());
            let p = ScorePolicy::default();
            let k = pick % i.jobs.len();
            let before = score(&i, &p);
            let mut later = i.clone();
            // Later shipping, same facts otherwise: the lead time moves earlier by `more` days.
            later.jobs[k].lead_time -= chrono::Duration::days(more);
            let after = score(&later, &p);
            prop_assert!(after.pss <= before.pss, "{} > {}", after.pss.text(), before.pss.text());
            prop_assert!(component_of(&after, Component::OnTime) <= component_of(&before, Component::OnTime));
        }

        #[test]
        fn more_rejected_lines_never_raise_the_score(i in inputs_strategy(), pick in 0usize..25) {
            prop_assume!(!i.jobs.is_empty());
            let p = ScorePolicy::default();
            let k = pick % i.jobs.len();
            prop_assume!(i.jobs[k].rejected_lines < i.jobs[k].lines);
            let mut worse = i.clone();
            worse.jobs[k].rejected_lines += 1;
            prop_assert!(score(&worse, &p).pss <= score(&i, &p).pss);
        }

        #[test]
        fn answering_a_check_in_never_lowers_communication(i in inputs_strategy(), pick in 0usize..25, q in 0usize..4) {
            prop_assume!(!i.jobs.is_empty());
            let p = ScorePolicy::default();
            let k = pick % i.jobs.len();
            prop_assume!(i.jobs[k].check_ins[q].is_none());
            let mut answered = i.clone();
            answered.jobs[k].check_ins[q] = answered.jobs[k].shipped_on.map(|s| s.min(answered.jobs[k].lead_time));
            prop_assert!(component_of(&score(&answered, &p), Component::Communication) >= component_of(&score(&i, &p), Component::Communication));
        }

        #[test]
        fn the_report_does_not_depend_on_the_order_of_the_inputs(i in inputs_strategy(), seed in any::<u64>()) {
            let p = ScorePolicy::default();
            let mut shuffled = i.clone();
            shuffled.jobs.reverse();
            shuffled.taken.reverse();
            let n = shuffled.jobs.len();
            if n > 1 {
                shuffled.jobs.swap(0, usize::try_from(seed % n as u64).unwrap_or(0));
            }
            prop_assert_eq!(score(&shuffled, &p), score(&i, &p));
        }
    }

    fn component_of(r: &ScoreReport, c: Component) -> Tenths {
        r.component(c).unwrap().score
    }
}
