use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use super::{
    CommunitySignal, ComponentList, GuideSections, IncidentList, LastChecked, MaintenanceList,
    ReportButton, StatusBadge,
};
use crate::intl;
use crate::messages::{fill, texts};

/// The whole status page for one feed: the header with the overall status, what visitors
/// report, components, incidents, maintenance and the guide. Sections the feed has nothing
/// for are left out, except components and incidents, whose absence is news.
///
/// Each part is rendered again only when what it shows changes, so a refresh that changes one
/// component leaves the rest of the page's DOM alone (and its live region in place).
#[component]
pub fn StatusPage(
    feed: Signal<Arc<Feed>>,
    now: ReadSignal<Timestamp>,
    #[prop(optional)] demo: bool,
) -> impl IntoView {
    let t = texts();
    let status = Memo::new(move |_| feed.with(|feed| feed.overall_status()));
    let title = part_of(
        feed,
        |feed| feed.service.name.clone(),
        move |feed| {
            view! { <h1 class="sw-header__name">{fill(t.page_title, &[&feed.service.name])}</h1> }
                .into_any()
        },
    );
    let details = part_of(
        feed,
        |feed| {
            let takes_reports = feed.report.is_some();
            (
                feed.service.clone(),
                feed.summary.clone(),
                feed.checked_at,
                feed.stale_since,
                takes_reports,
            )
        },
        move |feed| header_details(&feed, now, demo),
    );
    let community = part_of(
        feed,
        |feed| (feed.community.clone(), feed.report.clone()),
        move |feed| {
            feed.community
                .is_some()
                .then(|| {
                    view! {
                        <section class="sw-section" aria-labelledby="sw-community-heading">
                            <h2 id="sw-community-heading">{t.heading_community}</h2>
                            <CommunitySignal feed=feed.clone() now />
                        </section>
                    }
                })
                .into_any()
        },
    );
    let incidents = part_of(
        feed,
        |feed| (feed.incidents.clone(), component_names(feed)),
        move |feed| view! { <IncidentList feed now /> }.into_any(),
    );
    let maintenance = part_of(
        feed,
        |feed| (feed.maintenances.clone(), component_names(feed)),
        move |feed| {
            let current = !feed
                .current_and_upcoming_maintenances(now.get_untracked())
                .is_empty();
            current
                .then(|| {
                    view! {
                        <section class="sw-section" aria-labelledby="sw-maintenance-heading">
                            <h2 id="sw-maintenance-heading">{t.heading_maintenance}</h2>
                            <MaintenanceList feed now />
                        </section>
                    }
                })
                .into_any()
        },
    );
    let guide = part_of(
        feed,
        |feed| feed.guide.clone(),
        move |feed| {
            feed.guide
                .clone()
                .map(|guide| {
                    view! {
                        <section class="sw-section" aria-labelledby="sw-guide-heading">
                            <h2 id="sw-guide-heading">{t.heading_guide}</h2>
                            <GuideSections guide />
                        </section>
                    }
                })
                .into_any()
        },
    );
    view! {
        <div class="sw-status-page">
            <header class="sw-header">
                {title}
                <div class="sw-header__status" role="status">
                    {move || view! { <StatusBadge status=status.get() /> }}
                </div>
                {details}
            </header>
            {community}
            <section class="sw-section" aria-labelledby="sw-components-heading">
                <h2 id="sw-components-heading">{t.heading_components}</h2>
                <ComponentList feed now />
            </section>
            <section class="sw-section" aria-labelledby="sw-incidents-heading">
                <h2 id="sw-incidents-heading">{t.heading_incidents}</h2>
                {incidents}
            </section>
            {maintenance}
            {guide}
        </div>
    }
}

/// `render` of the feed, run again only when `part` of it changes.
fn part_of<T: PartialEq + Send + Sync + 'static>(
    feed: Signal<Arc<Feed>>,
    part: impl Fn(&Feed) -> T + Send + Sync + 'static,
    render: impl Fn(Arc<Feed>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let part = Memo::new(move |_| feed.with(|feed| part(feed)));
    move || {
        // Read, not just tracked: a memo never read is never computed, so it would never
        // learn of changes to the feed.
        part.with(|_| ());
        render(feed.get_untracked())
    }
}

/// What incidents and maintenance windows call components by.
fn component_names(feed: &Feed) -> Vec<(String, String)> {
    feed.components
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}

/// Summary, check time, source and demo notices, links and the report button.
fn header_details(feed: &Arc<Feed>, now: ReadSignal<Timestamp>, demo: bool) -> AnyView {
    let t = texts();
    let link = |url: Option<&status_feed::WebUrl>, label: &'static str| {
        url.and_then(|u| u.href()).map(|href| {
            view! { <a class="sw-header__link" href=href.to_owned() rel="noopener noreferrer">{label}</a> }
        })
    };
    let stale = feed.stale_since.map(|since| {
        view! {
            <p class="sw-stale" role="note" title=intl::absolute(since)>
                {fill(t.source_stale, &[&intl::short_date_time(since)])}
            </p>
        }
    });
    view! {
        {feed.summary.clone().map(|s| view! { <p class="sw-header__summary">{s}</p> })}
        <LastChecked checked_at=feed.checked_at now />
        {stale}
        {demo.then(|| view! { <p class="sw-demo-note">{t.demo_note}</p> })}
        <p class="sw-header__links">
            {link(feed.service.url.as_ref(), t.website)}
            {link(feed.service.atom_url.as_ref(), t.atom_feed)}
        </p>
        <ReportButton feed=feed.clone() />
    }
    .into_any()
}
