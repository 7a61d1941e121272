//! The built-in demo feed shipped with the widget must always be valid and tell the reference
//! story: an AI API degraded by 5xx errors.

use status_feed::{Status, parse_feed};

const DEMO: &[u8] = include_bytes!("../../../demo/feed.json");

#[test]
fn demo_feed_is_valid_without_warnings() {
    let parsed = parse_feed(DEMO).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn demo_feed_tells_the_reference_scenario() {
    let feed = parse_feed(DEMO).unwrap().feed;
    assert_eq!(feed.overall_status(), Status::Degraded);
    assert!(feed.components.len() >= 3);
    let now = feed.checked_at.unwrap();
    assert_eq!(feed.active_incidents().len(), 1);
    assert_eq!(feed.recent_incidents(now, 30).len(), 1);
    let guide = feed.guide.as_ref().unwrap();
    for code in ["500", "502", "503"] {
        assert!(
            guide.signatures.iter().any(|s| s.signature.contains(code)),
            "{code}"
        );
    }
    assert!(!guide.faq.is_empty() && !guide.fixes.is_empty() && !guide.causes.is_empty());
    let community = feed.community.as_ref().unwrap();
    assert!(community.buckets.iter().any(|b| b.reports > 0));
    assert!(feed.report.as_ref().unwrap().symptoms.len() >= 4);
}
