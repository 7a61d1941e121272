//! Instatus `summary.json` with `v2/components.json` as companion.
#![cfg(feature = "all-formats")]

mod common;

use common::{assert_companion_urls, at, document, groups_of, readable};
use pretty_assertions::assert_eq;
use serde_json::json;
use status_feed::{
    Impact, IncidentStatus, MaintenanceStatus, ParseOptions, SourceFormat, Status, read_document,
    read_documents,
};

#[test]
fn summary_and_components_make_one_feed() {
    let parsed = read_documents(
        &document("instatus/summary.json"),
        Some(&document("instatus/components.json")),
        &ParseOptions::default(),
    )
    .unwrap();
    assert_eq!(
        parsed.format,
        SourceFormat::Instatus,
        "detected by the page's status"
    );
    let feed = &parsed.feed;
    assert_eq!(feed.service.name, "Nimbus AI");
    assert_eq!(
        feed.service.status_page_url.as_ref().unwrap().as_str(),
        "https://status.nimbus-ai.test"
    );
    // "Has issues", and the components say how bad.
    assert_eq!(feed.status, Some(Status::PartialOutage));

    assert_eq!(groups_of(feed), [("ckgrp0api000000000000001", "API")]);
    let components: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.status, c.group.is_some()))
        .collect();
    assert_eq!(
        components,
        [
            ("Inference API", Status::PartialOutage, true),
            ("Embeddings API", Status::PartialOutage, true),
            ("Dashboard", Status::Degraded, false),
            ("Docs", Status::Operational, false),
            ("Billing", Status::Maintenance, false),
            ("Webhooks", Status::Unknown, false),
        ]
    );
    assert_eq!(
        feed.components[0].description.as_deref(),
        Some("api.nimbus-ai.test")
    );
    assert_eq!(
        feed.components[1].description, None,
        "empty descriptions are left out"
    );
}

#[test]
fn active_incidents_and_maintenances_are_mapped() {
    let parsed =
        read_document(&document("instatus/summary.json"), &ParseOptions::default()).unwrap();
    let feed = &parsed.feed;
    let incidents: Vec<_> = feed
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i.impact, i.status, i.started_at))
        .collect();
    assert_eq!(
        incidents,
        [
            (
                "cl4a8n3070721qtmzvts760c4",
                Impact::Major,
                IncidentStatus::Identified,
                at("2026-11-27T08:01:00Z")
            ),
            // No id: the link's last segment; a JavaScript date; unknown values.
            (
                "cl4a9zzsignin00000001",
                Impact::Unknown,
                IncidentStatus::Unknown,
                at("2026-11-27T07:30:00Z")
            ),
        ]
    );
    assert!(feed.incidents.iter().all(|i| i.is_active()));

    let windows: Vec<_> = feed
        .maintenances
        .iter()
        .map(|m| (m.title.as_str(), m.status, m.starts_at, m.ends_at))
        .collect();
    assert_eq!(
        windows,
        [
            (
                "Database maintenance",
                MaintenanceStatus::Scheduled,
                at("2026-11-27T11:00:00Z"),
                at("2026-11-27T12:30:00Z")
            ),
            (
                "Edge cache rollout",
                MaintenanceStatus::InProgress,
                at("2026-11-27T06:00:00Z"),
                at("2026-11-27T08:00:00Z")
            ),
        ]
    );
    assert_eq!(feed.maintenances[1].url, None, "javascript: link dropped");
    let paths: Vec<_> = parsed.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["companion", "maintenances[1].url"]);
    assert!(
        parsed.warnings[0]
            .message
            .contains("no components are listed")
    );
    assert_eq!(
        feed.status,
        Some(Status::Degraded),
        "has issues, components unknown"
    );
}

#[test]
fn page_status_maps_to_overall_status() {
    for (page_status, expected) in [
        ("UP", Status::Operational),
        ("HASISSUES", Status::Degraded),
        ("UNDERMAINTENANCE", Status::Maintenance),
        ("EXPLODED", Status::Unknown),
    ] {
        let summary =
            json!({"page": {"name": "P", "url": "https://p.test", "status": page_status}});
        let feed = read_document(&readable(&summary), &ParseOptions::default())
            .unwrap()
            .feed;
        assert_eq!(feed.status, Some(expected), "{page_status}");
    }
}

#[test]
fn companion_errors_point_into_the_companion() {
    let error = read_documents(
        &document("instatus/summary.json"),
        Some(&readable(
            &json!({"components": [{"id": "c", "name": "C"}]}),
        )),
        &ParseOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "companion.components[0].status: is required"
    );
}

#[test]
fn companion_url_is_the_components_document() {
    assert_companion_urls(
        SourceFormat::Instatus,
        &[
            (
                "https://status.nimbus-ai.test/summary.json",
                Some("https://status.nimbus-ai.test/v2/components.json"),
            ),
            (
                "https://nimbus.instatus.com/summary.json?lang=en",
                Some("https://nimbus.instatus.com/v2/components.json"),
            ),
            ("https://nimbus.instatus.com/", None),
            ("https://nimbus.instatus.com/v2/components.json", None),
        ],
    );
}

#[test]
fn a_maintenance_too_long_to_end_before_the_year_10000_is_refused_at_its_duration() {
    let summary = |duration| {
        readable(&json!({
            "page": {"name": "P", "status": "UNDERMAINTENANCE"},
            "activeMaintenances": [{
                "id": "m", "name": "Long", "status": "INPROGRESS",
                "start": "2026-11-27T06:00:00Z", "duration": duration,
            }],
        }))
    };
    let error =
        read_document(&summary(json!(4_294_967_296_i64)), &ParseOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "activeMaintenances[0].duration: is too long: the window would end after the year 9999"
    );
    // The longest window that still ends within the year 9999 is read.
    let longest = (at("9999-12-31T23:59:00Z").unix_millis()
        - at("2026-11-27T06:00:00Z").unix_millis())
        / 60_000;
    let feed = read_document(
        &summary(json!(longest.to_string())),
        &ParseOptions::default(),
    )
    .unwrap()
    .feed;
    assert_eq!(feed.maintenances[0].ends_at, at("9999-12-31T23:59:00Z"));
}
