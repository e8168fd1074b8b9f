//! `/score/what-if` (R-PSS-8): try outcomes for open orders (days late, rejected lines, the
//! on-time answer) or jobs not taken yet, and see the score, its components and the bonus move as
//! you type. The browser runs `portal-core`'s engine on the inputs of the official score; what
//! you try is kept in this browser until you reset it.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::format;
use portal_core::score::{ExtraJob, ScoreInputs, ScorePolicy, WhatIf, score};
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError};
use crate::components::score::{ScoreChange, bonus_text};
use crate::components::status::{Loading, api_error_view};
use crate::forms::partner_drafts;

/// What the partner typed for one open order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TriedOrder {
    pub order_id: i64,
    pub on: bool,
    pub days_late: String,
    pub rejected: String,
    /// "", "yes" or "no".
    pub said: String,
    pub answer_rest: bool,
}

/// What the partner typed for a job not taken yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TriedJob {
    pub lines: String,
    pub rejected: String,
    pub days_late: String,
    pub answered: bool,
    pub said: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tries {
    pub orders: Vec<TriedOrder>,
    pub jobs: Vec<TriedJob>,
}

/// A whole number from `min` to `max` as typed, or the message for its field.
pub fn count(text: &str, min: i64, max: i64, what: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(min.max(0));
    }
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(format!("Enter {what} from {min} to {max}.")),
        Err(_) => Err(format!("Enter {what} as a whole number, like 2.")),
    }
}

fn said(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

const MAX_DAYS: i64 = 60;
const MAX_LINES: i64 = 500;

/// The engine's inputs with what the partner tried; `None` while a field holds something invalid.
pub fn tried_inputs(inputs: &ScoreInputs, tries: &Tries) -> Option<ScoreInputs> {
    let mut changes = Vec::new();
    for t in tries.orders.iter().filter(|t| t.on) {
        let job = inputs.jobs.iter().find(|j| j.order_id == t.order_id)?;
        changes.push(WhatIf {
            order_id: t.order_id,
            days_late: count(&t.days_late, 0, MAX_DAYS, "days").ok()?,
            rejected_lines: u32::try_from(count(&t.rejected, 0, i64::from(job.lines), "lines").ok()?).ok()?,
            said_on_time: said(&t.said),
            answer_the_rest: t.answer_rest,
        });
    }
    let mut extra = Vec::new();
    for j in &tries.jobs {
        let lines = count(&j.lines, 1, MAX_LINES, "lines").ok()?;
        extra.push(ExtraJob {
            lines: u32::try_from(lines).ok()?,
            rejected_lines: u32::try_from(count(&j.rejected, 0, lines, "lines").ok()?).ok()?,
            days_late: count(&j.days_late, 0, MAX_DAYS, "days").ok()?,
            check_ins_answered: j.answered,
            said_on_time: said(&j.said),
        });
    }
    Some(inputs.what_if(&changes, &extra))
}

#[component]
pub fn WhatIfPage() -> impl IntoView {
    let basis = LocalResource::new(api::score_basis);
    let retry = Callback::new(move |()| basis.refetch());
    view! {
        <crate::lazy::Styled href="/lazy/score.css">
        <div class="page-head">
            <p class="back"><A href="/score">"← Partner Success Score"</A></p>
            <h1>"What if…"</h1>
            <p class="muted">
                "Try outcomes before they happen. Nothing here changes your real score; it is computed in your "
                "browser by the same rules as the official one."
            </p>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your score's inputs…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (inputs, policy) = basis.await?;
                    Ok::<_, ApiError>(view! { <WhatIfForm inputs=inputs policy=policy /> })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
    }
}

#[component]
fn WhatIfForm(inputs: ScoreInputs, policy: ScorePolicy) -> impl IntoView {
    let drafts = partner_drafts();
    const DRAFT: &str = "what-if";
    let open: Vec<_> = inputs.jobs.iter().filter(|j| j.shipped_on.is_none()).cloned().collect();
    let as_of = inputs.as_of;
    // Issue 17: each order starts as it really stands: late by the days its lead time has
    // passed, and "answered in time" only while a check-in's deadline has not passed.
    let fresh = Tries {
        orders: open
            .iter()
            .map(|j| {
                let late = j.min_days_late(as_of);
                TriedOrder {
                    order_id: j.order_id,
                    answer_rest: j.check_ins_still_open(as_of),
                    days_late: if late > 0 { late.to_string() } else { String::new() },
                    ..TriedOrder::default()
                }
            })
            .collect(),
        jobs: vec![],
    };
    // A kept draft, with the orders still open (shipped ones drop out, new ones come in).
    let kept: Option<Tries> = drafts.load(DRAFT);
    let start = Tries {
        orders: fresh
            .orders
            .iter()
            .map(|f| {
                kept.as_ref()
                    .and_then(|k| k.orders.iter().find(|o| o.order_id == f.order_id).cloned())
                    .unwrap_or_else(|| f.clone())
            })
            .collect(),
        jobs: kept.map(|k| k.jobs).unwrap_or_default(),
    };
    let tries = RwSignal::new(start);
    Effect::new(move |_| tries.with(|t| drafts.save(DRAFT, t)));
    let inputs = StoredValue::new(inputs);
    let policy = StoredValue::new(policy);
    let official = inputs.with_value(|i| policy.with_value(|p| score(i, p)));
    let today = format!("Today, officially: {} ({}).", official.pss.text(), bonus_text(&official));
    // How long the engine itself took for the last result, read by `cargo xtask bench`.
    let engine_ms = StoredValue::new((0u32, 0.0f64));
    let result = Memo::new(move |_| {
        tries.with(|t| inputs.with_value(|i| tried_inputs(i, t))).map(|tried| {
            let start = now_ms();
            let report = policy.with_value(|p| score(&tried, p));
            let took = now_ms() - start;
            engine_ms.update_value(|(n, ms)| {
                *n += 1;
                *ms = took;
            });
            report
        })
    });
    let engine_figure = move || {
        result.track();
        tries.track();
        let (n, ms) = engine_ms.get_value();
        format!("{n}:{ms:.3}")
    };
    let reset = move |_| {
        drafts.clear(DRAFT);
        tries.set(fresh.clone());
    };
    let open = StoredValue::new(open);
    view! {
        <div class="what-if">
            <div class="what-if-form">
                <section class="score-section" aria-labelledby="open-heading">
                    <h2 id="open-heading">"Your open orders"</h2>
                    {move || {
                        if open.with_value(Vec::is_empty) {
                            return view! { <p class="muted" data-testid="no-open-orders">"You have no open orders. Add a job below to try one."</p> }.into_any();
                        }
                        open.with_value(|jobs| jobs.iter().enumerate().map(|(i, j)| {
                            view! { <OrderTry i=i label=j.label.clone() lead=format::date(j.lead_time) lines=j.lines
                                min_late=j.min_days_late(as_of) still_open=j.check_ins_still_open(as_of) tries=tries /> }
                        }).collect_view()).into_any()
                    }}
                </section>
                <section class="score-section" aria-labelledby="jobs-heading">
                    <h2 id="jobs-heading">"Jobs you have not taken yet"</h2>
                    {move || (0..tries.with(|t| t.jobs.len())).map(|i| view! { <JobTry i=i tries=tries /> }).collect_view()}
                    <div class="actions">
                        <button
                            type="button"
                            class="button secondary"
                            data-testid="add-job"
                            on:click=move |_| tries.update(|t| t.jobs.push(TriedJob { lines: "1".to_owned(), answered: true, ..TriedJob::default() }))
                        >
                            "Add a job"
                        </button>
                        <button type="button" class="button secondary" data-testid="reset" on:click=reset>
                            "Start over"
                        </button>
                    </div>
                </section>
            </div>
            <aside class="what-if-result" aria-labelledby="result-heading" data-testid="what-if-result" data-engine-ms=engine_figure>
                <h2 id="result-heading">"Your score would be"</h2>
                {move || match result.get() {
                    Some(after) => view! {
                        <p class="pss" data-testid="what-if-pss">
                            <span class="pss-value">{after.pss.text()}</span>
                            <span class="pss-of">" / 100"</span>
                        </p>
                        <p data-testid="what-if-bonus">"Bonus on new jobs: " <strong>{bonus_text(&after)}</strong></p>
                        <ScoreChange before=official.clone() after=after />
                    }.into_any(),
                    None => view! { <p class="field-error" role="alert">"Fix the fields marked on the left to see the result."</p> }.into_any(),
                }}
                <p class="muted small">{today}</p>
            </aside>
        </div>
    }
}

/// A labelled text field bound to one string of the tries.
#[component]
fn NumberField(
    id: String,
    label: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field compact">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type="text"
                inputmode="numeric"
                autocomplete="off"
                prop:value=value
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=error_id.clone()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn SaidSelect(id: String, value: Signal<String>, on_change: Callback<String>) -> impl IntoView {
    view! {
        <div class="field compact">
            <label for=id.clone()>"“Will it ship on time?”"</label>
            <select id=id prop:value=value on:change=move |ev| on_change.run(event_target_value(&ev))>
                <option value="">"Not answered"</option>
                <option value="yes">"Yes"</option>
                <option value="no">"No"</option>
            </select>
        </div>
    }
}

#[component]
fn OrderTry(
    i: usize,
    label: String,
    lead: String,
    lines: u32,
    /// The fewest days late it can still ship (its lead time passed that many days ago).
    min_late: i64,
    /// Whether a check-in can still be answered in time.
    still_open: bool,
    tries: RwSignal<Tries>,
) -> impl IntoView {
    let get = move |f: fn(&TriedOrder) -> String| {
        Signal::derive(move || tries.with(|t| t.orders.get(i).map(f).unwrap_or_default()))
    };
    let set = move |f: fn(&mut TriedOrder, String)| {
        Callback::new(move |v: String| {
            tries.update(|t| {
                if let Some(o) = t.orders.get_mut(i) {
                    f(o, v)
                }
            })
        })
    };
    let on = move || tries.with(|t| t.orders.get(i).is_some_and(|o| o.on));
    let days = get(|o| o.days_late.clone());
    let rejected = get(|o| o.rejected.clone());
    let days_error = Signal::derive(move || count(&days.get(), min_late, MAX_DAYS.max(min_late), "days").err());
    let rejected_error = Signal::derive(move || count(&rejected.get(), 0, i64::from(lines), "lines").err());
    let id = format!("try-{i}");
    let passed = (min_late > 0).then(|| {
        format!(
            "Its lead time passed {min_late} day{} ago: it ships at least that late, and its check-ins can no longer be answered in time.",
            if min_late == 1 { "" } else { "s" }
        )
    });
    view! {
        <fieldset class="try" data-testid="try-order" data-order=label.clone()>
            <legend>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=on
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            tries.update(|t| if let Some(o) = t.orders.get_mut(i) { o.on = checked });
                        }
                    />
                    {format!("{label}: lead time {lead}, {lines} line{}", if lines == 1 { "" } else { "s" })}
                </label>
            </legend>
            {passed.map(|p| view! { <p class="small muted" data-testid="try-passed">{p}</p> })}
            <Show when=on>
                <div class="try-fields">
                    <NumberField id=format!("{id}-days") label="Days late" value=days on_input=set(|o, v| o.days_late = v) error=days_error />
                    <NumberField id=format!("{id}-rejected") label="Rejected lines" value=rejected on_input=set(|o, v| o.rejected = v) error=rejected_error />
                    <SaidSelect id=format!("{id}-said") value=get(|o| o.said.clone()) on_change=set(|o, v| o.said = v) />
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || tries.with(|t| t.orders.get(i).is_some_and(|o| o.answer_rest))
                            on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                tries.update(|t| if let Some(o) = t.orders.get_mut(i) { o.answer_rest = checked });
                            }
                        />
                        {if still_open { "Answer the other check-ins in time" } else { "Answer the other check-ins (too late to count as in time)" }}
                    </label>
                </div>
            </Show>
        </fieldset>
    }
}

#[component]
fn JobTry(i: usize, tries: RwSignal<Tries>) -> impl IntoView {
    let get = move |f: fn(&TriedJob) -> String| {
        Signal::derive(move || tries.with(|t| t.jobs.get(i).map(f).unwrap_or_default()))
    };
    let set = move |f: fn(&mut TriedJob, String)| {
        Callback::new(move |v: String| {
            tries.update(|t| {
                if let Some(j) = t.jobs.get_mut(i) {
                    f(j, v)
                }
            })
        })
    };
    let lines = get(|j| j.lines.clone());
    let rejected = get(|j| j.rejected.clone());
    let days = get(|j| j.days_late.clone());
    let lines_error = Signal::derive(move || count(&lines.get(), 1, MAX_LINES, "lines").err());
    let rejected_error = Signal::derive(move || {
        let max = count(&lines.get(), 1, MAX_LINES, "lines").unwrap_or(MAX_LINES);
        count(&rejected.get(), 0, max, "lines").err()
    });
    let days_error = Signal::derive(move || count(&days.get(), 0, MAX_DAYS, "days").err());
    let id = format!("job-{i}");
    view! {
        <fieldset class="try" data-testid="try-job">
            <legend>{format!("New job {}", i + 1)}</legend>
            <div class="try-fields">
                <NumberField id=format!("{id}-lines") label="Line items" value=lines on_input=set(|j, v| j.lines = v) error=lines_error />
                <NumberField id=format!("{id}-rejected") label="Rejected lines" value=rejected on_input=set(|j, v| j.rejected = v) error=rejected_error />
                <NumberField id=format!("{id}-days") label="Days late" value=days on_input=set(|j, v| j.days_late = v) error=days_error />
                <SaidSelect id=format!("{id}-said") value=get(|j| j.said.clone()) on_change=set(|j, v| j.said = v) />
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || tries.with(|t| t.jobs.get(i).is_some_and(|j| j.answered))
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            tries.update(|t| if let Some(j) = t.jobs.get_mut(i) { j.answered = checked });
                        }
                    />
                    "All check-ins answered in time"
                </label>
                <button
                    type="button"
                    class="button secondary"
                    on:click=move |_| tries.update(|t| { if i < t.jobs.len() { t.jobs.remove(i); } })
                >
                    {format!("Remove new job {}", i + 1)}
                </button>
            </div>
        </fieldset>
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
