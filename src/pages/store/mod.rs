//! The supplies store (issue 19): `/store` (the catalog), `/store/products/{sku}` (a product, cut
//! to size), `/store/cart` (the cart and the checkout wizard), `/store/orders` and
//! `/store/orders/{id}`. One chunk for all of them, loaded the first time a store page opens; its
//! style sheet (`style/lazy/store.css`) comes with it.

mod checkout;
mod orders;
mod product;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use portal_core::api::{Facet, ProductPage};
use portal_core::supplies::Mils;
use portal_core::supplies::catalog::{Cut, CutUnit, Product, inches_text, mm_text};
use portal_core::{Currency, Money};

use crate::api::{self, ApiError};
use crate::components::status::{Loading, api_error_view};
use crate::routes::Route;

/// Whichever store page the address names; a new address builds its page anew (a query does not).
#[component]
pub fn StorePages() -> impl IntoView {
    let location = use_location();
    let path = Memo::new(move |_| location.pathname.get());
    view! {
        <crate::lazy::Styled href="/lazy/store.css">
        {move || match Route::from_path(&path.get()) {
            Route::Product => {
                // SKUs are letters, digits and dashes: the address holds them as they are.
                let sku = path.get_untracked().rsplit('/').next().unwrap_or_default().to_owned();
                view! { <product::ProductPage sku=sku /> }.into_any()
            }
            Route::Cart => view! { <checkout::CheckoutPage /> }.into_any(),
            Route::StoreOrders => view! { <orders::StoreOrdersPage /> }.into_any(),
            Route::StoreOrder(id) => view! { <orders::StoreOrderPage id=id /> }.into_any(),
            _ => view! { <CatalogPage /> }.into_any(),
        }}
        </crate::lazy::Styled>
    }
}

/// Money in the store's dollars.
pub(crate) fn usd(minor: i64) -> String {
    Money::new(minor, Currency::Usd).display()
}

/// The units the partner reads and types sizes in (Settings → Units and paper).
pub(crate) fn partner_unit() -> CutUnit {
    match crate::session::expect_session().me().map(|m| m.display.units) {
        Some(portal_core::units::Units::Metric) => CutUnit::Millimetre,
        _ => CutUnit::Inch,
    }
}

/// A size in the partner's units, with the other in brackets: `0.125 in (3.2 mm)`.
pub(crate) fn size_text(mils: u32, unit: CutUnit) -> String {
    let m = Mils(mils);
    match unit {
        CutUnit::Inch => format!("{} ({})", inches_text(m), mm_text(m)),
        CutUnit::Millimetre => format!("{} ({})", mm_text(m), inches_text(m)),
    }
}

/// The catalog price as partners read it: `$9.88 per sq ft`.
pub(crate) fn price_text(p: &Product) -> String {
    format!("{} {}", usd(p.unit_price_minor), p.price_unit.label())
}

/// What the shelf says: in stock (how many), special order, out of stock.
pub(crate) fn stock_text(p: &Product) -> String {
    if p.special_order {
        "Special order".to_owned()
    } else if p.in_stock == 0 {
        "Out of stock: ships when restocked".to_owned()
    } else {
        match p.category.cut() {
            Cut::None => format!("In stock ({})", p.in_stock),
            Cut::WidthAndLength => format!("In stock ({} full sheets)", p.in_stock),
            Cut::Length => format!("In stock ({} full lengths)", p.in_stock),
        }
    }
}

/// The store's own links, on every store page.
#[component]
pub(crate) fn StoreNav(current: &'static str) -> impl IntoView {
    // Plain links (the router follows them): `<A>` would mark the catalog current on every
    // store page, its address being the start of theirs.
    let link = move |href: &'static str, text: &'static str| {
        view! { <a href=href aria-current=(current == href).then_some("page")>{text}</a> }
    };
    view! {
        <nav class="store-nav" aria-label="Supplies store">
            {link("/store", "Catalog")}
            {link("/store/cart", "Cart and checkout")}
            {link("/store/orders", "Store orders")}
        </nav>
    }
}

/// The catalog's filters, from the address (so a search can be shared, reloaded and gone back to).
const FILTERS: [&str; 8] = ["q", "category", "material", "alloy", "size", "in_stock", "sort", "page"];

#[component]
fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    // The address's query as the API takes it (only the catalog's own parameters).
    let search = Memo::new(move |_| {
        let q = query.read();
        FILTERS
            .iter()
            .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(&v))))
            .collect::<Vec<_>>()
            .join("&")
    });
    let get = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    // Changes one filter (and goes back to the first page), replacing the address while typing.
    let set = {
        let navigate = navigate.clone();
        Callback::new(move |(key, value, replace): (&'static str, String, bool)| {
            let q = query.read_untracked();
            let mut parts: Vec<String> = FILTERS
                .iter()
                .filter(|k| **k != key && **k != "page")
                .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(&v))))
                .collect();
            if !value.is_empty() {
                parts.push(format!("{key}={}", encode(&value)));
            }
            drop(q);
            let to = if parts.is_empty() { "/store".to_owned() } else { format!("/store?{}", parts.join("&")) };
            navigate(&to, NavigateOptions { replace, scroll: false, ..NavigateOptions::default() });
        })
    };
    let go_page = Callback::new(move |page: u32| {
        let mut parts: Vec<String> = search
            .get_untracked()
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("page="))
            .map(str::to_owned)
            .collect();
        parts.push(format!("page={page}"));
        navigate(&format!("/store?{}", parts.join("&")), NavigateOptions::default());
    });
    let page = LocalResource::new(move || api::store::products(search.get()));
    let retry = Callback::new(move |()| page.refetch());
    // The search box keeps what is typed; the address follows it.
    let typed = RwSignal::new(get("q"));
    view! {
        <div class="page-head">
            <h1>"Supplies store"</h1>
            <p class="muted">"Raw material cut to size, tooling, filament and powder. Prices are in US dollars, without tax and shipping. Orders placed before 12:00 ET ship the same day unless they need extra processing."</p>
        </div>
        <StoreNav current="/store" />
        <div class="store-search panel" role="search">
            <label for="store-q">"Search the catalog"</label>
            <input id="store-q" data-testid="store-q" type="search" autocomplete="off" spellcheck="false"
                placeholder="e.g. 6061 sheet 0.125"
                prop:value=move || typed.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    typed.set(v.clone());
                    set.run(("q", v, true));
                } />
        </div>
        <Transition fallback=|| view! { <Loading label="Loading the catalog…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let p = page.await?;
                    Ok::<_, ApiError>(view! { <Results page=p set=set go_page=go_page /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// A query value as it goes into an address.
fn encode(v: &str) -> String {
    String::from(js_sys::encode_uri_component(v))
}

#[component]
fn Results(page: ProductPage, set: Callback<(&'static str, String, bool)>, go_page: Callback<u32>) -> impl IntoView {
    let query = use_query_map();
    let current = move |k: &'static str| Signal::derive(move || query.read().get(k).unwrap_or_default());
    let unit = partner_unit();
    let ProductPage { products, total, page: at, pages, catalog_size, categories, materials, alloys, sizes } = page;
    let sizes: Vec<Facet> = sizes
        .into_iter()
        .map(|f| Facet { label: f.value.parse().map(|m| size_text(m, unit)).unwrap_or(f.label), ..f })
        .collect();
    let first = (at - 1) * 24 + 1;
    let last = (first + products.len() as u32).saturating_sub(1);
    let in_stock = current("in_stock");
    view! {
        <div class="store-layout">
            <section class="panel store-filters" aria-labelledby="filters-title">
                <h2 id="filters-title">"Filter"</h2>
                <FacetSelect id="filter-category" label="Category" key="category" facets=categories set=set value=current("category") />
                <FacetSelect id="filter-material" label="Material" key="material" facets=materials set=set value=current("material") />
                <FacetSelect id="filter-alloy" label="Alloy or grade" key="alloy" facets=alloys set=set value=current("alloy") />
                <FacetSelect id="filter-size" label="Thickness or diameter" key="size" facets=sizes set=set value=current("size") />
                <div class="field">
                    <label class="choice">
                        <input type="checkbox" data-testid="filter-in-stock" prop:checked=move || in_stock.get() == "true"
                            on:change=move |ev| set.run(("in_stock", if event_target_checked(&ev) { "true".into() } else { String::new() }, false)) />
                        "In stock only"
                    </label>
                </div>
                <div class="field">
                    <label for="filter-sort">"Sort by"</label>
                    <select id="filter-sort" data-testid="filter-sort" prop:value=move || current("sort").get()
                        on:change=move |ev| set.run(("sort", event_target_value(&ev), false))>
                        <option value="">"Relevance"</option>
                        <option value="price">"Price, lowest first"</option>
                        <option value="size">"Size, smallest first"</option>
                        <option value="name">"Name"</option>
                    </select>
                </div>
                <A href="/store" attr:class="button secondary" attr:data-testid="clear-filters">"Clear filters"</A>
            </section>
            <section class="store-results" aria-labelledby="results-title">
                <h2 id="results-title" class="visually-hidden">"Products"</h2>
                <p class="muted" role="status" data-testid="result-count">
                    {if total == 0 {
                        format!("No products match. The catalog has {catalog_size}: clear a filter or search for fewer words.")
                    } else {
                        format!("Showing {first}–{last} of {total} products (the catalog has {catalog_size})")
                    }}
                </p>
                <ul class="product-list">
                    {products.into_iter().map(|p| view! { <ProductRow product=p unit=unit /> }).collect_view()}
                </ul>
                {(pages > 1).then(|| view! {
                    <nav class="pager" aria-label="Pages">
                        <button type="button" class="button secondary" data-testid="page-prev" disabled=at <= 1
                            on:click=move |_| go_page.run(at - 1)>"Previous"</button>
                        <span data-testid="page-of">{format!("Page {at} of {pages}")}</span>
                        <button type="button" class="button secondary" data-testid="page-next" disabled=at >= pages
                            on:click=move |_| go_page.run(at + 1)>"Next"</button>
                    </nav>
                })}
            </section>
        </div>
    }
}

#[component]
fn FacetSelect(
    id: &'static str,
    label: &'static str,
    key: &'static str,
    facets: Vec<Facet>,
    set: Callback<(&'static str, String, bool)>,
    value: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=id prop:value=move || value.get()
                on:change=move |ev| set.run((key, event_target_value(&ev), false))>
                <option value="">"All"</option>
                {facets.into_iter().map(|f| {
                    let v = f.value.clone();
                    view! { <option value=f.value selected=move || value.get() == v>{format!("{} ({})", f.label, f.count)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ProductRow(product: Product, unit: CutUnit) -> impl IntoView {
    let href = format!("/store/products/{}", encode(&product.sku));
    let size = (product.size_mils > 0)
        .then(|| format!("{} {}", product.category.size_name(), size_text(product.size_mils, unit)));
    let name = product.name.clone();
    view! {
        <li class="product-row" data-testid="product" data-sku=product.sku.clone()>
            <div class="product-main">
                <A href=href attr:class="product-name">{name}</A>
                <span class="muted small">{format!("SKU {} · {}", product.sku, product.category.label())}{size.map(|s| format!(" · {s}"))}</span>
            </div>
            <div class="product-price">
                <strong>{price_text(&product)}</strong>
                <span class="muted small" class:special=product.special_order>{stock_text(&product)}</span>
            </div>
        </li>
    }
}
