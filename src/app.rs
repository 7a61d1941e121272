//! The standalone status page: the feed named by `?feed=` (or the built-in demo), loaded once
//! and rendered in full.

use std::sync::Arc;

use leptos::prelude::*;

use crate::clock::ticking_now;
use crate::components::{ErrorState, LoadingState, StatusPage};
use crate::feed_loader::{FeedSource, load_feed};

#[component]
pub fn StandalonePage() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let source = FeedSource::from_query(&search);
    view! { <FeedView source /> }
}

/// Loads one feed and shows it, or shows why it cannot.
#[component]
pub fn FeedView(source: FeedSource) -> impl IntoView {
    let now = ticking_now();
    let demo = source == FeedSource::Demo;
    let feed_url = source.url().to_owned();
    let loaded = LocalResource::new(move || {
        let source = source.clone();
        async move { load_feed(&source).await.map(|parsed| Arc::new(parsed.feed)) }
    });
    view! {
        <main class="sw-root">
            {move || match loaded.get() {
                None => view! { <LoadingState /> }.into_any(),
                Some(Err(error)) => view! { <ErrorState error feed_url=feed_url.clone() /> }.into_any(),
                Some(Ok(feed)) => view! { <StatusPage feed now demo /> }.into_any(),
            }}
        </main>
    }
}
