use leptos::prelude::*;
use status_feed::Timestamp;

use super::StatusBadge;
use crate::live_feed::LiveFeed;
use crate::messages::texts;
use crate::storage::local_storage;

/// How many dismissed notices are remembered per feed; older ones are long over.
const REMEMBERED: usize = 50;

/// A small corner notice shown only while an incident or maintenance is under way. Each
/// notice can be dismissed; the dismissal is remembered (per feed, in localStorage) so the same
/// incident does not come back on the next page, while a new one does.
#[component]
pub fn Toast(live: LiveFeed, feed_url: String, now: ReadSignal<Timestamp>) -> impl IntoView {
    let key = format!("status-widget/toast-dismissed/v1/{feed_url}");
    let (dismissed, set_dismissed) = signal(load(&key));
    move || {
        let feed = live.feed.get()?;
        // Maintenance windows begin and end with no change to the feed: follow the clock too.
        let now = now.get();
        let notice = dismissed.with(|gone| {
            feed.notices()
                .into_iter()
                .find(|notice| notice.is_under_way(now) && !gone.contains(&notice.key))
        })?;
        let (id, title) = (notice.key, notice.title.to_owned());
        let link = feed.service.status_page_url.as_ref().and_then(|u| u.href()).map(|href| {
            view! { <a class="sw-toast__link" href=href.to_owned() rel="noopener noreferrer">{texts().badge.details}</a> }
        });
        let key = key.clone();
        let dismiss = move |_| {
            set_dismissed.update(|gone| {
                gone.push(id.clone());
                let excess = gone.len().saturating_sub(REMEMBERED);
                gone.drain(..excess);
                save(&key, gone);
            });
        };
        Some(view! {
            <aside class="sw-toast" aria-label=texts().badge.service_notice>
                <div class="sw-toast__body">
                    <StatusBadge status=feed.overall_status() />
                    <p class="sw-toast__title">{title}</p>
                    {link}
                </div>
                <button type="button" class="sw-toast__close" aria-label=texts().badge.dismiss_notice on:click=dismiss>
                    "×"
                </button>
            </aside>
        })
    }
}

fn load(key: &str) -> Vec<String> {
    local_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn save(key: &str, ids: &[String]) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, &ids.join("\n"));
    }
}
