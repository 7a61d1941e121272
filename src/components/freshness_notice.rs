use leptos::prelude::*;
use status_feed::Timestamp;

use crate::clock;
use crate::feed_loader::LoadError;
use crate::intl;
use crate::live_feed::Health;

/// Says how old the data on screen is when it is not live: a saved copy, or data kept while
/// the feed fails. An always-present live region, so screen readers hear each change.
#[component]
pub fn FreshnessNotice(
    health: ReadSignal<Health>,
    now: ReadSignal<Timestamp>,
    has_data: Signal<bool>,
) -> impl IntoView {
    // Re-read on every tick, but measured against the current time: the tick may be up to
    // 15 s old when the health changes, and "next try in 20 seconds" must be exact.
    let text = move || {
        now.track();
        health.with(|health| notice(health, has_data.get(), clock::now()))
    };
    view! {
        <p class="sw-freshness" role="status" aria-live="polite" class:sw-freshness--shown=move || text().is_some()>
            {text}
        </p>
    }
}

/// Why the latest fetch failed, as the end of a sentence.
fn reason(error: &LoadError) -> String {
    match error {
        LoadError::Network(_) => "the status feed cannot be reached".to_owned(),
        LoadError::Timeout => "the status feed is not responding".to_owned(),
        LoadError::Http { status, .. } => {
            format!("the status feed answered with an error (HTTP {status})")
        }
        LoadError::Invalid(_) => "the status feed sent data that could not be read".to_owned(),
    }
}

fn notice(health: &Health, has_data: bool, now: Timestamp) -> Option<String> {
    let age = health.confirmed_at.map(|at| intl::relative_to_now(at, now));
    let next_try = health
        .next_try
        .map(|at| format!(" Next try {}.", intl::relative_to_now(at.max(now), now)))
        .unwrap_or_default();
    match (&health.problem, has_data, age) {
        (Some(error), true, Some(age)) => Some(format!(
            "Showing data from {age}; {}.{next_try}",
            reason(error)
        )),
        (Some(_), false, _) => (!next_try.is_empty()).then(|| next_try.trim_start().to_owned()),
        (None, true, Some(age)) if health.from_saved_copy => Some(format!(
            "Showing saved data from {age} while the status feed loads."
        )),
        _ => None,
    }
}
