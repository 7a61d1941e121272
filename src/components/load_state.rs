use leptos::prelude::*;

use crate::feed_loader::LoadError;

/// Shown while the first copy of the feed is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! {
        <div class="sw-state sw-state--loading" role="status" aria-live="polite">
            <span class="sw-spinner" aria-hidden="true"></span>
            "Loading status…"
        </div>
    }
}

/// Shown when no feed could be shown at all, saying why in plain words.
#[component]
pub fn ErrorState(error: LoadError, feed_url: String) -> impl IntoView {
    let detail = error.detail().map(str::to_owned);
    view! {
        <div class="sw-state sw-state--error" role="alert">
            <p class="sw-state__title">"Status unavailable"</p>
            <p class="sw-state__message">{error.to_string()}</p>
            <p class="sw-state__detail">"Feed: " <code>{feed_url}</code> {detail.map(|d| format!(" ({d})"))}</p>
        </div>
    }
}
