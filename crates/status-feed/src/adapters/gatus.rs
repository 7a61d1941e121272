//! Gatus `/api/v1/endpoints/statuses`: a list of endpoints, each with its recent check
//! results (oldest first) and the group it belongs to.

use serde_json::Value;

use super::UNNAMED_SERVICE;
use super::checks::{Check, daily_history};
use crate::error::Path;
use crate::model::{Component, FORMAT_VERSION, Feed, Group, Service};
use crate::read::{Fields, ReadResult, boolean, list, string, timestamp};
use crate::status::Status;
use crate::timestamp::Timestamp;

struct Endpoint {
    key: String,
    name: String,
    group: Option<String>,
    results: Vec<(Timestamp, Check)>,
}

fn endpoint(value: &Value, path: &Path<'_>) -> ReadResult<Endpoint> {
    let fields = Fields::of(value, path)?;
    Ok(Endpoint {
        key: fields.required("key", string)?,
        name: fields.required("name", string)?,
        group: fields
            .optional("group", string)?
            .filter(|group| !group.trim().is_empty()),
        results: fields.list("results", |value, path| {
            let fields = Fields::of(value, path)?;
            let success = fields.required("success", boolean)?;
            Ok((
                fields.required("timestamp", timestamp)?,
                if success { Check::Up } else { Check::Down },
            ))
        })?,
    })
}

pub(super) fn read_feed(document: &Value) -> ReadResult<Feed> {
    let endpoints = list(document, &Path::Root, endpoint)?;
    let checked_at = endpoints
        .iter()
        .flat_map(|endpoint| endpoint.results.iter().map(|(at, _)| *at))
        .max();
    // Gatus names groups only on their endpoints; each name becomes a group, in the order
    // first seen.
    let mut groups: Vec<Group> = Vec::new();
    let mut components = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        if let Some(name) = &endpoint.group
            && !groups.iter().any(|group| &group.id == name)
        {
            groups.push(Group {
                id: name.clone(),
                name: name.clone(),
                description: None,
            });
        }
        // The latest result is the current state; an endpoint not checked yet is unknown.
        let latest = endpoint.results.iter().max_by_key(|(at, _)| *at);
        components.push(Component {
            id: endpoint.key,
            name: endpoint.name,
            status: latest.map_or(Status::Unknown, |(_, check)| Status::from(*check)),
            group: endpoint.group,
            description: None,
            only_show_if_degraded: false,
            uptime_percent: None,
            history: daily_history(&endpoint.results),
        });
    }
    Ok(Feed {
        version: FORMAT_VERSION,
        service: Service {
            name: UNNAMED_SERVICE.to_owned(),
            url: None,
            status_page_url: None,
            atom_url: None,
        },
        status: None,
        summary: None,
        checked_at,
        stale_since: None,
        refresh_seconds: None,
        groups,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
        community: None,
        report: None,
        guide: None,
    })
}
