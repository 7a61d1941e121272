//! Names in a native feed that this version does not know: fields the reader ignores and
//! values it reads as `unknown`. Reading stays lenient, so that a feed written for a newer
//! version still shows; this separate pass is for feed authors (`status-feed check`), where
//! such a name is far more often a typo or another format's word. It walks the document
//! along the JSON Schema generated from the model, so it knows exactly the fields and values
//! the reader knows. The widget never calls it, so none of it reaches the wasm bundle.

use serde_json::Value;

use crate::error::Warning;
use crate::json::Json;
use crate::model::Feed;

/// A warning for every field and enumerated value of a native-format `document` that the
/// format does not define, in document order, with the closest known name when one is close.
pub fn unrecognised_names(document: &Json<'_>) -> Vec<Warning> {
    let schema = schemars::schema_for!(Feed);
    let root = schema.as_value();
    let mut walk = Walk {
        definitions: root.get("$defs"),
        warnings: Vec::new(),
    };
    walk.value(document, root, String::new());
    walk.warnings
}

/// The known word that `word` most likely means, if any is close: the same but for case,
/// one containing the other (`degraded_performance` for `degraded`), or a few edits away.
pub fn closest<'k>(word: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let word = word.to_lowercase();
    known
        .into_iter()
        .filter_map(|candidate| {
            let edits = strsim::damerau_levenshtein(&word, candidate);
            let contained = candidate.len() >= 4
                && (word.contains(candidate) || candidate.contains(word.as_str()));
            let few_edits = edits <= (word.len().max(candidate.len()) / 3).max(1);
            (contained || few_edits).then_some((edits, candidate))
        })
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, candidate)| candidate)
}

struct Walk<'s> {
    definitions: Option<&'s Value>,
    warnings: Vec<Warning>,
}

impl<'s> Walk<'s> {
    /// The schema itself, or the definition its `$ref` points to.
    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let definition = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/$defs/"))
            .and_then(|name| self.definitions?.get(name));
        definition.map_or(schema, |definition| self.resolve(definition))
    }

    fn value(&mut self, value: &Json<'_>, schema: &'s Value, path: String) {
        let schema = self.resolve(schema);
        // Optional fields and component references offer a choice; take the one for this
        // kind of value (the reader has already accepted its kind).
        if let Some(choices) = schema.get("anyOf").and_then(Value::as_array) {
            let chosen = choices
                .iter()
                .map(|choice| self.resolve(choice))
                .find(|choice| admits(choice, value));
            if let Some(chosen) = chosen {
                self.value(value, chosen, path);
            }
            return;
        }
        match value {
            Json::String(text) => self.enumerated(text, schema, path),
            Json::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        self.value(item, item_schema, format!("{path}[{index}]"));
                    }
                }
            }
            Json::Object(fields) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                // A map such as a bucket's `symptoms` takes any key.
                let any_key = schema.get("additionalProperties").filter(|s| s.is_object());
                for (key, field) in fields {
                    // The link to the schema that editors read, which the docs suggest.
                    if path.is_empty() && key == "$schema" {
                        continue;
                    }
                    let field_path = if path.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{path}.{key}")
                    };
                    match (properties.and_then(|known| known.get(key)), any_key) {
                        (Some(field_schema), _) | (None, Some(field_schema)) => {
                            self.value(field, field_schema, field_path);
                        }
                        (None, None) => {
                            let known = properties
                                .into_iter()
                                .flat_map(|known| known.keys().map(String::as_str))
                                .collect();
                            self.warn(field_path, "field", key, "ignored", known);
                        }
                    }
                }
            }
            Json::Null | Json::Bool(_) | Json::Integer(_) | Json::Float(_) => {}
        }
    }

    fn enumerated(&mut self, text: &str, schema: &'s Value, path: String) {
        let Some(names) = schema.get("enum").and_then(Value::as_array) else {
            return;
        };
        let known: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
        if !known.contains(&text) {
            self.warn(path, "value", text, "read as \"unknown\"", known);
        }
    }

    fn warn(&mut self, path: String, what: &str, name: &str, consequence: &str, known: Vec<&str>) {
        let hint = match closest(name, known.iter().copied()) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => format!("known: {}", known.join(", ")),
        };
        self.warnings.push(Warning {
            path,
            message: format!("unrecognised {what} \"{name}\", {consequence}; {hint}"),
        });
    }
}

/// Whether `schema` (one choice of an `anyOf`) is for values of `value`'s kind.
fn admits(schema: &Value, value: &Json<'_>) -> bool {
    let kind = match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Integer(_) => "integer",
        Json::Float(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    };
    let names_kind = |name: &Value| name == kind || (name == "number" && kind == "integer");
    match schema.get("type") {
        Some(Value::Array(names)) => names.iter().any(names_kind),
        Some(name) => names_kind(name),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings_of(document: &str) -> Vec<String> {
        let json = Json::parse(document.as_bytes()).unwrap();
        unrecognised_names(&json)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_unknown_field_and_value_is_named_with_its_path() {
        let warnings = warnings_of(
            r#"{
                "version": 1, "service": {"name": "X", "homepage": "https://x.example"},
                "status": "degraded_performance",
                "components": [
                    {"id": "a", "name": "A", "status": "operational", "grup": "core"},
                    {"id": "b", "name": "B", "status": "Degraded"}
                ],
                "incidents": [{
                    "id": "i", "title": "T", "impact": "major", "status": "fixed",
                    "started_at": "2026-11-27T07:00:00Z", "resolve_at": "2026-11-27T08:00:00Z",
                    "components": ["a", {"id": "c", "name": "C", "colour": "red"}],
                    "updates": [{"at": "2026-11-27T07:00:00Z", "status": "monitoring", "body": "x"}]
                }],
                "community": {"bucket_seconds": 300, "buckets": [
                    {"start": "2026-11-27T07:00:00Z", "reports": 1, "symptoms": {"503": 1}}
                ], "level": "elevated"}
            }"#,
        );
        assert_eq!(
            warnings,
            [
                "service.homepage: unrecognised field \"homepage\", ignored; known: atom_url, name, status_page_url, url",
                "status: unrecognised value \"degraded_performance\", read as \"unknown\"; did you mean `degraded`?",
                "components[0].grup: unrecognised field \"grup\", ignored; did you mean `group`?",
                "components[1].status: unrecognised value \"Degraded\", read as \"unknown\"; did you mean `degraded`?",
                "incidents[0].status: unrecognised value \"fixed\", read as \"unknown\"; known: investigating, identified, monitoring, resolved, postmortem, unknown",
                "incidents[0].resolve_at: unrecognised field \"resolve_at\", ignored; did you mean `resolved_at`?",
                "incidents[0].components[1].colour: unrecognised field \"colour\", ignored; known: id, name",
            ]
        );
    }

    #[test]
    fn a_feed_in_the_format_has_nothing_to_say() {
        let demo = include_str!("../../../demo/feed.json");
        assert_eq!(warnings_of(demo), Vec::<String>::new());
    }

    #[test]
    fn a_link_to_the_schema_is_no_unknown_field() {
        let linked = r#"{
            "$schema": "https://example.com/status-feed-v1.schema.json",
            "version": 1, "service": {"name": "X"}, "components": [{"$schema": "x"}]
        }"#;
        assert_eq!(
            warnings_of(linked),
            [
                "components[0].$schema: unrecognised field \"$schema\", ignored; known: description, group, history, id, name, only_show_if_degraded, status, uptime_percent"
            ]
        );
    }

    #[test]
    fn the_closest_word_is_offered_only_when_close() {
        let commands = ["check", "schema", "help"];
        assert_eq!(closest("chek", commands), Some("check"));
        assert_eq!(closest("SCHEMA", commands), Some("schema"));
        assert_eq!(closest("frobnicate", commands), None);
        let statuses = ["operational", "maintenance", "degraded", "major_outage"];
        assert_eq!(closest("under_maintenance", statuses), Some("maintenance"));
        assert_eq!(closest("operatoinal", statuses), Some("operational"));
        assert_eq!(closest("down", statuses), None);
    }
}
