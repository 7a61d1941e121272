//! The native format is written by the model's `Serialize` (what status-server serves) and
//! read by the hand-written reader (what the widget reads), with `validate.rs` holding the
//! rules. These tests keep the three in step: a feed written reads back equal, and a document
//! with every field of the format reads into a feed that writes every field back.

mod common;

#[path = "../examples/large_feed.rs"]
#[allow(dead_code)] // its `main` is for `cargo run --example large_feed`
mod large_feed;

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use status_feed::{Feed, ParseOptions, SourceFormat, json_schema, parse_feed_with};

use common::{at, fixture};

/// Reads `bytes` as the native format, as the widget does for status-server's feeds.
fn read_native(bytes: &[u8]) -> Feed {
    let options = ParseOptions {
        format: Some(SourceFormat::Native),
        ..ParseOptions::default()
    };
    match parse_feed_with(bytes, &options) {
        Ok(parsed) => parsed.feed,
        Err(error) => panic!("refused: {error}\n{}", String::from_utf8_lossy(bytes)),
    }
}

fn assert_round_trips(name: &str, feed: &Feed) {
    let written = serde_json::to_vec(feed).unwrap();
    assert!(
        read_native(&written) == *feed,
        "{name} reads back differently"
    );
}

#[test]
fn the_demo_feed_round_trips() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/feed.json");
    let feed = read_native(&std::fs::read(demo).unwrap());
    assert!(feed.guide.is_some() && feed.community.is_some() && !feed.groups.is_empty());
    assert_round_trips("demo/feed.json", &feed);
}

#[test]
fn the_large_generated_feed_round_trips() {
    let feed = large_feed::large_feed(at("2026-11-27T09:00:00Z"));
    assert_eq!(feed.incidents.len(), 2_000);
    assert_round_trips("the large feed", &feed);
}

#[test]
fn a_document_with_every_field_is_read_and_written_whole() {
    let text = fixture("native/every-field.json");
    let document: Value = serde_json::from_slice(&text).unwrap();
    let schema: Value = serde_json::from_str(&json_schema()).unwrap();
    let mut present = BTreeSet::new();
    Schema(&schema).visit(&schema, "Feed", &document, &mut present);
    let properties = Schema(&schema).properties();
    let missing: Vec<&String> = properties.difference(&present).collect();
    assert!(
        missing.is_empty(),
        "tests/fixtures/native/every-field.json lacks {missing:?}: give it every field the \
         format has"
    );
    let feed = read_native(&text);
    assert_eq!(
        serde_json::to_value(&feed).unwrap(),
        document,
        "a field the reader drops, or the writer leaves out"
    );
    assert_round_trips("every-field.json", &feed);
}

/// The committed format's JSON Schema, walked beside a document.
struct Schema<'a>(&'a Value);

impl Schema<'_> {
    /// Every property of every object in the format, as `Type.property`.
    fn properties(&self) -> BTreeSet<String> {
        let object_properties = |name: &str, schema: &Value| -> Vec<String> {
            let mut properties = Vec::new();
            for part in
                std::iter::once(schema).chain(schema["anyOf"].as_array().into_iter().flatten())
            {
                if let Some(fields) = part["properties"].as_object() {
                    properties.extend(fields.keys().map(|field| format!("{name}.{field}")));
                }
            }
            properties
        };
        let definitions = self.0["$defs"].as_object().unwrap();
        definitions
            .iter()
            .flat_map(|(name, schema)| object_properties(name, schema))
            .chain(object_properties("Feed", self.0))
            .collect()
    }

    /// Notes in `present` each property of the format that `value` sets, `value` being of the
    /// type `schema` describes, named `name`.
    fn visit(&self, schema: &Value, name: &str, value: &Value, present: &mut BTreeSet<String>) {
        if let Some(reference) = schema["$ref"].as_str() {
            let defined = reference.trim_start_matches("#/$defs/");
            return self.visit(&self.0["$defs"][defined], defined, value, present);
        }
        for alternative in schema["anyOf"].as_array().into_iter().flatten() {
            self.visit(alternative, name, value, present);
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.visit(&schema["items"], name, item, present);
                }
            }
            Value::Object(fields) => self.visit_fields(schema, name, fields, present),
            _ => {}
        }
    }

    fn visit_fields(
        &self,
        schema: &Value,
        name: &str,
        fields: &Map<String, Value>,
        present: &mut BTreeSet<String>,
    ) {
        let Some(properties) = schema["properties"].as_object() else {
            return;
        };
        for (field, value) in fields {
            if let Some(property) = properties.get(field) {
                present.insert(format!("{name}.{field}"));
                self.visit(property, name, value, present);
            }
        }
    }
}
