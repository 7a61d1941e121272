#![allow(dead_code)] // each test binary uses its own subset of these helpers

use serde_json::{Value, json};
use status_feed::{FeedError, Parsed, parse_feed};

pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
}

/// The smallest valid native feed; tests add to it.
pub fn minimal() -> Value {
    json!({ "version": 1, "service": { "name": "Example" } })
}

pub fn parse_value(value: &Value) -> Result<Parsed, FeedError> {
    parse_feed(&serde_json::to_vec(value).unwrap())
}

pub fn parse_ok(value: &Value) -> Parsed {
    parse_value(value).unwrap_or_else(|error| panic!("expected a valid feed, got: {error}"))
}

/// Asserts the feed is rejected with an error at `path` whose reason contains `reason`.
pub fn assert_invalid(value: &Value, path: &str, reason: &str) {
    match parse_value(value) {
        Err(FeedError::Invalid {
            path: actual_path,
            reason: actual_reason,
        }) => {
            assert_eq!(actual_path, path, "reason was: {actual_reason}");
            assert!(
                actual_reason.contains(reason),
                "expected the reason to mention {reason:?}, got {actual_reason:?}"
            );
        }
        other => panic!("expected an Invalid error at {path}, got {other:?}"),
    }
}
