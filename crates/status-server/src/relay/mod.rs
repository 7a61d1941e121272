//! Relayed feeds: an upstream status document fetched on the widget's own schedule
//! (`status_feed::refresh`), normalised, and served like a file feed, for sources that send
//! no CORS headers or that many widgets should not poll directly.
//!
//! An upstream failure never reaches visitors as an error: the last good copy keeps being
//! served, marked with `stale_since`, its `checked_at` the time of the last success; before
//! the first success a valid feed with status `unknown` says the source could not be read.

mod address;
mod fetch;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use serde_json::json;
use status_feed::refresh::{FetchOutcome, RefreshPolicy};
use status_feed::{
    FeedError, Json, Limits, ParseOptions, Parsed, SourceFormat, Symptom, Timestamp, document_text,
    parse_feed, read_documents,
};
use tokio::sync::Semaphore;

use self::fetch::{FetchError, FetchRules, Fetcher, Received, parse_target};
use crate::config::RelayConfig;
use crate::feeds::LoadedFeed;
use crate::routes::now;

/// Until the first successful read, visitors see this instead of an error.
const NOT_READ_YET: &str = "The source of this status feed could not be read yet.";

#[derive(Debug, thiserror::Error)]
enum RelayError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("no answer within {} seconds", .0.as_secs())]
    Timeout(Duration),
    #[error("the document is not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the document is not a usable feed: {0}")]
    Feed(#[from] FeedError),
    #[error("reading the document failed: {0}")]
    Reading(#[from] tokio::task::JoinError),
}

pub struct Relay {
    name: String,
    url: String,
    format: Option<SourceFormat>,
    poll_seconds: Option<u32>,
    timeout: Duration,
    limits: Limits,
    fetcher: Fetcher,
    /// Why the configured URL is refused before any request, the same on every try: the
    /// feed is then never polled, and `/healthz` shows this.
    configuration_error: Option<String>,
    schedule: RefreshPolicy,
    default_symptoms: Vec<Symptom>,
    state: Mutex<State>,
    /// What each document (main and companion) answered last, by URL: the next request for it
    /// is conditional, and on `304 Not Modified` this body is read again.
    received: Mutex<HashMap<String, Received>>,
}

struct State {
    served: Arc<LoadedFeed>,
    last_good: Option<Arc<LoadedFeed>>,
    /// The first failure since the last success.
    failing_since: Option<Timestamp>,
    consecutive_failures: u32,
}

impl Relay {
    pub fn new(
        name: &str,
        config: &RelayConfig,
        schedule: RefreshPolicy,
        default_symptoms: &[Symptom],
    ) -> Result<Self, reqwest::Error> {
        let mut limits = Limits::default();
        if let Some(max) = config.max_body_bytes {
            limits.max_document_bytes = max;
        }
        let timeout = config.timeout_seconds.map_or(schedule.timeout, |seconds| {
            Duration::from_secs(u64::from(seconds))
        });
        let rules = FetchRules {
            allow_private_networks: config.allow_private_networks,
            max_body_bytes: limits.max_document_bytes,
            timeout,
        };
        let placeholder = LoadedFeed::new(not_read_yet(name), default_symptoms);
        let url = config.url.as_str().to_owned();
        let configuration_error = parse_target(&url, config.allow_private_networks)
            .err()
            .map(|refused| with_fix(name, &refused));
        Ok(Self {
            name: name.to_owned(),
            url,
            format: config.format,
            poll_seconds: config.poll_seconds,
            timeout,
            limits,
            fetcher: Fetcher::new(config.headers.clone(), rules)?,
            configuration_error,
            schedule,
            default_symptoms: default_symptoms.to_vec(),
            state: Mutex::new(State {
                served: Arc::new(placeholder),
                last_good: None,
                failing_since: None,
                consecutive_failures: 0,
            }),
            received: Mutex::new(HashMap::new()),
        })
    }

    /// What to serve now.
    pub fn current(&self) -> Arc<LoadedFeed> {
        Arc::clone(&self.lock().served)
    }

    pub fn configuration_error(&self) -> Option<&str> {
        self.configuration_error.as_deref()
    }

    /// Fetches now, then again and again on the schedule; runs until aborted. A feed whose
    /// configuration refuses its own URL is reported once instead.
    pub async fn poll_forever(self: Arc<Self>) {
        if let Some(error) = &self.configuration_error {
            tracing::error!(feed = %self.name, %error, "relayed feed not polled: fix its configuration");
            return;
        }
        loop {
            let result = tokio::time::timeout(self.timeout, self.fetch())
                .await
                .unwrap_or(Err(RelayError::Timeout(self.timeout)));
            let delay = self.record(result, now());
            tokio::time::sleep(delay).await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn fetch(&self) -> Result<Parsed, RelayError> {
        let main = self.fetch_body(&self.url).await?;
        // Without a configured format, the document itself tells which one it is, and so
        // whether a companion document is needed.
        let (format, detected) = match self.format {
            Some(format) => (format, None),
            None => {
                let parsed = self.read(Arc::clone(&main), None, None).await?;
                (parsed.format, Some(parsed))
            }
        };
        match format.companion_url(&self.url) {
            None => match detected {
                Some(parsed) => Ok(parsed),
                None => self.read(main, None, Some(format)).await,
            },
            Some(companion_url) => {
                // Its failure fails the read, rather than leaving a feed from the main document
                // alone: that would show what only the companion says (statuses, components or
                // incidents) as unknown or absent, where the last good copy, marked stale, says
                // what was last known.
                let companion = self.fetch_body(&companion_url).await?;
                self.read(main, Some(companion), Some(format)).await
            }
        }
    }

    async fn fetch_body(&self, url: &str) -> Result<Arc<[u8]>, RelayError> {
        let previous = self.received_from(url);
        let received = self.fetcher.get(url, previous.as_ref()).await?;
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(url.to_owned(), received.clone());
        Ok(received.body)
    }

    /// Reads the documents as a feed of `format` (detected when `None`) on the blocking
    /// pool, at most one document per core at a time. Whatever an upstream sends may take
    /// long to read, and must neither hold up requests nor other relays' timers; the permit
    /// stays with the reading until it ends, even when the poll has timed out, so retries
    /// cannot pile up reads.
    async fn read(
        &self,
        main: Arc<[u8]>,
        companion: Option<Arc<[u8]>>,
        format: Option<SourceFormat>,
    ) -> Result<Parsed, RelayError> {
        let options = ParseOptions {
            limits: self.limits.clone(),
            format,
        };
        let permit = READING_PERMITS
            .acquire()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let main = parse_json(&main, &options.limits)?;
            let companion = companion
                .as_deref()
                .map(|body| parse_json(body, &options.limits))
                .transpose()?;
            Ok(read_documents(&main, companion.as_ref(), &options)?)
        })
        .await?
    }

    fn received_from(&self, url: &str) -> Option<Received> {
        let received = self.received.lock().unwrap_or_else(PoisonError::into_inner);
        received.get(url).cloned()
    }

    /// Updates what is served after a fetch and says how long to wait for the next one.
    fn record(&self, result: Result<Parsed, RelayError>, at: Timestamp) -> Duration {
        let mut state = self.lock();
        let outcome = match result {
            Ok(parsed) => {
                for warning in &parsed.warnings {
                    tracing::debug!(feed = %self.name, %warning, "upstream feed warning");
                }
                match state.failing_since {
                    Some(since) => tracing::info!(
                        feed = %self.name,
                        url = %self.url,
                        failures = state.consecutive_failures,
                        failing_since = %since.to_rfc3339(),
                        "upstream recovered"
                    ),
                    None if state.last_good.is_none() => {
                        tracing::info!(feed = %self.name, url = %self.url, "upstream read");
                    }
                    None => {}
                }
                let mut feed = parsed.feed;
                // The relay vouches for the data as of now; the upstream's own time may lag.
                feed.checked_at = Some(at);
                feed.stale_since = None;
                let loaded = Arc::new(LoadedFeed::new(feed, &self.default_symptoms));
                state.served = Arc::clone(&loaded);
                state.last_good = Some(loaded);
                state.failing_since = None;
                state.consecutive_failures = 0;
                FetchOutcome::Success
            }
            Err(error) => {
                state.consecutive_failures = state.consecutive_failures.saturating_add(1);
                let since = *state.failing_since.get_or_insert(at);
                if let Some(good) = &state.last_good {
                    let mut stale = good.feed.clone();
                    stale.stale_since = Some(since);
                    state.served = Arc::new(LoadedFeed::new(stale, &self.default_symptoms));
                }
                let (retry_after, error) = match &error {
                    RelayError::Fetch(fetch) => (fetch.retry_after(), with_fix(&self.name, fetch)),
                    _ => (None, error.to_string()),
                };
                tracing::warn!(
                    feed = %self.name,
                    url = %self.url,
                    failures = state.consecutive_failures,
                    failing_since = %since.to_rfc3339(),
                    serving_last_good = state.last_good.is_some(),
                    %error,
                    "upstream fetch failed"
                );
                FetchOutcome::Failure { retry_after }
            }
        };
        let suggested = state
            .last_good
            .as_ref()
            .and_then(|good| good.feed.refresh_seconds);
        let interval = self.schedule.interval(suggested, self.poll_seconds);
        self.schedule.next_delay(
            outcome,
            state.consecutive_failures,
            interval,
            rand::random(),
        )
    }
}

fn parse_json<'a>(body: &'a [u8], limits: &Limits) -> Result<Json<'a>, RelayError> {
    let text = document_text(body, limits)?;
    Ok(Json::parse(text)?)
}

/// Shared by all relays: reading is CPU work, so more reads at once than cores only
/// lengthen each of them.
static READING_PERMITS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Semaphore::new(cores)
});

/// The fetch error, with the setting that lifts it when there is one.
fn with_fix(name: &str, error: &FetchError) -> String {
    if error.refuses_a_private_address() {
        format!("{error}; to relay it, set allow_private_networks = true on [feeds.{name}]")
    } else {
        error.to_string()
    }
}

/// A valid feed saying only that nothing could be read yet.
fn not_read_yet(name: &str) -> status_feed::Feed {
    let document = json!({
        "version": 1,
        "service": { "name": name },
        "status": "unknown",
        "summary": NOT_READ_YET,
    });
    parse_feed(document.to_string().as_bytes())
        .expect("a feed with a configured name and a fixed summary is valid")
        .feed
}
