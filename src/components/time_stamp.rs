use leptos::prelude::*;
use status_feed::Timestamp;

use crate::intl;

/// A moment in the visitor's locale and time zone, short ("Nov 27, 09:00"), with the full date
/// and time as its tooltip and the exact instant for machines.
#[component]
pub fn TimeStamp(at: Timestamp) -> impl IntoView {
    view! { <time datetime=intl::iso(at) title=intl::absolute(at)>{intl::short_date_time(at)}</time> }
}
