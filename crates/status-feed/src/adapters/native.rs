//! The native format (`docs/feed-format.md`), read field by field from the parsed JSON.

use crate::error::Path;
use crate::json::Json;
use crate::model::*;
use crate::read::{
    Fields, ReadResult, calendar_date, counts, invalid, number, string, timestamp, web_url,
    whole_number,
};
use crate::status::{CommunityLevel, Impact, IncidentStatus, MaintenanceStatus, Status};

pub(crate) fn read_feed(value: &Json<'_>) -> ReadResult<Feed> {
    let root = Path::Root;
    let fields = Fields::of(value, &root)?;
    // Checked first: a newer version may change any other field's shape.
    let version = fields.required("version", whole_number)?;
    if version != FORMAT_VERSION {
        return Err(invalid(
            &root.field("version"),
            reason!(
                "format version {version} is not supported; this reader understands version {FORMAT_VERSION}"
            ),
        ));
    }
    Ok(Feed {
        version,
        service: fields.required("service", service)?,
        status: fields.optional("status", Status::read)?,
        summary: fields.optional("summary", string)?,
        checked_at: fields.optional("checked_at", timestamp)?,
        stale_since: fields.optional("stale_since", timestamp)?,
        refresh_seconds: fields.optional("refresh_seconds", whole_number)?,
        groups: fields.list("groups", group)?,
        components: fields.list("components", component)?,
        incidents: fields.list("incidents", incident)?,
        maintenances: fields.list("maintenances", maintenance)?,
        community: fields.optional("community", community)?,
        report: fields.optional("report", report)?,
        guide: fields.optional("guide", guide)?,
    })
}

fn service(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Service> {
    let fields = Fields::of(value, path)?;
    Ok(Service {
        name: fields.required("name", string)?,
        url: fields.optional("url", web_url)?,
        status_page_url: fields.optional("status_page_url", web_url)?,
        atom_url: fields.optional("atom_url", web_url)?,
    })
}

fn group(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Group> {
    let fields = Fields::of(value, path)?;
    Ok(Group {
        id: fields.required("id", string)?,
        name: fields.required("name", string)?,
        description: fields.optional("description", string)?,
    })
}

fn component(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Component> {
    let fields = Fields::of(value, path)?;
    Ok(Component {
        id: fields.required("id", string)?,
        name: fields.required("name", string)?,
        status: fields.required("status", Status::read)?,
        group: fields.optional("group", string)?,
        description: fields.optional("description", string)?,
        only_show_if_degraded: fields.flag("only_show_if_degraded")?,
        uptime_percent: fields.optional("uptime_percent", number)?,
        history: fields.list("history", day_record)?,
    })
}

fn day_record(value: &Json<'_>, path: &Path<'_>) -> ReadResult<DayRecord> {
    let fields = Fields::of(value, path)?;
    Ok(DayRecord {
        date: fields.required("date", calendar_date)?,
        status: fields.required("status", Status::read)?,
        downtime_minutes: fields.optional("downtime_minutes", whole_number)?,
    })
}

/// A component id, or `{"id": ..., "name": ...}`.
fn component_ref(value: &Json<'_>, path: &Path<'_>) -> ReadResult<ComponentRef> {
    if let Json::String(id) = value {
        return Ok(ComponentRef::Id(id.to_string()));
    }
    let fields = Fields::of(value, path).map_err(|_| {
        invalid(
            path,
            "expected a component id, or an object with \"id\" and \"name\"",
        )
    })?;
    Ok(ComponentRef::Named {
        id: fields.required("id", string)?,
        name: fields.required("name", string)?,
    })
}

fn update<S>(
    read_status: fn(&Json<'_>, &Path<'_>) -> ReadResult<S>,
) -> impl Fn(&Json<'_>, &Path<'_>) -> ReadResult<Update<S>> {
    move |value, path| {
        let fields = Fields::of(value, path)?;
        Ok(Update {
            at: fields.required("at", timestamp)?,
            status: fields.required("status", read_status)?,
            body: fields.required("body", string)?,
            components: fields.list("components", component_ref)?,
        })
    }
}

fn incident(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Incident> {
    let fields = Fields::of(value, path)?;
    Ok(Incident {
        id: fields.required("id", string)?,
        title: fields.required("title", string)?,
        impact: fields.required("impact", Impact::read)?,
        status: fields.required("status", IncidentStatus::read)?,
        started_at: fields.required("started_at", timestamp)?,
        resolved_at: fields.optional("resolved_at", timestamp)?,
        url: fields.optional("url", web_url)?,
        components: fields.list("components", component_ref)?,
        updates: fields.list("updates", update(IncidentStatus::read))?,
    })
}

fn maintenance(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Maintenance> {
    let fields = Fields::of(value, path)?;
    Ok(Maintenance {
        id: fields.required("id", string)?,
        title: fields.required("title", string)?,
        status: fields.required("status", MaintenanceStatus::read)?,
        starts_at: fields.required("starts_at", timestamp)?,
        ends_at: fields.required("ends_at", timestamp)?,
        url: fields.optional("url", web_url)?,
        components: fields.list("components", component_ref)?,
        updates: fields.list("updates", update(MaintenanceStatus::read))?,
    })
}

fn community(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Community> {
    let fields = Fields::of(value, path)?;
    Ok(Community {
        bucket_seconds: fields.required("bucket_seconds", whole_number)?,
        buckets: fields.list("buckets", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(ReportBucket {
                start: fields.required("start", timestamp)?,
                reports: fields.required("reports", whole_number)?,
                symptoms: fields.optional("symptoms", counts)?.unwrap_or_default(),
            })
        })?,
        baseline: fields.optional("baseline", number)?,
        level: fields.optional("level", CommunityLevel::read)?,
    })
}

fn report(value: &Json<'_>, path: &Path<'_>) -> ReadResult<ReportSettings> {
    let fields = Fields::of(value, path)?;
    Ok(ReportSettings {
        url: fields.required("url", web_url)?,
        symptoms: fields.list("symptoms", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(Symptom {
                id: fields.required("id", string)?,
                label: fields.required("label", string)?,
            })
        })?,
        once_per_minutes: fields.optional("once_per_minutes", whole_number)?,
    })
}

fn guide(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Guide> {
    let fields = Fields::of(value, path)?;
    let strings = |key| fields.list(key, string);
    Ok(Guide {
        meaning: fields.optional("meaning", string)?,
        signatures: fields.list("signatures", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(ErrorSignature {
                signature: fields.required("signature", string)?,
                meaning: fields.required("meaning", string)?,
            })
        })?,
        causes: strings("causes")?,
        fixes: strings("fixes")?,
        links: fields.list("links", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(Link {
                title: fields.required("title", string)?,
                url: fields.required("url", web_url)?,
            })
        })?,
        faq: fields.list("faq", |value, path| {
            let fields = Fields::of(value, path)?;
            Ok(Faq {
                question: fields.required("question", string)?,
                answer: fields.required("answer", string)?,
            })
        })?,
    })
}
