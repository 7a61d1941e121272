//! Reading feed text with the browser's own `JSON.parse`, which costs the bundle nothing,
//! instead of compiling a JSON parser into the wasm. The parsed tree is rebuilt as the
//! `status_feed::Json` that `status_feed::read_document` reads, its strings borrowed from
//! the joined text, so the feed rules are exactly those of the native `parse_feed` (a
//! browser test checks both agree).
//!
//! Crossing between JavaScript and wasm costs far more per call than the work of one value,
//! so the tree crosses in three pieces rather than value by value: a script walks it once
//! and hands over all its text joined in one string, its shape as numbers, and its numbers.

use js_sys::{Array, Float64Array, JsString, Uint32Array};
use std::borrow::Cow;

use status_feed::json::{Json, Object};
use status_feed::{FeedError, ParseOptions, Parsed, read_document};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

// The shape is a list of tags, some followed by a count: null, false, true, a number (the next
// of `numbers`), a string (its length in UTF-16 units, its text next in `text`), an array
// (its length, then its items), an object (its size, then per entry the key's length and the
// value; key texts are in `text` too). Depth is limited as serde_json limits it (128), so deep
// documents fail alike everywhere; so are the text serde_json refuses: lone surrogates (which
// would also shift the joined text), and numbers too large for a double.
#[wasm_bindgen(inline_js = r#"
export function decode_utf8(buffer) {
  return new TextDecoder().decode(buffer);
}

export function flatten_json(source) {
  // As the native reader: a byte-order mark is skipped, and white space alone is no document.
  if (/^\uFEFF?[\t\n\f\r ]*$/.test(source)) return null;
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  const value = JSON.parse(source);
  const shape = [];
  const numbers = [];
  const texts = [];
  const text = (item) => {
    // A string that ends in a high surrogate is broken; every other lone surrogate stays lone
    // in the joined text, which is checked once at the end.
    const last = item.charCodeAt(item.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) throw loneSurrogate();
    shape.push(item.length);
    texts.push(item);
  };
  const walk = (item, depth) => {
    if (depth > 128) throw new RangeError('recursion limit exceeded');
    if (item === null) shape.push(0);
    else if (item === false) shape.push(1);
    else if (item === true) shape.push(2);
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new RangeError('number out of range');
      shape.push(3);
      numbers.push(item);
    } else if (typeof item === 'string') { shape.push(4); text(item); }
    else if (Array.isArray(item)) {
      shape.push(5, item.length);
      for (const element of item) walk(element, depth + 1);
    } else {
      const keys = Object.keys(item);
      shape.push(6, keys.length);
      for (const key of keys) {
        text(key);
        walk(item[key], depth + 1);
      }
    }
  };
  walk(value, 0);
  const joined = texts.join('');
  if (!wellFormed(joined)) throw loneSurrogate();
  return [joined, new Uint32Array(shape), new Float64Array(numbers)];
}

const loneSurrogate = () => new SyntaxError('lone surrogate in a string');

// isWellFormed (2023) is fast; before it, encodeURIComponent throws on a lone surrogate.
function wellFormed(text) {
  if (text.isWellFormed) return text.isWellFormed();
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
"#)]
extern "C" {
    /// The text of a UTF-8 document, as `Response.text()` decodes it.
    pub fn decode_utf8(buffer: &js_sys::ArrayBuffer) -> JsString;
    /// The three pieces, or null for a document of white space alone.
    #[wasm_bindgen(catch)]
    fn flatten_json(source: &JsString) -> Result<Option<Array>, JsValue>;
}

/// Reads a feed from its text, kept in JavaScript: copying a large document into the wasm
/// memory and back would cost more than reading it. The caller has checked its size.
pub fn read_feed_text(text: &JsString) -> Result<Parsed, FeedError> {
    let options = ParseOptions::default();
    let flat = flatten_json(text)
        .map_err(|error| FeedError::Syntax(error_message(&error)))?
        .ok_or(FeedError::Empty)?;
    let joined = flat.get(0).as_string().unwrap_or_default();
    let mut tree = Flattened {
        text: &joined,
        position: 0,
        shape: flat
            .get(1)
            .unchecked_into::<Uint32Array>()
            .to_vec()
            .into_iter(),
        numbers: flat
            .get(2)
            .unchecked_into::<Float64Array>()
            .to_vec()
            .into_iter(),
    };
    let document = tree
        .value()
        .ok_or_else(|| FeedError::Syntax("the document could not be read".to_owned()))?;
    read_document(&document, &options)
}

/// The message of a thrown JavaScript error.
pub fn error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The three pieces `flatten_json` hands over, read back into a tree.
struct Flattened<'a> {
    text: &'a str,
    /// Bytes of `text` read so far.
    position: usize,
    shape: std::vec::IntoIter<u32>,
    numbers: std::vec::IntoIter<f64>,
}

impl<'a> Flattened<'a> {
    fn value(&mut self) -> Option<Json<'a>> {
        Some(match self.shape.next()? {
            0 => Json::Null,
            1 => Json::Bool(false),
            2 => Json::Bool(true),
            3 => number_value(self.numbers.next()?),
            4 => Json::String(Cow::Borrowed(self.string()?)),
            5 => {
                let length = self.shape.next()? as usize;
                let mut items = Vec::with_capacity(length);
                for _ in 0..length {
                    items.push(self.value()?);
                }
                Json::Array(items)
            }
            _ => {
                let size = self.shape.next()? as usize;
                let mut fields = Vec::with_capacity(size);
                for _ in 0..size {
                    let key = Cow::Borrowed(self.string()?);
                    fields.push((key, self.value()?));
                }
                Json::Object(Object(fields))
            }
        })
    }

    /// The next string of the joined text, given its length in UTF-16 units (JavaScript's).
    fn string(&mut self) -> Option<&'a str> {
        let units = self.shape.next()? as usize;
        let rest = self.text.get(self.position..)?;
        // Mostly ASCII, where a UTF-16 unit is a byte; otherwise count character by character
        // (one or two units each; a lone surrogate arrives as U+FFFD, one unit).
        let length = match rest.as_bytes().get(..units) {
            Some(prefix) if prefix.is_ascii() => units,
            _ => {
                let mut counted = 0;
                rest.chars()
                    .take_while(|c| {
                        let inside = counted < units;
                        counted += c.len_utf16();
                        inside
                    })
                    .map(char::len_utf8)
                    .sum()
            }
        };
        let string = rest.get(..length)?;
        self.position += length;
        Some(string)
    }
}

/// JavaScript has only doubles; whole numbers become integers, as serde_json reads them, so
/// "a whole number" checks behave the same in both readers.
fn number_value(number: f64) -> Json<'static> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if number.fract() == 0.0 && number.abs() <= SAFE {
        // Exact: integral and within the range a double represents without gaps.
        Json::Integer(number as i64)
    } else {
        Json::Float(number)
    }
}
