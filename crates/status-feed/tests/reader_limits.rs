//! The readers that deduplicate ids stop as soon as a list passes its limit, naming the entry
//! that took it past; a document within the limits reads as it would with no limits to speak
//! of.
#![cfg(feature = "all-formats")]

mod common;

use common::readable;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use status_feed::{FeedError, Limits, ParseOptions, Parsed, SourceFormat, read_documents};

fn read(
    format: SourceFormat,
    main: &Value,
    companion: Option<&Value>,
    limits: Limits,
) -> Result<Parsed, FeedError> {
    let options = ParseOptions {
        limits,
        format: Some(format),
    };
    read_documents(&readable(main), companion.map(readable).as_ref(), &options)
}

/// `within` reads to the same feed under `limits` as under the default limits, and `over`,
/// one distinct entry more, is refused with `error`.
fn assert_limit(
    format: SourceFormat,
    within: (&Value, Option<&Value>),
    over: (&Value, Option<&Value>),
    limits: Limits,
    error: &str,
) {
    let limited = read(format, within.0, within.1, limits.clone()).expect("within the limits");
    let unlimited = read(format, within.0, within.1, Limits::default()).unwrap();
    assert_eq!(limited, unlimited);
    let refused = read(format, over.0, over.1, limits).unwrap_err();
    assert_eq!(refused.to_string(), error);
}

fn endpoint(key: &str, group: &str) -> Value {
    json!({"key": key, "name": key, "group": group, "results": []})
}

#[test]
fn gatus_stops_at_one_group_past_the_limit() {
    let within = json!([
        endpoint("a", "g1"),
        endpoint("b", "g2"),
        endpoint("c", "g1")
    ]);
    let over = json!([
        endpoint("a", "g1"),
        endpoint("b", "g2"),
        endpoint("c", "g1"),
        endpoint("d", "g3"),
    ]);
    assert_limit(
        SourceFormat::Gatus,
        (&within, None),
        (&over, None),
        Limits {
            max_groups: 2,
            ..Limits::default()
        },
        "(top level)[3].group: makes 3 groups, more than the limit of 2",
    );
}

/// Incidents, each affecting the products listed for it.
fn gc_incidents(incidents: &[&[&str]]) -> Value {
    let incidents: Vec<Value> = incidents
        .iter()
        .enumerate()
        .map(|(n, products)| {
            let products: Vec<Value> = products
                .iter()
                .map(|id| json!({"id": id, "title": id}))
                .collect();
            json!({
                "id": format!("i{n}"),
                "external_desc": "Outage",
                "begin": "2026-11-27T07:43:00Z",
                "status_impact": "SERVICE_OUTAGE",
                "affected_products": products,
            })
        })
        .collect();
    json!(incidents)
}

#[test]
fn google_cloud_stops_at_one_product_past_the_limit() {
    assert_limit(
        SourceFormat::GoogleCloud,
        (&gc_incidents(&[&["p1", "p2"], &["p2", "p1"]]), None),
        (&gc_incidents(&[&["p1", "p2"], &["p2", "p3"]]), None),
        Limits {
            max_components: 2,
            ..Limits::default()
        },
        "(top level)[1].affected_products[1]: makes 3 components, more than the limit of 2",
    );
}

fn instatus_components(groups: &[&str]) -> Value {
    let components: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(n, group)| {
            json!({
                "id": format!("c{n}"),
                "name": "C",
                "status": "OPERATIONAL",
                "group": {"id": group, "name": group},
            })
        })
        .collect();
    json!({ "components": components })
}

#[test]
fn instatus_stops_at_one_group_past_the_limit() {
    let summary = json!({"page": {"name": "P", "status": "UP"}});
    assert_limit(
        SourceFormat::Instatus,
        (&summary, Some(&instatus_components(&["g1", "g2", "g1"]))),
        (
            &summary,
            Some(&instatus_components(&["g1", "g2", "g1", "g3"])),
        ),
        Limits {
            max_groups: 2,
            ..Limits::default()
        },
        "companion.components[3].group: makes 3 groups, more than the limit of 2",
    );
}

fn kuma_page(groups: &[&[u32]]) -> Value {
    let groups: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(n, monitors)| {
            let monitors: Vec<Value> = monitors
                .iter()
                .map(|id| json!({"id": id, "name": "M"}))
                .collect();
            json!({"id": n, "name": "G", "monitorList": monitors})
        })
        .collect();
    json!({"config": {"title": "T"}, "publicGroupList": groups})
}

#[test]
fn uptime_kuma_stops_at_one_monitor_past_the_limit() {
    // A monitor shown in two groups counts once.
    assert_limit(
        SourceFormat::UptimeKuma,
        (&kuma_page(&[&[1, 2], &[1]]), None),
        (&kuma_page(&[&[1, 2], &[1, 3]]), None),
        Limits {
            max_components: 2,
            ..Limits::default()
        },
        "publicGroupList[1].monitorList[1]: makes 3 components, more than the limit of 2",
    );
}

fn cachet_list(entries: impl Iterator<Item = Value>) -> Value {
    json!({ "data": entries.collect::<Vec<_>>() })
}

fn cachet_components(count: u32) -> Value {
    cachet_list((1..=count).map(|id| json!({"id": id, "name": "C", "status": 1})))
}

/// Incidents with the given Cachet statuses, 0 being a maintenance window.
fn cachet_incidents(statuses: &[u32]) -> Value {
    cachet_list(statuses.iter().enumerate().map(|(id, status)| {
        json!({
            "id": id,
            "name": "I",
            "status": status,
            "component_id": 1,
            "created_at": "2026-11-27 07:43:00",
        })
    }))
}

#[test]
fn cachet_refuses_components_incidents_and_windows_past_their_limits() {
    let limits = Limits {
        max_components: 2,
        max_incidents: 2,
        max_maintenances: 1,
        ..Limits::default()
    };
    let incidents = cachet_incidents(&[1, 0, 4]);
    assert_limit(
        SourceFormat::Cachet,
        (&cachet_components(2), Some(&incidents)),
        (&cachet_components(3), Some(&incidents)),
        limits.clone(),
        "data: makes 3 components, more than the limit of 2",
    );
    assert_limit(
        SourceFormat::Cachet,
        (&cachet_components(2), Some(&incidents)),
        (
            &cachet_components(2),
            Some(&cachet_incidents(&[1, 0, 4, 2])),
        ),
        limits.clone(),
        "companion.data[3]: makes 3 incidents, more than the limit of 2",
    );
    assert_limit(
        SourceFormat::Cachet,
        (&cachet_components(2), Some(&incidents)),
        (
            &cachet_components(2),
            Some(&cachet_incidents(&[1, 0, 4, 0])),
        ),
        limits,
        "companion.data[3]: makes 2 maintenance windows, more than the limit of 1",
    );
}
