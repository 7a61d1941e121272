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

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use reqwest::Url;
use status_feed::Timestamp;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::client::ClientHasher;
use crate::config::{Config, CorsOrigins};
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
    pub warned_origins: WarnedOrigins,
}

/// Origins already named in the log: a page on an unlisted origin loads several files for
/// every visitor, and one warning says all there is to say. Bounded, so that requests with
/// made-up origins cannot grow it without end.
#[derive(Default)]
pub struct WarnedOrigins(Mutex<HashSet<String>>);

impl WarnedOrigins {
    const MOST: usize = 256;

    /// Whether `origin` has not been named yet; from now on it has.
    fn first_time(&self, origin: &str) -> bool {
        let mut named = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if named.contains(origin) {
            return false;
        }
        if named.len() >= Self::MOST {
            named.clear();
        }
        named.insert(origin.to_owned())
    }
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
            post(reports::post_report)
                .layer::<_, Infallible>(DefaultBodyLimit::max(MAX_REPORT_BYTES))
                // The connection's header timeout ends with the head; without this a body sent
                // a byte at a time would keep the connection busy, and uncounted, for ever.
                .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(
                    u64::from(app.config.server.header_read_timeout_seconds),
                ))),
        )
        .route("/badge.svg", get(badge::get_badge))
        .route("/healthz", get(health::get_health))
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .with_state(Arc::clone(&app));

    api.fallback_service(static_files::service(&app.config.server.static_dir))
        // The widget's own files need CORS as much as the feeds: a host page on another
        // origin loads embed.js as a module script and the wasm by fetch, both CORS requests.
        .layer(cors(&app.config.server.cors_origins))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            warn_of_unlisted_origin,
        ))
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

fn cors(origins: &CorsOrigins) -> CorsLayer {
    let allow_origin = match origins {
        CorsOrigins::Any => AllowOrigin::any(),
        CorsOrigins::List(origins) => AllowOrigin::list(origins.iter().cloned()),
    };
    let layer = CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        // Without this the browser hides these headers from the widget's script.
        .expose_headers([header::ETAG, header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 60 * 60));
    if *origins == CorsOrigins::Any {
        // Every origin gets the same answer, so a CDN may keep one copy for all of them.
        // Preflights still vary, but caches do not keep `OPTIONS` answers.
        layer.vary([
            header::ACCESS_CONTROL_REQUEST_METHOD,
            header::ACCESS_CONTROL_REQUEST_HEADERS,
        ])
    } else {
        layer
    }
}

/// A browser's request from an origin that `cors_origins` does not list gets no CORS
/// headers, so the browser withholds the answer from the page; the server answers it as
/// usual, so without this the operator's log shows nothing wrong.
async fn warn_of_unlisted_origin(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let unlisted = unlisted_origin(&app.config, request.headers());
    if let Some(origin) = unlisted.filter(|origin| app.warned_origins.first_time(origin)) {
        tracing::warn!(
            %origin,
            path = %request.uri().path(),
            "a page on an origin not in server.cors_origins asked for this; browsers block \
             the answer there, so add the origin to cors_origins if it may embed the widget"
        );
    }
    next.run(request).await
}

/// The request's `Origin` when it is another site's and not an allowed one. Browsers also
/// send `Origin` with some same-origin requests (posts, module scripts), which need no
/// CORS: those name this server, by the `Host` they were sent to or its public address.
fn unlisted_origin<'a>(config: &Config, headers: &'a HeaderMap) -> Option<&'a str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    if config.server.cors_origins.allows(origin) {
        return None;
    }
    let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    let public = config.server.public_base_url.as_deref();
    let names_this_server = host.is_some_and(|host| host.eq_ignore_ascii_case(authority))
        || public
            .and_then(|base| Url::parse(base).ok())
            .is_some_and(|base| base.origin().ascii_serialization() == origin);
    (!names_this_server).then_some(origin)
}
