//! Reading documents in the formats the widget understands and turning them into a `Feed`.

#[cfg(feature = "all-formats")]
mod cachet;
#[cfg(feature = "all-formats")]
mod checks;
#[cfg(feature = "all-formats")]
mod gatus;
#[cfg(feature = "all-formats")]
mod google_cloud;
#[cfg(feature = "all-formats")]
mod instatus;
#[cfg(feature = "all-formats")]
mod loose_time;
mod native;
#[cfg(feature = "statuspage")]
mod statuspage;
#[cfg(feature = "all-formats")]
mod upptime;
#[cfg(feature = "all-formats")]
mod uptime_kuma;

use crate::error::{FeedError, Path, Warning};
use crate::json::Json;
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
    /// Instatus public `summary.json`, with `v2/components.json` as companion.
    Instatus,
    /// Cachet API v1 components, with its incidents as companion.
    Cachet,
    /// Uptime Kuma status page API, with the page's heartbeats as companion.
    UptimeKuma,
    /// Gatus `/api/v1/endpoints/statuses`.
    Gatus,
    /// Google Cloud status dashboard `incidents.json`.
    GoogleCloud,
    /// Upptime `history/summary.json`.
    Upptime,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 8] = [
        SourceFormat::Native,
        SourceFormat::Statuspage,
        SourceFormat::Instatus,
        SourceFormat::Cachet,
        SourceFormat::UptimeKuma,
        SourceFormat::Gatus,
        SourceFormat::GoogleCloud,
        SourceFormat::Upptime,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Native => "native",
            SourceFormat::Statuspage => "statuspage",
            SourceFormat::Instatus => "instatus",
            SourceFormat::Cachet => "cachet",
            SourceFormat::UptimeKuma => "uptime-kuma",
            SourceFormat::Gatus => "gatus",
            SourceFormat::GoogleCloud => "google-cloud",
            SourceFormat::Upptime => "upptime",
        }
    }

    /// The name people know the format by, e.g. "Uptime Kuma".
    pub const fn title(self) -> &'static str {
        match self {
            SourceFormat::Native => "status-feed",
            SourceFormat::Statuspage => "Statuspage",
            SourceFormat::Instatus => "Instatus",
            SourceFormat::Cachet => "Cachet",
            SourceFormat::UptimeKuma => "Uptime Kuma",
            SourceFormat::Gatus => "Gatus",
            SourceFormat::GoogleCloud => "Google Cloud",
            SourceFormat::Upptime => "Upptime",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }

    /// "a, b or c" of every format, each given by `name`.
    pub(crate) fn listed(name: fn(SourceFormat) -> &'static str) -> String {
        let names = Self::ALL.map(name);
        let (last, others) = names.split_last().expect("there are formats");
        format!("{} or {last}", others.join(", "))
    }

    /// For formats whose state spans two endpoints, the second one's address, derived from
    /// the first's; its document goes to `read_documents` as the companion. `None` for the
    /// other formats, and when the address does not have the shape the format publishes:
    /// - Instatus: `<page>/summary.json` gives `<page>/v2/components.json`;
    /// - Cachet: `<site>/api/v1/components` (or `.../components/groups`) gives
    ///   `<site>/api/v1/incidents?sort=id&order=desc&per_page=50`, the latest incidents;
    /// - Uptime Kuma: `<site>/api/status-page/<slug>` gives
    ///   `<site>/api/status-page/heartbeat/<slug>`.
    pub fn companion_url(self, source_url: &str) -> Option<String> {
        // The query and fragment belong to the main document's request, not the companion's.
        let end = source_url.find(['?', '#']).unwrap_or(source_url.len());
        let path = source_url[..end].trim_end_matches('/');
        match self {
            SourceFormat::Instatus => {
                let page = path.strip_suffix("/summary.json")?;
                Some(format!("{page}/v2/components.json"))
            }
            SourceFormat::Cachet => {
                let components = path.strip_suffix("/groups").unwrap_or(path);
                let api = components.strip_suffix("/components")?;
                api.ends_with("/api/v1")
                    .then(|| format!("{api}/incidents?sort=id&order=desc&per_page=50"))
            }
            SourceFormat::UptimeKuma => {
                let (api, slug) = path.rsplit_once('/')?;
                let site = api.strip_suffix("/api/status-page")?;
                (!slug.is_empty() && slug != "heartbeat")
                    .then(|| format!("{site}/api/status-page/heartbeat/{slug}"))
            }
            SourceFormat::Native
            | SourceFormat::Statuspage
            | SourceFormat::Gatus
            | SourceFormat::GoogleCloud
            | SourceFormat::Upptime => None,
        }
    }

    /// Tells the format from the document's shape, where the shape allows.
    fn detect(document: &Json<'_>) -> Result<Self, FeedError> {
        match document {
            Json::Object(top) => {
                if top.contains_key("version") {
                    Ok(SourceFormat::Native)
                } else if top.contains_key("activeIncidents")
                    || top.contains_key("activeMaintenances")
                    // Statuspage's `page` has no status; its status is a separate object.
                    || top.get("page").is_some_and(|page| page.get("status").is_some())
                {
                    Ok(SourceFormat::Instatus)
                } else if top.contains_key("page") {
                    Ok(SourceFormat::Statuspage)
                } else if top.contains_key("publicGroupList") {
                    Ok(SourceFormat::UptimeKuma)
                } else if top.get("data").is_some_and(Json::is_array) {
                    Ok(SourceFormat::Cachet)
                } else {
                    Err(FeedError::UnknownFormat)
                }
            }
            // The three list formats are told apart by the fields of their first entry.
            Json::Array(entries) => {
                let first = entries.iter().find_map(Json::as_object);
                let has = |key: &str| first.is_some_and(|entry| entry.contains_key(key));
                if has("results") && has("key") {
                    Ok(SourceFormat::Gatus)
                } else if has("external_desc") || has("affected_products") {
                    Ok(SourceFormat::GoogleCloud)
                } else if has("slug") && (has("dailyMinutesDown") || has("uptime")) {
                    Ok(SourceFormat::Upptime)
                } else {
                    Err(FeedError::UnknownFormat)
                }
            }
            _ => Err(invalid(&Path::Root, "expected a JSON object or array")),
        }
    }
}

/// The name given to services whose documents carry none (Cachet, Gatus, Upptime).
#[cfg(feature = "all-formats")]
const UNNAMED_SERVICE: &str = "Service status";

/// Where errors in a companion document point: `companion.components[0].status`.
#[cfg(feature = "all-formats")]
const COMPANION: Path<'static> = Path::Field(&Path::Root, "companion");

/// Notes that the companion document was not given, and what the feed lacks because of it.
#[cfg(feature = "all-formats")]
fn missing_companion(warnings: &mut Vec<Warning>, document: &str, consequence: &str) {
    warnings.push(Warning {
        path: COMPANION.to_string(),
        message: format!("the {document} was not given; {consequence}"),
    });
}

/// Refuses a feed as soon as a list that a reader deduplicates grows past its limit, naming
/// the entry that took it past. Validation would refuse the feed anyway; stopping at the
/// limit keeps the reader's sets of ids small whatever the document's size, where a hostile
/// document of distinct ids would otherwise fill them with hundreds of thousands of entries
/// first. Worded like validation's own count error.
#[cfg(feature = "all-formats")]
fn within_limit(path: &Path<'_>, count: usize, what: &str, limit: usize) -> Result<(), FeedError> {
    if count > limit {
        return Err(invalid(
            path,
            reason!("makes {count} {what}, more than the limit of {limit}"),
        ));
    }
    Ok(())
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
    let document = Json::parse(bytes).map_err(|error| FeedError::Syntax(error.to_string()))?;
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
pub fn read_document(document: &Json<'_>, options: &ParseOptions) -> Result<Parsed, FeedError> {
    read_documents(document, None, options)
}

/// Reads a source's main document together with its companion (see
/// `SourceFormat::companion_url`), when the format has one and it was fetched. Without the
/// companion the feed holds what the main document says, with a warning naming what is
/// missing.
pub fn read_documents(
    document: &Json<'_>,
    companion: Option<&Json<'_>>,
    options: &ParseOptions,
) -> Result<Parsed, FeedError> {
    let format = match options.format {
        Some(format) => format,
        None => SourceFormat::detect(document)?,
    };
    let mut warnings = Vec::new();
    let mut feed = read_format(format, document, companion, &options.limits, &mut warnings)?;
    warnings.extend(validate(&mut feed, &options.limits)?);
    Ok(Parsed {
        feed,
        format,
        warnings,
    })
}

#[cfg(feature = "all-formats")]
fn read_format(
    format: SourceFormat,
    document: &Json<'_>,
    companion: Option<&Json<'_>>,
    limits: &Limits,
    warnings: &mut Vec<Warning>,
) -> Result<Feed, FeedError> {
    match format {
        SourceFormat::Native => native::read_feed(document),
        SourceFormat::Statuspage => statuspage::read_feed(document, limits),
        SourceFormat::Instatus => instatus::read_feed(document, companion, limits, warnings),
        SourceFormat::Cachet => cachet::read_feed(document, companion, limits, warnings),
        SourceFormat::UptimeKuma => uptime_kuma::read_feed(document, companion, limits, warnings),
        SourceFormat::Gatus => gatus::read_feed(document, limits),
        SourceFormat::GoogleCloud => google_cloud::read_feed(document, limits),
        SourceFormat::Upptime => upptime::read_feed(document),
    }
}

/// Without `all-formats` only the native reader, and with `statuspage` the Statuspage reader,
/// are built in; they need neither a companion nor warnings of their own.
#[cfg(not(feature = "all-formats"))]
fn read_format(
    format: SourceFormat,
    document: &Json<'_>,
    _companion: Option<&Json<'_>>,
    limits: &Limits,
    _warnings: &mut [Warning],
) -> Result<Feed, FeedError> {
    match format {
        SourceFormat::Native => native::read_feed(document),
        #[cfg(feature = "statuspage")]
        SourceFormat::Statuspage => statuspage::read_feed(document, limits),
        format => {
            let _ = limits;
            Err(FeedError::FormatUnavailable { format })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_are_distinct() {
        for format in SourceFormat::ALL {
            assert_eq!(SourceFormat::from_name(format.as_str()), Some(format));
        }
        let names: std::collections::HashSet<_> =
            SourceFormat::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(names.len(), SourceFormat::ALL.len());
        assert_eq!(
            SourceFormat::from_name("uptime-kuma"),
            Some(SourceFormat::UptimeKuma)
        );
        assert_eq!(SourceFormat::from_name("rss"), None);
    }

    #[test]
    fn the_unknown_format_error_names_every_format() {
        let message = FeedError::UnknownFormat.to_string();
        for format in SourceFormat::ALL {
            assert!(message.contains(format.as_str()), "{message}");
            assert!(message.contains(format.title()), "{message}");
        }
        assert!(
            message.contains("name it explicitly: native, statuspage, "),
            "{message}"
        );
        assert!(message.ends_with(", google-cloud or upptime"), "{message}");
    }

    #[test]
    fn formats_are_detected_from_the_document_shape() {
        for (document, format) in [
            (r#"{"version": 1}"#, SourceFormat::Native),
            (r#"{"page": {"id": "p"}}"#, SourceFormat::Statuspage),
            (r#"{"page": {"status": "UP"}}"#, SourceFormat::Instatus),
            (r#"{"activeIncidents": []}"#, SourceFormat::Instatus),
            (r#"{"publicGroupList": []}"#, SourceFormat::UptimeKuma),
            (r#"{"data": []}"#, SourceFormat::Cachet),
            (r#"[{"key": "k", "results": []}]"#, SourceFormat::Gatus),
            (r#"[{"external_desc": "x"}]"#, SourceFormat::GoogleCloud),
            (r#"[{"slug": "s", "uptime": "1%"}]"#, SourceFormat::Upptime),
        ] {
            let json = Json::parse(document.as_bytes()).unwrap();
            assert_eq!(SourceFormat::detect(&json), Ok(format), "{document}");
        }
        for undetectable in ["[]", r#"{"data": {}}"#] {
            let json = Json::parse(undetectable.as_bytes()).unwrap();
            assert_eq!(SourceFormat::detect(&json), Err(FeedError::UnknownFormat));
        }
    }

    #[cfg(not(feature = "all-formats"))]
    #[test]
    fn formats_left_out_of_the_build_say_where_to_read_them() {
        let options = ParseOptions::default();
        let gatus = Json::parse(br#"[{"key": "k", "results": []}]"#).unwrap();
        let error = read_document(&gatus, &options).unwrap_err();
        assert_eq!(
            error,
            FeedError::FormatUnavailable {
                format: SourceFormat::Gatus
            }
        );
        assert!(
            error.to_string().contains("status-server's relay"),
            "{error}"
        );
    }
}
