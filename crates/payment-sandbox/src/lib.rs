//! A card payment provider that never touches a card network: the peer the portal's card adapter
//! (`portal_api::payments`) is tested against and the demo pays with. It speaks the same shape of
//! protocol a real provider's does (docs/PAYMENTS.md):
//!
//! - `GET /fields?origin=…`: the hosted card fields, a page the portal shows in an iframe. The card
//!   number, expiry and security code are typed here, on the provider's origin; the page turns them
//!   into a one-time token and posts only `{token, brand, last4}` to the portal's window.
//! - `POST /v1/tokens` (from that page): card details → a one-time token.
//! - With the secret key (`Authorization: Bearer …`): `GET /v1/tokens/{id}` (brand and last four),
//!   `POST /v1/charges` (a token and an amount; `Idempotency-Key`: a retry answers the first
//!   charge), `GET /v1/charges` and `GET /v1/charges/{id}`, `POST /v1/charges/{id}/refunds`.
//!
//! Test cards: any number that passes the Luhn check; 4000 0000 0000 0002 is declined when charged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

/// The number the sandbox declines when it is charged.
pub const DECLINED_CARD: &str = "4000000000000002";

#[derive(Clone)]
struct Card {
    brand: &'static str,
    last4: String,
    declined: bool,
    used: bool,
}

#[derive(Clone)]
struct Charge {
    id: String,
    amount_minor: i64,
    currency: String,
    brand: &'static str,
    last4: String,
    refunded_minor: i64,
    /// The order charges were made in.
    created: usize,
}

impl Charge {
    fn json(&self) -> Value {
        json!({
            "id": self.id, "amount_minor": self.amount_minor, "currency": self.currency,
            "brand": self.brand, "last4": self.last4, "refunded_minor": self.refunded_minor,
            "status": "succeeded",
        })
    }
}

#[derive(Default)]
struct Book {
    tokens: HashMap<String, Card>,
    charges: HashMap<String, Charge>,
    /// Idempotency keys of charges and refunds → the answer given first.
    answered: HashMap<String, Value>,
}

#[derive(Clone)]
struct Sandbox {
    secret: Arc<str>,
    book: Arc<Mutex<Book>>,
}

/// The provider's whole HTTP surface; `secret` is the key the portal's adapter must present.
pub fn router(secret: &str) -> Router {
    let sandbox = Sandbox { secret: secret.into(), book: Arc::default() };
    Router::new()
        .route("/fields", get(fields))
        .route("/v1/tokens", post(tokenize))
        .route("/v1/tokens/{id}", get(token))
        .route("/v1/charges", post(charge).get(charges))
        .route("/v1/charges/{id}", get(charge_of))
        .route("/v1/charges/{id}/refunds", post(refund))
        .with_state(sandbox)
}

fn problem(status: StatusCode, code: &str, field: Option<&str>, message: &str) -> Response {
    (status, Json(json!({ "code": code, "field": field, "message": message }))).into_response()
}

fn random_id(prefix: &str) -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().r#gen();
    format!("{prefix}_{n:032x}")
}

/// The refusal of a request without the secret key, if it is one.
fn unauthorized(s: &Sandbox, headers: &HeaderMap) -> Option<Response> {
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    (given.strip_prefix("Bearer ") != Some(&*s.secret))
        .then(|| problem(StatusCode::UNAUTHORIZED, "unauthorized", None, "The secret key is missing or wrong."))
}

/// The card brand of a number by its leading digits (only the networks a portal might take).
pub fn brand_of(number: &str) -> &'static str {
    let two: u32 = number.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
    let four: u32 = number.get(..4).and_then(|d| d.parse().ok()).unwrap_or(0);
    match () {
        _ if number.starts_with('4') => "visa",
        _ if (51..=55).contains(&two) || (2221..=2720).contains(&four) => "mastercard",
        _ if two == 34 || two == 37 => "amex",
        _ if number.starts_with("6011") || number.starts_with("65") => "discover",
        _ => "unknown",
    }
}

/// The Luhn check digit test every card number passes.
pub fn luhn(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != number.len() || !(12..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    sum.is_multiple_of(10)
}

#[derive(Deserialize)]
struct CardInput {
    #[serde(default)]
    number: String,
    #[serde(default)]
    exp: String,
    #[serde(default)]
    cvc: String,
    /// Months since year 0 of today, as the page's device sees it (the sandbox has no calendar).
    #[serde(default)]
    this_month: u32,
}

async fn tokenize(State(s): State<Sandbox>, Json(input): Json<CardInput>) -> Response {
    let number: String = input.number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if !luhn(&number) {
        return problem(
            StatusCode::BAD_REQUEST,
            "invalid_number",
            Some("number"),
            "This card number is not valid: check the digits.",
        );
    }
    let brand = brand_of(&number);
    let exp = input.exp.trim().replace(' ', "");
    let (mm, yy) = exp.split_once('/').unwrap_or(("", ""));
    let (Ok(month), Ok(year)) = (mm.parse::<u32>(), yy.parse::<u32>()) else {
        return problem(StatusCode::BAD_REQUEST, "invalid_expiry", Some("exp"), "Give the expiry as MM/YY.");
    };
    if !(1..=12).contains(&month) || yy.len() != 2 {
        return problem(StatusCode::BAD_REQUEST, "invalid_expiry", Some("exp"), "Give the expiry as MM/YY.");
    }
    if (2000 + year) * 12 + month - 1 < input.this_month {
        return problem(StatusCode::BAD_REQUEST, "expired", Some("exp"), "This card has expired.");
    }
    let cvc_len = if brand == "amex" { 4 } else { 3 };
    if input.cvc.len() != cvc_len || !input.cvc.chars().all(|c| c.is_ascii_digit()) {
        return problem(
            StatusCode::BAD_REQUEST,
            "invalid_cvc",
            Some("cvc"),
            &format!("The security code is the {cvc_len} digits on the card."),
        );
    }
    let token = random_id("tok");
    let last4 = number[number.len() - 4..].to_owned();
    let card = Card { brand, last4: last4.clone(), declined: number == DECLINED_CARD, used: false };
    s.book.lock().unwrap_or_else(|e| e.into_inner()).tokens.insert(token.clone(), card);
    Json(json!({ "token": token, "brand": brand, "last4": last4 })).into_response()
}

async fn token(State(s): State<Sandbox>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Some(r) = unauthorized(&s, &headers) {
        return r;
    }
    let book = s.book.lock().unwrap_or_else(|e| e.into_inner());
    match book.tokens.get(&id) {
        Some(c) => Json(json!({ "id": id, "brand": c.brand, "last4": c.last4, "used": c.used })).into_response(),
        None => {
            problem(StatusCode::NOT_FOUND, "token_invalid", None, "This card token is unknown: enter the card again.")
        }
    }
}

#[derive(Deserialize)]
struct ChargeInput {
    token: String,
    amount_minor: i64,
    currency: String,
}

fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn charge(State(s): State<Sandbox>, headers: HeaderMap, Json(input): Json<ChargeInput>) -> Response {
    if let Some(r) = unauthorized(&s, &headers) {
        return r;
    }
    let key = idempotency_key(&headers).map(|k| format!("charge:{k}"));
    let mut book = s.book.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(first) = key.as_ref().and_then(|k| book.answered.get(k)) {
        return Json(first.clone()).into_response();
    }
    if input.amount_minor <= 0 {
        return problem(StatusCode::BAD_REQUEST, "invalid_amount", None, "A charge is a positive amount.");
    }
    let Some(card) = book.tokens.get_mut(&input.token).filter(|c| !c.used) else {
        return problem(StatusCode::BAD_REQUEST, "token_invalid", None, "This card token is unknown or already used.");
    };
    card.used = true;
    if card.declined {
        return problem(StatusCode::PAYMENT_REQUIRED, "card_declined", None, "The card was declined by its issuer.");
    }
    let charge = Charge {
        id: random_id("ch"),
        amount_minor: input.amount_minor,
        currency: input.currency,
        brand: card.brand,
        last4: card.last4.clone(),
        refunded_minor: 0,
        created: book.charges.len(),
    };
    let answer = charge.json();
    book.charges.insert(charge.id.clone(), charge);
    if let Some(k) = key {
        book.answered.insert(k, answer.clone());
    }
    Json(answer).into_response()
}

/// Every charge, oldest first (what a provider's dashboard would list).
async fn charges(State(s): State<Sandbox>, headers: HeaderMap) -> Response {
    if let Some(r) = unauthorized(&s, &headers) {
        return r;
    }
    let book = s.book.lock().unwrap_or_else(|e| e.into_inner());
    let mut all: Vec<&Charge> = book.charges.values().collect();
    all.sort_by_key(|c| c.created);
    Json(json!({ "charges": all.iter().map(|c| c.json()).collect::<Vec<_>>() })).into_response()
}

async fn charge_of(State(s): State<Sandbox>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Some(r) = unauthorized(&s, &headers) {
        return r;
    }
    let book = s.book.lock().unwrap_or_else(|e| e.into_inner());
    match book.charges.get(&id) {
        Some(c) => Json(c.json()).into_response(),
        None => problem(StatusCode::NOT_FOUND, "not_found", None, "No such charge."),
    }
}

#[derive(Deserialize)]
struct RefundInput {
    amount_minor: i64,
}

async fn refund(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(input): Json<RefundInput>,
) -> Response {
    if let Some(r) = unauthorized(&s, &headers) {
        return r;
    }
    let key = idempotency_key(&headers).map(|k| format!("refund:{k}"));
    let mut book = s.book.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(first) = key.as_ref().and_then(|k| book.answered.get(k)) {
        return Json(first.clone()).into_response();
    }
    let Some(charge) = book.charges.get_mut(&id) else {
        return problem(StatusCode::NOT_FOUND, "not_found", None, "No such charge.");
    };
    if input.amount_minor <= 0 || charge.refunded_minor + input.amount_minor > charge.amount_minor {
        return problem(
            StatusCode::BAD_REQUEST,
            "invalid_amount",
            None,
            "A refund is positive and at most what is left of the charge.",
        );
    }
    charge.refunded_minor += input.amount_minor;
    let answer = json!({ "id": random_id("re"), "charge": id, "amount_minor": input.amount_minor });
    if let Some(k) = key {
        book.answered.insert(k, answer.clone());
    }
    Json(answer).into_response()
}

#[derive(Deserialize)]
struct FieldsQuery {
    origin: String,
}

/// An origin the fields may post their token to: scheme, host and an optional port, nothing else.
fn valid_origin(o: &str) -> bool {
    let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
}

async fn fields(Query(q): Query<FieldsQuery>) -> Response {
    if !valid_origin(&q.origin) {
        return (StatusCode::BAD_REQUEST, "origin must be the portal's origin, such as https://portal.example")
            .into_response();
    }
    let page = FIELDS_PAGE.replace("__ORIGIN__", &q.origin);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            // Only the portal that asked may frame the card fields.
            (header::CONTENT_SECURITY_POLICY, format!("frame-ancestors {}", q.origin)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        page,
    )
        .into_response()
}

const FIELDS_PAGE: &str = include_str!("fields.html");
