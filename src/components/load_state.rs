use leptos::prelude::*;

use crate::feed_loader::LoadError;
use crate::messages::{fill, texts};

/// Shown while the first copy of the feed is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! {
        <div class="sw-state sw-state--loading" role="status" aria-live="polite">
            <span class="sw-spinner" aria-hidden="true"></span>
            {texts().badge.loading}
        </div>
    }
}

/// Shown when no feed could be shown at all, saying why in plain words.
#[component]
pub fn ErrorState(error: LoadError, feed_url: String) -> impl IntoView {
    let detail = error.detail().map(str::to_owned);
    let t = texts();
    // What is wrong with an unreadable feed is told in the feed format's own terms, which are
    // English in every language (as in the `check` CLI), and marked so for screen readers.
    let (message, problem) = match &error {
        LoadError::Network(_) => (t.error_network.to_owned(), None),
        LoadError::Timeout => (t.error_timeout.to_owned(), None),
        LoadError::Http {
            status,
            status_text,
            ..
        } => (
            fill(t.error_http, &[&format!("{status} {status_text}")]),
            None,
        ),
        LoadError::Invalid(problem) => (t.error_invalid.to_owned(), Some(problem.to_string())),
    };
    view! {
        <div class="sw-state sw-state--error" role="alert">
            <p class="sw-state__title">{t.badge.unavailable}</p>
            <p class="sw-state__message">
                {message}
                {problem.map(|problem| view! { " " <span lang="en">{problem}</span> })}
            </p>
            <p class="sw-state__detail">{t.feed_label} <code>{feed_url}</code> {detail.map(|d| format!(" ({d})"))}</p>
        </div>
    }
}
