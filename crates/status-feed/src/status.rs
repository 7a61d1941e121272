//! The closed vocabularies of the feed. Every enum ends in `Unknown`, which absorbs values a
//! newer feed may introduce, so an old widget degrades to "unknown" instead of failing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The health of a component or of the whole service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Operational,
    Maintenance,
    Degraded,
    PartialOutage,
    MajorOutage,
    #[serde(other)]
    Unknown,
}

impl Status {
    /// Rank used to pick the worst status. `Unknown` sits just above `Operational`: a service
    /// with an unknown part cannot honestly be called operational, but knowing nothing is not
    /// evidence of maintenance or an outage either.
    pub const fn severity(self) -> u8 {
        match self {
            Status::Operational => 0,
            Status::Unknown => 1,
            Status::Maintenance => 2,
            Status::Degraded => 3,
            Status::PartialOutage => 4,
            Status::MajorOutage => 5,
        }
    }

    /// The worst of several statuses, or `Unknown` when there are none.
    pub fn worst(statuses: impl IntoIterator<Item = Status>) -> Status {
        statuses
            .into_iter()
            .max_by_key(|status| status.severity())
            .unwrap_or(Status::Unknown)
    }

    /// Stable identifier, also used as the CSS class suffix in the widget.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::Maintenance => "maintenance",
            Status::Degraded => "degraded",
            Status::PartialOutage => "partial_outage",
            Status::MajorOutage => "major_outage",
            Status::Unknown => "unknown",
        }
    }
}

/// How badly an incident affects the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    #[serde(other)]
    Unknown,
}

impl Impact {
    pub const fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
            Impact::Maintenance => "maintenance",
            Impact::Unknown => "unknown",
        }
    }
}

/// Where an incident stands in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    #[serde(other)]
    Unknown,
}

impl IncidentStatus {
    /// Resolved and post-mortem incidents are over; every other state, including one this
    /// version does not know, is treated as still open so it is never hidden by mistake.
    pub const fn is_closed(self) -> bool {
        matches!(self, IncidentStatus::Resolved | IncidentStatus::Postmortem)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Postmortem => "postmortem",
            IncidentStatus::Unknown => "unknown",
        }
    }
}

/// Where a scheduled maintenance window stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceStatus {
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    #[serde(other)]
    Unknown,
}

impl MaintenanceStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            MaintenanceStatus::Scheduled => "scheduled",
            MaintenanceStatus::InProgress => "in_progress",
            MaintenanceStatus::Verifying => "verifying",
            MaintenanceStatus::Completed => "completed",
            MaintenanceStatus::Unknown => "unknown",
        }
    }
}

/// How the community signal compares with the usual level of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommunityLevel {
    None,
    Some,
    Elevated,
    #[serde(other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_wins_in_the_documented_order() {
        use Status::*;
        let ascending = [Operational, Unknown, Maintenance, Degraded, PartialOutage, MajorOutage];
        for pair in ascending.windows(2) {
            assert_eq!(Status::worst(pair.iter().copied()), pair[1]);
            assert_eq!(Status::worst(pair.iter().rev().copied()), pair[1]);
        }
        assert_eq!(Status::worst([]), Unknown);
    }

    #[test]
    fn unknown_values_from_newer_feeds_are_absorbed() {
        let status: Status = serde_json::from_str("\"on_fire\"").unwrap();
        assert_eq!(status, Status::Unknown);
        let impact: Impact = serde_json::from_str("\"catastrophic\"").unwrap();
        assert_eq!(impact, Impact::Unknown);
        let incident: IncidentStatus = serde_json::from_str("\"escalated\"").unwrap();
        assert_eq!(incident, IncidentStatus::Unknown);
        let maintenance: MaintenanceStatus = serde_json::from_str("\"postponed\"").unwrap();
        assert_eq!(maintenance, MaintenanceStatus::Unknown);
        let level: CommunityLevel = serde_json::from_str("\"frantic\"").unwrap();
        assert_eq!(level, CommunityLevel::Unknown);
    }

    #[test]
    fn as_str_matches_the_serialised_name() {
        use Status::*;
        for status in [Operational, Maintenance, Degraded, PartialOutage, MajorOutage, Unknown] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }

    #[test]
    fn only_resolved_and_postmortem_are_closed() {
        use IncidentStatus::*;
        for (status, closed) in [
            (Investigating, false),
            (Identified, false),
            (Monitoring, false),
            (Resolved, true),
            (Postmortem, true),
            (Unknown, false),
        ] {
            assert_eq!(status.is_closed(), closed, "{status:?}");
        }
    }
}
