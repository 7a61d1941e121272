//! Cachet API v1: `/api/v1/components` (or `/api/v1/components/groups`, which also names the
//! groups) with `/api/v1/incidents` as companion. Lists come in a `{"data": [...]}` envelope;
//! statuses are numbers.

use std::collections::HashMap;

use super::loose_time::loose_timestamp;
use super::{COMPANION, UNNAMED_SERVICE, missing_companion, within_limit};
use crate::error::{Path, Warning};
use crate::json::Json;
use crate::model::{Component, ComponentRef, Feed, Group, Incident, Maintenance, Service, Update};
use crate::read::{Fields, ReadResult, invalid, list, string, web_url};
use crate::status::{Impact, IncidentStatus, MaintenanceStatus, Status};
use crate::timestamp::Timestamp;
use crate::validate::Limits;
use crate::web_url::WebUrl;

/// Cachet writes ids and statuses as numbers, or, from some database drivers, as strings of
/// digits.
fn number_or_digits(value: &Json<'_>, path: &Path<'_>) -> ReadResult<i64> {
    match value {
        Json::String(digits) => digits.trim().parse().ok(),
        other => other.as_i64(),
    }
    .ok_or_else(|| invalid(path, "expected a whole number"))
}

/// `true` or `false`, or 1 or 0 as some Cachet versions write it.
fn flag(value: &Json<'_>, path: &Path<'_>) -> ReadResult<bool> {
    match value {
        Json::Bool(flag) => Ok(*flag),
        other => number_or_digits(other, path).map(|number| number != 0),
    }
}

fn id(value: &Json<'_>, path: &Path<'_>) -> ReadResult<String> {
    number_or_digits(value, path).map(|id| id.to_string())
}

/// Component status: 1 operational, 2 performance issues, 3 partial outage, 4 major outage;
/// 0 (and anything else) is unknown.
fn component_status(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Status> {
    Ok(match number_or_digits(value, path)? {
        1 => Status::Operational,
        2 => Status::Degraded,
        3 => Status::PartialOutage,
        4 => Status::MajorOutage,
        _ => Status::Unknown,
    })
}

/// Incident status: 0 scheduled (maintenance), 1 investigating, 2 identified, 3 watching,
/// 4 fixed.
#[derive(Clone, Copy, PartialEq)]
enum CachetIncidentStatus {
    Scheduled,
    Incident(IncidentStatus),
}

fn incident_status(value: &Json<'_>, path: &Path<'_>) -> ReadResult<CachetIncidentStatus> {
    Ok(match number_or_digits(value, path)? {
        0 => CachetIncidentStatus::Scheduled,
        1 => CachetIncidentStatus::Incident(IncidentStatus::Investigating),
        2 => CachetIncidentStatus::Incident(IncidentStatus::Identified),
        3 => CachetIncidentStatus::Incident(IncidentStatus::Monitoring),
        4 => CachetIncidentStatus::Incident(IncidentStatus::Resolved),
        _ => CachetIncidentStatus::Incident(IncidentStatus::Unknown),
    })
}

impl CachetIncidentStatus {
    fn for_incident(self) -> IncidentStatus {
        match self {
            CachetIncidentStatus::Incident(status) => status,
            CachetIncidentStatus::Scheduled => IncidentStatus::Unknown,
        }
    }
}

/// Reads the envelope's `data` list. Required, though it may be empty: it is the one mark of
/// a Cachet document, and without it any object, such as another format's document named
/// as Cachet by mistake, would read as an empty feed.
fn data<T>(
    value: &Json<'_>,
    path: &Path<'_>,
    read_item: impl FnMut(&Json<'_>, &Path<'_>) -> ReadResult<T>,
) -> ReadResult<Vec<T>> {
    Fields::of(value, path)?.required("data", |value, path| list(value, path, read_item))
}

/// A component, or `None` when it is disabled (Cachet keeps those off its page).
fn component(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Option<Component>> {
    let fields = Fields::of(value, path)?;
    if fields.optional("enabled", flag)? == Some(false) {
        return Ok(None);
    }
    let id = fields.required("id", id)?;
    let name = fields.required("name", string)?;
    let status = fields.required("status", component_status)?;
    // The group is set from the groups document only: the components document numbers
    // groups without naming them.
    Ok(Some(Component {
        description: fields.non_blank("description")?,
        ..Component::new(id, name, status)
    }))
}

/// Either document: components, or groups each listing their `enabled_components`.
fn groups_and_components(
    value: &Json<'_>,
    path: &Path<'_>,
) -> ReadResult<(Vec<Group>, Vec<Component>)> {
    let mut groups = Vec::new();
    let mut components = Vec::new();
    let entries = data(value, path, |value, path| {
        let fields = Fields::of(value, path)?;
        if fields
            .optional("enabled_components", |_, _| Ok(()))?
            .is_none()
        {
            return Ok((None, component(value, path)?.into_iter().collect()));
        }
        let group = Group {
            id: fields.required("id", id)?,
            name: fields.required("name", string)?,
            description: None,
        };
        let mut members: Vec<Component> = fields
            .list("enabled_components", component)?
            .into_iter()
            .flatten()
            .collect();
        for member in &mut members {
            member.group = Some(group.id.clone());
        }
        Ok((Some(group), members))
    })?;
    for (group, members) in entries {
        groups.extend(group);
        components.extend(members);
    }
    Ok((groups, components))
}

struct CachetIncident {
    id: String,
    name: String,
    status: CachetIncidentStatus,
    component_id: Option<String>,
    message: Option<String>,
    created_at: Timestamp,
    occurred_at: Option<Timestamp>,
    scheduled_at: Option<Timestamp>,
    updated_at: Option<Timestamp>,
    permalink: Option<WebUrl>,
    updates: Vec<Update<IncidentStatus>>,
}

fn incident(value: &Json<'_>, path: &Path<'_>) -> ReadResult<CachetIncident> {
    let fields = Fields::of(value, path)?;
    Ok(CachetIncident {
        id: fields.required("id", id)?,
        name: fields.required("name", string)?,
        status: fields.required("status", incident_status)?,
        // 0 means "no component".
        component_id: fields.optional("component_id", id)?.filter(|id| id != "0"),
        message: fields
            .optional("message", string)?
            .filter(|message| !message.trim().is_empty()),
        created_at: fields.required("created_at", loose_timestamp)?,
        occurred_at: fields.optional("occurred_at", loose_timestamp)?,
        scheduled_at: fields.optional("scheduled_at", loose_timestamp)?,
        updated_at: fields.optional("updated_at", loose_timestamp)?,
        permalink: fields.optional("permalink", web_url)?,
        updates: fields.list("updates", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(Update {
                at: fields.required("created_at", loose_timestamp)?,
                status: fields.required("status", incident_status)?.for_incident(),
                body: fields.required("message", string)?,
                components: Vec::new(),
            })
        })?,
    })
}

impl CachetIncident {
    /// The incident's own message is its first update, posted when it started; its updates
    /// follow, newest first.
    fn updates(&self, started_at: Timestamp) -> Vec<Update<IncidentStatus>> {
        let mut updates = self.updates.clone();
        if let Some(message) = &self.message {
            // The status it was opened with is not kept; without later updates the current
            // one is the best known.
            let status = if updates.is_empty() {
                self.status.for_incident()
            } else {
                IncidentStatus::Unknown
            };
            updates.push(Update {
                at: started_at,
                status,
                body: message.clone(),
                components: Vec::new(),
            });
        }
        updates.sort_by_key(|update| std::cmp::Reverse(update.at));
        updates
    }
}

pub(super) fn read_feed(
    document: &Json<'_>,
    companion: Option<&Json<'_>>,
    limits: &Limits,
    warnings: &mut Vec<Warning>,
) -> ReadResult<Feed> {
    let root = Path::Root;
    let (groups, components) = groups_and_components(document, &root)?;
    // Before indexing them: the index would otherwise hold every id of a hostile document.
    within_limit(
        &root.field("data"),
        components.len(),
        "components",
        limits.max_components,
    )?;
    let listed = match companion {
        Some(companion) => data(companion, &COMPANION, incident)?,
        None => {
            missing_companion(
                warnings,
                "incidents document (/api/v1/incidents)",
                "no incidents or maintenance are listed",
            );
            Vec::new()
        }
    };
    // The first component listed with an id is the one incidents name.
    let mut components_by_id: HashMap<&str, &Component> = HashMap::new();
    for component in &components {
        components_by_id.entry(&component.id).or_insert(component);
    }
    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    // Counted as they are sorted into incidents and windows, to stop at the first entry past
    // a limit rather than look up the components of every entry of a long list.
    let listed_path = COMPANION.field("data");
    for (index, entry) in listed.into_iter().enumerate() {
        let entry_path = listed_path.index(index);
        let affected: Vec<ComponentRef> = entry
            .component_id
            .as_deref()
            .and_then(|id| components_by_id.get(id))
            .map(|c| ComponentRef::Named {
                id: c.id.clone(),
                name: c.name.clone(),
            })
            .into_iter()
            .collect();
        if entry.status == CachetIncidentStatus::Scheduled {
            let starts_at = entry.scheduled_at.unwrap_or(entry.created_at);
            maintenances.push(Maintenance {
                id: entry.id,
                title: entry.name,
                status: MaintenanceStatus::Scheduled,
                starts_at,
                // Cachet announces when a window starts, not when it ends.
                ends_at: starts_at,
                url: entry.permalink,
                components: affected,
                updates: Vec::new(),
            });
            within_limit(
                &entry_path,
                maintenances.len(),
                "maintenance windows",
                limits.max_maintenances,
            )?;
            continue;
        }
        let started_at = entry.occurred_at.unwrap_or(entry.created_at);
        let status = entry.status.for_incident();
        incidents.push(Incident {
            updates: entry.updates(started_at),
            id: entry.id,
            title: entry.name,
            // Cachet incidents carry no impact of their own.
            impact: Impact::Unknown,
            status,
            started_at,
            // A fixed incident was last changed when it was fixed.
            resolved_at: entry
                .updated_at
                .filter(|_| status == IncidentStatus::Resolved)
                .map(|at| at.max(started_at)),
            url: entry.permalink,
            components: affected,
        });
        within_limit(
            &entry_path,
            incidents.len(),
            "incidents",
            limits.max_incidents,
        )?;
    }
    Ok(Feed {
        groups,
        components,
        incidents,
        maintenances,
        ..Feed::about(Service::named(UNNAMED_SERVICE))
    })
}
