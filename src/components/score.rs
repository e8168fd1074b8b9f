//! The score before and after something the partner is about to do (R-PSS-8), computed in the
//! browser by `portal-core`'s engine from what the official score was computed from.

use leptos::prelude::*;
use portal_core::score::{Component, ScoreInputs, ScorePolicy, ScoreReport, score};

use crate::api;

/// "+4%", or "no bonus".
pub fn bonus_text(r: &ScoreReport) -> String {
    if r.bonus.percent.0 == 0 { "no bonus".to_owned() } else { format!("+{}%", r.bonus.percent.short()) }
}

/// The score, the bonus and the components that change between `before` and `after`.
#[component]
pub fn ScoreChange(before: ScoreReport, after: ScoreReport) -> impl IntoView {
    let changed: Vec<(Component, String, String)> = Component::ALL
        .iter()
        .filter_map(|c| {
            let (b, a) = (before.component(*c)?.score, after.component(*c)?.score);
            (a != b).then(|| (*c, b.text(), a.text()))
        })
        .collect();
    let direction = match after.pss.cmp(&before.pss) {
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Equal => "same",
    };
    view! {
        <dl class="score-change" data-direction=direction>
            <div>
                <dt>"Partner Success Score"</dt>
                <dd data-testid="preview-pss">
                    {before.pss.text()} " → " <strong>{after.pss.text()}</strong>
                    <span class="muted">" (" {before.pss.change_to(after.pss)} ")"</span>
                </dd>
            </div>
            <div>
                <dt>"Bonus on new jobs"</dt>
                <dd data-testid="preview-bonus">{bonus_text(&before)} " → " <strong>{bonus_text(&after)}</strong></dd>
            </div>
            {changed
                .into_iter()
                .map(|(c, b, a)| {
                    view! {
                        <div>
                            <dt>{c.label()}</dt>
                            <dd>{b} " → " <strong>{a}</strong></dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// Loads what the score is computed from once, for previews on the page that shows them.
pub fn score_basis() -> LocalResource<Result<(ScoreInputs, ScorePolicy), api::ApiError>> {
    LocalResource::new(api::score_basis)
}

/// A preview box: `title`, then the score now and after `change` (which may read signals: the
/// preview follows them). Shows nothing until the basis is loaded, or when `change` gives `None`.
#[component]
pub fn ScorePreview(
    basis: LocalResource<Result<(ScoreInputs, ScorePolicy), api::ApiError>>,
    /// What the partner is about to do, applied to the inputs.
    change: Callback<ScoreInputs, Option<ScoreInputs>>,
    #[prop(into)] title: String,
    #[prop(optional, into)] note: Option<String>,
) -> impl IntoView {
    let preview = move || {
        let Some(Ok((inputs, policy))) = basis.get() else { return None };
        let after = change.run(inputs.clone())?;
        Some((score(&inputs, &policy), score(&after, &policy)))
    };
    move || {
        preview().map(|(before, after)| {
            let note = note.clone();
            view! {
                <section class="score-preview" data-testid="score-preview" aria-live="polite">
                    <h3>{title.clone()}</h3>
                    <ScoreChange before=before after=after />
                    {note.map(|n| view! { <p class="muted small">{n}</p> })}
                </section>
            }
        })
    }
}
