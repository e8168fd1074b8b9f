//! `/score`: the Partner Success Score explained (R-PSS-1..7): the PSS, its tier and bonus, the
//! four components with how each is calculated and the facts that moved it, the partner's
//! numbers against the expectations, the bonus ladder and the 26-week history.

pub mod chart;
pub mod what_if;

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::format;
use portal_core::score::{ScorePolicy, ScoreReport, Tenths, how_calculated};

use crate::api::{self, ApiError};
use crate::components::icons::{CheckIcon, WarningIcon};
use crate::components::status::{Loading, api_error_view};
use chart::ScoreChart;

#[component]
pub fn ScorePage() -> impl IntoView {
    let data = LocalResource::new(|| async {
        let report = api::score().await?;
        let (_, policy) = api::score_basis().await?;
        let history = api::score_history().await?;
        Ok::<_, ApiError>((report, policy, history))
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <crate::lazy::Styled href="/lazy/score.css">
        <div class="page-head">
            <h1>"Partner Success Score"</h1>
            <p class="muted">"How the marketplace rates your work, from the jobs you shipped in the last 180 days."</p>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your score…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (report, policy, history) = data.await?;
                    Ok::<_, ApiError>(view! {
                        <Summary report=report.clone() policy=policy.clone() />
                        <Expectations report=report.clone() />
                        <section class="score-section" aria-labelledby="components-heading">
                            <h2 id="components-heading">"What makes your score"</h2>
                            <div class="components">
                                {report.components.iter().map(|c| view! { <ComponentCard c=c.clone() policy=policy.clone() /> }).collect_view()}
                            </div>
                        </section>
                        <section class="score-section" aria-labelledby="history-heading">
                            <h2 id="history-heading">"The last 26 weeks"</h2>
                            <ScoreChart weeks=history.weeks policy=policy.clone() />
                        </section>
                    })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
    }
}

#[component]
fn Summary(report: ScoreReport, policy: ScorePolicy) -> impl IntoView {
    let explain = report.bonus.explain(&policy);
    // Issue 17: a score that earns no bonus yet (provisional, or before the bonus's first job)
    // promises no tier: it says what comes first instead.
    let next = report.bonus.next_step(&policy);
    let provisional = report.provisional.then(|| {
        format!(
            "Provisional: {} shipped in the last {} days; the score settles from {}.",
            match report.jobs {
                1 => "1 job".to_owned(),
                n => format!("{n} jobs"),
            },
            policy.window_days,
            policy.provisional_below_jobs
        )
    });
    view! {
        <section class="score-summary" aria-labelledby="pss-heading">
            <div class="pss-block">
                <h2 id="pss-heading" class="visually-hidden">"Your score"</h2>
                <p class="pss" data-testid="pss">
                    <span class="pss-value">{report.pss.text()}</span>
                    <span class="pss-of">" / 100"</span>
                </p>
                <p class="muted small">"As of " {format::date(report.as_of)}</p>
                {provisional.map(|p| view! {
                    <p class="badge-line provisional" data-testid="provisional">
                        <WarningIcon />
                        <span>{p}</span>
                    </p>
                })}
            </div>
            <div class="bonus-block">
                <h2>"Bonus on new jobs"</h2>
                <p class="bonus-now" data-testid="bonus-now">
                    {if report.bonus.percent.0 > 0 { format!("+{}%", report.bonus.percent.short()) } else { "None".to_owned() }}
                </p>
                <p>{explain}</p>
                {next.map(|n| view! { <p class="muted" data-testid="next-tier">{n}</p> })}
                <BonusLadder pss=report.pss earns=report.bonus.tier.is_some() policy=policy.clone() />
                <A href="/score/what-if" attr:class="button primary" attr:data-testid="what-if-link">
                    "Try outcomes: what if…"
                </A>
            </div>
        </section>
    }
}

/// R-PSS-7: the tiers, with where the partner stands.
#[component]
fn BonusLadder(
    pss: Tenths,
    /// Whether the score earns its tier's bonus now (not while provisional or before the 4th job).
    earns: bool,
    policy: ScorePolicy,
) -> impl IntoView {
    let reached = policy.tier_for(pss);
    let mut rows: Vec<(String, String, bool)> = Vec::new();
    if let Some(first) = policy.tiers.first() {
        rows.push((format!("Below {}", first.min.short()), "No bonus".to_owned(), reached.is_none()));
    }
    for (i, t) in policy.tiers.iter().enumerate() {
        let range = match policy.tiers.get(i + 1) {
            Some(next) => format!("{} – {}", t.min.short(), Tenths(next.min.0 - 1).text()),
            None => format!("{} – 100", t.min.short()),
        };
        rows.push((range, format!("+{}%", t.bonus.short()), reached == Some(*t)));
    }
    view! {
        <ol class="ladder" aria-label="Bonus tiers" data-testid="ladder">
            {rows.into_iter().rev().map(|(range, bonus, here)| {
                let mark = if earns || bonus == "No bonus" { "You are here" } else { "Your score: no bonus yet" };
                view! {
                <li class:here=here aria-current=here.then_some("true")>
                    <span class="range">{range}</span>
                    <span class="num">{bonus}</span>
                    {here.then(|| view! { <span class="here-mark">{mark}</span> })}
                </li>
                }
            }).collect_view()}
        </ol>
        <p class="muted small">
            {format!("Bonuses start on your {} job.", portal_core::score::ordinal(policy.bonus_from_job))}
        </p>
    }
}

#[component]
fn Expectations(report: ScoreReport) -> impl IntoView {
    let row = |label: &'static str, value: String, expected: String, meets: bool, testid: &'static str| {
        view! {
            <div class="expectation" data-testid=testid data-meets=meets.to_string()>
                <dt>{label}</dt>
                <dd>
                    <span class="num big">{value}</span>
                    <span class="muted">" " {expected}</span>
                    <span class=if meets { "status done" } else { "status late" }>
                        {if meets { view! { <CheckIcon /> }.into_any() } else { view! { <WarningIcon /> }.into_any() }}
                        {if meets { "Meets it" } else { "Below expectation" }}
                    </span>
                </dd>
            </div>
        }
    };
    view! {
        <section class="score-section" aria-labelledby="expect-heading">
            <h2 id="expect-heading">"Your numbers and the marketplace's expectations"</h2>
            <dl class="expectations">
                {row(
                    "On-time shipping (OTS)",
                    format!("{}%", report.ots.text()),
                    "expected above 95%".to_owned(),
                    report.ots_meets_expectation,
                    "ots",
                )}
                {row(
                    "RMA rate",
                    format!("{}%", report.rma_rate.text()),
                    format!("expected below 1% ({} of {} lines rejected)", report.lines_rejected, report.lines_shipped),
                    report.rma_meets_expectation,
                    "rma",
                )}
            </dl>
            <p class="small muted ots-vs-credit" data-testid="ots-explained">
                {portal_core::score::ots_versus_credit(&report)}
            </p>
        </section>
    }
}

#[component]
fn ComponentCard(c: portal_core::score::ComponentScore, policy: ScorePolicy) -> impl IntoView {
    let counted = match c.component {
        portal_core::score::Component::Engagement => format!("{} jobs taken on", c.counted),
        _ => format!("{} jobs", c.counted),
    };
    let facts = c.facts.clone();
    view! {
        <article class="component-card" data-testid="component" data-component=c.component.slug()>
            <header>
                <h3>{c.component.label()}</h3>
                <p class="component-score"><span class="num">{c.score.text()}</span></p>
            </header>
            <p class="muted small">{format!("{}% of your score · from {}", c.weight, counted)}</p>
            <p>{how_calculated(c.component, &policy)}</p>
            {if facts.is_empty() {
                view! { <p class="muted" data-testid="no-facts">"Nothing lowered it."</p> }.into_any()
            } else {
                view! {
                    <h4>"What cost the most points"</h4>
                    <ul class="facts">
                        {facts.into_iter().map(|f| view! {
                            <li data-testid="fact">
                                <span class="subject">{f.subject}</span>
                                " " {f.what}
                                <span class="num points">{format!("−{}", f.points.text())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </article>
    }
}
