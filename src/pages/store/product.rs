//! `/store/products/{sku}`: a product's sizes, tolerances, flatness (R-SUP-12) and stock, and
//! cutting it to size: the price and the estimated ship date follow what is typed (R-SUP-1,
//! R-SUP-5), with the reasons that delay it named.

use chrono::DateTime;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::draft::store::{CutDraft, CutDraftStoreFields};
use portal_core::format;
use portal_core::problem::FieldError;
use portal_core::supplies::catalog::{Cut, CutUnit, Pricing, Product, pounds_text};
use portal_core::supplies::{CentiPounds, ship_date};

use super::{StoreNav, partner_unit, price_text, size_text, stock_text, usd};
use crate::api::{self, ApiError};
use crate::components::clock::expect_clock;
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{Checkbox, TextField};
use crate::forms::{Form, forget_draft, one_step, refused};

#[component]
pub fn ProductPage(sku: String) -> impl IntoView {
    let product = LocalResource::new(move || api::store::product(sku.clone()));
    let retry = Callback::new(move |()| product.refetch());
    view! {
        <p class="back"><A href="/store">"← Back to the catalog"</A></p>
        <Transition fallback=|| view! { <Loading label="Loading the product…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let p = product.await?;
                    Ok::<_, ApiError>(view! { <ProductView product=p /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ProductView(product: Product) -> impl IntoView {
    let unit = partner_unit();
    let cut = product.cut();
    let p = StoredValue::new(product.clone());
    let stock_size = match cut {
        Cut::WidthAndLength => {
            Some(format!("{} x {}", size_text(product.width_mils, unit), size_text(product.length_mils, unit)))
        }
        Cut::Length => Some(size_text(product.length_mils, unit)),
        Cut::None => None,
    };
    view! {
        <div class="page-head">
            <h1>{product.name.clone()}</h1>
            <p class="muted">{format!("SKU {} · {}", product.sku, product.category.label())}</p>
        </div>
        <StoreNav current="" />
        <div class="product-layout">
            <section class="panel" aria-labelledby="about-title">
                <h2 id="about-title">"About this product"</h2>
                <dl class="spec">
                    <dt>"Material"</dt><dd>{format!("{}, {}", product.material.label(), product.alloy)}</dd>
                    {(product.size_mils > 0).then(|| view! {
                        <dt>{product.category.size_name()}</dt><dd data-testid="product-size">{size_text(product.size_mils, unit)}</dd>
                    })}
                    {stock_size.map(|s| view! { <dt>"Full stock size"</dt><dd>{s}</dd> })}
                    <dt>"Tolerance"</dt><dd>{product.tolerance.clone()}</dd>
                    <dt>"Price"</dt>
                    <dd data-testid="product-price">
                        {price_text(&product)}
                        {(product.cut_charge_minor > 0).then(|| format!(", plus {} a piece cut to size", usd(product.cut_charge_minor)))}
                        {(product.pricing != Pricing::Catalog).then(|| view! {
                            <span class="tag" data-testid="pricing">{product.pricing.label()}</span>
                        })}
                    </dd>
                    <dt>"Stock"</dt><dd data-testid="product-stock">{stock_text(&product)}</dd>
                </dl>
                {product.flatness_note().map(|note| view! { <p class="note" data-testid="flatness-note">{note}</p> })}
                {product.special_order.then(|| view! {
                    <p class="note" data-testid="special-order-note">
                        "Special-order material is ordered in for you: it ships about 10 business days later, and it cannot be changed, cancelled or returned."
                    </p>
                })}
                {(product.pricing != Pricing::Catalog).then(|| view! {
                    <p class="muted small">"Promotion codes do not apply to custom-quoted or contract-priced products."</p>
                })}
            </section>
            <CutForm product=p />
        </div>
    }
}

/// Cutting to size (or the full stock size, or pieces of tooling), with the live price and ship
/// date; the draft is kept on this device until it is in the cart.
#[component]
fn CutForm(product: StoredValue<Product>) -> impl IntoView {
    let sku = product.with_value(|p| p.sku.clone());
    let cut = product.with_value(Product::cut);
    let name = format!("store.cut.{sku}");
    let unit = partner_unit();
    let check = move |d: &CutDraft| product.with_value(|p| d.parse(p).1);
    let (form, was_restored) = Form::kept(name.clone(), move || CutDraft::new(unit), check, one_step);
    let clock = expect_clock();
    let parsed = Memo::new(move |_| product.with_value(|p| form.draft.with(|d| d.parse(p))));
    let added = RwSignal::new(None::<String>);
    let add = Action::new_local(move |(): &()| {
        let line = parsed.get_untracked().0.map(|(spec, _)| spec);
        async move {
            match line {
                Some(spec) => api::store::add_to_cart(&spec).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match add.value().get() {
        Some(Ok(Some(cart))) => {
            forget_draft(&name);
            form.settle(CutDraft::new(form.draft.with_untracked(|d| d.unit)));
            added.set(Some(format!("Added to your cart ({} lines, {}).", cart.lines.len(), cart.goods.display())));
        }
        Some(Ok(None)) => {
            form.feedback.show_step(1);
        }
        Some(Err(e)) => error.set(refused(form.feedback, &e)),
        None => {}
    });
    let unit_field = form.draft.unit();
    // A memo: the clock ticks every second, but the figures (in a live region) change only when
    // the line or the ship date does.
    let price = Memo::new(move |_| {
        parsed.with(|(line, _)| {
            line.as_ref().map(|(spec, l)| {
                let now = DateTime::from_timestamp(clock.now(), 0).unwrap_or_default();
                (
                    usd(l.piece_price_minor),
                    usd(l.total_minor),
                    pounds_text(CentiPounds(l.weight.0)),
                    format::date(ship_date(now, &l.delays)),
                    l.delays.iter().map(|d| d.message()).collect::<Vec<_>>(),
                    spec.pieces,
                    l.cut,
                )
            })
        })
    });
    let errors_shown = move || form.feedback.any_shown() && parsed.with(|(_, e): &(_, Vec<FieldError>)| !e.is_empty());
    view! {
        <section class="panel cut-form" aria-labelledby="cut-title">
            <h2 id="cut-title">{if cut == Cut::None { "Order" } else { "Cut to size" }}</h2>
            {was_restored.then(|| view! {
                <p class="banner info" role="status" data-testid="draft-restored">"What you typed last time was kept."</p>
            })}
            <form novalidate on:submit=move |ev| { ev.prevent_default(); error.set(None); added.set(None); add.dispatch(()); }>
                {(cut != Cut::None).then(|| view! {
                    <fieldset class="choices inline">
                        <legend>"Units"</legend>
                        {[CutUnit::Inch, CutUnit::Millimetre].into_iter().map(|u| view! {
                            <label class="choice">
                                <input type="radio" name="cut-unit" data-testid=format!("unit-{}", u.slug())
                                    prop:checked=move || unit_field.get() == u
                                    on:change=move |_| unit_field.set(u) />
                                <span>{if u == CutUnit::Inch { "Inches" } else { "Millimetres" }}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                })}
                // The sizes' labels name the unit: they are built again when it changes.
                {move || {
                    let sym = unit_field.get().symbol();
                    view! {
                        {(cut == Cut::WidthAndLength).then(|| view! {
                            <TextField id="cut-width" label=format!("Width ({sym})") field="width"
                                value=form.draft.width() inputmode="decimal" hint="Leave empty for the full stock width." />
                        })}
                        {(cut != Cut::None).then(|| view! {
                            <TextField id="cut-length" label=format!("Length ({sym})") field="length"
                                value=form.draft.length() inputmode="decimal" hint="Leave empty for the full stock length." />
                        })}
                    }
                }}
                <TextField id="cut-pieces" label="Pieces" field="pieces" value=form.draft.pieces() inputmode="numeric" />
                {(cut != Cut::None).then(|| view! {
                    <Checkbox id="cut-mtr" label="Mill test report (+$15.00)" field="mill_test_report" value=form.draft.mill_test_report() />
                    <Checkbox id="cut-coc" label="Certificate of compliance (+$10.00)" field="certificate_of_compliance" value=form.draft.certificate_of_compliance() />
                })}
                <div class="cut-figures" aria-live="polite" data-testid="cut-figures">
                    {move || match price.get() {
                        Some((piece, total, weight, date, reasons, pieces, is_cut)) => view! {
                            <p>
                                <span data-testid="piece-price">{format!("{piece} a piece{}", if is_cut { " (cut)" } else { "" })}</span>
                                " · "
                                <strong data-testid="line-total">{format!("{total} for {pieces}")}</strong>
                                <span class="muted">{format!(" · {weight}")}</span>
                            </p>
                            <p>"Estimated ship date: " <strong data-testid="ship-date">{date}</strong></p>
                            {(!reasons.is_empty()).then(|| view! {
                                <ul class="delays" data-testid="delays">
                                    {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                </ul>
                            })}
                            <p class="muted small">"Without tax and shipping."</p>
                        }.into_any(),
                        None => view! {
                            <p class="muted" data-testid="no-price">
                                {move || if errors_shown() { "Fix the fields above to see the price." } else { "Type the sizes to see the price." }}
                            </p>
                        }.into_any(),
                    }}
                </div>
                <p class="field-error" role="alert" data-testid="add-error">{move || error.get()}</p>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="add-to-cart" disabled=move || add.pending().get()>
                        {move || if add.pending().get() { "Adding…" } else { "Add to cart" }}
                    </button>
                </div>
                {move || added.get().map(|m| view! {
                    <p class="banner success" role="status" data-testid="added">
                        {m} " " <A href="/store/cart">"Go to the cart"</A>
                    </p>
                })}
            </form>
        </section>
    }
}
