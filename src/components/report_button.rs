use std::sync::Arc;

use leptos::prelude::*;
use status_feed::Feed;

use super::ReportDialogHandle;
use crate::messages::texts;

/// Opens the report dialog; absent when the feed takes no reports or the widget's `report`
/// setting is off (then no dialog handle is provided).
#[component]
pub fn ReportButton(feed: Arc<Feed>) -> impl IntoView {
    let handle = use_context::<ReportDialogHandle>().filter(|_| feed.takes_reports())?;
    Some(view! {
        <button type="button" class="sw-button sw-report-button" aria-haspopup="dialog" on:click=move |_| handle.open()>
            {texts().badge.report_a_problem}
        </button>
    })
}
