//! Words shown to visitors for the feed's fixed vocabularies.

use status_feed::{Impact, IncidentStatus, MaintenanceStatus, Status};

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Operational => "Operational",
        Status::Maintenance => "Under maintenance",
        Status::Degraded => "Degraded performance",
        Status::PartialOutage => "Partial outage",
        Status::MajorOutage => "Major outage",
        Status::Unknown => "Status unknown",
    }
}

pub fn impact_label(impact: Impact) -> &'static str {
    match impact {
        Impact::None => "No impact",
        Impact::Minor => "Minor impact",
        Impact::Major => "Major impact",
        Impact::Critical => "Critical impact",
        Impact::Maintenance => "Maintenance",
        Impact::Unknown => "Impact unknown",
    }
}

pub fn incident_status_label(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Investigating => "Investigating",
        IncidentStatus::Identified => "Identified",
        IncidentStatus::Monitoring => "Monitoring",
        IncidentStatus::Resolved => "Resolved",
        IncidentStatus::Postmortem => "Post-mortem",
        IncidentStatus::Unknown => "Update",
    }
}

pub fn maintenance_status_label(status: MaintenanceStatus) -> &'static str {
    match status {
        MaintenanceStatus::Scheduled => "Scheduled",
        MaintenanceStatus::InProgress => "In progress",
        MaintenanceStatus::Verifying => "Verifying",
        MaintenanceStatus::Completed => "Completed",
        MaintenanceStatus::Unknown => "Update",
    }
}
