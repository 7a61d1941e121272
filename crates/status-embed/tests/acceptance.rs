//! Stage one must accept exactly the documents the full view accepts. The full view reads
//! with `status_feed::parse_feed` (serde_json); stage one with the browser's JSON.parse and
//! the same reader. Run in a browser: every fixture, the demo feed, and the places where
//! JSON.parse and serde_json are known to differ.

#![cfg(target_arch = "wasm32")]

use status_embed::{Unread, read};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/../../embed/stage-one.js")]
extern "C" {
    /// Stage one's own encoding of the browser's parse, as it hands documents to the rules.
    #[wasm_bindgen(js_name = encodeDocument)]
    fn encode_document(text: &js_sys::JsString) -> Option<Vec<u8>>;
}

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! fixtures {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../status-feed/tests/fixtures/", $path)) as &[u8])),*]
    };
}

const FIXTURES: &[(&str, &[u8])] = fixtures![
    "native/embed.json",
    "native/embed-other.json",
    "native/hostile.json",
    "statuspage/summary.json",
    "statuspage/incidents.json",
    "statuspage/scheduled-maintenances.json",
    "statuspage/github-incident-00km0kwpz23b.json",
    "cachet/components.json",
    "cachet/components-groups.json",
    "cachet/incidents.json",
    "gatus/statuses.json",
    "google-cloud/incidents.json",
    "instatus/summary.json",
    "instatus/components.json",
    "upptime/summary.json",
    "uptime-kuma/status-page.json",
    "uptime-kuma/heartbeat.json",
];

const DEMO: &[u8] = include_bytes!("../../../demo/feed.json");

/// Stage one's path, as `embed/stage-one.js` takes it: the size limit, strict UTF-8
/// decoding, JSON.parse and the tape, then `read` (the tape and the reader).
fn stage_one(bytes: &[u8]) -> Verdict {
    let limit = status_feed::Limits::default().max_document_bytes;
    let tape = (bytes.len() <= limit)
        .then(|| decode(bytes))
        .flatten()
        .and_then(|text| encode_document(&text));
    match tape.map(|tape| read(&tape, None)) {
        Some(Ok(_)) => Verdict::Accepted,
        Some(Err(Unread::FormatUnavailable)) => Verdict::NotReadHere,
        Some(Err(Unread::Refused)) | None => Verdict::Refused,
    }
}

/// What a build makes of a document. Built without the `statuspage` feature, stage one and
/// the full view of the same build both leave Statuspage documents unread (stage one then
/// fetches the build with the feature, whose run of this test covers them).
#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted,
    Refused,
    NotReadHere,
}

fn decode(bytes: &[u8]) -> Option<js_sys::JsString> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options("utf-8", &options).ok()?;
    decoder
        .decode_with_u8_array(bytes)
        .ok()
        .map(js_sys::JsString::from)
}

fn full_view(bytes: &[u8]) -> Verdict {
    match status_feed::parse_feed(bytes) {
        Ok(_) => Verdict::Accepted,
        Err(status_feed::FeedError::FormatUnavailable { .. }) => Verdict::NotReadHere,
        Err(_) => Verdict::Refused,
    }
}

/// A valid native feed with `extra` spliced in as an unknown top-level field (readers ignore
/// it, so only the JSON layer decides).
fn with_extra(extra: &str) -> Vec<u8> {
    format!(r#"{{"version": 1, "service": {{"name": "A"}}, "extra": {extra}}}"#).into_bytes()
}

fn with_symptoms(symptoms: &str) -> Vec<u8> {
    format!(
        r#"{{"version": 1, "service": {{"name": "A"}}, "community": {{"bucket_seconds": 300,
        "buckets": [{{"start": "2026-11-27T07:00:00Z", "reports": 1, "symptoms": {symptoms}}}]}}}}"#
    )
    .into_bytes()
}

fn edge_cases() -> Vec<(String, Vec<u8>)> {
    let nested = |n: usize| with_extra(&format!("{}{}", "[".repeat(n), "]".repeat(n)));
    let mut cases = vec![
        ("depth 127".to_owned(), nested(126)),
        ("depth 128".to_owned(), nested(127)),
        ("lone surrogate".to_owned(), with_extra(r#""\ud800""#)),
        ("surrogate pair".to_owned(), with_extra(r#""\ud83d\ude00""#)),
        ("1e400".to_owned(), with_extra("1e400")),
        ("-1e400".to_owned(), with_extra("-1e400")),
        ("2^63".to_owned(), with_extra("9223372036854775808")),
        ("count 1.0".to_owned(), with_symptoms(r#"{"503": 1.0}"#)),
        ("count 1e0".to_owned(), with_symptoms(r#"{"503": 1e0}"#)),
        (
            "duplicate count key".to_owned(),
            with_symptoms(r#"{"503": "x", "503": 1}"#),
        ),
        (
            "bom".to_owned(),
            [b"\xef\xbb\xbf".as_slice(), &with_extra("0")].concat(),
        ),
        (
            "two boms".to_owned(),
            [b"\xef\xbb\xbf\xef\xbb\xbf".as_slice(), &with_extra("0")].concat(),
        ),
        (
            "invalid utf-8 in a string".to_owned(),
            with_extra("\"\u{0}\"")
                .iter()
                .map(|&b| if b == 0 { 0xff } else { b })
                .collect(),
        ),
        ("empty".to_owned(), Vec::new()),
        ("white space".to_owned(), b" \n\t ".to_vec()),
        ("nbsp".to_owned(), "\u{a0}".as_bytes().to_vec()),
        (
            "trailing comma".to_owned(),
            b"{\"version\": 1, \"service\": {\"name\": \"A\"},}".to_vec(),
        ),
        (
            "__proto__".to_owned(),
            br#"{"version": 1, "service": {"name": "A"}, "__proto__": {"x": 1}}"#.to_vec(),
        ),
        (
            "refresh 60.0".to_owned(),
            br#"{"version": 1, "service": {"name": "A"}, "refresh_seconds": 60.0}"#.to_vec(),
        ),
        (
            "refresh 6e1".to_owned(),
            br#"{"version": 1, "service": {"name": "A"}, "refresh_seconds": 6e1}"#.to_vec(),
        ),
        (
            "refresh -0".to_owned(),
            br#"{"version": 1, "service": {"name": "A"}, "refresh_seconds": -0}"#.to_vec(),
        ),
    ];
    cases.push(("demo".to_owned(), DEMO.to_vec()));
    for (path, bytes) in FIXTURES {
        cases.push(((*path).to_owned(), bytes.to_vec()));
    }
    cases
}

#[wasm_bindgen_test]
fn stage_one_accepts_exactly_what_the_full_view_accepts() {
    let mut disagreements = Vec::new();
    for (name, bytes) in edge_cases() {
        let (one, full) = (stage_one(&bytes), full_view(&bytes));
        console_log!("{name}: stage one {one:?}, full view {full:?}");
        if one != full {
            disagreements.push(format!("{name}: stage one {one:?}, full view {full:?}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
