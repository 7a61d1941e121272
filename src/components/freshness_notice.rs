use leptos::prelude::*;
use status_feed::Timestamp;

use crate::clock;
use crate::feed_loader::LoadError;
use crate::intl;
use crate::live_feed::Health;
use crate::messages::{Messages, fill, texts};

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
fn reason(error: &LoadError, t: &Messages) -> String {
    match error {
        LoadError::Network(_) => t.reason_network.to_owned(),
        LoadError::Timeout => t.reason_timeout.to_owned(),
        LoadError::Http { status, .. } => fill(t.reason_http, &[&status.to_string()]),
        LoadError::Invalid(_) => t.reason_invalid.to_owned(),
    }
}

fn notice(health: &Health, has_data: bool, now: Timestamp) -> Option<String> {
    let age = health.confirmed_at.map(|at| intl::relative_to_now(at, now));
    let t = texts();
    let next_try = health
        .next_try
        .map(|at| fill(t.next_try, &[&intl::relative_to_now(at.max(now), now)]));
    match (&health.problem, has_data, age) {
        (Some(error), true, Some(age)) => {
            let mut text = fill(t.showing_old_data, &[&age, &reason(error, t)]);
            if let Some(next_try) = next_try {
                text.push(' ');
                text.push_str(&next_try);
            }
            Some(text)
        }
        (Some(_), false, _) => next_try,
        (None, true, Some(age)) if health.from_saved_copy => {
            Some(fill(t.showing_saved_data, &[&age]))
        }
        _ => None,
    }
}
