//! `/api/v1`: one file per resource, assembled here with the OpenAPI document they describe.

pub mod capabilities;
pub mod counteroffers;
pub mod events;
pub mod jobs;
pub mod me;
pub mod notifications;
pub mod operator;
pub mod orders;
pub mod session;

use axum::Json;
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{any, get};
use portal_core::api::{FieldError, Problem};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(title = "Partner portal API", version = "1", description = "The API behind the partner portal. \
        Errors are application/problem+json (RFC 9457). Money is integer minor units with a currency. \
        Times are RFC 3339 UTC."),
    servers((url = "/api/v1")),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "session", description = "Log in and out"),
        (name = "partner", description = "The logged-in partner"),
        (name = "jobs", description = "The job board"),
        (name = "orders", description = "My Orders"),
        (name = "notifications", description = "The in-app feed and preferences"),
        (name = "operator", description = "The marketplace's operator: post, withdraw and close jobs"),
    ),
    modifiers(&OperatorSecurity)
)]
struct ApiDoc;

/// Declares the operator API's bearer token in the document.
struct OperatorSecurity;

impl utoipa::Modify for OperatorSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "operator_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every route under `/api/v1`, and `/openapi.json` describing them.
pub fn api_router() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::login, session::logout))
        .routes(routes!(me::me))
        .routes(routes!(jobs::board))
        .routes(routes!(jobs::job))
        .routes(routes!(jobs::accept))
        .routes(routes!(jobs::decline))
        .routes(routes!(jobs::counteroffer))
        .routes(routes!(counteroffers::list))
        .routes(routes!(capabilities::get, capabilities::put))
        .routes(routes!(notifications::feed))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::mark_all_read))
        .routes(routes!(notifications::prefs, notifications::set_prefs))
        .routes(routes!(events::events))
        .routes(routes!(operator::post_job))
        .routes(routes!(operator::withdraw))
        .routes(routes!(operator::close))
        .routes(routes!(orders::list))
        .split_for_parts();
    router
        .route("/openapi.json", get(move || async move { Json(doc) }))
        .fallback(|| async { ApiError::NotFound("API route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

/// `/api` paths outside `/api/v1` are never the SPA's: they get a problem, not index.html.
pub fn api_fallback() -> Router<AppState> {
    Router::new()
        .route("/api", any(|| async { ApiError::NotFound("API route") }))
        .route("/api/{*rest}", any(|| async { ApiError::NotFound("API route") }))
}

/// Upper bound on an Idempotency-Key's length.
const IDEMPOTENCY_KEY_MAX: usize = 128;

/// The `Idempotency-Key` a creating request must carry.
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let missing = || {
        ApiError::HeaderRequired(FieldError::new(
            "Idempotency-Key",
            "required",
            "Send an Idempotency-Key header (a fresh random value per action) so a retry cannot act twice.",
        ))
    };
    let key = headers.get("idempotency-key").ok_or_else(missing)?;
    let key = key.to_str().map_err(|_| missing())?.trim();
    if key.is_empty() || key.len() > IDEMPOTENCY_KEY_MAX || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "Idempotency-Key",
            "invalid",
            format!("The Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters."),
        )]));
    }
    Ok(key.to_owned())
}
