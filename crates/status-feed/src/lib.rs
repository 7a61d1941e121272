//! The status feed domain: the native feed model, adapters from other status formats,
//! validation with limits, and the questions views ask of a feed. Pure Rust with no IO, so
//! the widget (wasm) and the server share it and it is tested natively.

/// The words of an error or warning, as `format!` writes them; with the `quiet` feature,
/// nothing (the arguments are not even formatted, so the code that would is left out).
macro_rules! reason {
    ($($format:tt)+) => {{
        #[cfg(not(feature = "quiet"))]
        let reason = format!($($format)+);
        #[cfg(feature = "quiet")]
        let reason = {
            let _ = format_args!($($format)+);
            String::new()
        };
        reason
    }};
}

mod adapters;
pub mod community;
mod error;
pub mod json;
mod model;
mod queries;
mod read;
pub mod refresh;
pub mod report;
pub(crate) mod sort;
mod status;
mod timestamp;
mod unrecognised;
mod validate;
mod web_url;

pub use adapters::{
    ParseOptions, Parsed, SourceFormat, document_text, parse_feed, parse_feed_with, read_document,
    read_documents,
};
pub use error::{FeedError, Warning};
pub use json::Json;
pub use model::*;
pub use queries::{ComponentSection, Listed, Notice};
pub use status::{CommunityLevel, Impact, IncidentStatus, MaintenanceStatus, Status};
pub use timestamp::{CalendarDate, Timestamp};
pub use unrecognised::{closest, unrecognised_names};
pub use validate::Limits;
pub use web_url::WebUrl;

/// The JSON Schema of the native format, as committed in `schema/status-feed-v1.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Feed);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
