//! The standalone page: the feed named by `?feed=` (or the built-in demo), followed live and
//! rendered in full. `?refresh=SECONDS` overrides the feed's suggested refresh interval.

use leptos::prelude::*;

use crate::clock::ticking_now;
use crate::components::{ErrorState, FreshnessNotice, LoadingState, StatusPage};
use crate::feed_loader::{FeedSource, query_parameter};
use crate::live_feed;

#[component]
pub fn StandalonePage() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let source = FeedSource::from_query(&search);
    let refresh_override = query_parameter(&search, "refresh").and_then(|value| value.parse().ok());
    view! { <FeedView source refresh_override /> }
}

/// Follows one feed and shows it, or shows why it cannot.
#[component]
pub fn FeedView(source: FeedSource, refresh_override: Option<u32>) -> impl IntoView {
    let now = ticking_now();
    let demo = source == FeedSource::Demo;
    let feed_url = source.url().to_owned();
    let live = live_feed::follow(source, refresh_override);
    let has_data = Signal::derive(move || live.feed.with(Option::is_some));
    view! {
        <main class="sw-root">
            <FreshnessNotice health=live.health now has_data />
            {move || live.feed.get().map(|feed| view! { <StatusPage feed now demo /> })}
            {move || {
                if has_data.get() {
                    return None;
                }
                Some(match live.health.with(|health| health.problem.clone()) {
                    Some(error) => view! { <ErrorState error feed_url=feed_url.clone() /> }.into_any(),
                    None => view! { <LoadingState /> }.into_any(),
                })
            }}
        </main>
    }
}
