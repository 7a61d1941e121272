use leptos::prelude::*;
use status_feed::{CalendarDate, Component};

use crate::intl;
use crate::messages::{fill, status_label, texts};

/// Days shown in a history bar.
pub const HISTORY_DAYS: u32 = 90;
/// Each day's slot and bar, in the SVG's own whole units (no float printer in the bundle).
const SLOT_WIDTH: u32 = 4;
const BAR_WIDTH: u32 = 3;
const BAR_HEIGHT: u32 = 24;

/// A component's last 90 days as a bar per day coloured by its worst status, each with its
/// date and status as a tooltip, and the whole summarised for screen readers. Days the feed
/// has no record of are drawn as "no data", never as good days.
#[component]
pub fn UptimeHistory(component: Component, today: CalendarDate) -> impl IntoView {
    if component.history.is_empty() {
        return None;
    }
    let t = texts();
    let window = component.history_window(today, HISTORY_DAYS);
    let first_day = today.days_since_unix_epoch() - i64::from(HISTORY_DAYS) + 1;
    // The days with problems, for the text alternative: tooltips reach only mouse users.
    let mut troubled_days = Vec::new();
    let bars = window
        .iter()
        .enumerate()
        .map(|(offset, record)| {
            let date = CalendarDate::from_days_since_unix_epoch(first_day + offset as i64);
            let (class, tip) = match record {
                Some(record) => {
                    let mut tip = format!("{}: {}", intl::calendar_day(date), status_label(record.status));
                    if let Some(minutes) = record.downtime_minutes.filter(|minutes| *minutes > 0) {
                        tip.push_str(", ");
                        tip.push_str(&fill(t.minutes_down, &[&intl::count(minutes.into())]));
                    }
                    if record.status != status_feed::Status::Operational {
                        troubled_days.push(tip.clone());
                    }
                    (record.status.as_str(), tip)
                }
                None => ("none", format!("{}: {}", intl::calendar_day(date), t.no_data)),
            };
            let x = offset as u32 * SLOT_WIDTH;
            view! {
                <rect class=format!("sw-day sw-day--{class}") x=x y=0 width=BAR_WIDTH height=BAR_HEIGHT>
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let uptime = component
        .uptime_percent
        .map(|percent| fill(t.uptime, &[&intl::percent(percent)]));
    let days = HISTORY_DAYS.to_string();
    let mut summary = fill(
        t.history_summary,
        &[&days, &troubled_days.len().to_string()],
    );
    if let Some(uptime) = &uptime {
        summary.push_str(", ");
        summary.push_str(uptime);
    }
    if !troubled_days.is_empty() {
        summary.push_str(". ");
        summary.push_str(&troubled_days.join("; "));
    }
    Some(view! {
        <div class="sw-history">
            <svg
                class="sw-history__bars"
                role="img"
                aria-label=summary
                viewBox=format!("0 0 {} {BAR_HEIGHT}", HISTORY_DAYS * SLOT_WIDTH)
                preserveAspectRatio="none"
            >
                {bars}
            </svg>
            <p class="sw-history__axis" aria-hidden="true">
                <span>{fill(t.days_ago, &[&days])}</span>
                {uptime.map(|uptime| view! { <span>{uptime}</span> })}
                <span>{t.today}</span>
            </p>
        </div>
    })
}
