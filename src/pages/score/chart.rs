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
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

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
    let bonus = if w.bonus.0 > 0 { format!("+{}% bonus", w.bonus.short()) } else { "no bonus".to_owned() };
    let provisional = if w.provisional { ", provisional" } else { "" };
    format!("Week ending {}: {} ({bonus}{provisional})", format::date(w.week_ending), w.pss.text())
}

#[component]
pub fn ScoreChart(weeks: Vec<ScoreWeek>, policy: ScorePolicy) -> impl IntoView {
    if weeks.is_empty() {
        return view! { <p class="muted">"No history yet."</p> }.into_any();
    }
    let n = weeks.len();
    let lowest = weeks.iter().map(|w| w.pss.0).min().unwrap_or(0);
    // From a round figure under the lowest week and the first tier, to 100.
    let floor = (lowest.min(policy.tiers.first().map_or(800, |t| t.min.0)).saturating_sub(50) / 100 * 100).min(900);
    let x = move |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / (n.max(2) - 1) as f64;
    let y = move |tenths: u32| {
        TOP + (H - TOP - BOTTOM) * (1.0 - f64::from(tenths.saturating_sub(floor)) / f64::from(1000 - floor))
    };
    let line: String =
        weeks.iter().enumerate().map(|(i, w)| format!("{:.1},{:.1}", x(i), y(w.pss.0))).collect::<Vec<_>>().join(" ");
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
                    <text class="tier-label" x=W - RIGHT - 2.0 y=y(t.min.0) - 3.0 text-anchor="end">
                        {format!("+{}%", t.bonus.short())}
                    </text>
                }).collect_view()}
                <polyline class="score-line" points=line fill="none" />
                {move || weeks.with_value(|ws| ws.iter().enumerate().map(|(i, w)| {
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
                <text class="axis" x=LEFT y=H - 8.0>{first_label.clone()}</text>
                <text class="axis" x=W - RIGHT y=H - 8.0 text-anchor="end">{last_label.clone()}</text>
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
                <thead><tr><th scope="col">"Week ending"</th><th scope="col">"Score"</th><th scope="col">"Bonus"</th></tr></thead>
                <tbody>
                    {weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr>
                            <td>{format::date(w.week_ending)}</td>
                            <td>{w.pss.text()}</td>
                            <td>{if w.bonus.0 > 0 { format!("+{}%", w.bonus.short()) } else { "none".to_owned() }}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </figure>
    }
    .into_any()
}
