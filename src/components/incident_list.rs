use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Timestamp};

use super::IncidentCard;
use crate::messages::{fill, texts};

/// How far back resolved incidents are listed.
pub const RECENT_DAYS: u32 = 30;

/// Open incidents first, then those resolved in the last `RECENT_DAYS` days.
#[component]
pub fn IncidentList(feed: Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    // Which incidents count as recent is decided once per feed: re-sorting on every clock
    // tick would rebuild the list for no visible gain.
    let at_render = now.get_untracked();
    let cards = |incidents: Vec<&status_feed::Incident>| {
        incidents
            .into_iter()
            .map(|incident| view! { <IncidentCard incident=incident.clone() feed=feed.clone() now /> })
            .collect_view()
    };
    let active = feed.active_incidents();
    let recent = feed.recent_incidents(at_render, RECENT_DAYS);
    let nothing = active.is_empty() && recent.is_empty();
    let t = texts();
    let days = RECENT_DAYS.to_string();
    view! {
        <div class="sw-incidents">
            {(!active.is_empty()).then(|| view! {
                <h3 class="sw-incidents__heading">{t.ongoing}</h3>
                {cards(active)}
            })}
            {(!recent.is_empty()).then(|| view! {
                <h3 class="sw-incidents__heading">{fill(t.past_days, &[&days])}</h3>
                {cards(recent)}
            })}
            {nothing.then(|| view! {
                <p class="sw-empty">{fill(t.no_incidents, &[&days])}</p>
            })}
        </div>
    }
}
