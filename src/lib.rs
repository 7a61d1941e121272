//! The status widget: Leptos views over a validated `status_feed::Feed`.
//!
//! Data flows one way: feed bytes are fetched (`feed_loader`), turned into a `Feed` by the
//! pure `status-feed` crate, and handed to the views in `components`, which never see JSON.

pub mod app;
pub mod bundle;
pub mod clock;
pub mod components;
pub mod custom_element;
pub mod feed_hub;
pub mod feed_loader;
pub mod feed_part;
pub mod fold_memory;
pub mod intl;
pub mod live_feed;
pub mod messages;
pub mod report_client;
pub mod stage_one;
pub mod storage;
pub mod styles;
pub use status_messages::time_units;
pub mod widget_options;

// Linked for its exports alone (see crates/status-embed): stage one reads them from this
// wasm on pages that load stage two at once.
#[cfg(target_arch = "wasm32")]
use status_embed as _;

/// Called by stage one once this bundle is loaded, with its feeds' API; on the standalone
/// page (which has a `<main data-status-widget="page">`) also mounts the page itself there.
pub fn start(stage_one: stage_one::StageOne) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        custom_element::show_failure();
    }));
    stage_one::connect(stage_one);
    // Views set the executor up on mount, but feeds are mirrored before any view exists. An
    // error means it already exists.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    feed_hub::prepare();
    let page = leptos::prelude::document()
        .query_selector("main[data-status-widget=page]")
        .ok()
        .flatten()
        .and_then(|main| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main).ok());
    if let Some(page) = page {
        styles::adopt_into_document();
        // The page lives as long as the document, so its handle is never dropped.
        std::mem::forget(leptos::mount::mount_to(page, app::StandalonePage));
    }
}

/// Stage one has news of the feed at `url`.
pub fn feed_changed(url: &str) {
    feed_hub::feed_changed(url);
}
