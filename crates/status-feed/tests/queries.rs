mod common;

use std::time::Duration;

use common::{at, minimal, parse_ok};
use serde_json::json;
use status_feed::{Feed, Status};

fn feed_with_incidents() -> Feed {
    let mut feed = minimal();
    feed["incidents"] = feed_with_incidents_json();
    parse_ok(&feed).feed
}

fn feed_with_incidents_json() -> serde_json::Value {
    json!([
        {"id": "old", "title": "Old", "impact": "minor", "status": "resolved",
         "started_at": "2026-09-01T10:00:00Z", "resolved_at": "2026-09-01T11:00:00Z"},
        {"id": "recent", "title": "Recent", "impact": "major", "status": "resolved",
         "started_at": "2026-11-20T10:00:00Z", "resolved_at": "2026-11-20T12:30:00Z"},
        {"id": "postmortem-no-end", "title": "Post-mortem without end", "impact": "minor", "status": "postmortem",
         "started_at": "2026-11-25T10:00:00Z",
         "updates": [{"at": "2026-11-25T10:45:00Z", "status": "postmortem", "body": "Done."}]},
        {"id": "open-early", "title": "Open early", "impact": "critical", "status": "investigating",
         "started_at": "2026-11-27T06:00:00Z"},
        {"id": "open-late", "title": "Open late", "impact": "minor", "status": "mystery_state",
         "started_at": "2026-11-27T08:00:00Z"}
    ])
}

#[test]
fn overall_status_prefers_the_stated_one() {
    let mut feed = minimal();
    feed["status"] = json!("maintenance");
    feed["components"] = json!([{"id": "a", "name": "A", "status": "major_outage"}]);
    assert_eq!(parse_ok(&feed).feed.overall_status(), Status::Maintenance);
}

#[test]
fn overall_status_is_derived_worst_first_when_absent() {
    let mut feed = minimal();
    feed["components"] = json!([
        {"id": "a", "name": "A", "status": "operational"},
        {"id": "b", "name": "B", "status": "partial_outage"},
        {"id": "c", "name": "C", "status": "degraded"}
    ]);
    assert_eq!(parse_ok(&feed).feed.overall_status(), Status::PartialOutage);
    feed["components"] = json!([
        {"id": "a", "name": "A", "status": "operational"},
        {"id": "b", "name": "B", "status": "brand_new_state"}
    ]);
    assert_eq!(
        parse_ok(&feed).feed.overall_status(),
        Status::Unknown,
        "an unknown part is not operational"
    );
}

#[test]
fn active_incidents_include_unknown_states_newest_first() {
    let feed = feed_with_incidents();
    let ids: Vec<_> = feed
        .active_incidents()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["open-late", "open-early"]);
}

#[test]
fn recent_incidents_respect_the_window() {
    let feed = feed_with_incidents();
    let now = at("2026-11-27T09:00:00Z");
    let ids: Vec<_> = feed
        .recent_incidents(now, 30)
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["postmortem-no-end", "recent"]);
    let ids: Vec<_> = feed
        .recent_incidents(now, 5)
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["postmortem-no-end"]);
    assert_eq!(feed.recent_incidents(now, 120).len(), 3);
}

#[test]
fn durations_run_to_resolution_or_to_now() {
    let feed = feed_with_incidents();
    let now = at("2026-11-27T09:00:00Z");
    let duration = |id: &str| {
        feed.incidents
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .duration(now)
    };
    assert_eq!(duration("recent"), Duration::from_secs(150 * 60));
    assert_eq!(
        duration("postmortem-no-end"),
        Duration::from_secs(45 * 60),
        "ends at its last update"
    );
    assert_eq!(
        duration("open-early"),
        Duration::from_secs(3 * 3600),
        "still running"
    );
}

#[test]
fn maintenance_windows_are_current_or_upcoming_until_over() {
    let mut feed = minimal();
    feed["maintenances"] = json!([
        {"id": "later", "title": "Later", "status": "scheduled",
         "starts_at": "2026-11-29T10:00:00Z", "ends_at": "2026-11-29T11:00:00Z"},
        {"id": "now", "title": "Now", "status": "scheduled",
         "starts_at": "2026-11-27T08:00:00Z", "ends_at": "2026-11-27T10:00:00Z"},
        {"id": "overrun", "title": "Overrun", "status": "in_progress",
         "starts_at": "2026-11-27T01:00:00Z", "ends_at": "2026-11-27T02:00:00Z"},
        {"id": "done", "title": "Done", "status": "completed",
         "starts_at": "2026-11-27T08:00:00Z", "ends_at": "2026-11-27T10:00:00Z"}
    ]);
    let feed = parse_ok(&feed).feed;
    let now = at("2026-11-27T09:00:00Z");
    let ids: Vec<_> = feed
        .current_and_upcoming_maintenances(now)
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(ids, ["overrun", "now", "later"]);
    let in_progress: Vec<_> = feed
        .maintenances
        .iter()
        .filter(|m| m.is_in_progress(now))
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(in_progress, ["now", "overrun"]);
}

#[test]
fn notices_are_open_incidents_then_maintenance_windows_not_completed() {
    let mut feed = minimal();
    feed["maintenances"] = json!([
        {"id": "later", "title": "Later", "status": "scheduled",
         "starts_at": "2026-11-29T10:00:00Z", "ends_at": "2026-11-29T11:00:00Z"},
        {"id": "overrun", "title": "Overrun", "status": "in_progress",
         "starts_at": "2026-11-27T01:00:00Z", "ends_at": "2026-11-27T02:00:00Z"},
        {"id": "done", "title": "Done", "status": "completed",
         "starts_at": "2026-11-27T08:00:00Z", "ends_at": "2026-11-27T10:00:00Z"}
    ]);
    feed["incidents"] = feed_with_incidents_json();
    let feed = parse_ok(&feed).feed;
    let notices = feed.notices();
    let keys: Vec<_> = notices.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "incident:open-late",
            "incident:open-early",
            "maintenance:later",
            "maintenance:overrun"
        ]
    );
    let under_way_at = |time: &str| -> Vec<&str> {
        notices
            .iter()
            .filter(|n| n.is_under_way(at(time)))
            .map(|n| n.title)
            .collect()
    };
    let open = ["Open late", "Open early", "Overrun"];
    assert_eq!(under_way_at("2026-11-29T09:59:59Z"), open);
    assert_eq!(
        under_way_at("2026-11-29T10:00:00Z"),
        ["Open late", "Open early", "Later", "Overrun"]
    );
    assert_eq!(under_way_at("2026-11-29T11:00:00Z"), open);
}

#[test]
fn rebasing_moves_every_time_by_the_same_offset() {
    let mut feed = minimal();
    feed["checked_at"] = json!("2026-01-01T00:00:00Z");
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "2025-12-31T23:00:00Z", "resolved_at": "2025-12-31T23:30:00Z",
        "updates": [{"at": "2025-12-31T23:30:00Z", "status": "resolved", "body": "Fixed."}]}]);
    feed["maintenances"] = json!([{"id": "m", "title": "M", "status": "scheduled",
        "starts_at": "2026-01-02T00:00:00Z", "ends_at": "2026-01-02T01:00:00Z"}]);
    feed["community"] = json!({"bucket_seconds": 300, "buckets": [{"start": "2025-12-31T23:55:00Z", "reports": 2}]});
    feed["components"] = json!([{"id": "api", "name": "API", "status": "operational",
        "history": [{"date": "2025-12-31", "status": "degraded"}, {"date": "2026-01-01", "status": "operational"}]}]);
    let now = at("2026-11-27T09:00:00Z");
    let feed = parse_ok(&feed).feed.rebased_to(now);
    assert_eq!(feed.checked_at, Some(now));
    let incident = &feed.incidents[0];
    assert_eq!(incident.started_at, at("2026-11-27T08:00:00Z"));
    assert_eq!(incident.resolved_at, Some(at("2026-11-27T08:30:00Z")));
    assert_eq!(incident.updates[0].at, at("2026-11-27T08:30:00Z"));
    assert_eq!(feed.maintenances[0].starts_at, at("2026-11-28T09:00:00Z"));
    assert_eq!(feed.maintenances[0].ends_at, at("2026-11-28T10:00:00Z"));
    assert_eq!(
        feed.community.unwrap().buckets[0].start,
        at("2026-11-27T08:55:00Z")
    );
    // Day by day: the check day becomes today.
    let days: Vec<String> = feed.components[0]
        .history
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(days, ["2026-11-26", "2026-11-27"]);
}

#[test]
fn rebasing_without_a_check_time_changes_nothing() {
    let feed = feed_with_incidents();
    assert_eq!(feed.clone().rebased_to(at("2030-01-01T00:00:00Z")), feed);
}

#[test]
fn component_sections_gather_groups_where_they_first_appear() {
    let mut feed = minimal();
    feed["groups"] = json!([{"id": "api", "name": "API"}, {"id": "hidden", "name": "Hidden"}]);
    feed["components"] = json!([
        {"id": "web", "name": "Website", "status": "operational"},
        {"id": "rest", "name": "REST", "status": "degraded", "group": "api"},
        {"id": "cdn", "name": "CDN", "status": "operational"},
        {"id": "grpc", "name": "gRPC", "status": "major_outage", "group": "api"},
        {"id": "quiet", "name": "Quiet", "status": "operational", "group": "hidden", "only_show_if_degraded": true}
    ]);
    let feed = parse_ok(&feed).feed;
    let sections = feed.component_sections();
    let shape: Vec<_> = sections
        .iter()
        .map(|section| match section {
            status_feed::ComponentSection::Single(listed) => {
                format!("{}@{}", listed.component.id, listed.index)
            }
            status_feed::ComponentSection::Group(g, members) => {
                let ids: Vec<_> = members
                    .iter()
                    .map(|listed| format!("{}@{}", listed.component.id, listed.index))
                    .collect();
                format!("{}({})", g.id, ids.join(","))
            }
        })
        .collect();
    assert_eq!(shape, ["web@0", "api(rest@1,grpc@3)", "cdn@2"]);
    assert_eq!(sections[1].status(), Status::MajorOutage);
}

#[test]
fn component_names_prefer_the_feeds_names() {
    let mut feed = minimal();
    feed["components"] = json!([{"id": "api", "name": "REST API", "status": "operational"}]);
    feed["incidents"] = json!([
        {"id": "i", "title": "T", "impact": "minor", "status": "investigating",
         "started_at": "2026-11-27T06:00:00Z",
         "components": ["api", {"id": "gone", "name": "Old dashboard"}, "unnamed"]}
    ]);
    let feed = parse_ok(&feed).feed;
    assert_eq!(
        feed.component_names(&feed.incidents[0].components),
        ["REST API", "Old dashboard", "unnamed"]
    );
}

#[test]
fn the_history_window_places_each_record_on_its_day() {
    let mut feed = minimal();
    feed["components"] = json!([{"id": "api", "name": "API", "status": "operational",
    "history": [
        {"date": "2026-08-01", "status": "major_outage"},
        {"date": "2026-11-20", "status": "degraded", "downtime_minutes": 12},
        {"date": "2026-11-27", "status": "operational"}
    ]}]);
    let feed = parse_ok(&feed).feed;
    let today = at("2026-11-27T09:00:00Z").utc_date();
    let window = feed.components[0].history_window(today, 90);
    assert_eq!(window.len(), 90);
    let statuses: Vec<(usize, Status)> = window
        .iter()
        .enumerate()
        .filter_map(|(day, record)| Some((day, (*record)?.status)))
        .collect();
    // August 1st is more than 90 days back; the 20th is a week before the last day.
    assert_eq!(
        statuses,
        [(82, Status::Degraded), (89, Status::Operational)]
    );
    assert!(feed.components[0].history_window(today, 0).is_empty());
}
