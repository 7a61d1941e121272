//! Choosing how to say a span of time. Pure, so the thresholds are tested natively; the
//! words themselves come from `Intl` in the visitor's locale (see `intl`).

use std::time::Duration;

/// The unit names `Intl.RelativeTimeFormat` and `Intl.NumberFormat` accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Second,
    Minute,
    Hour,
    Day,
}

impl TimeUnit {
    pub const fn seconds(self) -> u64 {
        match self {
            TimeUnit::Second => 1,
            TimeUnit::Minute => 60,
            TimeUnit::Hour => 3_600,
            TimeUnit::Day => 86_400,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Second => "second",
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
        }
    }
}

/// The single unit and whole count that best describe an age, e.g. 21 minutes or 3 hours.
/// Counts are rounded down so "1 hour ago" is never said of 40 minutes.
pub fn relative_age(age: Duration) -> (u64, TimeUnit) {
    let seconds = age.as_secs();
    match seconds {
        0..60 => (seconds, TimeUnit::Second),
        60..3_600 => (seconds / 60, TimeUnit::Minute),
        3_600..86_400 => (seconds / 3_600, TimeUnit::Hour),
        _ => (seconds / 86_400, TimeUnit::Day),
    }
}

/// The signed count and unit for saying when `then` is relative to `now`: negative for the
/// past ("21 minutes ago", rounded down), positive for the future ("in 10 minutes", rounded
/// up, so a wait is never understated).
pub fn relative_time(then: Duration, now: Duration) -> (i64, TimeUnit) {
    if then <= now {
        let (count, unit) = relative_age(now - then);
        (-i64::try_from(count).unwrap_or(i64::MAX), unit)
    } else {
        let ahead = then - now;
        let (count, unit) = relative_age(ahead);
        let exact = Duration::from_secs(count * unit.seconds());
        let count = if exact < ahead { count + 1 } else { count };
        (i64::try_from(count).unwrap_or(i64::MAX), unit)
    }
}

/// A duration as at most two units, largest first: "2 d 4 h", "1 h 10 min", "45 min".
/// Anything under a minute is one minute, so a brief incident never reads as zero.
pub fn duration_parts(duration: Duration) -> Vec<(u64, TimeUnit)> {
    let minutes = (duration.as_secs() / 60).max(1);
    let (days, hours, minutes) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let all = [
        (days, TimeUnit::Day),
        (hours, TimeUnit::Hour),
        (minutes, TimeUnit::Minute),
    ];
    all.into_iter()
        .skip_while(|(count, _)| *count == 0)
        .take(2)
        .filter(|(count, _)| *count > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_age_picks_the_largest_whole_unit() {
        let cases = [
            (0, (0, TimeUnit::Second)),
            (59, (59, TimeUnit::Second)),
            (60, (1, TimeUnit::Minute)),
            (21 * 60 + 59, (21, TimeUnit::Minute)),
            (3_599, (59, TimeUnit::Minute)),
            (3_600, (1, TimeUnit::Hour)),
            (86_399, (23, TimeUnit::Hour)),
            (86_400 * 3 + 5, (3, TimeUnit::Day)),
        ];
        for (seconds, expected) in cases {
            assert_eq!(
                relative_age(Duration::from_secs(seconds)),
                expected,
                "{seconds}s"
            );
        }
    }

    #[test]
    fn past_rounds_down_and_future_rounds_up() {
        let at = Duration::from_secs;
        let now = at(10_000);
        assert_eq!(
            relative_time(at(10_000 - 21 * 60 - 59), now),
            (-21, TimeUnit::Minute)
        );
        assert_eq!(relative_time(now, now), (0, TimeUnit::Second));
        assert_eq!(relative_time(at(10_020), now), (20, TimeUnit::Second));
        assert_eq!(
            relative_time(at(10_000 + 599), now),
            (10, TimeUnit::Minute),
            "9 min 59 s is 'in 10 minutes'"
        );
        assert_eq!(relative_time(at(10_000 + 600), now), (10, TimeUnit::Minute));
        assert_eq!(relative_time(at(10_000 + 601), now), (11, TimeUnit::Minute));
    }

    #[test]
    fn durations_use_at_most_two_units() {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(
            duration_parts(Duration::from_secs(5)),
            [(1, TimeUnit::Minute)]
        );
        assert_eq!(duration_parts(minutes(45)), [(45, TimeUnit::Minute)]);
        assert_eq!(
            duration_parts(minutes(70)),
            [(1, TimeUnit::Hour), (10, TimeUnit::Minute)]
        );
        assert_eq!(duration_parts(minutes(120)), [(2, TimeUnit::Hour)]);
        assert_eq!(
            duration_parts(minutes(2 * 1440 + 4 * 60 + 59)),
            [(2, TimeUnit::Day), (4, TimeUnit::Hour)],
            "minutes dropped beyond two units"
        );
        assert_eq!(
            duration_parts(minutes(1440 + 5)),
            [(1, TimeUnit::Day)],
            "a zero middle unit ends the list"
        );
    }
}
