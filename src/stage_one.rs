//! The bridge to stage one of the embed (`embed/stage-one.js`), which keeps every feed on the
//! page live: it polls, backs off, honours Retry-After, pauses while the page is hidden and
//! keeps the saved copy. This bundle (stage two) subscribes to the feeds its views show and
//! reads their snapshots when stage one says one changed; it never fetches a feed itself.

use std::cell::RefCell;
use std::time::Duration;

use js_sys::Uint8Array;
use status_feed::{FeedError, Limits, Timestamp, parse_feed};
use wasm_bindgen::prelude::*;

use crate::feed_loader::Health;
use crate::feed_loader::LoadError;

#[wasm_bindgen]
extern "C" {
    /// What stage one hands over at start: `{subscribe, unsubscribe, snapshot}`.
    pub type StageOne;
    #[wasm_bindgen(method, structural)]
    fn subscribe(this: &StageOne, url: &str, refresh: Option<u32>, demo: bool);
    #[wasm_bindgen(method, structural)]
    fn unsubscribe(this: &StageOne, url: &str);
    #[wasm_bindgen(method, structural)]
    fn snapshot(this: &StageOne, url: &str) -> Option<Snapshot>;

    /// A feed as stage one holds it: `{text, version, rejected, health}`.
    pub type Snapshot;
    #[wasm_bindgen(method, getter, structural)]
    pub fn text(this: &Snapshot) -> Option<String>;
    /// Counts the texts stage one has kept, so a new one is noticed without comparing texts.
    #[wasm_bindgen(method, getter, structural)]
    pub fn version(this: &Snapshot) -> f64;
    #[wasm_bindgen(method, getter, structural)]
    fn rejected(this: &Snapshot) -> Option<Rejected>;
    #[wasm_bindgen(method, getter, structural)]
    fn health(this: &Snapshot) -> SnapshotHealth;

    /// The last document refused: its `text`, its `bytes` when they were not UTF-8, or only
    /// its `size` when it was refused for that before being read.
    type Rejected;
    #[wasm_bindgen(method, getter, structural)]
    fn text(this: &Rejected) -> Option<String>;
    #[wasm_bindgen(method, getter, structural)]
    fn bytes(this: &Rejected) -> Option<Uint8Array>;
    #[wasm_bindgen(method, getter, structural)]
    fn size(this: &Rejected) -> Option<f64>;

    type SnapshotHealth;
    #[wasm_bindgen(method, getter, structural, js_name = confirmedAt)]
    fn confirmed_at(this: &SnapshotHealth) -> Option<f64>;
    #[wasm_bindgen(method, getter, structural, js_name = fromSavedCopy)]
    fn from_saved_copy(this: &SnapshotHealth) -> bool;
    #[wasm_bindgen(method, getter, structural, js_name = nextTry)]
    fn next_try(this: &SnapshotHealth) -> Option<f64>;
    #[wasm_bindgen(method, getter, structural)]
    fn problem(this: &SnapshotHealth) -> Option<Problem>;

    /// Why the latest fetch failed: `{kind: network|timeout|http|invalid, ...}`.
    type Problem;
    #[wasm_bindgen(method, getter, structural)]
    fn kind(this: &Problem) -> String;
    #[wasm_bindgen(method, getter, structural)]
    fn detail(this: &Problem) -> Option<String>;
    #[wasm_bindgen(method, getter, structural)]
    fn status(this: &Problem) -> Option<u16>;
    #[wasm_bindgen(method, getter, structural, js_name = statusText)]
    fn status_text(this: &Problem) -> Option<String>;
    #[wasm_bindgen(method, getter, structural, js_name = retryAfter)]
    fn retry_after(this: &Problem) -> Option<f64>;
}

thread_local! {
    static STAGE_ONE: RefCell<Option<StageOne>> = const { RefCell::new(None) };
}

pub fn connect(stage_one: StageOne) {
    STAGE_ONE.set(Some(stage_one));
}

fn with<T>(call: impl FnOnce(&StageOne) -> T) -> Option<T> {
    STAGE_ONE.with_borrow(|stage_one| stage_one.as_ref().map(call))
}

pub fn subscribe(url: &str, refresh: Option<u32>, demo: bool) {
    with(|stage_one| stage_one.subscribe(url, refresh, demo));
}

pub fn unsubscribe(url: &str) {
    with(|stage_one| stage_one.unsubscribe(url));
}

pub fn snapshot(url: &str) -> Option<Snapshot> {
    with(|stage_one| stage_one.snapshot(url)).flatten()
}

impl Snapshot {
    /// The feed's health in the views' terms. A refused document is read again here, so the
    /// error view can say exactly what is wrong with it.
    pub fn to_health(&self) -> Health {
        let health = self.health();
        let at = |ms: Option<f64>| ms.map(|ms| Timestamp::from_unix_millis(ms as i64));
        Health {
            confirmed_at: at(health.confirmed_at()),
            from_saved_copy: health.from_saved_copy(),
            problem: health.problem().map(|problem| self.load_error(&problem)),
            next_try: at(health.next_try()),
        }
    }

    fn load_error(&self, problem: &Problem) -> LoadError {
        match problem.kind().as_str() {
            "timeout" => LoadError::Timeout,
            "http" => LoadError::Http {
                status: problem.status().unwrap_or_default(),
                status_text: problem.status_text().unwrap_or_default(),
                retry_after: problem
                    .retry_after()
                    .map(|ms| Duration::from_millis(ms as u64)),
            },
            "invalid" => LoadError::Invalid(self.refusal()),
            _ => LoadError::Network(problem.detail().unwrap_or_default()),
        }
    }

    fn refusal(&self) -> FeedError {
        let rejected = self.rejected();
        let refused = |bytes: &[u8]| {
            parse_feed(bytes)
                .err()
                .unwrap_or_else(|| FeedError::Syntax("the document could not be read".into()))
        };
        match rejected {
            Some(rejected) => match (rejected.text(), rejected.bytes(), rejected.size()) {
                (Some(text), _, _) => refused(text.as_bytes()),
                (None, Some(bytes), _) => refused(&bytes.to_vec()),
                (None, None, size) => FeedError::TooLarge {
                    size: size.unwrap_or_default() as usize,
                    limit: Limits::default().max_document_bytes,
                },
            },
            None => refused(b""),
        }
    }
}
