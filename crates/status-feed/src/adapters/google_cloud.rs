//! Google Cloud's status dashboard `incidents.json`: every incident of recent years, each
//! naming the products it affects. Products become components: those named by an incident
//! that has not ended take its impact, the others are operational.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::within_limit;
use crate::error::Path;
use crate::json::Json;
use crate::model::{Component, ComponentRef, Feed, Incident, Service, Update};
use crate::read::{Fields, ReadResult, list, string, timestamp};
use crate::status::{Impact, IncidentStatus, Status, feed_enum};
use crate::validate::Limits;
use crate::web_url::WebUrl;

const DASHBOARD: &str = "https://status.cloud.google.com/";

/// Titles longer than this are shortened, as the dashboard's descriptions can run past the
/// feed's 300-character limit for titles.
const TITLE_CHARS: usize = 280;

feed_enum!("Google Cloud's incident severity." Severity {
    Low = "low",
    Medium = "medium",
    High = "high",
});

feed_enum!("Google Cloud's status of a service during an incident." ServiceImpact {
    Available = "AVAILABLE",
    Information = "SERVICE_INFORMATION",
    Disruption = "SERVICE_DISRUPTION",
    Outage = "SERVICE_OUTAGE",
});

impl From<Severity> for Impact {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Low => Impact::Minor,
            Severity::Medium => Impact::Major,
            Severity::High => Impact::Critical,
            Severity::Unknown => Impact::Unknown,
        }
    }
}

impl From<ServiceImpact> for Status {
    fn from(impact: ServiceImpact) -> Self {
        match impact {
            ServiceImpact::Available => Status::Operational,
            ServiceImpact::Information => Status::Degraded,
            ServiceImpact::Disruption => Status::PartialOutage,
            ServiceImpact::Outage => Status::MajorOutage,
            ServiceImpact::Unknown => Status::Unknown,
        }
    }
}

/// The dashboard has no incident life cycle: an update saying the service is available
/// again resolves, any other is a plain update.
impl From<ServiceImpact> for IncidentStatus {
    fn from(impact: ServiceImpact) -> Self {
        match impact {
            ServiceImpact::Available => IncidentStatus::Resolved,
            _ => IncidentStatus::Unknown,
        }
    }
}

fn title(description: String) -> String {
    if description.chars().count() <= TITLE_CHARS {
        return description;
    }
    let mut short: String = description.chars().take(TITLE_CHARS - 1).collect();
    short.push('…');
    short
}

struct GcIncident {
    incident: Incident,
    impact: Status,
}

fn incident(value: &Json<'_>, path: &Path<'_>) -> ReadResult<GcIncident> {
    let fields = Fields::of(value, path)?;
    let resolved_at = fields.optional("end", timestamp)?;
    let products = fields.list("affected_products", |value, path| {
        let fields = Fields::of(value, path)?;
        Ok(ComponentRef::Named {
            id: fields.required("id", string)?,
            name: fields.required("title", string)?,
        })
    })?;
    let mut updates = fields.list("updates", |value, path| {
        let fields = Fields::of(value, path)?;
        let created = fields.required("created", timestamp)?;
        Ok(Update {
            at: fields.optional("when", timestamp)?.unwrap_or(created),
            status: fields
                .optional("status", ServiceImpact::read)?
                .map_or(IncidentStatus::Unknown, IncidentStatus::from),
            body: fields.required("text", string)?,
            components: Vec::new(),
        })
    })?;
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));
    let uri = fields.optional("uri", string)?;
    Ok(GcIncident {
        impact: fields
            .optional("status_impact", ServiceImpact::read)?
            .map_or(Status::Unknown, Status::from),
        incident: Incident {
            id: fields.required("id", string)?,
            title: title(fields.required("external_desc", string)?),
            impact: fields
                .optional("severity", Severity::read)?
                .map_or(Impact::Unknown, Impact::from),
            // Without an end the incident is open; the dashboard says no more than that.
            status: if resolved_at.is_some() {
                IncidentStatus::Resolved
            } else {
                IncidentStatus::Unknown
            },
            started_at: fields.required("begin", timestamp)?,
            resolved_at,
            // `uri` is relative to the dashboard, e.g. "incidents/xVSEV3kVaJBmS7SZbnre".
            url: uri.map(|uri| {
                WebUrl::unchecked(if uri.starts_with("http") {
                    uri
                } else {
                    format!("{DASHBOARD}{}", uri.trim_start_matches('/'))
                })
            }),
            components: products,
            updates,
        },
    })
}

pub(super) fn read_feed(document: &Json<'_>, limits: &Limits) -> ReadResult<Feed> {
    let root = Path::Root;
    let read = list(document, &root, incident)?;
    let mut components: Vec<Component> = Vec::new();
    let mut component_index: HashMap<&str, usize> = HashMap::new();
    for (incident_index, entry) in read.iter().enumerate() {
        let open = entry.incident.resolved_at.is_none();
        for (product_index, product) in entry.incident.components.iter().enumerate() {
            let index = match component_index.entry(product.id()) {
                Entry::Occupied(known) => *known.get(),
                Entry::Vacant(new) => {
                    let incident_path = root.index(incident_index);
                    let products_path = incident_path.field("affected_products");
                    within_limit(
                        &products_path.index(product_index),
                        components.len() + 1,
                        "components",
                        limits.max_components,
                    )?;
                    components.push(Component::new(
                        product.id().to_owned(),
                        product.name().unwrap_or(product.id()).to_owned(),
                        Status::Operational,
                    ));
                    *new.insert(components.len() - 1)
                }
            };
            if open {
                let component = &mut components[index];
                component.status = Status::worst([component.status, entry.impact]);
            }
        }
    }
    // No `checked_at`: `modified` says when an incident last changed, not when the dashboard
    // was checked.
    Ok(Feed {
        // The document lists products only when they had incidents, so with no open incident
        // the service is operational even when no product is listed.
        status: Some(Status::worst(
            components
                .iter()
                .map(|c| c.status)
                .chain([Status::Operational]),
        )),
        components,
        incidents: read.into_iter().map(|entry| entry.incident).collect(),
        ..Feed::about(Service {
            url: Some(WebUrl::unchecked("https://cloud.google.com/".to_owned())),
            status_page_url: Some(WebUrl::unchecked(DASHBOARD.to_owned())),
            ..Service::named("Google Cloud")
        })
    })
}
