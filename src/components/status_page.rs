use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use super::{CommunitySignal, ComponentList, IncidentList, LastChecked, ReportButton, StatusBadge};

/// The whole status page for one feed: header with overall status, components, incidents.
#[component]
pub fn StatusPage(
    feed: Arc<Feed>,
    now: ReadSignal<Timestamp>,
    #[prop(optional)] demo: bool,
) -> impl IntoView {
    let status = feed.overall_status();
    let service_link = feed
        .service
        .url
        .as_ref()
        .and_then(|u| u.href())
        .map(|href| view! { <a class="sw-header__link" href=href.to_owned() rel="noopener noreferrer">"Website"</a> });
    view! {
        <div class="sw-status-page">
            <header class="sw-header">
                <h1 class="sw-header__name">{feed.service.name.clone()} " status"</h1>
                <div class="sw-header__status" role="status">
                    <StatusBadge status />
                </div>
                {feed.summary.clone().map(|s| view! { <p class="sw-header__summary">{s}</p> })}
                <LastChecked checked_at=feed.checked_at now />
                {demo.then(|| view! {
                    <p class="sw-demo-note">"Demo data: a made-up AI API, shown as if checked just now."</p>
                })}
                {service_link}
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
                <ComponentList feed=feed.clone() />
            </section>
            <section class="sw-section" aria-labelledby="sw-incidents-heading">
                <h2 id="sw-incidents-heading">"Incidents"</h2>
                <IncidentList feed=feed.clone() now />
            </section>
        </div>
    }
}
