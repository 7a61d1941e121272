//! `POST /api/reports/<feed>` over real HTTP against a real SQLite file.

use super::common::{TestServer, report, stored_text, totals};
use reqwest::header;
use serde_json::{Value, json};

async fn error_body(response: reqwest::Response) -> Value {
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/json",
        "errors are JSON"
    );
    let mut body: Value = response.json().await.unwrap();
    let message = body
        .as_object_mut()
        .unwrap()
        .remove("message")
        .expect("every error has a message");
    assert!(!message.as_str().unwrap().is_empty());
    body
}

#[tokio::test]
async fn a_valid_report_is_created_and_counted() {
    let server = TestServer::start().await;
    let mut body = report("first-report-1");
    body["note"] = json!("Fails since 09:00");
    let response = server.report(&body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "id": 1, "counted": true })
    );
    let community = server.community().await;
    assert_eq!(totals(&community), (1, json!({ "errors": 1 })));
    assert_eq!(community["level"], "some");
}

#[tokio::test]
async fn invalid_reports_get_a_4xx_with_a_json_error() {
    let server = TestServer::start().await;
    let with = |field: &str, value: Value| {
        let mut body = report("valid-key-123");
        body[field] = value;
        body
    };
    let cases = [
        (
            with("component", json!("nope")),
            422,
            json!({ "error": "unknown_component", "field": "component" }),
        ),
        (
            with("symptom", json!("nope")),
            422,
            json!({ "error": "unknown_symptom", "field": "symptom" }),
        ),
        (
            with("feed", json!("example")),
            400,
            json!({ "error": "invalid_field", "field": "feed" }),
        ),
        (
            with("note", json!("x".repeat(281))),
            400,
            json!({ "error": "invalid_field", "field": "note" }),
        ),
        (
            with("idempotency_key", json!("short")),
            400,
            json!({ "error": "invalid_field", "field": "idempotency_key" }),
        ),
        (
            with("idempotency_key", json!("no/slashes/allowed")),
            400,
            json!({ "error": "invalid_field", "field": "idempotency_key" }),
        ),
        (
            with("component", json!(42)),
            400,
            json!({ "error": "invalid_field", "field": "component" }),
        ),
        (
            with("extra", json!(true)),
            400,
            json!({ "error": "invalid_field", "field": "extra" }),
        ),
        (json!([]), 400, json!({ "error": "invalid_json" })),
    ];
    for (body, status, expected) in cases {
        let response = server.report(&body).await;
        assert_eq!(response.status(), status, "{body}");
        assert_eq!(error_body(response).await, expected, "{body}");
    }
    // Note messages come from the rule the widget shares; these are the documented words.
    for (note, message) in [
        ("x".repeat(281), "\"note\" must be at most 280 characters."),
        (
            "bell\u{7}".to_owned(),
            "\"note\" must not contain control characters other than line breaks and tabs.",
        ),
    ] {
        let response = server.report(&with("note", json!(note))).await;
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["message"], message);
    }

    let unknown_feed = server
        .report_on("nope", &report("valid-key-123"), None)
        .await;
    assert_eq!(unknown_feed.status(), 404);
    assert_eq!(
        error_body(unknown_feed).await,
        json!({ "error": "unknown_feed" })
    );

    let url = format!("{}/api/reports/example", server.base);
    let not_json = server
        .client
        .post(&url)
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"feed\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(
        error_body(not_json).await,
        json!({ "error": "invalid_json" })
    );

    let wrong_type = server
        .client
        .post(&url)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(report("valid-key-123").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
    assert_eq!(
        error_body(wrong_type).await,
        json!({ "error": "unsupported_media_type" })
    );

    assert_eq!(totals(&server.community().await).0, 0, "nothing was stored");
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let server = TestServer::start().await;
    let mut body = report("valid-key-123");
    body["note"] = json!("x".repeat(5000));
    let response = server.report(&body).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        error_body(response).await,
        json!({ "error": "body_too_large" })
    );
}

#[tokio::test]
async fn the_same_idempotency_key_counts_once() {
    let server = TestServer::start().await;
    let first = server.report(&report("retry-key-1")).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = server.report(&report("retry-key-1")).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(totals(&server.community().await).0, 1);

    let mut different = report("retry-key-1");
    different["symptom"] = json!("slow");
    let conflict = server.report(&different).await;
    assert_eq!(conflict.status(), 409);
    assert_eq!(
        error_body(conflict).await,
        json!({ "error": "idempotency_conflict", "field": "idempotency_key" })
    );
}

#[tokio::test]
async fn clients_over_the_rate_limit_get_429_with_retry_after() {
    let server = TestServer::start_with(|config| {
        config.reports.rate_limit = 2;
        config.server.trust_proxy_headers = true;
    })
    .await;
    let client = Some("198.51.100.1");
    for key in ["limit-key-1", "limit-key-2"] {
        assert_eq!(server.report_from(&report(key), client).await.status(), 201);
    }
    let limited = server.report_from(&report("limit-key-3"), client).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((590..=600).contains(&retry_after), "{retry_after}");
    assert_eq!(
        error_body(limited).await,
        json!({ "error": "rate_limited" })
    );

    // A replay of an accepted report is not a new report, so the limit does not apply.
    let replay = server.report_from(&report("limit-key-1"), client).await;
    assert_eq!(replay.status(), 200);
    // Other clients are not affected.
    let other = server
        .report_from(&report("limit-key-4"), Some("198.51.100.2"))
        .await;
    assert_eq!(other.status(), 201);
    assert_eq!(totals(&server.community().await).0, 3);
}

#[tokio::test]
async fn distinct_reporters_raise_the_level_to_elevated() {
    let server = TestServer::start_with(|config| config.server.trust_proxy_headers = true).await;
    let community = server.community().await;
    assert_eq!(community["level"], "none");
    assert_eq!(community["baseline"], 0.0);
    assert_eq!(community["bucket_seconds"], 300);
    assert_eq!(community["buckets"].as_array().unwrap().len(), 288);

    let clients = ["203.0.113.1", "203.0.113.2", "2001:db8::1"];
    for (index, client) in clients.iter().enumerate() {
        let key = format!("distinct-{index}");
        let response = server.report_from(&report(&key), Some(client)).await;
        assert_eq!(response.status(), 201);
        let expected = if index < 2 { "some" } else { "elevated" };
        assert_eq!(
            server.community().await["level"],
            expected,
            "after {client}"
        );
    }
    assert_eq!(
        totals(&server.community().await),
        (3, json!({ "errors": 3 }))
    );
}

#[tokio::test]
async fn forwarded_for_is_ignored_unless_trusted() {
    let server = TestServer::start().await;
    for (index, client) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        .iter()
        .enumerate()
    {
        let key = format!("spoofed-{index}");
        let response = server.report_from(&report(&key), Some(client)).await;
        assert_eq!(response.status(), 201);
    }
    // Three reports, but all from one real client: not enough for "elevated".
    assert_eq!(server.community().await["level"], "some");
}

#[tokio::test]
async fn feeds_without_symptoms_take_the_configured_defaults() {
    let server = TestServer::start().await;
    let feed = server.feed("plain").await;
    let symptoms: Vec<&str> = feed["report"]["symptoms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|symptom| symptom["id"].as_str().unwrap())
        .collect();
    assert_eq!(symptoms, ["errors", "slow", "down", "other"]);
    let body = json!({ "component": "x", "symptom": "down", "idempotency_key": "plain-key-1" });
    assert_eq!(server.report_on("plain", &body, None).await.status(), 201);
}

#[tokio::test]
async fn no_client_address_reaches_the_database() {
    let server = TestServer::start_with(|config| config.server.trust_proxy_headers = true).await;
    let address = "198.51.100.77";
    let response = server
        .report_from(&report("privacy-key"), Some(address))
        .await;
    assert_eq!(response.status(), 201);
    let dir = server.stop().await;
    let stored = stored_text(dir.path()).await;
    assert!(stored.contains("privacy-key"), "the report was stored");
    assert!(!stored.contains(address));
    assert!(!stored.contains("127.0.0.1"));
}

#[tokio::test]
async fn reports_survive_a_restart() {
    let server = TestServer::start().await;
    assert_eq!(server.report(&report("durable-key")).await.status(), 201);
    let dir = server.stop().await;
    let config = super::common::test_config(dir.path());
    let server = TestServer::start_in(dir, config).await;
    assert_eq!(totals(&server.community().await).0, 1);
    assert_eq!(server.report(&report("durable-key")).await.status(), 200);
}
