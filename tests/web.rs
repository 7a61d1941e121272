//! Browser tests: components mounted into a real DOM in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Status, Timestamp, parse_feed};
use status_widget::components::{
    CommunitySignal, ComponentList, ErrorState, GuideSections, IncidentList, LastChecked,
    LoadingState, MaintenanceList, ReportDialog, ReportDialogHandle, StatusBadge, UptimeHistory,
};
use status_widget::feed_loader::{FeedSource, LoadError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn scratch() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    wasm_bindgen::JsCast::unchecked_into(element)
}

fn feed(json: &str) -> Arc<Feed> {
    Arc::new(parse_feed(json.as_bytes()).unwrap().feed)
}

const FEED: &str = r#"{
    "version": 1,
    "service": {"name": "Example"},
    "groups": [{"id": "api", "name": "API"}],
    "components": [
        {"id": "rest", "name": "REST", "status": "degraded", "group": "api"},
        {"id": "web", "name": "<b>Website</b>", "status": "operational", "description": "The marketing site"},
        {"id": "quiet", "name": "Quiet", "status": "operational", "only_show_if_degraded": true}
    ],
    "incidents": [
        {"id": "open", "title": "Errors on REST", "impact": "major", "status": "investigating",
         "started_at": "2026-11-27T08:00:00Z", "components": ["rest"],
         "updates": [{"at": "2026-11-27T08:05:00Z", "status": "investigating", "body": "Looking into it."}]},
        {"id": "old", "title": "Old and resolved", "impact": "minor", "status": "resolved",
         "started_at": "2026-11-20T08:00:00Z", "resolved_at": "2026-11-20T09:10:00Z"}
    ]
}"#;

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

fn fixed_now() -> ReadSignal<Timestamp> {
    signal(at("2026-11-27T09:00:00Z")).0
}

/// Opens a `<details>` as a click on its summary would, toggle event included.
fn unfold(details: &web_sys::Element) {
    details.set_attribute("open", "").unwrap();
    details
        .dispatch_event(&web_sys::Event::new("toggle").unwrap())
        .unwrap();
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|index| {
            nodes
                .item(index)
                .unwrap()
                .text_content()
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
fn badge_says_the_status_in_words_with_a_class_per_status() {
    let host = scratch();
    let _handle = mount_to(
        host.clone(),
        || view! { <StatusBadge status=Status::PartialOutage /> },
    );
    assert_eq!(host.text_content().unwrap(), "◐Partial outage");
    let badge = host.query_selector(".sw-badge--partial_outage").unwrap();
    assert!(badge.is_some());
    let icon = host.query_selector(".sw-badge__icon").unwrap().unwrap();
    assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
fn component_list_groups_members_and_hides_quiet_ones() {
    let host = scratch();
    let feed = feed(FEED);
    let _handle = mount_to(
        host.clone(),
        move || view! { <ComponentList feed=Signal::stored(feed.clone()) now=fixed_now() /> },
    );
    let group = host.query_selector(".sw-group").unwrap().unwrap();
    assert!(
        group
            .text_content()
            .unwrap()
            .starts_with("API!Degraded performance")
    );
    assert!(group.text_content().unwrap().contains("REST"));
    let rows = host.query_selector_all(".sw-component").unwrap();
    assert_eq!(
        rows.length(),
        2,
        "only_show_if_degraded hides the operational component"
    );
    let text = host.text_content().unwrap();
    assert!(
        text.contains("<b>Website</b>"),
        "markup in names stays text: {text}"
    );
    assert!(host.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
fn component_list_says_when_it_is_empty() {
    let cases = [
        (
            r#"{"version": 1, "service": {"name": "Empty"}}"#,
            "This feed lists no components.",
        ),
        (
            r#"{"version": 1, "service": {"name": "Quiet"}, "components": [
                {"id": "q", "name": "Q", "status": "operational", "only_show_if_degraded": true}]}"#,
            "All components are operational.",
        ),
    ];
    for (json, expected) in cases {
        let host = scratch();
        let listed = feed(json);
        let _handle = mount_to(
            host.clone(),
            move || view! { <ComponentList feed=Signal::stored(listed.clone()) now=fixed_now() /> },
        );
        assert_eq!(host.text_content().unwrap(), expected);
    }
}

#[wasm_bindgen_test]
fn incident_list_puts_ongoing_first_and_opens_their_updates() {
    let host = scratch();
    let feed = feed(FEED);
    let (now, _) = signal(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=feed.clone() now days=30 /> },
    );
    let cards = host.query_selector_all(".sw-incident").unwrap();
    assert_eq!(cards.length(), 2);
    let first = host.query_selector(".sw-incident").unwrap().unwrap();
    assert_eq!(
        first.get_attribute("data-incident").as_deref(),
        Some("open")
    );
    let text = first.text_content().unwrap();
    assert!(
        text.contains("Errors on REST") && text.contains("Affects: REST"),
        "{text}"
    );
    assert!(text.contains("Looking into it."), "{text}");
    let details = first.query_selector("details").unwrap().unwrap();
    assert!(
        details.has_attribute("open"),
        "updates of an ongoing incident are expanded"
    );
    let resolved = host.query_selector("[data-incident=old] details").unwrap();
    assert!(resolved.is_none(), "no updates, no disclosure");
}

#[wasm_bindgen_test]
fn incident_list_says_when_there_is_nothing_recent() {
    let host = scratch();
    let feed = feed(FEED);
    let (much_later, _) = signal(at("2027-06-01T00:00:00Z"));
    let only_old = Arc::new(Feed {
        incidents: feed.incidents[1..].to_vec(),
        ..(*feed).clone()
    });
    let (shorter, for_one_day) = (only_old.clone(), only_old.clone());
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=shorter.clone() now=much_later days=30 /> },
    );
    assert_eq!(
        host.text_content().unwrap(),
        "No incidents in the past 30 days."
    );
    // The window is the widget's `days` setting: a year reaches back to November.
    let longer = scratch();
    let _longer = mount_to(
        longer.clone(),
        move || view! { <IncidentList feed=only_old.clone() now=much_later days=365 /> },
    );
    assert_eq!(texts(&longer, ".sw-incidents__heading"), ["Past 365 days"]);
    assert_eq!(texts(&longer, "[data-incident] h4"), ["Old and resolved"]);
    let one_day = scratch();
    let _one_day = mount_to(
        one_day.clone(),
        move || view! { <IncidentList feed=for_one_day.clone() now=much_later days=1 /> },
    );
    assert_eq!(
        one_day.text_content().unwrap(),
        "No incidents in the past day."
    );
}

#[wasm_bindgen_test]
async fn last_checked_words_the_age_and_keeps_the_exact_time() {
    let host = scratch();
    let (now, set_now) = signal(at("2026-11-27T09:21:00Z"));
    let checked = Some(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <LastChecked checked_at=checked now /> },
    );
    let time = host.query_selector("time").unwrap().unwrap();
    assert_eq!(time.text_content().unwrap(), "21 minutes ago");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-27T09:00:00.000Z")
    );
    assert!(time.get_attribute("title").unwrap().contains("2026"));
    set_now.set(at("2026-11-27T11:00:00Z"));
    leptos::task::tick().await;
    assert_eq!(
        time.text_content().unwrap(),
        "2 hours ago",
        "updates as time passes"
    );
    set_now.set(at("2026-11-27T08:59:30Z"));
    leptos::task::tick().await;
    assert_eq!(
        time.text_content().unwrap(),
        "now",
        "a check time ahead of the visitor's clock is not in the future"
    );
}

#[wasm_bindgen_test]
fn error_state_explains_and_names_the_feed() {
    let host = scratch();
    let error = LoadError::Http {
        status: 503,
        status_text: "Service Unavailable".into(),
        retry_after: None,
    };
    let _handle = mount_to(host.clone(), move || {
        view! { <ErrorState error=error.clone() feed_url="https://example.com/feed.json".to_owned() /> }
    });
    let alert = host.query_selector("[role=alert]").unwrap().unwrap();
    let text = alert.text_content().unwrap();
    assert!(text.contains("HTTP 503 Service Unavailable"), "{text}");
    assert!(text.contains("https://example.com/feed.json"), "{text}");
}

#[wasm_bindgen_test]
fn feed_source_comes_from_the_query_string() {
    assert_eq!(FeedSource::from_query(""), FeedSource::Demo);
    assert_eq!(FeedSource::from_query("?feed="), FeedSource::Demo);
    assert_eq!(
        FeedSource::from_query("?feed=https%3A%2F%2Fexample.com%2Fstatus.json&view=full"),
        FeedSource::Url("https://example.com/status.json".into())
    );
}

#[wasm_bindgen_test]
async fn freshness_notice_announces_each_state_once_and_ticks_outside_the_live_region() {
    use status_widget::components::FreshnessNotice;
    use status_widget::feed_loader::Health;

    let host = scratch();
    let now_time = status_widget::clock::now();
    let minutes_ago = |minutes: i64| Some(now_time.shifted(-minutes * 60_000));
    let (health, set_health) = signal(Health::default());
    let (now, set_now) = signal(now_time);
    let (has_data, set_has_data) = signal(true);
    let _handle = mount_to(host.clone(), move || {
        view! { <FreshnessNotice health now has_data=Signal::from(has_data) /> }
    });
    let region = host.query_selector("[aria-live=polite]").unwrap().unwrap();
    let detail = || texts(&host, ".sw-freshness__detail").concat();
    assert_eq!(
        host.text_content().unwrap(),
        "",
        "live data needs no notice"
    );

    set_health.set(Health {
        confirmed_at: minutes_ago(14),
        from_saved_copy: true,
        ..Health::default()
    });
    leptos::task::tick().await;
    assert_eq!(
        region.text_content().unwrap(),
        "Showing a saved copy while the status feed loads."
    );
    assert_eq!(detail(), "Data from 14 minutes ago.");

    set_health.set(Health {
        confirmed_at: minutes_ago(14),
        problem: Some(LoadError::Timeout),
        next_try: Some(now_time.shifted(30_500)),
        ..Health::default()
    });
    leptos::task::tick().await;
    let announced = region.text_content().unwrap();
    assert_eq!(
        announced,
        "Showing older data: the status feed is not responding."
    );
    assert!(
        detail().starts_with("Data from 14 minutes ago. Next try in 3"),
        "{}",
        detail()
    );

    // Time passes with no news: the detail line moves on, the live region is left alone.
    let observed = std::rc::Rc::new(std::cell::Cell::new(0));
    let count = observed.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(
        move |records: js_sys::Array| count.set(count.get() + records.length()),
    );
    let observer =
        web_sys::MutationObserver::new(wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()))
            .unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_child_list(true);
    options.set_character_data(true);
    observer.observe_with_options(&region, &options).unwrap();
    set_now.set(now_time.shifted(60_000));
    leptos::task::tick().await;
    next_frame().await;
    observer.disconnect();
    assert_eq!(observed.get(), 0, "nothing re-announced");
    assert_eq!(region.text_content().unwrap(), announced);

    set_has_data.set(false);
    leptos::task::tick().await;
    assert_eq!(region.text_content().unwrap(), "");
    assert!(detail().starts_with("Next try in"), "{}", detail());
}

#[wasm_bindgen_test]
async fn component_list_renders_many_components_folding_quiet_groups() {
    let host = scratch();
    let long_name = "x".repeat(150);
    // Group 0 has a degraded member; the other nine are all operational.
    let components: Vec<String> = (0..300)
        .map(|i| {
            let status = if i == 0 { "degraded" } else { "operational" };
            format!(r#"{{"id": "c{i}", "name": "{long_name}{i}", "status": "{status}", "group": "g{}"}}"#, i % 10)
        })
        .collect();
    let groups: Vec<String> = (0..10)
        .map(|g| format!(r#"{{"id": "g{g}", "name": "Group {g}"}}"#))
        .collect();
    let many = |components: &[String]| {
        feed(&format!(
            r#"{{"version": 1, "service": {{"name": "Many"}}, "groups": [{}], "components": [{}]}}"#,
            groups.join(","),
            components.join(",")
        ))
    };
    let (current, set_current) = signal(many(&components));
    let _handle = mount_to(
        host.clone(),
        move || view! { <ComponentList feed=Signal::from(current) now=fixed_now() /> },
    );
    // A long list opens on what is wrong: quiet groups start folded, rows not yet made.
    let count = |selector: &str| host.query_selector_all(selector).unwrap().length();
    assert_eq!(count(".sw-group details[open]"), 1);
    assert_eq!(count(".sw-component"), 30);
    let first = host.query_selector("[data-component=c0]").unwrap().unwrap();
    assert!(first.text_content().unwrap().starts_with(&long_name));
    let quiet = host
        .query_selector("[data-group=g1] details")
        .unwrap()
        .unwrap();
    unfold(&quiet);
    leptos::task::tick().await;
    assert_eq!(count(".sw-component"), 60);

    // A new component changes the list's shape and rebuilds it: the group the visitor opened
    // stays open, with its rows.
    let mut more = components.clone();
    more.push(r#"{"id": "new", "name": "New", "status": "operational", "group": "g0"}"#.into());
    set_current.set(many(&more));
    leptos::task::tick().await;
    assert!(quiet.has_attribute("open"));
    assert_eq!(count(".sw-group details[open]"), 2);
    assert_eq!(count(".sw-component"), 61);
}

#[wasm_bindgen_test]
fn history_bars_show_each_day_and_nothing_without_history() {
    let host = scratch();
    let feed = feed(
        r#"{"version": 1, "service": {"name": "H"}, "components": [
            {"id": "a", "name": "A", "status": "operational", "uptime_percent": 99.5,
             "history": [{"date": "2026-11-25", "status": "major_outage", "downtime_minutes": 30},
                         {"date": "2026-11-27", "status": "operational"}]},
            {"id": "b", "name": "B", "status": "operational"}]}"#,
    );
    let today = at("2026-11-27T09:00:00Z").utc_date();
    let with_history = feed.components[0].clone();
    let without = feed.components[1].clone();
    let _handle = mount_to(host.clone(), move || {
        view! {
            <UptimeHistory component=with_history.clone() today />
            <UptimeHistory component=without.clone() today />
        }
    });
    assert_eq!(host.query_selector_all(".sw-history").unwrap().length(), 1);
    let bars = host.query_selector(".sw-history__bars").unwrap().unwrap();
    assert_eq!(
        bars.get_attribute("aria-label").as_deref(),
        Some("Last 90 days: 1 with problems, 99.5% uptime. Nov 25: Major outage, 30 min down")
    );
    let titles = texts(&host, "rect title");
    assert_eq!(titles.len(), 90);
    assert_eq!(titles[87], "Nov 25: Major outage, 30 min down");
    assert_eq!(titles[88], "Nov 26: no data");
    assert_eq!(titles[89], "Nov 27: Operational");
    assert_eq!(
        host.query_selector_all(".sw-day--none").unwrap().length(),
        88
    );
}

#[wasm_bindgen_test]
async fn maintenance_lists_only_current_and_upcoming_windows_as_the_clock_moves() {
    let host = scratch();
    let feed = feed(
        r#"{"version": 1, "service": {"name": "M"},
            "components": [{"id": "db", "name": "Database", "status": "operational"}],
            "maintenances": [
              {"id": "past", "title": "Done", "status": "completed",
               "starts_at": "2026-11-20T10:00:00Z", "ends_at": "2026-11-20T11:00:00Z"},
              {"id": "now", "title": "Upgrading", "status": "in_progress",
               "starts_at": "2026-11-27T08:30:00Z", "ends_at": "2026-11-27T10:00:00Z", "components": ["db"],
               "updates": [{"at": "2026-11-27T08:30:00Z", "status": "in_progress", "body": "Started."}]},
              {"id": "later", "title": "Next week", "status": "scheduled",
               "starts_at": "2026-12-04T10:00:00Z", "ends_at": "2026-12-04T11:00:00Z"}]}"#,
    );
    let (now, set_now) = signal(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <MaintenanceList feed=feed.clone() now /> },
    );
    assert_eq!(texts(&host, "h2"), ["Scheduled maintenance"]);
    let titles = texts(&host, "[data-maintenance] h3");
    assert_eq!(titles, ["Upgrading", "Next week"]);
    let current = texts(&host, "[data-maintenance=now]").concat();
    assert!(
        current.contains("In progress") && current.contains("Affects: Database"),
        "{current}"
    );
    assert!(current.contains("Started."), "{current}");
    assert!(
        texts(&host, "[data-maintenance=later]")
            .concat()
            .contains("Scheduled")
    );

    // With the same feed: a window its publisher calls in progress stays past its planned
    // end; a scheduled one starts and ends by the clock.
    set_now.set(at("2026-11-27T10:00:01Z"));
    leptos::task::tick().await;
    assert_eq!(
        texts(&host, "[data-maintenance] h3"),
        ["Upgrading", "Next week"]
    );
    set_now.set(at("2026-12-04T10:30:00Z"));
    leptos::task::tick().await;
    assert!(
        texts(&host, "[data-maintenance=later]")
            .concat()
            .contains("In progress")
    );
    set_now.set(at("2026-12-04T11:00:01Z"));
    leptos::task::tick().await;
    assert_eq!(texts(&host, "[data-maintenance] h3"), ["Upgrading"]);
}

#[wasm_bindgen_test]
fn the_guide_shows_only_what_it_has_and_safe_links() {
    let host = scratch();
    let feed = feed(
        r#"{"version": 1, "service": {"name": "G"}, "guide": {
            "meaning": "5xx means us, not you.",
            "signatures": [{"signature": "HTTP 503", "meaning": "Overloaded."}],
            "fixes": ["Retry with exponential backoff."],
            "links": [{"title": "Docs", "url": "https://example.com/docs"},
                      {"title": "Evil", "url": "javascript:alert(1)"}],
            "faq": [{"question": "Is it my key?", "answer": "No."}]}}"#,
    );
    let guide = feed.guide.clone().unwrap();
    let _handle = mount_to(
        host.clone(),
        move || view! { <GuideSections guide=guide.clone() /> },
    );
    assert_eq!(
        texts(&host, "h3"),
        [
            "Error signatures",
            "How to fix it",
            "Resources",
            "Frequently asked questions"
        ],
        "no heading for causes, which the feed does not give"
    );
    assert_eq!(texts(&host, "dt"), ["HTTP 503"]);
    let links = host.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "the javascript: link is not rendered");
    let faq = host.query_selector("details.sw-faq").unwrap().unwrap();
    assert!(!faq.has_attribute("open"));
    assert_eq!(texts(&host, "details.sw-faq summary"), ["Is it my key?"]);
}

fn community_feed(reports: &[u32], baseline: &str, level: &str, status: &str) -> Arc<Feed> {
    let buckets: Vec<String> = reports
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let minutes = 45 + i * 5;
            format!(
                r#"{{"start": "2026-11-27T0{}:{:02}:00Z", "reports": {n}, "symptoms": {{"503": {n}}}}}"#,
                8 + minutes / 60,
                minutes % 60
            )
        })
        .collect();
    feed(&format!(
        r#"{{"version": 1, "service": {{"name": "C"}}, "status": "{status}",
            "community": {{"bucket_seconds": 300, "buckets": [{}] {baseline} {level}}},
            "report": {{"url": "https://example.com/r", "symptoms": [{{"id": "503", "label": "HTTP 503"}}]}}}}"#,
        buckets.join(",")
    ))
}

#[wasm_bindgen_test]
fn the_community_signal_words_reports_without_claiming_an_outage() {
    let cases = [
        (
            vec![0, 0, 0],
            "",
            "",
            "operational",
            "No reports from visitors in the last 15 min.",
        ),
        (
            vec![0, 1, 0],
            r#", "baseline": 1"#,
            "",
            "operational",
            "1 report from visitors in the last 15 min, about the usual number.",
        ),
        (
            vec![4, 4, 4],
            r#", "baseline": 1"#,
            r#", "level": "elevated""#,
            "operational",
            "12 reports from visitors in the last 15 min, about 4× the usual.",
        ),
        (
            vec![1, 2, 0],
            r#", "baseline": 0"#,
            "",
            "degraded",
            "3 reports from visitors in the last 15 min, where there are usually none.",
        ),
        (
            vec![1000, 234, 0],
            "",
            "",
            "major_outage",
            "1,234 reports from visitors in the last 15 min.",
        ),
    ];
    let (now, _) = signal(at("2026-11-27T09:00:00Z"));
    for (reports, baseline, level, status, headline) in cases {
        let host = scratch();
        let feed = community_feed(&reports, baseline, level, status);
        let _handle = mount_to(
            host.clone(),
            move || view! { <CommunitySignal feed=feed.clone() now /> },
        );
        assert_eq!(texts(&host, ".sw-community__headline"), [headline]);
        let total: u32 = reports.iter().sum();
        assert_eq!(
            host.query_selector(".sw-chart").unwrap().is_some(),
            total > 0
        );
        if !level.is_empty() {
            assert_eq!(
                texts(&host, ".sw-community__level"),
                [
                    "More visitors than usual report problems, while the official status is still operational."
                ]
            );
        }
        if total > 0 {
            let caveat = texts(&host, ".sw-community__caveat").concat();
            assert!(caveat.contains("do not mean an outage"), "{caveat}");
            let plot = host.query_selector(".sw-chart__plot").unwrap().unwrap();
            let label = plot.get_attribute("aria-label").unwrap();
            // The axis ends where the last bucket does, not at "now".
            let axis = texts(&host, ".sw-chart__axis > span");
            assert_eq!(
                axis.last(),
                Some(&status_widget::intl::short_date_time(at(
                    "2026-11-27T09:00:00Z"
                )))
            );
            let all = status_widget::intl::count(total.into());
            assert!(label.contains(&format!("{all} in all")), "{label}");
            assert_eq!(
                texts(&host, ".sw-chart__legend li"),
                [format!(
                    "HTTP 503: {}",
                    status_widget::intl::count(total.into())
                )]
            );
        }
    }
}

#[wasm_bindgen_test]
fn loading_state_is_announced() {
    let host = scratch();
    let _handle = mount_to(host.clone(), || view! { <LoadingState /> });
    let status = host.query_selector("[role=status]").unwrap().unwrap();
    assert_eq!(status.text_content().unwrap(), "Loading status…");
}

#[wasm_bindgen_test]
async fn the_report_dialog_offers_the_feeds_choices_and_checks_the_note() {
    use status_widget::feed_loader::Health;
    use status_widget::live_feed::LiveFeed;
    use status_widget::report_client::remember_reported;

    let host = scratch();
    let feed = feed(
        r#"{"version": 1, "service": {"name": "R"},
            "components": [{"id": "web", "name": "Website", "status": "operational"},
                           {"id": "api", "name": "API", "status": "major_outage"}],
            "report": {"url": "https://reports.example/api/reports/r", "once_per_minutes": 10,
                       "symptoms": [{"id": "500", "label": "HTTP 500"}, {"id": "slow", "label": "Slow"}]}}"#,
    );
    let live = LiveFeed {
        feed: signal(Some(feed)).0,
        health: signal(Health::default()).0,
    };
    let handle = ReportDialogHandle::default();
    let _mounted = mount_to(
        host.clone(),
        move || view! { <ReportDialog live handle now=fixed_now() demo=false shows_signal=true /> },
    );
    leptos::task::tick().await;
    assert!(
        texts(&host, "option").is_empty(),
        "the components are listed only once the dialog opens"
    );
    handle.open();
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::unchecked_into(host.query_selector("select").unwrap().unwrap());
    assert_eq!(
        select.value(),
        "api",
        "the component in trouble is offered first"
    );
    assert_eq!(texts(&host, "option"), ["Website", "API"]);
    assert_eq!(texts(&host, ".sw-report__choice"), ["HTTP 500", "Slow"]);

    let note: web_sys::HtmlTextAreaElement =
        wasm_bindgen::JsCast::unchecked_into(host.query_selector("textarea").unwrap().unwrap());
    note.set_value("bell\u{7}now");
    note.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        texts(&host, ".sw-report__status"),
        ["The note must not contain control characters other than line breaks and tabs."]
    );
    let submit = host.query_selector("button[type=submit]").unwrap().unwrap();
    assert!(submit.has_attribute("disabled"));
    assert_eq!(texts(&host, ".sw-report__count"), ["8 / 280"]);

    note.set_value("fine");
    note.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    // Reported at the dialog's own "now", so "recently" holds whatever the machine's date.
    remember_reported(
        "https://reports.example/api/reports/r",
        "web",
        at("2026-11-27T08:55:00Z"),
    );
    select.set_value("web");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let status = texts(&host, ".sw-report__status").concat();
    assert!(
        status.starts_with("You reported this component recently."),
        "{status}"
    );
    assert!(submit.has_attribute("disabled"));
}

#[wasm_bindgen_test]
fn a_failure_notice_speaks_the_language_each_widget_was_speaking() {
    use web_sys::{ShadowRootInit, ShadowRootMode};
    let document = document();
    let widget = |lang: &str| {
        let host = document.create_element("status-widget").unwrap();
        let root = host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .unwrap();
        let spoken = document.create_element("div").unwrap();
        spoken.set_class_name("sw-root");
        spoken.set_attribute("lang", lang).unwrap();
        root.append_child(&spoken).unwrap();
        scratch().append_child(&host).unwrap();
        root
    };
    let german = widget("de-AT");
    let english = widget("en");
    status_widget::custom_element::show_failure();
    assert_eq!(
        german.text_content().unwrap(),
        "Das Status-Widget funktioniert nicht mehr. Laden Sie die Seite neu, um es noch einmal zu versuchen."
    );
    assert_eq!(
        english.text_content().unwrap(),
        "The status widget stopped working. Reload the page to try again."
    );
}

/// Resolves at the next animation frame, after anything the views scheduled for it.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

fn focused_text() -> String {
    document()
        .active_element()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn incident_list_pages_past_incidents_and_moves_focus_to_the_first_added() {
    let host = scratch();
    // One ongoing incident and 45 resolved ones, ten minutes apart, "Past 0" the newest.
    let past: Vec<String> = (0..45)
        .map(|i| {
            let start = 12 * 60 + (44 - i) * 10;
            let (hour, minute) = (start / 60, start % 60);
            format!(
                r#"{{"id": "p{i}", "title": "Past {i}", "impact": "minor", "status": "resolved",
                    "started_at": "2026-11-26T{hour:02}:{minute:02}:00Z",
                    "resolved_at": "2026-11-26T{hour:02}:{:02}:00Z"}}"#,
                minute + 5
            )
        })
        .collect();
    let feed = feed(&format!(
        r#"{{"version": 1, "service": {{"name": "Busy"}}, "incidents": [
            {{"id": "now", "title": "Ongoing", "impact": "major", "status": "identified",
              "started_at": "2026-11-27T08:00:00Z"}}, {}]}}"#,
        past.join(",")
    ));
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=feed.clone() now=fixed_now() days=30 /> },
    );
    let cards = || host.query_selector_all(".sw-incident").unwrap().length();
    let more = || {
        host.query_selector(".sw-incidents__more")
            .unwrap()
            .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>)
    };
    assert_eq!(cards(), 21, "the ongoing incident and a first page of 20");
    assert_eq!(
        texts(&host, "h3"),
        ["Ongoing", "Past 30 days"],
        "incident titles nest under these"
    );
    assert_eq!(texts(&host, "h4")[1], "Past 0");

    let button = more().expect("a button for the rest");
    assert_eq!(button.text_content().unwrap(), "Show 20 more");
    button.click();
    leptos::task::tick().await;
    next_frame().await;
    assert_eq!(cards(), 41);
    assert_eq!(
        focused_text(),
        "Past 20",
        "focus goes on at the first card added"
    );
    assert_eq!(more().unwrap().text_content().unwrap(), "Show 5 more");

    more().unwrap().click();
    leptos::task::tick().await;
    next_frame().await;
    assert_eq!(cards(), 46);
    assert!(more().is_none(), "nothing left to show");
    assert_eq!(
        focused_text(),
        "Past 40",
        "focus is not lost with the button"
    );
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("tabindex")
            .as_deref(),
        Some("-1"),
        "focusable by script only, not added to the tab order"
    );
}

/// The demo feed with a word no line can hold put in front of every text a feed gives.
fn demo_feed_with_long_words(word: &str) -> String {
    let mut text = include_str!("../demo/feed.json").to_owned();
    for key in [
        "name",
        "summary",
        "description",
        "title",
        "body",
        "meaning",
        "signature",
        "question",
        "answer",
        "label",
    ] {
        text = text.replace(&format!("\"{key}\": \""), &format!("\"{key}\": \"{word} "));
    }
    text
}

#[wasm_bindgen_test]
async fn the_status_page_keeps_long_text_inside_a_narrow_host_with_headings_in_order() {
    use status_widget::components::StatusPage;
    use web_sys::{ShadowRootInit, ShadowRootMode};

    let word = "x".repeat(160);
    let feed = feed(&demo_feed_with_long_words(&word));
    let outer = scratch();
    outer.set_attribute("style", "width: 320px").unwrap();
    let shadow = outer
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    status_widget::styles::adopt_into(&shadow);
    let page: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(document().create_element("div").unwrap());
    page.set_class_name("sw-root");
    shadow.append_child(&page).unwrap();
    let _handle = mount_to(page.clone(), move || {
        view! { <StatusPage feed=Signal::stored(feed.clone()) now=fixed_now() days=30 /> }
    });
    // Unfold everything, so that folded text is measured too.
    let folded = shadow.query_selector_all("details").unwrap();
    for index in 0..folded.length() {
        unfold(&wasm_bindgen::JsCast::unchecked_into(
            folded.item(index).unwrap(),
        ));
    }
    leptos::task::tick().await;
    next_frame().await;

    let text = page.text_content().unwrap();
    assert!(
        text.matches(word.as_str()).count() > 20,
        "the long words are all shown"
    );
    let right_edge = outer.get_bounding_client_rect().right();
    let elements = shadow.query_selector_all("*").unwrap();
    let mut overflowing = Vec::new();
    for index in 0..elements.length() {
        let element: web_sys::Element =
            wasm_bindgen::JsCast::unchecked_into(elements.item(index).unwrap());
        let right = element.get_bounding_client_rect().right();
        if right > right_edge + 0.5 {
            let class = element.get_attribute("class").unwrap_or_default();
            overflowing.push(format!("{} .{class} ends at {right}", element.node_name()));
        }
    }
    assert!(
        overflowing.is_empty(),
        "past the 320 px host's edge at {right_edge}: {overflowing:?}"
    );

    let headings = shadow.query_selector_all("h1, h2, h3, h4, h5, h6").unwrap();
    let levels: Vec<u32> = (0..headings.length())
        .map(|index| {
            let tag = headings.item(index).unwrap().node_name();
            tag[1..].parse().unwrap()
        })
        .collect();
    assert_eq!(levels.first(), Some(&1));
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "a heading level skipped: {levels:?}"
        );
    }
    assert!(
        levels.contains(&4),
        "incident titles under their subheadings"
    );
}

#[wasm_bindgen_test]
fn the_status_page_of_an_empty_feed_says_so_and_leaves_out_what_it_lacks() {
    use status_widget::components::StatusPage;

    let host = scratch();
    let feed = feed(r#"{"version": 1, "service": {"name": "Quiet"}}"#);
    let _handle = mount_to(host.clone(), move || {
        view! { <StatusPage feed=Signal::stored(feed.clone()) now=fixed_now() days=30 /> }
    });
    assert_eq!(texts(&host, "h1"), ["Quiet status"]);
    assert_eq!(
        texts(&host, "h2"),
        ["Components", "Incidents"],
        "no community, maintenance or guide section without their data"
    );
    assert_eq!(
        texts(&host, ".sw-empty"),
        [
            "This feed lists no components.",
            "No incidents in the past 30 days."
        ]
    );
    assert!(
        host.query_selector(".sw-report-button").unwrap().is_none(),
        "no report button without a report endpoint"
    );
}

#[wasm_bindgen_test]
fn time_stamps_name_the_year_only_when_it_is_not_this_year() {
    use status_widget::components::TimeStamp;

    // "This year" is the visitor's, by the real clock in their time zone, so both times are
    // taken relative to that clock: the assertions hold on any date.
    let host = scratch();
    let now = status_widget::clock::now();
    let years_ago = now.minus_days(3 * 366);
    let _handle = mount_to(host.clone(), move || {
        view! {
            <TimeStamp at=years_ago />
            <TimeStamp at=now />
        }
    });
    let shown = texts(&host, "time");
    let year_of = |time: status_feed::Timestamp| {
        js_sys::Date::new(&(time.unix_millis() as f64).into())
            .get_full_year()
            .to_string()
    };
    assert!(shown[0].contains(&year_of(years_ago)), "{shown:?}");
    assert!(!shown[1].contains(&year_of(now)), "{shown:?}");
}

#[wasm_bindgen_test]
fn each_kind_of_date_and_duration_has_its_own_formatter() {
    use status_widget::intl;

    // A calendar day and a duration in days once shared a cached formatter.
    let day = status_feed::CalendarDate::parse("2026-11-26").unwrap();
    assert_eq!(intl::calendar_day(day), "Nov 26");
    assert_eq!(
        intl::duration(std::time::Duration::from_secs(28 * 3600)),
        "1 day 4 hr"
    );
    assert_eq!(intl::calendar_day(day), "Nov 26");
}

#[wasm_bindgen_test]
fn uptime_is_cut_to_hundredths_never_rounded_up() {
    use status_widget::intl::percent;

    assert_eq!(percent(99.88), "99.88%", "not exact in binary, still 99.88");
    assert_eq!(percent(99.99), "99.99%");
    assert_eq!(
        percent(99.996),
        "99.99%",
        "not 100% while there was downtime"
    );
    assert_eq!(percent(100.0), "100%");
    assert_eq!(percent(0.0), "0%");
}

#[wasm_bindgen_test]
async fn a_refresh_with_a_new_update_keeps_the_past_incidents_shown() {
    use status_widget::components::StatusPage;

    let host = scratch();
    let with_update = |body: &str| {
        let past: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    r#"{{"id": "p{i}", "title": "Past {i}", "impact": "minor", "status": "resolved",
                        "started_at": "2026-11-2{}T08:00:00Z", "resolved_at": "2026-11-2{}T09:00:00Z",
                        "updates": [{{"at": "2026-11-2{}T09:00:00Z", "status": "resolved", "body": "Fixed {i}."}}]}}"#,
                    i % 6,
                    i % 6,
                    i % 6
                )
            })
            .collect();
        feed(&format!(
            r#"{{"version": 1, "service": {{"name": "Busy"}}, "incidents": [
                {{"id": "now", "title": "Ongoing", "impact": "major", "status": "identified",
                  "started_at": "2026-11-27T08:00:00Z",
                  "updates": [{{"at": "2026-11-27T08:10:00Z", "status": "identified", "body": "{body}"}}]}},
                {}]}}"#,
            past.join(",")
        ))
    };
    let (current, set_current) = signal(with_update("Found it."));
    let _handle = mount_to(host.clone(), move || {
        view! { <StatusPage feed=Signal::from(current) now=fixed_now() days=30 /> }
    });
    let cards = || host.query_selector_all(".sw-incident").unwrap().length();
    assert_eq!(cards(), 21);
    let more: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        host.query_selector(".sw-incidents__more").unwrap().unwrap(),
    );
    more.click();
    leptos::task::tick().await;
    assert_eq!(cards(), 31);
    // The visitor unfolds a past incident's updates, which are made then.
    let updates = |id: &str| texts(&host, &format!("[data-incident={id}] .sw-update__body"));
    assert!(updates("p0").is_empty());
    unfold(
        &host
            .query_selector("[data-incident=p0] details")
            .unwrap()
            .unwrap(),
    );
    leptos::task::tick().await;
    assert_eq!(updates("p0"), ["Fixed 0."]);

    set_current.set(with_update("Fixing it."));
    leptos::task::tick().await;
    assert!(host.text_content().unwrap().contains("Fixing it."));
    assert_eq!(cards(), 31, "the incidents shown stay shown");
    let unfolded = host
        .query_selector("[data-incident=p0] details")
        .unwrap()
        .unwrap();
    assert!(unfolded.has_attribute("open"));
    assert_eq!(
        updates("p0"),
        ["Fixed 0."],
        "and what was unfolded keeps its updates"
    );
}

#[wasm_bindgen_test]
async fn past_incidents_leave_the_window_as_the_days_pass_on_an_open_page() {
    let host = scratch();
    let only_old = {
        let feed = feed(FEED);
        Arc::new(Feed {
            incidents: feed.incidents[1..].to_vec(),
            ..(*feed).clone()
        })
    };
    let (now, set_now) = signal(at("2026-11-27T09:00:00Z"));
    let _handle = mount_to(
        host.clone(),
        move || view! { <IncidentList feed=only_old.clone() now days=30 /> },
    );
    assert_eq!(texts(&host, "[data-incident] h4"), ["Old and resolved"]);
    // A minute later the same day changes nothing; a month later the incident has aged out.
    set_now.set(at("2026-11-27T09:01:00Z"));
    leptos::task::tick().await;
    assert_eq!(texts(&host, "[data-incident] h4"), ["Old and resolved"]);
    set_now.set(at("2026-12-21T09:00:00Z"));
    leptos::task::tick().await;
    leptos::task::tick().await;
    next_frame().await;
    assert_eq!(
        host.text_content().unwrap(),
        "No incidents in the past 30 days."
    );
}

#[wasm_bindgen_test]
fn fold_memory_keeps_only_what_the_visitor_changed() {
    use status_widget::fold_memory::FoldMemory;
    use wasm_bindgen::JsCast;

    let memory = FoldMemory::default();
    let toggle_to = |id: &str, default: bool, open: bool| {
        let (_, on_toggle) = memory.disclosure(id.to_owned(), default);
        let details = document().create_element("details").unwrap();
        if open {
            details.set_attribute("open", "").unwrap();
        }
        let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(on_toggle);
        details
            .add_event_listener_with_callback("toggle", handler.as_ref().unchecked_ref())
            .unwrap();
        details
            .dispatch_event(&web_sys::Event::new("toggle").unwrap())
            .unwrap();
    };
    // Made open by default (an ongoing incident): not the visitor's doing, not remembered.
    toggle_to("ongoing", true, true);
    assert!(!memory.disclosure("ongoing".into(), false).0.open);
    // Opened by the visitor against the default: remembered, and so is closing it again.
    toggle_to("past", false, true);
    assert!(memory.disclosure("past".into(), false).0.open);
    toggle_to("past", false, false);
    assert!(!memory.disclosure("past".into(), true).0.open);
}
