use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, WebUrl};

use send_wrapper::SendWrapper;

use super::{
    ComponentList, ErrorState, FeedLastChecked, FreshnessNotice, IncidentCard, LoadingState,
    ReportButton, ReportDialog, ReportDialogHandle, StatusBadge, StatusPage, SummaryLine, Toast,
};
use crate::clock::ticking_now;
use crate::feed_hub;
use crate::feed_loader::FeedSource;
use crate::feed_part::{part_of, same_incidents, same_report_button};
use crate::intl;
use crate::live_feed::LiveFeed;
use crate::messages::{Locale, fill, texts};
use crate::widget_options::{WidgetOptions, WidgetView};

/// One widget: the view its options ask for, over the shared live feed it names. The root
/// element carries the theme and view classes and resets everything a host page could pass
/// down. The feed is held for as long as the widget is mounted.
#[component]
pub fn Widget(
    options: WidgetOptions,
    /// The standalone page is the whole document: its language and title follow the widget's.
    /// Embedded widgets leave the host's alone.
    #[prop(optional)]
    names_the_document: bool,
    /// Opens this widget's report dialog from outside: stage one draws the `report` view's
    /// button itself and hands over only the dialog, which then comes without a button.
    #[prop(optional)]
    report_handle: Option<ReportDialogHandle>,
) -> impl IntoView {
    let subscription = feed_hub::subscribe(options.source.clone(), options.refresh);
    let live = subscription.live;
    let held = SendWrapper::new(subscription);
    on_cleanup(move || drop(held.take()));
    let now = ticking_now();
    let locale = Locale::choose(
        options
            .lang
            .iter()
            .cloned()
            .chain(browser_languages())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    let lang = locale.tag.to_string();
    provide_context(locale);
    if names_the_document {
        name_the_document(&lang, live);
    }
    if options.view != WidgetView::Badge {
        // Timers run after the feed's request has started.
        let owner = Owner::current();
        set_timeout(
            move || owner.map_or_else(intl::prepare, |owner| owner.with(intl::prepare)),
            std::time::Duration::ZERO,
        );
    }
    let class = format!(
        "sw-root sw-view-{} sw-theme-{}",
        options.view.as_str(),
        options.theme.as_str()
    );
    let demo = options.source == FeedSource::Demo;
    let feed_url = options.source.url();
    let has_data = Signal::derive(move || live.feed.with(Option::is_some));
    // Rendered once beside the view, not inside it: a refresh re-renders the view, and must
    // not close the dialog or drop what the visitor typed.
    let report_dialog = (options.report
        && matches!(
            options.view,
            WidgetView::Compact | WidgetView::Full | WidgetView::Report
        ))
    .then(|| {
        let handle = report_handle.unwrap_or_default();
        provide_context(handle);
        let shows_signal = options.view == WidgetView::Full;
        view! { <ReportDialog live handle now demo shows_signal /> }
    });
    let body = match options.view {
        WidgetView::Badge => view! { <BadgeLine live href=options.href /> }.into_any(),
        WidgetView::Toast => view! { <Toast live feed_url now /> }.into_any(),
        WidgetView::Report if report_handle.is_some() => ().into_any(),
        WidgetView::Report => (move || {
            live.feed.get().map(|feed| view! { <ReportButton feed /> })
        })
        .into_any(),
        WidgetView::Compact => view! {
            <FreshnessNotice health=live.health now has_data />
            {feed_or_state(live, feed_url, Box::new(move |feed| view! { <CompactStatus feed now /> }.into_any()))}
        }
        .into_any(),
        WidgetView::Full => view! {
            <FreshnessNotice health=live.health now has_data />
            {feed_or_state(live, feed_url, Box::new(move |feed| view! { <StatusPage feed now demo days=options.days /> }.into_any()))}
        }
        .into_any(),
    };
    view! { <div class=class lang=lang>{body}{report_dialog}</div> }
}

/// Sets the document's language, and its title to the service's once the feed is read.
fn name_the_document(lang: &str, live: LiveFeed) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang);
    }
    Effect::new(move || {
        let Some(feed) = live.feed.get() else { return };
        let title = fill(texts().page_title, &[&feed.service.name]);
        // Set only when it changes: a refresh must not touch the document.
        let document = document();
        if document.title() != title {
            document.set_title(&title);
        }
    });
}

/// The visitor's languages, most preferred first, as the browser states them.
fn browser_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|language| language.as_string())
        .collect()
}

/// The feed rendered by `render` once there is one; before that, loading or why not. `render`
/// runs once, with the feed as a signal, so views decide themselves what a change re-renders.
/// Takes the renderer as a trait object so the fallback views exist once in the bundle, not
/// once per caller.
fn feed_or_state(
    live: LiveFeed,
    feed_url: String,
    render: Box<dyn Fn(Signal<Arc<Feed>>) -> AnyView + Send + Sync>,
) -> impl IntoView {
    let has_feed = Memo::new(move |_| live.feed.with(Option::is_some));
    view! {
        {move || {
            has_feed.get().then(|| {
                // The feed, once shown, is only ever replaced by a newer one, never removed.
                let first = live.feed.get_untracked()?;
                let feed = Signal::derive(move || live.feed.get().unwrap_or_else(|| first.clone()));
                Some(render(feed))
            })
        }}
        {move || {
            if live.feed.with(Option::is_some) {
                return None;
            }
            Some(match live.health.with(|health| health.problem.clone()) {
                Some(error) => view! { <ErrorState error feed_url=feed_url.clone() /> }.into_any(),
                None => view! { <LoadingState /> }.into_any(),
            })
        }}
    }
}

/// Service name and status on one line; a link to the full status page when there is one.
#[component]
fn BadgeLine(live: LiveFeed, href: Option<String>) -> impl IntoView {
    move || {
        let Some(feed) = live.feed.get() else {
            let label = if live.health.with(|h| h.problem.is_some()) {
                texts().badge.unavailable
            } else {
                texts().badge.loading
            };
            return view! { <span class="sw-badge-line sw-badge-line--pending">{label}</span> }
                .into_any();
        };
        let status = feed.overall_status();
        let content = view! {
            <span class="sw-badge-line__name">{feed.service.name.clone()}</span>
            <StatusBadge status />
        };
        let target = href
            .as_deref()
            .and_then(|href| WebUrl::parse(href).ok())
            .or_else(|| feed.service.status_page_url.clone())
            .and_then(|url| url.href().map(str::to_owned));
        match target {
            Some(target) => view! {
                <a class="sw-badge-line" href=target rel="noopener noreferrer">{content}</a>
            }
            .into_any(),
            None => view! { <span class="sw-badge-line">{content}</span> }.into_any(),
        }
    }
}

/// The badge line, the components and what is going wrong now; like the full page, each part
/// re-renders only when what it shows changes.
#[component]
fn CompactStatus(
    feed: Signal<Arc<Feed>>,
    now: ReadSignal<status_feed::Timestamp>,
) -> impl IntoView {
    let status = Memo::new(move |_| feed.with(|feed| feed.overall_status()));
    let name = part_of(
        feed,
        |a, b| a.service.name == b.service.name,
        |feed| {
            view! { <span class="sw-compact__name">{feed.service.name.clone()}</span> }.into_any()
        },
    );
    let report_button = part_of(feed, same_report_button, |feed| {
        view! { <ReportButton feed /> }.into_any()
    });
    let incidents = part_of(feed, same_incidents, move |feed| {
        feed.active_incidents()
                .into_iter()
                .map(|incident| view! { <IncidentCard incident=incident.clone() feed=feed.clone() now /> })
                .collect_view()
                .into_any()
    });
    let more = part_of(
        feed,
        |a, b| a.service.status_page_url == b.service.status_page_url,
        |feed| {
            feed.service
                .status_page_url
                .as_ref()
                .and_then(|u| u.href())
                .map(|href| {
                    view! { <a class="sw-compact__more" href=href.to_owned() rel="noopener noreferrer">{texts().full_status_page}</a> }
                })
                .into_any()
        },
    );
    view! {
        <div class="sw-compact">
            <div class="sw-compact__header">
                {name}
                <span role="status">{move || view! { <StatusBadge status=status.get() /> }}</span>
            </div>
            <SummaryLine feed class="sw-compact__summary" />
            <FeedLastChecked feed now />
            {report_button}
            <ComponentList feed now />
            {incidents}
            {more}
        </div>
    }
}
