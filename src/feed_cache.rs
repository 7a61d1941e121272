//! The last good copy of each feed, kept in localStorage so that a reload during an outage
//! shows the last known status at once (marked as saved, not live).
//!
//! One entry per feed URL, in a small line-based format: a version line, the save time, then
//! the feed's text as it was received. It is read back through the same
//! parser as a fresh download, so nothing unvalidated reaches the views. An entry that does not
//! parse is ignored and removed.

use status_feed::Timestamp;

use crate::storage::local_storage;

const KEY_PREFIX: &str = "status-widget/feed-cache/v1/";
const FORMAT_LINE: &str = "status-widget feed cache v1";
/// localStorage holds about 5 MB per site, shared with the host page; big feeds are not kept.
pub const MAX_CACHED_BYTES: usize = 512 * 1024;

/// A saved copy of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedFeed {
    pub saved_at: Timestamp,
    pub text: String,
}

impl CachedFeed {
    pub fn encode(&self) -> String {
        format!(
            "{FORMAT_LINE}\n{}\n{}",
            self.saved_at.unix_millis(),
            self.text
        )
    }

    pub fn decode(stored: &str) -> Option<CachedFeed> {
        let mut parts = stored.splitn(3, '\n');
        if parts.next()? != FORMAT_LINE {
            return None;
        }
        let saved_at = Timestamp::from_unix_millis(parts.next()?.parse().ok()?);
        let text = parts.next()?.to_owned();
        Some(CachedFeed { saved_at, text })
    }
}

fn key(url: &str) -> String {
    format!("{KEY_PREFIX}{url}")
}

pub fn load(url: &str) -> Option<CachedFeed> {
    let storage = local_storage()?;
    let stored = storage.get_item(&key(url)).ok().flatten()?;
    let decoded = CachedFeed::decode(&stored);
    if decoded.is_none() {
        forget(url);
    }
    decoded
}

/// Saves a copy unless it is too big; a full or failing storage is not an error worth
/// showing, the copy is simply not kept.
pub fn save(url: &str, entry: &CachedFeed) {
    if entry.text.len() > MAX_CACHED_BYTES {
        forget(url);
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&key(url), &entry.encode());
    }
}

pub fn forget(url: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&key(url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CachedFeed {
        CachedFeed {
            saved_at: Timestamp::from_unix_millis(1_795_765_380_000),
            text: "{\"version\": 1,\n \"service\": {\"name\": \"multi\\nline\"}}".into(),
        }
    }

    #[test]
    fn entries_round_trip_including_multi_line_text() {
        assert_eq!(CachedFeed::decode(&entry().encode()), Some(entry()));
    }

    #[test]
    fn other_versions_and_damaged_entries_are_ignored() {
        let encoded = entry().encode();
        assert_eq!(CachedFeed::decode(&encoded.replace("v1", "v2")), None);
        assert_eq!(
            CachedFeed::decode("status-widget feed cache v1\nnot-a-number\n{}"),
            None
        );
        assert_eq!(
            CachedFeed::decode("status-widget feed cache v1\n12"),
            None,
            "truncated"
        );
        assert_eq!(CachedFeed::decode(""), None);
    }
}
