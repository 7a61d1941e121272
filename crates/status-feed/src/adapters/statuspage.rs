//! Atlassian Statuspage public API v2: `summary.json`, `components.json`, `incidents.json`,
//! `incidents/unresolved.json`, `scheduled-maintenances.json`, `status.json` and a single
//! incident (`incidents/<id>.json`). All share a `page` object plus one or more sections.

use crate::error::Path;
use crate::json::Json;
use crate::model::{Component, ComponentRef, Feed, Group, Incident, Maintenance, Service, Update};
use crate::read::{Fields, ReadResult, integer, invalid, string, timestamp, web_url};
use crate::sort::{first_occurrences, sort_by_key};
use crate::status::{Impact, IncidentStatus, MaintenanceStatus, Status, feed_enum};
use crate::timestamp::Timestamp;
use crate::validate::Limits;
use crate::web_url::WebUrl;

feed_enum!("Statuspage's page-level status." Indicator {
    None = "none",
    Minor = "minor",
    Major = "major",
    Critical = "critical",
    Maintenance = "maintenance",
});

feed_enum!("Statuspage's component status." ComponentStatus {
    Operational = "operational",
    DegradedPerformance = "degraded_performance",
    PartialOutage = "partial_outage",
    MajorOutage = "major_outage",
    UnderMaintenance = "under_maintenance",
});

struct SpComponent {
    id: String,
    name: String,
    status: ComponentStatus,
    description: Option<String>,
    position: Option<i64>,
    group: bool,
    group_id: Option<String>,
    only_show_if_degraded: bool,
}

fn component(value: &Json<'_>, path: &Path<'_>) -> ReadResult<SpComponent> {
    let fields = Fields::of(value, path)?;
    Ok(SpComponent {
        id: fields.required("id", string)?,
        name: fields.required("name", string)?,
        status: fields.required("status", ComponentStatus::read)?,
        description: fields.optional("description", string)?,
        position: fields.optional("position", integer)?,
        group: fields.flag("group")?,
        group_id: fields.optional("group_id", string)?,
        only_show_if_degraded: fields.flag("only_show_if_degraded")?,
    })
}

/// Incidents and scheduled maintenances share one shape in this API.
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
    /// Components named on the incident itself and in any of its updates, each once, in the
    /// order first mentioned.
    affected: Vec<ComponentRef>,
    incident_updates: Vec<SpUpdate>,
}

fn incident(value: &Json<'_>, path: &Path<'_>, limits: &Limits) -> ReadResult<SpIncident> {
    let fields = Fields::of(value, path)?;
    let components = fields.list("components", named_component("id"))?;
    let incident_updates = fields.list("incident_updates", update)?;
    // Deduplicated here with one sort, and refused by the count, which validation would
    // refuse anyway: a hostile entry naming hundreds of thousands of components costs no
    // more than sorting their ids.
    let in_updates = incident_updates.iter().flat_map(|u| &u.affected_components);
    let named: Vec<&(String, String)> = components.iter().chain(in_updates).collect();
    let first = first_occurrences(&mut named.iter().map(|(id, _)| (0, id.as_str())));
    let distinct = first.iter().filter(|&&first| first).count();
    if distinct > limits.max_components {
        return Err(invalid(
            path,
            reason!(
                "affects {distinct} components, more than the limit of {}",
                limits.max_components
            ),
        ));
    }
    let affected = named
        .into_iter()
        .zip(first)
        .filter(|(_, first)| *first)
        .map(|((id, name), _)| ComponentRef::Named {
            id: id.clone(),
            name: name.clone(),
        })
        .collect();
    Ok(SpIncident {
        id: fields.required("id", string)?,
        name: fields.required("name", string)?,
        status: fields.required("status", SpIncidentStatus::read)?,
        impact: fields.required("impact", Impact::read)?,
        created_at: fields.required("created_at", timestamp)?,
        started_at: fields.optional("started_at", timestamp)?,
        resolved_at: fields.optional("resolved_at", timestamp)?,
        scheduled_for: fields.optional("scheduled_for", timestamp)?,
        scheduled_until: fields.optional("scheduled_until", timestamp)?,
        shortlink: fields.optional("shortlink", web_url)?,
        affected,
        incident_updates: newest_first(incident_updates),
    })
}

/// Updates newest first, those of equal times in feed order. Sorted here, before they become
/// incident or maintenance updates, so one sort serves both.
fn newest_first(mut updates: Vec<SpUpdate>) -> Vec<SpUpdate> {
    sort_by_key(&mut updates, |u| (u.at.unix_millis().saturating_neg(), ""));
    updates
}

/// A component mentioned by id (under `id_key`) and name.
fn named_component(
    id_key: &'static str,
) -> impl Fn(&Json<'_>, &Path<'_>) -> ReadResult<(String, String)> {
    move |value, path| {
        let fields = Fields::of(value, path)?;
        Ok((
            fields.required(id_key, string)?,
            fields.required("name", string)?,
        ))
    }
}

// Incident and maintenance states share one field, so both vocabularies are read here and
// split by `into_incident` / `into_maintenance`.
feed_enum!("Statuspage's incident or maintenance status." SpIncidentStatus {
    Investigating = "investigating",
    Identified = "identified",
    Monitoring = "monitoring",
    Resolved = "resolved",
    Postmortem = "postmortem",
    Scheduled = "scheduled",
    InProgress = "in_progress",
    Verifying = "verifying",
    Completed = "completed",
});

struct SpUpdate {
    status: SpIncidentStatus,
    body: String,
    at: Timestamp,
    /// Components whose status the update changed, as (id, name).
    affected_components: Vec<(String, String)>,
}

fn update(value: &Json<'_>, path: &Path<'_>) -> ReadResult<SpUpdate> {
    let fields = Fields::of(value, path)?;
    let created_at = fields.required("created_at", timestamp)?;
    Ok(SpUpdate {
        status: fields.required("status", SpIncidentStatus::read)?,
        body: fields.required("body", string)?,
        at: fields
            .optional("display_at", timestamp)?
            .unwrap_or(created_at),
        affected_components: fields.list("affected_components", named_component("code"))?,
    })
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
            SpIncidentStatus::Completed
            | SpIncidentStatus::Resolved
            | SpIncidentStatus::Postmortem => MaintenanceStatus::Completed,
            SpIncidentStatus::Investigating
            | SpIncidentStatus::Identified
            | SpIncidentStatus::Monitoring
            | SpIncidentStatus::Unknown => MaintenanceStatus::Unknown,
        }
    }
}

impl SpIncident {
    fn updates<S: From<SpIncidentStatus>>(&self) -> Vec<Update<S>> {
        self.incident_updates
            .iter()
            .map(|u| Update {
                at: u.at,
                status: S::from(u.status),
                body: u.body.clone(),
                components: u
                    .affected_components
                    .iter()
                    .map(|(id, name)| ComponentRef::Named {
                        id: id.clone(),
                        name: name.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    fn into_incident(self) -> Incident {
        Incident {
            updates: self.updates(),
            components: self.affected,
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
        let starts_at = self
            .scheduled_for
            .or(self.started_at)
            .unwrap_or(self.created_at);
        Maintenance {
            updates: self.updates(),
            components: self.affected,
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
                SpIncidentStatus::Scheduled
                    | SpIncidentStatus::InProgress
                    | SpIncidentStatus::Verifying
            )
    }
}

pub(crate) fn read_feed(value: &Json<'_>, limits: &Limits) -> ReadResult<Feed> {
    // One closure for the three lists keeps to one copy of the list reader in the widget.
    let incident = |value: &Json<'_>, path: &Path<'_>| incident(value, path, limits);
    let root = Path::Root;
    let document = Fields::of(value, &root)?;
    let (name, page_url, updated_at) = document.required("page", |value, path| {
        let page = Fields::of(value, path)?;
        Ok((
            page.required("name", string)?,
            page.optional("url", web_url)?,
            page.optional("updated_at", timestamp)?,
        ))
    })?;
    let (groups, components) = split_components(document.list("components", component)?);
    let mut maintenances: Vec<Maintenance> = document
        .list("scheduled_maintenances", incident)?
        .into_iter()
        .map(SpIncident::into_maintenance)
        .collect();
    let listed: Vec<SpIncident> = document
        .list("incidents", incident)?
        .into_iter()
        .chain(document.optional("incident", incident)?)
        .collect();
    // An entry listed again (the single incident is often in the list too) is kept once, as
    // first listed; one the scheduled maintenances already hold is not added to them.
    let first_listed: Vec<bool> = {
        let kind = |is_maintenance: bool| i64::from(is_maintenance);
        let scheduled = maintenances.iter().map(|m| (kind(true), m.id.as_str()));
        let listed_keys = listed
            .iter()
            .map(|e| (kind(e.is_maintenance()), e.id.as_str()));
        let mut first = first_occurrences(&mut scheduled.chain(listed_keys));
        first.split_off(maintenances.len())
    };
    let mut incidents = Vec::new();
    for (entry, first) in listed.into_iter().zip(first_listed) {
        if !first {
            continue;
        }
        if entry.is_maintenance() {
            maintenances.push(entry.into_maintenance());
        } else {
            incidents.push(entry.into_incident());
        }
    }
    let page_status = document.optional("status", |value, path| {
        let fields = Fields::of(value, path)?;
        Ok((
            fields.required("indicator", Indicator::read)?,
            fields.optional("description", string)?,
        ))
    })?;
    let (status, summary) = match page_status {
        Some((indicator, description)) => (Some(indicator.into()), description),
        None => (None, None),
    };
    Ok(Feed {
        status,
        summary,
        checked_at: updated_at,
        groups,
        components,
        incidents,
        maintenances,
        ..Feed::about(Service {
            status_page_url: page_url,
            ..Service::named(name)
        })
    })
}

/// Statuspage lists groups as components with `group: true`; members point at them through
/// `group_id`. Both come back sorted by their `position` on the page.
fn split_components(all: Vec<SpComponent>) -> (Vec<Group>, Vec<Component>) {
    let mut ordered = all;
    // Document order breaks ties, so components without a position keep theirs.
    sort_by_key(&mut ordered, |c| (c.position.unwrap_or(i64::MAX), ""));
    let (group_entries, members): (Vec<_>, Vec<_>) = ordered.into_iter().partition(|c| c.group);
    let groups = group_entries
        .into_iter()
        .map(|g| Group {
            id: g.id,
            name: g.name,
            description: g.description,
        })
        .collect();
    let components = members
        .into_iter()
        // No uptime or history: Statuspage's uptime bars are drawn from data its public API
        // does not publish.
        .map(|c| Component {
            group: c.group_id,
            description: c.description,
            only_show_if_degraded: c.only_show_if_degraded,
            ..Component::new(c.id, c.name, c.status.into())
        })
        .collect();
    (groups, components)
}
