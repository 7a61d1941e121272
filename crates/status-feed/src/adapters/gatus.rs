//! Gatus `/api/v1/endpoints/statuses`: a list of endpoints, each with its recent check
//! results (oldest first) and the group it belongs to.

use std::collections::HashSet;

use super::checks::{Check, daily_history, latest_status};
use super::{UNNAMED_SERVICE, within_limit};
use crate::error::Path;
use crate::json::Json;
use crate::model::{Component, Feed, Group, Service};
use crate::read::{Fields, ReadResult, boolean, list, string, timestamp};
use crate::timestamp::Timestamp;
use crate::validate::Limits;

struct Endpoint {
    key: String,
    name: String,
    group: Option<String>,
    results: Vec<(Timestamp, Check)>,
}

fn endpoint(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Endpoint> {
    let fields = Fields::of(value, path)?;
    Ok(Endpoint {
        key: fields.required("key", string)?,
        name: fields.required("name", string)?,
        group: fields.non_blank("group")?,
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

pub(super) fn read_feed(document: &Json<'_>, limits: &Limits) -> ReadResult<Feed> {
    let root = Path::Root;
    let endpoints = list(document, &root, endpoint)?;
    let checked_at = endpoints
        .iter()
        .flat_map(|endpoint| endpoint.results.iter().map(|(at, _)| *at))
        .max();
    // Gatus names groups only on their endpoints; each name becomes a group, in the order
    // first seen.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_names = HashSet::new();
    let mut components = Vec::with_capacity(endpoints.len());
    for (index, endpoint) in endpoints.into_iter().enumerate() {
        if let Some(name) = &endpoint.group
            && group_names.insert(name.clone())
        {
            let endpoint_path = root.index(index);
            within_limit(
                &endpoint_path.field("group"),
                group_names.len(),
                "groups",
                limits.max_groups,
            )?;
            groups.push(Group {
                id: name.clone(),
                name: name.clone(),
                description: None,
            });
        }
        let status = latest_status(&endpoint.results);
        components.push(Component {
            group: endpoint.group,
            history: daily_history(&endpoint.results),
            ..Component::new(endpoint.key, endpoint.name, status)
        });
    }
    Ok(Feed {
        checked_at,
        groups,
        components,
        ..Feed::about(Service::named(UNNAMED_SERVICE))
    })
}
