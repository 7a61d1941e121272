//! Points in time as the feed carries them: RFC 3339 text outside, Unix milliseconds inside;
//! and calendar days (`YYYY-MM-DD`) for per-day history.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const MILLIS_PER_DAY: i64 = 86_400_000;
/// The first and the last instant RFC 3339 text can carry: 0000-01-01T00:00:00Z and
/// 9999-12-31T23:59:59.999Z.
const EARLIEST_MILLIS: i64 = -62_167_219_200_000;
const LATEST_MILLIS: i64 = 253_402_300_799_999;
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

/// The date of the proleptic Gregorian calendar that lies `days` after 1970-01-01: the
/// inverse of `days_from_civil`, by the same era-based method.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
    /// An offset can carry a time written in year 0000 or 9999 out of the years that text
    /// can carry in UTC; such a time is refused, as it could not be written back.
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let millis = rfc3339_millis(text.as_bytes()).ok_or_else(|| {
            reason!("expected an RFC 3339 timestamp such as 2026-11-27T07:43:00Z, found \"{text}\"")
        })?;
        Self::writable(millis).ok_or_else(|| {
            reason!("\"{text}\" is outside the years 0000 to 9999 once its offset is applied")
        })
    }

    /// The instant, if RFC 3339 text can carry it.
    fn writable(millis: i64) -> Option<Self> {
        (EARLIEST_MILLIS..=LATEST_MILLIS)
            .contains(&millis)
            .then_some(Self(millis))
    }

    /// The instant `millis` later (earlier when negative), if RFC 3339 text can carry it.
    /// Only the Instatus reader, left out of the widget's build, shifts the times it reads.
    #[cfg(any(test, feature = "all-formats"))]
    pub(crate) fn writable_shift(self, millis: i64) -> Option<Self> {
        Self::writable(self.0.checked_add(millis)?)
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

    /// Readers only make instants that the text can carry; one beyond them, which only
    /// arithmetic such as `after(Duration::MAX)` makes, is written as the nearest that it can
    /// carry, so that what is written can always be read back.
    pub fn to_rfc3339(self) -> String {
        let millis = self.0.clamp(EARLIEST_MILLIS, LATEST_MILLIS);
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .ok()
            .and_then(|instant| instant.format(&Rfc3339).ok())
            .expect("every instant from year 0000 to 9999 has an RFC 3339 form")
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

    /// The instant `span` later (saturating).
    pub fn after(self, span: Duration) -> Self {
        self.shifted(i64::try_from(span.as_millis()).unwrap_or(i64::MAX))
    }

    /// The instant `span` earlier (saturating).
    pub fn before(self, span: Duration) -> Self {
        Self(
            self.0
                .saturating_sub(i64::try_from(span.as_millis()).unwrap_or(i64::MAX)),
        )
    }

    /// The calendar day this instant falls on in UTC.
    pub fn utc_date(self) -> CalendarDate {
        CalendarDate::from_days_since_unix_epoch(self.0.div_euclid(MILLIS_PER_DAY))
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

/// A day of the calendar, without time or zone, as in `2026-11-26`. Ordered by date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    // Field order gives the derived ordering: year, then month, then day.
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// Parses exactly `YYYY-MM-DD`, rejecting impossible dates such as `2026-02-29`.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_bytes(text.as_bytes())
            .ok_or_else(|| reason!("expected a date such as 2026-11-26, found \"{text}\""))
    }

    fn parse_bytes(text: &[u8]) -> Option<Self> {
        if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
            return None;
        }
        let year = number(&text[0..4], 0, 9999)?;
        let month = number(&text[5..7], 1, 12)?;
        let day = number(&text[8..10], 1, days_in_month(year, month))?;
        Self::from_parts(year, month, day)
    }

    fn from_parts(year: i64, month: i64, day: i64) -> Option<Self> {
        Some(Self {
            year: u16::try_from(year).ok().filter(|year| *year <= 9999)?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The date `days` after 1970-01-01 (before it when negative), clamped to the years
    /// 0000 to 9999 that the text form can carry.
    pub fn from_days_since_unix_epoch(days: i64) -> Self {
        const FIRST: i64 = -719_528; // 0000-01-01
        const LAST: i64 = 2_932_896; // 9999-12-31
        let (year, month, day) = civil_from_days(days.clamp(FIRST, LAST));
        Self::from_parts(year, month, day).expect("clamped to years 0000 to 9999")
    }

    /// Days from 1970-01-01 to this date, negative before it: consecutive dates differ by one,
    /// so views can lay days out on a line.
    pub fn days_since_unix_epoch(self) -> i64 {
        days_from_civil(self.year.into(), self.month.into(), self.day.into())
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{:04}-{:02}-{:02}",
            self.year, self.month, self.day
        )
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for CalendarDate {
    fn schema_name() -> Cow<'static, str> {
        "CalendarDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD, e.g. 2026-11-26."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_by_durations_without_overflowing() {
        let noon = Timestamp::from_unix_millis(1_795_780_800_000);
        let minute = Duration::from_secs(60);
        assert_eq!(noon.after(minute).unix_millis(), 1_795_780_860_000);
        assert_eq!(noon.before(minute).unix_millis(), 1_795_780_740_000);
        assert_eq!(noon.after(Duration::MAX).unix_millis(), i64::MAX);
        let before_epoch = Timestamp::from_unix_millis(-2);
        assert_eq!(before_epoch.before(Duration::MAX).unix_millis(), i64::MIN);
    }

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
    fn refuses_times_that_their_offset_moves_out_of_the_writable_years() {
        for (text, writable) in [
            ("9999-12-31T23:59:59-23:59", false),
            ("0000-01-01T00:00:00+00:01", false),
            ("9999-12-31T23:59:59.999Z", true),
            ("9999-12-31T23:59:59.999+00:01", true),
            ("0000-01-01T00:00:00Z", true),
            ("0000-01-01T00:01:00+00:01", true),
        ] {
            match Timestamp::parse_rfc3339(text) {
                Ok(time) => {
                    assert!(writable, "{text} was read");
                    assert_eq!(Timestamp::parse_rfc3339(&time.to_rfc3339()), Ok(time));
                }
                Err(error) => {
                    assert!(!writable, "{text}: {error}");
                    assert!(error.contains("outside the years 0000 to 9999"), "{error}");
                }
            }
        }
    }

    #[test]
    fn instants_beyond_the_writable_years_are_written_as_the_nearest_writable_one() {
        let latest = Timestamp::parse_rfc3339("9999-12-31T23:59:59.999Z").unwrap();
        let earliest = Timestamp::parse_rfc3339("0000-01-01T00:00:00Z").unwrap();
        assert_eq!(latest.unix_millis(), LATEST_MILLIS);
        assert_eq!(earliest.unix_millis(), EARLIEST_MILLIS);
        for (far, nearest) in [
            (Timestamp::from_unix_millis(i64::MAX), latest),
            (latest.shifted(1), latest),
            (Timestamp::from_unix_millis(i64::MIN), earliest),
            (earliest.shifted(-1), earliest),
        ] {
            let text = far.to_rfc3339();
            assert_eq!(Timestamp::parse_rfc3339(&text), Ok(nearest), "{text}");
        }
        assert_eq!(latest.writable_shift(1), None);
        assert_eq!(earliest.writable_shift(-1), None);
        assert_eq!(earliest.writable_shift(i64::MAX), None);
        assert_eq!(earliest.writable_shift(1), Some(earliest.shifted(1)));
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

    #[test]
    fn calendar_dates_parse_strictly_and_print_back() {
        let date = CalendarDate::parse("2026-11-26").unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2026, 11, 26));
        assert_eq!(date.to_string(), "2026-11-26");
        assert_eq!(
            CalendarDate::parse("0001-02-03").unwrap().to_string(),
            "0001-02-03"
        );
        assert!(CalendarDate::parse("2024-02-29").is_ok());
        for bad in [
            "2026-02-29",
            "2026-11-31",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "2026-1-26",
            "26-11-2026",
            "2026/11/26",
            "2026-11-26T00:00:00Z",
            " 2026-11-26",
            "",
        ] {
            let error = CalendarDate::parse(bad).unwrap_err();
            assert!(error.contains("2026-11-26"), "{bad}: {error}");
        }
    }

    #[test]
    fn calendar_dates_order_by_day() {
        let dates = ["2025-12-31", "2026-01-01", "2026-01-02", "2026-02-01"]
            .map(|text| CalendarDate::parse(text).unwrap());
        assert!(dates.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn days_since_the_epoch_count_consecutively_and_round_trip() {
        let epoch = CalendarDate::parse("1970-01-01").unwrap();
        assert_eq!(epoch.days_since_unix_epoch(), 0);
        assert_eq!(
            CalendarDate::parse("1969-12-31")
                .unwrap()
                .days_since_unix_epoch(),
            -1
        );
        assert_eq!(
            CalendarDate::parse("2026-11-27")
                .unwrap()
                .days_since_unix_epoch(),
            1_795_765_380_000 / MILLIS_PER_DAY
        );
        // Every day of a span that crosses leap years and century rules maps back to itself.
        let start = CalendarDate::parse("1899-12-25")
            .unwrap()
            .days_since_unix_epoch();
        let mut previous = CalendarDate::from_days_since_unix_epoch(start - 1);
        for days in start..start + 3 * 146_097 / 400 * 3 {
            let date = CalendarDate::from_days_since_unix_epoch(days);
            assert_eq!(date.days_since_unix_epoch(), days);
            assert_eq!(CalendarDate::parse(&date.to_string()), Ok(date));
            assert!(previous < date);
            previous = date;
        }
        assert_eq!(
            CalendarDate::from_days_since_unix_epoch(i64::MAX).to_string(),
            "9999-12-31"
        );
        assert_eq!(
            CalendarDate::from_days_since_unix_epoch(i64::MIN).to_string(),
            "0000-01-01"
        );
    }

    #[test]
    fn instants_fall_on_their_utc_day() {
        let late = Timestamp::parse_rfc3339("2026-11-26T23:59:59.999Z").unwrap();
        assert_eq!(late.utc_date().to_string(), "2026-11-26");
        assert_eq!(late.shifted(1).utc_date().to_string(), "2026-11-27");
        let before_epoch = Timestamp::parse_rfc3339("1969-12-31T12:00:00Z").unwrap();
        assert_eq!(before_epoch.utc_date().to_string(), "1969-12-31");
    }
}
