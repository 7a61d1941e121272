//! Turning stored reports into a feed's `community` section. Pure functions of the counts
//! and the current time, so every rule is unit-tested without a database or a clock.
//!
//! - `buckets`: the last 24 hours, one bucket per `bucket_seconds`, oldest first, zeros
//!   included, the newest being the current (still filling) bucket. Each bucket's `reports`
//!   and `symptoms` are summed over all components: the native format has no per-component
//!   counts, and the store keeps the component so a later view can split them.
//! - `baseline`: for each of the previous 7 days, the average reports per bucket in the same
//!   UTC hour of the day as now; the median of those 7 values (0 without history).
//! - `level`: see [`community_level`].

use std::collections::BTreeMap;

use status_feed::{Community, CommunityLevel, ReportBucket, Timestamp};

use crate::config::LevelRule;
use crate::store::BucketCount;

const MILLIS_PER_HOUR: i64 = 3_600_000;
const MILLIS_PER_DAY: i64 = 24 * MILLIS_PER_HOUR;
const BASELINE_DAYS: i64 = 7;

/// What was reported in the recent span the level is judged on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecentActivity {
    pub reports: u32,
    /// How many buckets the span covers (at least 1).
    pub buckets: u32,
    /// Different clients among those reports.
    pub distinct_reporters: u32,
}

/// The level of the community signal:
/// - "none" when nothing was reported in the recent span;
/// - "elevated" when at least `min_distinct_reporters` different clients reported AND the
///   reports per bucket reach `baseline_multiplier` × baseline, and never less than
///   `min_reports_per_bucket` (so with a zero baseline a single report is not a spike);
/// - "some" otherwise.
pub fn community_level(recent: RecentActivity, baseline: f64, rule: &LevelRule) -> CommunityLevel {
    if recent.reports == 0 {
        return CommunityLevel::None;
    }
    let per_bucket = f64::from(recent.reports) / f64::from(recent.buckets.max(1));
    let threshold = (baseline * rule.baseline_multiplier).max(rule.min_reports_per_bucket);
    if recent.distinct_reporters >= rule.min_distinct_reporters && per_bucket >= threshold {
        CommunityLevel::Elevated
    } else {
        CommunityLevel::Some
    }
}

/// The time spans one community section is computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spans {
    bucket_millis: i64,
    /// Start of the bucket `now` falls in.
    current_bucket: Timestamp,
    /// Start of the oldest of the 24 hours of buckets shown.
    pub shown_start: Timestamp,
    /// Start of the span the level is judged on.
    pub recent_start: Timestamp,
    recent_buckets: u32,
    /// Start of the oldest report the baseline needs; query counts from here.
    pub history_start: Timestamp,
}

impl Spans {
    pub fn new(now: Timestamp, bucket_seconds: u32, rule: &LevelRule) -> Self {
        let bucket_millis = i64::from(bucket_seconds) * 1000;
        let current = now.unix_millis().div_euclid(bucket_millis) * bucket_millis;
        let per_day = MILLIS_PER_DAY / bucket_millis;
        let recent_buckets = (rule.recent_minutes * 60).div_ceil(bucket_seconds).max(1);
        let hour_start = now.unix_millis().div_euclid(MILLIS_PER_HOUR) * MILLIS_PER_HOUR;
        Self {
            bucket_millis,
            current_bucket: Timestamp::from_unix_millis(current),
            shown_start: Timestamp::from_unix_millis(current - (per_day - 1) * bucket_millis),
            recent_start: Timestamp::from_unix_millis(
                current - i64::from(recent_buckets - 1) * bucket_millis,
            ),
            recent_buckets,
            history_start: Timestamp::from_unix_millis(hour_start - BASELINE_DAYS * MILLIS_PER_DAY),
        }
    }
}

/// Builds the community section from counts covering at least `spans.history_start` to now.
pub fn community(
    spans: &Spans,
    counts: &[BucketCount],
    recent_reporters: u32,
    rule: &LevelRule,
) -> Community {
    let mut totals: BTreeMap<i64, u32> = BTreeMap::new();
    let mut symptoms: BTreeMap<i64, BTreeMap<String, u32>> = BTreeMap::new();
    for count in counts {
        let start = count.start.unix_millis();
        *totals.entry(start).or_default() += count.reports;
        if count.start >= spans.shown_start {
            *symptoms
                .entry(start)
                .or_default()
                .entry(count.symptom.clone())
                .or_default() += count.reports;
        }
    }
    let reports_between =
        |from: i64, to: i64| -> u32 { totals.range(from..to).map(|(_, n)| n).sum() };

    let current = spans.current_bucket.unix_millis();
    let buckets = (spans.shown_start.unix_millis()..=current)
        .step_by(usize::try_from(spans.bucket_millis).expect("a positive bucket length"))
        .map(|start| ReportBucket {
            start: Timestamp::from_unix_millis(start),
            reports: totals.get(&start).copied().unwrap_or(0),
            symptoms: symptoms.remove(&start).unwrap_or_default(),
        })
        .collect();

    let buckets_per_hour =
        f64::from(u32::try_from(MILLIS_PER_HOUR / spans.bucket_millis).unwrap_or(1));
    let same_hour_averages: Vec<f64> = (1..=BASELINE_DAYS)
        .map(|days_ago| {
            let from =
                spans.history_start.unix_millis() + (BASELINE_DAYS - days_ago) * MILLIS_PER_DAY;
            f64::from(reports_between(from, from + MILLIS_PER_HOUR)) / buckets_per_hour
        })
        .collect();
    let baseline = median(same_hour_averages);

    let recent = RecentActivity {
        reports: reports_between(
            spans.recent_start.unix_millis(),
            current + spans.bucket_millis,
        ),
        buckets: spans.recent_buckets,
        distinct_reporters: recent_reporters,
    };
    Community {
        bucket_seconds: u32::try_from(spans.bucket_millis / 1000)
            .expect("config keeps buckets small"),
        buckets,
        baseline: Some(baseline),
        level: Some(community_level(recent, baseline, rule)),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: LevelRule = LevelRule {
        recent_minutes: 15,
        min_distinct_reporters: 3,
        baseline_multiplier: 3.0,
        min_reports_per_bucket: 1.0,
    };

    fn activity(reports: u32, distinct_reporters: u32) -> RecentActivity {
        RecentActivity {
            reports,
            buckets: 3,
            distinct_reporters,
        }
    }

    #[test]
    fn no_recent_reports_is_none() {
        assert_eq!(
            community_level(activity(0, 0), 0.0, &RULE),
            CommunityLevel::None
        );
        assert_eq!(
            community_level(activity(0, 0), 5.0, &RULE),
            CommunityLevel::None
        );
    }

    #[test]
    fn elevated_needs_enough_distinct_reporters() {
        // 30 reports in 3 buckets is far above a zero baseline, but from only 2 clients.
        assert_eq!(
            community_level(activity(30, 2), 0.0, &RULE),
            CommunityLevel::Some
        );
        assert_eq!(
            community_level(activity(30, 3), 0.0, &RULE),
            CommunityLevel::Elevated
        );
    }

    #[test]
    fn elevated_needs_a_multiple_of_the_baseline() {
        // 9 reports in 3 buckets = 3 per bucket.
        assert_eq!(
            community_level(activity(9, 9), 1.0, &RULE),
            CommunityLevel::Elevated
        );
        assert_eq!(
            community_level(activity(9, 9), 1.01, &RULE),
            CommunityLevel::Some
        );
    }

    #[test]
    fn the_floor_keeps_a_zero_baseline_from_making_every_report_a_spike() {
        // 2 reports in 3 buckets is under the floor of 1 per bucket.
        assert_eq!(
            community_level(activity(2, 3), 0.0, &RULE),
            CommunityLevel::Some
        );
        assert_eq!(
            community_level(activity(3, 3), 0.0, &RULE),
            CommunityLevel::Elevated
        );
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    const NOW: i64 = 20_000 * MILLIS_PER_DAY + 10 * MILLIS_PER_HOUR + 7 * 60_000; // 10:07 UTC

    fn count(start: i64, symptom: &str, reports: u32) -> BucketCount {
        BucketCount {
            start: Timestamp::from_unix_millis(start),
            component: "chat".into(),
            symptom: symptom.into(),
            reports,
        }
    }

    #[test]
    fn spans_align_to_buckets_and_hours() {
        let spans = Spans::new(Timestamp::from_unix_millis(NOW), 300, &RULE);
        let current = NOW - 2 * 60_000; // 10:05
        assert_eq!(spans.current_bucket.unix_millis(), current);
        assert_eq!(spans.recent_start.unix_millis(), current - 2 * 300_000);
        assert_eq!(spans.shown_start.unix_millis(), current - 287 * 300_000);
        assert_eq!(
            spans.history_start.unix_millis(),
            NOW - 7 * 60_000 - 7 * MILLIS_PER_DAY
        );
    }

    #[test]
    fn shows_24_hours_of_buckets_with_symptoms_summed_over_components() {
        let spans = Spans::new(Timestamp::from_unix_millis(NOW), 300, &RULE);
        let current = spans.current_bucket.unix_millis();
        let mut other_component = count(current, "503", 2);
        other_component.component = "images".into();
        let counts = [
            count(spans.shown_start.unix_millis() - 300_000, "503", 4), // too old to show
            count(current - 300_000, "502", 1),
            count(current, "503", 1),
            other_component,
            count(current, "slow", 1),
        ];
        let community = community(&spans, &counts, 2, &RULE);
        assert_eq!(community.bucket_seconds, 300);
        assert_eq!(community.buckets.len(), 288);
        assert_eq!(community.buckets[0].start, spans.shown_start);
        assert!(community.buckets[..286].iter().all(|b| b.reports == 0));
        let last = &community.buckets[287];
        assert_eq!(last.start.unix_millis(), current);
        assert_eq!(last.reports, 4);
        assert_eq!(
            last.symptoms,
            BTreeMap::from([("503".into(), 3), ("slow".into(), 1)])
        );
        assert_eq!(community.buckets[286].reports, 1);
        // 5 recent reports from 2 clients: some, not elevated.
        assert_eq!(community.level, Some(CommunityLevel::Some));
    }

    #[test]
    fn baseline_is_the_median_same_hour_rate_of_the_previous_week() {
        let spans = Spans::new(Timestamp::from_unix_millis(NOW), 300, &RULE);
        let ten_oclock = NOW - 7 * 60_000;
        // In the 10:00 hour: 24 reports (2 per bucket) on 4 of the last 7 days, 12 on one,
        // none on two; plus reports at other hours that must not count.
        let mut counts = Vec::new();
        for (days_ago, reports) in [(1, 24), (2, 24), (3, 12), (5, 24), (7, 24)] {
            let day_hour = ten_oclock - days_ago * MILLIS_PER_DAY;
            counts.push(count(day_hour + 20 * 60_000, "503", reports));
            counts.push(count(day_hour - 300_000, "503", 1000));
            counts.push(count(day_hour + MILLIS_PER_HOUR, "503", 1000));
        }
        counts.sort_by_key(|c| c.start);
        let community = community(&spans, &counts, 0, &RULE);
        assert_eq!(community.baseline, Some(2.0));
        assert_eq!(community.level, Some(CommunityLevel::None));
    }

    #[test]
    fn no_history_gives_a_zero_baseline() {
        let spans = Spans::new(Timestamp::from_unix_millis(NOW), 300, &RULE);
        let community = community(&spans, &[], 0, &RULE);
        assert_eq!(community.baseline, Some(0.0));
        assert_eq!(community.level, Some(CommunityLevel::None));
    }
}
