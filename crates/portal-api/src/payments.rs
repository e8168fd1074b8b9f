//! R-SUP-1's card adapter: the portal's side of a card payment provider (docs/PAYMENTS.md).
//!
//! The portal never sees a card number. The SPA shows the provider's hosted card fields in a
//! frame (`fields_url`, on the provider's own origin); they hand the SPA a one-time token, and the
//! server charges that token here with its secret key, keeping only the provider's charge id, the
//! brand and the last four digits. Refunds (a cancel, a change, a return) go back through the same
//! charge. `--payments URL --payments-key KEY` points the server at a provider; the demo and the
//! tests use `payment-sandbox`, a real HTTP peer speaking the same protocol.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

/// How long the provider may take to answer before the payment is given up (and nothing stored).
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the provider is and the key the server presents.
pub struct CardProvider {
    base: String,
    secret: String,
    client: reqwest::Client,
}

/// What the provider reported of a charge.
#[derive(Debug, Clone, Deserialize)]
pub struct Charge {
    pub id: String,
    pub amount_minor: i64,
    pub brand: String,
    pub last4: String,
    #[serde(default)]
    pub refunded_minor: i64,
}

/// What the provider reported of a token: the card's brand and last four digits.
#[derive(Debug, Clone, Deserialize)]
pub struct CardToken {
    pub brand: String,
    pub last4: String,
    /// Charged already (a retry of the same order answers that charge; another order is refused).
    #[serde(default)]
    pub used: bool,
}

/// Why the provider did not do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentError {
    /// The card or token was refused (declined, used, unknown): the partner can try another card.
    Refused(String),
    /// The provider could not be reached or answered out of protocol: nothing is known to have
    /// happened; trying again is safe (charges and refunds carry an idempotency key).
    Unavailable(&'static str),
}

impl From<PaymentError> for crate::error::ApiError {
    /// A refusal is the card field's message (422); an unreachable provider is a 503 to retry.
    fn from(e: PaymentError) -> Self {
        match e {
            PaymentError::Refused(why) => crate::error::ApiError::Invalid(vec![portal_core::problem::FieldError::new(
                "card_token",
                "refused",
                why,
            )]),
            PaymentError::Unavailable(detail) => crate::error::ApiError::Busy { detail, retry_after_secs: 5 },
        }
    }
}

#[derive(Deserialize)]
struct ProviderProblem {
    #[serde(default)]
    message: String,
}

impl CardProvider {
    /// A provider at `base` (such as `https://pay.example` or `http://127.0.0.1:8099`).
    pub fn new(base: &str, secret: &str) -> Result<CardProvider, String> {
        let base = base.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(format!("--payments must be an http(s) address, not {base:?}"));
        }
        let client = reqwest::Client::builder()
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| format!("the payment provider's HTTP client: {e}"))?;
        Ok(CardProvider { base, secret: secret.to_owned(), client })
    }

    /// The provider's origin, for the portal's Content-Security-Policy `frame-src`.
    pub fn origin(&self) -> &str {
        let after_scheme = self.base.find("://").map_or(0, |i| i + 3);
        let end = self.base[after_scheme..].find('/').map_or(self.base.len(), |i| after_scheme + i);
        &self.base[..end]
    }

    /// The hosted card fields' page (the SPA adds `?origin=`).
    pub fn fields_url(&self) -> String {
        format!("{}/fields", self.base)
    }

    async fn send<T: for<'de> Deserialize<'de>>(&self, request: reqwest::RequestBuilder) -> Result<T, PaymentError> {
        let response = request.bearer_auth(&self.secret).send().await.map_err(|e| {
            tracing::warn!("payment provider unreachable: {e}");
            PaymentError::Unavailable("The card provider did not answer; nothing was charged. Try again.")
        })?;
        let status = response.status();
        if status.is_success() {
            return response.json().await.map_err(|e| {
                tracing::warn!("payment provider answered out of protocol: {e}");
                PaymentError::Unavailable(
                    "The card provider's answer was not understood; nothing was charged. Try again.",
                )
            });
        }
        let problem: ProviderProblem = response.json().await.unwrap_or(ProviderProblem { message: String::new() });
        if status.is_client_error() && status != reqwest::StatusCode::UNAUTHORIZED {
            let message = if problem.message.is_empty() { "The card was refused.".to_owned() } else { problem.message };
            Err(PaymentError::Refused(message))
        } else {
            tracing::warn!("payment provider answered {status}: {}", problem.message);
            Err(PaymentError::Unavailable("The card provider could not take the payment now. Try again."))
        }
    }

    /// The card behind a one-time token (its brand decides whether the store takes it).
    pub async fn token(&self, token: &str) -> Result<CardToken, PaymentError> {
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(PaymentError::Refused("The card token is not valid: enter the card again.".into()));
        }
        self.send(self.client.get(format!("{}/v1/tokens/{token}", self.base))).await
    }

    /// Charges a token once: the same `key` again answers the first charge.
    pub async fn charge(&self, token: &str, amount_minor: i64, key: &str) -> Result<Charge, PaymentError> {
        self.send(
            self.client
                .post(format!("{}/v1/charges", self.base))
                .header("Idempotency-Key", key)
                .json(&json!({ "token": token, "amount_minor": amount_minor, "currency": "USD" })),
        )
        .await
    }

    /// Gives `amount_minor` of a charge back to the card, once per `key`.
    pub async fn refund(&self, charge_id: &str, amount_minor: i64, key: &str) -> Result<(), PaymentError> {
        let _: serde_json::Value = self
            .send(
                self.client
                    .post(format!("{}/v1/charges/{charge_id}/refunds", self.base))
                    .header("Idempotency-Key", key)
                    .json(&json!({ "amount_minor": amount_minor })),
            )
            .await?;
        Ok(())
    }

    /// A charge as the provider has it now (refunds included).
    pub async fn charge_of(&self, charge_id: &str) -> Result<Charge, PaymentError> {
        self.send(self.client.get(format!("{}/v1/charges/{charge_id}", self.base))).await
    }
}
