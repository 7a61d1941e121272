//! The wasm's interface to `embed/stage-one.js`: plain functions of numbers, and one buffer
//! for text either way. To pass text in, JavaScript asks `buffer(len)` for room and writes
//! it there; a function that answers with text leaves it in the same buffer and returns its
//! length, and JavaScript reads it from `buffer_start()`. Optional numbers are passed as NaN
//! when absent. Exporting by name is an unsafe attribute (two exports must not share a name),
//! which is all the unsafe this crate allows.
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::time::Duration;

use status_feed::refresh::{FetchOutcome, RefreshPolicy, parse_retry_after};
use status_feed::{Timestamp, WebUrl};

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes the buffer `len` bytes long and returns where it starts, for JavaScript to write.
#[unsafe(no_mangle)]
pub extern "C" fn buffer(len: usize) -> *mut u8 {
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.resize(len, 0);
        buffer.as_mut_ptr()
    })
}

/// Where the buffer starts, for JavaScript to read an answer.
#[unsafe(no_mangle)]
pub extern "C" fn buffer_start() -> *const u8 {
    BUFFER.with_borrow(|buffer| buffer.as_ptr())
}

fn answer(text: String) -> f64 {
    let len = text.len();
    BUFFER.set(text.into_bytes());
    len as f64
}

/// The text JavaScript wrote (with `TextEncoder`, so always UTF-8).
fn input_text() -> String {
    BUFFER.with_borrow(|buffer| std::str::from_utf8(buffer).unwrap_or_default().to_owned())
}

fn optional(value: f64) -> Option<f64> {
    (!value.is_nan()).then_some(value)
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_millis() as f64
}

/// Reads the feed whose tape is in the buffer; answers with the badge's JSON, or -1 if the
/// full view would refuse the document, or -2 if this build has not the reader of its format.
/// `demo_now_ms` shifts the demo feed's times.
#[unsafe(no_mangle)]
pub extern "C" fn read_badge(demo_now_ms: f64) -> f64 {
    let demo_now = optional(demo_now_ms).map(|ms| Timestamp::from_unix_millis(ms as i64));
    match BUFFER.with_borrow(|tape| crate::read(tape, demo_now)) {
        Ok(feed) => answer(crate::badge_json(&feed)),
        Err(crate::Unread::Refused) => -1.0,
        Err(crate::Unread::FormatUnavailable) => -2.0,
    }
}

/// Answers with the badge texts for the language preferences in the buffer, one per line.
#[unsafe(no_mangle)]
pub extern "C" fn badge_texts() -> f64 {
    answer(crate::badge_texts(&input_text()))
}

/// Answers with `[count, unit]` for saying when `then_ms` is, seen from `now_ms`.
#[unsafe(no_mangle)]
pub extern "C" fn relative_time(then_ms: f64, now_ms: f64) -> f64 {
    answer(crate::relative_time(then_ms, now_ms))
}

/// Answers with stage one's stylesheet.
#[unsafe(no_mangle)]
pub extern "C" fn stylesheet() -> f64 {
    answer(crate::STYLESHEET.to_owned())
}

/// Milliseconds between polls for a feed suggesting `feed_seconds`, or an embedder's
/// override; either may be NaN.
#[unsafe(no_mangle)]
pub extern "C" fn poll_interval_ms(feed_seconds: f64, override_seconds: f64) -> f64 {
    let seconds = |value: f64| optional(value).map(|seconds| seconds as u32);
    milliseconds(
        RefreshPolicy::default().interval(seconds(feed_seconds), seconds(override_seconds)),
    )
}

/// Milliseconds until the next fetch after a success (`ok` = 1) or the `failures`th failure
/// in a row; `retry_after_ms` may be NaN, `random` is in [0, 1) for the jitter.
#[unsafe(no_mangle)]
pub extern "C" fn next_delay_ms(
    ok: u32,
    failures: u32,
    interval_ms: f64,
    retry_after_ms: f64,
    random: f64,
) -> f64 {
    let retry_after = optional(retry_after_ms).map(|ms| Duration::from_millis(ms as u64));
    let interval = Duration::from_millis(interval_ms as u64);
    let outcome = if ok == 1 {
        FetchOutcome::Success
    } else {
        FetchOutcome::Failure { retry_after }
    };
    milliseconds(RefreshPolicy::default().next_delay(outcome, failures, interval, random))
}

/// The Retry-After header in the buffer as milliseconds from `now_ms`; NaN if unreadable.
#[unsafe(no_mangle)]
pub extern "C" fn retry_after_ms(now_ms: f64) -> f64 {
    let now = Timestamp::from_unix_millis(now_ms as i64);
    parse_retry_after(&input_text(), now).map_or(f64::NAN, milliseconds)
}

/// Answers with the web address in the buffer as a link may use it (http or https, as
/// `WebUrl` accepts it, which the full view applies to `href` too), or -1 if it is not one.
#[unsafe(no_mangle)]
pub extern "C" fn web_href() -> f64 {
    let text = input_text();
    WebUrl::check(&text).map_or(-1.0, |href| answer(href.to_owned()))
}

/// How long a request may take before it is abandoned.
#[unsafe(no_mangle)]
pub extern "C" fn timeout_ms() -> f64 {
    milliseconds(RefreshPolicy::default().timeout)
}

/// The largest feed document read, in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn max_document_bytes() -> f64 {
    status_feed::Limits::default().max_document_bytes as f64
}
