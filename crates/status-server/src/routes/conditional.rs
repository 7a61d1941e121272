//! Caching of generated documents: a strong ETag from the body's hash, so a poll of an
//! unchanged feed or badge costs a `304 Not Modified` and no body, and lifetimes a CDN can
//! act on, so that visitors' polls are served from its cache rather than by this server.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use status_feed::refresh::RefreshPolicy;

/// How long a cache may keep a document before asking this server again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Caching {
    /// Every use revalidates: for answers that say something is missing.
    Revalidate,
    /// Shared caches may serve the document for a share of the interval widgets poll at.
    /// A copy is fresh for a quarter of the interval, and served while it is revalidated in
    /// the background for another quarter, so no poll is answered with a copy older than
    /// half an interval: a widget sees a change by its first poll half an interval after
    /// it, where without a cache it would have seen it by its first poll after it.
    /// While this server fails or cannot be reached, a cache may go on serving its copy for
    /// an hour (the widget shows the feed's checked time, so visitors see its age); longer,
    /// and a badge could show a status from the day before.
    ForPolling { interval: Duration },
}

impl Caching {
    const STALE_IF_ERROR: Duration = Duration::from_secs(60 * 60);

    /// For documents made from a feed with this `refresh_seconds`: widgets poll it at that
    /// interval, within the widget's bounds, unless an embedder asks otherwise.
    pub fn for_feed_refreshing_every(refresh_seconds: Option<u32>) -> Self {
        Self::ForPolling {
            interval: RefreshPolicy::default().interval(refresh_seconds, None),
        }
    }

    fn header_value(self) -> HeaderValue {
        match self {
            Self::Revalidate => HeaderValue::from_static("no-cache"),
            Self::ForPolling { interval } => {
                let quarter = (interval.as_secs() / 4).max(1);
                let directives = format!(
                    "public, max-age={quarter}, stale-while-revalidate={quarter}, \
                     stale-if-error={}",
                    Self::STALE_IF_ERROR.as_secs()
                );
                HeaderValue::try_from(directives).expect("digits and ASCII words")
            }
        }
    }
}

/// A generated body with its entity tag, computed once so a cached copy revalidates without
/// hashing again.
#[derive(Clone, Debug)]
pub struct Tagged {
    pub body: Bytes,
    pub etag: HeaderValue,
    pub cache_control: HeaderValue,
}

impl Tagged {
    pub fn new(body: Vec<u8>, caching: Caching) -> Self {
        Self {
            etag: etag_of(&body),
            body: Bytes::from(body),
            cache_control: caching.header_value(),
        }
    }
}

/// Responds with the body, or 304 when the client already holds it.
pub fn respond(
    request: &HeaderMap,
    status: StatusCode,
    content_type: &'static str,
    Tagged {
        body,
        etag,
        cache_control,
    }: Tagged,
) -> Response {
    let headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, cache_control),
    ];
    if status.is_success() && if_none_match_contains(request, &etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let content_type = (header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    (status, headers, [content_type], body).into_response()
}

fn etag_of(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::try_from(format!("\"{hex}\"")).expect("hex digits are a valid header value")
}

/// `If-None-Match` uses the weak comparison (RFC 9110 13.1.2): `W/` prefixes are ignored.
fn if_none_match_contains(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(if_none_match: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, if_none_match.parse().unwrap());
        headers
    }

    #[test]
    fn matching_tags_give_304_and_others_the_body() {
        let etag = etag_of(b"hello");
        let tag = etag.to_str().unwrap();
        assert_eq!(tag.len(), 34);
        for (header, matches) in [
            (tag.to_owned(), true),
            (format!("W/{tag}"), true),
            (format!("\"other\", {tag}"), true),
            ("*".to_owned(), true),
            ("\"other\"".to_owned(), false),
        ] {
            let response = respond(
                &request_with(&header),
                StatusCode::OK,
                "text/plain",
                Tagged::new(b"hello".to_vec(), Caching::Revalidate),
            );
            let expected = if matches {
                StatusCode::NOT_MODIFIED
            } else {
                StatusCode::OK
            };
            assert_eq!(response.status(), expected, "{header}");
            assert_eq!(response.headers()[header::ETAG], etag);
        }
    }

    #[test]
    fn errors_are_never_turned_into_304() {
        let response = respond(
            &request_with("*"),
            StatusCode::NOT_FOUND,
            "text/plain",
            Tagged::new(b"x".to_vec(), Caching::Revalidate),
        );
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn polled_documents_live_in_caches_for_half_an_interval() {
        let cache_control = |seconds| {
            Caching::ForPolling {
                interval: Duration::from_secs(seconds),
            }
            .header_value()
        };
        assert_eq!(
            cache_control(60),
            "public, max-age=15, stale-while-revalidate=15, stale-if-error=3600"
        );
        assert_eq!(
            cache_control(15),
            "public, max-age=3, stale-while-revalidate=3, stale-if-error=3600"
        );
        assert_eq!(Caching::Revalidate.header_value(), "no-cache");
    }

    #[test]
    fn a_feed_is_cached_for_its_own_interval_within_the_widget_bounds() {
        let interval = |refresh_seconds| match Caching::for_feed_refreshing_every(refresh_seconds) {
            Caching::ForPolling { interval } => interval.as_secs(),
            Caching::Revalidate => 0,
        };
        assert_eq!(interval(None), 60);
        assert_eq!(interval(Some(120)), 120);
        assert_eq!(interval(Some(1)), 15);
        assert_eq!(interval(Some(86_400)), 30 * 60);
    }
}
