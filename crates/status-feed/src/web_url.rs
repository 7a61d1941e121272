//! Links from feeds end up in `href` attributes, so only plain web addresses are allowed
//! through: `javascript:`, `data:` and friends must never reach the page.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

/// A URL string from a feed. Reading accepts any string so that one bad link can be dropped
/// with a warning instead of rejecting the whole feed; `href` is the only way to get a value
/// suitable for a link, and it re-checks.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct WebUrl(String);

/// Longest URL accepted; browsers and CDNs commonly cap around 2 to 8 KB.
pub const MAX_URL_LENGTH: usize = 2048;

impl WebUrl {
    /// Checks the text and wraps it, or says why it is not a usable web address.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        Self::check(text).map(|text| Self(text.to_owned()))
    }

    /// Whether the text is a usable web address: the address, trimmed, or why not.
    pub fn check(text: &str) -> Result<&str, &'static str> {
        let text = text.trim();
        if text.len() > MAX_URL_LENGTH {
            return Err("is longer than 2048 bytes");
        }
        if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err("contains spaces or control characters");
        }
        // A colon then "//": matched by hand, as a substring search costs the widget's bundle
        // several kilobytes.
        let (scheme, rest) = text
            .split_once(':')
            .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
            .ok_or("is not an absolute http(s) URL")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err("uses a scheme other than http or https");
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit('@').next().unwrap_or_default();
        if host.is_empty() || host.starts_with(':') {
            return Err("has no host");
        }
        Ok(text)
    }

    /// Wraps text as read from a feed, before validation has looked at it.
    pub(crate) fn unchecked(text: String) -> Self {
        Self(text)
    }

    /// The URL for an `href`, or `None` if the stored text is not a safe web address.
    pub fn href(&self) -> Option<&str> {
        Self::check(&self.0).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for WebUrl {
    fn schema_name() -> Cow<'static, str> {
        "WebUrl".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "uri",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
            "maxLength": MAX_URL_LENGTH,
            "description": "An absolute http or https URL; any other scheme is dropped."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_web_addresses() {
        for good in [
            "https://status.example.com",
            "http://localhost:8080/feed.json",
            "HTTPS://EXAMPLE.COM/a?b=c#d",
            "https://user@example.com/",
            "  https://example.com/padded  ",
        ] {
            assert!(WebUrl::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn rejects_everything_that_could_run_or_mislead() {
        for (bad, reason) in [
            ("javascript:alert(1)", "is not an absolute http(s) URL"),
            (
                "javascript://example.com/%0aalert(1)",
                "uses a scheme other than http or https",
            ),
            ("data:text/html,<script>", "is not an absolute http(s) URL"),
            ("vbscript://x", "uses a scheme other than http or https"),
            ("//example.com/no-scheme", "is not an absolute http(s) URL"),
            ("/relative/path", "is not an absolute http(s) URL"),
            ("https://", "has no host"),
            ("https://:443/", "has no host"),
            (
                "https://exa mple.com",
                "contains spaces or control characters",
            ),
            (
                "https://example.com/\u{0}",
                "contains spaces or control characters",
            ),
        ] {
            assert_eq!(WebUrl::parse(bad), Err(reason), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LENGTH));
        assert_eq!(WebUrl::parse(&long), Err("is longer than 2048 bytes"));
    }

    #[test]
    fn href_refuses_unsafe_text_that_bypassed_validation() {
        let smuggled = WebUrl::unchecked("javascript:alert(1)".to_owned());
        assert_eq!(smuggled.href(), None);
        let fine = WebUrl::unchecked("https://example.com".to_owned());
        assert_eq!(fine.href(), Some("https://example.com"));
    }
}
