//! The browser's parse, turned into the tree `status_feed`'s readers take. It refuses what
//! serde_json (the full view's parser) refuses and JSON.parse lets through, so that both
//! stages accept the same documents: nesting past serde_json's limit, lone surrogates, and
//! numbers beyond f64's range. `tests/acceptance.rs` holds the two paths side by side.

use std::borrow::Cow;

use js_sys::{Array, JsString, Object};
use status_feed::Json;
use status_feed::json::Object as Fields;
use wasm_bindgen::{JsCast, JsValue};

/// serde_json refuses the 128th nested array or object.
const MAX_DEPTH: u32 = 127;
/// The largest whole number JSON.parse gives exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Refused: the document does not reach the reader.
pub struct Refused;

pub fn convert(value: &JsValue) -> Result<Json<'static>, Refused> {
    convert_at(value, 0)
}

fn convert_at(value: &JsValue, depth: u32) -> Result<Json<'static>, Refused> {
    if let Some(number) = value.as_f64() {
        if !number.is_finite() {
            return Err(Refused);
        }
        return Ok(
            if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
                Json::Integer(number as i64)
            } else {
                Json::Float(number)
            },
        );
    }
    if let Some(text) = value.dyn_ref::<JsString>() {
        return string(text).map(Json::String);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Json::Bool(flag));
    }
    if value.is_null() {
        return Ok(Json::Null);
    }
    if depth >= MAX_DEPTH {
        return Err(Refused);
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        let mut array = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            array.push(convert_at(&item, depth + 1)?);
        }
        return Ok(Json::Array(array));
    }
    let entries = Object::entries(value.unchecked_ref());
    let mut fields = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let pair: Array = entry.unchecked_into();
        let key = string(pair.get(0).unchecked_ref())?;
        fields.push((key, convert_at(&pair.get(1), depth + 1)?));
    }
    Ok(Json::Object(Fields(fields)))
}

fn string(text: &JsString) -> Result<Cow<'static, str>, Refused> {
    if text.is_valid_utf16() {
        Ok(Cow::Owned(String::from(text)))
    } else {
        Err(Refused)
    }
}
