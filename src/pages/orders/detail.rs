//! `/orders/:id`: one order's stages (R-ORD-2): production order and confirmation (R-ORD-3),
//! check-ins (R-ORD-4), quality control uploads (R-ORD-5), packing (R-ORD-6), shipments with
//! labels and tracking (R-SHP-5), and the invoice stage (R-INV-1..5). Updates send the version
//! read; when another tab changed the order first, the page says what changed instead.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_core::api::{OrderDetail, Shipment, StoredFile, describe_changes};
use portal_core::format;
use portal_core::order::{CheckInQuestion, urgency};
use portal_core::shipping::{Delivery, ShipmentStatus, measure_text};
use portal_core::upload::Purpose;

use super::{StageMarks, UrgencyBadge, today};
use crate::api::{self, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::icons::{CheckIcon, WarningIcon};
use crate::components::status::{Loading, api_error_view};
use crate::components::upload::UploadField;

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

#[component]
fn OrderView(detail: OrderDetail, etag: String) -> impl IntoView {
    let order = RwSignal::new(detail);
    let etag = RwSignal::new(etag);
    let notice = RwSignal::new(None::<(bool, String)>);
    let today = today();
    let query = use_query_map();
    let published = Memo::new(move |_| query.read().get("published").and_then(|v| v.parse::<i64>().ok()));
    let invoiced = Memo::new(move |_| query.read().get("invoiced").and_then(|v| v.parse::<i64>().ok()));
    let order_id = order.with_untracked(|o| o.order.id);
    let invoice_start = LocalResource::new(move || {
        // Reloads when the order changes (a new shipment or invoice).
        order.track();
        api::invoice_start(order_id)
    });
    // R-INV-5: the invoice just submitted, with its payment date, said at the top.
    let just_invoiced = move || {
        let n = invoiced.get()?;
        let start = invoice_start.get()?.ok()?;
        start.invoices.into_iter().find(|i| i.id == n)
    };

    // After any update: take the new version; when it was stale, load the current one and say
    // what changed instead of overwriting it.
    let apply = move |result: Updated, what: &'static str| match result {
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
    };

    let id = order.get_untracked().order.id;
    let confirm_open = RwSignal::new(false);
    let confirm = Action::new_local(move |(): &()| {
        let e = etag.get_untracked();
        async move { api::confirm_production(id, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = confirm.value().get() {
            confirm_open.set(false);
            apply(result, "confirmation");
        }
    });
    let answer = Action::new_local(move |(q, a): &(CheckInQuestion, bool)| {
        let (q, a, e) = (*q, *a, etag.get_untracked());
        async move { api::check_in(id, q, a, &e).await }
    });
    Effect::new(move |_| {
        if let Some(result) = answer.value().get() {
            apply(result, "answer");
        }
    });
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok((d, e)) = api::order(id).await {
                order.set(d);
                etag.set(e);
            }
        });
    };

    let o = move || order.read().order.clone();
    view! {
        <div class="page-head order-head">
            <h1 data-testid="order-title">"Order " {move || o().number}</h1>
            <p class="order-facts">
                <span>{move || order.read().lines.iter().map(|l| l.part_name.clone()).collect::<Vec<_>>().join(", ")}</span>
                <span>{move || format!("{} · {}", o().process.label(), o().material.label())}</span>
                <span>"Lead time (ship by): " <strong><time datetime=move || o().lead_time.to_string()>{move || format::date(o().lead_time)}</time></strong></span>
                {move || { let d = order.read(); view! { <UrgencyBadge urgency=urgency(d.order.lead_time, today.get(), d.left_to_ship()) /> } }}
                <span class="money">{move || o().price.display()}</span>
                {move || o().bonus.map(|b| view! { <span class="money" data-testid="order-bonus">"+ " {b.display()} " bonus"</span> })}
            </p>
        </div>
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
        <section class="panel" aria-labelledby="stages-title">
            <h2 id="stages-title">"Stages"</h2>
            {move || view! { <StageMarks marks=order.read().stages.clone() /> }}
        </section>

        <section class="panel" aria-labelledby="production-title" data-testid="production">
            <h2 id="production-title">"Production"</h2>
            <p>
                <a class="button secondary" href=api::production_order_url(id) download data-testid="production-order">
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
                    (None, _) => view! {
                        <p>"This order came from your counteroffer, so its terms differ from the job's. Download the production order, check it, then confirm it."</p>
                        <button class="button primary" data-testid="confirm-production" on:click=move |_| confirm_open.set(true)>
                            "Confirm production order"
                        </button>
                    }.into_any(),
                }
            }}
            <ConfirmDialog name="confirm-production" open=confirm_open title="Confirm the production order?"
                confirm_label="Confirm" pending=confirm.pending()
                error=Signal::derive(|| None::<String>)
                on_confirm=Callback::new(move |()| { confirm.dispatch(()); })
                on_cancel=Callback::new(move |()| confirm_open.set(false))>
                <p>"You confirm you can make every line as the production order describes, by the lead time. This cannot be undone."</p>
            </ConfirmDialog>
        </section>

        <section class="panel" aria-labelledby="checkins-title" data-testid="check-ins">
            <h2 id="checkins-title">"Check-ins"</h2>
            <p class="muted">"Keep the marketplace informed. Answering “yes” to the on-time question and then shipping late lowers your score."</p>
            <ul class="check-ins">
                {CheckInQuestion::ALL.iter().map(|&q| {
                    let row = move || order.read().check_ins.iter().find(|c| c.question == q).cloned();
                    let open = move || q.is_open(order.read().order.lead_time, today.get());
                    let chosen = move |v: bool| row().and_then(|c| c.answer) == Some(v);
                    let pending = answer.pending();
                    view! {
                        <li class="check-in" data-testid=format!("check-in-{}", q.slug())>
                            <span class="question" id=format!("q-{}", q.slug())>{q.label()}</span>
                            <span class="answers" role="group" aria-labelledby=format!("q-{}", q.slug())>
                                {[(true, "Yes"), (false, "No")].into_iter().map(|(v, word)| view! {
                                    <button class="button secondary answer" aria-pressed=move || chosen(v).to_string()
                                        disabled=move || !open() || pending.get()
                                        data-testid=format!("check-in-{}-{}", q.slug(), word.to_lowercase())
                                        on:click=move |_| { answer.dispatch((q, v)); }>
                                        {word}
                                    </button>
                                }).collect_view()}
                            </span>
                            <span class="answered muted small">
                                {move || match row() {
                                    Some(c) if c.answered_at.is_some() => {
                                        let at = c.answered_at.unwrap_or_default();
                                        format!("Answered {} at {}", if c.answer == Some(true) { "yes" } else { "no" }, format::instant(at))
                                    }
                                    Some(c) if !open() => c.opens_on.map(|d| format!("Opens on {}", format::date(d))).unwrap_or_default(),
                                    _ => "Not answered yet".to_owned(),
                                }}
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
                (unanswered && open && d.left_to_ship() > 0).then(|| view! { <OnTimePreview order_id=id lead_time=d.order.lead_time /> })
            }}
        </section>

        <QualityControl order=order on_uploaded=Callback::new(move |_| refresh()) />

        <section class="panel" aria-labelledby="packing-title" data-testid="packing">
            <h2 id="packing-title">"Packing checklist"</h2>
            <ul class="checklist">
                {move || order.read().packing.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
            </ul>
        </section>

        <section class="panel" aria-labelledby="shipping-title" data-testid="shipping">
            <h2 id="shipping-title">"Shipping"</h2>
            {move || {
                let d = order.read();
                let left = d.left_to_ship();
                let blocked = d.shipping_blocked.clone();
                view! {
                    <p class="warning-line" class:hidden=blocked.is_none() role="note">
                        <WarningIcon /><span>{blocked.clone()}</span>
                    </p>
                    {if left > 0 {
                        view! {
                            <p>{format!("{left} part(s) left to ship. Publish shipping information at least one day before the lead time.")}</p>
                            {blocked.is_none().then(|| view! {
                                <A href=format!("/orders/{id}/ship") attr:class="button primary" attr:data-testid="add-shipping">"Add shipping"</A>
                            })}
                        }.into_any()
                    } else {
                        view! { <p class="done-line" data-testid="all-shipped"><CheckIcon />"Every part has shipped."</p> }.into_any()
                    }}
                }
            }}
            <div class="shipments">
                {move || {
                    let d = order.read().clone();
                    d.shipments.iter().map(|s| view! { <ShipmentCard order=d.clone() shipment=s.clone() /> }).collect_view()
                }}
            </div>
        </section>

        <InvoiceSection order=order start=invoice_start />
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
                        let left_to_ship = order.with_untracked(|o| o.left_to_ship());
                        Ok::<_, ApiError>(view! {
                            {if open > 0 {
                                view! {
                                    <p>{format!("{open} shipped part(s) to invoice ({}).", s.total.display())}</p>
                                    <A href=format!("/orders/{id}/invoice") attr:class="button primary" attr:data-testid="create-invoice">"Create invoice"</A>
                                }.into_any()
                            } else if s.invoices.is_empty() {
                                view! { <p><span class="badge">"Open"</span> " Invoicing comes after shipping: invoice the parts here once they have shipped."</p> }.into_any()
                            } else if left_to_ship > 0 {
                                view! { <p>"Everything shipped so far is invoiced; invoice the rest after it ships."</p> }.into_any()
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
fn QualityControl(order: RwSignal<OrderDetail>, on_uploaded: Callback<StoredFile>) -> impl IntoView {
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
            </ul>
            <UploadField order_id=order_id purpose=Purpose::QcReport line=None id="upload-qc_report".to_owned()
                label="QC report (PDF, at most 10 MB)".to_owned() on_uploaded=on_uploaded />
            // An order's lines never change, so the photo fields are made once (and keep their messages).
            {order.get_untracked().lines.iter().map(|l| view! {
                <UploadField order_id=order_id purpose=Purpose::QcPhoto line=Some(l.id) id=format!("upload-qc_photo-{}", l.id)
                    label=format!("Photos of line {}: {} (JPEG or PNG)", l.line_no, l.part_name) on_uploaded=on_uploaded />
            }).collect_view()}
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
fn ShipmentCard(order: OrderDetail, shipment: Shipment) -> impl IntoView {
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
            "{} · tracking {} · ships {}",
            carrier.map_or("Carrier", |c| c.label()),
            if tracking_number.is_empty() { "not given" } else { tracking_number },
            expected_ship_date.map(format::date).unwrap_or_default()
        ),
    };
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
            <p class="muted small">"Published " {format::instant(s.published_at)}</p>
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
