//! The current time as a signal, so "last checked N minutes ago" keeps itself true while the
//! page stays open.

use std::time::Duration;

use leptos::prelude::*;
use status_feed::Timestamp;

/// How often relative times are refreshed; finer than the minute they usually show.
const TICK: Duration = Duration::from_secs(15);

pub fn now() -> Timestamp {
    // Date.now() is whole milliseconds, well inside i64.
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

/// A signal holding the current time, updated every few seconds until its owner is dropped.
pub fn ticking_now() -> ReadSignal<Timestamp> {
    let (time, set_time) = signal(now());
    if let Ok(handle) = set_interval_with_handle(move || set_time.set(now()), TICK) {
        on_cleanup(move || handle.clear());
    }
    time
}
