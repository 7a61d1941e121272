//! The status widget: Leptos views over a validated `status_feed::Feed`.
//!
//! Data flows one way: feed bytes are fetched (`feed_loader`), turned into a `Feed` by the
//! pure `status-feed` crate, and handed to the views in `components`, which never see JSON.

pub mod app;
pub mod clock;
pub mod components;
pub mod custom_element;
pub mod feed_cache;
pub mod feed_hub;
pub mod feed_loader;
pub mod intl;
pub mod live_feed;
pub mod messages;
pub mod styles;
pub mod time_units;
pub mod widget_options;

/// Defines `<status-widget>`; on the standalone page (its body is marked
/// `data-status-widget="page"`) also mounts the page itself.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        custom_element::show_failure();
    }));
    feed_hub::prepare();
    custom_element::define();
    let is_standalone_page = leptos::prelude::document()
        .body()
        .and_then(|body| body.get_attribute("data-status-widget"))
        .is_some_and(|role| role == "page");
    if is_standalone_page {
        styles::adopt_into_document();
        leptos::mount::mount_to_body(app::StandalonePage);
    }
}
