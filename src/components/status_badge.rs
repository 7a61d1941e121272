use leptos::prelude::*;
use status_feed::Status;

use crate::messages::status_label;

/// Status in words with an icon, colour only reinforcing them.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let icon = match status {
        Status::Operational => "✓",
        Status::Maintenance => "⚙",
        Status::Degraded => "!",
        Status::PartialOutage => "◐",
        Status::MajorOutage => "✕",
        Status::Unknown => "?",
    };
    view! {
        <span class=format!("sw-badge sw-badge--{}", status.as_str())>
            <span class="sw-badge__icon" aria-hidden="true">{icon}</span>
            <span class="sw-badge__label">{status_label(status)}</span>
        </span>
    }
}
