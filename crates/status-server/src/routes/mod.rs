//! The HTTP surface: which handler answers which path, and what they share.

mod atom;
mod badge;
mod conditional;
mod error;
mod feed_cache;
mod feeds;
mod health;
mod reports;
mod static_files;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{get, post};
use status_feed::Timestamp;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::client::ClientHasher;
use crate::config::Config;
use crate::feeds::FeedSources;
use crate::store::ReportStore;

pub use error::ApiError;
pub use feed_cache::FeedCache;
pub use static_files::warn_unless_widget_build;

/// Largest report body accepted; a report is well under 1 KB.
const MAX_REPORT_BYTES: usize = 4 * 1024;

/// Everything the handlers share.
pub struct App {
    pub config: Config,
    pub feeds: FeedSources,
    pub store: Arc<dyn ReportStore>,
    pub clients: ClientHasher,
    pub feed_cache: FeedCache,
}

impl App {
    /// Runs blocking work (database, feed files) off the async runtime.
    async fn blocking<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
    {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || work(&app))
            .await
            .map_err(|error| ApiError::internal(&error))?
    }
}

pub fn now() -> Timestamp {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    Timestamp::from_unix_millis(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/feeds/{file}", get(feeds::get_feed))
        .route(
            "/feeds/{name}/incidents.atom",
            get(atom::get_incidents_atom),
        )
        .route(
            "/api/reports/{feed}",
            post(reports::post_report).layer(DefaultBodyLimit::max(MAX_REPORT_BYTES)),
        )
        .route("/badge.svg", get(badge::get_badge))
        .route("/healthz", get(health::get_health))
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(cors(&app.config.server.cors_origins))
        .with_state(Arc::clone(&app));

    api.fallback_service(static_files::service(&app.config.server.static_dir))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Request lines and outcomes only: no client addresses in the logs.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

fn cors(origins: &[String]) -> CorsLayer {
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        // The config check has made sure every origin is a valid header value.
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        // Without this the browser hides these headers from the widget's script.
        .expose_headers([header::ETAG, header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 60 * 60))
}
