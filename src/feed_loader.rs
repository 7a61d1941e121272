//! Fetching a feed and turning it into a validated `Feed`. The only place the widget touches
//! the network for feeds; views receive the result, never raw bytes.

use gloo_net::http::Request;
use status_feed::{FeedError, Parsed, parse_feed};
use thiserror::Error;

/// Where the standalone page takes its feed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedSource {
    /// The demo feed shipped with the build, shown as if just checked.
    Demo,
    Url(String),
}

/// Path of the built-in demo feed, relative to the page.
pub const DEMO_FEED_PATH: &str = "demo/feed.json";

impl FeedSource {
    /// Reads `?feed=URL` from a query string; no (or an empty) parameter means the demo.
    pub fn from_query(search: &str) -> FeedSource {
        web_sys::UrlSearchParams::new_with_str(search)
            .ok()
            .and_then(|params| params.get("feed"))
            .map(|feed| feed.trim().to_owned())
            .filter(|feed| !feed.is_empty())
            .map_or(FeedSource::Demo, FeedSource::Url)
    }

    pub fn url(&self) -> &str {
        match self {
            FeedSource::Demo => DEMO_FEED_PATH,
            FeedSource::Url(url) => url,
        }
    }
}

/// Why a feed could not be shown, worded for the person looking at the widget.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LoadError {
    #[error(
        "The status feed could not be reached. The network may be down, or the feed's server \
         does not allow this page to read it (CORS)."
    )]
    Network(String),
    #[error("The status feed answered with an error (HTTP {status} {status_text}).")]
    Http { status: u16, status_text: String },
    #[error("The status feed could not be read: {0}")]
    Invalid(#[from] FeedError),
}

impl LoadError {
    /// Extra detail for people debugging the feed, shown under the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            LoadError::Network(detail) => Some(detail),
            LoadError::Http { .. } | LoadError::Invalid(_) => None,
        }
    }
}

pub async fn load_feed(source: &FeedSource) -> Result<Parsed, LoadError> {
    let response = Request::get(source.url())
        .send()
        .await
        .map_err(|error| LoadError::Network(error.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Http {
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    let bytes = response
        .binary()
        .await
        .map_err(|error| LoadError::Network(error.to_string()))?;
    let mut parsed = parse_feed(&bytes)?;
    if *source == FeedSource::Demo {
        parsed.feed = parsed.feed.rebased_to(crate::clock::now());
    }
    Ok(parsed)
}
