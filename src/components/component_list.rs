use leptos::prelude::*;
use status_feed::{CalendarDate, Component, ComponentSection, Feed, Status, Timestamp};

use super::{StatusBadge, UptimeHistory};
use crate::messages::texts;

/// Above this many components, groups where everything is operational start folded, so a
/// large feed opens on what is wrong; their rows are made when first unfolded.
pub const FOLD_QUIET_GROUPS_ABOVE: usize = 50;

/// The feed's components in page order, groups gathered under their names. A group is a
/// disclosure the visitor can fold; it starts open, unless the list is long and the group is
/// all operational.
#[component]
pub fn ComponentList(feed: std::sync::Arc<Feed>, now: ReadSignal<Timestamp>) -> impl IntoView {
    let sections = feed.component_sections();
    if sections.is_empty() {
        return view! { <p class="sw-empty">{texts().no_components}</p> }.into_any();
    }
    let today = now.get_untracked().utc_date();
    let long_list = feed.visible_components().count() > FOLD_QUIET_GROUPS_ABOVE;
    let items = sections
        .into_iter()
        .map(|section| match section {
            ComponentSection::Single(component) => component_row(component, today).into_any(),
            ComponentSection::Group(group, ref members) => {
                let status = section.status();
                let unfolded = RwSignal::new(!(long_list && status == Status::Operational));
                let members: Vec<Component> = members.iter().map(|c| (*c).clone()).collect();
                let rows = move || {
                    unfolded.get().then(|| {
                        members.iter().map(|c| component_row(c, today)).collect_view()
                    })
                };
                view! {
                    <li class="sw-group" data-group=group.id.clone()>
                        <details
                            open=unfolded.get_untracked()
                            on:toggle=move |_| if !unfolded.get_untracked() { unfolded.set(true) }
                        >
                            <summary class="sw-group__header">
                                <h3 class="sw-group__name">{group.name.clone()}</h3>
                                <StatusBadge status />
                            </summary>
                            {group.description.clone().map(|d| view! { <p class="sw-group__description">{d}</p> })}
                            <ul class="sw-components sw-components--nested">{rows}</ul>
                        </details>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <ul class="sw-components">{items}</ul> }.into_any()
}

fn component_row(component: &Component, today: CalendarDate) -> impl IntoView + use<> {
    view! {
        <li class="sw-component" data-component=component.id.clone()>
            <div class="sw-component__text">
                <span class="sw-component__name">{component.name.clone()}</span>
                {component.description.clone().map(|d| view! { <span class="sw-component__description">{d}</span> })}
            </div>
            <StatusBadge status=component.status />
            <UptimeHistory component=component.clone() today />
        </li>
    }
}
