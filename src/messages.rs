//! The widget's words come from `status-messages`, shared with stage one of the embed; this
//! module picks the table of the widget being rendered, whose `Locale` is provided as context.

use leptos::prelude::*;
use status_feed::{Impact, IncidentStatus, MaintenanceStatus, Status};
pub use status_messages::{ENGLISH, Language, Locale, Messages, fill, plural};

/// The messages of the widget being rendered.
pub fn texts() -> &'static Messages {
    use_context::<Locale>().map_or(&ENGLISH, |locale| locale.language.messages())
}

pub fn status_label(status: Status) -> &'static str {
    status_messages::status_label(texts().badge, status)
}

pub fn impact_label(impact: Impact) -> &'static str {
    status_messages::impact_label(texts(), impact)
}

pub fn incident_status_label(status: IncidentStatus) -> &'static str {
    status_messages::incident_status_label(texts(), status)
}

pub fn maintenance_status_label(status: MaintenanceStatus) -> &'static str {
    status_messages::maintenance_status_label(texts(), status)
}
