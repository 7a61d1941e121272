//! Times as other status tools write them. Several write no time zone (SQL-style
//! `2026-11-27 07:43:00` from Uptime Kuma and Cachet) or JavaScript's `Date.toString()`
//! (Instatus); both are turned into RFC 3339 text and read by the one strict parser.

use crate::error::Path;
use crate::json::Json;
use crate::read::{ReadResult, invalid, text};
use crate::timestamp::Timestamp;

/// RFC 3339; or a date and time without zone (`2026-11-27 07:43:00`, `2026-11-27T07:43:00.5`),
/// read as UTC; or JavaScript's `Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal
/// Time)`.
pub(crate) fn loose_timestamp(value: &Json<'_>, path: &Path<'_>) -> ReadResult<Timestamp> {
    let written = text(value, path)?;
    Timestamp::parse_rfc3339(written)
        .ok()
        .or_else(|| without_zone(written))
        .or_else(|| javascript_date(written))
        .ok_or_else(|| {
            invalid(
                path,
                format!(
                    "expected a date and time such as 2026-11-27T07:43:00Z, found \"{written}\""
                ),
            )
        })
}

fn without_zone(written: &str) -> Option<Timestamp> {
    let (date, clock) = written.split_once([' ', 'T'])?;
    // A zone that the strict parser refused stays refused rather than read as UTC.
    if clock.contains(['Z', 'z', '+', '-']) {
        return None;
    }
    Timestamp::parse_rfc3339(&format!("{date}T{clock}Z")).ok()
}

/// `Www Mmm DD YYYY hh:mm:ss GMT+hhmm (zone name)`, as `Date.prototype.toString` writes.
fn javascript_date(written: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = written.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|name| *name == month_name)? + 1;
    let day = parts.next()?;
    let year = parts.next()?;
    let clock = parts.next()?;
    let offset = parts.next()?.strip_prefix("GMT")?;
    let (hours, minutes) = (offset.get(..3)?, offset.get(3..)?);
    if day.len() != 2 || minutes.len() != 2 {
        return None;
    }
    Timestamp::parse_rfc3339(&format!("{year}-{month:02}-{day}T{clock}{hours}:{minutes}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ReadResult<Timestamp> {
        loose_timestamp(&Json::from(text), &Path::Root)
    }

    fn utc(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn reads_the_forms_status_tools_write() {
        for (written, meant) in [
            ("2026-11-27T07:43:00Z", "2026-11-27T07:43:00Z"),
            ("2026-11-27T08:43:00+01:00", "2026-11-27T07:43:00Z"),
            ("2026-11-27 07:43:00", "2026-11-27T07:43:00Z"),
            ("2026-11-27 07:43:00.250", "2026-11-27T07:43:00.250Z"),
            ("2026-11-27T07:43:00", "2026-11-27T07:43:00Z"),
            (
                "Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal Time)",
                "2022-06-11T18:55:50Z",
            ),
            (
                "Fri Nov 27 2026 09:43:00 GMT+0200 (Eastern European Standard Time)",
                "2026-11-27T07:43:00Z",
            ),
            ("Fri Nov 27 2026 02:43:00 GMT-0500", "2026-11-27T07:43:00Z"),
        ] {
            assert_eq!(read(written), Ok(utc(meant)), "{written}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_point_in_time() {
        for bad in [
            "2026-11-27",
            "yesterday",
            "2026-11-27 07:43",
            "2026-11-27 07:43:00+0100",
            "Sat Jun 11 2022",
            "Sat Foo 11 2022 18:55:50 GMT+0000",
            "Sat Jun 1 2022 18:55:50 GMT+0000",
            "Sat Jun 11 2022 18:55:50 UTC",
        ] {
            let error = read(bad).unwrap_err().to_string();
            assert!(error.contains("2026-11-27T07:43:00Z"), "{bad}: {error}");
        }
        assert!(loose_timestamp(&Json::Integer(5), &Path::Root).is_err());
    }
}
