mod common;

use common::{assert_invalid, minimal, parse_ok, parse_value};
use serde_json::json;
use status_feed::{FeedError, Limits, ParseOptions, Status, parse_feed, parse_feed_with};

#[test]
fn minimal_feed_is_valid_and_unknown() {
    let parsed = parse_ok(&minimal());
    assert!(parsed.warnings.is_empty());
    assert_eq!(
        parsed.feed.overall_status(),
        Status::Unknown,
        "no status, no components"
    );
}

#[test]
fn empty_and_whitespace_documents_are_empty() {
    assert_eq!(parse_feed(b""), Err(FeedError::Empty));
    assert_eq!(parse_feed(b" \n\t "), Err(FeedError::Empty));
    assert_eq!(
        parse_feed(b"\xef\xbb\xbf"),
        Err(FeedError::Empty),
        "a lone byte-order mark"
    );
}

#[test]
fn byte_order_mark_is_tolerated() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(serde_json::to_vec(&minimal()).unwrap());
    assert!(parse_feed(&bytes).is_ok());
}

#[test]
fn syntax_errors_give_line_and_column() {
    let error = parse_feed(b"{\"version\": 1,\n \"service\": {\"name\": \"x\"").unwrap_err();
    assert_eq!(
        error,
        FeedError::Syntax("EOF while parsing an object at line 2 column 24".into())
    );
    let truncated = parse_feed(b"{\"version\": 1, \"serv").unwrap_err();
    assert!(matches!(truncated, FeedError::Syntax(_)), "{truncated:?}");
}

#[test]
fn non_objects_and_unknown_documents_are_rejected() {
    for document in ["42", "\"status\"", "null"] {
        assert_eq!(
            parse_feed(document.as_bytes()),
            Err(FeedError::Invalid {
                path: "(top level)".into(),
                reason: "expected a JSON object or array".into()
            }),
            "{document}"
        );
    }
    // Lists are read by several formats, but not lists of anything.
    for document in ["{\"hello\": \"world\"}", "[1, 2]", "[{\"hello\": 1}]"] {
        assert_eq!(
            parse_feed(document.as_bytes()),
            Err(FeedError::UnknownFormat),
            "{document}"
        );
    }
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    let limits = Limits {
        max_document_bytes: 100,
        ..Limits::default()
    };
    let options = ParseOptions {
        limits,
        format: None,
    };
    let padded = format!(
        "{{\"version\": 1, \"service\": {{\"name\": \"{}\"}}}}",
        "x".repeat(200)
    );
    assert_eq!(
        parse_feed_with(padded.as_bytes(), &options),
        Err(FeedError::TooLarge {
            size: padded.len(),
            limit: 100
        })
    );
    let huge = vec![b' '; Limits::default().max_document_bytes + 1];
    assert!(matches!(parse_feed(&huge), Err(FeedError::TooLarge { .. })));
}

#[test]
fn newer_format_versions_are_refused_clearly() {
    let mut feed = minimal();
    feed["version"] = json!(2);
    assert_invalid(&feed, "version", "format version 2 is not supported");
}

#[test]
fn missing_and_mistyped_fields_name_their_path() {
    assert_invalid(&json!({"version": 1}), "service", "is required");
    assert_invalid(
        &json!({"version": 1, "service": null}),
        "service",
        "is required",
    );
    assert_invalid(
        &json!({"version": 1, "service": []}),
        "service",
        "expected an object, found an array",
    );
    let mut feed = minimal();
    feed["components"] =
        json!([{"id": "a", "name": "A", "status": "operational"}, {"id": "b", "name": "B"}]);
    assert_invalid(&feed, "components[1].status", "is required");
    feed["components"] = json!([{"id": "a", "name": 3, "status": "operational"}]);
    assert_invalid(&feed, "components[0].name", "expected a string, found 3");
    feed["components"] = json!({"a": 1});
    assert_invalid(&feed, "components", "expected an array, found an object");
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "2026-11-27T09:00:00Z", "components": ["api", {"id": "db"}, 7]}]);
    assert_invalid(&feed, "incidents[0].components[1].name", "is required");
    feed["incidents"][0]["components"] = json!(["api", 7]);
    assert_invalid(
        &feed,
        "incidents[0].components[1]",
        "expected a component id, or an object",
    );
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved", "started_at": "2026-13-01T00:00:00Z"}]);
    assert_invalid(
        &feed,
        "incidents[0].started_at",
        "expected an RFC 3339 timestamp",
    );
}

#[test]
fn times_that_could_not_be_written_back_are_refused_at_their_path() {
    let mut feed = minimal();
    feed["checked_at"] = json!("9999-12-31T23:59:59-23:59");
    assert_invalid(
        &feed,
        "checked_at",
        "\"9999-12-31T23:59:59-23:59\" is outside the years 0000 to 9999 once its offset is applied",
    );
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "0000-01-01T00:00:00+00:01"}]);
    assert_invalid(
        &feed,
        "incidents[0].started_at",
        "is outside the years 0000 to 9999",
    );
}

#[test]
fn empty_required_text_is_rejected() {
    let mut feed = minimal();
    feed["service"]["name"] = json!("   ");
    assert_invalid(&feed, "service.name", "must not be empty");
}

#[test]
fn duplicate_ids_are_rejected() {
    let mut feed = minimal();
    feed["components"] = json!([
        {"id": "api", "name": "API", "status": "operational"},
        {"id": "api", "name": "API again", "status": "degraded"}
    ]);
    assert_invalid(
        &feed,
        "components[1].id",
        "id \"api\" is used more than once",
    );
}

#[test]
fn counts_over_the_limit_are_rejected() {
    let mut feed = minimal();
    let components: Vec<_> = (0..2001)
        .map(|i| json!({"id": format!("c{i}"), "name": "C", "status": "operational"}))
        .collect();
    feed["components"] = json!(components);
    assert_invalid(
        &feed,
        "components",
        "has 2001 entries, more than the limit of 2000",
    );
}

#[test]
fn long_text_is_rejected_with_its_length() {
    let mut feed = minimal();
    feed["summary"] = json!("é".repeat(20_001));
    assert_invalid(
        &feed,
        "summary",
        "is 20001 characters long, more than the limit of 20000",
    );
    // multi-byte text under the character limit passes even though its bytes exceed it
    feed["summary"] = json!("é".repeat(20_000));
    assert!(parse_value(&feed).is_ok());
}

#[test]
fn relay_fields_are_read() {
    let mut feed = minimal();
    feed["checked_at"] = json!("2026-11-27T09:00:00Z");
    feed["stale_since"] = json!("2026-11-27T09:01:00Z");
    feed["service"]["atom_url"] = json!("https://status.example.com/feeds/api/incidents.atom");
    let parsed = parse_ok(&feed);
    assert_eq!(
        parsed.feed.stale_since.map(|at| at.to_rfc3339()).as_deref(),
        Some("2026-11-27T09:01:00Z")
    );
    assert_eq!(
        parsed.feed.service.atom_url.unwrap().as_str(),
        "https://status.example.com/feeds/api/incidents.atom"
    );
    feed["stale_since"] = json!("yesterday");
    assert!(parse_value(&feed).is_err());
}

#[test]
fn unsafe_links_are_dropped_with_warnings() {
    let mut feed = minimal();
    feed["service"]["url"] = json!("javascript:alert(document.domain)");
    feed["service"]["atom_url"] = json!("javascript:alert(1)");
    feed["service"]["status_page_url"] = json!("https://status.example.com");
    feed["guide"] = json!({"links": [
        {"title": "Docs", "url": "https://example.com/docs"},
        {"title": "Evil", "url": "data:text/html;base64,PHNjcmlwdD4="},
        {"title": "Also fine", "url": "http://example.com/retry"}
    ]});
    let parsed = parse_ok(&feed);
    assert_eq!(parsed.feed.service.url, None);
    assert!(parsed.feed.service.status_page_url.is_some());
    let titles: Vec<_> = parsed
        .feed
        .guide
        .unwrap()
        .links
        .into_iter()
        .map(|l| l.title)
        .collect();
    assert_eq!(titles, ["Docs", "Also fine"]);
    let paths: Vec<_> = parsed.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        ["service.url", "service.atom_url", "guide.links[1].url"]
    );
    assert!(
        parsed.warnings[0]
            .message
            .contains("not an absolute http(s) URL")
    );
}

#[test]
fn report_settings_without_a_safe_url_are_removed() {
    let mut feed = minimal();
    feed["report"] =
        json!({"url": "ftp://example.com/reports", "symptoms": [{"id": "500", "label": "500"}]});
    let parsed = parse_ok(&feed);
    assert_eq!(parsed.feed.report, None);
    assert_eq!(parsed.warnings[0].path, "report.url");
    assert!(
        parsed.warnings[0]
            .message
            .contains("the report button is hidden")
    );
}

#[test]
fn dangling_group_references_are_ungrouped_with_a_warning() {
    let mut feed = minimal();
    feed["groups"] = json!([{"id": "g", "name": "G"}]);
    feed["components"] = json!([
        {"id": "a", "name": "A", "status": "operational", "group": "g"},
        {"id": "b", "name": "B", "status": "operational", "group": "missing"}
    ]);
    let parsed = parse_ok(&feed);
    assert_eq!(parsed.feed.components[0].group.as_deref(), Some("g"));
    assert_eq!(parsed.feed.components[1].group, None);
    assert_eq!(parsed.warnings[0].path, "components[1].group");
}

#[test]
fn an_end_before_its_start_is_moved_to_the_start_with_a_warning() {
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "2026-11-27T10:00:00Z", "resolved_at": "2026-11-27T09:00:00Z"}]);
    feed["maintenances"] = json!([{"id": "m", "title": "T", "status": "scheduled",
        "starts_at": "2026-11-27T10:00:00Z", "ends_at": "2026-11-27T09:00:00Z"}]);
    let parsed = parse_ok(&feed);
    let incident = &parsed.feed.incidents[0];
    assert_eq!(incident.resolved_at, Some(incident.started_at));
    let window = &parsed.feed.maintenances[0];
    assert_eq!(window.ends_at, window.starts_at);
    let warned: Vec<_> = parsed
        .warnings
        .iter()
        .map(|warning| (warning.path.as_str(), warning.message.as_str()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                "incidents[0].resolved_at",
                "is earlier than started_at; started_at is used"
            ),
            (
                "maintenances[0].ends_at",
                "is earlier than starts_at; starts_at is used"
            ),
        ]
    );
}

#[test]
fn community_numbers_must_make_sense() {
    let mut feed = minimal();
    feed["community"] = json!({"bucket_seconds": 0, "buckets": []});
    assert_invalid(
        &feed,
        "community.bucket_seconds",
        "must be greater than zero",
    );
    feed["community"] = json!({"bucket_seconds": 300, "buckets": [], "baseline": -1.5});
    assert_invalid(
        &feed,
        "community.baseline",
        "must be zero or a positive number",
    );
    feed["community"] = json!({"bucket_seconds": 300, "buckets": [{"start": "2026-11-27T09:00:00Z", "reports": -1}]});
    assert_invalid(
        &feed,
        "community.buckets[0].reports",
        "expected a whole number from 0 to 4294967295, found -1",
    );
}

#[test]
fn hostile_text_is_kept_as_inert_text() {
    let script = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    let mut feed = minimal();
    feed["summary"] = json!(script);
    feed["components"] = json!([{"id": "a", "name": script, "status": "operational"}]);
    let parsed = parse_ok(&feed);
    // Nothing is stripped or decoded: the widget renders it as text, never as HTML.
    assert_eq!(parsed.feed.summary.as_deref(), Some(script));
    assert_eq!(parsed.feed.components[0].name, script);
}

#[test]
fn deeply_nested_documents_are_refused_without_crashing() {
    let mut document = String::from("{\"version\": 1, \"service\": {\"name\": \"x\"}, \"extra\": ");
    document.push_str(&"[".repeat(10_000));
    document.push_str(&"]".repeat(10_000));
    document.push('}');
    let error = parse_feed(document.as_bytes()).unwrap_err();
    assert!(
        matches!(&error, FeedError::Syntax(m) if m.starts_with("recursion limit exceeded")),
        "{error}"
    );
}

#[test]
fn component_references_take_ids_or_named_objects() {
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "2026-11-27T09:00:00Z", "components": ["api", {"id": "db", "name": "Database"}]}]);
    let components = parse_ok(&feed).feed.incidents.remove(0).components;
    assert_eq!(
        components,
        [
            status_feed::ComponentRef::Id("api".into()),
            status_feed::ComponentRef::Named {
                id: "db".into(),
                name: "Database".into()
            }
        ]
    );
}

#[test]
fn unknown_fields_are_ignored_for_forward_compatibility() {
    let mut feed = minimal();
    feed["a_future_section"] = json!({"anything": [1, 2, 3]});
    feed["components"] =
        json!([{"id": "a", "name": "A", "status": "sublimated", "sparkles": true}]);
    let parsed = parse_ok(&feed);
    assert_eq!(parsed.feed.components[0].status, Status::Unknown);
}

#[test]
fn whole_numbers_may_be_written_with_a_zero_fraction() {
    let mut feed = minimal();
    feed["refresh_seconds"] = json!(60.0);
    assert_eq!(parse_ok(&feed).feed.refresh_seconds, Some(60));
    feed["refresh_seconds"] = json!(60.5);
    assert_invalid(
        &feed,
        "refresh_seconds",
        "expected a whole number from 0 to 4294967295, found a number",
    );
}

#[test]
fn updates_are_read_newest_first_whatever_order_the_feed_lists_them_in() {
    let mut feed = minimal();
    feed["incidents"] = json!([{"id": "i", "title": "T", "impact": "minor", "status": "resolved",
        "started_at": "2026-11-27T08:00:00Z", "resolved_at": "2026-11-27T10:00:00Z",
        "updates": [
            {"at": "2026-11-27T08:05:00Z", "status": "investigating", "body": "first"},
            {"at": "2026-11-27T10:00:00Z", "status": "resolved", "body": "last"},
            {"at": "2026-11-27T09:00:00Z", "status": "identified", "body": "middle"}]}]);
    let parsed = parse_ok(&feed);
    let bodies: Vec<&str> = parsed.feed.incidents[0]
        .updates
        .iter()
        .map(|update| update.body.as_str())
        .collect();
    assert_eq!(bodies, ["last", "middle", "first"]);
}
