//! `/store/cart?step=N`: the cart (kept on the server: every device sees it) and the checkout
//! wizard: shipping (R-SUP-6), payment with a promotion code (R-SUP-3) and job funds or a purchase
//! order (R-SUP-1, R-SUP-2, R-SUP-11) or a card typed into the payment provider's own fields (the
//! portal receives a one-time token, never the number), then the review with tax (R-SUP-4) and
//! the estimated ship date (R-SUP-5). The figures are the server's quote; placing the order is
//! idempotent.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_core::api::{Cart, CartLine, Checkout, Quote, StorePayment};
use portal_core::draft::store::{CheckoutDraft, CheckoutDraftStoreFields, checkout_step};
use portal_core::format;
use portal_core::supplies::catalog::{Cut, pounds_text};
use portal_core::supplies::{CentiPounds, ShipMethod};

use super::{StoreNav, partner_unit, size_text};
use crate::api::{self, ApiError};
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{FieldMessage, TextField};
use crate::forms::wizard::{Stepper, Wizard, WizardButtons};
use crate::forms::{Form, forget_draft};

const STEPS: &[&str] = &["Cart", "Shipping", "Payment", "Review"];
const REVIEW: usize = 4;
const DRAFT: &str = "store.checkout";

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let cart = LocalResource::new(api::store::cart);
    let retry = Callback::new(move |()| cart.refetch());
    view! {
        <div class="page-head">
            <h1>"Cart and checkout"</h1>
            <p class="muted">"Your cart is kept for you on every device. Prices are in US dollars."</p>
        </div>
        <StoreNav current="/store/cart" />
        <Transition fallback=|| view! { <Loading label="Loading your cart…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let c = cart.await?;
                    Ok::<_, ApiError>(view! { <CheckoutWizard cart=c /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// What the wizard's steps share.
#[derive(Clone, Copy)]
struct Shared {
    form: Form<CheckoutDraft>,
    cart: RwSignal<Cart>,
    quote: RwSignal<Option<Quote>>,
    /// The promotion code the quote applies (set by "Apply", cleared when refused).
    promo: RwSignal<Option<String>>,
    requote: Callback<()>,
    /// The card the provider's hosted fields turned into a token (this page only: never kept).
    card: RwSignal<Option<CardEntry>>,
    /// Why the payment step cannot go on yet (no card entered).
    card_error: RwSignal<Option<String>>,
}

/// What the card fields post back: a one-time token, the brand and the last four digits.
#[derive(Clone, Debug, PartialEq)]
struct CardEntry {
    token: String,
    brand: String,
    last4: String,
}

/// The origin of the provider's hosted fields (`https://pay.example`), whose messages are trusted.
fn origin_of(url: &str) -> Option<String> {
    web_sys::Url::new(url).ok().map(|u| u.origin())
}

/// Listens for the card fields' token, only from the provider's origin.
fn listen_for_card(
    quote: RwSignal<Option<Quote>>,
    card: RwSignal<Option<CardEntry>>,
    card_error: RwSignal<Option<String>>,
) {
    let handle = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Some(trusted) =
            quote.with_untracked(|q| q.as_ref().and_then(|q| q.card_fields.as_deref().and_then(origin_of)))
        else {
            return;
        };
        if ev.origin() != trusted {
            return;
        }
        let data = ev.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string());
        if field("kind").as_deref() != Some("card-token") {
            return;
        }
        if let (Some(token), Some(brand), Some(last4)) = (field("token"), field("brand"), field("last4")) {
            card_error.set(None);
            card.set(Some(CardEntry { token, brand, last4 }));
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
fn CheckoutWizard(cart: Cart) -> impl IntoView {
    let navigate = use_navigate();
    let cart = RwSignal::new(cart);
    let (form, was_restored) = Form::kept(DRAFT.to_owned(), CheckoutDraft::default, |d| d.parse().1, checkout_step);
    // Step 1 has no field: it may be left while the cart has lines.
    let wizard =
        Wizard::new("/store/cart".into(), REVIEW, form.feedback, move |s| s == 1 && cart.with(|c| c.lines.is_empty()));
    let quote = RwSignal::new(None::<Quote>);
    let quote_error = RwSignal::new(None::<String>);
    let promo = RwSignal::new(form.draft.with_untracked(|d| Some(d.promo.clone()).filter(|p| !p.is_empty())));
    let asked = StoredValue::new(0u32);
    // The quote for the steps filled in so far; only the latest answer counts.
    let requote = Callback::new(move |()| {
        let step = wizard.step.get_untracked();
        let (parsed, _) = form.draft.with_untracked(CheckoutDraft::parse);
        let input = Checkout {
            ship_to: if step >= 3 { parsed.ship_to } else { None },
            method: if step >= 3 { parsed.method } else { None },
            promo: promo.get_untracked(),
            ..Checkout::default()
        };
        let n = asked.with_value(|n| n + 1);
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            let answer = api::store::quote(&input).await;
            if asked.try_with_value(|latest| *latest != n).unwrap_or(true) {
                return;
            }
            match answer {
                Ok(q) => {
                    // A first visit starts from the last address shipped to.
                    if let Some(a) = q.last_ship_to.clone()
                        && form.draft.with_untracked(|d| d.name.is_empty() && d.street.is_empty())
                    {
                        form.draft.name().set(a.name);
                        form.draft.street().set(a.street);
                        form.draft.city().set(a.city);
                        form.draft.state().set(a.state);
                        form.draft.zip().set(a.zip);
                    }
                    quote_error.set(None);
                    cart.set(q.cart.clone());
                    quote.set(Some(q));
                }
                Err(e) => {
                    if e.field_message("promo").is_some() {
                        promo.set(None);
                    }
                    quote_error.set(wizard.refused(&e));
                }
            }
        });
    });
    Effect::new(move |_| {
        wizard.step.track();
        requote.run(());
    });
    let card = RwSignal::new(None::<CardEntry>);
    let card_error = RwSignal::new(None::<String>);
    listen_for_card(quote, card, card_error);
    provide_context(Shared { form, cart, quote, promo, requote, card, card_error });

    let key = StoredValue::new(api::new_idempotency_key());
    let place = Action::new_local(move |(): &()| {
        let (mut checkout, _) = form.draft.with_untracked(CheckoutDraft::parse);
        checkout.promo = promo.get_untracked();
        checkout.expected_total = quote.with_untracked(|q| q.as_ref().map(|q| q.total));
        if checkout.payment == Some(StorePayment::Card) {
            checkout.card_token = card.with_untracked(|c| c.as_ref().map(|c| c.token.clone()));
        }
        let key = key.get_value();
        async move { api::store::place_order(&checkout, &key).await }
    });
    let place_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match place.value().get() {
        Some(Ok(order)) => {
            forget_draft(DRAFT);
            let navigate = navigate.clone();
            request_animation_frame(move || {
                navigate(&format!("/store/orders/{}?placed=1", order.id), NavigateOptions::default());
            });
        }
        Some(Err(e)) => {
            // A total that moved (409): the review shows the new figures; a new key for the new order.
            if e.status() == Some(409) {
                key.set_value(api::new_idempotency_key());
                requote.run(());
            }
            // A card refused (declined, a brand the store does not take): enter another; the
            // token is spent, and so is the key that charged it.
            if let Some(why) = e.field_message("card_token") {
                card.set(None);
                card_error.set(Some(why));
                key.set_value(api::new_idempotency_key());
            }
            place_error.set(wizard.refused(&e));
        }
        None => {}
    });

    let step = wizard.step;
    let title = move || match step.get() {
        1 => "Step 1: your cart",
        2 => "Step 2: shipping",
        3 => "Step 3: payment",
        _ => "Review and place the order",
    };
    let empty = move || cart.with(|c| c.lines.is_empty());
    view! {
        {was_restored.then(|| view! {
            <p class="banner info" role="status" data-testid="draft-restored">"Your unfinished checkout was restored."</p>
        })}
        <Stepper steps=STEPS current=Signal::derive(move || step.get().min(REVIEW)) />
        <form class="wizard panel" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1" node_ref=wizard.heading data-testid="step-title">{title}</h2>
            {move || match step.get() {
                1 => view! { <CartStep /> }.into_any(),
                2 => view! { <ShippingStep /> }.into_any(),
                3 => view! { <PaymentStep /> }.into_any(),
                _ => view! { <ReviewStep /> }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="quote-error">{move || quote_error.get()}</p>
            <Show when=move || !empty()>
                <WizardButtons wizard=wizard on_continue=Callback::new(move |()| {
                        // The card must be entered (in the provider's fields) before the review.
                        let by_card = form.draft.with_untracked(|d| d.payment == "card");
                        if step.get_untracked() == 3 && by_card && card.with_untracked(Option::is_none) {
                            card_error.set(Some(portal_core::supplies::cards::CARD_REQUIRED.to_owned()));
                            return;
                        }
                        wizard.next();
                    })
                    send_label="Place order" send_testid="place-order" sending_label="Placing the order…"
                    sending=place.pending() error=place_error error_testid="place-error"
                    on_send=Callback::new(move |()| { place_error.set(None); place.dispatch(()); }) />
            </Show>
        </form>
    }
}

/// A line's size as ordered: `12 in x 24 in`, a length, or nothing (by the piece).
fn line_size(l: &CartLine) -> String {
    let unit = partner_unit();
    let p = &l.product;
    let w = l.spec.width_mils.unwrap_or(p.width_mils);
    let len = l.spec.length_mils.unwrap_or(p.length_mils);
    match p.cut() {
        Cut::WidthAndLength => format!("{} x {}", size_text(w, unit), size_text(len, unit)),
        Cut::Length => size_text(len, unit),
        Cut::None => "By the piece".to_owned(),
    }
}

#[component]
fn CartStep() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let cart = shared.cart;
    let error = RwSignal::new(None::<String>);
    // The line just removed, to put back.
    let removed = RwSignal::new(None::<CartLine>);
    let change = Action::new_local(move |(id, pieces): &(i64, Option<u32>)| {
        let (id, pieces) = (*id, *pieces);
        async move {
            match pieces {
                Some(n) => api::store::set_pieces(id, n).await,
                None => api::store::remove_from_cart(id).await,
            }
        }
    });
    let undo = Action::new_local(move |line: &CartLine| {
        let spec = line.spec.clone();
        async move { api::store::add_to_cart(&spec).await }
    });
    Effect::new(move |_| {
        for result in [change.value().get(), undo.value().get()].into_iter().flatten() {
            match result {
                Ok(c) => {
                    error.set(None);
                    cart.set(c);
                }
                Err(e) => error.set(Some(e.field_message("pieces").unwrap_or_else(|| e.to_string()))),
            }
        }
    });
    view! {
        {move || if cart.with(|c| c.lines.is_empty()) {
            view! {
                <div class="state" data-testid="cart-empty">
                    <p>"Your cart is empty."</p>
                    <A href="/store" attr:class="button primary">"Browse the catalog"</A>
                </div>
            }.into_any()
        } else {
            view! {
                <table class="orders cart-lines">
                    <thead><tr>
                        <th scope="col">"Product"</th><th scope="col">"Size"</th><th scope="col" class="num">"Pieces"</th>
                        <th scope="col" class="num">"Price"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || cart.get().lines key=|l| (l.id, l.spec.pieces) let:line>
                            <CartRow line=line change=change removed=removed />
                        </For>
                    </tbody>
                </table>
            }.into_any()
        }}
        {move || removed.get().map(|line| view! {
            <p class="banner info" role="status" data-testid="removed">
                {format!("Removed {}. ", line.product.name)}
                <button type="button" class="button secondary" data-testid="undo-remove"
                    on:click=move |_| { undo.dispatch(line.clone()); removed.set(None); }>"Undo"</button>
            </p>
        })}
        <p class="field-error" role="alert" data-testid="cart-error">{move || error.get()}</p>
        {move || cart.with(|c| (!c.lines.is_empty()).then(|| view! {
            <div class="cart-summary" data-testid="cart-summary">
                <p>"Goods: " <strong data-testid="cart-goods">{c.goods.display()}</strong>
                    <span class="muted">{format!(" · {} · without tax and shipping", pounds_text(CentiPounds(c.weight_centi_lb)))}</span></p>
                <p>"Estimated ship date if ordered now: " <strong data-testid="cart-ship-date">{format::date(c.ship_date)}</strong></p>
                {(!c.delays.is_empty()).then(|| view! {
                    <ul class="delays">{c.delays.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
                })}
            </div>
        }))}
    }
}

#[component]
fn CartRow(
    line: CartLine,
    change: Action<(i64, Option<u32>), Result<Cart, ApiError>>,
    removed: RwSignal<Option<CartLine>>,
) -> impl IntoView {
    let id = line.id;
    let input_id = format!("pieces-{id}");
    let typed = RwSignal::new(line.spec.pieces.to_string());
    let commit = move || {
        if let Ok(n) = typed.get_untracked().trim().parse::<u32>()
            && n != line.spec.pieces
        {
            change.dispatch((id, Some(n)));
        }
    };
    let href = format!("/store/products/{}", String::from(js_sys::encode_uri_component(&line.product.sku)));
    let kept = line.clone();
    let name = line.product.name.clone();
    view! {
        <tr data-testid="cart-line" data-sku=line.product.sku.clone()>
            <td data-label="Product">
                <A href=href>{name}</A>
                {(!line.delays.is_empty()).then(|| view! { <span class="muted small">{line.delays.join(" ")}</span> })}
            </td>
            <td data-label="Size">{line_size(&line)}</td>
            <td data-label="Pieces" class="num">
                <label for=input_id.clone() class="visually-hidden">{format!("Pieces of {}", line.product.name)}</label>
                <input id=input_id.clone() data-testid=input_id class="pieces" type="text" inputmode="numeric" autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:change=move |_| commit()
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); commit(); } />
            </td>
            <td data-label="Price" class="num">
                <span data-testid="line-total">{line.total.display()}</span>
                <span class="muted small">{format!(" ({} each)", line.piece_price.display())}</span>
            </td>
            <td>
                <button type="button" class="button secondary" data-testid=format!("remove-{id}")
                    on:click=move |_| { removed.set(Some(kept.clone())); change.dispatch((id, None)); }>"Remove"</button>
            </td>
        </tr>
    }
}

#[component]
fn ShippingStep() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let form = shared.form;
    let method = form.draft.method();
    let message = form.feedback.message("method");
    view! {
        <p>"The store delivers to street addresses in the contiguous United States (not Alaska, Hawaii, the territories or PO boxes); there is no pickup."</p>
        <fieldset class="address">
            <legend>"Ship to"</legend>
            <TextField id="ship-name" label="Company or name" field="ship_to.name" value=form.draft.name() autocomplete="organization" />
            <TextField id="ship-street" label="Street address" field="ship_to.street" value=form.draft.street() autocomplete="street-address" />
            <TextField id="ship-city" label="City" field="ship_to.city" value=form.draft.city() autocomplete="address-level2" />
            <TextField id="ship-state" label="State" field="ship_to.state" value=form.draft.state() autocomplete="address-level1" hint="Two letters, such as OH." />
            <TextField id="ship-zip" label="ZIP code" field="ship_to.zip" value=form.draft.zip() autocomplete="postal-code" inputmode="numeric" />
        </fieldset>
        <fieldset class="choices" aria-describedby="method-error">
            <legend>"Shipping method"</legend>
            {move || shared.quote.with(|q| match q {
                None => view! { <Loading label="Working out the shipping…" /> }.into_any(),
                Some(q) => {
                    let freight = q.methods.iter().all(|m| m.method == ShipMethod::LtlFreight);
                    view! {
                        {freight.then(|| view! {
                            <p class="note" data-testid="freight-note">"This order is over 150 lb or has an item over 108 in: it ships by LTL freight (by truck), which cannot be expedited."</p>
                        })}
                        {q.methods.iter().map(|m| {
                            let slug = m.method.slug();
                            let cost = if m.cost.amount_minor == 0 { "Free".to_owned() } else { m.cost.display() };
                            view! {
                                <label class="choice">
                                    <input type="radio" name="method" value=slug data-testid=format!("method-{slug}")
                                        prop:checked=move || method.get() == slug
                                        on:change=move |_| { method.set(slug.to_owned()); form.feedback.touch("method"); } />
                                    <span>{format!("{} · {cost}", m.label)}</span>
                                </label>
                            }
                        }).collect_view()}
                        <p class="muted small">{format!("Estimated ship date: {}", format::date(q.cart.ship_date))}</p>
                    }.into_any()
                }
            })}
            <FieldMessage id="method-error" message=message />
        </fieldset>
    }
}

#[component]
fn PaymentStep() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let form = shared.form;
    let payment = form.draft.payment();
    let message = form.feedback.message("payment");
    let apply = move || {
        let code = form.draft.with_untracked(|d| d.promo.trim().to_owned());
        form.feedback.touch("promo");
        shared.promo.set(Some(code).filter(|c| !c.is_empty()));
        shared.requote.run(());
    };
    view! {
        <div class="promo-row">
            <TextField id="promo" label="Promotion code" field="promo" value=form.draft.promo()
                hint="One code per order. Codes do not apply to custom-quoted or contract-priced lines." />
            <button type="button" class="button secondary" data-testid="apply-promo" on:click=move |_| apply()>"Apply"</button>
        </div>
        {move || shared.quote.with(|q| q.as_ref().filter(|q| q.discount.amount_minor > 0).map(|q| view! {
            <p class="banner success" role="status" data-testid="promo-applied">
                {format!("{} applied: {} off.", shared.promo.get().unwrap_or_default(), q.discount.display())}
                {(!q.promo_excluded.is_empty()).then(|| format!(" Not on: {}.", q.promo_excluded.join(", ")))}
            </p>
        }))}
        <fieldset class="choices" aria-describedby="payment-error">
            <legend>"Pay with"</legend>
            {move || shared.quote.with(|q| q.as_ref().map(|q| {
                let funds = q.funds.clone();
                let po_refused = q.purchase_order_refusal.clone();
                let cards = q.card_fields.is_some();
                view! {
                    <label class="choice">
                        <input type="radio" name="payment" data-testid="payment-job_funds"
                            prop:checked=move || payment.get() == "job_funds"
                            on:change=move |_| { payment.set("job_funds".into()); form.feedback.touch("payment"); } />
                        <span>
                            "Job funds"
                            <span class="muted small" data-testid="funds-line">{format!(
                                " · spendable now {} (your accepted, not yet paid orders, less earlier purchases). Covers {}{}",
                                funds.spendable.display(), funds.from_funds.display(),
                                if funds.invoiced.amount_minor > 0 { format!("; the rest, {}, is invoiced and due on receipt.", funds.invoiced.display()) } else { ".".to_owned() }
                            )}</span>
                        </span>
                    </label>
                    <label class="choice" class:disabled=po_refused.is_some()>
                        <input type="radio" name="payment" data-testid="payment-purchase_order" disabled=po_refused.is_some()
                            prop:checked=move || payment.get() == "purchase_order"
                            on:change=move |_| { payment.set("purchase_order".into()); form.feedback.touch("payment"); } />
                        <span>
                            "Purchase order"
                            <span class="muted small" data-testid="po-line">{po_refused.clone().unwrap_or_else(|| " · invoiced, due in 30 days; 1.5% interest a month after.".to_owned())}</span>
                        </span>
                    </label>
                    {cards.then(|| view! {
                        <label class="choice">
                            <input type="radio" name="payment" data-testid="payment-card"
                                prop:checked=move || payment.get() == "card"
                                on:change=move |_| { payment.set("card".into()); form.feedback.touch("payment"); } />
                            <span>"Card" <span class="muted small">" · Visa, Mastercard or American Express, charged when you place the order."</span></span>
                        </label>
                    })}
                }
            }))}
            <FieldMessage id="payment-error" message=message />
        </fieldset>
        <Show when=move || payment.get() == "purchase_order">
            <TextField id="po-number" label="Your purchase order number" field="po_number" value=form.draft.po_number() />
        </Show>
        <Show when=move || payment.get() == "card">
            <CardFields />
        </Show>
    }
}

/// The payment provider's hosted card fields in a frame: the card number is typed on the
/// provider's page, and only its one-time token comes back.
#[component]
fn CardFields() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let card = shared.card;
    // Read once: setting a frame's src again (a new quote on this step) would reload it and lose
    // what the partner typed into it.
    let origin = window().location().origin().unwrap_or_default();
    let src = shared.quote.with_untracked(|q| {
        q.as_ref()
            .and_then(|q| q.card_fields.clone())
            .map(|f| format!("{f}?origin={}", String::from(js_sys::encode_uri_component(&origin))))
    });
    view! {
        <div class="card-entry" data-testid="card-entry">
            {move || match card.get() {
                Some(c) => view! {
                    <p class="banner success" role="status" data-testid="card-ready">
                        {format!("{} ending {} will be charged when you place the order. ", portal_core::supplies::cards::brand_label(&c.brand), c.last4)}
                        <button type="button" class="button secondary" data-testid="card-another" on:click=move |_| card.set(None)>"Use another card"</button>
                    </p>
                }.into_any(),
                None => view! {
                    <iframe class="card-fields" title="Card details, with the payment provider" data-testid="card-fields" src=src.clone()></iframe>
                    <p class="muted small">"The card is typed into the payment provider's own page: the portal never sees or keeps its number."</p>
                }.into_any(),
            }}
            <p class="field-error" role="alert" data-testid="card-error">{move || shared.card_error.get()}</p>
        </div>
    }
}

#[component]
fn ReviewStep() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let draft = shared.form.draft;
    move || {
        shared.quote.with(|q| match q {
            None => view! { <Loading label="Working out the total…" /> }.into_any(),
            Some(q) => {
                let d = draft.get_untracked();
                let address = d.address();
                let method = ShipMethod::parse(&d.method).map_or("", ShipMethod::label);
                let payment = StorePayment::parse(&d.payment);
                let by_funds = payment == Some(StorePayment::JobFunds);
                let card = shared.card.get_untracked();
                view! {
                    <table class="orders review-lines">
                        <thead><tr><th scope="col">"Product"</th><th scope="col">"Size"</th><th scope="col" class="num">"Pieces"</th><th scope="col" class="num">"Price"</th></tr></thead>
                        <tbody>
                            {q.cart.lines.iter().map(|l| view! {
                                <tr><td data-label="Product">{l.product.name.clone()}</td><td data-label="Size">{line_size(l)}</td>
                                    <td data-label="Pieces" class="num">{l.spec.pieces}</td><td data-label="Price" class="num">{l.total.display()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <dl class="figures" data-testid="review-figures">
                        <dt>"Goods"</dt><dd>{q.goods.display()}</dd>
                        {(q.discount.amount_minor > 0).then(|| view! {
                            <dt>{format!("Promotion {}", shared.promo.get_untracked().unwrap_or_default())}</dt>
                            <dd data-testid="review-discount">{format!("−{}", q.discount.display())}</dd>
                        })}
                        <dt>{format!("Shipping ({method})")}</dt><dd data-testid="review-shipping">{if q.shipping.amount_minor == 0 { "Free".to_owned() } else { q.shipping.display() }}</dd>
                        <dt>{format!("Sales tax, {} {}", address.state, tax_rate(q.tax_rate_bps))}</dt><dd data-testid="review-tax">{q.tax.display()}</dd>
                        <dt class="total">"Total"</dt><dd class="total" data-testid="review-total">{q.total.display()}</dd>
                    </dl>
                    <p class="muted small">"Tax is worked out from the store's table of state sales-tax rates (state rates only)."</p>
                    <TaxCertificate state=address.state.clone() exempt=q.tax_exempt taxed={q.tax_rate_bps > 0} />
                    <p data-testid="review-payment">{if by_funds {
                        format!("Paid from job funds: {}. Invoiced, due on receipt: {}.", q.funds.from_funds.display(), q.funds.invoiced.display())
                    } else if let (Some(StorePayment::Card), Some(c)) = (payment, &card) {
                        format!("Card: {} ending {}, charged {} when you place the order.", portal_core::supplies::cards::brand_label(&c.brand), c.last4, q.total.display())
                    } else {
                        format!("Purchase order {}: invoiced {}, due in 30 days.", d.po_number.trim(), q.total.display())
                    }}</p>
                    <p>{format!("Ships to {}, {}, {}, {} {}.", address.name, address.street, address.city, address.state, address.zip)}</p>
                    <p>"Estimated ship date: " <strong data-testid="review-ship-date">{format::date(q.cart.ship_date)}</strong></p>
                    <p class="muted small">"You can change or cancel the order within 1 hour of placing it, while nothing is cut; special-order material never."</p>
                }.into_any()
            }
        })
    }
}

/// A rate in hundredths of a percent: `(5.75%)`; `(no sales tax)` for none.
fn tax_rate(bps: u32) -> String {
    if bps == 0 {
        "(no sales tax)".to_owned()
    } else {
        let s = format!("{}.{:02}", bps / 100, bps % 100);
        format!("({}%)", s.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// R-SUP-4: an exemption certificate (PDF) for the ship-to state removes its sales tax.
#[component]
fn TaxCertificate(state: String, exempt: bool, taxed: bool) -> impl IntoView {
    use leptos::wasm_bindgen::JsCast;
    let shared = expect_context::<Shared>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let us_state = StoredValue::new(state.clone());
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::store::put_tax_certificate(&us_state.get_value(), &file).await {
                Ok(_) => shared.requote.run(()),
                Err(e) => error.set(Some(format!(
                    "{}: {}",
                    file.name(),
                    e.field_message("file").unwrap_or_else(|| e.to_string())
                ))),
            }
            busy.set(false);
        });
    };
    if exempt {
        return view! { <p class="banner success" data-testid="tax-exempt">{format!("No sales tax: your exemption certificate for {state} is on file.")}</p> }.into_any();
    }
    (taxed).then(|| view! {
        <div class="field upload">
            <label for="tax-certificate">{format!("Exempt from sales tax in {state}? Add your exemption certificate (PDF)")}</label>
            <input id="tax-certificate" data-testid="tax-certificate" type="file" accept="application/pdf,.pdf"
                aria-describedby="tax-certificate-error" disabled=move || busy.get() on:change=upload />
            <p id="tax-certificate-error" class="field-error" role="alert" data-testid="tax-certificate-error">{move || error.get()}</p>
        </div>
    }).into_any()
}
