//! Relayed sources fetched conditionally, so an unchanged document costs the upstream no
//! body.

use super::common::feed_json;
use super::relay::{relay_of, start_relaying, until, wait_for};
use super::upstream::{Behaviour, Upstream};

fn is_conditional(head: &str) -> bool {
    let head = head.to_ascii_lowercase();
    head.contains("\r\nif-none-match:") || head.contains("\r\nif-modified-since:")
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
