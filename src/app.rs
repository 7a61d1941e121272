//! The standalone page: the widget in full (or the view asked for) for the feed named by
//! `?feed=` (or the built-in demo). Query parameters are the element's attributes:
//! `feed`, `view`, `theme`, `lang`, `href`, `refresh`, `report`, `days`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::components::Widget;
use crate::feed_loader::query_parameter;
use crate::widget_options::{WidgetOptions, WidgetView};

#[component]
pub fn StandalonePage() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let mut options = WidgetOptions::read(|name| query_parameter(&search, name), WidgetView::Full);
    options.source = options.source.resolved();
    report_height_to_parent_frame();
    view! { <Widget options names_the_document=true /> }
}

/// When the page is framed, tells the parent its content height whenever it changes, so the
/// optional `embed-frame.js` helper can size the iframe. The height is not secret, so any
/// parent may read it; the helper checks that messages come from its own frame.
fn report_height_to_parent_frame() {
    let window = window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    open_links_in_the_top_window();
    let Some(body) = document().body() else {
        return;
    };
    let post = Closure::<dyn Fn()>::new(move || {
        let height = document()
            .body()
            .map_or(0.0, |body| body.get_bounding_client_rect().height());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"status-widget:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    });
    // Lives as long as the page; the observer never needs to stop.
    let post = post.into_js_value();
    if let Ok(observer) = web_sys::ResizeObserver::new(post.unchecked_ref()) {
        observer.observe(&body);
    }
}

/// In a frame, links (status page, incident details) should replace the host page rather than
/// load inside the small frame, where the target site may also refuse to be framed.
fn open_links_in_the_top_window() {
    let document = document();
    let (Ok(base), Ok(Some(head))) = (
        document.create_element("base"),
        document.query_selector("head"),
    ) else {
        return;
    };
    let _ = base.set_attribute("target", "_top");
    let _ = head.append_child(&base);
}
