use leptos::prelude::*;
use status_feed::Timestamp;

use crate::clock;
use crate::feed_loader::Health;
use crate::feed_loader::LoadError;
use crate::intl;
use crate::messages::{Messages, fill, texts};

/// Says how old the data on screen is when it is not live: a saved copy, or data kept while
/// the feed fails. What happened is an always-present live region, so screen readers hear
/// each change of state once; how old the data is and when the next try comes tick in a line
/// of their own, outside it, so that they are not announced again every few seconds.
#[component]
pub fn FreshnessNotice(
    health: ReadSignal<Health>,
    now: ReadSignal<Timestamp>,
    has_data: Signal<bool>,
) -> impl IntoView {
    let state = Memo::new(move |_| health.with(|health| state(health, has_data.get())));
    // Re-read on every tick, but measured against the current time: the tick may be up to
    // 15 s old when the health changes, and "next try in 20 seconds" must be exact.
    let detail = Memo::new(move |_| {
        now.track();
        health.with(|health| detail(health, has_data.get(), clock::now()))
    });
    let shown = move || state.with(Option::is_some) || detail.with(Option::is_some);
    view! {
        <div class="sw-freshness" class:sw-freshness--shown=shown>
            <p class="sw-freshness__state" role="status" aria-live="polite">{state}</p>
            <p class="sw-freshness__detail">{detail}</p>
        </div>
    }
}

/// Why the latest fetch failed, as the end of a sentence.
fn reason(error: &LoadError, t: &Messages) -> String {
    match error {
        LoadError::Network(_) => t.badge.reason_network.to_owned(),
        LoadError::Timeout => t.badge.reason_timeout.to_owned(),
        LoadError::Http { status, .. } => fill(t.badge.reason_http, &[&status.to_string()]),
        LoadError::Invalid(_) => t.badge.reason_invalid.to_owned(),
    }
}

/// What is shown instead of live data, and why; nothing while the data is live. Without data
/// at all, the error view says why.
fn state(health: &Health, has_data: bool) -> Option<String> {
    let t = texts();
    if !has_data || health.confirmed_at.is_none() {
        return None;
    }
    match &health.problem {
        Some(error) => Some(fill(t.badge.showing_old_data, &[&reason(error, t)])),
        None if health.from_saved_copy => Some(t.badge.showing_saved_data.to_owned()),
        None => None,
    }
}

/// How old the data shown is, and when the next try comes.
fn detail(health: &Health, has_data: bool, now: Timestamp) -> Option<String> {
    let t = texts();
    let age = health
        .confirmed_at
        .filter(|_| has_data && (health.problem.is_some() || health.from_saved_copy))
        .map(|at| fill(t.badge.data_from, &[&intl::relative_to_now(at, now)]));
    let next_try = health
        .next_try
        .filter(|_| health.problem.is_some())
        .map(|at| {
            fill(
                t.badge.next_try,
                &[&intl::relative_to_now(at.max(now), now)],
            )
        });
    match (age, next_try) {
        (Some(age), Some(next_try)) => Some(format!("{age} {next_try}")),
        (age, next_try) => age.or(next_try),
    }
}
