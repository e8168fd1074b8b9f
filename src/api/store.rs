//! The supplies store's endpoints (issue 19). Only the store's pages call these, so they travel
//! in the store's chunks, not the first download.

use gloo_net::http::Request;
use portal_core::api::{Cart, CartLineChange, Checkout, ProductPage, Quote, StoreOrder, StoreOrders};
use portal_core::supplies::catalog::{LineSpec, Product};

use super::{ApiError, get, json, send, url, write};

/// A catalog search; `query` is the page's own query string (`q=6061&category=sheet`).
pub async fn products(query: String) -> Result<ProductPage, ApiError> {
    get(&format!("/store/products?{query}")).await
}

pub async fn product(sku: String) -> Result<Product, ApiError> {
    get(&format!("/store/products/{}", String::from(js_sys::encode_uri_component(&sku)))).await
}

pub async fn cart() -> Result<Cart, ApiError> {
    get("/store/cart").await
}

pub async fn add_to_cart(line: &LineSpec) -> Result<Cart, ApiError> {
    json(send(write(Request::post(&url("/store/cart/lines"))).json(line)).await?).await
}

pub async fn set_pieces(line_id: i64, pieces: u32) -> Result<Cart, ApiError> {
    let body = CartLineChange { pieces };
    json(send(write(Request::put(&url(&format!("/store/cart/lines/{line_id}")))).json(&body)).await?).await
}

pub async fn remove_from_cart(line_id: i64) -> Result<Cart, ApiError> {
    json(send(write(Request::delete(&url(&format!("/store/cart/lines/{line_id}")))).build()).await?).await
}

pub async fn quote(checkout: &Checkout) -> Result<Quote, ApiError> {
    json(send(write(Request::post(&url("/store/quote"))).json(checkout)).await?).await
}

pub async fn place_order(checkout: &Checkout, idempotency_key: &str) -> Result<StoreOrder, ApiError> {
    let req = write(Request::post(&url("/store/orders"))).header("Idempotency-Key", idempotency_key).json(checkout);
    json(send(req).await?).await
}

pub async fn orders() -> Result<StoreOrders, ApiError> {
    get("/store/orders").await
}

pub async fn order(id: i64) -> Result<StoreOrder, ApiError> {
    get(&format!("/store/orders/{id}")).await
}

pub async fn cancel_order(id: i64) -> Result<StoreOrder, ApiError> {
    json(send(write(Request::post(&url(&format!("/store/orders/{id}/cancel")))).build()).await?).await
}

pub async fn request_return(order_id: i64, new: &portal_core::api::NewReturn) -> Result<StoreOrder, ApiError> {
    json(send(write(Request::post(&url(&format!("/store/orders/{order_id}/returns")))).json(new)).await?).await
}

/// The printable return form (PDF) of a return.
pub fn return_form_url(return_id: i64) -> String {
    url(&format!("/store/returns/{return_id}/form"))
}

/// R-SUP-9: uploads a photo for a claim on the order.
pub async fn claim_photo(order_id: i64, file: &web_sys::File) -> Result<portal_core::api::ClaimPhoto, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Unreadable)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Unreadable)?;
    json(send(write(Request::post(&url(&format!("/store/orders/{order_id}/claim-photos")))).body(form)).await?).await
}

pub async fn file_claim(order_id: i64, claim: &portal_core::api::NewClaim) -> Result<StoreOrder, ApiError> {
    json(send(write(Request::post(&url(&format!("/store/orders/{order_id}/claims")))).json(claim)).await?).await
}

/// A claim photo, to show.
pub fn claim_photo_url(id: i64) -> String {
    url(&format!("/store/claim-photos/{id}"))
}

pub async fn answer_proposal(order_id: i64, accept: bool) -> Result<StoreOrder, ApiError> {
    let body = portal_core::api::ProposalAnswer { accept };
    json(send(write(Request::post(&url(&format!("/store/orders/{order_id}/proposal")))).json(&body)).await?).await
}

pub async fn invoices() -> Result<portal_core::api::StoreInvoices, ApiError> {
    get("/store/invoices").await
}

pub async fn object(id: i64, reason: &str) -> Result<portal_core::api::StoreInvoice, ApiError> {
    let body = portal_core::api::InvoiceObjection { reason: reason.to_owned() };
    json(send(write(Request::post(&url(&format!("/store/invoices/{id}/objection")))).json(&body)).await?).await
}

/// R-SUP-4: keeps a tax exemption certificate (PDF) for a state.
pub async fn put_tax_certificate(
    state: &str,
    file: &web_sys::File,
) -> Result<portal_core::api::TaxCertificates, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Unreadable)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Unreadable)?;
    let path = format!("/store/tax-certificates?state={}", String::from(js_sys::encode_uri_component(state)));
    json(send(write(Request::post(&url(&path))).body(form)).await?).await
}

/// R-SUP-7: fewer pieces on some lines (0 removes one) within the hour.
pub async fn change_order(id: i64, change: &portal_core::api::OrderChange) -> Result<StoreOrder, ApiError> {
    json(send(write(Request::post(&url(&format!("/store/orders/{id}/change")))).json(change)).await?).await
}

/// R-SUP-11: disputes the order's card charge.
pub async fn dispute(id: i64, reason: &str) -> Result<StoreOrder, ApiError> {
    let body = portal_core::api::NewDispute { reason: reason.to_owned() };
    json(send(write(Request::post(&url(&format!("/store/orders/{id}/dispute")))).json(&body)).await?).await
}

/// The store order's invoice (PDF).
pub fn invoice_url(order_id: i64) -> String {
    url(&format!("/store/orders/{order_id}/invoice"))
}

/// R-SUP-10: a line's mill test report (`mtr`) or certificate of compliance (`coc`).
pub fn certificate_url(order_id: i64, line_id: i64, kind: &str) -> String {
    url(&format!("/store/orders/{order_id}/lines/{line_id}/documents/{kind}"))
}
