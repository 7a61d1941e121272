//! Stage one of the embed: the domain rules that `badge` and `toast` widgets need, exported to
//! the hand-written `embed/stage-one.js` (the element, the shared feed hub and the drawing).
//! The rules live here once, in `status-feed`: which documents are accepted and what a badge
//! shows (`read_badge`), and when to fetch again (`poll_interval_ms`, `next_delay_ms`,
//! `retry_after_ms`). Rich views are stage two, the Leptos widget, loaded on demand.

mod js_json;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use std::time::Duration;

use js_sys::{Array, JsString, Object, Reflect};
use status_feed::refresh::{FetchOutcome, RefreshPolicy, parse_retry_after};
use status_feed::{Feed, Status, Timestamp};
use status_messages::{Locale, status_label, time_units};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The browser's own parser: it costs stage one no code.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;
}

/// Reads `text` as stage one does: JSON.parse, then the reader the full view uses. `demo_now`
/// shifts the demo feed's times to the present, as the full view does.
pub fn read(text: &JsString, demo_now: Option<Timestamp>) -> Option<Feed> {
    let value = parse_json(text).ok()?;
    let document = js_json::convert(&value).ok()?;
    let feed = status_feed::read_document(&document, &status_feed::ParseOptions::default())
        .ok()?
        .feed;
    let feed = match demo_now {
        Some(now) => feed.rebased_to(now),
        None => feed,
    };
    Some(feed)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// The feed in `text` as badges and toasts show it, or null where the full view would refuse
/// the document.
#[wasm_bindgen]
pub fn read_badge(text: &JsString, demo_now_ms: Option<f64>) -> JsValue {
    let demo_now = demo_now_ms.map(|ms| Timestamp::from_unix_millis(ms as i64));
    let Some(feed) = read(text, demo_now) else {
        return JsValue::NULL;
    };
    let out = Object::new();
    set(&out, "name", &feed.service.name.as_str().into());
    set(&out, "status", &feed.overall_status().as_str().into());
    let href = feed
        .service
        .status_page_url
        .as_ref()
        .and_then(|url| url.href());
    set(&out, "href", &href.map_or(JsValue::NULL, JsValue::from));
    let refresh = feed.refresh_seconds.map_or(JsValue::NULL, JsValue::from);
    set(&out, "refresh", &refresh);
    let notices = Array::new();
    for notice in feed.notices() {
        let entry = Object::new();
        set(&entry, "key", &notice.key.into());
        set(&entry, "title", &notice.title.into());
        if let Some((from, until)) = notice.window {
            set(&entry, "from", &(from.unix_millis() as f64).into());
            set(&entry, "until", &(until.unix_millis() as f64).into());
        }
        notices.push(&entry);
    }
    set(&out, "notices", &notices);
    out.into()
}

/// What badges and toasts say, in the first language of `preferences` (BCP 47 tags, most
/// wanted first) that the widget speaks: `{tag, status: {name: words}, <message>: words}`.
#[wasm_bindgen]
pub fn badge_texts(preferences: Vec<String>) -> JsValue {
    let locale = Locale::choose(preferences.iter().map(String::as_str));
    let messages = locale.language.badge_messages();
    let out = Object::new();
    set(&out, "tag", &(*locale.tag).into());
    for (name, text) in messages.entries() {
        set(&out, name, &text.into());
    }
    let statuses = Object::new();
    for name in Status::NAMES {
        let words = status_label(messages, Status::from_name(name));
        set(&statuses, name, &words.into());
    }
    set(&out, "status", &statuses);
    out.into()
}

/// How to say when `then_ms` is, seen from `now_ms`: `[count, unit]` for
/// `Intl.RelativeTimeFormat`, rounded as the full view rounds.
#[wasm_bindgen]
pub fn relative_time(then_ms: f64, now_ms: f64) -> Array {
    let since_epoch = |ms: f64| Duration::from_millis(ms.max(0.0) as u64);
    let (count, unit) = time_units::relative_time(since_epoch(then_ms), since_epoch(now_ms));
    Array::of2(&(count as f64).into(), &unit.as_str().into())
}

/// The largest feed document read, in bytes.
#[wasm_bindgen]
pub fn max_document_bytes() -> f64 {
    status_feed::Limits::default().max_document_bytes as f64
}

/// Stage one's stylesheet (theme, badge, toast), compacted by `build.rs`.
#[wasm_bindgen]
pub fn stylesheet() -> String {
    include_str!(concat!(env!("OUT_DIR"), "/stage-one.css")).to_owned()
}

/// Milliseconds between polls for a feed suggesting `feed_seconds`, or an embedder's override.
#[wasm_bindgen]
pub fn poll_interval_ms(feed_seconds: Option<u32>, override_seconds: Option<u32>) -> f64 {
    RefreshPolicy::default()
        .interval(feed_seconds, override_seconds)
        .as_millis() as f64
}

/// How long a request may take before it is abandoned.
#[wasm_bindgen]
pub fn timeout_ms() -> f64 {
    RefreshPolicy::default().timeout.as_millis() as f64
}

/// Milliseconds until the next fetch after a success (`ok`) or the `failures`th failure in a
/// row; `random` is in [0, 1), for the jitter.
#[wasm_bindgen]
pub fn next_delay_ms(
    ok: bool,
    failures: u32,
    interval_ms: f64,
    retry_after_ms: Option<f64>,
    random: f64,
) -> f64 {
    let outcome = if ok {
        FetchOutcome::Success
    } else {
        FetchOutcome::Failure {
            retry_after: retry_after_ms.map(|ms| Duration::from_millis(ms as u64)),
        }
    };
    let interval = Duration::from_millis(interval_ms as u64);
    RefreshPolicy::default()
        .next_delay(outcome, failures, interval, random)
        .as_millis() as f64
}

/// A Retry-After header as milliseconds from `now_ms`, if it can be read.
#[wasm_bindgen]
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<f64> {
    parse_retry_after(header, Timestamp::from_unix_millis(now_ms as i64))
        .map(|wait| wait.as_millis() as f64)
}
