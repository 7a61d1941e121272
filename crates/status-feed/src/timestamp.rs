//! Points in time as the feed carries them: RFC 3339 text outside, Unix milliseconds inside.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const MILLIS_PER_DAY: i64 = 86_400_000;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// Parsing is written out here rather than done by the `time` crate (which still formats):
// its parsers cost the widget's wasm bundle several kilobytes for two fixed formats.

/// A fixed-width decimal field within `min..=max`.
fn number(digits: &[u8], min: i64, max: i64) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0i64, |value, digit| value * 10 + i64::from(digit - b'0'));
    (min..=max).contains(&value).then_some(value)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the well-known
/// era-based conversion: 400-year eras of 146,097 days, years starting in March).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `hh:mm:ss` as seconds into the day; a leap second counts as the 59th.
fn time_of_day(clock: &[u8]) -> Option<i64> {
    if clock.len() != 8 || clock[2] != b':' || clock[5] != b':' {
        return None;
    }
    let hours = number(&clock[0..2], 0, 23)?;
    let minutes = number(&clock[3..5], 0, 59)?;
    let seconds = number(&clock[6..8], 0, 60)?.min(59);
    Some(hours * 3600 + minutes * 60 + seconds)
}

fn rfc3339_millis(text: &[u8]) -> Option<i64> {
    // date-time = full-date "T" partial-time time-offset, e.g. 2026-11-27T08:43:00.5+01:00
    if text.len() < 20 || text[4] != b'-' || text[7] != b'-' || !matches!(text[10], b'T' | b't') {
        return None;
    }
    let year = number(&text[0..4], 0, 9999)?;
    let month = number(&text[5..7], 1, 12)?;
    let day = number(&text[8..10], 1, days_in_month(year, month))?;
    let leap_second = &text[17..19] == b"60";
    let seconds = time_of_day(&text[11..19])?;
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        millis = fraction[..digits]
            .iter()
            .chain(b"00")
            .take(3)
            .fold(0, |v, d| v * 10 + i64::from(d - b'0'));
        rest = &fraction[digits..];
    }
    if leap_second {
        millis = 999;
    }
    let offset_minutes = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let minutes = number(&[*h1, *h2], 0, 23)? * 60 + number(&[*m1, *m2], 0, 59)?;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let local = days_from_civil(year, month, day) * MILLIS_PER_DAY + seconds * 1000 + millis;
    Some(local - offset_minutes * 60_000)
}

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

    /// Parses RFC 3339 (`2026-11-27T07:43:00Z`, `2026-11-27T08:43:00.5+01:00`). Digits past
    /// milliseconds are dropped; a leap second (`:60`) is read as the last millisecond before
    /// the next minute.
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        rfc3339_millis(text.as_bytes()).map(Self).ok_or_else(|| {
            format!("expected an RFC 3339 timestamp such as 2026-11-27T07:43:00Z, found \"{text}\"")
        })
    }

    /// Parses an HTTP date in its preferred form (`Sun, 06 Nov 1994 08:49:37 GMT`), as in
    /// `Retry-After` and `Last-Modified` headers.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let mut parts = text.split_ascii_whitespace();
        let _weekday = parts.next()?.strip_suffix(',')?;
        // Fixed widths, as the format prescribes: a two-digit year must not read as year 94.
        let day = Some(parts.next()?.as_bytes())
            .filter(|d| d.len() == 2)
            .and_then(|d| number(d, 1, 31))?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|name| *name == month_name)? as i64 + 1;
        let year = Some(parts.next()?.as_bytes())
            .filter(|y| y.len() == 4)
            .and_then(|y| number(y, 0, 9999))?;
        let clock = parts.next()?.as_bytes();
        if parts.next()? != "GMT" || parts.next().is_some() || clock.len() != 8 {
            return None;
        }
        let seconds = time_of_day(clock)?;
        (day <= days_in_month(year, month))
            .then(|| Self(days_from_civil(year, month, day) * MILLIS_PER_DAY + seconds * 1000))
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
    fn agrees_with_the_time_crate_across_the_calendar() {
        let cases = [
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2000-02-29T12:00:00+05:30",
            "2024-02-29T23:59:59.5-08:00",
            "2026-11-27T07:43:00.123456Z",
            "1900-03-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-11-27t07:43:00z",
        ];
        for text in cases {
            let ours = Timestamp::parse_rfc3339(text).unwrap().unix_millis();
            let theirs = OffsetDateTime::parse(text, &Rfc3339)
                .unwrap()
                .unix_timestamp_nanos()
                / 1_000_000;
            assert_eq!(i128::from(ours), theirs, "{text}");
        }
    }

    #[test]
    fn rejects_impossible_dates_and_malformed_offsets() {
        for bad in [
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-27T24:00:00Z",
            "2026-11-27T07:60:00Z",
            "2026-11-27T07:43:00",
            "2026-11-27T07:43:00+0100",
            "2026-11-27T07:43:00+24:00",
            "2026-11-27T07:43:00.Z",
            "2026-11-27 07:43:00Z",
            "+2026-11-27T07:43:00Z",
            "2026-11-27T07:43:00Zjunk",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_leap_seconds_as_the_end_of_the_minute() {
        let leap = Timestamp::parse_rfc3339("2016-12-31T23:59:60Z").unwrap();
        let next = Timestamp::parse_rfc3339("2017-01-01T00:00:00Z").unwrap();
        assert_eq!(next.unix_millis() - leap.unix_millis(), 1);
    }

    #[test]
    fn reads_http_dates() {
        let date = Timestamp::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            date,
            Timestamp::parse_rfc3339("1994-11-06T08:49:37Z").unwrap()
        );
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
        ] {
            assert_eq!(Timestamp::parse_http_date(bad), None, "{bad}");
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
