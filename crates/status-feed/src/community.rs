//! Reading the community signal: how many visitors reported problems lately, compared with
//! the usual. Reports corroborate the official status; the words built on these figures must
//! never claim an outage from reports alone.

use std::collections::HashSet;
use std::time::Duration;

use crate::model::{Community, ReportBucket};
use crate::timestamp::Timestamp;

/// How far back "right now" reaches when counting reports.
pub const RECENT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Recent reports relative to the usual number for the same length of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// The feed gives no baseline.
    Unknown,
    /// The baseline is zero: any report is out of the ordinary.
    UsuallyNone,
    /// Within half again of the baseline (or below it).
    AboutUsual,
    /// About this many times the baseline, rounded; at least 2.
    Times(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentReports {
    pub count: u32,
    /// The span counted: `RECENT_WINDOW`, or one bucket when buckets are longer.
    pub window: Duration,
    pub comparison: Comparison,
}

impl ReportBucket {
    /// The reports split by symptom, added up. Saturating, like every sum of reports here.
    pub fn split_total(&self) -> u32 {
        self.symptoms
            .values()
            .fold(0u32, |sum, count| sum.saturating_add(*count))
    }

    /// What the bucket's stacked bar adds up to: its reports, or its symptom counts when a
    /// publisher's split adds up to more.
    pub fn stacked_total(&self) -> u32 {
        self.split_total().max(self.reports)
    }

    fn end_millis(&self, bucket_seconds: u32) -> i64 {
        self.start.unix_millis() + i64::from(bucket_seconds) * 1000
    }
}

impl Community {
    /// Reports in the buckets that overlap the recent window ending at `now`. A feed that has
    /// not been refreshed for a while therefore shows fewer recent reports, not old ones.
    pub fn recent_reports(&self, now: Timestamp) -> RecentReports {
        let bucket = Duration::from_secs(u64::from(self.bucket_seconds.max(1)));
        let window = RECENT_WINDOW.max(bucket);
        let window_start = now.before(window).unix_millis();
        let (count, buckets_counted) = self
            .buckets
            .iter()
            .filter(|b| {
                b.end_millis(self.bucket_seconds) > window_start
                    && b.start.unix_millis() <= now.unix_millis()
            })
            .fold((0u32, 0u32), |(count, buckets), b| {
                (count.saturating_add(b.reports), buckets + 1)
            });
        let comparison = match self.baseline {
            None => Comparison::Unknown,
            Some(baseline) if baseline <= 0.0 => Comparison::UsuallyNone,
            // The baseline is per bucket, so the usual number is for the buckets counted.
            Some(baseline) => {
                let usual = baseline * f64::from(buckets_counted.max(1));
                let ratio = f64::from(count) / usual;
                if ratio < 1.5 {
                    Comparison::AboutUsual
                } else {
                    // Bounded, so the cast cannot overflow.
                    Comparison::Times(ratio.round().min(1_000_000.0) as u32)
                }
            }
        };
        RecentReports {
            count,
            window,
            comparison,
        }
    }

    /// The bucket with the most reports.
    pub fn peak(&self) -> Option<&ReportBucket> {
        self.buckets.iter().max_by_key(|b| b.reports)
    }

    /// The tallest stacked bar, which sets the chart's scale so that no bar is cut off.
    pub fn tallest_bar(&self) -> u32 {
        self.buckets
            .iter()
            .map(ReportBucket::stacked_total)
            .max()
            .unwrap_or(0)
    }

    /// Saturating: a hostile feed's counts must not wrap round to "no reports".
    pub fn total_reports(&self) -> u32 {
        self.buckets
            .iter()
            .fold(0u32, |total, b| total.saturating_add(b.reports))
    }

    /// The symptom ids the buckets split reports by, each once, in `preferred` order (the
    /// feed's report choices) and then as first seen. Empty when no bucket splits.
    pub fn symptom_ids<'a>(&'a self, preferred: &'a [&'a str]) -> Vec<&'a str> {
        let mut ids: Vec<&str> = preferred
            .iter()
            .copied()
            .filter(|id| self.buckets.iter().any(|b| b.symptoms.contains_key(*id)))
            .collect();
        let mut listed: HashSet<&str> = ids.iter().copied().collect();
        for bucket in &self.buckets {
            for id in bucket.symptoms.keys() {
                if listed.insert(id) {
                    ids.push(id);
                }
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const START: i64 = 1_795_766_400_000;

    fn community(reports: &[u32], baseline: Option<f64>) -> Community {
        let buckets = reports
            .iter()
            .enumerate()
            .map(|(index, &reports)| ReportBucket {
                start: Timestamp::from_unix_millis(START + index as i64 * 300_000),
                reports,
                symptoms: BTreeMap::new(),
            })
            .collect();
        Community {
            bucket_seconds: 300,
            buckets,
            baseline,
            level: None,
        }
    }

    /// Just inside the last of `buckets` five-minute buckets.
    fn during_bucket(index: i64) -> Timestamp {
        Timestamp::from_unix_millis(START + index * 300_000 + 60_000)
    }

    #[test]
    fn counts_the_buckets_overlapping_the_last_fifteen_minutes() {
        let signal = community(&[9, 1, 2, 3, 4], Some(1.0));
        // At 4 min into bucket 4 the window reaches back into bucket 1.
        let recent = signal.recent_reports(during_bucket(4));
        assert_eq!(recent.count, 1 + 2 + 3 + 4);
        assert_eq!(recent.window, RECENT_WINDOW);
    }

    #[test]
    fn an_old_feed_has_no_recent_reports() {
        let signal = community(&[5, 5, 5], Some(1.0));
        let an_hour_later = during_bucket(14);
        assert_eq!(signal.recent_reports(an_hour_later).count, 0);
    }

    #[test]
    fn buckets_from_the_future_are_not_counted() {
        let signal = community(&[1, 1, 7], None);
        assert_eq!(signal.recent_reports(during_bucket(1)).count, 2);
    }

    #[test]
    fn compares_with_the_baseline_for_the_same_span() {
        // Baseline 1 per bucket; four buckets overlap the window, so 4 reports are usual.
        let compare = |reports: &[u32], baseline| {
            community(reports, baseline)
                .recent_reports(during_bucket(reports.len() as i64 - 1))
                .comparison
        };
        assert_eq!(compare(&[1, 1, 1, 1], Some(1.0)), Comparison::AboutUsual);
        assert_eq!(compare(&[0, 0, 0, 0], Some(1.0)), Comparison::AboutUsual);
        assert_eq!(compare(&[3, 3, 3, 3], Some(1.0)), Comparison::Times(3));
        assert_eq!(compare(&[1, 1, 1, 2], Some(1.0)), Comparison::AboutUsual);
        assert_eq!(compare(&[1, 1, 1, 5], Some(1.0)), Comparison::Times(2));
        assert_eq!(compare(&[1, 1, 1, 1], Some(0.0)), Comparison::UsuallyNone);
        assert_eq!(compare(&[1, 1, 1, 1], None), Comparison::Unknown);
    }

    #[test]
    fn long_buckets_widen_the_window_to_one_bucket() {
        let mut signal = community(&[4, 6], Some(2.0));
        signal.bucket_seconds = 3600;
        signal.buckets[1].start = Timestamp::from_unix_millis(START + 3_600_000);
        let just_after_the_hour = Timestamp::from_unix_millis(START + 3_700_000);
        let recent = signal.recent_reports(just_after_the_hour);
        assert_eq!(recent.window, Duration::from_secs(3600));
        // Both hours overlap the last hour: 10 reports against 2 x 2 usual.
        assert_eq!(recent.count, 10);
        assert_eq!(recent.comparison, Comparison::Times(3));
    }

    #[test]
    fn symptoms_in_the_feeds_order_then_as_seen() {
        let mut signal = community(&[2, 3], None);
        signal.buckets[0].symptoms = BTreeMap::from([("timeout".into(), 1), ("zzz".into(), 1)]);
        signal.buckets[1].symptoms = BTreeMap::from([("503".into(), 3)]);
        assert_eq!(
            signal.symptom_ids(&["500", "503", "timeout"]),
            ["503", "timeout", "zzz"]
        );
        assert!(community(&[1], None).symptom_ids(&["503"]).is_empty());
        assert_eq!(signal.peak().map(|b| b.reports), Some(3));
        assert_eq!(signal.total_reports(), 5);
    }

    #[test]
    fn huge_counts_saturate_instead_of_wrapping_to_nothing() {
        let signal = community(&[u32::MAX, 5], None);
        assert_eq!(signal.total_reports(), u32::MAX);
        assert_eq!(signal.recent_reports(during_bucket(1)).count, u32::MAX);
    }

    #[test]
    fn the_chart_scale_fits_the_tallest_stack_even_when_a_split_exceeds_its_total() {
        let mut signal = community(&[2, 4], None);
        // The publisher's split of the first bucket adds up to more than its total.
        signal.buckets[0].symptoms = BTreeMap::from([("500".into(), 3), ("503".into(), 3)]);
        assert_eq!(signal.buckets[0].stacked_total(), 6);
        assert_eq!(signal.buckets[1].stacked_total(), 4);
        assert_eq!(signal.tallest_bar(), 6);
        signal.buckets[1].symptoms = BTreeMap::from([("a".into(), u32::MAX), ("b".into(), 1)]);
        assert_eq!(signal.tallest_bar(), u32::MAX, "saturates, never wraps");
        assert_eq!(community(&[], None).tallest_bar(), 0);
    }
}
