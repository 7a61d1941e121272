use leptos::prelude::*;
use status_feed::{Component, ComponentSection, Feed};

use super::StatusBadge;

/// The feed's components in page order, groups gathered under their names.
#[component]
pub fn ComponentList(feed: std::sync::Arc<Feed>) -> impl IntoView {
    let sections = feed.component_sections();
    if sections.is_empty() {
        return view! { <p class="sw-empty">"This feed lists no components."</p> }.into_any();
    }
    let items = sections
        .into_iter()
        .map(|section| match section {
            ComponentSection::Single(component) => component_row(component).into_any(),
            ComponentSection::Group(group, ref members) => {
                let status = section.status();
                let rows = members.iter().map(|c| component_row(c)).collect_view();
                view! {
                    <li class="sw-group">
                        <div class="sw-group__header">
                            <h3 class="sw-group__name">{group.name.clone()}</h3>
                            <StatusBadge status />
                        </div>
                        {group.description.clone().map(|d| view! { <p class="sw-group__description">{d}</p> })}
                        <ul class="sw-components sw-components--nested">{rows}</ul>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <ul class="sw-components">{items}</ul> }.into_any()
}

fn component_row(component: &Component) -> impl IntoView + use<> {
    view! {
        <li class="sw-component" data-component=component.id.clone()>
            <div class="sw-component__text">
                <span class="sw-component__name">{component.name.clone()}</span>
                {component.description.clone().map(|d| view! { <span class="sw-component__description">{d}</span> })}
            </div>
            <StatusBadge status=component.status />
        </li>
    }
}
