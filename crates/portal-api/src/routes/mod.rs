//! `/api/v1`: one file per resource, assembled here with the OpenAPI document they describe.

pub mod capabilities;
pub mod counteroffers;
pub mod embed;
pub mod events;
pub mod invoices;
pub mod jobs;
pub mod me;
pub mod notifications;
pub mod operator;
pub mod orders;
pub mod problems;
pub mod score;
pub mod session;
pub mod store;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use portal_core::api::{FieldError, Problem};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

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
        (name = "invoices", description = "Invoices, bank details and payouts"),
        (name = "notifications", description = "The in-app feed and preferences"),
        (name = "store", description = "The supplies store: catalog, cart, checkout and store orders (R-SUP-1..12)"),
        (name = "embed", description = "The board embedded in a partner's site (R-EMB-1): keys, and what a key reads"),
        (name = "operator", description = "The marketplace's operator: post, withdraw and close jobs; shipment tracking"),
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
        .routes(routes!(session::list))
        .routes(routes!(session::end))
        .routes(routes!(session::end_others))
        .routes(routes!(me::me))
        .routes(routes!(me::set_display))
        .routes(routes!(jobs::board))
        .routes(routes!(jobs::job))
        .routes(routes!(jobs::job_drawing))
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
        .routes(routes!(embed::list, embed::create))
        .routes(routes!(embed::revoke))
        .routes(routes!(embed::board))
        .routes(routes!(embed::events))
        .routes(routes!(operator::jobs::post_job))
        .routes(routes!(operator::jobs::withdraw))
        .routes(routes!(operator::jobs::close))
        .routes(routes!(operator::shipments::shipment_status))
        .routes(routes!(operator::score::rma))
        .routes(routes!(operator::shipments::ship_date))
        .routes(routes!(operator::score::set_policy))
        .routes(routes!(score::report))
        .routes(routes!(score::inputs))
        .routes(routes!(score::policy))
        .routes(routes!(score::history))
        .routes(routes!(orders::list))
        .routes(routes!(orders::detail))
        .routes(routes!(orders::production_order))
        .routes(routes!(orders::order_drawing))
        .routes(routes!(orders::confirm))
        .routes(routes!(orders::check_in))
        .routes(routes!(orders::publish))
        .routes(routes!(orders::shipped))
        .routes(routes!(orders::hand_back))
        .routes(routes!(orders::download))
        .routes(routes!(invoices::start))
        .routes(routes!(invoices::submit))
        .routes(routes!(invoices::banks, invoices::save_bank))
        .routes(routes!(invoices::payouts))
        .routes(routes!(operator::invoices::set_status))
        .routes(routes!(store::products))
        .routes(routes!(store::product))
        .routes(routes!(store::cart))
        .routes(routes!(store::add_line))
        .routes(routes!(store::change_line, store::remove_line))
        .routes(routes!(store::quote))
        .routes(routes!(store::place, store::orders))
        .routes(routes!(store::order))
        .routes(routes!(store::cancel))
        .routes(routes!(store::dispute))
        .routes(routes!(store::change))
        .routes(routes!(store::invoice_pdf))
        .routes(routes!(store::certificate))
        .routes(routes!(store::request_return))
        .routes(routes!(store::return_form))
        .routes(routes!(store::file_claim))
        .routes(routes!(store::answer_proposal))
        .routes(routes!(store::invoices))
        .routes(routes!(store::tax_certificates))
        .routes(routes!(store::remove_tax_certificate))
        .routes(routes!(store::object))
        .routes(routes!(operator::store::invoice_paid))
        .routes(routes!(operator::store::propose))
        .routes(routes!(store::claim_photo_file))
        .routes(routes!(operator::store::return_status))
        .routes(routes!(operator::store::line_status))
        .routes(routes!(operator::store::credit_terms))
        // Uploads take up to 10 MB (and the multipart framing); every other body keeps axum's 2 MB.
        .merge(OpenApiRouter::new().routes(routes!(orders::upload)).layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)))
        .merge(OpenApiRouter::new().routes(routes!(store::claim_photo)).layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(store::put_tax_certificate))
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)),
        )
        .split_for_parts();
    let mut doc = doc;
    document_common_problems(&mut doc);
    router
        .route("/openapi.json", get(move || async move { Json(doc) }))
        .fallback(|| async { ApiError::NotFound("API route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

/// The problems any operation can answer by its shape, added where a route does not document
/// them itself: a body can be malformed (400), too large (413), not JSON (415) or hold a value of
/// the wrong type (422); a path or query parameter can be unreadable (400). And who may call it:
/// partner routes need the session cookie (else 401), every partner write `X-Requested-With:
/// partner-portal` (else 403), operator routes the bearer token; declared as security schemes.
fn document_common_problems(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "session_cookie",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::SESSION_COOKIE,
            "Set by POST /session",
        ))),
    );
    components.add_security_scheme(
        "embed_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Embed-Key",
            "An embed key (R-EMB-1); the event stream takes it as `?key=`",
        ))),
    );
    components.add_security_scheme(
        "requested_with",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Requested-With",
            "Every partner write sends `X-Requested-With: partner-portal` (cross-site forms cannot)",
        ))),
    );
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build(),
        )
    };
    for (path, item) in &mut doc.paths.paths {
        let shared_params = item.parameters.as_ref().is_some_and(|p| !p.is_empty());
        let operator = path.starts_with("/operator");
        let session = path == "/session";
        let embed = path.starts_with("/embed/");
        for (write, op) in [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ]
        .into_iter()
        .filter_map(|(write, op)| op.as_mut().map(|op| (write, op)))
        {
            if embed {
                op.security = Some(vec![SecurityRequirement::new("embed_key", Vec::<String>::new())]);
            } else if operator {
                op.security
                    .get_or_insert_with(|| vec![SecurityRequirement::new("operator_token", Vec::<String>::new())]);
            } else if session {
                op.security = Some(vec![SecurityRequirement::new("requested_with", Vec::<String>::new())]);
            } else {
                let mut needs = SecurityRequirement::new("session_cookie", Vec::<String>::new());
                if write {
                    needs = needs.add("requested_with", Vec::<String>::new());
                }
                op.security = Some(vec![needs]);
            }
            let responses = &mut op.responses.responses;
            if !operator && !session && !embed {
                responses.entry("401".into()).or_insert_with(|| problem("Not logged in"));
            }
            if !operator && write {
                responses
                    .entry("403".into())
                    .or_insert_with(|| problem("Without `X-Requested-With: partner-portal` (a cross-site request)"));
            }
            // Idempotency keys are 1 to 128 visible ASCII characters.
            for param in op.parameters.iter_mut().flatten() {
                if param.name == "Idempotency-Key" {
                    param.schema = Some(RefOr::T(utoipa::openapi::Schema::Object(
                        utoipa::openapi::ObjectBuilder::new()
                            .schema_type(utoipa::openapi::schema::Type::String)
                            .min_length(Some(1))
                            .max_length(Some(IDEMPOTENCY_KEY_MAX))
                            .pattern(Some("^[!-~]+$"))
                            .build(),
                    )));
                }
            }
            if op.request_body.is_some() {
                let multipart = op.request_body.as_ref().is_some_and(|b| b.content.contains_key("multipart/form-data"));
                responses.entry("400".into()).or_insert_with(|| problem("The body or a parameter cannot be read"));
                responses.entry("413".into()).or_insert_with(|| {
                    problem(if multipart {
                        "The body is larger than 10 MB and its framing"
                    } else {
                        "The body is larger than 2 MB"
                    })
                });
                if !multipart {
                    responses.entry("415".into()).or_insert_with(|| problem("The body is not application/json"));
                    responses.entry("422".into()).or_insert_with(|| {
                        problem("A field has the wrong type or a value outside its rules; `errors` names it")
                    });
                }
            }
            if shared_params || op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                responses.entry("400".into()).or_insert_with(|| problem("A path or query parameter cannot be read"));
            }
        }
    }
}

/// `/api` paths outside `/api/v1` are never the SPA's: they get a problem, not index.html.
pub fn api_fallback() -> Router<AppState> {
    Router::new()
        .route("/api", any(|| async { ApiError::NotFound("API route") }))
        .route("/api/{*rest}", any(|| async { ApiError::NotFound("API route") }))
}

/// An upload request's largest body: the file's 10 MB and room for the multipart framing.
const UPLOAD_BODY_MAX: usize = portal_core::upload::UPLOAD_MAX_BYTES as usize + 64 * 1024;

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

impl IntoResponse for crate::app::idempotency::Stored {
    fn into_response(self) -> Response {
        stored_response(self.status, self.body)
    }
}

/// Answers with a stored (always successful) JSON response.
pub(crate) fn stored_response(status: i64, body: String) -> Response {
    let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// The version an update was based on, from `If-Match: "{prefix}-{version}"`: 428 without one,
/// 412 when it is not one of ours (so it cannot match). `If-Match: *` (RFC 9110: any current
/// version) is `None`: the update applies to whatever version the record is at.
pub(crate) fn if_match_version(headers: &HeaderMap, prefix: &str) -> ApiResult<Option<i64>> {
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).ok_or_else(|| {
        ApiError::HeaderRequired(FieldError::new(
            "If-Match",
            "required",
            "Send If-Match with the ETag you read, so changes made elsewhere are not overwritten.",
        ))
    })?;
    if if_match.trim() == "*" {
        return Ok(None);
    }
    // An ETag that is none of ours never matches: version -1, which no record has. The change is
    // then refused as stale (412) where a matching one would be written, after the body was
    // checked, so a wrong body is named whatever the If-Match.
    Ok(Some(
        if_match
            .trim()
            .trim_matches('"')
            .strip_prefix(prefix)
            .and_then(|v| v.strip_prefix('-'))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(NO_VERSION),
    ))
}

/// The version an If-Match that is not one of our ETags stands for: no record has it.
const NO_VERSION: i64 = -1;

/// A JSON answer with the `ETag` of version `version` of a record kind (`"{prefix}-{version}"`),
/// which updates send back as `If-Match`.
pub(crate) fn json_with_etag(value: impl serde::Serialize, prefix: &str, version: i64) -> Response {
    let mut res = Json(value).into_response();
    let etag = HeaderValue::from_str(&format!("\"{prefix}-{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""));
    res.headers_mut().insert(header::ETAG, etag);
    res
}
