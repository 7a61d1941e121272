//! Where a widget's feed comes from, how fresh it is, and why loading it failed. Stage one of the embed does
//! the fetching (`embed/stage-one.js`); views receive a validated `Feed`, never raw bytes.

use std::time::Duration;

use status_feed::{FeedError, Timestamp};
use wasm_bindgen::JsCast;
use web_sys::AbortController;

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
            FeedSource::Demo => crate::bundle::bundle_url(DEMO_FEED_PATH),
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

/// How fresh the data on screen is, and what went wrong since it was last confirmed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// When the feed server last confirmed the data shown (for a saved copy: when it was saved).
    pub confirmed_at: Option<Timestamp>,
    /// The data shown is the copy saved on an earlier visit, not yet confirmed on this one.
    pub from_saved_copy: bool,
    /// Why the latest fetch failed; cleared by the next success.
    pub problem: Option<LoadError>,
    /// When the next fetch is planned, after a failure.
    pub next_try: Option<Timestamp>,
}

/// Why the latest fetch did not produce a feed. The views word it in the widget's language
/// (`messages.rs`); only a refused document's own error is shown as it is, for its author.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The feed could not be reached: the network is down, or its server does not allow this
    /// page to read it (CORS). The browser's description, for people debugging the feed.
    Network(String),
    Timeout,
    Http {
        status: u16,
        status_text: String,
        retry_after: Option<Duration>,
    },
    Invalid(FeedError),
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
