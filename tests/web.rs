//! Browser tests: components mounted into a real DOM in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Status, Timestamp, parse_feed};
use status_widget::components::{
    ComponentList, ErrorState, IncidentList, LastChecked, StatusBadge,
};
use status_widget::feed_loader::{FeedSource, LoadError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn scratch() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    wasm_bindgen::JsCast::unchecked_into(element)
}

fn feed(json: &str) -> Arc<Feed> {
    Arc::new(parse_feed(json.as_bytes()).unwrap().feed)
}

const FEED: &str = r#"{
    "version": 1,
    "service": {"name": "Example"},
    "groups": [{"id": "api", "name": "API"}],
    "components": [
        {"id": "rest", "name": "REST", "status": "degraded", "group": "api"},
        {"id": "web", "name": "<b>Website</b>", "status": "operational", "description": "The marketing site"},
        {"id": "quiet", "name": "Quiet", "status": "operational", "only_show_if_degraded": true}
    ],
    "incidents": [
        {"id": "open", "title": "Errors on REST", "impact": "major", "status": "investigating",
         "started_at": "2026-11-27T08:00:00Z", "components": ["rest"],
         "updates": [{"at": "2026-11-27T08:05:00Z", "status": "investigating", "body": "Looking into it."}]},
        {"id": "old", "title": "Old and resolved", "impact": "minor", "status": "resolved",
         "started_at": "2026-11-20T08:00:00Z", "resolved_at": "2026-11-20T09:10:00Z"}
    ]
}"#;

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

#[wasm_bindgen_test]
fn badge_says_the_status_in_words_with_a_class_per_status() {
    let host = scratch();
    let _handle = mount_to(
        host.clone(),
        || view! { <StatusBadge status=Status::PartialOutage /> },
    );
    assert_eq!(host.text_content().unwrap(), "◐Partial outage");
    let badge = host.query_selector(".sw-badge--partial_outage").unwrap();
    assert!(badge.is_some());
    let icon = host.query_selector(".sw-badge__icon").unwrap().unwrap();
    assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
fn component_list_groups_members_and_hides_quiet_ones() {
    let host = scratch();
    let feed = feed(FEED);
    let _handle = mount_to(
        host.clone(),
        move || view! { <ComponentList feed=feed.clone() /> },
    );
    let group = host.query_selector(".sw-group").unwrap().unwrap();
    assert!(
        group
            .text_content()
            .unwrap()
            .starts_with("API!Degraded performance")
    );
    assert!(group.text_content().unwrap().contains("REST"));
    let rows = host.query_selector_all(".sw-component").unwrap();
    assert_eq!(
        rows.length(),
        2,
        "only_show_if_degraded hides the operational component"
    );
    let text = host.text_content().unwrap();
    assert!(
        text.contains("<b>Website</b>"),
        "markup in names stays text: {text}"
    );
    assert!(host.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
fn component_list_says_when_it_is_empty() {
    let host = scratch();
    let feed = feed(r#"{"version": 1, "service": {"name": "Empty"}}"#);
    let _handle = mount_to(
        host.clone(),
        move || view! { <ComponentList feed=feed.clone() /> },
    );
    assert_eq!(
        host.text_content().unwrap(),
        "This feed lists no components."
    );
}

#[wasm_bindgen_test]
fn incident_list_puts_ongoing_first_and_opens_their_updates() {
    let host = scratch();
    let feed = feed(FEED);
    let (now, _) = signal(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=feed.clone() now /> },
    );
    let cards = host.query_selector_all(".sw-incident").unwrap();
    assert_eq!(cards.length(), 2);
    let first = host.query_selector(".sw-incident").unwrap().unwrap();
    assert_eq!(
        first.get_attribute("data-incident").as_deref(),
        Some("open")
    );
    let text = first.text_content().unwrap();
    assert!(
        text.contains("Errors on REST") && text.contains("Affects: REST"),
        "{text}"
    );
    assert!(text.contains("Looking into it."), "{text}");
    let details = first.query_selector("details").unwrap().unwrap();
    assert!(
        details.has_attribute("open"),
        "updates of an ongoing incident are expanded"
    );
    let resolved = host.query_selector("[data-incident=old] details").unwrap();
    assert!(resolved.is_none(), "no updates, no disclosure");
}

#[wasm_bindgen_test]
fn incident_list_says_when_there_is_nothing_recent() {
    let host = scratch();
    let feed = feed(FEED);
    let (much_later, _) = signal(at("2027-06-01T00:00:00Z"));
    let only_old = Arc::new(Feed {
        incidents: feed.incidents[1..].to_vec(),
        ..(*feed).clone()
    });
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=only_old.clone() now=much_later /> },
    );
    assert_eq!(
        host.text_content().unwrap(),
        "No incidents in the past 30 days."
    );
}

#[wasm_bindgen_test]
async fn last_checked_words_the_age_and_keeps_the_exact_time() {
    let host = scratch();
    let (now, set_now) = signal(at("2026-11-27T09:21:00Z"));
    let checked = Some(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <LastChecked checked_at=checked now /> },
    );
    let time = host.query_selector("time").unwrap().unwrap();
    assert_eq!(time.text_content().unwrap(), "21 minutes ago");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-27T09:00:00.000Z")
    );
    assert!(time.get_attribute("title").unwrap().contains("2026"));
    set_now.set(at("2026-11-27T11:00:00Z"));
    leptos::task::tick().await;
    assert_eq!(
        time.text_content().unwrap(),
        "2 hours ago",
        "updates as time passes"
    );
}

#[wasm_bindgen_test]
fn error_state_explains_and_names_the_feed() {
    let host = scratch();
    let error = LoadError::Http {
        status: 503,
        status_text: "Service Unavailable".into(),
        retry_after: None,
    };
    let _handle = mount_to(host.clone(), move || {
        view! { <ErrorState error=error.clone() feed_url="https://example.com/feed.json".to_owned() /> }
    });
    let alert = host.query_selector("[role=alert]").unwrap().unwrap();
    let text = alert.text_content().unwrap();
    assert!(text.contains("HTTP 503 Service Unavailable"), "{text}");
    assert!(text.contains("https://example.com/feed.json"), "{text}");
}

#[wasm_bindgen_test]
fn feed_source_comes_from_the_query_string() {
    assert_eq!(FeedSource::from_query(""), FeedSource::Demo);
    assert_eq!(FeedSource::from_query("?feed="), FeedSource::Demo);
    assert_eq!(
        FeedSource::from_query("?feed=https%3A%2F%2Fexample.com%2Fstatus.json&view=full"),
        FeedSource::Url("https://example.com/status.json".into())
    );
}

#[wasm_bindgen_test]
async fn freshness_notice_words_each_state_in_a_live_region() {
    use status_widget::components::FreshnessNotice;
    use status_widget::live_feed::Health;

    let host = scratch();
    let now_time = status_widget::clock::now();
    let minutes_ago = |minutes: i64| Some(now_time.shifted(-minutes * 60_000));
    let (health, set_health) = signal(Health::default());
    let (now, _) = signal(now_time);
    let (has_data, set_has_data) = signal(true);
    let _handle = mount_to(host.clone(), move || {
        view! { <FreshnessNotice health now has_data=Signal::from(has_data) /> }
    });
    let region = host.query_selector("[aria-live=polite]").unwrap().unwrap();
    assert_eq!(
        region.text_content().unwrap(),
        "",
        "live data needs no notice"
    );

    set_health.set(Health {
        confirmed_at: minutes_ago(14),
        from_saved_copy: true,
        ..Health::default()
    });
    leptos::task::tick().await;
    assert_eq!(
        region.text_content().unwrap(),
        "Showing saved data from 14 minutes ago while the status feed loads."
    );

    set_health.set(Health {
        confirmed_at: minutes_ago(14),
        problem: Some(LoadError::Timeout),
        next_try: Some(now_time.shifted(30_500)),
        ..Health::default()
    });
    leptos::task::tick().await;
    let text = region.text_content().unwrap();
    assert!(
        text.starts_with(
            "Showing data from 14 minutes ago; the status feed is not responding. Next try in 3"
        ),
        "{text}"
    );

    set_has_data.set(false);
    leptos::task::tick().await;
    assert!(region.text_content().unwrap().starts_with("Next try in 3"));
}

#[wasm_bindgen_test]
fn the_browser_json_reader_reads_feeds_exactly_as_the_native_one() {
    use status_widget::json::read_feed_text;
    let documents = [
        include_str!("../demo/feed.json"),
        include_str!("../crates/status-feed/tests/fixtures/statuspage/summary.json"),
        include_str!("../crates/status-feed/tests/fixtures/statuspage/incidents.json"),
        include_str!(
            "../crates/status-feed/tests/fixtures/statuspage/github-incident-00km0kwpz23b.json"
        ),
        include_str!("../crates/status-feed/tests/fixtures/native/hostile.json"),
        FEED,
    ];
    for document in documents {
        assert_eq!(read_feed_text(document), parse_feed(document.as_bytes()));
    }
    // Errors name the same paths; only syntax messages come from different parsers.
    for broken in [
        r#"{"version": 1, "service": {"name": "X"}, "components": [{"id": "a", "name": "A"}]}"#,
        r#"{"version": 1, "service": {"name": "X"}, "community": {"bucket_seconds": 300, "buckets": [{"start": "2026-11-27T09:00:00Z", "reports": 1.5}]}}"#,
        r#"{"version": 2}"#,
        "[1, 2]",
        "   ",
    ] {
        assert_eq!(
            read_feed_text(broken),
            parse_feed(broken.as_bytes()),
            "{broken}"
        );
    }
    let syntax = read_feed_text("{\"version\": 1,");
    assert!(
        matches!(syntax, Err(status_feed::FeedError::Syntax(_))),
        "{syntax:?}"
    );
    let deep = format!(
        "{{\"version\": 1, \"service\": {{\"name\": \"x\"}}, \"x\": {}{}}}",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(matches!(
        read_feed_text(&deep),
        Err(status_feed::FeedError::Syntax(_))
    ));
}
