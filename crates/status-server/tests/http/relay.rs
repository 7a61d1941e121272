//! Relayed feeds against fake upstreams on loopback that fail, hang, redirect, send huge
//! bodies, and recover.

use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use status_feed::refresh::RefreshPolicy;
use status_feed::{SourceFormat, WebUrl};
use status_server::config::{Config, FeedSource, RelayConfig};

use super::common::{TestServer, feed_json};
use super::upstream::{Behaviour, Upstream};

/// The widget's rules, sped up so a test sees many polls within a second.
fn quick_schedule() -> RefreshPolicy {
    RefreshPolicy {
        default_interval: Duration::from_millis(100),
        min_interval: Duration::from_millis(50),
        max_interval: Duration::from_millis(200),
        backoff_base: Duration::from_millis(50),
        backoff_cap: Duration::from_millis(200),
        ..RefreshPolicy::default()
    }
}

fn api_key() -> HeaderMap {
    [(
        HeaderName::from_static("x-api-key"),
        HeaderValue::from_static("secret-123"),
    )]
    .into_iter()
    .collect()
}

pub(super) fn relay_of(url: &str) -> RelayConfig {
    RelayConfig {
        // The fake upstreams are on loopback.
        allow_private_networks: true,
        timeout_seconds: Some(1),
        ..RelayConfig::of(WebUrl::parse(url).unwrap())
    }
}

pub(super) async fn start_relaying(relays: Vec<(&str, RelayConfig)>) -> TestServer {
    TestServer::start_with(|config: &mut Config| {
        config.relay_schedule = quick_schedule();
        for (name, relay) in relays {
            config
                .feeds
                .insert(name.to_owned(), FeedSource::Relay(relay));
        }
    })
    .await
}

fn ok_json(status: &str) -> Behaviour {
    Behaviour::Json(feed_json(status).to_string())
}

/// Polls the served feed until `done` holds, failing after a few seconds. Every answer
/// must be a 200 with a valid feed, whatever the upstream does.
pub(super) async fn wait_for(
    server: &TestServer,
    name: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let feed = server.feed(name).await;
        if done(&feed) {
            return feed;
        }
        assert!(
            Instant::now() < deadline,
            "gave up waiting; last feed: {feed}"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

/// Asserts `feed` is the one served before any successful read of relayed feed `name`.
pub(super) fn assert_not_read_yet(feed: &Value, name: &str) {
    assert_eq!(feed["status"], "unknown", "{feed}");
    assert_eq!(feed["service"]["name"], name, "{feed}");
    assert!(
        feed["summary"]
            .as_str()
            .is_some_and(|summary| summary.contains("could not be read yet")),
        "{feed}"
    );
}

/// Waits until `done` holds, failing after a few seconds.
pub(super) async fn until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(8);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_failing_upstream_leaves_the_last_good_feed_marked_stale_until_it_recovers() {
    let upstream = Upstream::start(ok_json("partial_outage")).await;
    let server = start_relaying(vec![("relayed", relay_of(&upstream.url()))]).await;

    let fresh = wait_for(&server, "relayed", |feed| {
        feed["status"] == "partial_outage"
    })
    .await;
    assert_eq!(fresh["service"]["name"], "Example <API> & Co");
    assert!(fresh.get("stale_since").is_none(), "{fresh}");
    assert_eq!(
        fresh["report"]["url"],
        format!("{}/api/reports/relayed", server.base)
    );
    let response = server
        .get("/feeds/relayed.json")
        .header(header::ORIGIN, "https://customer.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(
        response.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=")
    );
    assert!(response.headers().contains_key(header::ETAG));

    upstream.set(Behaviour::Status(500, None));
    let stale = wait_for(&server, "relayed", |feed| feed.get("stale_since").is_some()).await;
    assert_eq!(stale["status"], "partial_outage", "the last good copy");
    // Compared as instants: RFC 3339 text drops zero fractions, so it does not sort.
    let instant = |time: &serde_json::Value| {
        status_feed::Timestamp::parse_rfc3339(time.as_str().unwrap())
            .unwrap()
            .unix_millis()
    };
    let (last_success, failing_since) = (&stale["checked_at"], &stale["stale_since"]);
    assert!(
        instant(last_success) <= instant(failing_since),
        "{last_success} {failing_since}"
    );

    // Hanging is a failure too, and changes nothing visitors see but the marker.
    upstream.set(Behaviour::Hang);
    let requests = upstream.requests();
    until("two hanging requests", || {
        upstream.requests() >= requests + 2
    })
    .await;
    let still_stale = server.feed("relayed").await;
    assert_eq!(still_stale["status"], "partial_outage");
    assert_eq!(&still_stale["checked_at"], last_success);
    assert_eq!(&still_stale["stale_since"], failing_since);

    let report =
        json!({ "component": "api", "symptom": "errors", "idempotency_key": "relay-key-1" });
    let posted = server.report_on("relayed", &report, None).await;
    assert_eq!(posted.status(), 201, "reports work on relayed feeds");

    upstream.set(ok_json("major_outage"));
    let recovered = wait_for(&server, "relayed", |feed| feed["status"] == "major_outage").await;
    assert!(recovered.get("stale_since").is_none(), "{recovered}");
    assert!(instant(&recovered["checked_at"]) > instant(last_success));
    assert_eq!(
        recovered["community"]["level"], "some",
        "the report is counted"
    );
}

#[tokio::test]
async fn before_any_success_the_feed_says_the_source_could_not_be_read() {
    let upstream = Upstream::start(Behaviour::Status(503, Some(1))).await;
    let server = start_relaying(vec![("down", relay_of(&upstream.url()))]).await;
    until("the first request", || upstream.requests() >= 1).await;
    assert_not_read_yet(&server.feed("down").await, "down");
    let badge = server.get("/badge.svg?feed=down").send().await.unwrap();
    assert_eq!(badge.status(), 200);
    assert!(badge.text().await.unwrap().contains("down: unknown"));

    // Retry-After: 1 is honoured: backoff alone would have retried several times by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(upstream.requests(), 1, "retried before Retry-After passed");
}

#[tokio::test]
async fn private_addresses_are_refused_unless_the_config_allows_them() {
    let upstream = Upstream::start(ok_json("operational")).await;
    let port = upstream.base.rsplit(':').next().unwrap().to_owned();
    let refused = |url: String| RelayConfig {
        allow_private_networks: false,
        ..relay_of(&url)
    };
    let server = start_relaying(vec![
        ("literal", refused(upstream.url())),
        (
            "named",
            refused(format!("http://localhost:{port}/status.json")),
        ),
        ("allowed", relay_of(&upstream.url())),
    ])
    .await;
    wait_for(&server, "allowed", |feed| feed["status"] == "operational").await;
    let requests_when_allowed_one_was_served = upstream.requests();
    // Several polls of the refused relays later...
    tokio::time::sleep(Duration::from_millis(600)).await;
    for name in ["literal", "named"] {
        let feed = server.feed(name).await;
        assert_eq!(feed["status"], "unknown", "{name}: {feed}");
    }
    // ...the only requests the upstream got are the allowed relay's.
    assert!(requests_when_allowed_one_was_served >= 1);
    let allowed_polls = upstream.requests();
    assert!(
        allowed_polls <= requests_when_allowed_one_was_served + 15,
        "{allowed_polls} requests: did a refused relay connect?"
    );
}

#[tokio::test]
async fn only_a_few_redirects_to_web_addresses_are_followed() {
    let countdown = Upstream::start(Behaviour::Countdown(feed_json("degraded").to_string())).await;
    let to_a_file = Upstream::start(Behaviour::Redirect("file:///etc/passwd".into())).await;
    let hops = |count: u32| relay_of(&format!("{}/hops/{count}", countdown.base));
    let server = start_relaying(vec![
        ("five", hops(5)),
        ("six", hops(6)),
        ("file", relay_of(&to_a_file.url())),
    ])
    .await;
    wait_for(&server, "five", |feed| feed["status"] == "degraded").await;
    let six_hop_attempts = |heads: Vec<String>| {
        heads
            .iter()
            .filter(|head| head.starts_with("GET /hops/6 "))
            .count()
    };
    until("three attempts of each", || {
        six_hop_attempts(countdown.request_heads()) >= 3 && to_a_file.requests() >= 3
    })
    .await;
    for name in ["six", "file"] {
        assert_eq!(server.feed(name).await["status"], "unknown", "{name}");
    }
}

#[tokio::test]
async fn configured_headers_never_follow_a_redirect_to_another_origin() {
    // Two ports on loopback are two origins, as two hosts would be.
    let elsewhere = Upstream::start(ok_json("operational")).await;
    let moved = Upstream::start(Behaviour::Redirect(elsewhere.url())).await;
    let same_origin =
        Upstream::start(Behaviour::Countdown(feed_json("degraded").to_string())).await;
    let keyed = |url: String| RelayConfig {
        headers: api_key(),
        ..relay_of(&url)
    };
    let server = start_relaying(vec![
        ("keyed", keyed(moved.url())),
        (
            "keyed_same_origin",
            keyed(format!("{}/hops/2", same_origin.base)),
        ),
        ("unkeyed", relay_of(&moved.url())),
    ])
    .await;

    // Without configured headers there is nothing to leak: the redirect is followed.
    wait_for(&server, "unkeyed", |feed| feed["status"] == "operational").await;
    // Redirects within the origin keep working with headers.
    wait_for(&server, "keyed_same_origin", |feed| {
        feed["status"] == "degraded"
    })
    .await;
    let with_key = |heads: Vec<String>| {
        heads
            .iter()
            .filter(|head| head.to_ascii_lowercase().contains("x-api-key: secret-123"))
            .count()
    };
    until("three keyed polls of the moved upstream", || {
        with_key(moved.request_heads()) >= 3
    })
    .await;
    assert_eq!(
        with_key(elsewhere.request_heads()),
        0,
        "the key was sent to another origin"
    );
    assert_not_read_yet(&server.feed("keyed").await, "keyed");
}

#[tokio::test]
async fn huge_bodies_are_cut_off_and_hanging_upstreams_abandoned() {
    let endless = Upstream::start(Behaviour::EndlessChunks).await;
    let announced = Upstream::start(Behaviour::AnnouncedLength(1 << 40)).await;
    let hanging = Upstream::start(Behaviour::Hang).await;
    // A long time limit, so only the size limit can end these fetches soon.
    let limited = |url: String| RelayConfig {
        max_body_bytes: Some(64 * 1024),
        timeout_seconds: Some(60),
        ..relay_of(&url)
    };
    let server = start_relaying(vec![
        ("endless", limited(endless.url())),
        ("announced", limited(announced.url())),
        ("hanging", relay_of(&hanging.url())),
    ])
    .await;
    // A relay that retried has given up on its first answer.
    let deadline = Instant::now() + Duration::from_secs(5);
    for upstream in [&endless, &announced] {
        while upstream.requests() < 2 {
            assert!(
                Instant::now() < deadline,
                "an oversized body was not cut off"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let started = Instant::now();
    for name in ["endless", "announced", "hanging"] {
        assert_eq!(server.feed(name).await["status"], "unknown", "{name}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "serving does not wait for upstreams"
    );

    for upstream in [&endless, &announced, &hanging] {
        upstream.set(ok_json("operational"));
    }
    for name in ["endless", "announced", "hanging"] {
        wait_for(&server, name, |feed| feed["status"] == "operational").await;
    }
}

#[tokio::test]
async fn configured_headers_are_sent_and_a_configured_format_is_used() {
    let upstream = Upstream::start(ok_json("operational")).await;
    let with_key = RelayConfig {
        headers: api_key(),
        format: Some(SourceFormat::Native),
        ..relay_of(&upstream.url())
    };
    let as_statuspage = RelayConfig {
        format: Some(SourceFormat::Statuspage),
        ..relay_of(&upstream.url())
    };
    let server = start_relaying(vec![("keyed", with_key), ("misread", as_statuspage)]).await;
    wait_for(&server, "keyed", |feed| feed["status"] == "operational").await;
    let heads = upstream.request_heads();
    assert!(
        heads
            .iter()
            .any(|head| head.to_ascii_lowercase().contains("x-api-key: secret-123")),
        "{heads:?}"
    );
    until("several polls", || upstream.requests() >= 6).await;
    let feed = server.feed("misread").await;
    assert_eq!(
        feed["status"], "unknown",
        "a native document read as Statuspage is refused: {feed}"
    );
}
