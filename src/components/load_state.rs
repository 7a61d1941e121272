use leptos::prelude::*;

use crate::feed_loader::LoadError;
use crate::messages::{fill, texts};

/// Shown while the first copy of the feed is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! {
        <div class="sw-state sw-state--loading" role="status" aria-live="polite">
            <span class="sw-spinner" aria-hidden="true"></span>
            {texts().loading}
        </div>
    }
}

/// Shown when no feed could be shown at all, saying why in plain words.
#[component]
pub fn ErrorState(error: LoadError, feed_url: String) -> impl IntoView {
    let detail = error.detail().map(str::to_owned);
    let t = texts();
    let message = match &error {
        LoadError::Network(_) => t.error_network.to_owned(),
        LoadError::Timeout => t.error_timeout.to_owned(),
        LoadError::Http {
            status,
            status_text,
            ..
        } => fill(t.error_http, &[&format!("{status} {status_text}")]),
        LoadError::Invalid(problem) => fill(t.error_invalid, &[&problem.to_string()]),
    };
    view! {
        <div class="sw-state sw-state--error" role="alert">
            <p class="sw-state__title">{t.unavailable}</p>
            <p class="sw-state__message">{message}</p>
            <p class="sw-state__detail">{t.feed_label} <code>{feed_url}</code> {detail.map(|d| format!(" ({d})"))}</p>
        </div>
    }
}
