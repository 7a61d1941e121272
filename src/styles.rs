//! The widget's CSS travels inside the wasm and is applied as constructed stylesheets, which
//! work identically for the document and for shadow roots and need no `style-src` exception
//! in a host page's Content-Security-Policy.

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

/// Theme variables first, then each component's rules (kept beside the component).
pub const CSS: &str = concat!(
    include_str!("../style/theme.css"),
    include_str!("components/status_page.css"),
    include_str!("components/status_badge.css"),
    include_str!("components/last_checked.css"),
    include_str!("components/component_list.css"),
    include_str!("components/incident_list.css"),
    include_str!("components/incident_card.css"),
    include_str!("components/load_state.css"),
    include_str!("components/freshness_notice.css"),
    include_str!("components/widget.css"),
    include_str!("components/toast.css"),
);

thread_local! {
    /// One sheet shared by the document and every widget's shadow root.
    static SHEET: Option<CssStyleSheet> = stylesheet();
}

fn stylesheet() -> Option<CssStyleSheet> {
    let sheet = CssStyleSheet::new().ok()?;
    sheet.replace_sync(CSS).ok()?;
    Some(sheet)
}

/// Applies the widget's styles to the whole document (standalone page).
pub fn adopt_into_document() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet {
            let sheets = document.adopted_style_sheets();
            sheets.push(&JsValue::from(sheet));
            document.set_adopted_style_sheets(&sheets);
        }
    });
}

/// Applies the widget's styles inside one widget's shadow root, and nowhere else.
pub fn adopt_into(shadow: &ShadowRoot) {
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet {
            shadow.set_adopted_style_sheets(&js_sys::Array::of1(sheet));
        }
    });
}
