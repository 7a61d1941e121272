//! Reading feed text with the browser's own `JSON.parse`, which costs the bundle nothing,
//! instead of compiling a JSON parser into the wasm. The parsed tree is copied into the
//! `serde_json::Value` shape that `status_feed::read_document` reads, so the feed rules are
//! exactly those of the native `parse_feed` (a browser test checks both agree).

use js_sys::{Array, JSON, Object};
use serde_json::{Map, Number, Value};
use status_feed::{FeedError, ParseOptions, Parsed, document_text, read_document};
use wasm_bindgen::{JsCast, JsValue};

/// serde_json's own nesting limit, kept so deep documents fail the same way everywhere.
const MAX_DEPTH: usize = 128;

pub fn read_feed_text(text: &str) -> Result<Parsed, FeedError> {
    let options = ParseOptions::default();
    let bytes = document_text(text.as_bytes(), &options.limits)?;
    // document_text only trims a byte-order mark and checks limits, so this is still UTF-8.
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let parsed = JSON::parse(text).map_err(|error| FeedError::Syntax(error_message(&error)))?;
    let document =
        copy(&parsed, 0).ok_or_else(|| FeedError::Syntax("recursion limit exceeded".to_owned()))?;
    read_document(&document, &options)
}

fn error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .unwrap_or_else(|| "the text is not JSON".to_owned())
}

/// A copy of a parsed JSON value, or `None` if it nests deeper than `MAX_DEPTH`.
fn copy(value: &JsValue, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(text) = value.as_string() {
        return Some(Value::String(text));
    }
    if let Some(number) = value.as_f64() {
        return Some(number_value(number));
    }
    if let Some(flag) = value.as_bool() {
        return Some(Value::Bool(flag));
    }
    if value.is_null() || value.is_undefined() {
        return Some(Value::Null);
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        return items
            .iter()
            .map(|item| copy(&item, depth + 1))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    let entries = Object::entries(value.unchecked_ref());
    let mut map = Map::new();
    for entry in entries.iter() {
        let pair: Array = entry.unchecked_into();
        map.insert(pair.get(0).as_string()?, copy(&pair.get(1), depth + 1)?);
    }
    Some(Value::Object(map))
}

/// JavaScript has only doubles; whole numbers become integers, as serde_json reads them, so
/// "a whole number" checks behave the same in both readers.
fn number_value(number: f64) -> Value {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if number.fract() == 0.0 && number.abs() <= SAFE {
        // Exact: integral and within the range a double represents without gaps.
        Value::from(number as i64)
    } else {
        Number::from_f64(number).map_or(Value::Null, Value::Number)
    }
}
