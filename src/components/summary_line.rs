use std::sync::Arc;

use leptos::prelude::*;
use status_feed::Feed;

use crate::feed_part::part_of;

/// The feed's one-line summary, when it has one, in a paragraph of `class`; rendered again
/// only when the summary changes.
#[component]
pub fn SummaryLine(feed: Signal<Arc<Feed>>, class: &'static str) -> impl IntoView {
    part_of(
        feed,
        |a, b| a.summary == b.summary,
        move |feed| {
            feed.summary
                .clone()
                .map(|summary| view! { <p class=class>{summary}</p> })
                .into_any()
        },
    )
}
