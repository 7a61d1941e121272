//! A feed as the views see it: the last good data and its health, as signals. Stage one
//! (`embed/stage-one.js`) keeps the feed live; `Mirror` copies its snapshots into the signals
//! and never lets a refused document or a failure replace good data.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, FeedError, Timestamp, parse_feed};

use crate::clock;
use crate::feed_loader::Health;
use crate::stage_one::Snapshot;

/// A feed being followed: the last good data and its health, as signals for the views.
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// Set only when the content changes, so views re-render only then.
    pub feed: ReadSignal<Option<Arc<Feed>>>,
    pub health: ReadSignal<Health>,
}

/// Keeps a `LiveFeed` in step with stage one's snapshots of one feed.
pub struct Mirror {
    set_feed: WriteSignal<Option<Arc<Feed>>>,
    set_health: WriteSignal<Health>,
    /// The demo's times are shifted once, so refreshes of the unchanged file stay unchanged.
    demo_now: Option<Timestamp>,
    /// The version of stage one's text last read (0: none yet).
    version: Cell<f64>,
    /// The feed in the text stage one had this bundle read last (see `read_ahead`): it is the
    /// text of stage one's next version.
    read_ahead: RefCell<Option<Feed>>,
}

impl Mirror {
    pub fn new(demo: bool) -> (Mirror, LiveFeed) {
        let (feed, set_feed) = signal(None::<Arc<Feed>>);
        let (health, set_health) = signal(Health::default());
        let mirror = Mirror {
            set_feed,
            set_health,
            demo_now: demo.then(clock::now),
            version: Cell::new(0.0),
            read_ahead: RefCell::new(None),
        };
        (mirror, LiveFeed { feed, health })
    }

    /// Reads `text` for stage one, which shows nothing of this feed itself and so leaves the
    /// reading to this bundle; the feed is kept for the snapshot that will hold the text.
    /// Returns the feed's suggested refresh interval, or why the text is refused.
    pub fn read_ahead(&self, text: &str) -> Result<Option<u32>, FeedError> {
        let feed = parse_feed(text.as_bytes())?.feed;
        let refresh = feed.refresh_seconds;
        *self.read_ahead.borrow_mut() = Some(feed);
        Ok(refresh)
    }

    pub fn update(&self, snapshot: &Snapshot) {
        let version = snapshot.version();
        if version != self.version.get() {
            self.version.set(version);
            let read = self.read_ahead.take().or_else(|| {
                // Stage one read the same text with the same reader, so this succeeds.
                let text = snapshot.text()?;
                parse_feed(text.as_bytes()).ok().map(|parsed| parsed.feed)
            });
            if let Some(feed) = read {
                self.show(feed);
            }
        }
        let health = snapshot.to_health();
        self.set_health.maybe_update(|shown| {
            let changed = *shown != health;
            if changed {
                *shown = health;
            }
            changed
        });
    }

    /// Shows a newly read feed, unless it is the same as what is on screen: the same feed in
    /// other bytes (keys reordered, spacing) changes nothing.
    fn show(&self, feed: Feed) {
        let feed = match self.demo_now {
            Some(now) => feed.rebased_to(now),
            None => feed,
        };
        self.set_feed.maybe_update(|shown| {
            let changed = shown.as_deref() != Some(&feed);
            if changed {
                *shown = Some(Arc::new(feed));
            }
            changed
        });
    }
}
