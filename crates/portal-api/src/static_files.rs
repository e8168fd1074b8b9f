//! Serves the built SPA: precompressed files when the browser takes them (`Vary:
//! Accept-Encoding`), a long cache for hashed file names, no cache for index.html, index.html for
//! every SPA route, and 404 for a file that is not there (a missing script is not answered with
//! the app's page).

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
/// Trunk names built files `name-<hash>.ext`, the hash a u64 in hex without leading zeros (so
/// usually 16 digits, sometimes fewer); the route chunks sit in `split-<hash>/`.
const HASH_LEN: std::ops::RangeInclusive<usize> = 12..=16;

pub fn router(dist: Option<&Path>) -> Router<AppState> {
    match dist.filter(|d| d.join("index.html").is_file()) {
        Some(dist) => {
            let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
            let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
            let dist = std::sync::Arc::new(dist.to_path_buf());
            Router::new()
                .fallback_service(files)
                .layer(middleware::from_fn(cache_control))
                .layer(middleware::from_fn(move |req: Request, next: Next| missing_file(dist.clone(), req, next)))
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
    // Each file may be answered brotli, gzip or plain: caches must keep them apart.
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// A path whose last segment names a file (it has an extension; the SPA's routes never do) and
/// that is not in `dist`: 404, so a missing script, module or chunk fails as missing instead of
/// arriving as the app's HTML.
async fn missing_file(dist: std::sync::Arc<std::path::PathBuf>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let names_a_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    let inside = !path.split('/').any(|segment| segment == ".." || segment.contains('\\'));
    if names_a_file && !(inside && dist.join(path.trim_start_matches('/')).is_file()) {
        return (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, REVALIDATE)], "No such file.").into_response();
    }
    next.run(req).await
}

/// Whether a path names a file with a content hash in its name, or a file of a build's chunk
/// folder (`/split-<hash>/chunk_3.wasm`): both never change under their name.
pub fn is_hashed_asset(path: &str) -> bool {
    let hashed = |stem: &str| {
        stem.rsplit_once('-')
            .is_some_and(|(_, hash)| HASH_LEN.contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit()))
    };
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("embed"), Some(file), None) => {
            let stem = file.split('.').next().unwrap_or_default();
            hashed(stem.strip_suffix("_bg").unwrap_or(stem))
        }
        (Some(dir), Some(_file), None) => dir.starts_with("split-") && hashed(dir),
        (Some(file), None, None) => {
            let stem = file.split('.').next().unwrap_or_default();
            hashed(stem.strip_suffix("_bg").unwrap_or(stem))
        }
        _ => false,
    }
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
        assert!(is_hashed_asset("/partner-portal-fcb1944df524258.js"), "15 digits: a leading zero dropped");
        assert!(is_hashed_asset("/split-1dc2b3053beffe84/chunk_12.wasm"));
        assert!(is_hashed_asset("/split-1dc2b3053beffe84/__wasm_split.js"));
        assert!(!is_hashed_asset("/split-notahash/chunk_12.wasm"));
        assert!(!is_hashed_asset("/orders/12"));
        assert!(is_hashed_asset("/embed/portal-embed-1a2b3c4d5e6f7a8b_bg.wasm"), "the embed's build");
        assert!(!is_hashed_asset("/embed/frame"));
        assert!(!is_hashed_asset("/embed.js"), "the loader's name never changes");
    }
}
