use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Maintenance, MaintenanceStatus, Timestamp};

use super::TimeStamp;
use crate::messages::{maintenance_status_label, texts};

/// Maintenance windows under way or still to come, soonest first.
#[component]
pub fn MaintenanceList(feed: Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    // Decided once per feed, like the incident list, not on every clock tick.
    let at_render = now.get_untracked();
    feed.current_and_upcoming_maintenances(at_render)
        .into_iter()
        .map(|window| maintenance_card(window, &feed, now))
        .collect_view()
}

fn maintenance_card(
    window: &Maintenance,
    feed: &Feed,
    now: ReadSignal<Timestamp>,
) -> impl IntoView + use<> {
    let t = texts();
    // Follows the clock: a window starts and ends while the page is open.
    let phase = {
        let window = window.clone();
        move || {
            let now = now.get();
            maintenance_status_label(if window.is_over(now) {
                MaintenanceStatus::Completed
            } else if window.is_in_progress(now) {
                MaintenanceStatus::InProgress
            } else {
                MaintenanceStatus::Scheduled
            })
        }
    };
    let affected = feed.component_names(&window.components);
    let latest = window.updates.first().map(|update| {
        view! {
            <p class="sw-maintenance__update">
                <span class="sw-update__status">{maintenance_status_label(update.status)}</span>
                " · "
                {update.body.clone()}
            </p>
        }
    });
    let link = window.url.as_ref().and_then(|u| u.href()).map(|href| {
        view! { <a class="sw-incident__link" href=href.to_owned() rel="noopener noreferrer" target="_blank">{t.details}</a> }
    });
    view! {
        <article class="sw-incident sw-incident--maintenance" data-maintenance=window.id.clone()>
            <h3 class="sw-incident__title">{window.title.clone()}</h3>
            <p class="sw-incident__meta">
                <span class="sw-maintenance__phase">{phase}</span>
                " · "
                <TimeStamp at=window.starts_at />
                " – "
                <TimeStamp at=window.ends_at />
            </p>
            {(!affected.is_empty()).then(|| view! {
                <p class="sw-incident__affected">{t.affects} {affected.join(", ")}</p>
            })}
            {latest}
            {link}
        </article>
    }
}
