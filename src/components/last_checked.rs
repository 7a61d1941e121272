use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use crate::feed_part::part_of;
use crate::intl;
use crate::messages::texts;

/// "Last checked 21 minutes ago", kept current by the `now` signal, with the exact time in the
/// visitor's time zone as a tooltip and for assistive technology.
#[component]
pub fn LastChecked(checked_at: Option<Timestamp>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let Some(checked_at) = checked_at else {
        return view! { <p class="sw-checked">{texts().check_time_unknown}</p> }.into_any();
    };
    let exact = intl::absolute(checked_at);
    view! {
        <p class="sw-checked">
            {texts().last_checked}
            <time datetime=intl::iso(checked_at) title=exact.clone() tabindex="0">
                // A publisher's clock a little ahead of the visitor's must not read "in 30 seconds".
                {move || {
                    let now = now.get();
                    intl::relative_to_now(checked_at.min(now), now)
                }}
            </time>
            <span class="sw-visually-hidden">{format!(" ({exact})")}</span>
        </p>
    }
    .into_any()
}

/// "Last checked" for a live feed, rendered again only when the check time changes.
#[component]
pub fn FeedLastChecked(feed: Signal<Arc<Feed>>, now: ReadSignal<Timestamp>) -> impl IntoView {
    part_of(
        feed,
        |a, b| a.checked_at == b.checked_at,
        move |feed| view! { <LastChecked checked_at=feed.checked_at now /> }.into_any(),
    )
}
