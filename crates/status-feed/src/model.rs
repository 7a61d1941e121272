//! The native feed format, version 1. Field names are the JSON names; the JSON Schema in
//! `schema/status-feed-v1.schema.json` is generated from these types, the serde attributes
//! telling it which fields are optional. Reading is in `adapters::native`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::status::{CommunityLevel, Impact, IncidentStatus, MaintenanceStatus, Status};
use crate::timestamp::{CalendarDate, Timestamp};
use crate::web_url::WebUrl;

/// The only format version this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One status document: everything the widget shows about one service.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "status-feed v1")]
pub struct Feed {
    /// Format version; must be 1.
    pub version: u32,
    pub service: Service,
    /// Overall status; when absent it is derived from the components (worst wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// One line describing the current situation in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When the publisher last checked or produced this data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<Timestamp>,
    /// Set when the data is a last good copy kept because its source can no longer be read:
    /// since when reading has failed. `checked_at` then says when it last succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_since: Option<Timestamp>,
    /// How often readers should fetch the feed again, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintenances: Vec<Maintenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<Community>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<Guide>,
}

impl Feed {
    #[cfg(feature = "statuspage")]
    /// A feed about `service` that says nothing else yet. Adapters start from it and set only
    /// what their source tells, so a field added to the format is absent from them by default.
    pub(crate) fn about(service: Service) -> Self {
        Feed {
            version: FORMAT_VERSION,
            service,
            status: None,
            summary: None,
            checked_at: None,
            stale_since: None,
            refresh_seconds: None,
            groups: Vec::new(),
            components: Vec::new(),
            incidents: Vec::new(),
            maintenances: Vec::new(),
            community: None,
            report: None,
            guide: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Service {
    pub name: String,
    /// The service's own home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    /// The full status page for this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_page_url: Option<WebUrl>,
    /// An Atom feed of the service's incidents, for feed readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atom_url: Option<WebUrl>,
}

impl Service {
    #[cfg(feature = "statuspage")]
    /// A service known by its name alone.
    pub(crate) fn named(name: impl Into<String>) -> Self {
        Service {
            name: name.into(),
            url: None,
            status_page_url: None,
            atom_url: None,
        }
    }
}

/// A named set of components, shown together.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Group {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub status: Status,
    /// The `id` of the group this component belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Hide the component while it is operational.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub only_show_if_degraded: bool,
    /// The share of time the component was up, 0 to 100, as the source measured it over its
    /// own window (e.g. the last 24 hours or all time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_percent: Option<f64>,
    /// How each day went, one entry per day, oldest first. Days without an entry have no
    /// record, which is not the same as a good day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<DayRecord>,
}

impl Component {
    #[cfg(feature = "statuspage")]
    /// A component of which only its current status is known.
    pub(crate) fn new(id: String, name: String, status: Status) -> Self {
        Component {
            id,
            name,
            status,
            group: None,
            description: None,
            only_show_if_degraded: false,
            uptime_percent: None,
            history: Vec::new(),
        }
    }
}

/// How one calendar day (UTC) went for a component.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct DayRecord {
    pub date: CalendarDate,
    /// The worst status of the day.
    pub status: Status,
    /// Minutes the component was down that day, 0 to 1440, when the source counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime_minutes: Option<u32>,
}

/// A reference from an incident or maintenance to a component: its id, or its id and name.
/// The name lets a feed mention components that are no longer (or not) in `components`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ComponentRef {
    Id(String),
    Named { id: String, name: String },
}

impl ComponentRef {
    pub fn id(&self) -> &str {
        match self {
            ComponentRef::Id(id) | ComponentRef::Named { id, .. } => id,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            ComponentRef::Id(_) => None,
            ComponentRef::Named { name, .. } => Some(name),
        }
    }
}

/// A dated message posted during an incident or a maintenance window.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Update<S> {
    pub at: Timestamp,
    pub status: S,
    pub body: String,
    /// Components this update mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub impact: Impact,
    pub status: IncidentStatus,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    /// Where to read more about this incident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    /// The affected components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentRef>,
    /// Updates, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update<IncidentStatus>>,
}

/// A planned window of maintenance.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Maintenance {
    pub id: String,
    pub title: String,
    pub status: MaintenanceStatus,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentRef>,
    /// Updates, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update<MaintenanceStatus>>,
}

/// What visitors have reported recently, as counts per time bucket.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Community {
    /// Length of each bucket, in seconds.
    pub bucket_seconds: u32,
    /// Consecutive buckets, oldest first.
    #[serde(default)]
    pub buckets: Vec<ReportBucket>,
    /// The usual number of reports per bucket, for comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// The publisher's reading of the signal, when it computes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CommunityLevel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReportBucket {
    pub start: Timestamp,
    pub reports: u32,
    /// Reports split by symptom id, when the publisher records symptoms.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub symptoms: BTreeMap<String, u32>,
}

/// Where and how visitors report problems.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReportSettings {
    /// Endpoint that accepts report POSTs.
    pub url: WebUrl,
    /// The symptoms a visitor can choose from.
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    /// A visitor may report the same component once per this many minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub once_per_minutes: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Symptom {
    pub id: String,
    pub label: String,
}

/// Help for people who hit errors: what they mean and what to do.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Guide {
    /// What the errors mean, in a paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<ErrorSignature>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<Faq>,
}

/// An error as a client sees it (e.g. "HTTP 503"), and what it means.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ErrorSignature {
    pub signature: String,
    pub meaning: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Link {
    pub title: String,
    pub url: WebUrl,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}
