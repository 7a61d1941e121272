//! Reading documents in the formats the widget understands and turning them into a `Feed`.

mod native;
mod statuspage;

use serde_json::Value;

use crate::error::{FeedError, Path, Warning};
use crate::model::Feed;
use crate::read::invalid;
use crate::validate::{Limits, validate};

/// The document formats a feed can be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// This project's own format (`docs/feed-format.md`).
    Native,
    /// Atlassian Statuspage public API v2.
    Statuspage,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 2] = [SourceFormat::Native, SourceFormat::Statuspage];

    pub const fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Native => "native",
            SourceFormat::Statuspage => "statuspage",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }

    /// For formats whose state spans two endpoints, the second one's address, derived from
    /// the first's; its document goes to `read_documents` as the companion.
    pub fn companion_url(self, _source_url: &str) -> Option<String> {
        match self {
            SourceFormat::Native | SourceFormat::Statuspage => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    pub limits: Limits,
    /// Read the document as this format instead of detecting it.
    pub format: Option<SourceFormat>,
}

/// A normalised, validated feed and what was adjusted on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub feed: Feed,
    pub format: SourceFormat,
    pub warnings: Vec<Warning>,
}

/// Reads a document of any supported format with the default limits.
pub fn parse_feed(bytes: &[u8]) -> Result<Parsed, FeedError> {
    parse_feed_with(bytes, &ParseOptions::default())
}

pub fn parse_feed_with(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, FeedError> {
    let bytes = document_text(bytes, &options.limits)?;
    let document: Value =
        serde_json::from_slice(bytes).map_err(|error| FeedError::Syntax(error.to_string()))?;
    read_document(&document, options)
}

/// The checks made before any parsing: the size limit, and that there is something besides
/// a byte-order mark and white space. Returns the text without the byte-order mark.
pub fn document_text<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a [u8], FeedError> {
    let limit = limits.max_document_bytes;
    if bytes.len() > limit {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(FeedError::Empty);
    }
    Ok(bytes)
}

/// Reads a document that has already been parsed as JSON, e.g. by the browser's `JSON.parse`
/// in the widget, where this saves shipping a JSON parser. Check the text with `document_text`
/// first, as `parse_feed_with` does.
pub fn read_document(document: &Value, options: &ParseOptions) -> Result<Parsed, FeedError> {
    read_documents(document, None, options)
}

/// Reads a source's main document together with its companion (see
/// `SourceFormat::companion_url`), when the format has one and it was fetched.
pub fn read_documents(
    document: &Value,
    _companion: Option<&Value>,
    options: &ParseOptions,
) -> Result<Parsed, FeedError> {
    let Value::Object(top) = document else {
        return Err(invalid(&Path::Root, "expected a JSON object"));
    };
    let format = match options.format {
        Some(format) => format,
        None if top.contains_key("version") => SourceFormat::Native,
        None if top.contains_key("page") => SourceFormat::Statuspage,
        None => return Err(FeedError::UnknownFormat),
    };
    let mut feed = match format {
        SourceFormat::Native => native::read_feed(document)?,
        SourceFormat::Statuspage => statuspage::read_feed(document)?,
    };
    let warnings = validate(&mut feed, &options.limits)?;
    Ok(Parsed {
        feed,
        format,
        warnings,
    })
}
