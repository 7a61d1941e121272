//! One live feed per URL, shared by every widget of this bundle that shows it. Stage one
//! fetches each feed once for the whole page, whichever stage draws it; this hub subscribes
//! while a view shows the feed and mirrors stage one's snapshots into signals.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use status_feed::{FeedError, parse_feed};

use crate::feed_loader::FeedSource;
use crate::live_feed::{LiveFeed, Mirror};
use crate::stage_one;

struct Shared {
    /// Owns the feed's signals, apart from any one widget's view.
    owner: Owner,
    live: LiveFeed,
    mirror: Mirror,
    subscribers: usize,
}

thread_local! {
    static FEEDS: RefCell<HashMap<String, Shared>> = RefCell::new(HashMap::new());
    /// Parent of every shared feed's owner. A new owner is a child of the current one, and the
    /// first widget to subscribe must not take the shared feed down with it when it goes; so
    /// this root is created by `prepare`, before any widget exists, and never cleaned up.
    static ROOT: Owner = Owner::new();
}

/// Creates the root owner of shared feeds; call once at start, outside any reactive owner.
pub fn prepare() {
    ROOT.with(|_| ());
}

/// A widget's hold on a shared feed; dropping it lets the feed go when nobody else shows it.
pub struct Subscription {
    url: String,
    pub live: LiveFeed,
}

/// Subscribes to `source`. The refresh interval override of the first subscriber applies to
/// everyone on that feed, since they share its requests.
pub fn subscribe(source: FeedSource, refresh_override: Option<u32>) -> Subscription {
    let url = source.url();
    let (live, created) = FEEDS.with_borrow_mut(|feeds| {
        let mut created = false;
        let shared = feeds.entry(url.clone()).or_insert_with(|| {
            created = true;
            let owner = ROOT.with(|root| root.with(Owner::new));
            let (mirror, live) = owner.with(|| Mirror::new(source == FeedSource::Demo));
            Shared {
                owner,
                live,
                mirror,
                subscribers: 0,
            }
        });
        shared.subscribers += 1;
        (shared.live, created)
    });
    if created {
        stage_one::subscribe(&url, refresh_override, source == FeedSource::Demo);
        feed_changed(&url);
    }
    Subscription { url, live }
}

/// Stage one has news of `url`: a new document, a confirmation or a failure.
pub fn feed_changed(url: &str) {
    let Some(snapshot) = stage_one::snapshot(url) else {
        return;
    };
    FEEDS.with_borrow(|feeds| {
        if let Some(shared) = feeds.get(url) {
            shared.mirror.update(&snapshot);
        }
    });
}

/// Reads a new text of `url` for stage one (see `Mirror::read_ahead`): the feed's suggested
/// refresh interval, or why the text is refused.
pub fn read_text(url: &str, text: &str) -> Result<Option<u32>, FeedError> {
    FEEDS.with_borrow(|feeds| match feeds.get(url) {
        Some(shared) => shared.mirror.read_ahead(text),
        None => parse_feed(text.as_bytes()).map(|parsed| parsed.feed.refresh_seconds),
    })
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let finished = FEEDS.with_borrow_mut(|feeds| {
            let shared = feeds.get_mut(&self.url)?;
            shared.subscribers -= 1;
            if shared.subscribers == 0 {
                feeds.remove(&self.url)
            } else {
                None
            }
        });
        // Cleaned up outside the borrow: cleanup may drop signals whose effects look here.
        if let Some(shared) = finished {
            stage_one::unsubscribe(&self.url);
            shared.owner.cleanup();
        }
    }
}
