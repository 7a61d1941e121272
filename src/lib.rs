//! The status widget: Leptos views over a validated `status_feed::Feed`.
//!
//! Data flows one way: feed bytes are fetched (`feed_loader`), turned into a `Feed` by the
//! pure `status-feed` crate, and handed to the views in `components`, which never see JSON.

pub mod app;
pub mod clock;
pub mod components;
pub mod feed_cache;
pub mod feed_loader;
pub mod intl;
pub mod live_feed;
pub mod messages;
pub mod styles;
pub mod time_units;

/// Mounts the standalone status page into the document body.
pub fn start() {
    styles::adopt_into_document();
    leptos::mount::mount_to_body(app::StandalonePage);
}
