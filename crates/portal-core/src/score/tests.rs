//! The score's tests: most run the whole engine (inputs and policy in, report out), so they live
//! together. Each carries its rule id.

use chrono::NaiveDate;

use super::*;
use crate::money::Money;

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
    TakenJob { reference: reference.to_owned(), taken_on: d(AS_OF), taken_by, let_go: let_go.map(|h| (d(AS_OF), h)) }
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
    let r =
        score(&inputs(vec![job("A", 1, 0, 1, 0), job("B", 2, 0, 1, 0), job("C", 3, 0, 1, 0)]), &ScorePolicy::default());
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
    assert_eq!(b.next_step(&p).as_deref(), Some("2.7 more points reach 90 and +6%."));
    // Issue 17: a provisional score promises no tier; before the 4th job, nothing is promised.
    let provisional = bonus_standing(Tenths(873), true, 10, &p);
    assert_eq!(
        provisional.next_step(&p).as_deref(),
        Some("Tiers count once your score settles, from 3 shipped jobs in the last 180 days.")
    );
    assert_eq!(bonus_standing(Tenths(873), false, 1, &p).next_step(&p), None);
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
        &[WhatIf { order_id: 7, days_late: 0, rejected_lines: 0, said_on_time: Some(false), answer_the_rest: true }],
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

/// R-PSS-8, issue 17: the what-if starts from the real state: an order past its lead time ships
/// late by at least the days gone, and its check-ins' deadlines have passed (none answered in
/// time by trying).
#[test]
fn r_pss_8_what_if_cannot_undo_a_passed_deadline() {
    let p = ScorePolicy::default();
    let mut overdue = job("O-9", 0, 0, 2, 0);
    overdue.order_id = 9;
    overdue.shipped_on = None;
    overdue.lead_time = d(AS_OF) - chrono::Days::new(3);
    overdue.check_ins = [Some(d(AS_OF) - chrono::Days::new(10)), None, None, None];
    assert_eq!(overdue.min_days_late(d(AS_OF)), 3);
    assert!(!overdue.check_ins_still_open(d(AS_OF)));
    let base = ScoreInputs {
        as_of: d(AS_OF),
        jobs_taken: 4,
        jobs: vec![job("A", 3, 0, 2, 0), job("B", 4, 0, 2, 0), job("C", 5, 0, 2, 0), overdue],
        taken: vec![],
    };
    let tried = base.what_if(
        &[WhatIf { order_id: 9, days_late: 0, rejected_lines: 0, said_on_time: None, answer_the_rest: true }],
        &[],
    );
    let job = tried.jobs.iter().find(|j| j.order_id == 9).unwrap();
    assert_eq!(job.days_late(), Some(3), "ships today at the earliest");
    assert_eq!(job.check_ins[1..], [None, None, None], "no check-in answered in the past");
    let r = score(&tried, &p);
    assert_eq!(component(&r, Component::OnTime), Tenths(863), "(3 + 0.45) / 4");
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

#[cfg(not(target_arch = "wasm32"))]
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
