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
    let today = now.get_untracked().utc_date();
    let list = Memo::new(move |_| feed.with(|feed| entries(feed)));
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
                Entry::Single(id) => component_row(feed, id, today).into_any(),
                Entry::Group {
                    id,
                    name,
                    description,
                    members,
                } => group(feed, id, name, description, members, long_list, today).into_any(),
            })
            .collect_view();
        view! { <ul class="sw-components">{items}</ul> }.into_any()
    }
}

fn group(
    feed: Signal<Arc<Feed>>,
    id: String,
    name: String,
    description: Option<String>,
    members: Vec<String>,
    long_list: bool,
    today: CalendarDate,
) -> impl IntoView {
    let status = {
        let members = members.clone();
        Memo::new(move |_| {
            feed.with(|feed| {
                Status::worst(
                    members
                        .iter()
                        .filter_map(|id| feed.component(id))
                        .map(|c| c.status),
                )
            })
        })
    };
    let quiet = status.get_untracked() == Status::Operational;
    let unfolded = RwSignal::new(!(long_list && quiet));
    let rows = move || {
        unfolded.get().then(|| {
            members
                .iter()
                .map(|id| component_row(feed, id.clone(), today))
                .collect_view()
        })
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
                <ul class="sw-components sw-components--nested">{rows}</ul>
            </details>
        </li>
    }
}

/// One component's row; only its content is rendered again when the component changes.
fn component_row(feed: Signal<Arc<Feed>>, id: String, today: CalendarDate) -> impl IntoView {
    let component = {
        let id = id.clone();
        Memo::new(move |_| feed.with(|feed| feed.component(&id).cloned()))
    };
    let content = move || {
        component.get().map(|component| {
            view! {
                <div class="sw-component__text">
                    <span class="sw-component__name">{component.name.clone()}</span>
                    {component.description.clone().map(|d| view! { <span class="sw-component__description">{d}</span> })}
                </div>
                <StatusBadge status=component.status />
                <UptimeHistory component today />
            }
        })
    };
    view! { <li class="sw-component" data-component=id>{content}</li> }
}
