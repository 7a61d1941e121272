//! Fetching a feed and turning it into a validated `Feed`. The only place the widget touches
//! the network for feeds; views receive the result, never raw bytes.

use std::time::Duration;

use gloo_net::http::Request;
use status_feed::refresh::parse_retry_after;
use status_feed::{FeedError, Limits, Parsed, parse_feed};
use thiserror::Error;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCache};

use crate::clock;

/// Where a widget takes its feed from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FeedSource {
    /// The demo feed shipped with the build, shown as if just checked.
    Demo,
    Url(String),
}

/// Path of the built-in demo feed, relative to the bundle (not to the page embedding it).
pub const DEMO_FEED_PATH: &str = "demo/feed.json";

impl FeedSource {
    /// Reads `?feed=URL` from a query string; no (or an empty) parameter means the demo.
    pub fn from_query(search: &str) -> FeedSource {
        Self::from_setting(query_parameter(search, "feed"))
    }

    /// A feed URL as configured (query parameter or attribute); none means the demo.
    pub fn from_setting(url: Option<String>) -> FeedSource {
        url.map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty())
            .map_or(FeedSource::Demo, FeedSource::Url)
    }

    /// The source with a relative URL resolved against the document, so that `status.json`
    /// on two pages of a site is two feeds, each with its own saved copy, and one feed spelt
    /// two ways is one shared feed.
    pub fn resolved(self) -> FeedSource {
        match self {
            FeedSource::Url(url) => FeedSource::Url(resolve(&url)),
            FeedSource::Demo => FeedSource::Demo,
        }
    }

    pub fn url(&self) -> String {
        match self {
            FeedSource::Demo => crate::custom_element::bundle_url(DEMO_FEED_PATH),
            FeedSource::Url(url) => url.clone(),
        }
    }
}

/// The URL as the document resolves it; unchanged if it cannot be resolved (the fetch will
/// then say why).
fn resolve(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(url, &base).ok())
        .map_or_else(|| url.to_owned(), |resolved| resolved.href())
}

/// A non-empty query parameter, trimmed.
pub fn query_parameter(search: &str, name: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|params| params.get(name))
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Why the latest fetch did not produce a feed, worded for the person looking at the widget.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LoadError {
    #[error(
        "The status feed could not be reached. The network may be down, or the feed's server \
         does not allow this page to read it (CORS)."
    )]
    Network(String),
    #[error("The status feed did not answer in time.")]
    Timeout,
    #[error("The status feed answered with an error (HTTP {status} {status_text}).")]
    Http {
        status: u16,
        status_text: String,
        retry_after: Option<Duration>,
    },
    #[error("The status feed could not be read: {0}")]
    Invalid(#[from] FeedError),
}

impl LoadError {
    /// Extra detail for people debugging the feed, shown under the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            LoadError::Network(detail) => Some(detail),
            _ => None,
        }
    }

    /// The server's requested pause before the next try, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            LoadError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A fetch that worked.
pub enum Fetched {
    /// A new document: its text (to save, and to recognise it next time) and the feed in it.
    Fresh { text: String, parsed: Box<Parsed> },
    /// The same document as last time: nothing was parsed.
    Unchanged,
}

/// Fetches `url`. The request uses the browser's HTTP cache in "no-cache" mode: the browser
/// revalidates its copy with the server (If-None-Match / If-Modified-Since from the last
/// response), so an unchanged feed costs a 304 on the wire. Adding those headers by hand
/// would make every cross-origin poll a CORS preflight, which many feed hosts do not answer.
/// A document identical to `last_text` is reported as unchanged without parsing.
/// The request is abandoned after `timeout`, or when `abort` is signalled (widget removed).
pub async fn fetch_feed(
    url: &str,
    last_text: Option<&str>,
    timeout: Duration,
    abort: &AbortController,
) -> Result<Fetched, LoadError> {
    let request = Request::get(url)
        .cache(RequestCache::NoCache)
        .abort_signal(Some(&abort.signal()));
    let timer = Deadline::arm(abort, timeout);
    let response = request.send().await;
    let response = match response {
        Ok(response) => response,
        Err(_) if timer.fired() => return Err(LoadError::Timeout),
        Err(error) => return Err(LoadError::Network(error.to_string())),
    };
    if !response.ok() {
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| parse_retry_after(&value, clock::now()));
        return Err(LoadError::Http {
            status: response.status(),
            status_text: response.status_text(),
            retry_after,
        });
    }
    // A body announced as over the limit is refused before it is read into memory; one that
    // does not announce its size is checked once read, by the parser's own limit.
    let limit = Limits::default().max_document_bytes;
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|length| length.parse::<usize>().ok());
    if let Some(size) = announced.filter(|size| *size > limit) {
        abort.abort();
        return Err(LoadError::Invalid(FeedError::TooLarge { size, limit }));
    }
    let body = match response.binary().await {
        Ok(body) => body,
        Err(_) if timer.fired() => return Err(LoadError::Timeout),
        Err(error) => return Err(LoadError::Network(error.to_string())),
    };
    drop(timer);
    if last_text.is_some_and(|last| last.as_bytes() == body) {
        return Ok(Fetched::Unchanged);
    }
    // The bytes are parsed as they came: decoding them into JavaScript text and back would
    // cost more than parsing.
    let parsed = Box::new(parse_feed(&body)?);
    // Parsed, hence UTF-8: this only checks.
    let text = String::from_utf8(body)
        .map_err(|_| FeedError::Syntax("the document is not UTF-8".to_owned()))?;
    Ok(Fetched::Fresh { text, parsed })
}

/// Aborts a request when its time is up; disarmed when dropped. The timer calls the
/// controller's own `abort` (bound in JS), so no Rust closure outlives the request.
pub struct Deadline {
    handle: Option<i32>,
    abort: AbortController,
}

impl Deadline {
    pub fn arm(abort: &AbortController, timeout: Duration) -> Deadline {
        let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        let handle = js_sys::Reflect::get(abort, &"abort".into())
            .ok()
            .and_then(|method| method.dyn_into::<js_sys::Function>().ok())
            .map(|method| method.bind0(abort))
            .and_then(|abort_now| {
                web_sys::window()?
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&abort_now, millis)
                    .ok()
            });
        Deadline {
            handle,
            abort: abort.clone(),
        }
    }

    /// Whether the request was aborted. Removal aborts too, but then the caller discards the
    /// result, so an abort seen here means the deadline passed.
    pub fn fired(&self) -> bool {
        self.abort.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
