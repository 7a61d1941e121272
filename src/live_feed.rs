//! A feed as the views see it: the last good data and its health, as signals. Stage one
//! (`embed/stage-one.js`) keeps the feed live; `Mirror` copies its snapshots into the signals
//! and never lets a refused document or a failure replace good data.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp, parse_feed};

use crate::clock;
use crate::feed_loader::LoadError;
use crate::stage_one::Snapshot;

/// How fresh the data on screen is, and what went wrong since it was last confirmed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// When the feed server last confirmed the data shown (for a saved copy: when it was saved).
    pub confirmed_at: Option<Timestamp>,
    /// The data shown is the copy saved on an earlier visit, not yet confirmed on this one.
    pub from_saved_copy: bool,
    /// Why the latest fetch failed; cleared by the next success.
    pub problem: Option<LoadError>,
    /// When the next fetch is planned, after a failure.
    pub next_try: Option<Timestamp>,
}

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
    /// The text last read, to recognise an unchanged one without parsing it.
    text: RefCell<Option<String>>,
}

impl Mirror {
    pub fn new(demo: bool) -> (Mirror, LiveFeed) {
        let (feed, set_feed) = signal(None::<Arc<Feed>>);
        let (health, set_health) = signal(Health::default());
        let mirror = Mirror {
            set_feed,
            set_health,
            demo_now: demo.then(clock::now),
            text: RefCell::new(None),
        };
        (mirror, LiveFeed { feed, health })
    }

    pub fn update(&self, snapshot: &Snapshot) {
        if let Some(text) = snapshot.text()
            && self.text.borrow().as_ref() != Some(&text)
        {
            // Stage one read the same text with the same reader, so this succeeds.
            if let Ok(parsed) = parse_feed(text.as_bytes()) {
                self.show(parsed.feed);
            }
            *self.text.borrow_mut() = Some(text);
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
