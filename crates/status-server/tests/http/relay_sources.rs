//! Relayed sources in formats other than the native one: detected from the document, read
//! with their companion document where the format has one, and fetched conditionally so an
//! unchanged document costs the upstream no body.

use serde_json::Value;

use super::common::feed_json;
use super::relay::{assert_not_read_yet, relay_of, start_relaying, until, wait_for};
use super::upstream::{Behaviour, Upstream};

/// A document from status-feed's fixtures, which have the shapes the real services publish.
fn fixture(path: &str) -> String {
    let full = format!(
        "{}/../status-feed/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
}

const KUMA_PAGE: &str = "/api/status-page/nimbus";
const KUMA_HEARTBEATS: &str = "/api/status-page/heartbeat/nimbus";

/// An Uptime Kuma status page whose heartbeat endpoint behaves as `heartbeats`.
fn uptime_kuma(heartbeats: Behaviour) -> Behaviour {
    Behaviour::ByPath(vec![
        (
            KUMA_PAGE.to_owned(),
            Behaviour::Json(fixture("uptime-kuma/status-page.json")),
        ),
        (KUMA_HEARTBEATS.to_owned(), heartbeats),
    ])
}

fn heartbeats_tagged(etag: &str) -> Behaviour {
    Behaviour::Validated {
        body: fixture("uptime-kuma/heartbeat.json"),
        etag: Some(etag.to_owned()),
        last_modified: None,
    }
}

/// Each component as (id, status).
fn statuses(feed: &Value) -> Vec<(String, String)> {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    feed["components"]
        .as_array()
        .map(|components| {
            components
                .iter()
                .map(|c| (text(&c["id"]), text(&c["status"])))
                .collect()
        })
        .unwrap_or_default()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(id, status)| (id.to_string(), status.to_string()))
        .collect()
}

fn requests_for(upstream: &Upstream, path: &str) -> Vec<String> {
    let request_line = format!("GET {path} ");
    upstream
        .request_heads()
        .into_iter()
        .filter(|head| head.starts_with(&request_line))
        .collect()
}

fn is_conditional(head: &str) -> bool {
    let head = head.to_ascii_lowercase();
    head.contains("\r\nif-none-match:") || head.contains("\r\nif-modified-since:")
}

#[tokio::test]
async fn uptime_kuma_monitors_take_their_statuses_from_the_heartbeat_companion() {
    let upstream = Upstream::start(uptime_kuma(heartbeats_tagged("\"beats-1\""))).await;
    let server = start_relaying(vec![(
        "kuma",
        relay_of(&format!("{}{KUMA_PAGE}", upstream.base)),
    )])
    .await;
    let from_heartbeats = owned(&[
        ("11", "major_outage"),
        ("12", "degraded"),
        ("21", "maintenance"),
        ("22", "unknown"),
    ]);
    let fresh = wait_for(&server, "kuma", |feed| statuses(feed) == from_heartbeats).await;
    assert_eq!(fresh["service"]["name"], "Nimbus AI status", "{fresh}");
    assert_eq!(fresh["components"][0]["group"], "1");
    assert_eq!(fresh["components"][0]["uptime_percent"], 98.21);
    assert!(fresh.get("stale_since").is_none(), "{fresh}");

    // Only the companion changes: answered 304, its remembered body is read again with the
    // page, which is fetched in full each time as it sends no validators.
    until("the heartbeats are revalidated", || {
        requests_for(&upstream, KUMA_HEARTBEATS).len() >= 3
    })
    .await;
    let heartbeat_requests = requests_for(&upstream, KUMA_HEARTBEATS);
    assert!(!is_conditional(&heartbeat_requests[0]));
    assert!(
        heartbeat_requests[1..]
            .iter()
            .all(|head| head.contains("\"beats-1\"")),
        "{heartbeat_requests:?}"
    );
    assert!(
        requests_for(&upstream, KUMA_PAGE)
            .iter()
            .all(|head| !is_conditional(head))
    );
    let revalidated = server.feed("kuma").await;
    assert_eq!(statuses(&revalidated), from_heartbeats);
    assert!(revalidated.get("stale_since").is_none(), "{revalidated}");

    // Without its heartbeats the page alone would list every monitor as unknown, which says
    // less than the last good copy: that copy is served, marked stale.
    upstream.set(uptime_kuma(Behaviour::Status(500, None)));
    let stale = wait_for(&server, "kuma", |feed| feed.get("stale_since").is_some()).await;
    assert_eq!(statuses(&stale), from_heartbeats, "{stale}");

    upstream.set(uptime_kuma(heartbeats_tagged("\"beats-2\"")));
    let recovered = wait_for(&server, "kuma", |feed| feed.get("stale_since").is_none()).await;
    assert_eq!(statuses(&recovered), from_heartbeats);
}

#[tokio::test]
async fn before_the_companion_is_read_once_the_feed_says_the_source_could_not_be_read() {
    let upstream = Upstream::start(uptime_kuma(Behaviour::Status(503, None))).await;
    let server = start_relaying(vec![(
        "kuma",
        relay_of(&format!("{}{KUMA_PAGE}", upstream.base)),
    )])
    .await;
    until("two attempts at the heartbeats", || {
        requests_for(&upstream, KUMA_HEARTBEATS).len() >= 2
    })
    .await;
    let feed = server.feed("kuma").await;
    assert_not_read_yet(&feed, "kuma");
    assert!(feed.get("components").is_none(), "{feed}");
}

#[tokio::test]
async fn a_gatus_list_is_detected_and_relayed_as_a_native_feed() {
    let upstream = Upstream::start(Behaviour::Json(fixture("gatus/statuses.json"))).await;
    let server = start_relaying(vec![("gatus", relay_of(&upstream.url()))]).await;
    let expected = owned(&[
        ("api_inference", "major_outage"),
        ("_docs", "operational"),
        ("api_new", "unknown"),
    ]);
    let feed = wait_for(&server, "gatus", |feed| statuses(feed) == expected).await;
    assert_eq!(feed["version"], 1);
    assert_eq!(feed["groups"][0]["name"], "api");
    assert_eq!(
        feed["components"][0]["history"][1]["status"],
        "major_outage"
    );
    assert!(
        upstream
            .request_heads()
            .iter()
            .all(|head| head.starts_with("GET /status.json ")),
        "Gatus has no companion document"
    );
}

#[tokio::test]
async fn a_not_modified_answer_keeps_the_feed_and_counts_as_a_successful_read() {
    let tagged = |status: &str, etag: &str| Behaviour::Validated {
        body: feed_json(status).to_string(),
        etag: Some(etag.to_owned()),
        last_modified: None,
    };
    let by_date = Upstream::start(Behaviour::Validated {
        body: feed_json("degraded").to_string(),
        etag: None,
        last_modified: Some("Fri, 27 Nov 2026 08:00:00 GMT".to_owned()),
    })
    .await;
    let by_tag = Upstream::start(tagged("degraded", "\"v1\"")).await;
    let server = start_relaying(vec![
        ("by_tag", relay_of(&by_tag.url())),
        ("by_date", relay_of(&by_date.url())),
    ])
    .await;

    for (name, upstream, validator) in [
        ("by_tag", &by_tag, "if-none-match: \"v1\""),
        (
            "by_date",
            &by_date,
            "if-modified-since: Fri, 27 Nov 2026 08:00:00 GMT",
        ),
    ] {
        let first = wait_for(&server, name, |feed| feed["status"] == "degraded").await;
        let first_checked = first["checked_at"].as_str().unwrap().to_owned();
        // Every later request carries the validator, and so is answered 304: a newer
        // `checked_at` can only come from a 304 read as a success.
        let revalidated = wait_for(&server, name, |feed| {
            feed["checked_at"].as_str().unwrap() > first_checked.as_str()
        })
        .await;
        assert_eq!(revalidated["status"], "degraded", "{name}: {revalidated}");
        assert!(revalidated.get("stale_since").is_none(), "{name}");
        let heads = upstream.request_heads();
        assert!(heads.len() >= 2, "{name}: {heads:?}");
        assert!(!is_conditional(&heads[0]), "{name}: {}", heads[0]);
        assert!(
            heads[1..].iter().all(|head| head
                .to_ascii_lowercase()
                .contains(&validator.to_ascii_lowercase())),
            "{name}: {heads:?}"
        );
    }

    // A new version has a new tag, so the old one no longer matches and it is read.
    by_tag.set(tagged("major_outage", "\"v2\""));
    wait_for(&server, "by_tag", |feed| feed["status"] == "major_outage").await;
    let polls = by_tag.requests();
    until("another poll", || by_tag.requests() > polls + 1).await;
    assert!(
        by_tag
            .request_heads()
            .last()
            .is_some_and(|head| head.contains("\"v2\"")),
        "the new tag is sent next"
    );
}

#[tokio::test]
async fn a_not_modified_answer_to_an_unconditional_request_is_a_failed_read() {
    // It sends no validators, so the relay has nothing to make a request conditional on.
    let upstream = Upstream::start(Behaviour::Json(feed_json("degraded").to_string())).await;
    let server = start_relaying(vec![("untagged", relay_of(&upstream.url()))]).await;
    wait_for(&server, "untagged", |feed| feed["status"] == "degraded").await;
    upstream.set(Behaviour::Status(304, None));
    let stale = wait_for(&server, "untagged", |feed| {
        feed.get("stale_since").is_some()
    })
    .await;
    assert_eq!(stale["status"], "degraded", "the last good copy");
    assert!(
        upstream
            .request_heads()
            .iter()
            .all(|head| !is_conditional(head)),
        "{:?}",
        upstream.request_heads()
    );
}
