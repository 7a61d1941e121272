use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use status_feed::{Community, Feed};

use crate::intl;
use crate::messages::{fill, plural, texts};

/// Each bucket's slot, the bar inside it and the plot's height, in the SVG's own units. Whole
/// numbers: formatting floats would add a float printer to the bundle.
const SLOT_WIDTH: u32 = 10;
const BAR_WIDTH: u32 = 8;
const CHART_HEIGHT: u32 = 400;
/// Distinct bar colours (`--sw-chart-N`); further symptoms reuse them in turn.
const PALETTE: usize = 4;

/// Reports per bucket as an inline SVG bar chart, stacked by symptom when the feed splits
/// them, with a text alternative: a summary as the image's name, the totals per symptom as a
/// visible legend, and each bar's figures as its tooltip.
#[component]
pub fn ReportChart(community: Community, feed: Arc<Feed>) -> impl IntoView {
    let first = community.buckets.first()?.start;
    let t = texts();
    let bucket = Duration::from_secs(u64::from(community.bucket_seconds));
    let last_end = community.buckets.last()?.start.after(bucket);
    let preferred: Vec<&str> = feed
        .report
        .iter()
        .flat_map(|report| report.symptoms.iter().map(|s| s.id.as_str()))
        .collect();
    let symptom_ids = community.symptom_ids(&preferred);
    let label = |id: &str| -> String {
        feed.report
            .iter()
            .flat_map(|report| report.symptoms.iter())
            .find(|symptom| symptom.id == id)
            .map_or_else(|| id.to_owned(), |symptom| symptom.label.clone())
    };
    let peak = community.tallest_bar().max(1);
    let bars = community
        .buckets
        .iter()
        .enumerate()
        .map(|(index, bucket_data)| {
            let x = u32::try_from(index)
                .unwrap_or(u32::MAX)
                .saturating_mul(SLOT_WIDTH);
            let mut parts: Vec<(usize, u32)> = symptom_ids
                .iter()
                .enumerate()
                .filter_map(|(slot, id)| Some((slot, *bucket_data.symptoms.get(*id)?)))
                .collect();
            // Every symptom of the bucket is among `symptom_ids`, so its parts add up to this.
            let split = bucket_data.split_total();
            // Reports without a symptom, or a publisher's total larger than its split.
            if bucket_data.reports > split {
                parts.push((usize::MAX, bucket_data.reports - split));
            }
            // Stacked from the bottom; cumulative, so rounding never leaves gaps.
            let mut below = 0;
            let rects = parts
                .into_iter()
                .map(|(slot, count)| {
                    let bottom = scaled(below, peak);
                    below = below.saturating_add(count);
                    let top = scaled(below, peak);
                    let (y, height) = (CHART_HEIGHT - top, top - bottom);
                    let class = if slot == usize::MAX {
                        "sw-chart__bar".to_owned()
                    } else {
                        format!("sw-chart__bar sw-chart__bar--{}", slot % PALETTE)
                    };
                    view! { <rect class=class x=x y=y width=BAR_WIDTH height=height></rect> }
                })
                .collect_view();
            let reports = u64::from(bucket_data.reports);
            let tip = format!(
                "{}: {}",
                intl::short_date_time(bucket_data.start),
                fill(
                    plural(reports, t.reports_one, t.reports_other),
                    &[&intl::count(reports)]
                )
            );
            view! { <g><title>{tip}</title>{rects}</g> }
        })
        .collect_view();
    let count = community.buckets.len();
    let span = intl::duration(bucket * u32::try_from(count).unwrap_or(u32::MAX));
    let summary = fill(
        t.chart_summary,
        &[
            &intl::duration(bucket),
            &span,
            &intl::count(community.total_reports().into()),
            &intl::count(community.peak().map_or(0, |peak| peak.reports).into()),
        ],
    );
    let legend = symptom_ids
        .iter()
        .enumerate()
        .map(|(slot, id)| {
            let total: u32 = community
                .buckets
                .iter()
                .filter_map(|b| b.symptoms.get(*id))
                .fold(0u32, |sum, count| sum.saturating_add(*count));
            view! {
                <li>
                    <span class=format!("sw-chart__key sw-chart__bar--{}", slot % PALETTE) aria-hidden="true"></span>
                    {format!("{}: {}", label(id), intl::count(total.into()))}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <figure class="sw-chart">
            <svg
                class="sw-chart__plot"
                role="img"
                aria-label=summary.clone()
                viewBox=format!("0 0 {} {CHART_HEIGHT}", count * SLOT_WIDTH as usize)
                preserveAspectRatio="none"
            >
                {bars}
            </svg>
            <figcaption class="sw-chart__caption">
                <span class="sw-chart__axis">
                    <span>{intl::short_date_time(first)}</span>
                    // The end of the last bucket, not "now": a feed that has stopped being
                    // refreshed must not make old reports look current.
                    <span>{intl::short_date_time(last_end)}</span>
                </span>
                <ul class="sw-chart__legend">{legend}</ul>
            </figcaption>
        </figure>
    })
}

/// `reports` as a height in the plot, where `peak` reports fill it.
fn scaled(reports: u32, peak: u32) -> u32 {
    let height = u64::from(reports.min(peak)) * u64::from(CHART_HEIGHT) / u64::from(peak);
    // At most CHART_HEIGHT, so it fits.
    height as u32
}
