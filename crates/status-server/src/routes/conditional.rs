//! Revalidation of generated documents: a strong ETag from the body's hash, so a poll of an
//! unchanged feed or badge costs a `304 Not Modified` and no body.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// A generated body with its entity tag, computed once so a cached copy revalidates without
/// hashing again.
#[derive(Clone, Debug)]
pub struct Tagged {
    pub body: Bytes,
    pub etag: HeaderValue,
}

impl Tagged {
    pub fn new(body: Vec<u8>) -> Self {
        Self {
            etag: etag_of(&body),
            body: Bytes::from(body),
        }
    }
}

/// Responds with the body, or 304 when the client already holds it. Always `no-cache`: the
/// content changes with every report, so clients must revalidate each time.
pub fn respond(
    request: &HeaderMap,
    status: StatusCode,
    content_type: &'static str,
    Tagged { body, etag }: Tagged,
) -> Response {
    let headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
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
                Tagged::new(b"hello".to_vec()),
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
            Tagged::new(b"x".to_vec()),
        );
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
