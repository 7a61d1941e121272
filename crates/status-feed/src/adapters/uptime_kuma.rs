//! Uptime Kuma status pages: `/api/status-page/<slug>` (the page, its groups of monitors, a
//! pinned incident and maintenance windows) with `/api/status-page/heartbeat/<slug>` as
//! companion (each monitor's recent heartbeats and uptime).

use std::collections::{HashMap, HashSet};

use super::checks::{Check, daily_history, latest_status};
use super::loose_time::loose_timestamp;
use super::{COMPANION, missing_companion, within_limit};
use crate::error::{Path, Warning};
use crate::json::{Json, Object};
use crate::model::{Component, Feed, Group, Incident, Maintenance, Service, Update};
use crate::read::{Fields, ReadResult, invalid, list, number, string};
use crate::status::{Impact, IncidentStatus, MaintenanceStatus, Status, feed_enum};
use crate::timestamp::Timestamp;
use crate::validate::Limits;

feed_enum!("The colour Uptime Kuma shows an incident in." IncidentStyle {
    Info = "info",
    Warning = "warning",
    Danger = "danger",
    Primary = "primary",
    Light = "light",
    Dark = "dark",
});

feed_enum!("Uptime Kuma's maintenance status." KumaMaintenanceStatus {
    Scheduled = "scheduled",
    UnderMaintenance = "under-maintenance",
    Ended = "ended",
    Inactive = "inactive",
});

/// Monitor ids are numbers; they become component ids as text.
fn monitor_id(value: &Json<'_>, path: &Path<'_>) -> ReadResult<String> {
    value
        .as_i64()
        .map(|id| id.to_string())
        .or_else(|| value.as_str().map(str::to_owned))
        .ok_or_else(|| invalid(path, "expected a monitor id"))
}

/// A heartbeat's status: 0 down, 1 up, 2 pending, 3 maintenance.
fn check(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Option<Check>> {
    Ok(match value.as_i64() {
        Some(0) => Some(Check::Down),
        Some(1) => Some(Check::Up),
        Some(2) => Some(Check::Pending),
        Some(3) => Some(Check::Maintenance),
        Some(_) => None,
        None => return Err(invalid(path, "expected a heartbeat status number")),
    })
}

/// One monitor's heartbeats, oldest first. Pages that aggregate beats into day buckets send
/// `0` for a bucket without data; those, and statuses this version does not know, carry no
/// check.
fn heartbeats(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Vec<(Timestamp, Check)>> {
    let Json::Array(beats) = value else {
        return Err(invalid(path, "expected a list of heartbeats"));
    };
    let mut read = Vec::with_capacity(beats.len());
    for (index, beat) in beats.iter().enumerate() {
        if !beat.is_object() {
            continue;
        }
        let beat_path = path.index(index);
        let fields = Fields::of(beat, &beat_path)?;
        if let Some(check) = fields.required("status", check)? {
            read.push((fields.required("time", loose_timestamp)?, check));
        }
    }
    Ok(read)
}

/// The heartbeat document, by monitor id: beats, and the uptime as a fraction of 1. Uptime
/// is keyed `<id>_24` (the last 24 hours) by Uptime Kuma 1, `<id>` by version 2.
struct Heartbeats<'a> {
    beats: &'a Object<'a>,
    beats_by_id: HashMap<&'a str, &'a Json<'a>>,
    uptimes: HashMap<&'a str, &'a Json<'a>>,
}

/// An object's fields by key, the last of a repeated key winning as in `Object::get`: every
/// monitor is looked up, and looking each up in the list would take time growing with the
/// square of the document's size.
fn by_key<'a>(object: &'a Object<'a>) -> HashMap<&'a str, &'a Json<'a>> {
    object.iter().collect()
}

fn heartbeat_document<'a>(value: &'a Json<'a>, path: &Path<'_>) -> ReadResult<Heartbeats<'a>> {
    let object = |key: &str| value.get(key).and_then(Json::as_object);
    let beats = object("heartbeatList")
        .ok_or_else(|| invalid(&path.field("heartbeatList"), "expected an object"))?;
    Ok(Heartbeats {
        beats,
        beats_by_id: by_key(beats),
        uptimes: object("uptimeList").map(by_key).unwrap_or_default(),
    })
}

impl Heartbeats<'_> {
    fn component(&self, component: &mut Component) -> ReadResult<()> {
        let list_path = COMPANION.field("heartbeatList");
        let checks = match self.beats_by_id.get(component.id.as_str()) {
            Some(beats) => heartbeats(beats, &list_path)?,
            None => Vec::new(),
        };
        component.status = latest_status(&checks);
        component.history = daily_history(&checks);
        let uptime_path = COMPANION.field("uptimeList");
        let uptime = self
            .uptimes
            .get(format!("{}_24", component.id).as_str())
            .or_else(|| self.uptimes.get(component.id.as_str()));
        component.uptime_percent = match uptime {
            Some(fraction) => Some(number(fraction, &uptime_path)? * 100.0),
            None => None,
        };
        Ok(())
    }

    fn latest(&self) -> ReadResult<Option<Timestamp>> {
        let mut latest = None;
        for beats in self.beats.values() {
            let checks = heartbeats(beats, &COMPANION.field("heartbeatList"))?;
            latest = latest.max(checks.iter().map(|(at, _)| *at).max());
        }
        Ok(latest)
    }
}

fn incident(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Incident> {
    let fields = Fields::of(value, path)?;
    let created = fields.required("createdDate", loose_timestamp)?;
    let updated = fields.optional("lastUpdatedDate", loose_timestamp)?;
    let content = fields.non_blank("content")?;
    Ok(Incident {
        id: fields.required("id", monitor_id)?,
        title: fields.required("title", string)?,
        impact: match fields.optional("style", IncidentStyle::read)? {
            Some(IncidentStyle::Danger) => Impact::Major,
            Some(IncidentStyle::Warning) => Impact::Minor,
            Some(IncidentStyle::Unknown) | None => Impact::Unknown,
            Some(_) => Impact::None,
        },
        // A pinned message with no life cycle: shown as open for as long as it is pinned.
        status: IncidentStatus::Unknown,
        started_at: created,
        resolved_at: None,
        url: None,
        components: Vec::new(),
        updates: content
            .map(|body| Update {
                at: updated.unwrap_or(created).max(created),
                status: IncidentStatus::Unknown,
                body,
                components: Vec::new(),
            })
            .into_iter()
            .collect(),
    })
}

/// A maintenance window, or `None` for one that is switched off or has no time slot (a
/// manual window); monitors under maintenance still show it through their heartbeats.
fn maintenance(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Option<Maintenance>> {
    let fields = Fields::of(value, path)?;
    let status = match fields.required("status", KumaMaintenanceStatus::read)? {
        KumaMaintenanceStatus::Inactive => return Ok(None),
        KumaMaintenanceStatus::Scheduled => MaintenanceStatus::Scheduled,
        KumaMaintenanceStatus::UnderMaintenance => MaintenanceStatus::InProgress,
        KumaMaintenanceStatus::Ended => MaintenanceStatus::Completed,
        KumaMaintenanceStatus::Unknown => MaintenanceStatus::Unknown,
    };
    let slots = fields.list("timeslotList", |value, path| {
        let fields = Fields::of(value, path)?;
        Ok((
            fields.required("startDate", loose_timestamp)?,
            fields.optional("endDate", loose_timestamp)?,
        ))
    })?;
    let Some(&(starts_at, ends_at)) = slots.first() else {
        return Ok(None);
    };
    let description = fields.non_blank("description")?;
    Ok(Some(Maintenance {
        id: fields.required("id", monitor_id)?,
        title: fields.required("title", string)?,
        status,
        starts_at,
        ends_at: ends_at.unwrap_or(starts_at).max(starts_at),
        url: None,
        components: Vec::new(),
        updates: description
            .map(|body| Update {
                at: starts_at,
                status,
                body,
                components: Vec::new(),
            })
            .into_iter()
            .collect(),
    }))
}

pub(super) fn read_feed(
    document: &Json<'_>,
    companion: Option<&Json<'_>>,
    limits: &Limits,
    warnings: &mut Vec<Warning>,
) -> ReadResult<Feed> {
    let root = Path::Root;
    let page = Fields::of(document, &root)?;
    let title = page.required("config", |value, path| {
        Fields::of(value, path)?.required("title", string)
    })?;
    let mut groups = Vec::new();
    let mut components: Vec<Component> = Vec::new();
    let mut monitor_ids = HashSet::new();
    // Required, though it may be empty: with `config`, it is what tells an Uptime Kuma
    // status page from other documents that happen to have a titled `config`.
    let listed = page.required("publicGroupList", |value, path| {
        list(value, path, |value, path| {
            let fields = Fields::of(value, path)?;
            let group = Group {
                id: fields.required("id", monitor_id)?,
                name: fields.required("name", string)?,
                description: None,
            };
            let monitors = fields.list("monitorList", |value, path| {
                let fields = Fields::of(value, path)?;
                Ok((
                    fields.required("id", monitor_id)?,
                    fields.required("name", string)?,
                ))
            })?;
            Ok((group, monitors))
        })
    })?;
    let groups_path = root.field("publicGroupList");
    for (group_index, (group, monitors)) in listed.into_iter().enumerate() {
        for (monitor_index, (id, name)) in monitors.into_iter().enumerate() {
            // A monitor shown in two groups is listed once, in the first.
            if !monitor_ids.insert(id.clone()) {
                continue;
            }
            let group_path = groups_path.index(group_index);
            let monitors_path = group_path.field("monitorList");
            within_limit(
                &monitors_path.index(monitor_index),
                monitor_ids.len(),
                "components",
                limits.max_components,
            )?;
            components.push(Component {
                group: Some(group.id.clone()),
                ..Component::new(id, name, Status::Unknown)
            });
        }
        groups.push(group);
    }
    let mut checked_at = None;
    match companion {
        Some(companion) => {
            let heartbeats = heartbeat_document(companion, &COMPANION)?;
            for component in &mut components {
                heartbeats.component(component)?;
            }
            checked_at = heartbeats.latest()?;
        }
        None => missing_companion(
            warnings,
            "heartbeat document (/api/status-page/heartbeat/<slug>)",
            "monitor statuses are unknown",
        ),
    }
    let maintenances = page
        .list("maintenanceList", maintenance)?
        .into_iter()
        .flatten()
        .collect();
    Ok(Feed {
        checked_at,
        groups,
        components,
        incidents: page.optional("incident", incident)?.into_iter().collect(),
        maintenances,
        ..Feed::about(Service::named(title))
    })
}
