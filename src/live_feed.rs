//! Keeping a feed current while a widget is on screen. A status widget is looked at hardest
//! when things fail, often including the status host itself, so this module:
//! - polls on the feed's interval (bounded, with jitter) with conditional requests, so an
//!   unchanged feed costs a 304 and no parsing (see `feed_loader::fetch_feed`);
//! - pauses while the page is hidden, and catches up when it is shown or comes back online;
//! - after failures, backs off with full jitter and honours Retry-After (rules in
//!   `status_feed::refresh`);
//! - never lets a failure or an invalid document replace good data, and keeps the last good
//!   copy in localStorage so a reload during an outage still shows something, marked as saved.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use js_sys::{Function, Promise};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use status_feed::refresh::{FetchOutcome, RefreshPolicy};
use status_feed::{Feed, Timestamp, parse_feed};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, VisibilityState};

use crate::clock;
use crate::feed_cache::{self, CachedFeed};
use crate::feed_loader::{FeedSource, Fetched, LoadError, fetch_feed};

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

/// Starts following `source` for as long as the current reactive owner lives; dropping the
/// owner (e.g. removing the widget) stops the timers and aborts the request in flight.
pub fn follow(source: FeedSource, refresh_override: Option<u32>) -> LiveFeed {
    let (feed, set_feed) = signal(None::<Arc<Feed>>);
    let (health, set_health) = signal(Health::default());
    let poller = Rc::new(Poller {
        source,
        refresh_override,
        policy: RefreshPolicy::default(),
        // The demo's times are shifted once, so refreshes of the unchanged file stay unchanged.
        demo_now: clock::now(),
        set_feed,
        set_health,
        stopped: Cell::new(false),
        waiting_for_visibility: Cell::new(false),
        wake: RefCell::new(None),
        timer: Cell::new(None),
        in_flight: RefCell::new(None),
    });
    let listeners = Listeners::attach(&poller);
    leptos::task::spawn_local(poller.clone().run());
    let on_removal = SendWrapper::new((poller, listeners));
    on_cleanup(move || {
        let (poller, listeners) = on_removal.take();
        drop(listeners);
        poller.stop();
    });
    LiveFeed { feed, health }
}

struct Poller {
    source: FeedSource,
    refresh_override: Option<u32>,
    policy: RefreshPolicy,
    demo_now: Timestamp,
    set_feed: WriteSignal<Option<Arc<Feed>>>,
    set_health: WriteSignal<Health>,
    stopped: Cell<bool>,
    waiting_for_visibility: Cell<bool>,
    /// Resolves the pause between fetches early (visibility, online, removal).
    wake: RefCell<Option<Function>>,
    timer: Cell<Option<i32>>,
    in_flight: RefCell<Option<AbortController>>,
}

impl Poller {
    async fn run(self: Rc<Self>) {
        let url = self.source.url();
        // The last document read, to recognise an unchanged one without parsing it.
        let mut last_text: Option<String> = None;
        let mut interval = self.policy.interval(None, self.refresh_override);
        if let Some(saved) = feed_cache::load(&url) {
            match parse_feed(saved.text.as_bytes()) {
                Ok(parsed) => {
                    interval = self
                        .policy
                        .interval(parsed.feed.refresh_seconds, self.refresh_override);
                    last_text = Some(saved.text);
                    self.show(parsed.feed);
                    self.set_health.set(Health {
                        confirmed_at: Some(saved.saved_at),
                        from_saved_copy: true,
                        ..Health::default()
                    });
                }
                Err(_) => feed_cache::forget(&url),
            }
        }
        let mut failures = 0;
        while !self.stopped.get() {
            if page_is_hidden() {
                self.waiting_for_visibility.set(true);
                self.pause(None).await;
                self.waiting_for_visibility.set(false);
                continue;
            }
            let abort = AbortController::new().ok();
            *self.in_flight.borrow_mut() = abort.clone();
            let result = match &abort {
                Some(abort) => {
                    fetch_feed(&url, last_text.as_deref(), self.policy.timeout, abort).await
                }
                None => Err(LoadError::Network(
                    "this browser cannot cancel requests".to_owned(),
                )),
            };
            self.in_flight.borrow_mut().take();
            if self.stopped.get() {
                return;
            }
            let now = clock::now();
            let mut problem = None;
            let outcome = match result {
                Ok(Fetched::Fresh { text, parsed }) => {
                    interval = self
                        .policy
                        .interval(parsed.feed.refresh_seconds, self.refresh_override);
                    let saved = CachedFeed {
                        saved_at: now,
                        text,
                    };
                    feed_cache::save(&url, &saved);
                    last_text = Some(saved.text);
                    self.show(parsed.feed);
                    FetchOutcome::Success
                }
                Ok(Fetched::Unchanged) => {
                    // The saved copy is still current: record that it was confirmed now.
                    if let Some(mut saved) = feed_cache::load(&url) {
                        saved.saved_at = now;
                        feed_cache::save(&url, &saved);
                    }
                    FetchOutcome::Success
                }
                Err(error) => {
                    let retry_after = error.retry_after();
                    problem = Some(error);
                    FetchOutcome::Failure { retry_after }
                }
            };
            failures = match outcome {
                FetchOutcome::Success => 0,
                FetchOutcome::Failure { .. } => failures + 1,
            };
            let delay = self
                .policy
                .next_delay(outcome, failures, interval, js_sys::Math::random());
            // One update per fetch, so the live region announces one message, not two.
            match problem {
                None => self.set_health.set(Health {
                    confirmed_at: Some(now),
                    ..Health::default()
                }),
                Some(error) => self.set_health.update(|health| {
                    health.problem = Some(error);
                    health.next_try = Some(now.after(delay));
                }),
            }
            self.pause(Some(delay)).await;
        }
    }

    /// Shows a newly read feed, unless it is the same as what is on screen.
    fn show(&self, feed: Feed) {
        let feed = match self.source {
            FeedSource::Demo => feed.rebased_to(self.demo_now),
            FeedSource::Url(_) => feed,
        };
        // Views are told only of a real change: the same feed in other bytes (keys reordered,
        // spacing) changes nothing on screen.
        self.set_feed.maybe_update(|shown| {
            let changed = shown.as_deref() != Some(&feed);
            if changed {
                *shown = Some(Arc::new(feed));
            }
            changed
        });
    }

    /// Waits for `delay`, or until woken; `None` waits only for a wake-up.
    async fn pause(&self, delay: Option<Duration>) {
        let promise = Promise::new(&mut |resolve, _| {
            if let (Some(delay), Some(window)) = (delay, web_sys::window()) {
                let millis = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
                let handle =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
                self.timer.set(handle.ok());
            }
            *self.wake.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
        if let (Some(handle), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }

    fn wake(&self) {
        if let Some(resolve) = self.wake.borrow_mut().take() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        if let Some(abort) = self.in_flight.borrow_mut().take() {
            abort.abort();
        }
        self.wake();
    }
}

fn page_is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == VisibilityState::Hidden)
}

/// The page events that cut a pause short, removed again when the widget goes.
struct Listeners {
    on_visibility: Closure<dyn FnMut()>,
    on_online: Closure<dyn FnMut()>,
}

impl Listeners {
    fn attach(poller: &Rc<Poller>) -> Listeners {
        let visible_poller = poller.clone();
        let on_visibility = Closure::<dyn FnMut()>::new(move || {
            // A poll came due while hidden: catch up now. Otherwise the timer is still running.
            if visible_poller.waiting_for_visibility.get() && !page_is_hidden() {
                visible_poller.wake();
            }
        });
        let online_poller = poller.clone();
        let on_online = Closure::<dyn FnMut()>::new(move || online_poller.wake());
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback(
                    "visibilitychange",
                    on_visibility.as_ref().unchecked_ref(),
                );
            }
        }
        Listeners {
            on_visibility,
            on_online,
        }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "online",
                self.on_online.as_ref().unchecked_ref(),
            );
            if let Some(document) = window.document() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    self.on_visibility.as_ref().unchecked_ref(),
                );
            }
        }
    }
}
