use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use super::{
    CommunitySignal, ComponentList, GuideSections, IncidentList, LastChecked, MaintenanceList,
    ReportButton, StatusBadge,
};
use crate::intl;

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
    let link = |url: Option<&status_feed::WebUrl>, label: &'static str| {
        url.and_then(|u| u.href()).map(|href| {
            view! { <a class="sw-header__link" href=href.to_owned() rel="noopener noreferrer">{label}</a> }
        })
    };
    let links = view! {
        <p class="sw-header__links">
            {link(feed.service.url.as_ref(), "Website")}
            {link(feed.service.atom_url.as_ref(), "Incidents as an Atom feed")}
        </p>
    };
    let stale = feed.stale_since.map(|since| {
        view! {
            <p class="sw-stale" role="note">
                "The source of this status has not answered since "
                <time datetime=intl::iso(since) title=intl::absolute(since)>{intl::short_date_time(since)}</time>
                "; this is the last status it gave."
            </p>
        }
    });
    let has_maintenance = !feed
        .current_and_upcoming_maintenances(now.get_untracked())
        .is_empty();
    view! {
        <div class="sw-status-page">
            <header class="sw-header">
                <h1 class="sw-header__name">{feed.service.name.clone()} " status"</h1>
                <div class="sw-header__status" role="status">
                    <StatusBadge status />
                </div>
                {feed.summary.clone().map(|s| view! { <p class="sw-header__summary">{s}</p> })}
                <LastChecked checked_at=feed.checked_at now />
                {stale}
                {demo.then(|| view! {
                    <p class="sw-demo-note">"Demo data: a made-up AI API, shown as if checked just now."</p>
                })}
                {links}
                <ReportButton feed=feed.clone() />
            </header>
            {feed.community.is_some().then(|| view! {
                <section class="sw-section" aria-labelledby="sw-community-heading">
                    <h2 id="sw-community-heading">"What we're seeing right now"</h2>
                    <CommunitySignal feed=feed.clone() now />
                </section>
            })}
            <section class="sw-section" aria-labelledby="sw-components-heading">
                <h2 id="sw-components-heading">"Components"</h2>
                <ComponentList feed=feed.clone() now />
            </section>
            <section class="sw-section" aria-labelledby="sw-incidents-heading">
                <h2 id="sw-incidents-heading">"Incidents"</h2>
                <IncidentList feed=feed.clone() now />
            </section>
            {has_maintenance.then(|| view! {
                <section class="sw-section" aria-labelledby="sw-maintenance-heading">
                    <h2 id="sw-maintenance-heading">"Scheduled maintenance"</h2>
                    <MaintenanceList feed=feed.clone() now />
                </section>
            })}
            {feed.guide.clone().map(|guide| view! {
                <section class="sw-section" aria-labelledby="sw-guide-heading">
                    <h2 id="sw-guide-heading">"About these errors"</h2>
                    <GuideSections guide />
                </section>
            })}
        </div>
    }
}
