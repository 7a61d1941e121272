use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Maintenance, MaintenanceStatus, Timestamp};

use super::TimeStamp;
use crate::messages::{maintenance_status_label, texts};

/// Maintenance windows under way or still to come, soonest first, in a section of their own
/// that is there only while there are any. Windows end while the page is open, with no change
/// to the feed, so the list follows the clock; it is rebuilt only when a window comes or goes.
#[component]
pub fn MaintenanceList(feed: Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let shown = {
        let feed = feed.clone();
        Memo::new(move |_| {
            feed.current_and_upcoming_maintenances(now.get())
                .into_iter()
                .map(|window| window.id.clone())
                .collect::<Vec<_>>()
        })
    };
    move || {
        let ids = shown.get();
        (!ids.is_empty()).then(|| {
            let cards = ids
                .iter()
                .filter_map(|id| feed.maintenances.iter().find(|window| window.id == *id))
                .map(|window| maintenance_card(window, &feed, now))
                .collect_view();
            view! {
                <section class="sw-section" aria-labelledby="sw-maintenance-heading">
                    <h2 id="sw-maintenance-heading">{texts().heading_maintenance}</h2>
                    {cards}
                </section>
            }
        })
    }
}

fn maintenance_card(
    window: &Maintenance,
    feed: &Feed,
    now: ReadSignal<Timestamp>,
) -> impl IntoView + use<> {
    let t = texts();
    // Follows the clock: a window starts while the page is open.
    let phase = {
        let window = window.clone();
        move || {
            maintenance_status_label(if window.is_in_progress(now.get()) {
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
        view! { <a class="sw-incident__link" href=href.to_owned() rel="noopener noreferrer">{t.badge.details}</a> }
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
