//! Cachet API v1 components (or component groups) with its incidents as companion.
#![cfg(feature = "all-formats")]

mod common;

use common::{assert_companion_urls, at, document, groups_of, readable};
use pretty_assertions::assert_eq;
use serde_json::json;
use status_feed::{
    ComponentRef, Impact, IncidentStatus, MaintenanceStatus, ParseOptions, SourceFormat, Status,
    read_document, read_documents,
};

#[test]
fn component_groups_name_the_groups_and_skip_disabled_components() {
    let parsed = read_document(
        &document("cachet/components-groups.json"),
        &ParseOptions::default(),
    )
    .unwrap();
    assert_eq!(parsed.format, SourceFormat::Cachet);
    let feed = &parsed.feed;
    assert_eq!(
        feed.service.name, "Service status",
        "Cachet's API names no service"
    );
    assert_eq!(groups_of(feed), [("1", "API"), ("2", "Website")]);
    let components: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.status, c.group.as_deref()))
        .collect();
    assert_eq!(
        components,
        [
            ("Inference API", Status::PartialOutage, Some("1")),
            ("Embeddings API", Status::Degraded, Some("1")),
            ("Dashboard", Status::Operational, Some("2")),
        ]
    );
    assert_eq!(parsed.warnings[0].path, "companion");
}

#[test]
fn numeric_component_statuses_map_and_unknown_numbers_are_unknown() {
    let feed = read_document(
        &document("cachet/components.json"),
        &ParseOptions::default(),
    )
    .unwrap()
    .feed;
    let statuses: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("1", Status::MajorOutage),
            ("2", Status::Unknown),
            ("3", Status::Operational),
            ("5", Status::Unknown),
        ]
    );
    assert!(
        feed.groups.is_empty(),
        "the components document does not name groups"
    );
    assert!(feed.components.iter().all(|c| c.group.is_none()));
}

#[test]
fn incidents_come_from_the_companion_with_updates_and_schedules() {
    let parsed = read_documents(
        &document("cachet/components.json"),
        Some(&document("cachet/incidents.json")),
        &ParseOptions::default(),
    )
    .unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let feed = &parsed.feed;
    let incidents: Vec<_> = feed
        .incidents
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.status,
                i.impact,
                i.started_at,
                i.resolved_at,
            )
        })
        .collect();
    assert_eq!(
        incidents,
        [
            (
                "12",
                IncidentStatus::Identified,
                Impact::Unknown,
                at("2026-11-27T08:01:00Z"),
                None
            ),
            (
                "11",
                IncidentStatus::Resolved,
                Impact::Unknown,
                at("2026-11-20T09:00:00Z"),
                Some(at("2026-11-20T10:15:00Z"))
            ),
        ]
    );
    let open = &feed.incidents[0];
    assert_eq!(
        open.components,
        [ComponentRef::Named {
            id: "1".into(),
            name: "Inference API".into()
        }]
    );
    assert_eq!(
        open.url.as_ref().unwrap().as_str(),
        "https://status.nimbus-ai.test/incidents/12"
    );
    let updates: Vec<_> = open
        .updates
        .iter()
        .map(|u| (u.at, u.status, u.body.as_str()))
        .collect();
    assert_eq!(
        updates,
        [
            (
                at("2026-11-27T08:40:00Z"),
                IncidentStatus::Identified,
                "A faulty deploy was found; rolling back."
            ),
            (
                at("2026-11-27T08:01:00Z"),
                IncidentStatus::Unknown,
                "We are investigating 503 errors on the inference API."
            ),
        ]
    );
    assert!(
        feed.incidents[1].components.is_empty(),
        "component 0 is none"
    );
    assert_eq!(
        feed.incidents[1].updates[0].status,
        IncidentStatus::Resolved
    );

    let window = &feed.maintenances[0];
    assert_eq!(window.title, "Dashboard upgrade");
    assert_eq!(window.status, MaintenanceStatus::Scheduled);
    assert_eq!(window.starts_at, at("2026-11-30T02:00:00Z"));
    assert_eq!(window.components[0].id(), "3");
}

#[test]
fn companion_url_is_the_latest_incidents() {
    let latest = "https://status.nimbus-ai.test/api/v1/incidents?sort=id&order=desc&per_page=50";
    assert_companion_urls(
        SourceFormat::Cachet,
        &[
            (
                "https://status.nimbus-ai.test/api/v1/components",
                Some(latest),
            ),
            (
                "https://status.nimbus-ai.test/api/v1/components/groups",
                Some(latest),
            ),
            (
                "https://status.nimbus-ai.test/api/v1/components?per_page=100",
                Some(latest),
            ),
            ("https://status.nimbus-ai.test/api/v1/incidents", None),
            ("https://status.nimbus-ai.test/components", None),
        ],
    );
    assert_eq!(
        SourceFormat::Gatus.companion_url("https://x.test/api/v1/components"),
        None
    );
}

#[test]
fn a_document_without_the_data_envelope_is_not_read_as_an_empty_feed() {
    let options = ParseOptions {
        format: Some(SourceFormat::Cachet),
        ..ParseOptions::default()
    };
    for not_cachet in [
        json!({}),
        json!({"page": {"name": "P"}}),
        json!({"data": null}),
    ] {
        let error = read_document(&readable(&not_cachet), &options).unwrap_err();
        assert_eq!(error.to_string(), "data: is required", "{not_cachet}");
    }
    let error = read_documents(
        &document("cachet/components.json"),
        Some(&readable(&json!({"meta": {}}))),
        &options,
    )
    .unwrap_err();
    assert_eq!(error.to_string(), "companion.data: is required");
    let empty = read_document(&readable(&json!({"data": []})), &options).unwrap();
    assert!(empty.feed.components.is_empty());
}
