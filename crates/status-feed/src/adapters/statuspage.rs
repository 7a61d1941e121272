//! Atlassian Statuspage public API v2: `summary.json`, `components.json`, `incidents.json`,
//! `incidents/unresolved.json`, `scheduled-maintenances.json`, `status.json` and a single
//! incident (`incidents/<id>.json`). All share a `page` object plus one or more sections.

use serde::Deserialize;

use crate::model::{Component, ComponentRef, Feed, Group, Incident, Maintenance, Service, Update};
use crate::model::FORMAT_VERSION;
use crate::status::{Impact, IncidentStatus, MaintenanceStatus, Status};
use crate::timestamp::Timestamp;
use crate::web_url::WebUrl;

#[derive(Deserialize)]
pub(crate) struct Document {
    page: Page,
    status: Option<PageStatus>,
    components: Option<Vec<SpComponent>>,
    incidents: Option<Vec<SpIncident>>,
    incident: Option<SpIncident>,
    scheduled_maintenances: Option<Vec<SpIncident>>,
}

#[derive(Deserialize)]
struct Page {
    name: String,
    url: Option<WebUrl>,
    updated_at: Option<Timestamp>,
}

#[derive(Deserialize)]
struct PageStatus {
    indicator: Indicator,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Indicator {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ComponentStatus {
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
struct SpComponent {
    id: String,
    name: String,
    status: ComponentStatus,
    description: Option<String>,
    position: Option<i64>,
    #[serde(default)]
    group: bool,
    group_id: Option<String>,
    #[serde(default)]
    only_show_if_degraded: bool,
}

/// Incidents and scheduled maintenances share one shape in this API.
#[derive(Deserialize)]
struct SpIncident {
    id: String,
    name: String,
    status: SpIncidentStatus,
    impact: Impact,
    created_at: Timestamp,
    started_at: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
    scheduled_for: Option<Timestamp>,
    scheduled_until: Option<Timestamp>,
    shortlink: Option<WebUrl>,
    components: Option<Vec<SpComponentRef>>,
    #[serde(default)]
    incident_updates: Vec<SpUpdate>,
}

/// Incident and maintenance states share one field, so both vocabularies are read here and
/// split by `into_incident` / `into_maintenance`.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SpIncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
struct SpComponentRef {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct SpUpdate {
    status: SpIncidentStatus,
    body: String,
    created_at: Timestamp,
    display_at: Option<Timestamp>,
    affected_components: Option<Vec<SpAffectedComponent>>,
}

#[derive(Deserialize)]
struct SpAffectedComponent {
    code: String,
    name: String,
}

impl From<Indicator> for Status {
    fn from(indicator: Indicator) -> Self {
        match indicator {
            Indicator::None => Status::Operational,
            Indicator::Minor => Status::Degraded,
            Indicator::Major => Status::PartialOutage,
            Indicator::Critical => Status::MajorOutage,
            Indicator::Maintenance => Status::Maintenance,
            Indicator::Unknown => Status::Unknown,
        }
    }
}

impl From<ComponentStatus> for Status {
    fn from(status: ComponentStatus) -> Self {
        match status {
            ComponentStatus::Operational => Status::Operational,
            ComponentStatus::DegradedPerformance => Status::Degraded,
            ComponentStatus::PartialOutage => Status::PartialOutage,
            ComponentStatus::MajorOutage => Status::MajorOutage,
            ComponentStatus::UnderMaintenance => Status::Maintenance,
            ComponentStatus::Unknown => Status::Unknown,
        }
    }
}

impl From<SpIncidentStatus> for IncidentStatus {
    fn from(status: SpIncidentStatus) -> Self {
        match status {
            SpIncidentStatus::Investigating => IncidentStatus::Investigating,
            SpIncidentStatus::Identified => IncidentStatus::Identified,
            SpIncidentStatus::Monitoring => IncidentStatus::Monitoring,
            SpIncidentStatus::Resolved | SpIncidentStatus::Completed => IncidentStatus::Resolved,
            SpIncidentStatus::Postmortem => IncidentStatus::Postmortem,
            SpIncidentStatus::Scheduled
            | SpIncidentStatus::InProgress
            | SpIncidentStatus::Verifying
            | SpIncidentStatus::Unknown => IncidentStatus::Unknown,
        }
    }
}

impl From<SpIncidentStatus> for MaintenanceStatus {
    fn from(status: SpIncidentStatus) -> Self {
        match status {
            SpIncidentStatus::Scheduled => MaintenanceStatus::Scheduled,
            SpIncidentStatus::InProgress => MaintenanceStatus::InProgress,
            SpIncidentStatus::Verifying => MaintenanceStatus::Verifying,
            SpIncidentStatus::Completed | SpIncidentStatus::Resolved | SpIncidentStatus::Postmortem => {
                MaintenanceStatus::Completed
            }
            SpIncidentStatus::Investigating
            | SpIncidentStatus::Identified
            | SpIncidentStatus::Monitoring
            | SpIncidentStatus::Unknown => MaintenanceStatus::Unknown,
        }
    }
}

impl SpIncident {
    /// Components named on the incident itself and in any of its updates, each once, in the
    /// order first mentioned.
    fn affected_components(&self) -> Vec<ComponentRef> {
        let on_incident = self.components.iter().flatten().map(|c| (&c.id, &c.name));
        let in_updates = self
            .incident_updates
            .iter()
            .flat_map(|u| u.affected_components.iter().flatten())
            .map(|c| (&c.code, &c.name));
        let mut refs: Vec<ComponentRef> = Vec::new();
        for (id, name) in on_incident.chain(in_updates) {
            if !refs.iter().any(|r| r.id() == id) {
                refs.push(ComponentRef::Named { id: id.clone(), name: name.clone() });
            }
        }
        refs
    }

    fn updates<S: From<SpIncidentStatus>>(&self) -> Vec<Update<S>> {
        let mut updates: Vec<_> = self
            .incident_updates
            .iter()
            .map(|u| Update {
                at: u.display_at.unwrap_or(u.created_at),
                status: S::from(u.status),
                body: u.body.clone(),
                components: u
                    .affected_components
                    .iter()
                    .flatten()
                    .map(|c| ComponentRef::Named { id: c.code.clone(), name: c.name.clone() })
                    .collect(),
            })
            .collect();
        updates.sort_by_key(|u| std::cmp::Reverse(u.at));
        updates
    }

    fn into_incident(self) -> Incident {
        Incident {
            components: self.affected_components(),
            updates: self.updates(),
            id: self.id,
            title: self.name,
            impact: self.impact,
            status: self.status.into(),
            started_at: self.started_at.unwrap_or(self.created_at),
            resolved_at: self.resolved_at,
            url: self.shortlink,
        }
    }

    fn into_maintenance(self) -> Maintenance {
        let starts_at = self.scheduled_for.or(self.started_at).unwrap_or(self.created_at);
        Maintenance {
            components: self.affected_components(),
            updates: self.updates(),
            id: self.id,
            title: self.name,
            status: self.status.into(),
            starts_at,
            // A window without an announced end is shown as ending when it starts; the
            // status field still says whether it is under way.
            ends_at: self.scheduled_until.unwrap_or(starts_at).max(starts_at),
            url: self.shortlink,
        }
    }

    /// `incidents.json` mixes scheduled maintenances in with incidents; they are told apart by
    /// their maintenance-only status or their schedule.
    fn is_maintenance(&self) -> bool {
        self.scheduled_for.is_some()
            || matches!(
                self.status,
                SpIncidentStatus::Scheduled | SpIncidentStatus::InProgress | SpIncidentStatus::Verifying
            )
    }
}

pub(crate) fn convert(document: Document) -> Feed {
    let (groups, components) = split_components(document.components.unwrap_or_default());
    let mut incidents = Vec::new();
    let mut maintenances: Vec<Maintenance> = document
        .scheduled_maintenances
        .into_iter()
        .flatten()
        .map(SpIncident::into_maintenance)
        .collect();
    for entry in document.incidents.into_iter().flatten().chain(document.incident) {
        if entry.is_maintenance() {
            if !maintenances.iter().any(|m| m.id == entry.id) {
                maintenances.push(entry.into_maintenance());
            }
        } else if !incidents.iter().any(|i: &Incident| i.id == entry.id) {
            incidents.push(entry.into_incident());
        }
    }
    let (status, summary) = match document.status {
        Some(page_status) => (Some(page_status.indicator.into()), page_status.description),
        None => (None, None),
    };
    Feed {
        version: FORMAT_VERSION,
        service: Service { name: document.page.name, url: None, status_page_url: document.page.url },
        status,
        summary,
        checked_at: document.page.updated_at,
        refresh_seconds: None,
        groups,
        components,
        incidents,
        maintenances,
        community: None,
        report: None,
        guide: None,
    }
}

/// Statuspage lists groups as components with `group: true`; members point at them through
/// `group_id`. Both come back sorted by their `position` on the page.
fn split_components(mut all: Vec<SpComponent>) -> (Vec<Group>, Vec<Component>) {
    all.sort_by_key(|c| c.position.unwrap_or(i64::MAX));
    let (group_entries, members): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| c.group);
    let groups = group_entries
        .into_iter()
        .map(|g| Group { id: g.id, name: g.name, description: g.description })
        .collect();
    let components = members
        .into_iter()
        .map(|c| Component {
            id: c.id,
            name: c.name,
            status: c.status.into(),
            group: c.group_id,
            description: c.description,
            only_show_if_degraded: c.only_show_if_degraded,
        })
        .collect();
    (groups, components)
}
