//! Stage one of the embed: the domain rules that `badge` and `toast` widgets need, for the
//! hand-written `embed/stage-one.js` (the element, the shared feed hub and the drawing). The
//! rules live once, in the shared crates: which documents are accepted and what a badge shows,
//! when to fetch again, the words and the choice of language. Rich views are stage two, the
//! Leptos widget, loaded on demand.
//!
//! The wasm has no wasm-bindgen glue: a few numeric exports (`exports`), and one buffer for
//! text both ways. Stage two links the same exports, so that a page which loads it at once
//! (a rich view from the start, or the standalone page) takes the rules from it instead of
//! fetching this wasm as well. The feed arrives as the browser's `JSON.parse` result, written by
//! stage-one.js into a compact tape (`tape`); answers leave as JSON text (`json_out`).

mod exports;
mod json_out;
mod tape;

#[cfg(all(
    feature = "standalone",
    target_family = "wasm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use std::time::Duration;

use status_feed::{Feed, FeedError, ParseOptions, Timestamp, read_document};
use status_messages::{Locale, time_units};

use json_out::JsonOut;

/// Why `read` gives no feed.
#[derive(Debug, PartialEq)]
pub enum Unread {
    /// The full view would refuse the document too.
    Refused,
    /// A format whose reader this build leaves out (Statuspage, without the `statuspage`
    /// feature): the build with it must read the document.
    FormatUnavailable,
}

/// Reads a feed from its tape, as the full view would read the same text: the reader and
/// validation of `status-feed`. `demo_now` shifts the demo feed's times to the present.
pub fn read(tape: &[u8], demo_now: Option<Timestamp>) -> Result<Feed, Unread> {
    let document = tape::decode(tape).ok_or(Unread::Refused)?;
    let feed = match read_document(&document, &ParseOptions::default()) {
        Ok(parsed) => parsed.feed,
        Err(FeedError::FormatUnavailable { .. }) => return Err(Unread::FormatUnavailable),
        Err(_) => return Err(Unread::Refused),
    };
    Ok(match demo_now {
        Some(now) => feed.rebased_to(now),
        None => feed,
    })
}

/// What badges and toasts show of a feed, as JSON:
/// `{name, status, href, refresh, reports, notices: [{key, title, from?, until?}]}`.
fn badge_json(feed: &Feed) -> String {
    let mut out = JsonOut::object();
    out.key("name").string(&feed.service.name);
    out.key("status").string(feed.overall_status().as_str());
    let href = feed
        .service
        .status_page_url
        .as_ref()
        .and_then(|url| url.href());
    out.key("href").optional_string(href);
    out.key("refresh")
        .optional_integer(feed.refresh_seconds.map(i64::from));
    out.key("reports").boolean(feed.takes_reports());
    out.key("notices").open_array();
    for notice in feed.notices() {
        out.item().open_object();
        out.key("key").string(&notice.key);
        out.key("title").string(notice.title);
        if let Some((from, until)) = notice.window {
            out.key("from").integer(from.unix_millis());
            out.key("until").integer(until.unix_millis());
        }
        out.close_object();
    }
    out.close_array();
    out.finish()
}

/// What badges and toasts say, as JSON `{tag, <message>: words}`, in the first language of
/// `preferences` (BCP 47 tags, one per line, most wanted first) that the widget speaks. A
/// status's words are under `status_<its name>`.
fn badge_texts(preferences: &str) -> String {
    let locale = Locale::choose(preferences.lines());
    let mut out = JsonOut::object();
    out.key("tag").string(&locale.tag);
    let mut json = out.finish();
    json.pop();
    json.push_str(locale.language.badge_json_fields());
    json
}

/// `[count, unit]` for `Intl.RelativeTimeFormat`, saying when `then_ms` is from `now_ms`, rounded
/// as the full view rounds.
fn relative_time(then_ms: f64, now_ms: f64) -> String {
    let since_epoch = |ms: f64| Duration::from_millis(ms.max(0.0) as u64);
    let (count, unit) = time_units::relative_time(since_epoch(then_ms), since_epoch(now_ms));
    let mut out = JsonOut::array();
    out.item().integer(count);
    out.item().string(unit.as_str());
    out.finish()
}

/// Stage one's stylesheet (theme, badge, toast), compacted by `build.rs`.
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/stage-one.css"));
