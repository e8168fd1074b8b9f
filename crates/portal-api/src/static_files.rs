//! Serves the built SPA: precompressed files when the browser takes them, a long cache for
//! hashed file names, no cache for index.html, and index.html for every SPA route.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
/// Trunk names built files `name-<16 hex digits>.ext`.
const HASH_LEN: usize = 16;

pub fn router(dist: Option<&Path>) -> Router<AppState> {
    match dist.filter(|d| d.join("index.html").is_file()) {
        Some(dist) => {
            let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
            let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
            Router::new().fallback_service(files).layer(middleware::from_fn(cache_control))
        }
        None => Router::new().fallback(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "The portal's web app is not built. Run `cargo xtask serve`, or pass --dist.",
            )
                .into_response()
        }),
    }
}

async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    let value = if hashed && res.status().is_success() { IMMUTABLE } else { REVALIDATE };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// Whether a path names a file with a content hash in its name.
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == HASH_LEN && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/partner-portal-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/style-1a2b3c4d5e6f7a8b.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/board"));
        assert!(!is_hashed_asset("/icon-192.png"));
    }
}
