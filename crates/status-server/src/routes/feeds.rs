//! `GET /feeds/<name>.json`: the source feed, normalised to the native format, with the
//! community section computed from stored reports, the report settings pointing here, and
//! the link to the feed's Atom document.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::uri::Authority;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use status_feed::{ReportSettings, WebUrl};

use super::conditional::{self, Caching, Tagged};
use super::{ApiError, App, now};
use crate::aggregate::{Spans, community};
use crate::config::ServerConfig;
use crate::store::{BucketCount, StoreError};

pub async fn get_feed(
    State(app): State<Arc<App>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Path(file) = path?;
    let Some(name) = file.strip_suffix(".json").map(str::to_owned) else {
        return Err(ApiError::unknown_feed(&file));
    };
    let base = public_base(&app.config.server, &headers);
    let feed = match app.feed_cache.get(&name, &base, Instant::now()) {
        Some(cached) => cached,
        None => {
            app.blocking(move |app| build_feed(app, &name, base))
                .await?
        }
    };
    let mut response = conditional::respond(&headers, StatusCode::OK, "application/json", feed);
    vary_with_base(&app.config.server, &mut response);
    Ok(response)
}

/// Names the request headers `public_base` read beyond the `Host` that every cache keys on:
/// a shared cache must not give a copy built for one scheme to a request on the other.
pub fn vary_with_base(server: &ServerConfig, response: &mut Response) {
    if server.public_base_url.is_none() && server.trust_proxy_headers {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("x-forwarded-proto"));
    }
}

/// Builds the served feed and keeps it in the cache.
fn build_feed(app: &App, name: &str, base: Option<String>) -> Result<Tagged, ApiError> {
    let generation = app.feed_cache.generation();
    let built_at = Instant::now();
    let feed = render_feed(app, name, base.as_deref())?;
    app.feed_cache
        .put(name, base, generation, built_at, feed.clone());
    Ok(feed)
}

fn render_feed(app: &App, name: &str, base: Option<&str>) -> Result<Tagged, ApiError> {
    let loaded = app
        .feeds
        .get(name)
        .ok_or_else(|| ApiError::unknown_feed(name))?;
    let bucket_seconds = app.config.reports.bucket_seconds;
    let spans = Spans::new(now(), bucket_seconds, &app.config.level);
    let mut feed = loaded.feed.clone();
    // Without the database the feed is still served, without a community section: a count
    // that cannot be read must not be shown as no reports. It returns with the database,
    // within the feed cache's second.
    feed.community = match read_reports(app, name, &spans, bucket_seconds) {
        Ok((counts, recent_reporters)) => Some(community(
            &spans,
            &counts,
            recent_reporters,
            &app.config.level,
        )),
        Err(error) => {
            tracing::warn!(%error, feed = name, "serving the feed without its community section");
            None
        }
    };
    let link = |path: String| base.and_then(|base| WebUrl::parse(&format!("{base}{path}")).ok());
    feed.service.atom_url = link(atom_path(name));
    // Without a usable address for this server, visitors could not send reports at all,
    // so the report button is hidden rather than pointed elsewhere.
    feed.report = link(format!("/api/reports/{name}")).map(|url| ReportSettings {
        url,
        symptoms: loaded.symptoms.clone(),
        once_per_minutes: feed.report.as_ref().and_then(|r| r.once_per_minutes),
    });
    let body = serde_json::to_vec(&feed).map_err(|error| ApiError::internal(&error))?;
    Ok(Tagged::new(
        body,
        Caching::for_feed_refreshing_every(feed.refresh_seconds),
    ))
}

/// The feed's report counts per bucket, and its distinct recent reporters.
fn read_reports(
    app: &App,
    name: &str,
    spans: &Spans,
    bucket_seconds: u32,
) -> Result<(Vec<BucketCount>, u32), StoreError> {
    let counts = app
        .store
        .bucket_counts(name, spans.history_start, bucket_seconds)?;
    let recent_reporters = app.store.distinct_reporters(name, spans.recent_start)?;
    Ok((counts, recent_reporters))
}

/// The path of a feed's Atom document.
pub fn atom_path(name: &str) -> String {
    format!("/feeds/{name}/incidents.atom")
}

/// The address visitors reach this server at, without a trailing slash: the configured
/// public address, else the loopback address the request was sent to.
pub fn public_base(server: &ServerConfig, headers: &HeaderMap) -> Option<String> {
    let base = match &server.public_base_url {
        Some(base) => base.trim_end_matches('/').to_owned(),
        None => {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            // Any client can send any `Host`, and a proxy passes it on, so a feed built from
            // a forged one and kept by a shared cache would send everybody's reports there.
            // Without a configured address the server listens on loopback only, where the
            // only true hosts are loopback ones. User info could make a link point elsewhere.
            if host.contains('@') || !names_loopback(host) {
                return None;
            }
            let forwarded_https = server.trust_proxy_headers
                && headers
                    .get("x-forwarded-proto")
                    .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
            let scheme = if forwarded_https { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
    };
    WebUrl::check(&base).is_ok().then_some(base)
}

/// Whether an authority (`host[:port]`) names this machine: `localhost`, a name under
/// `.localhost` (RFC 6761), or a loopback address.
fn names_loopback(authority: &str) -> bool {
    let Ok(authority) = Authority::from_str(authority) else {
        return false;
    };
    let host = authority.host();
    let address = host.trim_start_matches('[').trim_end_matches(']');
    match address.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use status_feed::Timestamp;

    use super::*;
    use crate::client::ClientHasher;
    use crate::config::{Config, FeedSource};
    use crate::feeds::FeedSources;
    use crate::routes::{FeedCache, WarnedOrigins};
    use crate::store::{
        BucketCount, NewReport, RateLimit, ReportStore, SqliteStore, StoreError, Submission,
    };

    /// A real SQLite store that counts the queries feeds are built with.
    struct CountingStore {
        sqlite: SqliteStore,
        bucket_queries: AtomicUsize,
    }

    impl ReportStore for CountingStore {
        fn submit(&self, report: &NewReport, limit: RateLimit) -> Result<Submission, StoreError> {
            self.sqlite.submit(report, limit)
        }

        fn bucket_counts(
            &self,
            feed: &str,
            since: Timestamp,
            bucket_seconds: u32,
        ) -> Result<Vec<BucketCount>, StoreError> {
            self.bucket_queries.fetch_add(1, Ordering::SeqCst);
            self.sqlite.bucket_counts(feed, since, bucket_seconds)
        }

        fn distinct_reporters(&self, feed: &str, since: Timestamp) -> Result<u32, StoreError> {
            self.sqlite.distinct_reporters(feed, since)
        }

        fn daily_salt(&self, day: i64, offered: [u8; 32]) -> Result<[u8; 32], StoreError> {
            self.sqlite.daily_salt(day, offered)
        }

        fn forget_salts_before(&self, day: i64) -> Result<(), StoreError> {
            self.sqlite.forget_salts_before(day)
        }

        fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError> {
            self.sqlite.delete_before(cutoff)
        }

        fn check(&self) -> Result<(), StoreError> {
            self.sqlite.check()
        }
    }

    #[tokio::test]
    async fn revalidating_within_a_second_does_not_rebuild_the_feed() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("feed.json");
        std::fs::write(
            &source,
            r#"{"version":1,"service":{"name":"S"},"components":[{"id":"c","name":"C","status":"operational"}]}"#,
        )
        .unwrap();
        let config = Config {
            feeds: [("s".to_owned(), FeedSource::File(source))]
                .into_iter()
                .collect(),
            ..Config::default()
        };
        let store = Arc::new(CountingStore {
            sqlite: SqliteStore::open(&dir.path().join("reports.db")).unwrap(),
            bucket_queries: AtomicUsize::new(0),
        });
        let app = Arc::new(App {
            feeds: FeedSources::load(
                &config.feeds,
                &config.reports.default_symptoms,
                &config.relay_schedule,
            )
            .unwrap(),
            config,
            store: Arc::clone(&store) as Arc<dyn ReportStore>,
            clients: ClientHasher::default(),
            feed_cache: FeedCache::default(),
            warned_origins: WarnedOrigins::default(),
        });
        let get = |request: HeaderMap| {
            get_feed(
                State(Arc::clone(&app)),
                Ok(Path("s.json".to_owned())),
                request,
            )
        };
        let first = get(headers(&[("host", "status.example")])).await.unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
        let conditional = || headers(&[("host", "status.example"), ("if-none-match", &etag)]);
        for _ in 0..5 {
            assert_eq!(
                get(conditional()).await.unwrap().status(),
                StatusCode::NOT_MODIFIED
            );
        }
        assert_eq!(store.bucket_queries.load(Ordering::SeqCst), 1);

        app.feed_cache.invalidate();
        assert_eq!(
            get(conditional()).await.unwrap().status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(store.bucket_queries.load(Ordering::SeqCst), 2, "rebuilt");
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    value.parse().unwrap(),
                )
            })
            .collect()
    }

    fn url(server: &ServerConfig, request: &HeaderMap) -> Option<String> {
        public_base(server, request)
    }

    #[test]
    fn without_a_public_base_url_the_address_follows_a_loopback_host_header_only() {
        let server = ServerConfig::default();
        for (host, expected) in [
            ("127.0.0.1:8787", Some("http://127.0.0.1:8787")),
            ("127.1.2.3", Some("http://127.1.2.3")),
            ("[::1]:8787", Some("http://[::1]:8787")),
            ("localhost:8787", Some("http://localhost:8787")),
            ("LocalHost", Some("http://LocalHost")),
            (
                "widget.localhost:8080",
                Some("http://widget.localhost:8080"),
            ),
            ("status.example.com:8080", None),
            ("localhost.example.com", None),
            ("10.0.0.1:8787", None),
            ("[::ffff:127.0.0.1]", None),
            ("evil@localhost", None),
            ("a b", None),
        ] {
            assert_eq!(
                url(&server, &headers(&[("host", host)])).as_deref(),
                expected,
                "{host}"
            );
        }
        assert_eq!(url(&server, &HeaderMap::new()), None);
    }

    #[test]
    fn forwarded_proto_counts_only_from_a_trusted_proxy() {
        let request = headers(&[("host", "localhost:8443"), ("x-forwarded-proto", "https")]);
        let mut server = ServerConfig::default();
        assert_eq!(
            url(&server, &request).as_deref(),
            Some("http://localhost:8443")
        );
        server.trust_proxy_headers = true;
        assert_eq!(
            url(&server, &request).as_deref(),
            Some("https://localhost:8443")
        );
    }

    #[test]
    fn the_public_base_url_wins() {
        let server = ServerConfig {
            public_base_url: Some("https://example.com/status/".into()),
            ..ServerConfig::default()
        };
        let request = headers(&[("host", "internal:8787")]);
        assert_eq!(
            url(&server, &request).as_deref(),
            Some("https://example.com/status")
        );
    }
}
