//! The supplies store (issue 19, R-SUP-1..12): the catalog, the cart, the checkout's quote,
//! placing an order, store orders and cancelling them. The operator's side is in
//! `operator/store.rs`.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portal_core::api::{
    Cart, CartLineChange, Checkout, ClaimPhoto, InvoiceObjection, NewClaim, NewDispute, NewReturn, OrderChange,
    Problem, ProductPage, ProductQuery, ProposalAnswer, Quote, StoreInvoice, StoreInvoices, StoreOrder, StoreOrders,
    TaxCertificates,
};
use portal_core::supplies::catalog::{LineSpec, Product};

use super::idempotency_key;
use crate::auth::CurrentPartner;
use crate::error::{ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::routes::problems::{NoIdempotencyKey, NotLoggedIn};
use crate::{AppState, app};

/// Searches the catalog: every word in the name, SKU, alloy, material or category; filters by
/// category, material, alloy, size and stock; sorted and paged (24 a page), with the values left
/// to filter by and their counts.
#[utoipa::path(get, path = "/store/products", tag = "store",
    params(ProductQuery),
    responses(
        (status = 200, body = ProductPage),
        NotLoggedIn,
    ))]
pub async fn products(
    State(state): State<AppState>,
    _partner: CurrentPartner,
    ApiQuery(query): ApiQuery<ProductQuery>,
) -> ApiResult<Json<ProductPage>> {
    Ok(Json(app::store::products(&state, &query)))
}

/// One product: sizes, tolerances, price data, stock or special order.
#[utoipa::path(get, path = "/store/products/{sku}", tag = "store",
    params(("sku" = String, Path, description = "The product's SKU")),
    responses(
        (status = 200, body = Product),
        NotLoggedIn,
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn product(
    State(state): State<AppState>,
    _partner: CurrentPartner,
    ApiPath(sku): ApiPath<String>,
) -> ApiResult<Json<Product>> {
    Ok(Json(app::store::product(&state, &sku)?))
}

/// The partner's cart (the same on every device), priced now, with the estimated ship date.
#[utoipa::path(get, path = "/store/cart", tag = "store",
    responses(
        (status = 200, body = Cart),
        NotLoggedIn,
    ))]
pub async fn cart(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Cart>> {
    Ok(Json(app::store::cart(&state, partner.id).await?))
}

/// Adds a line: a product cut to a size (or at its full stock size), pieces, certificates.
#[utoipa::path(post, path = "/store/cart/lines", tag = "store",
    request_body = LineSpec,
    responses(
        (status = 200, body = Cart),
        NotLoggedIn,
        (status = 409, description = "The cart is full", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown SKU, or a size or pieces outside the product's", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_line(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiJson(spec): ApiJson<LineSpec>,
) -> ApiResult<Json<Cart>> {
    Ok(Json(app::store::add_line(&state, partner.id, &spec).await?))
}

/// Changes a line's pieces.
#[utoipa::path(put, path = "/store/cart/lines/{id}", tag = "store",
    params(("id" = i64, Path, description = "The cart line's id")),
    request_body = CartLineChange,
    responses(
        (status = 200, body = Cart),
        NotLoggedIn,
        (status = 404, description = "Not a line of your cart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Pieces out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_line(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<CartLineChange>,
) -> ApiResult<Json<Cart>> {
    Ok(Json(app::store::change_line(&state, partner.id, id, change.pieces).await?))
}

/// Removes a line.
#[utoipa::path(delete, path = "/store/cart/lines/{id}", tag = "store",
    params(("id" = i64, Path, description = "The cart line's id")),
    responses(
        (status = 200, body = Cart),
        NotLoggedIn,
        (status = 404, description = "Not a line of your cart", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_line(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Cart>> {
    Ok(Json(app::store::remove_line(&state, partner.id, id).await?))
}

/// The checkout's figures for what is filled in so far: shipping methods and costs (R-SUP-6),
/// the promotion (R-SUP-3), sales tax (R-SUP-4), the total, and what job funds cover (R-SUP-1).
/// Changes nothing.
#[utoipa::path(post, path = "/store/quote", tag = "store",
    request_body = Checkout,
    responses(
        (status = 200, body = Quote),
        NotLoggedIn,
        (status = 422, description = "A field the rules refuse: the address, the method, the code, the payment", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn quote(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<Json<Quote>> {
    Ok(Json(app::store::quote(&state, partner.id, &checkout_of(body)?).await?))
}

/// A checkout from a JSON object (every field of it is optional: anything but an object is
/// refused, not read as an empty checkout).
fn checkout_of(body: serde_json::Map<String, serde_json::Value>) -> ApiResult<Checkout> {
    serde_path_to_error::deserialize(serde_json::Value::Object(body)).map_err(|e| {
        let field = e.path().to_string();
        crate::error::ApiError::Invalid(vec![portal_core::api::FieldError::new(
            if field == "." { "body" } else { &field },
            "invalid",
            format!("This value cannot be read: {}", e.inner()),
        )])
    })
}

/// Places the cart as an order and empties the cart. `Idempotency-Key`: placing twice makes one
/// order.
#[utoipa::path(post, path = "/store/orders", tag = "store",
    params(("Idempotency-Key" = String, Header, description = "One per order; a retry sends the same one")),
    request_body = Checkout,
    responses(
        (status = 201, body = StoreOrder),
        NotLoggedIn,
        (status = 409, description = "The cart is empty, or the total is not the one reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field missing or refused (a card declined or of a brand the store does not take: `card_token`)", body = Problem, content_type = "application/problem+json"),
        NoIdempotencyKey,
        (status = 503, description = "The card provider did not answer; nothing was charged or stored (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn place(
    State(state): State<AppState>,
    partner: CurrentPartner,
    headers: HeaderMap,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let checkout = checkout_of(body)?;
    Ok(app::store::place(&state, partner.id, &key, &checkout).await?.into_response())
}

/// The partner's store orders, newest first.
#[utoipa::path(get, path = "/store/orders", tag = "store",
    responses(
        (status = 200, body = StoreOrders),
        NotLoggedIn,
    ))]
pub async fn orders(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<StoreOrders>> {
    Ok(Json(app::store::orders(&state, partner.id).await?))
}

/// One store order: lines with their status, tracking, the figures, and until when it may be
/// cancelled (R-SUP-7).
#[utoipa::path(get, path = "/store/orders/{id}", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn order(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::order(&state, partner.id, id).await?))
}

/// R-SUP-7: cancels the order within 1 hour of it being placed, while nothing is cut and
/// nothing is special order. Cancelling a cancelled order changes nothing.
#[utoipa::path(post, path = "/store/orders/{id}/cancel", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The hour is over, a line is cut, or a line is special order", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A card order: the card provider did not answer, so nothing was cancelled (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::cancel(&state, partner.id, id).await?))
}

/// R-SUP-7: changes the order within 1 hour of it being placed, while nothing is cut and nothing
/// is special order: fewer pieces on a line, or a line removed (0). The figures follow by the
/// checkout's rules; what it costs less goes back to the invoice, the job funds or the card.
#[utoipa::path(post, path = "/store/orders/{id}/change", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = OrderChange,
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The hour is over, a line is cut, or a line is special order", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More pieces, an unknown line, every line removed, or the promotion's minimum no longer met", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A card order: the card provider did not answer, so nothing changed (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<OrderChange>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::change(&state, partner.id, id, &change).await?))
}

/// R-SUP-11: disputes the order's card charge, within 14 days of the statement it appears on.
#[utoipa::path(post, path = "/store/orders/{id}/dispute", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = NewDispute,
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid by card, or disputed already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or more than 14 days after the statement", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn dispute(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewDispute>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::dispute(&state, partner.id, id, &new.reason).await?))
}

/// The store order's invoice (PDF): lines, discount, shipping, tax, total and payment.
#[utoipa::path(get, path = "/store/orders/{id}/invoice", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    responses(
        (status = 200, description = "The invoice", content_type = "application/pdf"),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn invoice_pdf(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (name, pdf) = app::store::invoice_pdf(&state, partner.id, id).await?;
    Ok(super::orders::attachment(pdf, "application/pdf", &name))
}

/// R-SUP-10: a line's mill test report (`mtr`) or certificate of compliance (`coc`), once the
/// line is cut.
#[utoipa::path(get, path = "/store/orders/{id}/lines/{line}/documents/{kind}", tag = "store",
    params(
        ("id" = i64, Path, description = "The store order's id"),
        ("line" = i64, Path, description = "The line's id"),
        ("kind" = String, Path, description = "`mtr` or `coc`"),
    ),
    responses(
        (status = 200, description = "The document", content_type = "application/pdf"),
        NotLoggedIn,
        (status = 404, description = "Not your order or line, or the document was not requested", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not ready: the line is not cut yet", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn certificate(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath((id, line, kind)): ApiPath<(i64, i64, String)>,
) -> ApiResult<Response> {
    let (name, pdf) = app::store::certificate_pdf(&state, partner.id, id, line, &kind).await?;
    Ok(super::orders::attachment(pdf, "application/pdf", &name))
}

/// R-SUP-8: requests a return (RMA) of delivered lines within 14 days of receipt; special-order
/// lines are refused. The order comes back with the return and its refund estimate.
#[utoipa::path(post, path = "/store/orders/{id}/returns", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = NewReturn,
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A line not delivered, special order, past 14 days, or too many pieces", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn request_return(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewReturn>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::request_return(&state, partner.id, id, &new).await?))
}

/// R-SUP-8: the printable return form (PDF) of one of the partner's returns.
#[utoipa::path(get, path = "/store/returns/{id}/form", tag = "store",
    params(("id" = i64, Path, description = "The return's id")),
    responses(
        (status = 200, description = "The return form", content_type = "application/pdf"),
        NotLoggedIn,
        (status = 404, description = "Not your return", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn return_form(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (name, pdf) = app::store::return_form(&state, partner.id, id).await?;
    Ok(super::orders::attachment(pdf, "application/pdf", &name))
}

/// R-SUP-9: a photo for a claim on the order (multipart field `file`, a JPEG or PNG of at most
/// 10 MB), checked by its content like every upload; the claim then names it.
#[utoipa::path(post, path = "/store/orders/{id}/claim-photos", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body(content_type = "multipart/form-data", description = "A field `file`"),
    responses(
        (status = 201, body = ClaimPhoto),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB, or a photo of more than 40 megapixels", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG or PNG", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or damaged", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many uploads in ten minutes; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many uploads at once; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn claim_photo(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Response> {
    let mut multipart = multipart.map_err(|_| {
        crate::error::ApiError::UnsupportedMediaType(
            "Send the photo as multipart/form-data in a field named file.".to_owned(),
        )
    })?;
    let _turn = super::orders::upload_turn(&state).await?;
    let file = super::orders::read_file_field(&state, &mut multipart);
    let photo = app::store::claim_photo(&state, partner.id, id, file).await?;
    Ok((axum::http::StatusCode::CREATED, Json(photo)).into_response())
}

/// One of the partner's claim photos.
#[utoipa::path(get, path = "/store/claim-photos/{id}", tag = "store",
    params(("id" = i64, Path, description = "The photo's id")),
    responses(
        (status = 200, description = "The photo", content_type = "image/jpeg"),
        NotLoggedIn,
        (status = 404, description = "Not your photo", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn claim_photo_file(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (media_type, bytes) = app::store::claim_photo_file(&state, partner.id, id).await?;
    let ext = if media_type == "image/png" { "png" } else { "jpg" };
    Ok(super::orders::attachment(bytes, media_type, &format!("claim-photo-{id}.{ext}")))
}

/// R-SUP-9: files a claim for damaged or wrong goods: the delivery's date and time, the driver
/// or truck number, a description, the lines and the photos; freight damage within 24 hours.
#[utoipa::path(post, path = "/store/orders/{id}/claims", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = NewClaim,
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field missing, a line not shipped, or freight damage past 24 hours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn file_claim(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewClaim>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::file_claim(&state, partner.id, id, &new).await?))
}

/// R-SUP-12: accepts or declines the ship date the store proposed, before its deadline (then it
/// counts as accepted). Declining lets the order be cancelled while nothing is cut.
#[utoipa::path(post, path = "/store/orders/{id}/proposal", tag = "store",
    params(("id" = i64, Path, description = "The store order's id")),
    request_body = ProposalAnswer,
    responses(
        (status = 200, body = StoreOrder),
        NotLoggedIn,
        (status = 404, description = "Not your store order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No proposal, or answered (or counted as accepted) already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn answer_proposal(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(answer): ApiJson<ProposalAnswer>,
) -> ApiResult<Json<StoreOrder>> {
    Ok(Json(app::store::answer_proposal(&state, partner.id, id, answer.accept).await?))
}

/// R-SUP-2, R-SUP-11: the partner's store invoices: the rest of job-funds purchases (due on
/// receipt) and purchase orders (due in 30 days), with interest on overdue purchase orders.
#[utoipa::path(get, path = "/store/invoices", tag = "store",
    responses(
        (status = 200, body = StoreInvoices),
        NotLoggedIn,
    ))]
pub async fn invoices(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<StoreInvoices>> {
    Ok(Json(app::store::invoices(&state, partner.id).await?))
}

/// R-SUP-2: objects to a store invoice within 10 days of receipt.
#[utoipa::path(post, path = "/store/invoices/{id}/objection", tag = "store",
    params(("id" = i64, Path, description = "The store invoice's id")),
    request_body = InvoiceObjection,
    responses(
        (status = 200, body = StoreInvoice),
        NotLoggedIn,
        (status = 404, description = "Not your store invoice", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Past 10 days, or objected already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason given", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn object(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
    ApiJson(objection): ApiJson<InvoiceObjection>,
) -> ApiResult<Json<StoreInvoice>> {
    Ok(Json(app::store::object(&state, partner.id, id, &objection.reason).await?))
}

/// R-SUP-4: the partner's tax exemption certificates, by state.
#[utoipa::path(get, path = "/store/tax-certificates", tag = "store",
    responses(
        (status = 200, body = TaxCertificates),
        NotLoggedIn,
    ))]
pub async fn tax_certificates(
    State(state): State<AppState>,
    partner: CurrentPartner,
) -> ApiResult<Json<TaxCertificates>> {
    Ok(Json(app::store::tax_certificates(&state, partner.id).await?))
}

/// The state a tax certificate is for.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateParams {
    /// Two-letter state code.
    state: String,
}

/// R-SUP-4: keeps a tax exemption certificate for a state (multipart field `file`, a PDF
/// checked by its content); orders shipped there carry no sales tax. A new one replaces the old.
#[utoipa::path(post, path = "/store/tax-certificates", tag = "store",
    params(CertificateParams),
    request_body(content_type = "multipart/form-data", description = "A field `file`"),
    responses(
        (status = 200, body = TaxCertificates),
        NotLoggedIn,
        (status = 413, description = "Larger than 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PDF", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown state, or a PDF that is damaged, empty or active", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many uploads in ten minutes; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many uploads at once; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_tax_certificate(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiQuery(params): ApiQuery<CertificateParams>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Json<TaxCertificates>> {
    let mut multipart = multipart.map_err(|_| {
        crate::error::ApiError::UnsupportedMediaType(
            "Send the certificate as multipart/form-data in a field named file.".to_owned(),
        )
    })?;
    let _turn = super::orders::upload_turn(&state).await?;
    let file = super::orders::read_file_field(&state, &mut multipart);
    Ok(Json(app::store::put_tax_certificate(&state, partner.id, &params.state, file).await?))
}

/// R-SUP-4: removes a tax exemption certificate.
#[utoipa::path(delete, path = "/store/tax-certificates/{id}", tag = "store",
    params(("id" = i64, Path, description = "The certificate's id")),
    responses(
        (status = 200, body = TaxCertificates),
        NotLoggedIn,
        (status = 404, description = "Not your certificate", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_tax_certificate(
    State(state): State<AppState>,
    partner: CurrentPartner,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TaxCertificates>> {
    Ok(Json(app::store::remove_tax_certificate(&state, partner.id, id).await?))
}
