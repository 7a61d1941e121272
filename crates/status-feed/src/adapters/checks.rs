//! Monitors that publish individual checks (Uptime Kuma heartbeats, Gatus results): their
//! per-day history is summarised from the checks that fall on each UTC day.

use crate::model::DayRecord;
use crate::status::Status;
use crate::timestamp::Timestamp;

/// What one check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Check {
    Up,
    Down,
    /// Failing but not yet confirmed (Uptime Kuma retries before calling a monitor down).
    Pending,
    Maintenance,
}

impl From<Check> for Status {
    fn from(check: Check) -> Self {
        match check {
            Check::Up => Status::Operational,
            Check::Down => Status::MajorOutage,
            Check::Pending => Status::Degraded,
            Check::Maintenance => Status::Maintenance,
        }
    }
}

/// The current state is the latest check's; a monitor not checked yet is unknown.
pub(super) fn latest_status(checks: &[(Timestamp, Check)]) -> Status {
    checks
        .iter()
        .max_by_key(|(at, _)| *at)
        .map_or(Status::Unknown, |(_, check)| Status::from(*check))
}

/// One record per day that has checks, oldest first. A day whose checks all failed is a major
/// outage, one with some failures a partial outage; otherwise pending checks make it degraded
/// and maintenance checks a maintenance day. Downtime minutes are not claimed: checks are
/// samples, not a measure of time.
pub(super) fn daily_history(checks: &[(Timestamp, Check)]) -> Vec<DayRecord> {
    let mut sorted = checks.to_vec();
    sorted.sort_unstable_by_key(|(at, _)| *at);
    let mut history = Vec::new();
    for day in sorted.chunk_by(|(a, _), (b, _)| a.utc_date() == b.utc_date()) {
        let downs = day.iter().filter(|(_, c)| *c == Check::Down).count();
        let status = if downs == day.len() {
            Status::MajorOutage
        } else if downs > 0 {
            Status::PartialOutage
        } else {
            Status::worst(day.iter().map(|(_, check)| Status::from(*check)))
        };
        history.push(DayRecord {
            date: day[0].0.utc_date(),
            status,
            downtime_minutes: None,
        });
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn each_day_takes_the_summary_of_its_checks() {
        let checks = [
            (at("2026-11-27T10:00:00Z"), Check::Up),
            (at("2026-11-25T23:59:00Z"), Check::Down),
            (at("2026-11-25T00:00:00Z"), Check::Up),
            (at("2026-11-26T08:00:00Z"), Check::Down),
            (at("2026-11-27T11:00:00Z"), Check::Pending),
            (at("2026-11-28T11:00:00Z"), Check::Maintenance),
            (at("2026-11-28T12:00:00Z"), Check::Up),
        ];
        let summary: Vec<_> = daily_history(&checks)
            .into_iter()
            .map(|day| (day.date.to_string(), day.status, day.downtime_minutes))
            .collect();
        assert_eq!(
            summary,
            [
                ("2026-11-25".to_owned(), Status::PartialOutage, None),
                ("2026-11-26".to_owned(), Status::MajorOutage, None),
                ("2026-11-27".to_owned(), Status::Degraded, None),
                ("2026-11-28".to_owned(), Status::Maintenance, None),
            ]
        );
        assert!(daily_history(&[]).is_empty());
    }
}
