use std::sync::Arc;

use leptos::prelude::*;
use status_feed::community::Comparison;
use status_feed::{CommunityLevel, Feed, Status, Timestamp};

use super::ReportChart;
use crate::intl;

/// "What we're seeing right now": recent reports from visitors, compared with the usual, and
/// the chart of reports over the feed's window. Worded so that reports corroborate the
/// official status and never declare an outage on their own.
#[component]
pub fn CommunitySignal(feed: Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let community = feed.community.clone()?;
    let official = feed.overall_status();
    let headline = {
        let community = community.clone();
        move || {
            let recent = community.recent_reports(now.get());
            let window = intl::duration(recent.window);
            if recent.count == 0 {
                return format!("No reports from visitors in the last {window}.");
            }
            let reports = if recent.count == 1 {
                "report"
            } else {
                "reports"
            };
            let compared = match recent.comparison {
                Comparison::Unknown => String::new(),
                Comparison::UsuallyNone => ", where there are usually none".to_owned(),
                Comparison::AboutUsual => ", about the usual number".to_owned(),
                Comparison::Times(times) => format!(", about {times}× the usual"),
            };
            format!(
                "{} {reports} from visitors in the last {window}{compared}.",
                recent.count
            )
        }
    };
    let level = match community.level {
        Some(CommunityLevel::Elevated) if official == Status::Operational => Some(
            "More visitors than usual report problems, while the official status is still operational.",
        ),
        Some(CommunityLevel::Elevated) => Some("More visitors than usual report problems."),
        Some(CommunityLevel::Some) => Some("A few visitors report problems."),
        _ => None,
    };
    let caveat = (community.total_reports() > 0)
        .then_some("Reports come from visitors and are not confirmed; they do not mean an outage by themselves.");
    let level_name = community.level.map(|l| l.as_str());
    Some(view! {
        <div class="sw-community" data-level=level_name>
            <p class="sw-community__headline">{headline}</p>
            {level.map(|text| view! { <p class="sw-community__level">{text}</p> })}
            {(community.total_reports() > 0).then(|| view! { <ReportChart community feed /> })}
            {caveat.map(|text| view! { <p class="sw-community__caveat">{text}</p> })}
        </div>
    })
}
