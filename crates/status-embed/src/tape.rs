//! The browser's `JSON.parse` result as stage-one.js writes it: a tape of tagged values,
//! little-endian. A tag byte, then: nothing (null, false, true); an f64 (number); a u32
//! length and UTF-8 bytes (string); a u32 count and the items (array); a u32 count and the
//! key strings each followed by its value (object). A string that is not well-formed UTF-16
//! (a lone surrogate) has no UTF-8 form, so stage-one.js refuses such a document itself.
//!
//! Decoding refuses what serde_json, the full view's parser, refuses and `JSON.parse` lets
//! through, so that both stages accept the same documents: nesting past serde_json's limit,
//! lone surrogates, and numbers beyond f64's range. `tests/acceptance.rs` holds the two
//! paths side by side.

use std::borrow::Cow;

use status_feed::Json;
use status_feed::json::Object;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STRING: u8 = 4;
const ARRAY: u8 = 5;
const OBJECT: u8 = 6;

/// serde_json refuses the 128th nested array or object.
const MAX_DEPTH: u32 = 127;
/// The largest whole number `JSON.parse` gives exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

pub fn decode(tape: &[u8]) -> Option<Json<'_>> {
    let mut reader = Reader { tape, at: 0 };
    let value = reader.value(0)?;
    (reader.at == tape.len()).then_some(value)
}

struct Reader<'a> {
    tape: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let bytes = self.tape.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn count(&mut self) -> Option<usize> {
        let bytes = self.take(4)?.try_into().ok()?;
        Some(u32::from_le_bytes(bytes) as usize)
    }

    fn string(&mut self) -> Option<Cow<'a, str>> {
        let len = self.count()?;
        std::str::from_utf8(self.take(len)?).ok().map(Cow::Borrowed)
    }

    fn value(&mut self, depth: u32) -> Option<Json<'a>> {
        let tag = *self.take(1)?.first()?;
        let nested = matches!(tag, ARRAY | OBJECT);
        if nested && depth >= MAX_DEPTH {
            return None;
        }
        Some(match tag {
            NULL => Json::Null,
            FALSE => Json::Bool(false),
            TRUE => Json::Bool(true),
            NUMBER => {
                let number = f64::from_le_bytes(self.take(8)?.try_into().ok()?);
                if !number.is_finite() {
                    return None;
                }
                if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
                    Json::Integer(number as i64)
                } else {
                    Json::Float(number)
                }
            }
            STRING => Json::String(self.string()?),
            ARRAY => {
                let count = self.count()?;
                // Each item takes at least a byte: a count beyond the tape is refused here,
                // before anything is allocated for it.
                let mut items = Vec::with_capacity(count.min(self.tape.len() - self.at));
                for _ in 0..count {
                    items.push(self.value(depth + 1)?);
                }
                Json::Array(items)
            }
            OBJECT => {
                let count = self.count()?;
                let mut fields = Vec::with_capacity(count.min(self.tape.len() - self.at));
                for _ in 0..count {
                    let key = self.string()?;
                    fields.push((key, self.value(depth + 1)?));
                }
                Json::Object(Object(fields))
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> Vec<u8> {
        [&(text.len() as u32).to_le_bytes()[..], text.as_bytes()].concat()
    }

    #[test]
    fn every_kind_of_value_decodes() {
        let mut tape = vec![OBJECT, 3, 0, 0, 0];
        tape.extend(string("n"));
        tape.push(NUMBER);
        tape.extend(60.0f64.to_le_bytes());
        tape.extend(string("x"));
        tape.push(NUMBER);
        tape.extend(0.5f64.to_le_bytes());
        tape.extend(string("list"));
        tape.extend([ARRAY, 4, 0, 0, 0, NULL, TRUE, FALSE, STRING]);
        tape.extend(string("é"));
        let value = decode(&tape).expect("a valid tape");
        let Json::Object(fields) = value else {
            panic!("an object")
        };
        assert_eq!(fields.get("n"), Some(&Json::Integer(60)));
        assert_eq!(fields.get("x"), Some(&Json::Float(0.5)));
        assert_eq!(
            fields.get("list"),
            Some(&Json::Array(vec![
                Json::Null,
                Json::Bool(true),
                Json::Bool(false),
                Json::String("é".into())
            ]))
        );
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        let nested = |depth: usize| {
            let mut tape = Vec::new();
            for _ in 0..depth {
                tape.extend([ARRAY, 1, 0, 0, 0]);
            }
            tape.push(NULL);
            tape
        };
        assert!(decode(&nested(127)).is_some());
        assert!(decode(&nested(128)).is_none());
        let number = |n: f64| [&[NUMBER][..], &n.to_le_bytes()].concat();
        assert!(decode(&number(f64::INFINITY)).is_none());
        assert_eq!(
            decode(&number(2f64.powi(53))),
            Some(Json::Float(2f64.powi(53)))
        );
        assert!(decode(&[7]).is_none(), "an unknown tag");
    }

    #[test]
    fn damaged_tapes_are_refused_without_allocating_for_them() {
        assert!(decode(&[]).is_none());
        assert!(decode(&[NULL, NULL]).is_none(), "trailing bytes");
        assert!(
            decode(&[ARRAY, 255, 255, 255, 255]).is_none(),
            "a count past the end"
        );
        assert!(
            decode(&[STRING, 2, 0, 0, 0, 0xff, 0xfe]).is_none(),
            "not UTF-8"
        );
        assert!(decode(&[NUMBER, 0, 0]).is_none(), "cut short");
    }
}
