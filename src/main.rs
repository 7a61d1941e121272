//! Stage two of the embed: the Leptos widget as a wasm that does nothing by itself. Stage one
//! (`embed/stage-one.js`) calls these exports once it has loaded it. They are declared here,
//! in the program, because a program's wasm exports only its own functions: as a library, the
//! bundle would also export every dependency's (such as Leptos's stream adapters), and keep
//! their code.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {}

/// Takes stage one's feeds API; mounts the standalone page if this is it.
#[wasm_bindgen]
pub fn start(stage_one: status_widget::stage_one::StageOne) {
    status_widget::start(stage_one);
}

/// Renders a `compact` or `full` element, replacing an earlier rendering.
#[wasm_bindgen]
pub fn mount(element: HtmlElement) {
    status_widget::custom_element::mount(element);
}

/// Unmounts an element stage one no longer hands over (removed, or now a badge).
#[wasm_bindgen]
pub fn unmount(element: HtmlElement) {
    status_widget::custom_element::unmount(element);
}

/// Opens the report dialog of a `report` element, whose button stage one draws.
#[wasm_bindgen]
pub fn open_report(element: HtmlElement) {
    status_widget::custom_element::open_report(element);
}

/// Stage one has news of the feed at `url`.
#[wasm_bindgen]
pub fn feed_changed(url: &str) {
    status_widget::feed_changed(url);
}

/// Reads a new text of the feed at `url` for stage one, when only this bundle shows the feed:
/// `{refresh}` (the feed's suggested interval in seconds, or null), or null if it is refused.
#[wasm_bindgen]
pub fn read_text(url: &str, text: &str) -> JsValue {
    let Ok(refresh) = status_widget::feed_hub::read_text(url, text) else {
        return JsValue::NULL;
    };
    let read = js_sys::Object::new();
    let refresh = refresh.map_or(JsValue::NULL, JsValue::from);
    let _ = js_sys::Reflect::set(&read, &"refresh".into(), &refresh);
    read.into()
}
