//! Reading typed values out of a parsed JSON tree, naming the JSON path in every error.
//!
//! Hand-written rather than derived with serde: derived readers for the native and
//! Statuspage shapes cost about 45 KB of brotli-compressed wasm (a third of the widget's size
//! budget) and cannot name the path of an error without a further, larger wrapper. These
//! helpers share one parsed `Json` document and cost a fraction of that.

use crate::error::{FeedError, Path};
use crate::json::{Json, Object};
use crate::timestamp::{CalendarDate, Timestamp};
use crate::web_url::WebUrl;

pub(crate) type ReadResult<T> = Result<T, FeedError>;

pub(crate) fn invalid(path: &Path<'_>, reason: impl Into<String>) -> FeedError {
    #[cfg(feature = "quiet")]
    let (path, reason) = {
        let _ = (path, reason);
        (String::new(), String::new())
    };
    #[cfg(not(feature = "quiet"))]
    let (path, reason) = (path.to_string(), reason.into());
    FeedError::Invalid { path, reason }
}

#[cfg(not(feature = "quiet"))]
fn describe(value: &Json<'_>) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(flag) => flag.to_string(),
        // Whole numbers are quoted back; other numbers are only described, which keeps float
        // formatting code out of the wasm bundle.
        Json::Integer(number) => number.to_string(),
        Json::Float(_) => "a number".to_owned(),
        Json::String(_) => "a string".to_owned(),
        Json::Array(_) => "an array".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    }
}

fn mismatch(path: &Path<'_>, expected: &str, found: &Json<'_>) -> FeedError {
    #[cfg(feature = "quiet")]
    let reason = {
        let _ = (expected, found);
        ""
    };
    #[cfg(not(feature = "quiet"))]
    let reason = format!("expected {expected}, found {}", describe(found));
    invalid(path, reason)
}

/// The fields of one JSON object, with the object's path for error messages.
pub(crate) struct Fields<'a> {
    map: &'a Object<'a>,
    path: &'a Path<'a>,
}

impl<'a> Fields<'a> {
    pub(crate) fn of(value: &'a Json<'a>, path: &'a Path<'a>) -> ReadResult<Self> {
        match value {
            Json::Object(map) => Ok(Self { map, path }),
            other => Err(mismatch(path, "an object", other)),
        }
    }

    /// The field's value, unless it is absent or null. Not generic, so the lookup is made
    /// once rather than once per type read.
    fn present(&self, key: &str) -> Option<&'a Json<'a>> {
        self.map
            .get(key)
            .filter(|value| !matches!(value, Json::Null))
    }

    /// A field that must be present and not null.
    pub(crate) fn required<T>(
        &self,
        key: &'static str,
        read: impl FnOnce(&'a Json<'a>, &Path<'_>) -> ReadResult<T>,
    ) -> ReadResult<T> {
        let path = self.path.field(key);
        match self.present(key) {
            None => Err(invalid(&path, "is required")),
            Some(value) => read(value, &path),
        }
    }

    /// A field that may be absent; null means absent too.
    pub(crate) fn optional<T>(
        &self,
        key: &'static str,
        read: impl FnOnce(&'a Json<'a>, &Path<'_>) -> ReadResult<T>,
    ) -> ReadResult<Option<T>> {
        match self.present(key) {
            None => Ok(None),
            Some(value) => read(value, &self.path.field(key)).map(Some),
        }
    }

    /// A list field; absent or null is an empty list. Reads through `list` directly rather
    /// than through `optional`, whose copy per item type would cost the wasm about as much
    /// again as the item readers.
    pub(crate) fn list<T>(
        &self,
        key: &'static str,
        read_item: impl FnMut(&'a Json<'a>, &Path<'_>) -> ReadResult<T>,
    ) -> ReadResult<Vec<T>> {
        match self.present(key) {
            None => Ok(Vec::new()),
            Some(value) => list(value, &self.path.field(key), read_item),
        }
    }

    /// An optional text field in which blank text means absent: some sources always write
    /// the field, empty when there is nothing to say.
    #[cfg(feature = "all-formats")]
    pub(crate) fn non_blank(&self, key: &'static str) -> ReadResult<Option<String>> {
        let text = self.optional(key, string)?;
        Ok(text.filter(|text| !text.trim().is_empty()))
    }

    pub(crate) fn flag(&self, key: &'static str) -> ReadResult<bool> {
        self.optional(key, boolean).map(Option::unwrap_or_default)
    }
}

pub(crate) fn list<'a, T>(
    value: &'a Json<'a>,
    path: &Path<'_>,
    mut read_item: impl FnMut(&'a Json<'a>, &Path<'_>) -> ReadResult<T>,
) -> ReadResult<Vec<T>> {
    let mut read = Vec::with_capacity(value.as_array().map_or(0, Vec::len));
    each_item(value, path, &mut |item, path| {
        read.push(read_item(item, path)?);
        Ok(())
    })?;
    Ok(read)
}

/// The loop of `list`, made once rather than once per item type: the readers list about a
/// dozen types, and each copy of the loop cost the wasm a kilobyte.
fn each_item<'a>(
    value: &'a Json<'a>,
    path: &Path<'_>,
    read_item: &mut dyn FnMut(&'a Json<'a>, &Path<'_>) -> ReadResult<()>,
) -> ReadResult<()> {
    let Json::Array(items) = value else {
        return Err(mismatch(path, "an array", value));
    };
    for (index, item) in items.iter().enumerate() {
        read_item(item, &path.index(index))?;
    }
    Ok(())
}

pub(crate) fn text<'a>(value: &'a Json<'a>, path: &Path<'_>) -> ReadResult<&'a str> {
    value
        .as_str()
        .ok_or_else(|| mismatch(path, "a string", value))
}

pub(crate) fn string(value: &Json<'_>, path: &Path<'_>) -> ReadResult<String> {
    text(value, path).map(str::to_owned)
}

pub(crate) fn boolean(value: &Json<'_>, path: &Path<'_>) -> ReadResult<bool> {
    value
        .as_bool()
        .ok_or_else(|| mismatch(path, "true or false", value))
}

pub(crate) fn whole_number(value: &Json<'_>, path: &Path<'_>) -> ReadResult<u32> {
    whole(value)
        .and_then(|number| u32::try_from(number).ok())
        .ok_or_else(|| mismatch(path, "a whole number from 0 to 4294967295", value))
}

/// A whole number, whether written `60` or `60.0`: browsers' `JSON.parse` cannot tell them
/// apart, so the native reader accepts both too and the two read feeds identically.
fn whole(value: &Json<'_>) -> Option<i64> {
    value.as_i64().or_else(|| {
        let number = value.as_f64()?;
        // Within ±2^53 every whole double is exact, so the conversion loses nothing.
        (number.fract() == 0.0 && number.abs() <= 9_007_199_254_740_991.0).then_some(number as i64)
    })
}

#[cfg(feature = "statuspage")]
pub(crate) fn integer(value: &Json<'_>, path: &Path<'_>) -> ReadResult<i64> {
    whole(value).ok_or_else(|| mismatch(path, "a whole number", value))
}

pub(crate) fn number(value: &Json<'_>, path: &Path<'_>) -> ReadResult<f64> {
    value
        .as_f64()
        .ok_or_else(|| mismatch(path, "a number", value))
}

pub(crate) fn timestamp(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Timestamp> {
    Timestamp::parse_rfc3339(text(value, path)?).map_err(|reason| invalid(path, reason))
}

pub(crate) fn calendar_date(value: &Json<'_>, path: &Path<'_>) -> ReadResult<CalendarDate> {
    CalendarDate::parse(text(value, path)?).map_err(|reason| invalid(path, reason))
}

/// Any string is accepted here; validation drops the ones that are not web addresses, with a
/// warning, so one bad link does not reject the whole feed.
pub(crate) fn web_url(value: &Json<'_>, path: &Path<'_>) -> ReadResult<WebUrl> {
    string(value, path).map(WebUrl::unchecked)
}

/// An object of counts keyed by name, e.g. reports per symptom.
pub(crate) fn counts(
    value: &Json<'_>,
    path: &Path<'_>,
) -> ReadResult<std::collections::BTreeMap<String, u32>> {
    let Json::Object(map) = value else {
        return Err(mismatch(path, "an object", value));
    };
    let mut counts = std::collections::BTreeMap::new();
    for (key, count) in map {
        // A key given twice counts once, with its last value, as `JSON.parse` reads it: the
        // widget's first stage reads through the browser's parser and must agree.
        if !map.get(key).is_some_and(|last| std::ptr::eq(last, count)) {
            continue;
        }
        // `1.0` is a whole number too: `JSON.parse` cannot tell it from `1`.
        let Some(count) = whole(count).and_then(|n| u32::try_from(n).ok()) else {
            return Err(invalid(
                path,
                reason!("the count for \"{key}\" must be a whole number from 0 to 4294967295"),
            ));
        };
        counts.insert(key.to_owned(), count);
    }
    Ok(counts)
}
