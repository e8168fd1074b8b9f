//! Headers every response carries, and the cross-site check on state-changing API requests.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;

/// The Content-Security-Policy: our own origin only; `'wasm-unsafe-eval'` to run the SPA's wasm
/// and the hashes of the few inline scripts trunk writes into index.html, nothing looser.
pub fn content_security_policy(inline_script_hashes: &[String]) -> String {
    let hashes: String = inline_script_hashes.iter().map(|h| format!(" '{h}'")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `sha256-...` of each inline `<script>` in an HTML page, for the CSP.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after_tag = &rest[start..];
        let Some(open_end) = after_tag.find('>') else { break };
        let body_and_more = &after_tag[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        let body = &body_and_more[..close];
        if !after_tag[..open_end].contains(" src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes
                .push(format!("sha256-{}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest)));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // The embed's frame (R-EMB-1) sets its own policy, framed by its key's origins; everything
    // else is never framed.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(csp) = HeaderValue::from_str(&state.csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // The server's clock (which `--now` may shift, unlike the transport's `Date`): the SPA
        // counts days and countdowns by it on every page.
        if let Ok(now) = HeaderValue::from_str(&state.clock.now().timestamp().to_string()) {
            h.insert(SERVER_TIME, now);
        }
    }
    res
}

/// Seconds since the epoch by the server's clock, on every API answer.
pub const SERVER_TIME: &str = "x-server-time";

/// The `X-Requested-With` value state-changing requests carry (the SPA's, and any client's).
pub const REQUESTED_WITH: &str = "partner-portal";

/// Refuses state-changing API requests that lack `X-Requested-With: partner-portal` (which a cross-site form
/// cannot send) or that the browser marks as cross-site.
pub async fn same_site_writes(req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The operator API authenticates with a bearer token, which a browser never sends by itself,
    // so cross-site forgery has nothing to ride on there.
    let path = req.uri().path();
    if safe || !path.starts_with("/api") || path.starts_with("/api/v1/operator/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    if headers.get("x-requested-with").and_then(|v| v.to_str().ok()) != Some(REQUESTED_WITH) {
        return ApiError::Forbidden(
            "This request needs the header X-Requested-With: partner-portal; it is refused to protect your account.",
        )
        .into_response();
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return ApiError::Forbidden("Requests from other sites are refused.").into_response();
    }
    if let (Some(origin), Some(host)) = (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        let origin_host = origin.split("://").nth(1).unwrap_or(origin);
        if origin != "null" && origin_host != host {
            return ApiError::Forbidden("Requests from other sites are refused.").into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        assert!(hashes[0].starts_with("sha256-"));
        assert!(content_security_policy(&hashes).contains(&hashes[0]));
    }
}
