//! `GET /feeds/<name>/incidents.atom`, read back by an Atom parser, with hostile feed text.

use atom_syndication::Feed as AtomFeed;
use reqwest::header;
use serde_json::json;
use status_server::config::FeedSource;

use super::common::TestServer;

const HOSTILE_TITLE: &str = r#"</title><script>alert("x")</script> & 'co' ]]> <![CDATA[ &amp;"#;
const HOSTILE_BODY: &str = "Line one\n<b onmouseover=alert(1)>bold</b> &lt; \u{7}bell";

/// A feed whose every text tries to break out of its XML element.
fn hostile_feed() -> serde_json::Value {
    json!({
        "version": 1,
        "service": { "name": "Evil <svc> & \"co\"" },
        "checked_at": "2026-11-27T07:00:00Z",
        "components": [{ "id": "api", "name": "API", "status": "major_outage" }],
        "incidents": [
            {
                "id": "inc-<1>&\"",
                "title": HOSTILE_TITLE,
                "impact": "major",
                "status": "monitoring",
                "started_at": "2026-11-27T08:00:00Z",
                "url": "https://status.example.com/incidents/1?a=1&b=%3C2%3E",
                "updates": [
                    { "at": "2026-11-27T09:30:00Z", "status": "monitoring", "body": HOSTILE_BODY },
                    { "at": "2026-11-27T08:05:00Z", "status": "investigating", "body": "Looking." }
                ]
            },
            {
                "id": "old",
                "title": "Earlier trouble",
                "impact": "minor",
                "status": "resolved",
                "started_at": "2026-11-20T08:00:00Z",
                "resolved_at": "2026-11-20T09:00:00Z"
            }
        ]
    })
}

async fn start() -> TestServer {
    TestServer::start_with(|config| {
        let path = config.server.static_dir.with_file_name("hostile.json");
        std::fs::write(&path, hostile_feed().to_string()).unwrap();
        config
            .feeds
            .insert("hostile".to_owned(), FeedSource::File(path));
    })
    .await
}

fn seconds(rfc3339: &str) -> i64 {
    status_feed::Timestamp::parse_rfc3339(rfc3339)
        .unwrap()
        .unix_millis()
        / 1000
}

/// XML 1.0's `Char` production: what may appear in a document at all.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[tokio::test]
async fn incidents_are_valid_atom_whatever_their_text() {
    let server = start().await;
    let path = "/feeds/hostile/incidents.atom";
    let response = server.get(path).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    assert!(
        response.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=")
    );
    let etag = response.headers()[header::ETAG].clone();
    let xml = response.text().await.unwrap();
    assert!(xml.chars().all(is_xml_char), "{xml}");
    assert!(!xml.contains("<script>") && !xml.contains("<b "), "{xml}");

    let atom = AtomFeed::read_from(xml.as_bytes()).expect("parses as Atom");
    assert!(atom.id().starts_with("urn:uuid:"), "{}", atom.id());
    assert_eq!(atom.title().as_str(), "Evil <svc> & \"co\" incidents");
    assert_eq!(atom.updated().timestamp(), seconds("2026-11-27T09:30:00Z"));
    let link = |rel: &str| {
        atom.links()
            .iter()
            .find(|link| link.rel() == rel)
            .map(|link| link.href().to_owned())
    };
    let self_url = format!("{}{path}", server.base);
    assert_eq!(link("self").as_deref(), Some(self_url.as_str()));
    assert_eq!(
        link("alternate"),
        Some(format!("{0}/?feed={0}/feeds/hostile.json", server.base))
    );

    let entries = atom.entries();
    assert_eq!(entries.len(), 2);
    let current = &entries[0];
    assert_eq!(current.title().as_str(), HOSTILE_TITLE);
    assert!(current.id().starts_with("urn:uuid:"));
    assert_ne!(current.id(), entries[1].id());
    assert_eq!(
        current.published().unwrap().timestamp(),
        seconds("2026-11-27T08:00:00Z")
    );
    assert_eq!(
        current.updated().timestamp(),
        seconds("2026-11-27T09:30:00Z")
    );
    assert_eq!(current.authors()[0].name(), "Evil <svc> & \"co\"");
    assert_eq!(
        current.links()[0].href(),
        "https://status.example.com/incidents/1?a=1&b=%3C2%3E"
    );
    let content = current.content().unwrap();
    assert_eq!(content.content_type(), Some("text"));
    let text = content.value().unwrap();
    let expected_body = HOSTILE_BODY.replace('\u{7}', "\u{fffd}");
    assert!(text.contains(&expected_body), "{text}");
    assert!(text.contains("Looking."), "{text}");
    assert!(
        text.starts_with("Status: monitoring. Impact: major."),
        "{text}"
    );
    let resolved = &entries[1];
    assert_eq!(
        resolved.updated().timestamp(),
        seconds("2026-11-20T09:00:00Z"),
        "a resolved incident was last updated when it was resolved"
    );
    assert_eq!(resolved.links()[0].href(), link("alternate").unwrap());

    let again = AtomFeed::read_from(
        server
            .get(path)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(again.entries()[0].id(), current.id(), "ids are stable");

    let revalidated = server
        .get(path)
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);

    let feed = server.feed("hostile").await;
    assert_eq!(
        feed["service"]["atom_url"], self_url,
        "served feeds link to it"
    );
}

#[tokio::test]
async fn a_feed_without_incidents_is_an_empty_atom_feed_and_unknown_feeds_are_404() {
    let server = start().await;
    let xml = server
        .get("/feeds/plain/incidents.atom")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let atom = AtomFeed::read_from(xml.as_bytes()).expect("parses as Atom");
    assert!(atom.entries().is_empty());
    assert_eq!(atom.title().as_str(), "Plain incidents");
    assert!(xml.contains("<updated>"), "updated is required: {xml}");

    let missing = server
        .get("/feeds/missing/incidents.atom")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["error"], "unknown_feed");
}
