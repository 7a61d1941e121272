//! When to fetch a feed again: the polite-polling rules shared by the widget and, for
//! relayed feeds, the server. Pure functions of their inputs (randomness is passed in), so the
//! schedule is tested natively and exactly.

use std::time::Duration;

use crate::timestamp::Timestamp;

/// Bounds and constants of the schedule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RefreshPolicy {
    /// Used when neither the feed nor the embedder suggests an interval.
    pub default_interval: Duration,
    /// No reader polls faster than this, whatever a feed asks.
    pub min_interval: Duration,
    /// No reader waits longer than this between successful fetches.
    pub max_interval: Duration,
    /// First retry after a failure waits up to this long; each further failure doubles it.
    pub backoff_base: Duration,
    /// Retries never wait longer than this (a Retry-After header may ask for more, up to
    /// `max_retry_after`).
    pub backoff_cap: Duration,
    /// The longest Retry-After honoured; a server asking for days is not believed.
    pub max_retry_after: Duration,
    /// A request not answered within this is abandoned and counted as a timeout.
    pub timeout: Duration,
    /// Successful polls are spread by up to this fraction either side of the interval.
    pub jitter_fraction: f64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        Self {
            default_interval: Duration::from_secs(60),
            min_interval: Duration::from_secs(15),
            max_interval: Duration::from_secs(30 * 60),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(10 * 60),
            max_retry_after: Duration::from_secs(60 * 60),
            timeout: Duration::from_secs(10),
            jitter_fraction: 0.1,
        }
    }
}

/// How a fetch ended, as far as scheduling cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// New data (200) or confirmation that nothing changed (304).
    Success,
    /// A failure worth retrying: network error, timeout, 429, 5xx, or an unusable body.
    Failure { retry_after: Option<Duration> },
}

impl RefreshPolicy {
    /// The interval between polls: the embedder's override if any, else the feed's
    /// suggestion, else the default, always within the policy's bounds.
    pub fn interval(
        &self,
        feed_suggestion: Option<u32>,
        embedder_override: Option<u32>,
    ) -> Duration {
        embedder_override
            .or(feed_suggestion)
            .map_or(self.default_interval, |seconds| {
                Duration::from_secs(u64::from(seconds))
            })
            .clamp(self.min_interval, self.max_interval)
    }

    /// The interval moved by up to `jitter_fraction` either way, so that many pages opened
    /// together drift apart. `random` is uniform in [0, 1).
    pub fn jittered(&self, interval: Duration, random: f64) -> Duration {
        let factor = 1.0 + self.jitter_fraction * (2.0 * random.clamp(0.0, 1.0) - 1.0);
        interval.mul_f64(factor)
    }

    /// The ceiling of the backoff after `failures` consecutive failures (1 for the first):
    /// base, 2 × base, 4 × base, ... up to the cap.
    pub fn backoff_ceiling(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        self.backoff_base
            .saturating_mul(1 << doublings)
            .min(self.backoff_cap)
    }

    /// How long to wait before the next fetch.
    ///
    /// After a success: the jittered interval. After the n-th consecutive failure: "full
    /// jitter", a uniform pick between zero and the backoff ceiling, so that clients that failed
    /// together do not retry together; but never sooner than a Retry-After the server sent,
    /// and never sooner than the normal interval once the ceiling has grown past it.
    pub fn next_delay(
        &self,
        outcome: FetchOutcome,
        consecutive_failures: u32,
        interval: Duration,
        random: f64,
    ) -> Duration {
        match outcome {
            FetchOutcome::Success => self.jittered(interval, random),
            FetchOutcome::Failure { retry_after } => {
                let ceiling = self.backoff_ceiling(consecutive_failures.max(1));
                let mut delay = ceiling.mul_f64(random.clamp(0.0, 1.0));
                if ceiling >= interval {
                    delay = delay.max(interval);
                }
                if let Some(asked) = retry_after {
                    delay = delay.max(asked.min(self.max_retry_after));
                }
                delay
            }
        }
    }
}

/// Reads a Retry-After header: a number of seconds, or an HTTP date (`Sun, 06 Nov 1994
/// 08:49:37 GMT`) turned into the time left from `now`. `None` if it is neither.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    Some(Timestamp::parse_http_date(value)?.since(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RefreshPolicy {
        RefreshPolicy::default()
    }

    const fn secs(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn interval_prefers_the_override_then_the_feed_and_stays_in_bounds() {
        let p = policy();
        assert_eq!(p.interval(None, None), secs(60));
        assert_eq!(p.interval(Some(120), None), secs(120));
        assert_eq!(p.interval(Some(120), Some(300)), secs(300));
        assert_eq!(
            p.interval(Some(1), None),
            secs(15),
            "too eager a feed is slowed down"
        );
        assert_eq!(p.interval(None, Some(0)), secs(15));
        assert_eq!(
            p.interval(Some(86_400), None),
            secs(1_800),
            "too lazy a feed is sped up"
        );
    }

    #[test]
    fn jitter_stays_within_ten_percent_either_way() {
        let p = policy();
        assert_eq!(p.jittered(secs(60), 0.0), secs(54));
        assert_eq!(p.jittered(secs(60), 0.5), secs(60));
        assert!(p.jittered(secs(60), 0.999_999) <= secs(66));
        assert!(p.jittered(secs(60), 0.999_999) > Duration::from_millis(65_999));
        for step in 0..=100 {
            let delay = p.jittered(secs(60), f64::from(step) / 100.0);
            assert!((secs(54)..=secs(66)).contains(&delay), "{delay:?}");
        }
    }

    #[test]
    fn backoff_doubles_from_one_second_up_to_the_cap() {
        let p = policy();
        let ceilings: Vec<_> = (1..=12).map(|n| p.backoff_ceiling(n).as_secs()).collect();
        assert_eq!(ceilings, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
        assert_eq!(p.backoff_ceiling(u32::MAX), secs(600), "no overflow");
    }

    #[test]
    fn failures_use_full_jitter_below_the_interval() {
        let p = policy();
        let failure = FetchOutcome::Failure { retry_after: None };
        // third failure: ceiling 4 s, below a 60 s interval, so anywhere in [0, 4 s]
        assert_eq!(p.next_delay(failure, 3, secs(60), 0.0), Duration::ZERO);
        assert_eq!(p.next_delay(failure, 3, secs(60), 0.5), secs(2));
        assert_eq!(p.next_delay(failure, 3, secs(60), 1.0), secs(4));
    }

    #[test]
    fn failures_never_retry_faster_than_the_interval_once_backoff_passes_it() {
        let p = policy();
        let failure = FetchOutcome::Failure { retry_after: None };
        // seventh failure: ceiling 64 s >= 60 s interval
        assert_eq!(p.next_delay(failure, 7, secs(60), 0.0), secs(60));
        assert_eq!(p.next_delay(failure, 7, secs(60), 1.0), secs(64));
        // far along: up to the 600 s cap, never below the interval
        assert_eq!(p.next_delay(failure, 20, secs(60), 0.0), secs(60));
        assert_eq!(p.next_delay(failure, 20, secs(60), 1.0), secs(600));
    }

    #[test]
    fn retry_after_is_a_floor_with_a_sane_limit() {
        let p = policy();
        let asked = |seconds| FetchOutcome::Failure {
            retry_after: Some(secs(seconds)),
        };
        assert_eq!(p.next_delay(asked(30), 1, secs(60), 0.5), secs(30));
        assert_eq!(
            p.next_delay(asked(0), 2, secs(60), 1.0),
            secs(2),
            "backoff when asked for less"
        );
        assert_eq!(
            p.next_delay(asked(86_400), 1, secs(60), 0.5),
            secs(3_600),
            "capped at an hour"
        );
    }

    #[test]
    fn success_returns_to_the_normal_interval() {
        let p = policy();
        assert_eq!(
            p.next_delay(FetchOutcome::Success, 0, secs(300), 0.5),
            secs(300)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = Timestamp::parse_rfc3339("2026-11-27T09:00:00Z").unwrap();
        assert_eq!(parse_retry_after("120", now), Some(secs(120)));
        assert_eq!(parse_retry_after(" 7 ", now), Some(secs(7)));
        assert_eq!(
            parse_retry_after("Fri, 27 Nov 2026 09:02:30 GMT", now),
            Some(secs(150))
        );
        assert_eq!(
            parse_retry_after("Fri, 27 Nov 2026 08:00:00 GMT", now),
            Some(Duration::ZERO),
            "past dates mean now"
        );
        for bad in ["", "soon", "-5", "1.5", "2026-11-27T09:02:30Z"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
