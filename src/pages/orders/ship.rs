//! `/orders/:id/ship?step=N`: the shipping wizard (R-SHP-1 to R-SHP-3), then review and publish.
//! Every step is checked as the partner types and again on "Continue" with the functions the
//! server runs; the draft is kept in the browser per partner and order (R-SHP-6), including the
//! publish's Idempotency-Key, so a retry after a timeout cannot publish twice.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_core::api::{OrderDetail, StoredFile};
use portal_core::draft::shipment::{QuantityDraftStoreFields, ShipmentDraft, ShipmentDraftStoreFields, step_of};
use portal_core::format;
use portal_core::shipping::{Carrier, DeliveryTerms, LengthUnit, PackageKind, WeightUnit, shipment_warning};
use portal_core::upload::Purpose;
use reactive_stores::StoreFieldIterator;

use super::today_in;
use crate::api::{self, ApiError};
use crate::components::icons::WarningIcon;
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{Checkbox, FieldMessage, RadioGroup, SelectField, TextArea, TextField, UploadField};
use crate::forms::wizard::{Stepper, Wizard, WizardButtons};
use crate::forms::{Feedback, Form, forget_draft};

const STEPS: &[&str] = &["Parts", "Package", "Delivery"];
const REVIEW: usize = 4;

/// The wizard's form, in context for its steps: the draft and what the order says about it.
#[derive(Clone, Copy)]
struct ShipForm {
    form: Form<ShipmentDraft>,
    order: StoredValue<OrderDetail>,
    terms: DeliveryTerms,
    today: Signal<NaiveDate>,
}

impl ShipForm {
    fn expected(self) -> Option<NaiveDate> {
        // R-PSS-3: the day the parts leave: the partner's expected date when it arranges delivery.
        if self.terms.partner_arranges() { self.form.draft.with(ShipmentDraft::expected_ship_date) } else { None }
    }
}

#[component]
pub fn ShipPage() -> impl IntoView {
    let route = crate::routes::use_route();
    let id = move || route.order_id().unwrap_or(0);
    let order = LocalResource::new(move || api::order(id()));
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <crate::lazy::Styled href="/lazy/orders.css">
        <p class="back"><A href=move || format!("/orders/{}", id())>"← Back to the order"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the order…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let (detail, _) = order.await?;
                    Ok::<_, ApiError>(view! { <Wizard order=detail /> })
                })}
            </ErrorBoundary>
        </Transition>
        </crate::lazy::Styled>
    }
}

#[component]
fn Wizard(order: OrderDetail) -> impl IntoView {
    let navigate = use_navigate();
    let order_id = order.order.id;
    let today = today_in(order.order.price.currency);
    let terms = order.terms.delivery_terms;
    let lead_time = order.order.lead_time;
    let name = format!("shipping.{order_id}");
    let fresh = {
        let ids = order.lines.iter().filter(|l| l.left() > 0).map(|l| l.id).collect();
        let pickup = order.ship_from.lines().skip(1).collect::<Vec<_>>().join("\n");
        // Inches and pounds for a US shop, centimetres and kilograms in Europe (Settings).
        let units =
            crate::session::expect_session().me().map_or(portal_core::units::Units::Metric, |m| m.display.units);
        move || ShipmentDraft::new(ids, pickup, api::new_idempotency_key(), units)
    };
    let order = StoredValue::new(order);
    let check = move |d: &ShipmentDraft| {
        order.with_value(|o| (1..REVIEW).flat_map(|s| d.errors(s, &o.lines_left(), terms, today.get())).collect())
    };
    let (form, was_restored) = Form::kept(name.clone(), fresh, check, step_of);
    let ship = ShipForm { form, order, terms, today };
    provide_context(ship);
    let wizard = Wizard::new(format!("/orders/{order_id}/ship"), REVIEW, form.feedback, |_| false);

    let publish = Action::new_local(move |(): &()| {
        let d = form.value();
        let shipment = order.with_value(|o| d.to_request(&o.lines_left(), terms, today.get_untracked()));
        async move {
            match shipment {
                Ok(s) => api::publish_shipment(order_id, &s, &d.key).await.map(Some),
                // Every step was checked on its way here; a change since (the day turned) shows.
                Err(_) => Ok(None),
            }
        }
    });
    let publish_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match publish.value().get() {
        Some(Ok(Some(s))) => {
            forget_draft(&name);
            // Navigate once this effect has finished: leaving the page disposes the effect itself.
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(&format!("/orders/{order_id}?published={}", s.id), NavigateOptions::default());
            });
        }
        Some(Ok(None)) => wizard.go((1..REVIEW).find(|s| !form.feedback.show_step(*s).is_empty()).unwrap_or(1)),
        // The draft stays as it is: nothing typed is lost on a failed publish.
        Some(Err(e)) => publish_error.set(wizard.refused(&e)),
        None => {}
    });

    let step = wizard.step;
    // R-SHP-4: publishing late, or (partner-arranged) an expected ship date after the lead time.
    let late = move || shipment_warning(lead_time, today.get(), ship.expected());
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
            <h2 tabindex="-1" node_ref=wizard.heading data-testid="step-title">{title}</h2>
            {move || match step.get() {
                1 => view! { <PartsStep /> }.into_any(),
                2 => view! { <PackageStep /> }.into_any(),
                3 => view! { <DeliveryStep late=late /> }.into_any(),
                _ => view! { <Review late=late /> }.into_any(),
            }}
            <WizardButtons wizard=wizard on_continue=Callback::new(move |()| wizard.next())
                send_label="Publish shipping information" send_testid="publish" sending_label="Publishing…"
                sending=publish.pending() error=publish_error error_testid="publish-error"
                on_send=Callback::new(move |()| { publish_error.set(None); publish.dispatch(()); }) />
        </form>
    }
}

#[component]
fn PartsStep() -> impl IntoView {
    let ship = expect_context::<ShipForm>();
    let lines = ship.order.with_value(|o| o.lines.iter().filter(|l| l.left() > 0).cloned().collect::<Vec<_>>());
    let quantities = ship.form.draft.quantities();
    view! {
        <p>"Choose the parts in this package and how many. You can ship the rest in later packages."</p>
        <table class="orders ship-lines">
            <thead><tr><th scope="col">"Part"</th><th scope="col" class="num">"Ordered"</th><th scope="col" class="num">"Shipped"</th><th scope="col" class="num">"Left"</th><th scope="col">"In this package"</th></tr></thead>
            <tbody>
                {lines.into_iter().enumerate().map(|(i, l)| view! {
                    <tr>
                        <td data-label="Part"><label for=format!("qty-{}", l.id) class="part-name">{l.part_name.clone()}</label></td>
                        <td data-label="Ordered" class="num">{l.quantity}</td>
                        <td data-label="Shipped" class="num">{l.shipped}</td>
                        <td data-label="Left" class="num">{l.left()}</td>
                        <td data-label="In this package">
                            <QuantityInput line_id=l.id left=l.left() field=format!("lines[{i}].quantity")
                                value=quantities.at_unkeyed(i).quantity() feedback=ship.form.feedback />
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <FieldMessage id="lines-error" message=ship.form.feedback.message("lines") />
    }
}

/// How many parts of one line go in the package, with "All" for what is left. Fields of the
/// parts step are named by the line's place in the list.
#[component]
fn QuantityInput(
    line_id: i64,
    left: u32,
    field: String,
    #[prop(into)] value: reactive_stores::Field<String>,
    feedback: Feedback,
) -> impl IntoView {
    let input_id = format!("qty-{line_id}");
    let error_id = format!("qty-{line_id}-error");
    let message = feedback.message(field.clone());
    let field = StoredValue::new(field);
    let set = move |v: String| {
        value.set(v);
        field.with_value(|f| feedback.touch(f));
    };
    view! {
        <div class="qty-input">
            <input id=input_id.clone() data-testid=input_id type="text" inputmode="numeric" autocomplete="off"
                aria-describedby=error_id.clone() aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| set(event_target_value(&ev)) />
            <button type="button" class="button secondary" data-testid=format!("qty-{line_id}-all")
                on:click=move |_| set(left.to_string())>
                "All " {left}
            </button>
        </div>
        <FieldMessage id=error_id message=message />
    }
}

#[component]
fn PackageStep() -> impl IntoView {
    let ship = expect_context::<ShipForm>();
    let draft = ship.form.draft;
    let order_id = ship.order.with_value(|o| o.order.id);
    view! {
        <RadioGroup<PackageKind, PackageKind> name="kind" legend="Box or pallet" field="package.kind"
            value=draft.kind() affects=&["package.weight"] />
        <div class="measure-row">
            <TextField id="length" label="Length" field="package.length" value=draft.length() inputmode="decimal" />
            <TextField id="width" label="Width" field="package.width" value=draft.width() inputmode="decimal" />
            <TextField id="height" label="Height" field="package.height" value=draft.height() inputmode="decimal" />
            <SelectField<LengthUnit, LengthUnit> id="length-unit" label="Unit" field="package.length_unit" value=draft.length_unit() />
        </div>
        <div class="measure-row">
            <TextField id="weight" label="Weight" field="package.weight" value=draft.weight() inputmode="decimal" />
            <SelectField<WeightUnit, WeightUnit> id="weight-unit" label="Unit" field="package.weight_unit" value=draft.weight_unit() />
        </div>
        <UploadField order_id=order_id purpose=Purpose::PackagePhoto line=None id="package-photo"
            label="Photo of the packed package (JPEG or PNG, at most 10 MB)" field="package.photo"
            on_uploaded=Callback::new(move |f: StoredFile| {
                draft.photo().set(Some((f.id, f.name)));
                ship.form.feedback.touch("package.photo");
            }) />
        {move || draft.photo().get().map(|(id, name)| view! {
            <p class="photo-preview" data-testid="package-photo-preview">
                <img class="thumb" src=api::file_url(id) alt=format!("Package photo: {name}") width="96" height="96" />
                <span>{name}</span>
            </p>
        })}
    }
}

#[component]
fn DeliveryStep(late: impl Fn() -> Option<String> + Copy + Send + Sync + 'static) -> impl IntoView {
    let ship = expect_context::<ShipForm>();
    let draft = ship.form.draft;
    let terms = ship.terms;
    // A changed pickup address must be confirmed again.
    Effect::new(move |before: Option<String>| {
        let address = draft.pickup_address().get();
        if before.is_some_and(|b| b != address) {
            draft.pickup_confirmed().set(false);
        }
        address
    });
    view! {
        <LateWarning late=late />
        <p class="muted">{terms.label()}</p>
        {if terms.partner_arranges() {
            view! {
                <SelectField<Carrier, Option<Carrier>> id="carrier" label="Carrier" field="delivery.carrier"
                    value=draft.carrier() placeholder="Choose a carrier" affects=&["delivery.tracking_number"] />
                <TextField id="tracking" label="Tracking number (optional)" field="delivery.tracking_number" value=draft.tracking() />
                <TextField id="expected-date" label="Expected shipment date" field="delivery.expected_ship_date"
                    input_type="date" value=draft.expected_date() />
            }.into_any()
        } else {
            view! {
                <TextArea id="pickup-address" label="Pickup address: check it is where the carrier should collect the package"
                    field="delivery.pickup_address" value=draft.pickup_address() rows=4 />
                <Checkbox id="pickup-confirmed" label="This pickup address is correct" field="delivery.pickup_confirmed"
                    value=draft.pickup_confirmed() />
            }.into_any()
        }}
        <div class="terms" data-testid="delivery-terms">
            <h3>"Delivery terms"</h3>
            <ul>{terms.terms().iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ul>
        </div>
        <Checkbox id="terms-accepted" field="delivery.terms_accepted" value=draft.terms_accepted()
            label="I confirm these delivery terms and that the package is packed by the packing checklist" />
    }
}

/// R-SHP-4: the warning when the parts leave after the lead time, with the score it costs.
#[component]
fn LateWarning(late: impl Fn() -> Option<String> + Copy + Send + Sync + 'static) -> impl IntoView {
    let ship = expect_context::<ShipForm>();
    let (order_id, lead_time) = ship.order.with_value(|o| (o.order.id, o.order.lead_time));
    let ship_day = Signal::derive(move || ship.expected().unwrap_or_else(|| ship.today.get()));
    move || {
        late().map(|warning| view! {
        <p class="banner warning" role="note" data-testid="late-warning"><WarningIcon /><span>{warning}</span></p>
        <LatePreview order_id=order_id lead_time=lead_time ship_day=ship_day />
    })
    }
}

#[component]
fn Review(late: impl Fn() -> Option<String> + Copy + Send + Sync + 'static) -> impl IntoView {
    let ship = expect_context::<ShipForm>();
    let d = ship.form.value();
    let order = ship.order;
    let (lines, _) = order.with_value(|o| d.parts(&o.lines_left()));
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
    let where_ = if ship.terms.partner_arranges() {
        format!(
            "{} · tracking {} · ships {}",
            d.carrier.map_or("", |c| c.label()),
            if d.tracking.trim().is_empty() { "to follow" } else { d.tracking.trim() },
            chrono::NaiveDate::parse_from_str(&d.expected_date, "%Y-%m-%d")
                .map_or_else(|_| d.expected_date.clone(), format::date)
        )
    } else {
        format!("Pickup at {}", d.pickup_address.replace('\n', ", "))
    };
    view! {
        <LateWarning late=late />
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
