use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{CalendarDate, Component, ComponentSection, Feed, Listed, Status, Timestamp};

use super::{StatusBadge, UptimeHistory};
use crate::fold_memory::FoldMemory;
use crate::messages::texts;

/// Above this many components, groups where everything is operational start folded, so a
/// large feed opens on what is wrong; their rows are made when first unfolded.
pub const FOLD_QUIET_GROUPS_ABOVE: usize = 50;

/// Which rows the list has, in what order, under which groups: what the list is built from.
/// Statuses are not part of it, so a change of status re-renders one row, not the list.
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Single(Place),
    Group {
        id: String,
        name: String,
        description: Option<String>,
        members: Vec<Place>,
    },
}

/// Where a row's component is in the feed: its id, and its index in `Feed::components`.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    id: String,
    index: usize,
}

impl Place {
    fn of(listed: &Listed<'_>) -> Place {
        Place {
            id: listed.component.id.clone(),
            index: listed.index,
        }
    }

    /// The component in this version of the feed. A feed that moved it also changes the
    /// list's entries, which then makes new rows.
    fn find<'a>(&self, feed: &'a Feed) -> Option<&'a Component> {
        feed.components
            .get(self.index)
            .filter(|component| component.id == self.id)
    }
}

fn entries(feed: &Feed) -> Vec<Entry> {
    feed.component_sections()
        .iter()
        .map(|section| match section {
            ComponentSection::Single(listed) => Entry::Single(Place::of(listed)),
            ComponentSection::Group(group, members) => Entry::Group {
                id: group.id.clone(),
                name: group.name.clone(),
                description: group.description.clone(),
                members: members.iter().map(Place::of).collect(),
            },
        })
        .collect()
}

/// The feed's components in page order, groups gathered under their names. A group is a
/// disclosure the visitor can fold; it starts open, unless the list is long and the group is
/// all operational.
#[component]
pub fn ComponentList(feed: Signal<Arc<Feed>>, now: ReadSignal<Timestamp>) -> impl IntoView {
    // A memo of the date, not the time: rows redraw their history bars once a day, not on
    // every tick of the clock.
    let today = Memo::new(move |_| now.get().utc_date());
    let list = Memo::new(move |_| feed.with(|feed| entries(feed)));
    let none_listed = Memo::new(move |_| feed.with(|feed| feed.components.is_empty()));
    // A feed that changes the list's shape rebuilds the groups; the ones the visitor opened
    // stay open, with their rows.
    let open_groups = FoldMemory::default();
    let rows = Rows { feed, today };
    move || {
        let entries = list.get();
        if entries.is_empty() {
            // Components listed only while degraded are hidden when all is well, which is news.
            let text = if none_listed.get() {
                texts().no_components
            } else {
                texts().all_hidden_operational
            };
            return view! { <p class="sw-empty">{text}</p> }.into_any();
        }
        let long_list = entries
            .iter()
            .map(|entry| match entry {
                Entry::Single(_) => 1,
                Entry::Group { members, .. } => members.len(),
            })
            .sum::<usize>()
            > FOLD_QUIET_GROUPS_ABOVE;
        let items = entries
            .into_iter()
            .map(|entry| match entry {
                Entry::Single(place) => rows.row(place).into_any(),
                Entry::Group {
                    id,
                    name,
                    description,
                    members,
                } => group(rows, open_groups, id, name, description, members, long_list).into_any(),
            })
            .collect_view();
        view! { <ul class="sw-components">{items}</ul> }.into_any()
    }
}

fn group(
    rows: Rows,
    open_groups: FoldMemory,
    id: String,
    name: String,
    description: Option<String>,
    members: Vec<Place>,
    fold_if_quiet: bool,
) -> impl IntoView {
    let status = {
        let members = members.clone();
        Memo::new(move |_| {
            rows.feed.with(|feed| {
                Status::worst(
                    members
                        .iter()
                        .filter_map(|place| place.find(feed))
                        .map(|c| c.status),
                )
            })
        })
    };
    let quiet = status.get_untracked() == Status::Operational;
    let (disclosure, on_toggle) = open_groups.disclosure(id.clone(), !(fold_if_quiet && quiet));
    let member_rows = move || {
        disclosure.made.get().then(|| {
            members
                .iter()
                .map(|place| rows.row(place.clone()))
                .collect_view()
        })
    };
    view! {
        <li class="sw-group" data-group=id>
            <details open=disclosure.open on:toggle=on_toggle>
                <summary class="sw-group__header">
                    <h3 class="sw-group__name">{name}</h3>
                    {move || view! { <StatusBadge status=status.get() /> }}
                </summary>
                {description.map(|d| view! { <p class="sw-group__description">{d}</p> })}
                <ul class="sw-components sw-components--nested">{member_rows}</ul>
            </details>
        </li>
    }
}

/// What rows are made from.
#[derive(Clone, Copy)]
struct Rows {
    feed: Signal<Arc<Feed>>,
    today: Memo<CalendarDate>,
}

impl Rows {
    /// One component's row; only its content is rendered again when the component changes.
    fn row(self, place: Place) -> impl IntoView {
        let Rows { feed, today } = self;
        let id = place.id.clone();
        let component = Memo::new(move |_| feed.with(|feed| place.find(feed).cloned()));
        let content = move || {
            component.get().map(|component| {
                view! {
                    <div class="sw-component__text">
                        <span class="sw-component__name">{component.name.clone()}</span>
                        {component.description.clone().map(|d| view! { <span class="sw-component__description">{d}</span> })}
                    </div>
                    <StatusBadge status=component.status />
                    <UptimeHistory component today=today.get() />
                }
            })
        };
        view! { <li class="sw-component" data-component=id>{content}</li> }
    }
}
