//! The 26-week history as an SVG line chart, drawn by the SPA itself (no chart library). Moving
//! the pointer over it or tapping it picks the nearest week; the buttons below step through the
//! weeks from the keyboard; a table carries the same figures for screen readers.

use leptos::prelude::*;
use portal_core::api::ScoreWeek;
use portal_core::format;
use portal_core::score::ScorePolicy;
use wasm_bindgen::JsCast;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
/// Room right of the plot for the tiers' labels, so no point or line covers them.
const RIGHT: f64 = 48.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 44.0;
/// A date under every this many weeks, counted back from the last.
const TICK_WEEKS: usize = 5;

/// The week a pointer at `fraction` (0 at the left edge of the drawing, 1 at the right) points at.
pub fn nearest_week(fraction: f64, weeks: usize) -> usize {
    if weeks < 2 {
        return 0;
    }
    let plot = (fraction * W - LEFT) / (W - LEFT - RIGHT);
    let last = (weeks - 1) as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = (plot * last).round().clamp(0.0, last) as usize;
    i
}

fn readout(w: &ScoreWeek) -> String {
    let events: String = w.events.iter().map(|e| format!(" · {}", e.text)).collect();
    if w.jobs == 0 {
        return format!(
            "Week ending {}: no shipped jobs in the window, so no score{events}",
            format::date(w.week_ending)
        );
    }
    let bonus = if w.bonus.0 > 0 { format!("+{}% bonus", w.bonus.short()) } else { "no bonus".to_owned() };
    let provisional = if w.provisional { ", provisional" } else { "" };
    format!("Week ending {}: {} ({bonus}{provisional}){events}", format::date(w.week_ending), w.pss.text())
}

#[component]
pub fn ScoreChart(weeks: Vec<ScoreWeek>, policy: ScorePolicy) -> impl IntoView {
    if weeks.is_empty() {
        return view! { <p class="muted">"No history yet."</p> }.into_any();
    }
    let n = weeks.len();
    // Issue 17: a week without shipped jobs has no score: no point, and the line breaks there.
    let lowest = weeks.iter().filter(|w| w.jobs > 0).map(|w| w.pss.0).min().unwrap_or(1000);
    // From a round figure under the lowest week and the first tier, to 100.
    let floor = (lowest.min(policy.tiers.first().map_or(800, |t| t.min.0)).saturating_sub(50) / 100 * 100).min(900);
    let x = move |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / (n.max(2) - 1) as f64;
    let y = move |tenths: u32| {
        TOP + (H - TOP - BOTTOM) * (1.0 - f64::from(tenths.saturating_sub(floor)) / f64::from(1000 - floor))
    };
    let mut segments: Vec<Vec<String>> = vec![Vec::new()];
    for (i, w) in weeks.iter().enumerate() {
        if w.jobs == 0 {
            segments.push(Vec::new());
        } else if let Some(current) = segments.last_mut() {
            current.push(format!("{:.1},{:.1}", x(i), y(w.pss.0)));
        }
    }
    let lines: Vec<String> = segments.into_iter().filter(|s| !s.is_empty()).map(|s| s.join(" ")).collect();
    let ticks: Vec<(usize, String)> =
        (0..n).rev().step_by(TICK_WEEKS).map(|i| (i, format::short_date(weeks[i].week_ending))).collect();
    let marks: Vec<(usize, String, &'static str)> = weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.events.is_empty())
        .map(|(i, w)| {
            let kind = w.events.first().map_or("", |e| match e.kind {
                portal_core::score::ScoreEventKind::Rma => "rma",
                portal_core::score::ScoreEventKind::Late => "late",
                portal_core::score::ScoreEventKind::LetGo => "let-go",
            });
            (i, w.events.iter().map(|e| e.text.clone()).collect::<Vec<_>>().join("; "), kind)
        })
        .collect();
    let selected = RwSignal::new(n - 1);
    let weeks = StoredValue::new(weeks);
    let pick = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let rect = el.get_bounding_client_rect();
        if rect.width() > 0.0 {
            selected.set(nearest_week((f64::from(ev.client_x()) - rect.left()) / rect.width(), n));
        }
    };
    let grid: Vec<u32> = (floor..=1000).step_by(100).collect();
    let tiers = policy.tiers.clone();
    let first_label = weeks.with_value(|w| format::date(w[0].week_ending));
    let last_label = weeks.with_value(|w| format::date(w[n - 1].week_ending));
    view! {
        <figure class="chart" data-testid="score-chart">
            <svg
                viewBox=format!("0 0 {W} {H}")
                role="img"
                aria-label=format!("Your weekly score from {first_label} to {last_label}; the figures are in the table below.")
                on:mousemove=pick
                on:click=pick
            >
                {grid.into_iter().map(|g| view! {
                    <line class="grid" x1=LEFT x2=W - RIGHT y1=y(g) y2=y(g) />
                    <text class="axis" x=LEFT - 6.0 y=y(g) + 4.0 text-anchor="end">{g / 10}</text>
                }).collect_view()}
                {tiers.into_iter().filter(|t| t.min.0 > floor).map(|t| view! {
                    <line class="tier" x1=LEFT x2=W - RIGHT y1=y(t.min.0) y2=y(t.min.0) />
                    <text class="tier-label" x=W - RIGHT + 4.0 y=y(t.min.0) + 4.0 text-anchor="start">
                        {format!("+{}%", t.bonus.short())}
                    </text>
                }).collect_view()}
                {lines.into_iter().map(|points| view! { <polyline class="score-line" points=points fill="none" /> }).collect_view()}
                // The weeks something moved the score: a marker under the week, named on hover
                // and in the readout.
                {marks.into_iter().map(|(i, what, kind)| view! {
                    <path class=format!("event-mark {kind}") data-testid="event-mark"
                        d=format!("M{:.1},{:.1} l-6,10 h12 z", x(i), H - BOTTOM + 4.0)>
                        <title>{what}</title>
                    </path>
                }).collect_view()}
                {ticks.into_iter().map(|(i, label)| view! {
                    <line class="tick" x1=x(i) x2=x(i) y1=H - BOTTOM y2=H - BOTTOM + 16.0 />
                    <text class="axis" data-testid="axis-date" x=x(i) y=H - 8.0 text-anchor="middle">{label}</text>
                }).collect_view()}
                {move || weeks.with_value(|ws| ws.iter().enumerate().filter(|(_, w)| w.jobs > 0).map(|(i, w)| {
                    let here = selected.get() == i;
                    view! {
                        <circle
                            class="point"
                            class:selected=here
                            class:provisional=w.provisional
                            cx=x(i)
                            cy=y(w.pss.0)
                            r=if here { 7 } else { 4 }
                        />
                    }
                }).collect_view())}
            </svg>
            <figcaption class="chart-controls">
                <button
                    type="button"
                    class="button secondary"
                    data-testid="chart-earlier"
                    disabled=move || selected.get() == 0
                    on:click=move |_| selected.update(|s| *s = s.saturating_sub(1))
                >
                    "‹ Earlier week"
                </button>
                <p class="chart-readout" data-testid="chart-readout" aria-live="polite">
                    {move || weeks.with_value(|ws| readout(&ws[selected.get().min(n - 1)]))}
                </p>
                <button
                    type="button"
                    class="button secondary"
                    data-testid="chart-later"
                    disabled=move || { selected.get() + 1 >= n }
                    on:click=move |_| selected.update(|s| *s = (*s + 1).min(n - 1))
                >
                    "Later week ›"
                </button>
            </figcaption>
            <table class="visually-hidden">
                <caption>"Your score at the end of each week"</caption>
                <thead><tr><th scope="col">"Week ending"</th><th scope="col">"Score"</th><th scope="col">"Bonus"</th><th scope="col">"What moved it"</th></tr></thead>
                <tbody>
                    {weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr>
                            <td>{format::date(w.week_ending)}</td>
                            <td>{if w.jobs == 0 { "no score (no shipped jobs)".to_owned() } else { w.pss.text() }}</td>
                            <td>{if w.bonus.0 > 0 { format!("+{}%", w.bonus.short()) } else { "none".to_owned() }}</td>
                            <td>{w.events.iter().map(|e| e.text.clone()).collect::<Vec<_>>().join("; ")}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </figure>
    }
    .into_any()
}
