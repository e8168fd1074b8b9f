//! The HTTP client: one async fn per endpoint, typed errors, Idempotency-Keys for decisions.

use gloo_net::http::{Request, RequestBuilder, Response};
use portal_core::api::{
    BankDetails, BankDetailsInput, Board, BoardJob, Counteroffer, CounterofferList, Declined, Invoice, InvoiceStart,
    LoginRequest, Me, NewInvoice, NotificationFeed, NotificationPrefs, Order, OrderDetail, OrderList, Payouts, Problem,
    ScoreHistory, SessionList, Shipment, StoredFile,
};
use portal_core::capability::Capabilities;
use portal_core::offer::{CounterofferRequest, DeclineRequest};
use portal_core::order::CheckInQuestion;
use portal_core::score::{ScoreInputs, ScorePolicy, ScoreReport};
use portal_core::shipping::NewShipment;
use portal_core::upload::Purpose;
use serde::de::DeserializeOwned;

pub mod store;

/// Where the API lives. Build with `PORTAL_API_BASE=https://host/api/v1` to point the SPA at
/// another server (it must allow this origin); by default the SPA's own origin serves it.
pub const API_BASE: &str = match option_env!("PORTAL_API_BASE") {
    Some(base) => base,
    None => "/api/v1",
};

/// What can go wrong talking to the API, in terms the screens act on.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server could not be reached (offline, server down).
    #[error("The portal's server cannot be reached. Check your connection and try again.")]
    Unreachable,
    /// The session is missing or has ended.
    #[error("Your session has ended. Log in again.")]
    Unauthenticated,
    /// The server answered with a problem (RFC 9457).
    #[error("{}", .0.detail)]
    Problem(Problem),
    /// The answer was not what this version of the portal understands.
    #[error("The server's answer could not be read. Reload the page to get the latest portal.")]
    Unreadable,
}

impl ApiError {
    /// The message for a field, if the server named one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Problem(p) => p.errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Unauthenticated => Some(401),
            _ => None,
        }
    }
}

fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

/// State-changing requests carry `X-Requested-With`, which the server demands (cross-site
/// forms cannot send it).
fn write(req: RequestBuilder) -> RequestBuilder {
    req.header("X-Requested-With", "partner-portal")
}

async fn send(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let req = req.map_err(|_| ApiError::Unreadable)?;
    let res = req.send().await.map_err(|_| ApiError::Unreachable)?;
    // Every answer says the server's time: days on every page are the server's days.
    if let Some(secs) = res.headers().get("x-server-time").and_then(|s| s.parse::<i64>().ok()) {
        crate::components::clock::note_server_time(secs);
    }
    // Reads of the board and the feed say where the live stream stood (components/live.rs).
    if let Some(version) = res.headers().get("x-live-version") {
        crate::components::live::note_read(&version);
    }
    if res.ok() {
        return Ok(res);
    }
    if res.status() == 401 && !res.url().ends_with("/session") {
        return Err(ApiError::Unauthenticated);
    }
    match res.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem)),
        // A proxy or a dead server answering without a problem body.
        Err(_) if res.status() >= 500 => Err(ApiError::Unreachable),
        Err(_) => Err(ApiError::Unreadable),
    }
}

async fn json<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    res.json::<T>().await.map_err(|_| ApiError::Unreadable)
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    json(send(Request::get(&url(path)).build()).await?).await
}

/// A fresh key for one decision; a retry of the same decision reuses it.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}

pub async fn login(req: &LoginRequest) -> Result<Me, ApiError> {
    json(send(write(Request::post(&url("/session"))).json(req)).await?).await
}

pub async fn logout() -> Result<(), ApiError> {
    send(write(Request::delete(&url("/session"))).build()).await.map(|_| ())
}

/// Where the partner is logged in.
pub async fn sessions() -> Result<SessionList, ApiError> {
    get("/sessions").await
}

/// Ends one session (another device); the list after.
pub async fn end_session(id: &str) -> Result<SessionList, ApiError> {
    json(send(write(Request::delete(&url(&format!("/sessions/{id}")))).build()).await?).await
}

/// Ends every session but this device's; the list after.
pub async fn end_other_sessions() -> Result<SessionList, ApiError> {
    json(send(write(Request::post(&url("/sessions/end-others"))).build()).await?).await
}

pub async fn me() -> Result<Me, ApiError> {
    get("/me").await
}

pub async fn board() -> Result<Board, ApiError> {
    get("/jobs").await
}

pub async fn accept(job_id: i64, idempotency_key: &str) -> Result<Order, ApiError> {
    let req = write(Request::post(&url(&format!("/jobs/{job_id}/accept"))))
        .header("Idempotency-Key", idempotency_key)
        .build();
    json(send(req).await?).await
}

pub async fn orders() -> Result<OrderList, ApiError> {
    get("/orders").await
}

/// One job, if it is still on the caller's board (opening a job's dialog asks, so the partner
/// hears if it is taken meanwhile).
pub async fn job(job_id: i64) -> Result<BoardJob, ApiError> {
    get(&format!("/jobs/{job_id}")).await
}

/// A job's page: its terms, lead time and drawings.
pub async fn job_detail(job_id: i64) -> Result<portal_core::api::JobDetail, ApiError> {
    get(&format!("/jobs/{job_id}")).await
}

/// Where a job's drawing or model downloads from.
pub fn job_drawing_url(job_id: i64, name: &str) -> String {
    url(&format!("/jobs/{job_id}/drawings/{}", String::from(js_sys::encode_uri_component(name))))
}

/// Where an order line's drawing or model downloads from.
pub fn order_drawing_url(order_id: i64, name: &str) -> String {
    url(&format!("/orders/{order_id}/drawings/{}", String::from(js_sys::encode_uri_component(name))))
}

/// Keeps the partner's units and paper; answers the partner.
pub async fn set_display(prefs: portal_core::units::DisplayPrefs) -> Result<Me, ApiError> {
    json(send(write(Request::put(&url("/me/display"))).json(&prefs)).await?).await
}

pub async fn decline(job_id: i64, req: &DeclineRequest, idempotency_key: &str) -> Result<Declined, ApiError> {
    let req = write(Request::post(&url(&format!("/jobs/{job_id}/decline"))))
        .header("Idempotency-Key", idempotency_key)
        .json(req);
    json(send(req).await?).await
}

pub async fn counteroffer(
    job_id: i64,
    req: &CounterofferRequest,
    idempotency_key: &str,
) -> Result<Counteroffer, ApiError> {
    let req = write(Request::post(&url(&format!("/jobs/{job_id}/counteroffer"))))
        .header("Idempotency-Key", idempotency_key)
        .json(req);
    json(send(req).await?).await
}

pub async fn counteroffers() -> Result<CounterofferList, ApiError> {
    get("/counteroffers").await
}

/// The capabilities with the version to send back when saving.
pub async fn capabilities() -> Result<(Capabilities, String), ApiError> {
    let res = send(Request::get(&url("/capabilities")).build()).await?;
    let etag = res.headers().get("etag").unwrap_or_default();
    Ok((json(res).await?, etag))
}

pub async fn save_capabilities(caps: &Capabilities, etag: &str) -> Result<(Capabilities, String), ApiError> {
    let req = write(Request::put(&url("/capabilities"))).header("If-Match", etag).json(caps);
    let res = send(req).await?;
    let etag = res.headers().get("etag").unwrap_or_default();
    Ok((json(res).await?, etag))
}

pub async fn notifications() -> Result<NotificationFeed, ApiError> {
    get("/notifications").await
}

/// The unread count of `GET /notifications`, for the header. Read without the notifications
/// themselves, so their types stay out of the first download.
#[derive(serde::Deserialize)]
pub struct Unread {
    pub unread: u32,
}

pub async fn unread() -> Result<Unread, ApiError> {
    get("/notifications").await
}

pub async fn mark_read(id: i64) -> Result<NotificationFeed, ApiError> {
    json(send(write(Request::post(&url(&format!("/notifications/{id}/read")))).build()).await?).await
}

pub async fn mark_all_read() -> Result<NotificationFeed, ApiError> {
    json(send(write(Request::post(&url("/notifications/read-all"))).build()).await?).await
}

pub async fn notification_prefs() -> Result<NotificationPrefs, ApiError> {
    get("/notifications/preferences").await
}

pub async fn save_notification_prefs(prefs: &NotificationPrefs) -> Result<NotificationPrefs, ApiError> {
    json(send(write(Request::put(&url("/notifications/preferences"))).json(prefs)).await?).await
}

/// An order with the version (`ETag`) its updates send back.
pub async fn order(id: i64) -> Result<(OrderDetail, String), ApiError> {
    let res = send(Request::get(&url(&format!("/orders/{id}"))).build()).await?;
    let etag = res.headers().get("etag").unwrap_or_default();
    Ok((json(res).await?, etag))
}

async fn order_update(req: Result<Request, gloo_net::Error>) -> Result<(OrderDetail, String), ApiError> {
    let res = send(req).await?;
    let etag = res.headers().get("etag").unwrap_or_default();
    Ok((json(res).await?, etag))
}

/// R-ORD-3: confirms production, based on the version read.
pub async fn confirm_production(id: i64, etag: &str) -> Result<(OrderDetail, String), ApiError> {
    order_update(write(Request::post(&url(&format!("/orders/{id}/confirm")))).header("If-Match", etag).build()).await
}

/// R-ORD-4: answers a check-in, based on the version read.
pub async fn check_in(
    id: i64,
    question: CheckInQuestion,
    answer: bool,
    etag: &str,
) -> Result<(OrderDetail, String), ApiError> {
    let path = format!("/orders/{id}/check-ins/{}", question.slug());
    let body = portal_core::api::CheckInAnswer { answer };
    order_update(write(Request::put(&url(&path))).header("If-Match", etag).json(&body)).await
}

/// R-ORD-4 (5), R-ORD-7: the "Shipped" check-in for one package, on the day of pickup.
pub async fn shipped(id: i64, shipment_id: i64, etag: &str) -> Result<(OrderDetail, String), ApiError> {
    let path = format!("/orders/{id}/shipments/{shipment_id}/shipped");
    order_update(write(Request::post(&url(&path))).header("If-Match", etag).build()).await
}

/// R-ORD-7: hands the order back before production is confirmed, with a reason.
pub async fn hand_back(id: i64, reason: &str, etag: &str) -> Result<(OrderDetail, String), ApiError> {
    let body = portal_core::api::HandBackRequest { reason: reason.to_owned() };
    order_update(write(Request::post(&url(&format!("/orders/{id}/hand-back")))).header("If-Match", etag).json(&body))
        .await
}

/// Uploads a file for an order (QC report, part photo, package photo).
pub async fn upload(
    order_id: i64,
    purpose: Purpose,
    line_id: Option<i64>,
    file: &web_sys::File,
) -> Result<StoredFile, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Unreadable)?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::Unreadable)?;
    let line = line_id.map(|l| format!("&line_id={l}")).unwrap_or_default();
    let path = format!("/orders/{order_id}/files?purpose={}{line}", purpose.slug());
    json(send(write(Request::post(&url(&path))).body(form)).await?).await
}

/// Where an uploaded file is downloaded (and shown as a thumbnail) from.
pub fn file_url(id: i64) -> String {
    url(&format!("/files/{id}"))
}

/// R-ORD-3: the production order's download address.
pub fn production_order_url(order_id: i64) -> String {
    url(&format!("/orders/{order_id}/production-order"))
}

/// R-SHP-6: publishes a shipment; a retry sends the same key and gets the same shipment.
pub async fn publish_shipment(
    order_id: i64,
    shipment: &NewShipment,
    idempotency_key: &str,
) -> Result<Shipment, ApiError> {
    let req = write(Request::post(&url(&format!("/orders/{order_id}/shipments"))))
        .header("Idempotency-Key", idempotency_key)
        .json(shipment);
    json(send(req).await?).await
}

/// The live event stream's address.
pub fn events_url() -> String {
    url("/events")
}

/// R-PSS: the official score.
pub async fn score() -> Result<ScoreReport, ApiError> {
    get("/score").await
}

/// What the official score was computed from, and under which policy: the browser's engine
/// recomputes it for previews and the what-if page (R-PSS-8).
pub async fn score_basis() -> Result<(ScoreInputs, ScorePolicy), ApiError> {
    let inputs = get("/score/inputs").await?;
    let policy = get("/score/policy").await?;
    Ok((inputs, policy))
}

pub async fn score_history() -> Result<ScoreHistory, ApiError> {
    get("/score/history").await
}

/// R-INV-1..5: what the invoice wizard starts from.
pub async fn invoice_start(order_id: i64) -> Result<InvoiceStart, ApiError> {
    get(&format!("/orders/{order_id}/invoice")).await
}

/// R-INV-2: saves bank details (the password is needed to replace saved ones).
pub async fn save_bank_details(input: &BankDetailsInput) -> Result<BankDetails, ApiError> {
    json(send(write(Request::put(&url("/bank-details"))).json(input)).await?).await
}

/// R-INV-3: submits an invoice; a retry sends the same key and gets the same invoice.
pub async fn submit_invoice(order_id: i64, invoice: &NewInvoice, idempotency_key: &str) -> Result<Invoice, ApiError> {
    let req = write(Request::post(&url(&format!("/orders/{order_id}/invoices"))))
        .header("Idempotency-Key", idempotency_key)
        .json(invoice);
    json(send(req).await?).await
}

/// R-INV-5: invoices, payment dates and the payment calendar.
pub async fn payouts() -> Result<Payouts, ApiError> {
    get("/payouts").await
}

/// R-EMB-1: the partner's live embed keys.
pub async fn embed_keys() -> Result<portal_core::embed::EmbedKeyList, ApiError> {
    get("/embed-keys").await
}

/// A new embed key; its secret is in this answer only.
pub async fn create_embed_key(
    new: &portal_core::embed::NewEmbedKey,
) -> Result<portal_core::embed::CreatedEmbedKey, ApiError> {
    json(send(write(Request::post(&url("/embed-keys"))).json(new)).await?).await
}

/// Revokes an embed key at once.
pub async fn revoke_embed_key(id: i64) -> Result<(), ApiError> {
    send(write(Request::delete(&url(&format!("/embed-keys/{id}")))).build()).await.map(drop)
}
