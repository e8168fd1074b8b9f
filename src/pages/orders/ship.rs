//! `/orders/:id/ship?step=N`: the shipping wizard (R-SHP-1 to R-SHP-3), then review and publish.
//! Every step is checked as the partner types and again on "Continue" with the functions the
//! server runs; the draft is kept in the browser per partner and order (R-SHP-6), including the
//! publish's Idempotency-Key, so a retry after a timeout cannot publish twice.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_core::api::{FieldError, OrderDetail, StoredFile};
use portal_core::format;
use portal_core::shipping::{
    Carrier, Delivery, DeliveryTerms, LengthUnit, NewShipment, Package, PackageKind, ShipmentLine, WeightUnit,
    parse_measure, shipment_warning, validate_delivery, validate_package, validate_parts,
};
use portal_core::upload::Purpose;
use serde::{Deserialize, Serialize};

use super::today_in;
use crate::api::{self, ApiError};
use crate::components::icons::WarningIcon;
use crate::components::status::{Loading, api_error_view};
use crate::components::upload::UploadField;
use crate::session::expect_session;
use crate::wizard::{
    Feedback, Stepper, clear_draft, draft_key, error_line, focus_heading_on_change, load_draft, save_draft,
};

const STEPS: &[&str] = &["Parts", "Package", "Delivery"];
const REVIEW: usize = 4;

/// What the partner typed, as typed: kept in the browser until published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ShipDraft {
    /// Per order line: the quantity as typed.
    quantities: Vec<(i64, String)>,
    length: String,
    width: String,
    height: String,
    length_unit: LengthUnit,
    weight: String,
    weight_unit: WeightUnit,
    kind: PackageKind,
    /// The uploaded package photo: id and name.
    photo: Option<(i64, String)>,
    pickup_address: String,
    pickup_confirmed: bool,
    carrier: Option<Carrier>,
    tracking: String,
    expected_date: String,
    terms_accepted: bool,
    /// The publish's Idempotency-Key: the same for every retry of this draft.
    key: String,
}

impl ShipDraft {
    fn new(order: &OrderDetail) -> ShipDraft {
        ShipDraft {
            quantities: order.lines.iter().filter(|l| l.left() > 0).map(|l| (l.id, String::new())).collect(),
            length: String::new(),
            width: String::new(),
            height: String::new(),
            length_unit: LengthUnit::Cm,
            weight: String::new(),
            weight_unit: WeightUnit::Kg,
            kind: PackageKind::Box,
            photo: None,
            pickup_address: order.ship_from.lines().skip(1).collect::<Vec<_>>().join("\n"),
            pickup_confirmed: false,
            carrier: None,
            tracking: String::new(),
            expected_date: String::new(),
            terms_accepted: false,
            key: api::new_idempotency_key(),
        }
    }

    fn quantity(&self, line_id: i64) -> String {
        self.quantities.iter().find(|(l, _)| *l == line_id).map(|(_, q)| q.clone()).unwrap_or_default()
    }
}

/// Step 1 read from the draft: the lines (every line with parts left, in order) and messages.
fn parts(d: &ShipDraft, order: &OrderDetail) -> (Vec<ShipmentLine>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let lines: Vec<ShipmentLine> = d
        .quantities
        .iter()
        .enumerate()
        .map(|(i, (line_id, text))| {
            let t = text.trim();
            let quantity = if t.is_empty() {
                0
            } else {
                t.parse::<u32>().unwrap_or_else(|_| {
                    errors.push(FieldError::new(
                        &format!("lines[{i}].quantity"),
                        "not_a_number",
                        "Enter a whole number of parts, like 12.",
                    ));
                    0
                })
            };
            ShipmentLine { line_id: *line_id, quantity }
        })
        .collect();
    let parsed: BTreeSet<String> = errors.iter().map(|e| e.field.clone()).collect();
    errors.extend(validate_parts(&lines, &order.lines_left()).into_iter().filter(|e| !parsed.contains(&e.field)));
    (lines, errors)
}

/// Step 2 read from the draft.
fn package(d: &ShipDraft) -> (Package, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut measure = |field: &str, text: &str| {
        parse_measure(text).unwrap_or_else(|message| {
            if !text.trim().is_empty() {
                errors.push(FieldError::new(field, "not_a_number", message));
            }
            0
        })
    };
    let p = Package {
        length: measure("package.length", &d.length),
        width: measure("package.width", &d.width),
        height: measure("package.height", &d.height),
        length_unit: d.length_unit,
        weight: measure("package.weight", &d.weight),
        weight_unit: d.weight_unit,
        kind: d.kind,
        photo_id: d.photo.as_ref().map(|(id, _)| *id),
    };
    let parsed: BTreeSet<String> = errors.iter().map(|e| e.field.clone()).collect();
    errors.extend(validate_package(&p).into_iter().filter(|e| !parsed.contains(&e.field)));
    (p, errors)
}

/// Step 3 read from the draft, by the order's terms.
fn delivery(d: &ShipDraft, terms: DeliveryTerms, today: NaiveDate) -> (Delivery, Vec<FieldError>) {
    let delivery = if terms.partner_arranges() {
        Delivery::Partner {
            carrier: d.carrier,
            tracking_number: d.tracking.clone(),
            expected_ship_date: NaiveDate::parse_from_str(d.expected_date.trim(), "%Y-%m-%d").ok(),
            terms_accepted: d.terms_accepted,
        }
    } else {
        Delivery::Marketplace {
            pickup_address: d.pickup_address.clone(),
            pickup_confirmed: d.pickup_confirmed,
            terms_accepted: d.terms_accepted,
        }
    };
    let errors = validate_delivery(&delivery, terms, today);
    (delivery, errors)
}

/// The step a field belongs to.
fn step_of(field: &str) -> usize {
    if field.starts_with("lines") {
        1
    } else if field.starts_with("package") {
        2
    } else {
        3
    }
}

#[component]
pub fn ShipPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let order = LocalResource::new(move || api::order(id()));
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <p class="back"><A href=move || format!("/orders/{}", id())>"← Back to the order"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the order…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (detail, _) = order.await?;
                    Ok::<_, ApiError>(view! { <Wizard order=detail /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Wizard(order: OrderDetail) -> impl IntoView {
    let session = expect_session();
    let partner_id = session.me().map_or(0, |m| m.partner_id);
    let order_id = order.order.id;
    let key = draft_key("shipping", partner_id, order_id);
    let restored = load_draft::<ShipDraft>(&key);
    let was_restored = restored.is_some();
    let draft = RwSignal::new(restored.unwrap_or_else(|| ShipDraft::new(&order)));
    {
        let key = key.clone();
        Effect::new(move |_| draft.with(|d| save_draft(&key, d)));
    }
    let order = StoredValue::new(order);
    let today = today_in(order.with_value(|o| o.order.price.currency));
    let terms = order.with_value(|o| o.terms.delivery_terms);
    let lead_time = order.with_value(|o| o.order.lead_time);

    let query = use_query_map();
    let navigate = use_navigate();
    let requested = Memo::new(move |_| {
        query.read().get("step").and_then(|s| s.parse::<usize>().ok()).filter(|s| (1..=REVIEW).contains(s)).unwrap_or(1)
    });
    let errors_of = move |step: usize| -> Vec<FieldError> {
        let d = draft.read();
        match step {
            1 => order.with_value(|o| parts(&d, o).1),
            2 => package(&d).1,
            _ => delivery(&d, terms, today.get()).1,
        }
    };
    // A step can be shown only when every step before it is complete (a link or the back button
    // never skips a check).
    let step = Memo::new(move |_| {
        let want = requested.get();
        (1..want).find(|s| !errors_of(*s).is_empty()).unwrap_or(want)
    });
    let heading = NodeRef::<html::H2>::new();
    focus_heading_on_change(heading, step.into());

    // Messages show for fields the partner has touched, and for all of a step on "Continue".
    let feedback = Feedback::new();
    let message = move |field: String| feedback.message(field, step_of, errors_of);
    let touch = move |field: &str| feedback.touch(field);
    let go = {
        let navigate = navigate.clone();
        move |n: usize| navigate(&format!("/orders/{order_id}/ship?step={n}"), NavigateOptions::default())
    };
    let go_continue = {
        let go = go.clone();
        move |_| {
            let now = step.get_untracked();
            feedback.touch_step(now);
            if errors_of(now).is_empty() {
                go(now + 1);
            } else if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
    };
    let go_back = {
        let go = go.clone();
        move |_| go(step.get_untracked().saturating_sub(1).max(1))
    };

    let publish = Action::new_local(move |(): &()| {
        let d = draft.get_untracked();
        let shipment = NewShipment {
            lines: order.with_value(|o| parts(&d, o).0),
            package: package(&d).0,
            delivery: delivery(&d, terms, today.get_untracked()).0,
        };
        async move { api::publish_shipment(order_id, &shipment, &d.key).await }
    });
    let publish_error = RwSignal::new(None::<String>);
    {
        let navigate = navigate.clone();
        let go = go.clone();
        Effect::new(move |_| match publish.value().get() {
            Some(Ok(s)) => {
                clear_draft(&key);
                // Navigate once this effect has finished: leaving the page disposes the effect itself.
                let navigate = navigate.clone();
                request_animation_frame(move || {
                    navigate(&format!("/orders/{order_id}?published={}", s.id), NavigateOptions::default());
                });
            }
            Some(Err(e)) => {
                // The draft stays as it is: nothing typed is lost on a failed publish.
                let fields = match &e {
                    ApiError::Problem(p) => p.errors.clone(),
                    _ => Vec::new(),
                };
                publish_error.set(Some(e.to_string()));
                if let Some(first) = fields.first() {
                    let target = step_of(&first.field);
                    feedback.set_server(fields);
                    go(target);
                }
            }
            None => {}
        });
    }

    let order_id = order.with_value(|o| o.order.id);
    // R-PSS-3: the day the parts leave: the partner's expected date when it arranges delivery,
    // else (the marketplace picks up) the day the information is published at the earliest.
    let expected =
        move || if terms.partner_arranges() { draft.with(|d| d.expected_date.parse::<NaiveDate>().ok()) } else { None };
    let ship_day = Signal::derive(move || expected().unwrap_or_else(|| today.get()));
    // R-SHP-4: publishing late, or (partner-arranged) an expected ship date after the lead time.
    let late = move || shipment_warning(lead_time, today.get(), expected());
    let title = move || match step.get() {
        1 => "Step 1: parts in this package",
        2 => "Step 2: the package",
        3 => "Step 3: delivery",
        _ => "Review and publish",
    };
    view! {
        <div class="page-head">
            <h1>{order.with_value(|o| format!("Add shipping · {}", o.order.number))}</h1>
            <p class="muted">"Lead time (ship by): " {format::date(lead_time)} ". What you type is kept on this device until you publish."</p>
        </div>
        {was_restored.then(|| view! {
            <p class="banner info" role="status" data-testid="draft-restored">"Your unfinished shipping information was restored."</p>
        })}
        <Stepper steps=STEPS current=Signal::derive(move || step.get().min(3)) />
        <form class="wizard panel" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1" node_ref=heading data-testid="step-title">{title}</h2>
            {move || match step.get() {
                1 => view! { <PartsStep order=order draft=draft message=message touch=touch /> }.into_any(),
                2 => view! { <PackageStep order_id=order_id draft=draft message=message touch=touch /> }.into_any(),
                3 => view! { <DeliveryStep terms=terms draft=draft message=message touch=touch late=late lead_time=lead_time order_id=order_id ship_day=ship_day /> }.into_any(),
                _ => view! { <Review order=order draft=draft late=late lead_time=lead_time terms=terms ship_day=ship_day /> }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="publish-error">{move || publish_error.get()}</p>
            <div class="form-actions">
                <button type="button" class="button secondary" on:click=go_back class:hidden=move || step.get() == 1 data-testid="wizard-back">"Back"</button>
                {move || if step.get() < REVIEW {
                    view! { <button type="submit" class="button primary" on:click=go_continue.clone() data-testid="wizard-continue">"Continue"</button> }.into_any()
                } else {
                    view! {
                        <button type="submit" class="button primary" data-testid="publish" disabled=move || publish.pending().get()
                            on:click=move |_| { publish_error.set(None); publish.dispatch(()); }>
                            {move || if publish.pending().get() { "Publishing…" } else { "Publish shipping information" }}
                        </button>
                    }.into_any()
                }}
            </div>
        </form>
    }
}

#[component]
fn PartsStep(
    order: StoredValue<OrderDetail>,
    draft: RwSignal<ShipDraft>,
    message: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lines = order.with_value(|o| o.lines.iter().filter(|l| l.left() > 0).cloned().collect::<Vec<_>>());
    view! {
        <p>"Choose the parts in this package and how many. You can ship the rest in later packages."</p>
        <table class="orders ship-lines">
            <thead><tr><th scope="col">"Part"</th><th scope="col" class="num">"Ordered"</th><th scope="col" class="num">"Shipped"</th><th scope="col" class="num">"Left"</th><th scope="col">"In this package"</th></tr></thead>
            <tbody>
                {lines.into_iter().enumerate().map(|(i, l)| {
                    // Fields of the parts step are named by the line's place in the list.
                    let field = StoredValue::new(format!("lines[{i}].quantity"));
                    let input_id = format!("qty-{}", l.id);
                    let error_id = format!("qty-{}-error", l.id);
                    let msg = message(field.get_value());
                    let line_id = l.id;
                    let left = l.left();
                    view! {
                        <tr>
                            <td data-label="Part"><label for=input_id.clone() class="part-name">{l.part_name.clone()}</label></td>
                            <td data-label="Ordered" class="num">{l.quantity}</td>
                            <td data-label="Shipped" class="num">{l.shipped}</td>
                            <td data-label="Left" class="num">{l.left()}</td>
                            <td data-label="In this package">
                                <div class="qty-input">
                                    <input id=input_id.clone() data-testid=input_id type="text" inputmode="numeric" autocomplete="off"
                                        aria-describedby=error_id.clone() aria-invalid=move || msg.get().is_some().to_string()
                                        prop:value=move || draft.read().quantity(line_id)
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            draft.update(|d| if let Some(q) = d.quantities.iter_mut().find(|(id, _)| *id == line_id) { q.1 = v; });
                                            touch(&field.get_value());
                                        } />
                                    <button type="button" class="button secondary" data-testid=format!("qty-{line_id}-all")
                                        on:click=move |_| {
                                            draft.update(|d| if let Some(q) = d.quantities.iter_mut().find(|(id, _)| *id == line_id) { q.1 = left.to_string(); });
                                            touch(&field.get_value());
                                        }>
                                        "All " {l.left()}
                                    </button>
                                </div>
                                {error_line(error_id, msg)}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {error_line("lines-error".to_owned(), message("lines".to_owned()))}
    }
}

/// A labelled text input bound to one draft field.
fn measure_input(
    id: &'static str,
    label: &'static str,
    draft: RwSignal<ShipDraft>,
    get: fn(&ShipDraft) -> String,
    set: fn(&mut ShipDraft, String),
    message: Signal<Option<String>>,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // The field's name on the wire: `package.length` for the `length` input.
    let field = format!("package.{id}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id data-testid=id type="text" inputmode="decimal" autocomplete="off"
                aria-describedby=error_id.clone() aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || get(&draft.read())
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }
                on:blur=move |_| touch(&field) />
            {error_line(error_id, message)}
        </div>
    }
}

#[component]
fn PackageStep(
    order_id: i64,
    draft: RwSignal<ShipDraft>,
    message: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>"Box or pallet"</legend>
            {PackageKind::ALL.iter().map(|&k| view! {
                <label class="choice">
                    <input type="radio" name="kind" value=k.slug() data-testid=format!("kind-{}", k.slug())
                        prop:checked=move || draft.read().kind == k
                        on:change=move |_| { draft.update(|d| d.kind = k); touch("package.weight"); } />
                    {k.label()}
                </label>
            }).collect_view()}
        </fieldset>
        <div class="measure-row">
            {measure_input("length", "Length", draft, |d| d.length.clone(), |d, v| d.length = v, message("package.length".to_owned()), touch)}
            {measure_input("width", "Width", draft, |d| d.width.clone(), |d, v| d.width = v, message("package.width".to_owned()), touch)}
            {measure_input("height", "Height", draft, |d| d.height.clone(), |d, v| d.height = v, message("package.height".to_owned()), touch)}
            <div class="field">
                <label for="length-unit">"Unit"</label>
                <select id="length-unit" data-testid="length-unit" prop:value=move || draft.read().length_unit.slug()
                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.length_unit = LengthUnit::parse(&v).unwrap_or(LengthUnit::Cm)); }>
                    {LengthUnit::ALL.iter().map(|u| view! { <option value=u.slug()>{u.label()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <div class="measure-row">
            {measure_input("weight", "Weight", draft, |d| d.weight.clone(), |d, v| d.weight = v, message("package.weight".to_owned()), touch)}
            <div class="field">
                <label for="weight-unit">"Unit"</label>
                <select id="weight-unit" data-testid="weight-unit" prop:value=move || draft.read().weight_unit.slug()
                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.weight_unit = WeightUnit::parse(&v).unwrap_or(WeightUnit::Kg)); }>
                    {WeightUnit::ALL.iter().map(|u| view! { <option value=u.slug()>{u.label()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <UploadField order_id=order_id purpose=Purpose::PackagePhoto line=None id="package-photo".to_owned()
            label="Photo of the packed package (JPEG or PNG, at most 10 MB)".to_owned()
            message=message("package.photo".to_owned())
            on_uploaded=Callback::new(move |f: StoredFile| {
                draft.update(|d| d.photo = Some((f.id, f.name)));
                touch("package.photo");
            }) />
        {move || draft.read().photo.clone().map(|(id, name)| view! {
            <p class="photo-preview" data-testid="package-photo-preview">
                <img class="thumb" src=api::file_url(id) alt=format!("Package photo: {name}") width="96" height="96" />
                <span>{name}</span>
            </p>
        })}
    }
}

#[component]
fn DeliveryStep(
    terms: DeliveryTerms,
    draft: RwSignal<ShipDraft>,
    message: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    touch: impl Fn(&str) + Copy + Send + Sync + 'static,
    late: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    lead_time: NaiveDate,
    order_id: i64,
    ship_day: Signal<NaiveDate>,
) -> impl IntoView {
    let checkbox = move |id: &'static str,
                         field: &'static str,
                         label: &'static str,
                         get: fn(&ShipDraft) -> bool,
                         set: fn(&mut ShipDraft, bool)| {
        let msg = message(field.to_owned());
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label class="choice">
                    <input type="checkbox" id=id data-testid=id aria-describedby=error_id.clone()
                        prop:checked=move || get(&draft.read())
                        on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| set(d, on)); touch(field); } />
                    {label}
                </label>
                {error_line(error_id, msg)}
            </div>
        }
    };
    view! {
        {move || late().map(|warning| view! {
            <p class="banner warning" role="note" data-testid="late-warning"><WarningIcon /><span>{warning}</span></p>
            <LatePreview order_id=order_id lead_time=lead_time ship_day=ship_day />
        })}
        <p class="muted">{terms.label()}</p>
        {if terms.partner_arranges() {
            let carrier_msg = message("delivery.carrier".to_owned());
            let tracking_msg = message("delivery.tracking_number".to_owned());
            let date_msg = message("delivery.expected_ship_date".to_owned());
            view! {
                <div class="field">
                    <label for="carrier">"Carrier"</label>
                    <select id="carrier" data-testid="carrier" aria-describedby="carrier-error"
                        prop:value=move || draft.read().carrier.map_or("", |c| c.slug())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.carrier = Carrier::parse(&v)); touch("delivery.carrier"); touch("delivery.tracking_number"); }>
                        <option value="">"Choose a carrier"</option>
                        {Carrier::ALL.iter().map(|c| view! { <option value=c.slug()>{c.label()}</option> }).collect_view()}
                    </select>
                    {error_line("carrier-error".to_owned(), carrier_msg)}
                </div>
                <div class="field">
                    <label for="tracking">"Tracking number (optional)"</label>
                    <input id="tracking" data-testid="tracking" type="text" autocomplete="off" aria-describedby="tracking-error"
                        aria-invalid=move || tracking_msg.get().is_some().to_string()
                        prop:value=move || draft.read().tracking.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.tracking = v); }
                        on:blur=move |_| touch("delivery.tracking_number") />
                    {error_line("tracking-error".to_owned(), tracking_msg)}
                </div>
                <div class="field">
                    <label for="expected-date">"Expected shipment date"</label>
                    <input id="expected-date" data-testid="expected-date" type="date" aria-describedby="expected-date-error"
                        aria-invalid=move || date_msg.get().is_some().to_string()
                        prop:value=move || draft.read().expected_date.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.expected_date = v); touch("delivery.expected_ship_date"); } />
                    {error_line("expected-date-error".to_owned(), date_msg)}
                </div>
            }.into_any()
        } else {
            let address_msg = message("delivery.pickup_address".to_owned());
            view! {
                <div class="field">
                    <label for="pickup-address">"Pickup address: check it is where the carrier should collect the package"</label>
                    <textarea id="pickup-address" data-testid="pickup-address" rows="4" aria-describedby="pickup-address-error"
                        aria-invalid=move || address_msg.get().is_some().to_string()
                        prop:value=move || draft.read().pickup_address.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| { d.pickup_address = v; d.pickup_confirmed = false; }); touch("delivery.pickup_address"); }></textarea>
                    {error_line("pickup-address-error".to_owned(), address_msg)}
                </div>
                {checkbox("pickup-confirmed", "delivery.pickup_confirmed", "This pickup address is correct", |d| d.pickup_confirmed, |d, v| d.pickup_confirmed = v)}
            }.into_any()
        }}
        <div class="terms" data-testid="delivery-terms">
            <h3>"Delivery terms"</h3>
            <ul>{terms.terms().iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ul>
        </div>
        {checkbox("terms-accepted", "delivery.terms_accepted", "I confirm these delivery terms and that the package is packed by the packing checklist", |d| d.terms_accepted, |d, v| d.terms_accepted = v)}
    }
}

#[component]
fn Review(
    order: StoredValue<OrderDetail>,
    draft: RwSignal<ShipDraft>,
    late: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    lead_time: NaiveDate,
    terms: DeliveryTerms,
    ship_day: Signal<NaiveDate>,
) -> impl IntoView {
    let order_id = order.with_value(|o| o.order.id);
    let d = draft.get_untracked();
    let (lines, _) = order.with_value(|o| parts(&d, o));
    let parts_text: Vec<String> = lines
        .iter()
        .filter(|l| l.quantity > 0)
        .map(|l| {
            format!(
                "{} × {}",
                l.quantity,
                order.with_value(|o| o.line(l.line_id).map(|x| x.part_name.clone()).unwrap_or_default())
            )
        })
        .collect();
    let where_ = if terms.partner_arranges() {
        format!(
            "{} · tracking {} · ships {}",
            d.carrier.map_or("", |c| c.label()),
            if d.tracking.trim().is_empty() { "to follow" } else { d.tracking.trim() },
            d.expected_date
        )
    } else {
        format!("Pickup at {}", d.pickup_address.replace('\n', ", "))
    };
    view! {
        {move || late().map(|warning| view! {
            <p class="banner warning" role="note" data-testid="late-warning"><WarningIcon /><span>{warning}</span></p>
            <LatePreview order_id=order_id lead_time=lead_time ship_day=ship_day />
        })}
        <dl class="review" data-testid="review">
            <dt>"Parts"</dt><dd>{parts_text.join(", ")}</dd>
            <dt>"Package"</dt>
            <dd>{format!("{} · {} × {} × {} {} · {} {}", d.kind.label(), d.length, d.width, d.height, d.length_unit.label(), d.weight, d.weight_unit.label())}</dd>
            <dt>"Photo"</dt><dd>{d.photo.map(|(_, n)| n).unwrap_or_default()}</dd>
            <dt>"Delivery"</dt><dd>{where_}</dd>
        </dl>
        <p class="muted">"Publishing sends this to the marketplace. You cannot change a published shipment; if something is wrong, go back now."</p>
    }
}

/// R-PSS-8 and R-SHP-4: when publishing late, the score after the order ships on `ship_day`.
#[component]
fn LatePreview(order_id: i64, lead_time: NaiveDate, ship_day: Signal<NaiveDate>) -> impl IntoView {
    let basis = crate::components::score::score_basis();
    let change = Callback::new(move |inputs: portal_core::score::ScoreInputs| {
        Some(inputs.with_shipped(order_id, ship_day.get()))
    });
    let note = Signal::derive(move || {
        let late = (ship_day.get() - lead_time).num_days();
        if late > 0 {
            format!("If the parts leave on {}, {} day(s) after the lead time.", format::date(ship_day.get()), late)
        } else {
            format!("If the parts leave on {}, by the lead time: on time.", format::date(ship_day.get()))
        }
    });
    view! {
        <div data-testid="late-preview">
            {move || view! {
                <crate::components::score::ScorePreview basis=basis change=change title="Your score when this order ships" note=note.get() />
            }}
        </div>
    }
}
