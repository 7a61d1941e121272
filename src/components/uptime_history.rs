use leptos::prelude::*;
use status_feed::{CalendarDate, Component};

use crate::intl;
use crate::messages::status_label;

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
    let window = component.history_window(today, HISTORY_DAYS);
    let first_day = today.days_since_unix_epoch() - i64::from(HISTORY_DAYS) + 1;
    let mut troubled_days = 0;
    let bars = window
        .iter()
        .enumerate()
        .map(|(offset, record)| {
            let date = CalendarDate::from_days_since_unix_epoch(first_day + offset as i64);
            let (class, tip) = match record {
                Some(record) => {
                    if record.status != status_feed::Status::Operational {
                        troubled_days += 1;
                    }
                    let down = record
                        .downtime_minutes
                        .filter(|minutes| *minutes > 0)
                        .map(|minutes| format!(", {minutes} min down"))
                        .unwrap_or_default();
                    (
                        record.status.as_str(),
                        format!("{}: {}{down}", intl::calendar_day(date), status_label(record.status)),
                    )
                }
                None => ("none", format!("{}: no data", intl::calendar_day(date))),
            };
            let x = offset as u32 * SLOT_WIDTH;
            view! {
                <rect class=format!("sw-day sw-day--{class}") x=x y=0 width=BAR_WIDTH height=BAR_HEIGHT>
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let uptime = component.uptime_percent.map(intl::percent);
    let summary = format!(
        "Last {HISTORY_DAYS} days: {troubled_days} with problems{}",
        uptime
            .as_deref()
            .map(|uptime| format!(", {uptime} uptime"))
            .unwrap_or_default()
    );
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
                <span>{format!("{HISTORY_DAYS} days ago")}</span>
                {uptime.map(|uptime| view! { <span>{format!("{uptime} uptime")}</span> })}
                <span>"Today"</span>
            </p>
        </div>
    })
}
