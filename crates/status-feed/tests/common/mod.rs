#![allow(dead_code)] // each test binary uses its own subset of these helpers

use serde_json::{Value, json};
use status_feed::{
    Component, Feed, FeedError, Json, MaintenanceStatus, Parsed, SourceFormat, Status, Timestamp,
    parse_feed,
};

pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
}

/// A fixture as JSON, for `read_document` and `read_documents`. The text lives as long as
/// the test process, which is what a parsed document borrowing it needs here.
pub fn document(path: &str) -> Json<'static> {
    Json::parse(fixture(path).leak()).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A value built with `json!`, as the readers take it.
pub fn readable(value: &Value) -> Json<'static> {
    Json::parse(serde_json::to_vec(value).unwrap().leak()).unwrap()
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

/// Each group as (id, name).
pub fn groups_of(feed: &Feed) -> Vec<(&str, &str)> {
    feed.groups
        .iter()
        .map(|group| (group.id.as_str(), group.name.as_str()))
        .collect()
}

/// Each maintenance window as (id, status, start, end).
pub fn windows_of(feed: &Feed) -> Vec<(&str, MaintenanceStatus, Timestamp, Timestamp)> {
    feed.maintenances
        .iter()
        .map(|window| {
            let id = window.id.as_str();
            (id, window.status, window.starts_at, window.ends_at)
        })
        .collect()
}

/// Each day of a component's history as (date, status, downtime minutes).
pub fn history_of(component: &Component) -> Vec<(String, Status, Option<u32>)> {
    component
        .history
        .iter()
        .map(|day| (day.date.to_string(), day.status, day.downtime_minutes))
        .collect()
}

/// Asserts the companion address `format` derives from each source address.
pub fn assert_companion_urls(format: SourceFormat, cases: &[(&str, Option<&str>)]) {
    for (source, companion) in cases {
        assert_eq!(
            format.companion_url(source).as_deref(),
            *companion,
            "{source}"
        );
    }
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
