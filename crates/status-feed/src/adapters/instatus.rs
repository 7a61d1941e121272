//! Instatus public data: the page's `summary.json` (overall status, active incidents and
//! maintenances) with `v2/components.json` as its companion (components and their groups).

use std::collections::HashSet;

use super::{COMPANION, missing_companion, within_limit};
use crate::error::{Path, Warning};
use crate::json::Json;
use crate::model::{Component, Feed, Group, Incident, Maintenance, Service};
use crate::read::{Fields, ReadResult, invalid, string, text, web_url};
use crate::status::{Impact, IncidentStatus, MaintenanceStatus, Status, feed_enum};
use crate::validate::Limits;
use crate::web_url::WebUrl;

use super::loose_time::loose_timestamp;

feed_enum!("Instatus's page status." PageStatus {
    Up = "UP",
    HasIssues = "HASISSUES",
    UnderMaintenance = "UNDERMAINTENANCE",
});

// Component statuses; an incident's impact uses the same names.
feed_enum!("Instatus's component status." ComponentStatus {
    Operational = "OPERATIONAL",
    UnderMaintenance = "UNDERMAINTENANCE",
    DegradedPerformance = "DEGRADEDPERFORMANCE",
    PartialOutage = "PARTIALOUTAGE",
    MinorOutage = "MINOROUTAGE",
    MajorOutage = "MAJOROUTAGE",
});

feed_enum!("Instatus's incident status." InstatusIncidentStatus {
    Investigating = "INVESTIGATING",
    Identified = "IDENTIFIED",
    Monitoring = "MONITORING",
    Resolved = "RESOLVED",
});

feed_enum!("Instatus's maintenance status." InstatusMaintenanceStatus {
    NotStartedYet = "NOTSTARTEDYET",
    InProgress = "INPROGRESS",
    Completed = "COMPLETED",
});

impl From<ComponentStatus> for Status {
    fn from(status: ComponentStatus) -> Self {
        match status {
            ComponentStatus::Operational => Status::Operational,
            ComponentStatus::UnderMaintenance => Status::Maintenance,
            ComponentStatus::DegradedPerformance => Status::Degraded,
            // Instatus ranks a minor outage between partial and major; the nearest level
            // here that does not overstate it is a partial outage.
            ComponentStatus::PartialOutage | ComponentStatus::MinorOutage => Status::PartialOutage,
            ComponentStatus::MajorOutage => Status::MajorOutage,
            ComponentStatus::Unknown => Status::Unknown,
        }
    }
}

impl From<ComponentStatus> for Impact {
    fn from(impact: ComponentStatus) -> Self {
        // The same scale as Statuspage's: minor degrades, major is a partial outage,
        // critical a major one.
        match impact {
            ComponentStatus::Operational => Impact::None,
            ComponentStatus::UnderMaintenance => Impact::Maintenance,
            ComponentStatus::DegradedPerformance => Impact::Minor,
            ComponentStatus::PartialOutage | ComponentStatus::MinorOutage => Impact::Major,
            ComponentStatus::MajorOutage => Impact::Critical,
            ComponentStatus::Unknown => Impact::Unknown,
        }
    }
}

impl From<InstatusIncidentStatus> for IncidentStatus {
    fn from(status: InstatusIncidentStatus) -> Self {
        match status {
            InstatusIncidentStatus::Investigating => IncidentStatus::Investigating,
            InstatusIncidentStatus::Identified => IncidentStatus::Identified,
            InstatusIncidentStatus::Monitoring => IncidentStatus::Monitoring,
            InstatusIncidentStatus::Resolved => IncidentStatus::Resolved,
            InstatusIncidentStatus::Unknown => IncidentStatus::Unknown,
        }
    }
}

impl From<InstatusMaintenanceStatus> for MaintenanceStatus {
    fn from(status: InstatusMaintenanceStatus) -> Self {
        match status {
            InstatusMaintenanceStatus::NotStartedYet => MaintenanceStatus::Scheduled,
            InstatusMaintenanceStatus::InProgress => MaintenanceStatus::InProgress,
            InstatusMaintenanceStatus::Completed => MaintenanceStatus::Completed,
            InstatusMaintenanceStatus::Unknown => MaintenanceStatus::Unknown,
        }
    }
}

/// Older summaries list incidents without an `id`; the last segment of the entry's link is
/// the id there, and the title is the last resort.
fn entry_id(id: Option<String>, url: Option<&WebUrl>, title: &str) -> String {
    id.or_else(|| {
        let link = url?.as_str().trim_end_matches('/');
        let (_, last) = link.rsplit_once('/')?;
        (!last.is_empty()).then(|| last.to_owned())
    })
    .unwrap_or_else(|| title.to_owned())
}

fn incident(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Incident> {
    let fields = Fields::of(value, path)?;
    let title = fields.required("name", string)?;
    let url = fields.optional("url", web_url)?;
    Ok(Incident {
        id: entry_id(fields.optional("id", string)?, url.as_ref(), &title),
        title,
        impact: fields
            .optional("impact", ComponentStatus::read)?
            .map_or(Impact::Unknown, Impact::from),
        status: fields
            .required("status", InstatusIncidentStatus::read)?
            .into(),
        started_at: fields.required("started", loose_timestamp)?,
        resolved_at: None,
        url,
        components: Vec::new(),
        updates: Vec::new(),
    })
}

/// Minutes, which Instatus writes as a string ("60") or a number.
fn minutes(value: &Json<'_>, path: &Path<'_>) -> ReadResult<i64> {
    let minutes = match value {
        Json::String(_) => text(value, path)?.trim().parse().ok(),
        other => other.as_i64(),
    };
    minutes
        .filter(|minutes| *minutes >= 0)
        .ok_or_else(|| invalid(path, "expected a number of minutes"))
}

fn maintenance(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Maintenance> {
    let fields = Fields::of(value, path)?;
    let title = fields.required("name", string)?;
    let url = fields.optional("url", web_url)?;
    let starts_at = fields.required("start", loose_timestamp)?;
    let duration = fields.optional("duration", minutes)?.unwrap_or(0);
    let ends_at = starts_at
        .writable_shift(duration.saturating_mul(60_000))
        .ok_or_else(|| {
            invalid(
                &path.field("duration"),
                "is too long: the window would end after the year 9999",
            )
        })?;
    Ok(Maintenance {
        id: entry_id(fields.optional("id", string)?, url.as_ref(), &title),
        title,
        status: fields
            .required("status", InstatusMaintenanceStatus::read)?
            .into(),
        starts_at,
        ends_at,
        url,
        components: Vec::new(),
        updates: Vec::new(),
    })
}

/// The components document: `{"components": [{id, name, description, status, group}]}`,
/// where `group` is `{id, name, description}` or null.
fn components(
    value: &Json<'_>,
    path: &Path<'_>,
    limits: &Limits,
) -> ReadResult<(Vec<Group>, Vec<Component>)> {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_ids = HashSet::new();
    let components = Fields::of(value, path)?.list("components", |value, path| {
        let fields = Fields::of(value, path)?;
        let group = fields.optional("group", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(Group {
                id: fields.required("id", string)?,
                name: fields.required("name", string)?,
                description: fields.optional("description", string)?,
            })
        })?;
        let group_id = group.as_ref().map(|g| g.id.clone());
        if let Some(group) = group
            && group_ids.insert(group.id.clone())
        {
            within_limit(
                &path.field("group"),
                group_ids.len(),
                "groups",
                limits.max_groups,
            )?;
            groups.push(group);
        }
        let id = fields.required("id", string)?;
        let name = fields.required("name", string)?;
        let status = fields.required("status", ComponentStatus::read)?.into();
        Ok(Component {
            group: group_id,
            description: fields.non_blank("description")?,
            ..Component::new(id, name, status)
        })
    })?;
    Ok((groups, components))
}

pub(super) fn read_feed(
    document: &Json<'_>,
    companion: Option<&Json<'_>>,
    limits: &Limits,
    warnings: &mut Vec<Warning>,
) -> ReadResult<Feed> {
    let root = Path::Root;
    let summary = Fields::of(document, &root)?;
    let (name, page_url, page_status) = summary.required("page", |value, path| {
        let page = Fields::of(value, path)?;
        Ok((
            page.required("name", string)?,
            page.optional("url", web_url)?,
            // Required: the page's status is what tells an Instatus summary from other
            // documents with a named page, such as Statuspage's.
            page.required("status", PageStatus::read)?,
        ))
    })?;
    let (groups, components) = match companion {
        Some(companion) => components(companion, &COMPANION, limits)?,
        None => {
            missing_companion(
                warnings,
                "components document (v2/components.json)",
                "no components are listed",
            );
            (Vec::new(), Vec::new())
        }
    };
    let status = Some(match page_status {
        PageStatus::Up => Status::Operational,
        PageStatus::UnderMaintenance => Status::Maintenance,
        // "Has issues" says no more than that; the components may say how bad.
        PageStatus::HasIssues => Status::worst(
            components
                .iter()
                .map(|c| c.status)
                .chain([Status::Degraded]),
        ),
        PageStatus::Unknown => Status::Unknown,
    });
    Ok(Feed {
        status,
        groups,
        components,
        incidents: summary.list("activeIncidents", incident)?,
        maintenances: summary.list("activeMaintenances", maintenance)?,
        ..Feed::about(Service {
            status_page_url: page_url,
            ..Service::named(name)
        })
    })
}
