//! Points in time as the feed carries them: RFC 3339 text outside, Unix milliseconds inside.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// A UTC instant with millisecond precision. Milliseconds match what JavaScript's `Date`
/// uses, so the widget can hand values to `Intl` without conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Parses RFC 3339 (`2026-11-27T07:43:00Z`, `2026-11-27T08:43:00.5+01:00`).
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let parsed = OffsetDateTime::parse(text, &Rfc3339).map_err(|error| {
            format!("expected an RFC 3339 timestamp such as 2026-11-27T07:43:00Z, found \"{text}\" ({error})")
        })?;
        let millis = parsed.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis)
            .map(Self)
            .map_err(|_| format!("timestamp \"{text}\" is out of range"))
    }

    pub fn to_rfc3339(self) -> String {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .ok()
            .and_then(|instant| instant.format(&Rfc3339).ok())
            // Every i64 millisecond count that parse_rfc3339 produced is formattable; other
            // values can only come from arithmetic far outside any real feed's range.
            .unwrap_or_else(|| "out-of-range".to_owned())
    }

    /// The time elapsed from `earlier` to `self`, zero if `earlier` is actually later.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }

    pub fn minus_days(self, days: u32) -> Self {
        Self(self.0.saturating_sub(i64::from(days) * MILLIS_PER_DAY))
    }

    /// Moves the instant by a signed number of milliseconds.
    pub fn shifted(self, millis: i64) -> Self {
        Self(self.0.saturating_add(millis))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "An RFC 3339 timestamp, e.g. 2026-11-27T07:43:00Z."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets_to_the_same_instant() {
        let utc = Timestamp::parse_rfc3339("2026-11-27T07:43:00Z").unwrap();
        let offset = Timestamp::parse_rfc3339("2026-11-27T08:43:00+01:00").unwrap();
        assert_eq!(utc, offset);
        assert_eq!(utc.unix_millis(), 1_795_765_380_000);
    }

    #[test]
    fn keeps_milliseconds_and_round_trips() {
        let parsed = Timestamp::parse_rfc3339("2023-01-10T18:14:45.860Z").unwrap();
        assert_eq!(parsed.unix_millis() % 1000, 860);
        assert_eq!(
            Timestamp::parse_rfc3339(&parsed.to_rfc3339()).unwrap(),
            parsed
        );
    }

    #[test]
    fn rejects_text_that_is_not_rfc_3339() {
        for bad in [
            "yesterday",
            "2026-11-27",
            "2026-11-27 07:43:00",
            "1795246980",
            "",
        ] {
            let error = Timestamp::parse_rfc3339(bad).unwrap_err();
            assert!(error.contains("RFC 3339"), "{bad}: {error}");
        }
    }

    #[test]
    fn since_never_goes_negative() {
        let early = Timestamp::from_unix_millis(1_000);
        let late = Timestamp::from_unix_millis(61_000);
        assert_eq!(late.since(early), Duration::from_secs(60));
        assert_eq!(early.since(late), Duration::ZERO);
    }

    #[test]
    fn minus_days_counts_whole_days() {
        let now = Timestamp::from_unix_millis(40 * MILLIS_PER_DAY);
        assert_eq!(now.minus_days(30).unix_millis(), 10 * MILLIS_PER_DAY);
    }
}
