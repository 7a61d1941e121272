use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use super::incident_list::KeptListState;
use super::{
    CommunitySignal, ComponentList, FeedLastChecked, GuideSections, IncidentList, MaintenanceList,
    ReportButton, StatusBadge, SummaryLine,
};
use crate::feed_part::{part_of, same_component_names, same_incidents, same_report_button};
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
    /// How many days back resolved incidents are listed.
    days: u32,
) -> impl IntoView {
    let t = texts();
    let status = Memo::new(move |_| feed.with(|feed| feed.overall_status()));
    let title = part_of(
        feed,
        |a, b| a.service.name == b.service.name,
        move |feed| {
            view! { <h1 class="sw-header__name">{fill(t.page_title, &[&feed.service.name])}</h1> }
                .into_any()
        },
    );
    let notes = part_of(
        feed,
        |a, b| (&a.service, a.stale_since) == (&b.service, b.stale_since),
        move |feed| header_notes(&feed, demo),
    );
    let report_button = part_of(feed, same_report_button, |feed| {
        view! { <ReportButton feed /> }.into_any()
    });
    let community = part_of(
        feed,
        // The wording also depends on the official status ("while it is still operational").
        |a, b| {
            (&a.community, &a.report) == (&b.community, &b.report)
                && a.overall_status() == b.overall_status()
        },
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
    let kept = KeptListState::default();
    let incidents = part_of(feed, same_incidents, move |feed| {
        view! { <IncidentList feed now days kept /> }.into_any()
    });
    let maintenance = part_of(
        feed,
        |a, b| a.maintenances == b.maintenances && same_component_names(a, b),
        move |feed| view! { <MaintenanceList feed now /> }.into_any(),
    );
    let guide = part_of(
        feed,
        |a, b| a.guide == b.guide,
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
                <SummaryLine feed class="sw-header__summary" />
                <FeedLastChecked feed now />
                {notes}
                {report_button}
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

/// Source and demo notices and the links.
fn header_notes(feed: &Feed, demo: bool) -> AnyView {
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
        {stale}
        {demo.then(|| view! { <p class="sw-demo-note">{t.demo_note}</p> })}
        <p class="sw-header__links">
            {link(feed.service.url.as_ref(), t.website)}
            {link(feed.service.atom_url.as_ref(), t.atom_feed)}
        </p>
    }
    .into_any()
}
