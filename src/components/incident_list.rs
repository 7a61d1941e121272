use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{Feed, Incident, Timestamp};
use wasm_bindgen::JsCast;

use super::IncidentCard;
use crate::fold_memory::FoldMemory;
use crate::messages::{fill, texts};

/// Past incidents shown at first and added by each "Show more". A feed with thousands of
/// incidents would otherwise cost seconds of layout for a list nobody reads to the end.
pub const PAST_PAGE: usize = 20;

/// Open incidents first (all of them), then those resolved in the last `days` days,
/// newest first, a page at a time.
#[component]
pub fn IncidentList(
    feed: Arc<Feed>,
    now: ReadSignal<Timestamp>,
    days: u32,
    /// What the visitor did to the list, which the page keeps across refreshes that rebuild
    /// it: a new update must not take back what "Show more" added or fold what was opened.
    #[prop(optional)]
    kept: KeptListState,
) -> impl IntoView {
    let KeptListState { shown, folds } = kept;
    // Which incidents count as recent follows the date, not every tick of the clock: a page
    // left open for days (a wall display) lets old incidents leave the window, and sorting
    // on every tick would cost for no visible gain. Only ids are kept; a page of cards copies
    // just the incidents it shows.
    let today = Memo::new(move |_| now.get().utc_date());
    let recent = {
        let feed = feed.clone();
        Memo::new(move |_| {
            let _ = today.get();
            feed.recent_incidents(now.get_untracked(), days)
                .into_iter()
                .map(|incident| incident.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let active: Vec<Incident> = feed.active_incidents().into_iter().cloned().collect();
    let no_active = active.is_empty();
    let t = texts();
    let (past_heading, none_text) = if days == 1 {
        (t.past_day.to_owned(), t.no_incidents_day.to_owned())
    } else {
        let days = days.to_string();
        (fill(t.past_days, &[&days]), fill(t.no_incidents, &[&days]))
    };
    let active_count = active.len();
    let card = {
        let feed = feed.clone();
        move |incident: Incident| view! { <IncidentCard incident feed=feed.clone() now under_subheading=true folds /> }
    };
    let ongoing = (!no_active).then(|| {
        let cards = active.into_iter().map(card.clone()).collect_view();
        view! { <h3 class="sw-incidents__heading">{t.ongoing}</h3>{cards} }
    });
    // Growing the page rebuilds the list in place: the cards already shown are compared and
    // kept, only the new ones are created.
    let page = move || {
        recent.with(|ids| {
            ids.iter()
                .take(shown.get())
                .filter_map(|id| feed.incidents.iter().find(|i| i.id == *id).cloned())
                .map(card.clone())
                .collect_view()
        })
    };
    let more = move || {
        let hidden = recent.with(Vec::len).saturating_sub(shown.get());
        (hidden > 0).then(|| {
            let label = fill(t.show_more, &[&hidden.min(PAST_PAGE).to_string()]);
            view! {
                <button type="button" class="sw-button sw-incidents__more" on:click=move |event| {
                    let list = event_target::<web_sys::Element>(&event).parent_element();
                    let first_added = active_count + shown.get_untracked();
                    shown.update(|n| *n += PAST_PAGE);
                    // The reader goes on at the first incident added (the button may be
                    // gone), not back at the top of the page.
                    request_animation_frame(move || focus_title(list, first_added));
                }>
                    {label}
                </button>
            }
        })
    };
    let any_past = Memo::new(move |_| recent.with(|ids| !ids.is_empty()));
    view! {
        <div class="sw-incidents">
            {ongoing}
            {move || any_past.get().then(|| view! {
                <h3 class="sw-incidents__heading">{past_heading.clone()}</h3>
            })}
            {page}
            {more}
            {move || (no_active && !any_past.get()).then(|| view! {
                <p class="sw-empty">{none_text.clone()}</p>
            })}
        </div>
    }
}

/// How many past incidents are shown, and whose updates are unfolded.
#[derive(Clone, Copy)]
pub struct KeptListState {
    shown: RwSignal<usize>,
    folds: FoldMemory,
}

impl Default for KeptListState {
    fn default() -> Self {
        Self {
            shown: RwSignal::new(PAST_PAGE),
            folds: FoldMemory::default(),
        }
    }
}

/// Focuses the title of the list's card at `index` (counting every card shown).
fn focus_title(list: Option<web_sys::Element>, index: usize) {
    let title = list
        .and_then(|list| list.query_selector_all(".sw-incident__title").ok())
        .and_then(|titles| titles.item(u32::try_from(index).ok()?))
        .map(JsCast::unchecked_into::<web_sys::HtmlElement>);
    if let Some(title) = title {
        // Headings are not focusable; -1 makes this one so without adding it to the tab order.
        let _ = title.set_attribute("tabindex", "-1");
        let _ = title.focus();
    }
}
