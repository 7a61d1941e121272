use std::sync::Arc;

use leptos::prelude::*;
use status_feed::community::Comparison;
use status_feed::{CommunityLevel, Feed, Status, Timestamp};

use super::ReportChart;
use crate::intl;
use crate::messages::{fill, plural, texts};

/// "What we're seeing right now": recent reports from visitors, compared with the usual, and
/// the chart of reports over the feed's window. Worded so that reports corroborate the
/// official status and never declare an outage on their own.
#[component]
pub fn CommunitySignal(feed: Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let community = feed.community.clone()?;
    let official = feed.overall_status();
    let t = texts();
    let headline = {
        let community = community.clone();
        move || {
            let recent = community.recent_reports(now.get());
            let window = intl::duration(recent.window);
            if recent.count == 0 {
                return fill(t.no_recent_reports, &[&window]);
            }
            let count = u64::from(recent.count);
            let forms = plural(count, t.recent_reports_one, t.recent_reports_other);
            let mut text = fill(forms, &[&intl::count(count), &window]);
            match recent.comparison {
                Comparison::Unknown => text.push('.'),
                Comparison::UsuallyNone => text.push_str(t.usually_none),
                Comparison::AboutUsual => text.push_str(t.about_usual),
                Comparison::Times(times) => {
                    text.push_str(&fill(t.times_usual, &[&intl::count(times.into())]));
                }
            }
            text
        }
    };
    let level = match community.level {
        Some(CommunityLevel::Elevated) if official == Status::Operational => {
            Some(t.elevated_while_operational)
        }
        Some(CommunityLevel::Elevated) => Some(t.elevated),
        Some(CommunityLevel::Some) => Some(t.some_reports),
        _ => None,
    };
    let caveat = (community.total_reports() > 0).then_some(t.reports_caveat);
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
