//! Per-component uptime and day-by-day history in native feeds.

mod common;

use common::{assert_invalid, minimal, parse_ok};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use status_feed::{CalendarDate, DayRecord, Status};

fn with_component(component: Value) -> Value {
    let mut feed = minimal();
    feed["components"] = json!([component]);
    feed
}

fn day(date: &str, status: Status, downtime_minutes: Option<u32>) -> DayRecord {
    DayRecord {
        date: CalendarDate::parse(date).unwrap(),
        status,
        downtime_minutes,
    }
}

#[test]
fn history_and_uptime_are_read_and_written_back() {
    let feed = with_component(json!({
        "id": "api", "name": "API", "status": "operational",
        "uptime_percent": 99.95,
        "history": [
            {"date": "2026-11-25", "status": "operational", "downtime_minutes": 0},
            {"date": "2026-11-26", "status": "degraded", "downtime_minutes": 12},
            {"date": "2026-11-27", "status": "new_status_from_the_future", "extra": true}
        ]
    }));
    let parsed = parse_ok(&feed);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let component = &parsed.feed.components[0];
    assert_eq!(component.uptime_percent, Some(99.95));
    assert_eq!(
        component.history,
        [
            day("2026-11-25", Status::Operational, Some(0)),
            day("2026-11-26", Status::Degraded, Some(12)),
            day("2026-11-27", Status::Unknown, None),
        ]
    );
    let written = serde_json::to_value(&parsed.feed).unwrap();
    assert_eq!(
        written["components"][0]["history"][1],
        json!({"date": "2026-11-26", "status": "degraded", "downtime_minutes": 12})
    );
    assert_eq!(written["components"][0]["uptime_percent"], json!(99.95));
    assert_eq!(
        parse_ok(&written).feed,
        parsed.feed,
        "written feeds read back alike"
    );
}

#[test]
fn components_without_history_write_no_history() {
    let parsed = parse_ok(&with_component(
        json!({"id": "api", "name": "API", "status": "operational"}),
    ));
    let written = serde_json::to_value(&parsed.feed).unwrap();
    let component = written["components"][0].as_object().unwrap();
    assert!(!component.contains_key("history"));
    assert!(!component.contains_key("uptime_percent"));
}

#[test]
fn history_is_sorted_and_duplicate_days_keep_the_worst() {
    let feed = with_component(json!({
        "id": "api", "name": "API", "status": "operational",
        "history": [
            {"date": "2026-11-27", "status": "operational"},
            {"date": "2026-11-25", "status": "degraded", "downtime_minutes": 5},
            {"date": "2026-11-25", "status": "major_outage", "downtime_minutes": 300},
            {"date": "2026-11-25", "status": "operational"},
            {"date": "2026-11-26", "status": "operational"}
        ]
    }));
    let parsed = parse_ok(&feed);
    assert_eq!(
        parsed.feed.components[0].history,
        [
            day("2026-11-25", Status::MajorOutage, Some(300)),
            day("2026-11-26", Status::Operational, None),
            day("2026-11-27", Status::Operational, None),
        ]
    );
    let messages: Vec<_> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "components[0].history: 2026-11-25 is listed more than once; the worst status is kept",
            "components[0].history: 2026-11-25 is listed more than once; the worst status is kept",
        ]
    );
}

#[test]
fn impossible_figures_are_dropped_with_warnings() {
    for percent in [-0.5, 100.01, 250.0] {
        let parsed = parse_ok(&with_component(json!({
            "id": "api", "name": "API", "status": "operational", "uptime_percent": percent
        })));
        assert_eq!(parsed.feed.components[0].uptime_percent, None, "{percent}");
        assert_eq!(parsed.warnings[0].path, "components[0].uptime_percent");
    }
    for percent in [0.0, 100.0] {
        let parsed = parse_ok(&with_component(json!({
            "id": "api", "name": "API", "status": "operational", "uptime_percent": percent
        })));
        assert_eq!(parsed.feed.components[0].uptime_percent, Some(percent));
    }
    let parsed = parse_ok(&with_component(json!({
        "id": "api", "name": "API", "status": "operational",
        "history": [
            {"date": "2026-11-26", "status": "major_outage", "downtime_minutes": 1441},
            {"date": "2026-11-27", "status": "major_outage", "downtime_minutes": 1440}
        ]
    })));
    let history = &parsed.feed.components[0].history;
    assert_eq!(history[0].downtime_minutes, None);
    assert_eq!(history[1].downtime_minutes, Some(1440));
    assert_eq!(
        parsed.warnings[0].to_string(),
        "components[0].history[0].downtime_minutes: is more than the 1440 minutes of a day; it is dropped"
    );
}

#[test]
fn malformed_history_names_the_field() {
    let entry = |record: Value| {
        with_component(json!({
            "id": "api", "name": "API", "status": "operational", "history": [record]
        }))
    };
    assert_invalid(
        &entry(json!({"date": "2026-11-26T00:00:00Z", "status": "operational"})),
        "components[0].history[0].date",
        "expected a date such as 2026-11-26",
    );
    assert_invalid(
        &entry(json!({"date": "2026-02-30", "status": "operational"})),
        "components[0].history[0].date",
        "\"2026-02-30\"",
    );
    assert_invalid(
        &entry(json!({"date": "2026-11-26"})),
        "components[0].history[0].status",
        "is required",
    );
    assert_invalid(
        &entry(json!({"date": "2026-11-26", "status": "operational", "downtime_minutes": -3})),
        "components[0].history[0].downtime_minutes",
        "whole number",
    );
    assert_invalid(
        &with_component(json!({
            "id": "api", "name": "API", "status": "operational", "uptime_percent": "99.9%"
        })),
        "components[0].uptime_percent",
        "expected a number",
    );
}

#[test]
fn history_longer_than_a_year_is_refused() {
    let start = CalendarDate::parse("2025-01-01")
        .unwrap()
        .days_since_unix_epoch();
    let days = |count: i64| -> Vec<Value> {
        (start..start + count)
            .map(|days| {
                let date = CalendarDate::from_days_since_unix_epoch(days).to_string();
                json!({"date": date, "status": "operational"})
            })
            .collect()
    };
    let year = with_component(json!({
        "id": "api", "name": "API", "status": "operational", "history": days(366)
    }));
    assert_eq!(parse_ok(&year).feed.components[0].history.len(), 366);
    assert_invalid(
        &with_component(json!({
            "id": "api", "name": "API", "status": "operational", "history": days(367)
        })),
        "components[0].history",
        "has 367 entries, more than the limit of 366",
    );
}
