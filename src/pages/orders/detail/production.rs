//! R-ORD-3, R-ORD-7: the production order, its confirmation, or handing the order back.

use leptos::prelude::*;
use portal_core::api::OrderStatus;
use portal_core::draft::hand_back::{HandBackDraft, HandBackDraftStoreFields};
use portal_core::order::detail::HAND_BACK_REASON_MAX_CHARS;

use crate::api;
use crate::components::dialog::ConfirmDialog;
use crate::components::icons::CheckIcon;
use crate::components::score::{ScorePreview, score_basis};
use crate::forms::fields::TextArea;
use crate::forms::{Form, one_step};

use super::Page;

/// R-ORD-3: the production order, its confirmation, or handing the order back.
#[component]
pub(super) fn ProductionSection(page: Page) -> impl IntoView {
    let Page { order, etag, .. } = page;
    let id = page.id();
    let confirm_open = RwSignal::new(false);
    let confirm = Action::new_local(move |(): &()| {
        let e = etag.get_untracked();
        async move { api::confirm_production(id, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = confirm.value().get() {
            confirm_open.set(false);
            page.apply(result, "confirmation");
        }
    });
    let hand_back_open = RwSignal::new(false);
    // R-ORD-3: the production order was opened here (the server records the download).
    let downloaded = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="production-title" data-testid="production">
            <h2 id="production-title">"Production"</h2>
            <p>
                <a class="button secondary" href=api::production_order_url(id) download data-testid="production-order"
                    // The server records the download (R-ORD-3); confirming is possible from now.
                    on:click=move |_| downloaded.set(true)>
                    "Download production order (PDF)"
                </a>
            </p>
            {move || {
                let d = order.read();
                match (d.production_confirmed_at, d.confirmed_on_accept) {
                    (Some(_), true) => view! {
                        <p class="done-line" data-testid="production-confirmed"><CheckIcon />
                            "You confirmed this order when you accepted the job: nothing to do here."</p>
                    }.into_any(),
                    (Some(at), false) => view! {
                        <p class="done-line" data-testid="production-confirmed"><CheckIcon />
                            "Production order confirmed " <time datetime=at.to_rfc3339() title=crate::components::clock::local_time(at)>{crate::components::clock::local_date(at)}</time> "."</p>
                    }.into_any(),
                    (None, _) if d.order.status == OrderStatus::HandedBack => view! {
                        <p data-testid="production-handed-back">"Handed back: there is nothing to confirm."</p>
                    }.into_any(),
                    (None, _) => {
                        let read = d.production_order_downloaded_at.is_some();
                        view! {
                            <p>"This order came from your counteroffer, so its terms differ from the job's. Download the production order, check it, then confirm it within 2 days of winning. If you cannot make it after all, hand it back now: the job goes back to the board."</p>
                            <p class="muted small" data-testid="confirm-needs-download" class:hidden=move || read || downloaded.get()>
                                "Download the production order first: confirming is possible once you have read it."
                            </p>
                            <p class="actions">
                                <button class="button primary" data-testid="confirm-production"
                                    disabled=move || !(read || downloaded.get())
                                    on:click=move |_| confirm_open.set(true)>
                                    "Confirm production order"
                                </button>
                                <button class="button secondary" data-testid="hand-back" on:click=move |_| hand_back_open.set(true)>
                                    "Hand the order back"
                                </button>
                            </p>
                        }.into_any()
                    }
                }
            }}
            {move || hand_back_open.get().then(|| view! { <HandBackDialog page=page open=hand_back_open /> })}
            <ConfirmDialog name="confirm-production" open=confirm_open title="Confirm the production order?"
                confirm_label="Confirm" pending=confirm.pending()
                error=Signal::derive(|| None::<String>)
                on_confirm=Callback::new(move |()| { confirm.dispatch(()); })
                on_cancel=Callback::new(move |()| confirm_open.set(false))>
                <p>"You confirm you can make every line as the production order describes, by the lead time. This cannot be undone."</p>
            </ConfirmDialog>
        </section>

    }
}

/// R-ORD-7: handing the order back, with a reason, and the score it costs.
#[component]
fn HandBackDialog(page: Page, open: RwSignal<bool>) -> impl IntoView {
    let id = page.id();
    let form = Form::new(HandBackDraft::default(), HandBackDraft::errors, one_step);
    let hand_back = Action::new_local(move |reason: &String| {
        let (reason, e) = (reason.clone(), page.etag.get_untracked());
        async move { api::hand_back(id, &reason, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = hand_back.value().get() {
            page.apply(result, "hand-back");
            open.set(false);
        }
    });
    let number = StoredValue::new(page.order.with_untracked(|o| o.order.number.clone()));
    view! {
        <ConfirmDialog name="hand-back" open=true title="Hand this order back?"
            confirm_label="Hand back" pending=hand_back.pending()
            error=Signal::derive(|| None::<String>)
            on_confirm=Callback::new(move |()| {
                if form.feedback.show_step(1).is_empty() {
                    hand_back.dispatch(form.draft.with_untracked(|d| d.to_request().reason));
                }
            })
            on_cancel=Callback::new(move |()| open.set(false))>
            <p>"The job goes back to the board for partners who have not seen it. A job you took on and handed back counts against your engagement score. This cannot be undone."</p>
            <ScorePreview basis=score_basis() title="Your score if you hand it back"
                change=Callback::new(move |inputs: portal_core::score::ScoreInputs| Some(number.with_value(|n| inputs.with_handed_back(n)))) />
            <TextArea id="hand-back-reason" label="Why are you handing it back?" field="reason"
                value=form.draft.reason() max=HAND_BACK_REASON_MAX_CHARS />
        </ConfirmDialog>
    }
}
