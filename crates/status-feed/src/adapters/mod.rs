//! Reading documents in the formats the widget understands and turning them into a `Feed`.

mod statuspage;

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::{FeedError, Warning};
use crate::model::Feed;
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
    let limit = options.limits.max_document_bytes;
    if bytes.len() > limit {
        return Err(FeedError::TooLarge { size: bytes.len(), limit });
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(FeedError::Empty);
    }
    let format = match options.format {
        Some(format) => format,
        None => detect(bytes)?,
    };
    let mut feed = match format {
        SourceFormat::Native => from_json::<Feed>(bytes)?,
        SourceFormat::Statuspage => statuspage::convert(from_json(bytes)?),
    };
    let warnings = validate(&mut feed, &options.limits)?;
    Ok(Parsed { feed, format, warnings })
}

/// Tells the format from the top-level keys, reading only the keys.
fn detect(bytes: &[u8]) -> Result<SourceFormat, FeedError> {
    let keys: BTreeMap<String, IgnoredAny> = serde_json::from_slice(bytes).map_err(|error| {
        if error.is_data() {
            FeedError::Invalid {
                path: "(top level)".to_owned(),
                reason: "expected a JSON object".to_owned(),
            }
        } else {
            FeedError::Syntax(error.to_string())
        }
    })?;
    if keys.contains_key("version") {
        Ok(SourceFormat::Native)
    } else if keys.contains_key("page") {
        Ok(SourceFormat::Statuspage)
    } else {
        Err(FeedError::UnknownFormat)
    }
}

fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FeedError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            let path = if path == "." { "(top level)".to_owned() } else { path };
            FeedError::Invalid { path, reason: inner.to_string() }
        } else {
            FeedError::Syntax(inner.to_string())
        }
    })?;
    Ok(value)
}
