//! One live feed per URL, shared by every widget on the page that shows it: N widgets on one
//! feed make one request per refresh. The first subscriber starts the poller; when the last
//! one goes, the poller stops and its request in flight is aborted.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use crate::feed_loader::FeedSource;
use crate::live_feed::{self, LiveFeed};

struct Shared {
    /// Owns the poller and its signals, apart from any one widget's view.
    owner: Owner,
    live: LiveFeed,
    subscribers: usize,
}

thread_local! {
    static FEEDS: RefCell<HashMap<FeedSource, Shared>> = RefCell::new(HashMap::new());
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
    source: FeedSource,
    pub live: LiveFeed,
}

/// Subscribes to `source`. The refresh interval override of the first subscriber applies to
/// everyone on that feed, since they share its requests.
pub fn subscribe(source: FeedSource, refresh_override: Option<u32>) -> Subscription {
    let live = FEEDS.with_borrow_mut(|feeds| {
        let shared = feeds.entry(source.clone()).or_insert_with(|| {
            let owner = ROOT.with(|root| root.with(Owner::new));
            let live = owner.with(|| live_feed::follow(source.clone(), refresh_override));
            Shared {
                owner,
                live,
                subscribers: 0,
            }
        });
        shared.subscribers += 1;
        shared.live
    });
    Subscription { source, live }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let finished = FEEDS.with_borrow_mut(|feeds| {
            let shared = feeds.get_mut(&self.source)?;
            shared.subscribers -= 1;
            if shared.subscribers == 0 {
                feeds.remove(&self.source)
            } else {
                None
            }
        });
        // Cleaned up outside the borrow: cleanup may drop signals whose effects look here.
        if let Some(shared) = finished {
            shared.owner.cleanup();
        }
    }
}
