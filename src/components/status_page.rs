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
#[component]
pub fn StatusPage(
    feed: Arc<Feed>,
    now: ReadSignal<Timestamp>,
    #[prop(optional)] demo: bool,
) -> impl IntoView {
    let status = feed.overall_status();
    let t = texts();
    let link = |url: Option<&status_feed::WebUrl>, label: &'static str| {
        url.and_then(|u| u.href()).map(|href| {
            view! { <a class="sw-header__link" href=href.to_owned() rel="noopener noreferrer">{label}</a> }
        })
    };
    let links = view! {
        <p class="sw-header__links">
            {link(feed.service.url.as_ref(), t.website)}
            {link(feed.service.atom_url.as_ref(), t.atom_feed)}
        </p>
    };
    let stale = feed.stale_since.map(|since| {
        view! {
            <p class="sw-stale" role="note" title=intl::absolute(since)>
                {fill(t.source_stale, &[&intl::short_date_time(since)])}
            </p>
        }
    });
    let has_maintenance = !feed
        .current_and_upcoming_maintenances(now.get_untracked())
        .is_empty();
    view! {
        <div class="sw-status-page">
            <header class="sw-header">
                <h1 class="sw-header__name">{fill(t.page_title, &[&feed.service.name])}</h1>
                <div class="sw-header__status" role="status">
                    <StatusBadge status />
                </div>
                {feed.summary.clone().map(|s| view! { <p class="sw-header__summary">{s}</p> })}
                <LastChecked checked_at=feed.checked_at now />
                {stale}
                {demo.then(|| view! {
                    <p class="sw-demo-note">{t.demo_note}</p>
                })}
                {links}
                <ReportButton feed=feed.clone() />
            </header>
            {feed.community.is_some().then(|| view! {
                <section class="sw-section" aria-labelledby="sw-community-heading">
                    <h2 id="sw-community-heading">{t.heading_community}</h2>
                    <CommunitySignal feed=feed.clone() now />
                </section>
            })}
            <section class="sw-section" aria-labelledby="sw-components-heading">
                <h2 id="sw-components-heading">{t.heading_components}</h2>
                <ComponentList feed=feed.clone() now />
            </section>
            <section class="sw-section" aria-labelledby="sw-incidents-heading">
                <h2 id="sw-incidents-heading">{t.heading_incidents}</h2>
                <IncidentList feed=feed.clone() now />
            </section>
            {has_maintenance.then(|| view! {
                <section class="sw-section" aria-labelledby="sw-maintenance-heading">
                    <h2 id="sw-maintenance-heading">{t.heading_maintenance}</h2>
                    <MaintenanceList feed=feed.clone() now />
                </section>
            })}
            {feed.guide.clone().map(|guide| view! {
                <section class="sw-section" aria-labelledby="sw-guide-heading">
                    <h2 id="sw-guide-heading">{t.heading_guide}</h2>
                    <GuideSections guide />
                </section>
            })}
        </div>
    }
}
