mod common;

use common::{at, fixture, windows_of};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use status_feed::{
    ComponentRef, Impact, IncidentStatus, Limits, MaintenanceStatus, ParseOptions, SourceFormat,
    Status, parse_feed, parse_feed_with,
};

#[test]
fn summary_maps_page_status_groups_and_components() {
    let parsed = parse_feed(&fixture("statuspage/summary.json")).unwrap();
    assert_eq!(parsed.format, SourceFormat::Statuspage);
    let feed = parsed.feed;
    assert_eq!(feed.service.name, "Example Cloud");
    assert_eq!(
        feed.service.status_page_url.unwrap().as_str(),
        "https://status.example-cloud.test"
    );
    assert_eq!(feed.status, Some(Status::PartialOutage));
    assert_eq!(feed.summary.as_deref(), Some("Partial System Outage"));
    assert_eq!(feed.checked_at, Some(at("2026-11-27T08:51:22.012Z")));

    assert_eq!(feed.groups.len(), 1);
    assert_eq!(feed.groups[0].id, "grp1api00001");
    assert_eq!(feed.groups[0].name, "Public API");

    let summary: Vec<_> = feed
        .components
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.status,
                c.group.as_deref(),
                c.only_show_if_degraded,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            // sorted by position, not by document order
            (
                "REST API",
                Status::PartialOutage,
                Some("grp1api00001"),
                false
            ),
            ("gRPC API", Status::Degraded, Some("grp1api00001"), false),
            ("Dashboard", Status::Operational, None, false),
            ("Legacy webhooks", Status::Maintenance, None, true),
            ("CDN", Status::Operational, None, true),
            ("Edge functions", Status::Unknown, None, false),
        ]
    );
}

#[test]
fn only_show_if_degraded_hides_operational_components_only() {
    let feed = parse_feed(&fixture("statuspage/summary.json"))
        .unwrap()
        .feed;
    let visible: Vec<_> = feed.visible_components().map(|c| c.name.as_str()).collect();
    assert!(
        visible.contains(&"Legacy webhooks"),
        "under maintenance, so shown"
    );
    assert!(
        !visible.contains(&"CDN"),
        "operational and only_show_if_degraded"
    );
    assert_eq!(visible.len(), 5);
}

#[test]
fn indicator_maps_to_overall_status() {
    for (indicator, expected) in [
        ("none", Status::Operational),
        ("minor", Status::Degraded),
        ("major", Status::PartialOutage),
        ("critical", Status::MajorOutage),
        ("maintenance", Status::Maintenance),
        ("apocalyptic", Status::Unknown),
    ] {
        let document = format!(
            r#"{{"page": {{"id": "p", "name": "P", "url": "https://p.test"}},
                "status": {{"indicator": "{indicator}", "description": "d"}}}}"#
        );
        let feed = parse_feed(document.as_bytes()).unwrap().feed;
        assert_eq!(feed.status, Some(expected), "{indicator}");
    }
}

#[test]
fn component_statuses_map_one_to_one() {
    for (status, expected) in [
        ("operational", Status::Operational),
        ("degraded_performance", Status::Degraded),
        ("partial_outage", Status::PartialOutage),
        ("major_outage", Status::MajorOutage),
        ("under_maintenance", Status::Maintenance),
        ("something_new", Status::Unknown),
    ] {
        let document = format!(
            r#"{{"page": {{"id": "p", "name": "P"}},
                "components": [{{"id": "c", "name": "C", "status": "{status}"}}]}}"#
        );
        let feed = parse_feed(document.as_bytes()).unwrap().feed;
        assert_eq!(feed.components[0].status, expected, "{status}");
        assert_eq!(feed.status, None);
        assert_eq!(
            feed.overall_status(),
            expected,
            "derived from the only component"
        );
    }
}

#[test]
fn active_incident_keeps_updates_newest_first_with_affected_components() {
    let feed = parse_feed(&fixture("statuspage/summary.json"))
        .unwrap()
        .feed;
    assert_eq!(feed.incidents.len(), 1);
    let incident = &feed.incidents[0];
    assert_eq!(incident.title, "Elevated error rates on the REST API");
    assert_eq!(incident.impact, Impact::Major);
    assert_eq!(incident.status, IncidentStatus::Identified);
    assert_eq!(incident.started_at, at("2026-11-27T08:01:00Z"));
    assert_eq!(
        incident.url.as_ref().unwrap().as_str(),
        "https://stspg.io/abc123"
    );
    assert!(incident.is_active());
    // from the incident's own list first, then any others its updates name
    let ids: Vec<_> = incident.components.iter().map(ComponentRef::id).collect();
    assert_eq!(ids, ["cmp1rest0001", "cmp2grpc0002"]);
    let updates: Vec<_> = incident.updates.iter().map(|u| (u.status, u.at)).collect();
    assert_eq!(
        updates,
        [
            (IncidentStatus::Identified, at("2026-11-27T08:40:00Z")),
            (
                IncidentStatus::Investigating,
                at("2026-11-27T08:05:10.101Z")
            ),
        ]
    );
    assert_eq!(
        incident.updates[1].components,
        [ComponentRef::Named {
            id: "cmp1rest0001".into(),
            name: "Public API - REST API".into()
        }]
    );
}

#[test]
fn scheduled_maintenances_become_windows() {
    let feed = parse_feed(&fixture("statuspage/summary.json"))
        .unwrap()
        .feed;
    assert_eq!(feed.maintenances.len(), 1);
    let window = &feed.maintenances[0];
    assert_eq!(window.title, "Webhook delivery migration");
    assert_eq!(window.status, MaintenanceStatus::InProgress);
    assert_eq!(window.starts_at, at("2026-11-27T08:00:00Z"));
    assert_eq!(window.ends_at, at("2026-11-27T12:00:00Z"));
    assert_eq!(window.updates[0].status, MaintenanceStatus::InProgress);
    assert!(window.is_in_progress(at("2026-11-27T09:00:00Z")));
}

#[test]
fn incidents_list_separates_maintenance_and_drops_unsafe_links() {
    let parsed = parse_feed(&fixture("statuspage/incidents.json")).unwrap();
    let feed = &parsed.feed;
    let titles: Vec<_> = feed.incidents.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Login failures", "Slow dashboard"]);
    assert_eq!(feed.maintenances.len(), 1);
    assert_eq!(feed.maintenances[0].status, MaintenanceStatus::Completed);
    assert_eq!(feed.maintenances[0].url, None, "javascript: link dropped");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].path, "maintenances[0].url");

    let postmortem = &feed.incidents[0];
    assert_eq!(postmortem.status, IncidentStatus::Postmortem);
    assert_eq!(postmortem.impact, Impact::Critical);
    assert!(!postmortem.is_active());
    assert_eq!(postmortem.resolved_at, Some(at("2026-11-02T11:30:00Z")));
    assert_eq!(postmortem.components[0].name(), Some("Dashboard"));

    let monitoring = &feed.incidents[1];
    assert!(monitoring.is_active());
    assert_eq!(
        monitoring.updates[0].at,
        at("2026-11-27T07:30:00Z"),
        "created_at when display_at is null"
    );
    assert_eq!(feed.status, None, "incidents.json states no page status");
}

#[test]
fn single_incident_from_a_real_capture() {
    let parsed = parse_feed(&fixture("statuspage/github-incident-00km0kwpz23b.json")).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let feed = parsed.feed;
    assert_eq!(feed.service.name, "GitHub");
    assert_eq!(feed.incidents.len(), 1);
    let incident = &feed.incidents[0];
    assert_eq!(incident.id, "00km0kwpz23b");
    assert_eq!(incident.title, "Incident with Actions and Git Operations");
    assert_eq!(incident.status, IncidentStatus::Resolved);
    assert_eq!(incident.impact, Impact::Minor);
    assert_eq!(incident.started_at, at("2023-01-10T17:04:42.456Z"));
    assert_eq!(incident.resolved_at, Some(at("2023-01-10T18:14:45.860Z")));
    assert_eq!(
        incident.duration(at("2030-01-01T00:00:00Z")).as_secs(),
        70 * 60 + 3
    );
    let names: Vec<_> = incident
        .components
        .iter()
        .map(|c| c.name().unwrap())
        .collect();
    assert_eq!(names, ["Git Operations", "Actions"]);
    let statuses: Vec<_> = incident.updates.iter().map(|u| u.status).collect();
    assert_eq!(
        statuses,
        [
            IncidentStatus::Resolved,
            IncidentStatus::Investigating,
            IncidentStatus::Investigating,
            IncidentStatus::Investigating
        ]
    );
    assert_eq!(incident.updates[0].body, "This incident has been resolved.");
}

#[test]
fn explicit_format_overrides_detection() {
    let options = status_feed::ParseOptions {
        format: Some(SourceFormat::Native),
        ..Default::default()
    };
    let error =
        status_feed::parse_feed_with(&fixture("statuspage/summary.json"), &options).unwrap_err();
    assert_eq!(error.to_string(), "version: is required");
}

#[test]
fn broken_statuspage_documents_name_the_field() {
    let document = br#"{"page": {"id": "p", "name": "P"},
        "incidents": [{"id": "i", "name": "N", "status": "resolved", "impact": "minor",
                       "created_at": "last tuesday"}]}"#;
    let error = parse_feed(document).unwrap_err().to_string();
    assert!(
        error.starts_with("incidents[0].created_at: expected an RFC 3339 timestamp"),
        "{error}"
    );
}

#[test]
fn scheduled_maintenances_document_lists_windows_only() {
    let parsed = parse_feed(&fixture("statuspage/scheduled-maintenances.json")).unwrap();
    assert_eq!(parsed.format, SourceFormat::Statuspage);
    let feed = parsed.feed;
    assert!(feed.incidents.is_empty() && feed.components.is_empty());
    assert_eq!(feed.status, None);
    assert_eq!(
        windows_of(&feed),
        [
            (
                "w1zdr745wmfy",
                MaintenanceStatus::Scheduled,
                at("2026-11-30T02:00:00Z"),
                at("2026-11-30T04:00:00Z")
            ),
            (
                "k2mnt0000002",
                MaintenanceStatus::Completed,
                at("2026-11-02T02:00:00Z"),
                at("2026-11-02T03:00:00Z")
            ),
        ]
    );
    assert_eq!(feed.maintenances[0].components[0].name(), Some("Dashboard"));
    assert_eq!(
        feed.maintenances[0].updates[0].body,
        "Writes pause briefly."
    );
}

/// An incident naming `on_incident` and, in its one update, `in_update`.
fn incident_naming(on_incident: &[&str], in_update: &[&str]) -> Vec<u8> {
    let named = |key: &str, ids: &[&str]| -> Vec<Value> {
        ids.iter().map(|id| json!({key: id, "name": id})).collect()
    };
    let document = json!({
        "page": {"name": "P"},
        "incidents": [{
            "id": "i",
            "name": "I",
            "status": "investigating",
            "impact": "major",
            "created_at": "2026-11-27T07:43:00Z",
            "components": named("id", on_incident),
            "incident_updates": [{
                "status": "investigating",
                "body": "B",
                "created_at": "2026-11-27T07:43:00Z",
                "affected_components": named("code", in_update),
            }],
        }],
    });
    serde_json::to_vec(&document).unwrap()
}

#[test]
fn an_incident_stops_at_one_affected_component_past_the_limit() {
    let options = ParseOptions {
        limits: Limits {
            max_components: 2,
            ..Limits::default()
        },
        format: None,
    };
    // Components named both on the incident and in its updates count once.
    let within = incident_naming(&["a", "b"], &["b", "a"]);
    assert_eq!(
        parse_feed_with(&within, &options).unwrap(),
        parse_feed(&within).unwrap()
    );
    let over = incident_naming(&["a", "b"], &["b", "c"]);
    assert_eq!(
        parse_feed_with(&over, &options).unwrap_err().to_string(),
        "incidents[0]: affects 3 components, more than the limit of 2"
    );
}
