//! A format named by the publisher (`--format`, a relay's `format`) is still checked against
//! the document: one that has none of that format's marks is refused, instead of being read
//! as an empty feed of the named format.
#![cfg(feature = "all-formats")]

mod common;

use common::document;
use status_feed::{ParseOptions, SourceFormat, read_document};

/// The main document of every format, as its fixtures have it.
const MAIN_DOCUMENTS: [(SourceFormat, &str); 8] = [
    (SourceFormat::Native, "native/embed.json"),
    (SourceFormat::Statuspage, "statuspage/summary.json"),
    (SourceFormat::Instatus, "instatus/summary.json"),
    (SourceFormat::Cachet, "cachet/components.json"),
    (SourceFormat::UptimeKuma, "uptime-kuma/status-page.json"),
    (SourceFormat::Gatus, "gatus/statuses.json"),
    (SourceFormat::GoogleCloud, "google-cloud/incidents.json"),
    (SourceFormat::Upptime, "upptime/summary.json"),
];

#[test]
fn every_named_format_refuses_the_other_formats_documents() {
    let mut read_as_other = Vec::new();
    for named in SourceFormat::ALL {
        let options = ParseOptions {
            format: Some(named),
            ..ParseOptions::default()
        };
        for (format, path) in MAIN_DOCUMENTS {
            let read = read_document(&document(path), &options);
            if format == named {
                assert!(read.is_ok(), "{path} as {}: {read:?}", named.as_str());
            } else if read.is_ok() {
                read_as_other.push(format!("{path} as {}", named.as_str()));
            }
        }
    }
    // Instatus's summary has Statuspage's one mark, a named `page`, and reads as a
    // Statuspage page with nothing listed; the reverse is refused by Instatus's page status.
    assert_eq!(read_as_other, ["instatus/summary.json as statuspage"]);
}

#[test]
fn uptime_kuma_needs_its_group_list_besides_a_titled_config() {
    let options = ParseOptions {
        format: Some(SourceFormat::UptimeKuma),
        ..ParseOptions::default()
    };
    let settings = common::readable(&serde_json::json!({"config": {"title": "Settings"}}));
    let error = read_document(&settings, &options).unwrap_err();
    assert_eq!(error.to_string(), "publicGroupList: is required");
    let empty = serde_json::json!({"config": {"title": "T"}, "publicGroupList": []});
    assert!(read_document(&common::readable(&empty), &options).is_ok());
}
