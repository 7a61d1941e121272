//! The closed vocabularies of the feed. Every enum ends in `Unknown`, which absorbs values a
//! newer feed may introduce, so an old widget degrades to "unknown" instead of failing.

use schemars::{Schema, json_schema};

pub(crate) fn names_schema(names: &[&str], description: &str) -> Schema {
    json_schema!({ "type": "string", "enum": names, "description": description })
}

/// Declares a closed vocabulary of the feed: the enum with an `Unknown` variant that absorbs
/// names this version does not know, its text names, and its serde and JSON Schema impls.
macro_rules! feed_enum {
    ($description:literal $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+ }) => {
        #[doc = $description]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
            /// A value this version does not know, e.g. from a newer feed.
            Unknown,
        }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text,)+ "unknown"];

            /// Stable identifier, also used as the CSS class suffix in the widget.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown => "unknown",
                }
            }

            pub fn from_name(name: &str) -> Self {
                match name {
                    $($text => $name::$variant,)+
                    _ => $name::Unknown,
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $name {
            pub(crate) fn read(
                value: &$crate::json::Json<'_>,
                path: &$crate::error::Path<'_>,
            ) -> $crate::read::ReadResult<Self> {
                $crate::read::text(value, path).map(Self::from_name)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::status::names_schema(Self::NAMES, $description)
            }
        }
    };
}

#[cfg(feature = "statuspage")]
pub(crate) use feed_enum;

feed_enum!("The health of a component or of the whole service." Status {
    Operational = "operational",
    Maintenance = "maintenance",
    Degraded = "degraded",
    PartialOutage = "partial_outage",
    MajorOutage = "major_outage",
});

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
}

feed_enum!("How badly an incident affects the service." Impact {
    None = "none",
    Minor = "minor",
    Major = "major",
    Critical = "critical",
    Maintenance = "maintenance",
});

feed_enum!("Where an incident stands in its life cycle." IncidentStatus {
    Investigating = "investigating",
    Identified = "identified",
    Monitoring = "monitoring",
    Resolved = "resolved",
    Postmortem = "postmortem",
});

impl IncidentStatus {
    /// Resolved and post-mortem incidents are over; every other state, including one this
    /// version does not know, is treated as still open so it is never hidden by mistake.
    pub const fn is_closed(self) -> bool {
        matches!(self, IncidentStatus::Resolved | IncidentStatus::Postmortem)
    }
}

feed_enum!("Where a scheduled maintenance window stands." MaintenanceStatus {
    Scheduled = "scheduled",
    InProgress = "in_progress",
    Verifying = "verifying",
    Completed = "completed",
});

feed_enum!("How the community signal compares with the usual level of reports." CommunityLevel {
    None = "none",
    Some = "some",
    Elevated = "elevated",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_wins_in_the_documented_order() {
        use Status::*;
        let ascending = [
            Operational,
            Unknown,
            Maintenance,
            Degraded,
            PartialOutage,
            MajorOutage,
        ];
        for pair in ascending.windows(2) {
            assert_eq!(Status::worst(pair.iter().copied()), pair[1]);
            assert_eq!(Status::worst(pair.iter().rev().copied()), pair[1]);
        }
        assert_eq!(Status::worst([]), Unknown);
    }

    #[test]
    fn unknown_values_from_newer_feeds_are_absorbed() {
        assert_eq!(Status::from_name("on_fire"), Status::Unknown);
        assert_eq!(Impact::from_name("catastrophic"), Impact::Unknown);
        assert_eq!(
            IncidentStatus::from_name("escalated"),
            IncidentStatus::Unknown
        );
        assert_eq!(
            MaintenanceStatus::from_name("postponed"),
            MaintenanceStatus::Unknown
        );
        assert_eq!(
            CommunityLevel::from_name("frantic"),
            CommunityLevel::Unknown
        );
        assert_eq!(
            Status::from_name("Operational"),
            Status::Unknown,
            "names are case-sensitive"
        );
    }

    #[test]
    fn names_round_trip() {
        for name in Status::NAMES {
            assert_eq!(Status::from_name(name).as_str(), *name);
        }
        for name in IncidentStatus::NAMES {
            assert_eq!(IncidentStatus::from_name(name).as_str(), *name);
        }
    }

    #[test]
    fn as_str_matches_the_serialised_name() {
        use Status::*;
        for status in [
            Operational,
            Maintenance,
            Degraded,
            PartialOutage,
            MajorOutage,
            Unknown,
        ] {
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
