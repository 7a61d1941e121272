use leptos::prelude::*;
use status_feed::{Feed, Incident, Timestamp};

use super::TimeStamp;
use crate::fold_memory::FoldMemory;
use crate::intl;
use crate::messages::{fill, impact_label, incident_status_label, plural, texts};

/// One incident: what, how bad, since when, for how long, what it touches, and its updates.
#[component]
pub fn IncidentCard(
    incident: Incident,
    feed: std::sync::Arc<Feed>,
    now: ReadSignal<Timestamp>,
    /// The title is an `h4` under the page's "Ongoing" and "Past 30 days" headings, so that
    /// the outline nests, and an `h3` where cards stand on their own (the compact view).
    #[prop(optional)]
    under_subheading: bool,
    /// Whose updates the visitor unfolded, kept by the list across rebuilds.
    #[prop(optional)]
    folds: FoldMemory,
) -> impl IntoView {
    let active = incident.is_active();
    let t = texts();
    let affected = feed.component_names(&incident.components);
    let duration = {
        let incident = incident.clone();
        move || intl::duration(incident.duration(now.get()))
    };
    // Updates of an ongoing incident are open; those of a past one are made when first
    // unfolded.
    let (disclosure, on_toggle) = folds.disclosure(incident.id.clone(), active);
    let updates = {
        let updates = incident.updates.clone();
        move || {
            disclosure.made.get().then(|| {
                updates
                    .iter()
                    .map(|update| {
                        view! {
                            <li class="sw-update">
                                <span class="sw-update__status">{incident_status_label(update.status)}</span>
                                " "
                                <TimeStamp at=update.at />
                                <p class="sw-update__body">{update.body.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()
            })
        }
    };
    let update_count = incident.updates.len();
    let link = incident.url.as_ref().and_then(|u| u.href()).map(|href| {
        view! {
            <a class="sw-incident__link" href=href.to_owned() rel="noopener noreferrer">
                {t.badge.details}
            </a>
        }
    });
    // One element type whose tag varies costs less code than a view per level.
    let title = leptos::html::custom(if under_subheading { "h4" } else { "h3" })
        .class("sw-incident__title")
        .child(incident.title.clone());
    view! {
        <article class=format!("sw-incident sw-incident--{}", incident.impact.as_str()) data-incident=incident.id.clone()>
            {title}
            <p class="sw-incident__meta">
                <span class="sw-incident__impact">{impact_label(incident.impact)}</span>
                " · "
                <span class="sw-incident__status">{incident_status_label(incident.status)}</span>
                {t.started}
                <TimeStamp at=incident.started_at />
                {if active { t.ongoing_for } else { t.lasted }}
                {duration}
            </p>
            {(!affected.is_empty()).then(|| view! {
                <p class="sw-incident__affected">{t.affects} {affected.join(", ")}</p>
            })}
            {(update_count > 0).then(|| view! {
                <details class="sw-incident__updates" open=disclosure.open on:toggle=on_toggle>
                    <summary>{fill(plural(update_count as u64, t.updates_one, t.updates_other), &[&update_count.to_string()])}</summary>
                    <ol class="sw-updates">{updates}</ol>
                </details>
            })}
            {link}
        </article>
    }
}
