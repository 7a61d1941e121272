//! The formats published as a top-level list: Gatus, Google Cloud and Upptime.
#![cfg(feature = "all-formats")]

mod common;

use common::{at, fixture, history_of};
use pretty_assertions::assert_eq;
use status_feed::{
    ComponentRef, FeedError, Impact, IncidentStatus, ParseOptions, SourceFormat, Status,
    parse_feed, parse_feed_with,
};

#[test]
fn gatus_endpoints_become_grouped_components_with_history() {
    let parsed = parse_feed(&fixture("gatus/statuses.json")).unwrap();
    assert_eq!(parsed.format, SourceFormat::Gatus);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let feed = &parsed.feed;
    let components: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str(), c.status, c.group.as_deref()))
        .collect();
    assert_eq!(
        components,
        [
            (
                "api_inference",
                "inference",
                Status::MajorOutage,
                Some("api")
            ),
            ("_docs", "docs", Status::Operational, None),
            ("api_new", "new", Status::Unknown, Some("api")),
        ]
    );
    assert_eq!(feed.groups.len(), 1);
    assert_eq!(feed.groups[0].name, "api");
    assert_eq!(
        feed.checked_at,
        Some(at("2026-11-27T08:01:00Z")),
        "the latest result"
    );
    assert_eq!(
        history_of(&feed.components[0]),
        [
            ("2026-11-26".to_owned(), Status::Operational, None),
            ("2026-11-27".to_owned(), Status::MajorOutage, None),
        ],
        "checks are samples: no downtime minutes are claimed"
    );
}

#[test]
fn google_cloud_incidents_name_products_and_open_ones_set_their_status() {
    let parsed = parse_feed(&fixture("google-cloud/incidents.json")).unwrap();
    assert_eq!(parsed.format, SourceFormat::GoogleCloud);
    let feed = &parsed.feed;
    assert_eq!(feed.service.name, "Google Cloud");
    assert_eq!(feed.status, Some(Status::MajorOutage));
    let products: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(
        products,
        [
            ("Vertex Gemini API", Status::MajorOutage),
            ("Cloud Storage", Status::Operational),
        ]
    );
    let open = &feed.incidents[0];
    assert_eq!(open.impact, Impact::Critical);
    assert_eq!(open.status, IncidentStatus::Unknown);
    assert!(open.is_active());
    assert_eq!(
        open.url.as_ref().unwrap().as_str(),
        "https://status.cloud.google.com/incidents/xVSEV3kVaJBmS7SZbnre"
    );
    let bodies: Vec<_> = open.updates.iter().map(|u| u.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["Mitigation is under way.", "We are investigating."]
    );

    let closed = &feed.incidents[1];
    assert_eq!(closed.status, IncidentStatus::Resolved);
    assert_eq!(closed.impact, Impact::Minor);
    assert_eq!(closed.resolved_at, Some(at("2026-11-20T11:30:00Z")));
    let statuses: Vec<_> = closed.updates.iter().map(|u| u.status).collect();
    assert_eq!(
        statuses,
        [IncidentStatus::Resolved, IncidentStatus::Unknown]
    );
    assert_eq!(
        closed.components[0],
        ComponentRef::Named {
            id: "UwaYoXQ5bHYHG6EdiPB8".into(),
            name: "Cloud Storage".into()
        }
    );
}

#[test]
fn google_cloud_without_open_incidents_is_operational() {
    let document = br#"[{"id": "a", "begin": "2026-11-20T10:00:00+00:00",
        "end": "2026-11-20T11:00:00+00:00", "external_desc": "Past", "severity": "medium",
        "status_impact": "SERVICE_OUTAGE", "affected_products": [{"title": "GKE", "id": "g"}]}]"#;
    let feed = parse_feed(document).unwrap().feed;
    assert_eq!(feed.status, Some(Status::Operational));
    assert_eq!(feed.incidents[0].impact, Impact::Major);
    let long = format!(
        r#"[{{"id": "a", "begin": "2026-11-20T10:00:00+00:00", "external_desc": "{}"}}]"#,
        "x".repeat(400)
    );
    let title = &parse_feed(long.as_bytes()).unwrap().feed.incidents[0].title;
    assert_eq!(
        title.chars().count(),
        280,
        "long descriptions are shortened, not refused"
    );
    assert!(title.ends_with('…'));
}

#[test]
fn upptime_sites_carry_uptime_and_daily_history() {
    let parsed = parse_feed(&fixture("upptime/summary.json")).unwrap();
    assert_eq!(parsed.format, SourceFormat::Upptime);
    let feed = &parsed.feed;
    let sites: Vec<_> = feed
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.status, c.uptime_percent))
        .collect();
    assert_eq!(
        sites,
        [
            ("inference-api", Status::MajorOutage, Some(99.52)),
            ("docs", Status::Degraded, Some(100.0)),
            ("legacy", Status::Unknown, None),
        ]
    );
    let messages: Vec<_> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["components[2].uptime_percent: is not a percentage from 0 to 100; it is dropped"]
    );
    assert_eq!(
        history_of(&feed.components[0]),
        [
            ("2026-11-20".to_owned(), Status::Operational, Some(0)),
            ("2026-11-25".to_owned(), Status::PartialOutage, Some(700)),
            ("2026-11-26".to_owned(), Status::MajorOutage, Some(1000)),
            ("2026-11-27".to_owned(), Status::Degraded, Some(42)),
        ]
    );
}

#[test]
fn upptime_keeps_the_latest_year_of_days() {
    let days: serde_json::Map<_, _> = (0..400)
        .map(|offset| {
            let date = status_feed::CalendarDate::from_days_since_unix_epoch(20_000 + offset);
            (date.to_string(), serde_json::json!(offset))
        })
        .collect();
    let document = serde_json::json!([{"name": "S", "slug": "s", "status": "up",
        "uptime": "99%", "dailyMinutesDown": days}]);
    let feed = parse_feed(document.to_string().as_bytes()).unwrap().feed;
    let history = &feed.components[0].history;
    assert_eq!(history.len(), 366);
    assert_eq!(
        history[0].downtime_minutes,
        Some(34),
        "the oldest 34 days are left out"
    );
}

#[test]
fn empty_lists_need_the_format_named() {
    let error = parse_feed(b"[]").unwrap_err();
    assert_eq!(error, FeedError::UnknownFormat);
    assert!(error.to_string().contains("name it explicitly"), "{error}");
    for format in [
        SourceFormat::Gatus,
        SourceFormat::GoogleCloud,
        SourceFormat::Upptime,
    ] {
        let options = ParseOptions {
            format: Some(format),
            ..ParseOptions::default()
        };
        let parsed = parse_feed_with(b"[]", &options).unwrap();
        assert!(parsed.feed.components.is_empty(), "{format:?}");
    }
}
