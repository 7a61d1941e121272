//! The built widget. Files whose names carry a content hash (`status-widget-<hash>.js`,
//! `..._bg.wasm`) never change, so browsers may keep them for a year; everything else,
//! `index.html` above all, must be revalidated so a new build is picked up at once.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn service(static_dir: &Path) -> Router {
    // Precompressed `.br`/`.gz` siblings are used when present; other files are compressed
    // on the fly.
    let files = ServeDir::new(static_dir)
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(cache_control))
}

/// Feeds and reports work without the widget's files, so their absence does not stop the
/// server; but every embed and the standalone page would fail, so it is said at start.
pub fn warn_unless_widget_build(static_dir: &Path) {
    let problem = if !static_dir.is_dir() {
        "does not exist"
    } else if !static_dir.join("embed.js").is_file() {
        "has no embed.js"
    } else {
        return;
    };
    let shown = std::path::absolute(static_dir).unwrap_or_else(|_| static_dir.to_owned());
    tracing::warn!(
        "server.static_dir {} {problem}, so the widget's files will answer 404: build the \
         widget (`cargo xtask build` writes dist/) or set static_dir to a build",
        shown.display()
    );
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if hashed { IMMUTABLE } else { "no-cache" };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether a path ends in a file name with a build hash: `<name>-<16+ hex digits>`, then
/// an optional `_bg` (wasm-bindgen's suffix), then the extension.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty() && hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_output_names() {
        for hashed in [
            "/status-widget-fc392b4cec450166.js",
            "/status-widget-fc392b4cec450166_bg.wasm",
            "/status-widget-fc392b4cec450166_bg.wasm.br",
            "/assets/style-0123456789abcdef.css",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/favicon.svg",
            "/demo/feed.json",
            "/status-widget.js",
            "/status-widget-deadbeef.js",
            "/-fc392b4cec450166.js",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
