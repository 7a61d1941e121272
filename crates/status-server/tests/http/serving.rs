//! Feeds, badges, health, static files and CORS over real HTTP.

use status_server::config::{CorsOrigins, Database, FeedSource};

use super::common::{HASHED_SCRIPT, TestServer, feed_json, report};
use std::time::{Duration, Instant};

use reqwest::{Method, header};
use serde_json::{Value, json};

/// Every generated document of a feed polled at the default 60 s: a CDN may keep it 15 s
/// and serve it 15 s more while it revalidates, so no copy is over half a minute old.
const CDN_CACHING: &str = "public, max-age=15, stale-while-revalidate=15, stale-if-error=3600";

#[tokio::test]
async fn feeds_tell_a_cdn_how_long_to_keep_them_and_what_they_vary_on() {
    let origin = "https://portal.example";
    let server = TestServer::start_with(|config| {
        config.server.cors_origins =
            CorsOrigins::from_list(&[origin, "https://docs.example"]).unwrap();
    })
    .await;
    let feed_from_portal = |server: &TestServer| {
        server
            .get("/feeds/example.json")
            .header(header::ORIGIN, origin)
            .send()
    };
    let response = feed_from_portal(&server).await.unwrap();
    assert_eq!(response.headers()[header::CACHE_CONTROL], CDN_CACHING);
    let vary = |response: &reqwest::Response| -> Vec<String> {
        response
            .headers()
            .get_all(header::VARY)
            .iter()
            .flat_map(|value| value.to_str().unwrap().split(','))
            .map(|name| name.trim().to_ascii_lowercase())
            .collect()
    };
    // The allowed origin is echoed, so a cache must keep one copy per origin.
    assert!(
        vary(&response).contains(&"origin".to_owned()),
        "{:?}",
        vary(&response)
    );
    assert!(!vary(&response).contains(&"x-forwarded-proto".to_owned()));
    let etag = response.headers()[header::ETAG].clone();
    let revalidated = server
        .get("/feeds/example.json")
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
    assert_eq!(
        revalidated.headers()[header::CACHE_CONTROL],
        CDN_CACHING,
        "a 304 renews a cached copy for as long as the 200 did"
    );

    let unknown = server.get("/badge.svg?feed=nowhere").send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()[header::CACHE_CONTROL], "no-cache");

    // Behind a proxy whose scheme header the feed's links follow, the scheme is part of
    // the copy: without this, an https visitor could get links built for http. And a feed
    // polled every 10 minutes is kept for a quarter of that.
    let proxied = TestServer::start_with(|config| {
        config.server.trust_proxy_headers = true;
        let slow = config.server.static_dir.with_file_name("slow.json");
        let feed = json!({ "version": 1, "service": { "name": "Slow" }, "refresh_seconds": 600 });
        std::fs::write(&slow, feed.to_string()).unwrap();
        config
            .feeds
            .insert("slow".to_owned(), FeedSource::File(slow));
    })
    .await;
    let response = feed_from_portal(&proxied).await.unwrap();
    assert!(vary(&response).contains(&"x-forwarded-proto".to_owned()));
    assert!(
        !vary(&response).contains(&"origin".to_owned()),
        "every origin gets `*`, so one copy serves them all"
    );
    let atom = proxied
        .get("/feeds/example/incidents.atom")
        .send()
        .await
        .unwrap();
    assert!(vary(&atom).contains(&"x-forwarded-proto".to_owned()));
    for path in [
        "/feeds/slow.json",
        "/feeds/slow/incidents.atom",
        "/badge.svg?feed=slow",
    ] {
        let response = proxied.get(path).send().await.unwrap();
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=150, stale-while-revalidate=150, stale-if-error=3600",
            "{path}"
        );
    }
}

#[tokio::test]
async fn feeds_are_served_normalised_with_a_strong_etag() {
    let server = TestServer::start().await;
    let response = server.get("/feeds/example.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    let feed: Value = response.json().await.unwrap();
    assert_eq!(feed["service"]["name"], "Example <API> & Co");
    assert_eq!(
        feed["report"]["url"],
        format!("{}/api/reports/example", server.base),
        "reports go to this server, not to the source's address"
    );
    assert_eq!(feed["report"]["once_per_minutes"], 30);
    assert_eq!(
        feed["report"]["symptoms"][1],
        json!({ "id": "slow", "label": "Slow responses" })
    );

    let unchanged = server
        .get("/feeds/example.json")
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 304);
    assert_eq!(unchanged.headers()[header::ETAG], etag.as_str());
    assert_eq!(unchanged.bytes().await.unwrap().len(), 0);

    assert_eq!(server.report(&report("etag-changes")).await.status(), 201);
    let changed = server
        .get("/feeds/example.json")
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "a new report changes the feed");
    assert_ne!(changed.headers()[header::ETAG], etag.as_str());
}

#[tokio::test]
async fn unknown_feeds_are_404_json() {
    let server = TestServer::start().await;
    for path in ["/feeds/missing.json", "/feeds/example"] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "unknown_feed", "{path}");
    }
}

/// The JSON error format of the API covers what the framework refuses before a handler
/// runs: paths and queries that cannot be read, and methods a route does not take.
#[tokio::test]
async fn rejected_paths_queries_and_methods_answer_in_the_json_error_format() {
    let server = TestServer::start().await;
    for (method, path, status, code) in [
        (Method::GET, "/feeds/%ff.json", 400, "invalid_path"),
        (
            Method::GET,
            "/feeds/%ff/incidents.atom",
            400,
            "invalid_path",
        ),
        (Method::POST, "/api/reports/%ff", 400, "invalid_path"),
        (
            Method::GET,
            "/badge.svg?feed=a&feed=b",
            400,
            "invalid_query",
        ),
        (
            Method::DELETE,
            "/feeds/example.json",
            405,
            "method_not_allowed",
        ),
        (
            Method::GET,
            "/api/reports/example",
            405,
            "method_not_allowed",
        ),
    ] {
        let request = format!("{method} {path}");
        let response = server
            .client
            .request(method, format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{request}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json",
            "{request}"
        );
        assert_eq!(
            response.headers().contains_key(header::ALLOW),
            status == 405,
            "{request}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], code, "{request}: {body}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{request}: {body}"
        );
    }
}

/// Through a shared cache, one feed built for a forged `Host` would send every visitor's
/// reports to whoever forged it.
#[tokio::test]
async fn report_links_never_follow_a_forged_host_header() {
    async fn with_forged_host(server: &TestServer) -> Value {
        let response = server
            .get("/feeds/example.json")
            .header(header::HOST, "attacker.example")
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }
    let server = TestServer::start().await;
    let forged = with_forged_host(&server).await;
    assert!(forged.get("report").is_none(), "{forged}");
    assert!(forged["service"].get("atom_url").is_none(), "{forged}");
    let kept = server.feed("example").await;
    assert_eq!(
        kept["report"]["url"],
        format!("{}/api/reports/example", server.base),
        "the copy kept for a second is not the forged one"
    );

    let configured = TestServer::start_with(|config| {
        config.server.public_base_url = Some("https://status.example.com/widget".to_owned());
    })
    .await;
    let feed = with_forged_host(&configured).await;
    assert_eq!(
        feed["report"]["url"],
        "https://status.example.com/widget/api/reports/example"
    );
}

#[tokio::test]
async fn a_changed_source_file_is_picked_up_within_a_second() {
    let server = TestServer::start().await;
    assert_eq!(server.feed("example").await["status"], "partial_outage");
    let source = server.path("feeds/example.json");
    std::fs::write(&source, feed_json("operational").to_string()).unwrap();
    let changed_at = Instant::now();
    while server.feed("example").await["status"] != "operational" {
        assert!(
            changed_at.elapsed() < Duration::from_millis(1500),
            "the served feed is cached for a second at most"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A broken update keeps the last good version.
    std::fs::write(&source, "{ broken").unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(server.feed("example").await["status"], "operational");
}

#[tokio::test]
async fn cors_allows_any_origin_by_default_and_exposes_etag() {
    let server = TestServer::start().await;
    let response = server
        .get("/feeds/example.json")
        .header(header::ORIGIN, "https://customer.example")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let exposed = headers[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("retry-after"),
        "{exposed}"
    );
}

#[tokio::test]
async fn cors_preflight_is_answered_for_configured_origins_only() {
    let allowed = "https://customer.example";
    let server = TestServer::start_with(|config| {
        config.server.cors_origins = CorsOrigins::from_list(&[allowed]).unwrap();
    })
    .await;
    let preflight = |origin: &'static str| {
        server
            .client
            .request(
                Method::OPTIONS,
                format!("{}/api/reports/example", server.base),
            )
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .send()
    };
    let response = preflight(allowed).await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
    let methods = headers[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let allowed_headers = headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap();
    assert!(
        allowed_headers.contains("content-type"),
        "{allowed_headers}"
    );
    assert_eq!(headers[header::ACCESS_CONTROL_MAX_AGE], "86400");

    let refused = preflight("https://stranger.example").await.unwrap();
    assert!(
        !refused
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    let post = server
        .client
        .post(format!("{}/api/reports/example", server.base))
        .header(header::ORIGIN, allowed)
        .json(&report("cors-key-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 201);
    assert_eq!(post.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], allowed);
}

#[tokio::test]
async fn widget_files_carry_cors_headers_for_the_configured_origins() {
    let any = TestServer::start().await;
    for path in ["/embed.js", &format!("/{HASHED_SCRIPT}"), "/"] {
        let response = any
            .get(path)
            .header(header::ORIGIN, "https://customer.example")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "*",
            "{path}"
        );
    }

    let allowed = "https://customer.example";
    let listed = TestServer::start_with(|config| {
        config.server.cors_origins = CorsOrigins::from_list(&[allowed]).unwrap();
    })
    .await;
    let from = |origin: &'static str| {
        listed
            .get(&format!("/{HASHED_SCRIPT}"))
            .header(header::ORIGIN, origin)
            .header(header::ACCEPT_ENCODING, "br")
            .send()
    };
    let response = from(allowed).await.unwrap();
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        allowed
    );
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    let stranger = from("https://stranger.example").await.unwrap();
    assert!(
        !stranger
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
}

#[tokio::test]
async fn badge_shows_the_overall_status_accessibly_and_escaped() {
    let server = TestServer::start().await;
    let response = server.get("/badge.svg?feed=example").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=15, stale-while-revalidate=15, stale-if-error=3600"
    );
    let etag = response.headers()[header::ETAG].clone();
    let svg = response.text().await.unwrap();
    assert!(
        svg.contains("<title>Example &lt;API&gt; &amp; Co: partial outage</title>"),
        "{svg}"
    );
    assert!(
        svg.contains(r#"role="img" aria-label="Example &lt;API&gt; &amp; Co: partial outage""#)
    );
    assert!(!svg.contains("<API>"));

    let labelled = server
        .get("/badge.svg?feed=example&label=%3Cscript%3E%22%27")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(labelled.contains("<title>&lt;script&gt;&quot;&apos;: partial outage</title>"));
    assert!(!labelled.contains("<script>"));

    let revalidated = server
        .get("/badge.svg?feed=example")
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);

    let by_file_name = server
        .get("/badge.svg?feed=example.json")
        .send()
        .await
        .unwrap();
    assert_eq!(by_file_name.status(), 200);
    assert!(
        by_file_name
            .text()
            .await
            .unwrap()
            .contains("<title>Example &lt;API&gt; &amp; Co: partial outage</title>")
    );

    let unknown = server.get("/badge.svg?feed=missing").send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("<title>status: unknown feed</title>")
    );

    let unnamed = server.get("/badge.svg").send().await.unwrap();
    assert_eq!(unnamed.status(), 400);
    let body: Value = unnamed.json().await.unwrap();
    assert_eq!(body["field"], "feed");
}

#[tokio::test]
async fn health_reports_the_database() {
    let server = TestServer::start().await;
    let response = server.get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "status": "ok", "database": "ok" })
    );
}

#[tokio::test]
async fn widget_files_are_served_with_cache_rules_by_name() {
    let server = TestServer::start().await;
    let index = server.get("/").send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert_eq!(index.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(index.headers()["x-content-type-options"], "nosniff");
    assert!(
        index
            .text()
            .await
            .unwrap()
            .contains("<title>widget</title>")
    );

    let script = server
        .get(&format!("/{HASHED_SCRIPT}"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert_eq!(
        script.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(script.text().await.unwrap(), "console.log('widget');");

    let precompressed = server
        .get(&format!("/{HASHED_SCRIPT}"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(precompressed.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(precompressed.text().await.unwrap(), "pretend-brotli");

    let missing = server.get("/nope.js").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(!missing.headers().contains_key(header::CACHE_CONTROL));
}

#[tokio::test]
async fn the_default_config_serves_the_repository_demo_feed() {
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let mut config = status_server::config::Config::default();
    config.feeds = config
        .feeds
        .into_iter()
        .map(|(name, source)| match source {
            FeedSource::File(path) => (name, FeedSource::File(repository.join(path))),
            FeedSource::Relay(_) => unreachable!("the default feeds are files"),
        })
        .collect();
    config.server.static_dir = dir.path().join("dist");
    config.storage.database = Database::Sqlite(dir.path().join("reports.db"));
    let server = TestServer::start_in(dir, config).await;
    let feed = server.feed("demo").await;
    assert_eq!(feed["service"]["name"], "Nimbus AI API");
    assert_eq!(
        feed["community"]["level"], "none",
        "the demo's sample buckets are replaced"
    );
    let report_url = feed["report"]["url"].as_str().unwrap();
    assert_eq!(report_url, format!("{}/api/reports/demo", server.base));
    let body = json!({ "component": "chat", "symptom": "503", "idempotency_key": "demo-key-1" });
    let posted = server
        .client
        .post(report_url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        posted.status(),
        201,
        "the feed's report.url is all a widget needs"
    );
}
