//! `/orders/:id`: one order's stages (R-ORD-2): production order and confirmation (R-ORD-3),
//! check-ins (R-ORD-4), quality control uploads (R-ORD-5), packing (R-ORD-6), shipments with
//! labels and tracking (R-SHP-5), and the invoice stage (R-INV-1..5). Updates send the version
//! read; when another tab changed the order first, the page says what changed instead.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_core::api::{CheckIn, OrderDetail, OrderStatus, Shipment, StoredFile};
use portal_core::draft::hand_back::{HandBackDraft, HandBackDraftStoreFields};
use portal_core::format;
use portal_core::order::detail::{HAND_BACK_REASON_MAX_CHARS, describe_changes};
use portal_core::order::{CheckInQuestion, urgency, visual_inspection};
use portal_core::shipping::{Delivery, ShipmentStatus, measure_text};
use portal_core::upload::Purpose;

use super::{StageMarks, UrgencyBadge, today_in};
use crate::api::{self, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::icons::{CheckIcon, WarningIcon};
use crate::components::score::{ScorePreview, score_basis};
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{TextArea, UploadField};
use crate::forms::{Form, one_step};

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let order = LocalResource::new(move || api::order(id()));
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <p class="back"><A href="/orders">"← My orders"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the order…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (detail, etag) = order.await?;
                    Ok::<_, ApiError>(view! { <OrderView detail=detail etag=etag /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// What an update returns: the new order and version, or why not.
type Updated = Result<(OrderDetail, String), ApiError>;

/// The order on the page, its version and the page's notice: what every section shares.
#[derive(Clone, Copy)]
struct Page {
    order: RwSignal<OrderDetail>,
    etag: RwSignal<String>,
    notice: RwSignal<Option<(bool, String)>>,
    today: Signal<NaiveDate>,
    /// Closed or handed back: nothing the server would refuse is offered (R-ORD-7).
    finished: Signal<bool>,
}

impl Page {
    fn id(self) -> i64 {
        self.order.with_untracked(|o| o.order.id)
    }

    /// After any update: take the new version; when it was stale, load the current one and say
    /// what changed instead of overwriting it.
    fn apply(self, result: Updated, what: &'static str) {
        let Page { order, etag, notice, .. } = self;
        match result {
            Ok((d, e)) => {
                order.set(d);
                etag.set(e);
                notice.set(None);
            }
            Err(err) if err.status() == Some(412) => {
                let old = order.get_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok((fresh, e)) = api::order(old.order.id).await {
                        let changes = describe_changes(&old, &fresh);
                        order.set(fresh);
                        etag.set(e);
                        notice.set(Some((
                            false,
                            format!(
                                "This order was changed in another tab or by a colleague: {} Your {what} was not saved; \
                                 check the order as it is now and try again if it is still needed.",
                                changes.join(" ")
                            ),
                        )));
                    }
                });
            }
            Err(err) => notice.set(Some((false, err.to_string()))),
        }
    }

    /// Loads the order again (an upload changed it).
    fn refresh(self) {
        let id = self.id();
        leptos::task::spawn_local(async move {
            if let Ok((d, e)) = api::order(id).await {
                self.order.set(d);
                self.etag.set(e);
            }
        });
    }
}

#[component]
fn OrderView(detail: OrderDetail, etag: String) -> impl IntoView {
    let order = RwSignal::new(detail);
    let today = today_in(order.with_untracked(|o| o.order.price.currency));
    let finished = Signal::derive(move || order.read().order.status.is_finished());
    let page = Page { order, etag: RwSignal::new(etag), notice: RwSignal::new(None), today, finished };
    let order_id = page.id();
    let invoice_start = LocalResource::new(move || {
        // Reloads when the order changes (a new shipment or invoice).
        order.track();
        api::invoice_start(order_id)
    });
    view! {
        <OrderHead page=page />
        <Banners page=page invoice_start=invoice_start />
        <section class="panel" aria-labelledby="stages-title">
            <h2 id="stages-title">"Stages"</h2>
            {move || view! { <StageMarks marks=order.read().stages.clone() /> }}
        </section>

        <ProductionSection page=page />
        <CheckInsSection page=page />
        <QualityControl order=order finished=finished on_uploaded=Callback::new(move |_| page.refresh()) />
        <section class="panel" aria-labelledby="packing-title" data-testid="packing">
            <h2 id="packing-title">"Packing checklist"</h2>
            <ul class="checklist">
                {move || order.read().packing.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
            </ul>
        </section>

        <ShippingSection page=page />
        <InvoiceSection order=order start=invoice_start />
    }
}

#[component]
fn OrderHead(page: Page) -> impl IntoView {
    let Page { order, today, .. } = page;
    let o = move || order.read().order.clone();
    view! {
        <div class="page-head order-head">
            <h1 data-testid="order-title">"Order " {move || o().number}</h1>
            <p class="order-facts">
                <span>{move || order.read().lines.iter().map(|l| l.part_name.clone()).collect::<Vec<_>>().join(", ")}</span>
                <span>{move || format!("{} · {}", o().process.label(), o().material.label())}</span>
                <span>"Lead time (ship by): " <strong><time datetime=move || o().lead_time.to_string()>{move || format::date(o().lead_time)}</time></strong></span>
                {move || { let d = order.read(); (d.order.status == OrderStatus::InProduction).then(|| view! { <UrgencyBadge urgency=urgency(d.order.lead_time, today.get(), d.not_left()) /> }) }}
                <span class="badge" data-testid="order-status">{move || o().status.label()}</span>
                <span class="money">{move || o().price.display()}</span>
                {move || o().bonus.map(|b| view! { <span class="money" data-testid="order-bonus">"+ " {b.display()} " bonus"</span> })}
            </p>
        </div>
    }
}

/// What happened to the order, said at the top: closed, handed back, changed elsewhere,
/// shipping published, invoice submitted.
#[component]
fn Banners(
    page: Page,
    invoice_start: LocalResource<Result<portal_core::api::InvoiceStart, ApiError>>,
) -> impl IntoView {
    let Page { order, notice, .. } = page;
    let query = use_query_map();
    let published = Memo::new(move |_| query.read().get("published").and_then(|v| v.parse::<i64>().ok()));
    let invoiced = Memo::new(move |_| query.read().get("invoiced").and_then(|v| v.parse::<i64>().ok()));
    // R-INV-5: the invoice just submitted, with its payment date.
    let just_invoiced = move || {
        let n = invoiced.get()?;
        let start = invoice_start.get()?.ok()?;
        start.invoices.into_iter().find(|i| i.id == n)
    };
    view! {
        {move || {
            let d = order.read();
            match d.order.status {
                OrderStatus::Closed => Some(view! {
                    <p class="banner success" role="status" data-testid="closed-banner">
                        <CheckIcon /><span>"This order is closed: delivered, and its invoice paid. Nothing more to do."</span>
                    </p>
                }.into_any()),
                OrderStatus::HandedBack => Some(view! {
                    <p class="banner info" role="status" data-testid="handed-back-banner">
                        <CheckIcon /><span>{format!(
                            "You handed this order back on {}: “{}”. The job went back to the board.",
                            d.handed_back_at.map(|at| format::date(at.date_naive())).unwrap_or_default(),
                            d.hand_back_reason.clone().unwrap_or_default()
                        )}</span>
                    </p>
                }.into_any()),
                OrderStatus::InProduction | OrderStatus::Shipped => None,
            }
        }}
        {move || notice.get().map(|(_, text)| view! {
            <p class="banner warning" role="alert" data-testid="order-notice"><WarningIcon /><span>{text}</span></p>
        })}
        {move || published.get().map(|_| view! {
            <p class="banner success" role="status" data-testid="published-banner">
                <CheckIcon /><span>"Shipping information published. Print the label from the shipment below."</span>
            </p>
        })}
        {move || just_invoiced().map(|i| view! {
            <p class="banner success" role="status" data-testid="invoiced-banner">
                <CheckIcon /><span>{format!(
                    "Invoice {} submitted. Expected payment on {} (can take up to 48 hours to post). The order now waits for the marketplace.",
                    i.invoice_number, format::date(i.payment_date)
                )}</span>
            </p>
        })}
    }
}

/// R-ORD-3: the production order, its confirmation, or handing the order back.
#[component]
fn ProductionSection(page: Page) -> impl IntoView {
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
                            "Production order confirmed " <time datetime=at.to_rfc3339() title=format::instant(at)>{format::date(at.date_naive())}</time> "."</p>
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

/// R-ORD-4: the check-ins, each answered yes or no until it is final.
#[component]
fn CheckInsSection(page: Page) -> impl IntoView {
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

/// R-SHP-1..5: what is left to ship, the shipments, and the "Shipped" check-in per package.
#[component]
fn ShippingSection(page: Page) -> impl IntoView {
    let Page { order, etag, today, .. } = page;
    let id = page.id();
    // R-ORD-4 (5): the "Shipped" check-in for a package, answered on the day of pickup.
    let pickup_for = RwSignal::new(None::<i64>);
    let pickup = Action::new_local(move |shipment: &i64| {
        let (shipment, e) = (*shipment, etag.get_untracked());
        async move { api::shipped(id, shipment, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = pickup.value().get() {
            pickup_for.set(None);
            page.apply(result, "“Shipped” check-in");
        }
    });
    view! {
        <section class="panel" aria-labelledby="shipping-title" data-testid="shipping">
            <h2 id="shipping-title">"Shipping"</h2>
            {move || {
                let d = order.read();
                let left = d.left_to_ship();
                let waiting: u32 = d.lines.iter().map(|l| l.awaiting_pickup()).sum();
                let blocked = d.shipping_blocked.clone();
                let finished = d.order.status.is_finished();
                view! {
                    <p class="warning-line" class:hidden=blocked.is_none() || finished role="note">
                        <WarningIcon /><span>{blocked.clone()}</span>
                    </p>
                    {if finished && d.shipments.is_empty() {
                        view! { <p>"Nothing was shipped."</p> }.into_any()
                    } else if left > 0 {
                        view! {
                            <p>{format!("{left} part(s) left to ship. Publish shipping information at least one day before the lead time.")}</p>
                            {blocked.is_none().then(|| view! {
                                <A href=format!("/orders/{id}/ship") attr:class="button primary" attr:data-testid="add-shipping">"Add shipping"</A>
                            })}
                        }.into_any()
                    } else if waiting > 0 {
                        view! { <p data-testid="awaiting-pickup">{format!("Every part is published; {waiting} part(s) wait for pickup. On the day of pickup, answer “Shipped” for each package below: the order counts as shipped once every part has left.")}</p> }.into_any()
                    } else {
                        view! { <p class="done-line" data-testid="all-shipped"><CheckIcon />"Every part has left the shop."</p> }.into_any()
                    }}
                }
            }}
            <div class="shipments">
                {move || {
                    let d = order.read().clone();
                    d.shipments.iter().map(|s| view! {
                        <ShipmentCard order=d.clone() shipment=s.clone()
                            on_shipped=Callback::new(move |sid: i64| pickup_for.set(Some(sid))) />
                    }).collect_view()
                }}
            </div>
            <ConfirmDialog name="shipped" open=Signal::derive(move || pickup_for.get().is_some()) title="Shipped today?"
                confirm_label="Yes, picked up today" pending=pickup.pending()
                error=Signal::derive(|| None::<String>)
                on_confirm=Callback::new(move |()| { if let Some(sid) = pickup_for.get_untracked() { pickup.dispatch(sid); } })
                on_cancel=Callback::new(move |()| pickup_for.set(None))>
                <p>{move || format!(
                    "Answer on the day the carrier picks the package up: it dates the shipment ({}), which is what on-time shipping measures. The answer is final; a pickup scan reported by the marketplace takes its place.",
                    format::date(today.get())
                )}</p>
            </ConfirmDialog>
        </section>

    }
}

/// R-INV-1..5: what is left to invoice, the way into the invoice wizard, and this order's
/// invoices with their payment dates and status.
#[component]
fn InvoiceSection(
    order: RwSignal<OrderDetail>,
    start: LocalResource<Result<portal_core::api::InvoiceStart, ApiError>>,
) -> impl IntoView {
    let id = order.with_untracked(|o| o.order.id);
    let retry = Callback::new(move |()| start.refetch());
    view! {
        <section class="panel" aria-labelledby="invoice-title" data-testid="invoice">
            <h2 id="invoice-title">"Invoice"</h2>
            <Transition fallback=|| view! { <Loading label="Loading invoices…" /> }>
                <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                    {move || Suspend::new(async move {
                        let s = start.await?;
                        let open: u32 = s.positions.iter().map(|p| p.quantity).sum();
                        let not_left = order.with_untracked(|o| o.not_left());
                        let closed = order.with_untracked(|o| o.order.status.is_finished());
                        Ok::<_, ApiError>(view! {
                            {if open > 0 && !closed {
                                view! {
                                    <p>{format!("{open} shipped part(s) to invoice ({}).", s.total.display())}</p>
                                    <A href=format!("/orders/{id}/invoice") attr:class="button primary" attr:data-testid="create-invoice">"Create invoice"</A>
                                }.into_any()
                            } else if s.invoices.is_empty() {
                                view! { <p><span class="badge">"Open"</span> " Invoicing comes after shipping: invoice the parts here once they have been picked up."</p> }.into_any()
                            } else if not_left > 0 {
                                view! { <p>"Everything picked up so far is invoiced; invoice the rest once it has been picked up."</p> }.into_any()
                            } else {
                                view! { <p class="done-line" data-testid="all-invoiced"><CheckIcon />"Every part is invoiced."</p> }.into_any()
                            }}
                            {(!s.invoices.is_empty()).then(|| view! {
                                <ul class="invoice-list">
                                    {s.invoices.iter().map(|i| view! {
                                        <li data-testid="order-invoice" data-status=i.status.slug()>
                                            <a href=api::file_url(i.file_id) download="">{format!("Invoice {}", i.invoice_number)}</a>
                                            {format!(" · {} · {} · payment {}", i.total.display(), i.status.label(), format::date(i.payment_date))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <p><A href="/payouts">"All payouts"</A></p>
                            })}
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// R-ORD-5: what quality control needs, the uploads so far (with thumbnails) and the upload fields.
#[component]
fn QualityControl(
    order: RwSignal<OrderDetail>,
    /// Closed or handed back: no more uploads.
    finished: Signal<bool>,
    on_uploaded: Callback<StoredFile>,
) -> impl IntoView {
    let needs = move || order.read().qc;
    let order_id = order.get_untracked().order.id;
    view! {
        <section class="panel" aria-labelledby="qc-title" data-testid="quality-control">
            <h2 id="qc-title">"Quality control"</h2>
            <ul class="needs">
                <li>{move || if needs().report { "A QC report (PDF) is required for this order." } else { "No QC report is required; you may add one." }}</li>
                <li>{move || if needs().photos_before_shipping {
                    "DMLS: photos of every part are required before shipping can be published."
                } else if needs().photos {
                    "CNC: inspection photos of every part (each order line) are required."
                } else {
                    "No photos are required for this process."
                }}</li>
                {visual_inspection(order.get_untracked().order.process).into_iter().map(|item| view! {
                    <li data-testid="visual-inspection">{item}</li>
                }).collect_view()}
            </ul>
            <div class:hidden=move || finished.get()>
                <UploadField order_id=order_id purpose=Purpose::QcReport line=None id="upload-qc_report".to_owned()
                    label="QC report (PDF, at most 10 MB)".to_owned() on_uploaded=on_uploaded />
                // An order's lines never change, so the photo fields are made once (and keep their messages).
                {order.get_untracked().lines.iter().map(|l| view! {
                    <UploadField order_id=order_id purpose=Purpose::QcPhoto line=Some(l.id) id=format!("upload-qc_photo-{}", l.id)
                        label=format!("Photos of line {}: {} (JPEG or PNG)", l.line_no, l.part_name) on_uploaded=on_uploaded />
                }).collect_view()}
            </div>
            <ul class="files" data-testid="qc-files">
                {move || order.read().files.iter().map(|f| view! { <FileItem file=f.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FileItem(file: StoredFile) -> impl IntoView {
    let url = api::file_url(file.id);
    let kb = file.size.div_ceil(1024);
    view! {
        <li class="file" data-testid="qc-file">
            {if file.kind.is_image() {
                view! { <img class="thumb" src=url.clone() alt=format!("{}: {}", file.purpose.label(), file.name) width="64" height="64" /> }.into_any()
            } else {
                view! { <span class="thumb pdf" aria-hidden="true">"PDF"</span> }.into_any()
            }}
            <span>
                <a href=url download>{file.name.clone()}</a>
                <span class="muted small block">{format!("{} · {kb} KB · {}", file.purpose.label(), format::instant(file.uploaded_at))}</span>
            </span>
        </li>
    }
}

/// R-SHP-5: a published shipment: what was entered, the label, and the tracking steps.
#[component]
fn ShipmentCard(
    order: OrderDetail,
    shipment: Shipment,
    /// The partner answers "Shipped" for this package.
    on_shipped: Callback<i64>,
) -> impl IntoView {
    let s = shipment;
    let count = order.shipments.len();
    let p = &s.package;
    let package = format!(
        "{} · {} × {} × {} {} · {} {}",
        p.kind.label(),
        measure_text(p.length),
        measure_text(p.width),
        measure_text(p.height),
        p.length_unit.label(),
        measure_text(p.weight),
        p.weight_unit.label()
    );
    let delivery = match &s.delivery {
        Delivery::Marketplace { pickup_address, .. } => {
            format!("The marketplace arranges delivery; pickup at {}", pickup_address.replace('\n', ", "))
        }
        Delivery::Partner { carrier, tracking_number, expected_ship_date, .. } => format!(
            "{} · tracking {} · expected to ship {}",
            carrier.map_or("Carrier", |c| c.label()),
            if tracking_number.is_empty() { "not given" } else { tracking_number },
            expected_ship_date.map(format::date).unwrap_or_default()
        ),
    };
    // R-SHP-5: the carrier's own tracking page.
    let tracking = match &s.delivery {
        Delivery::Partner { carrier: Some(c), tracking_number, .. } => {
            c.tracking_url(tracking_number).map(|u| (u, c.label()))
        }
        _ => None,
    };
    let can_answer = s.left_on.is_none() && !order.order.status.is_finished();
    let sid = s.id;
    let lines: Vec<String> = s
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, order.line(l.line_id).map_or("part", |x| x.part_name.as_str())))
        .collect();
    view! {
        <article class="shipment card" data-testid="shipment" data-status=s.status.slug()>
            <header class="shipment-head">
                <h3>{format!("{} · package {} of {}", s.number, s.package_no, count)}</h3>
                {s.late.then(|| view! { <span class="badge urgency-overdue" data-testid="late-badge"><WarningIcon />"Published late"</span> })}
            </header>
            <p>{lines.join(", ")}</p>
            <p class="muted">{package}</p>
            <p class="muted">{delivery}</p>
            {tracking.map(|(url, carrier)| view! {
                <p><a href=url target="_blank" rel="noopener noreferrer" data-testid="tracking-link">{format!("Track on {carrier}'s site")}</a></p>
            })}
            <p class="muted small">"Published " {format::instant(s.published_at)}</p>
            {match (s.left_on, s.left_recorded_by) {
                (Some(day), by) => view! {
                    <p class="done-line" data-testid="left-on"><CheckIcon />
                        {format!("Left the shop on {} ({}).", format::date(day), by.map_or("recorded", |b| b.label()))}
                    </p>
                }.into_any(),
                (None, _) => view! {
                    <p data-testid="awaiting-pickup-card">"Waiting for pickup: not shipped until it leaves the shop."</p>
                    {can_answer.then(|| view! {
                        <button class="button primary" data-testid="shipped-today" on:click=move |_| on_shipped.run(sid)>
                            "Shipped today (picked up)"
                        </button>
                    })}
                }.into_any(),
            }}
            {if s.labels_ready {
                view! { <A href=format!("/orders/{}/shipments/{}/label", order.order.id, s.id) attr:class="button secondary" attr:data-testid="print-label">"Shipping label (print)"</A> }.into_any()
            } else {
                view! { <p class="muted" data-testid="labels-pending">"Labels appear here once the marketplace has processed the shipment."</p> }.into_any()
            }}
            <ol class="tracking" aria-label="Tracking" data-testid="tracking">
                {ShipmentStatus::ALL.iter().map(|&step| {
                    let event = s.events.iter().find(|e| e.status == step).cloned();
                    let done = event.is_some();
                    view! {
                        <li class:done=done data-testid=format!("track-{}", step.slug()) data-done=done.to_string()>
                            {if done { view! { <CheckIcon /> }.into_any() } else { view! { <span class="open-dot" aria-hidden="true"></span> }.into_any() }}
                            <span>{step.label()}</span>
                            <span class="muted small">{event.map_or_else(|| " · not yet".to_owned(), |e| format!(" · {}", format::instant(e.at)))}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
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
    let standing = c
        .answered_at
        .zip(c.answer)
        .map(|(at, yes)| format!("Answered {} at {}", if yes { "yes" } else { "no" }, format::instant(at)));
    let earlier: Vec<String> = c
        .history
        .iter()
        .rev()
        .skip(1)
        .map(|h| format!("{} at {}", if h.answer { "yes" } else { "no" }, format::instant(h.at)))
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
