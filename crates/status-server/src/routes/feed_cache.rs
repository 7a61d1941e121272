//! Served feeds, kept for a moment. Building a feed queries the database and hashes the
//! body; widgets poll and mostly get `304 Not Modified`, which should not cost that much.
//! A stored report invalidates every entry at once, so reporters see their report counted
//! on the next poll; source changes (a file edit, a relay poll) show within `MAX_AGE`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::conditional::Tagged;

/// Long enough to absorb a burst of polls, short enough that nobody notices the delay.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// Increases whenever what feeds are built from changes; an entry built under an older
/// generation is never served.
pub type Generation = u64;

#[derive(Default)]
pub struct FeedCache {
    generation: AtomicU64,
    /// One entry per feed name (not per public address, which may follow the request's
    /// `Host`), so clients cannot grow the map by sending many hosts.
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    /// The address of this server the feed's links were built with.
    base: Option<String>,
    generation: Generation,
    built_at: Instant,
    feed: Tagged,
}

impl FeedCache {
    /// Read this before building a feed and pass it to `put`, so a report stored while the
    /// feed was being built makes that copy stale at once.
    pub fn generation(&self) -> Generation {
        self.generation.load(Ordering::Acquire)
    }

    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub fn get(&self, name: &str, base: &Option<String>, now: Instant) -> Option<Tagged> {
        let generation = self.generation();
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(name)?;
        let fresh = entry.generation == generation
            && now.saturating_duration_since(entry.built_at) < MAX_AGE
            && entry.base == *base;
        fresh.then(|| entry.feed.clone())
    }

    pub fn put(
        &self,
        name: &str,
        base: Option<String>,
        generation: Generation,
        built_at: Instant,
        feed: Tagged,
    ) {
        let entry = Entry {
            base,
            generation,
            built_at,
            feed,
        };
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name.to_owned(), entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::conditional::Caching;

    fn url(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    fn empty_feed() -> Tagged {
        Tagged::new(b"{}".to_vec(), Caching::Revalidate)
    }

    #[test]
    fn entries_last_a_second_for_the_same_address() {
        let cache = FeedCache::default();
        let start = Instant::now();
        let here = url("http://here.example");
        cache.put("a", here.clone(), cache.generation(), start, empty_feed());
        let later = |millis| start + Duration::from_millis(millis);
        assert!(cache.get("a", &here, later(999)).is_some());
        assert!(cache.get("a", &here, later(1000)).is_none());
        assert!(cache.get("b", &here, later(0)).is_none());
        let elsewhere = url("http://elsewhere.example");
        assert!(cache.get("a", &elsewhere, later(0)).is_none());
    }

    #[test]
    fn invalidation_drops_entries_even_those_built_during_it() {
        let cache = FeedCache::default();
        let now = Instant::now();
        let generation = cache.generation();
        cache.put("a", None, generation, now, empty_feed());
        cache.invalidate();
        assert!(cache.get("a", &None, now).is_none());
        // Built from data read before the invalidation, stored after it.
        cache.put("a", None, generation, now, empty_feed());
        assert!(cache.get("a", &None, now).is_none());
    }
}
