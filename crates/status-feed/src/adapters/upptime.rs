//! Upptime's `history/summary.json`: a list of monitored sites with their current status,
//! uptime figures and minutes down per day.

use super::UNNAMED_SERVICE;
use crate::error::Path;
use crate::json::Json;
use crate::model::{Component, DayRecord, Feed, Service};
use crate::read::{Fields, ReadResult, invalid, list, string, text};
use crate::status::{Status, feed_enum};
use crate::timestamp::CalendarDate;

feed_enum!("Upptime's site status." SiteStatus {
    Up = "up",
    Degraded = "degraded",
    Down = "down",
});

impl From<SiteStatus> for Status {
    fn from(status: SiteStatus) -> Self {
        match status {
            SiteStatus::Up => Status::Operational,
            SiteStatus::Degraded => Status::Degraded,
            SiteStatus::Down => Status::MajorOutage,
            SiteStatus::Unknown => Status::Unknown,
        }
    }
}

/// Upptime keeps every day since a site was added; the feed carries the latest year, the
/// default history limit.
const HISTORY_DAYS_KEPT: usize = 366;

/// A day's status from its minutes down: none is operational, up to an hour degraded, up to
/// half the day a partial outage, more a major outage.
fn day_status(minutes_down: u32) -> Status {
    match minutes_down {
        0 => Status::Operational,
        1..=60 => Status::Degraded,
        61..=720 => Status::PartialOutage,
        _ => Status::MajorOutage,
    }
}

/// `"99.95%"` as 99.95.
fn percentage(value: &Json<'_>, path: &Path<'_>) -> ReadResult<f64> {
    let written = text(value, path)?;
    written
        .trim()
        .trim_end_matches('%')
        .trim_end()
        .parse()
        .map_err(|_| {
            invalid(
                path,
                format!("expected a percentage such as \"99.95%\", found \"{written}\""),
            )
        })
}

fn daily_minutes_down(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Vec<DayRecord>> {
    let Json::Object(days) = value else {
        return Err(invalid(path, "expected an object of dates and minutes"));
    };
    let mut history = Vec::with_capacity(days.len());
    for (date, minutes) in days {
        let date = CalendarDate::parse(date).map_err(|reason| invalid(path, reason))?;
        let minutes = minutes
            .as_u64()
            .and_then(|minutes| u32::try_from(minutes).ok())
            .ok_or_else(|| {
                invalid(
                    path,
                    format!("the minutes for {date} must be a whole number"),
                )
            })?;
        history.push(DayRecord {
            date,
            status: day_status(minutes),
            downtime_minutes: Some(minutes),
        });
    }
    history.sort_unstable_by_key(|day| day.date);
    let older = history.len().saturating_sub(HISTORY_DAYS_KEPT);
    history.drain(..older);
    Ok(history)
}

fn site(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Component> {
    let fields = Fields::of(value, path)?;
    let id = fields.required("slug", string)?;
    let name = fields.required("name", string)?;
    let status = fields.required("status", SiteStatus::read)?.into();
    Ok(Component {
        uptime_percent: fields.optional("uptime", percentage)?,
        history: fields
            .optional("dailyMinutesDown", daily_minutes_down)?
            .unwrap_or_default(),
        ..Component::new(id, name, status)
    })
}

pub(super) fn read_feed(document: &Json<'_>) -> ReadResult<Feed> {
    Ok(Feed {
        components: list(document, &Path::Root, site)?,
        ..Feed::about(Service::named(UNNAMED_SERVICE))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_down_map_to_a_day_status_at_the_documented_bounds() {
        for (minutes, status) in [
            (0, Status::Operational),
            (1, Status::Degraded),
            (60, Status::Degraded),
            (61, Status::PartialOutage),
            (720, Status::PartialOutage),
            (721, Status::MajorOutage),
            (1440, Status::MajorOutage),
        ] {
            assert_eq!(day_status(minutes), status, "{minutes}");
        }
    }
}
