//! Uptime Kuma's status page document with its heartbeat document as companion.
#![cfg(feature = "all-formats")]

mod common;

use common::{assert_companion_urls, at, document, groups_of, history_of, readable, windows_of};
use pretty_assertions::assert_eq;
use serde_json::json;
use status_feed::{
    Impact, IncidentStatus, MaintenanceStatus, ParseOptions, SourceFormat, Status, read_document,
    read_documents,
};

#[test]
fn monitors_take_status_uptime_and_history_from_heartbeats() {
    let parsed = read_documents(
        &document("uptime-kuma/status-page.json"),
        Some(&document("uptime-kuma/heartbeat.json")),
        &ParseOptions::default(),
    )
    .unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.format, SourceFormat::UptimeKuma);
    let feed = &parsed.feed;
    assert_eq!(feed.service.name, "Nimbus AI status");
    assert_eq!(
        feed.checked_at,
        Some(at("2026-11-27T08:01:00Z")),
        "the latest heartbeat with a known status"
    );
    assert_eq!(groups_of(feed), [("1", "API"), ("2", "Website")]);

    let components: Vec<_> = feed
        .components
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.status,
                c.group.as_deref(),
                c.uptime_percent,
            )
        })
        .collect();
    assert_eq!(
        components,
        [
            ("11", Status::MajorOutage, Some("1"), Some(98.21)),
            ("12", Status::Degraded, Some("1"), Some(100.0)),
            // The newest beat has a status this version does not know, so the one before
            // counts; uptime keyed by the bare id, as Uptime Kuma 2 writes it.
            ("21", Status::Maintenance, Some("2"), Some(50.0)),
            // Listed in the page, no heartbeats yet.
            ("22", Status::Unknown, Some("2"), None),
        ],
        "monitor 11 is listed once, in its first group"
    );
    assert_eq!(
        history_of(&feed.components[0]),
        [
            ("2026-11-26".to_owned(), Status::Operational, None),
            ("2026-11-27".to_owned(), Status::MajorOutage, None),
        ]
    );
    assert_eq!(feed.overall_status(), Status::MajorOutage);
}

#[test]
fn pinned_incident_and_maintenance_windows() {
    let feed = read_document(
        &document("uptime-kuma/status-page.json"),
        &ParseOptions::default(),
    )
    .unwrap()
    .feed;
    let incident = &feed.incidents[0];
    assert_eq!(incident.title, "503 errors from the inference API");
    assert_eq!(incident.impact, Impact::Major);
    assert_eq!(incident.status, IncidentStatus::Unknown);
    assert!(incident.is_active());
    assert_eq!(incident.started_at, at("2026-11-27T08:01:00Z"));
    assert_eq!(incident.updates[0].at, at("2026-11-27T08:40:00Z"));
    assert_eq!(
        incident.updates[0].body,
        "We are looking into elevated 503 errors."
    );

    assert_eq!(
        windows_of(&feed),
        [(
            "5",
            MaintenanceStatus::Scheduled,
            at("2026-11-28T02:00:00Z"),
            at("2026-11-28T03:00:00Z")
        )],
        "manual windows have no time slot and paused ones are not announced"
    );
}

#[test]
fn without_heartbeats_monitors_are_unknown_with_a_warning() {
    let parsed = read_document(
        &document("uptime-kuma/status-page.json"),
        &ParseOptions::default(),
    )
    .unwrap();
    assert!(
        parsed
            .feed
            .components
            .iter()
            .all(|c| c.status == Status::Unknown)
    );
    assert_eq!(parsed.feed.components.len(), 4);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].path, "companion");
    assert!(
        parsed.warnings[0]
            .message
            .contains("monitor statuses are unknown")
    );
}

#[test]
fn incident_styles_map_to_impact() {
    for (style, impact) in [
        ("danger", Impact::Major),
        ("warning", Impact::Minor),
        ("info", Impact::None),
        ("primary", Impact::None),
        ("neon", Impact::Unknown),
    ] {
        let page = json!({
            "config": {"title": "T"},
            "incident": {"id": 1, "style": style, "title": "I", "createdDate": "2026-11-27 08:00:00"},
            "publicGroupList": []
        });
        let feed = read_document(&readable(&page), &ParseOptions::default())
            .unwrap()
            .feed;
        assert_eq!(feed.incidents[0].impact, impact, "{style}");
    }
}

#[test]
fn companion_url_is_the_heartbeat_endpoint() {
    assert_companion_urls(
        SourceFormat::UptimeKuma,
        &[
            (
                "https://uptime.nimbus-ai.test/api/status-page/nimbus",
                Some("https://uptime.nimbus-ai.test/api/status-page/heartbeat/nimbus"),
            ),
            (
                "http://localhost:3001/kuma/api/status-page/main/?x=1",
                Some("http://localhost:3001/kuma/api/status-page/heartbeat/main"),
            ),
            ("https://uptime.nimbus-ai.test/status/nimbus", None),
            (
                "https://uptime.nimbus-ai.test/api/status-page/heartbeat",
                None,
            ),
        ],
    );
}
