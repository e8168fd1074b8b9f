//! R-ORD-4: the check-ins, and what the on-time answer means for the score.

use leptos::prelude::*;
use portal_core::api::CheckIn;
use portal_core::format;
use portal_core::order::CheckInQuestion;

use crate::api;

use super::Page;

/// R-ORD-4: the check-ins, each answered yes or no until it is final.
#[component]
pub(super) fn CheckInsSection(page: Page) -> impl IntoView {
    let Page { order, etag, today, finished, .. } = page;
    let id = page.id();
    let answer = Action::new_local(move |(q, a): &(CheckInQuestion, bool)| {
        let (q, a, e) = (*q, *a, etag.get_untracked());
        async move { api::check_in(id, q, a, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = answer.value().get() {
            page.apply(result, "answer");
        }
    });
    view! {
        <section class="panel" aria-labelledby="checkins-title" data-testid="check-ins">
            <h2 id="checkins-title">"Check-ins"</h2>
            <p class="muted">"Keep the marketplace informed. Each answer can be changed until its due date (the lead time) and is final after it. Answering “yes” to the on-time question and then shipping late lowers your score. “Shipped” is answered per package, on the day of pickup, under Shipping."</p>
            <ul class="check-ins">
                {CheckInQuestion::ALL.iter().map(|&q| {
                    let row = move || order.read().check_ins.iter().find(|c| c.question == q).cloned();
                    let open = move || q.is_open(order.read().order.lead_time, today.get());
                    let is_final = move || row().is_some_and(|c| c.answer.is_some() && q.is_final(order.read().order.lead_time, today.get()));
                    let chosen = move |v: bool| row().and_then(|c| c.answer) == Some(v);
                    let pending = answer.pending();
                    view! {
                        <li class="check-in" data-testid=format!("check-in-{}", q.slug()) data-final=move || is_final().to_string()>
                            <span class="question" id=format!("q-{}", q.slug())>{q.label()}</span>
                            <span class="answers" role="group" aria-labelledby=format!("q-{}", q.slug())
                                class:hidden=move || finished.get() || is_final()>
                                {[(true, "Yes"), (false, "No")].into_iter().map(|(v, word)| view! {
                                    <button class="button secondary answer" aria-pressed=move || chosen(v).to_string()
                                        disabled=move || !open() || pending.get()
                                        data-testid=format!("check-in-{}-{}", q.slug(), word.to_lowercase())
                                        on:click=move |_| { answer.dispatch((q, v)); }>
                                        {word}
                                    </button>
                                }).collect_view()}
                            </span>
                            <span class="answered muted small" data-testid=format!("check-in-{}-state", q.slug())>
                                {move || row().map(|c| check_in_state(&c, open(), is_final(), q.is_final(order.read().order.lead_time, today.get())))}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || {
                let d = order.read();
                let q = d.check_ins.iter().find(|c| c.question == CheckInQuestion::OnTime);
                let unanswered = q.is_none_or(|c| c.answered_at.is_none());
                let open = CheckInQuestion::OnTime.is_open(d.order.lead_time, today.get());
                (unanswered && open && d.not_left() > 0 && !d.order.status.is_finished()).then(|| view! { <OnTimePreview order_id=id lead_time=d.order.lead_time /> })
            }}
        </section>

    }
}

/// R-PSS-8: before answering "Will it ship on time?", what each answer means for the score if the
/// order then ships on time or a day late (the rest of the score as it is today).
#[component]
fn OnTimePreview(order_id: i64, lead_time: chrono::NaiveDate) -> impl IntoView {
    let basis = crate::components::score::score_basis();
    let rows = move || {
        let Some(Ok((inputs, policy))) = basis.get() else { return None };
        let now = portal_core::score::score(&inputs, &policy);
        let case = |yes: bool, late: i64| {
            let after = inputs
                .with_on_time_answer(order_id, yes)
                .with_shipped(order_id, lead_time + chrono::Duration::days(late));
            portal_core::score::score(&after, &policy)
        };
        Some((
            now,
            [
                ("Yes", "on time", case(true, 0)),
                ("Yes", "1 day late", case(true, 1)),
                ("No", "1 day late", case(false, 1)),
            ],
        ))
    };
    move || {
        rows().map(|(now, cases)| view! {
        <section class="score-preview" data-testid="on-time-preview">
            <h3>"What your answer means for your score"</h3>
            <table class="compact-table">
                <caption class="visually-hidden">"Your score after answering, by when the order ships"</caption>
                <thead><tr><th scope="col">"Answer"</th><th scope="col">"It ships"</th><th scope="col" class="num">"Score"</th><th scope="col">"Bonus"</th></tr></thead>
                <tbody>
                    {cases.into_iter().map(|(answer, ships, r)| view! {
                        <tr data-testid="on-time-case">
                            <td>{answer}</td>
                            <td>{ships}</td>
                            <td class="num">{r.pss.text()} <span class="muted small">" (" {now.pss.change_to(r.pss)} ")"</span></td>
                            <td>{crate::components::score::bonus_text(&r)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="muted small">"An honest “no” costs nothing; a “yes” followed by a late shipment loses this order's communication points."</p>
        </section>
    })
    }
}

/// R-ORD-4 (revised): what the partner reads beside a check-in: when it opens and is due, the
/// standing answer, whether it can still be changed, and earlier answers.
fn check_in_state(c: &CheckIn, open: bool, is_final: bool, past_due: bool) -> String {
    let due = format::date(c.due_on);
    let standing = c.answered_at.zip(c.answer).map(|(at, yes)| {
        format!("Answered {} at {}", if yes { "yes" } else { "no" }, crate::components::clock::local_time(at))
    });
    let earlier: Vec<String> = c
        .history
        .iter()
        .rev()
        .skip(1)
        .map(|h| format!("{} at {}", if h.answer { "yes" } else { "no" }, crate::components::clock::local_time(h.at)))
        .collect();
    let earlier = if earlier.is_empty() { String::new() } else { format!(" (earlier: {})", earlier.join("; ")) };
    match standing {
        Some(text) if is_final => format!("{text}{earlier}. Final."),
        Some(text) => format!("{text}{earlier}. You can change it until {due}."),
        None if !open => c.opens_on.map(|d| format!("Opens on {}, due by {due}", format::date(d))).unwrap_or_default(),
        None if past_due => format!("Not answered by {due}, its due date: an answer now is late, and final at once."),
        None => format!("Not answered yet. Due by {due}."),
    }
}
