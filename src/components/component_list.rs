use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use status_feed::{CalendarDate, Component, ComponentSection, Feed, Status, Timestamp};

use super::{StatusBadge, UptimeHistory};
use crate::messages::texts;

/// Above this many components, groups where everything is operational start folded, so a
/// large feed opens on what is wrong; their rows are made when first unfolded.
pub const FOLD_QUIET_GROUPS_ABOVE: usize = 50;

/// Which rows the list has, in what order, under which groups: what the list is built from.
/// Statuses are not part of it, so a change of status re-renders one row, not the list.
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Single(String),
    Group {
        id: String,
        name: String,
        description: Option<String>,
        members: Vec<String>,
    },
}

fn entries(feed: &Feed) -> Vec<Entry> {
    let ids = |members: &[&Component]| members.iter().map(|c| c.id.clone()).collect();
    feed.component_sections()
        .into_iter()
        .map(|section| match section {
            ComponentSection::Single(component) => Entry::Single(component.id.clone()),
            ComponentSection::Group(group, members) => Entry::Group {
                id: group.id.clone(),
                name: group.name.clone(),
                description: group.description.clone(),
                members: ids(&members),
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
    // Where each component sits in the feed, so rows find theirs without a search each.
    let index = Memo::new(move |_| {
        feed.with(|feed| {
            feed.components
                .iter()
                .enumerate()
                .map(|(position, c)| (c.id.clone(), position))
                .collect::<BTreeMap<String, usize>>()
        })
    });
    let rows = Rows { feed, index, today };
    move || {
        let entries = list.get();
        if entries.is_empty() {
            return view! { <p class="sw-empty">{texts().no_components}</p> }.into_any();
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
                Entry::Single(id) => rows.row(id).into_any(),
                Entry::Group {
                    id,
                    name,
                    description,
                    members,
                } => group(rows, id, name, description, members, long_list).into_any(),
            })
            .collect_view();
        view! { <ul class="sw-components">{items}</ul> }.into_any()
    }
}

fn group(
    rows: Rows,
    id: String,
    name: String,
    description: Option<String>,
    members: Vec<String>,
    long_list: bool,
) -> impl IntoView {
    let status = {
        let members = members.clone();
        Memo::new(move |_| {
            rows.feed.with(|feed| {
                rows.index.with(|index| {
                    let member = |id: &String| feed.components.get(*index.get(id)?);
                    Status::worst(members.iter().filter_map(member).map(|c| c.status))
                })
            })
        })
    };
    let quiet = status.get_untracked() == Status::Operational;
    let unfolded = RwSignal::new(!(long_list && quiet));
    let member_rows = move || {
        unfolded
            .get()
            .then(|| members.iter().map(|id| rows.row(id.clone())).collect_view())
    };
    view! {
        <li class="sw-group" data-group=id>
            <details
                open=unfolded.get_untracked()
                on:toggle=move |_| if !unfolded.get_untracked() { unfolded.set(true) }
            >
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
    index: Memo<BTreeMap<String, usize>>,
    today: Memo<CalendarDate>,
}

impl Rows {
    /// One component's row; only its content is rendered again when the component changes.
    fn row(self, id: String) -> impl IntoView {
        let Rows { feed, index, today } = self;
        let component = {
            let id = id.clone();
            Memo::new(move |_| {
                let position = index.with(|index| index.get(&id).copied())?;
                feed.with(|feed| feed.components.get(position).cloned())
            })
        };
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
