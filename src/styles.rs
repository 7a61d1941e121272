//! The widget's CSS travels inside the wasm and is applied as constructed stylesheets, which
//! work identically for the document and for shadow roots and need no `style-src` exception
//! in a host page's Content-Security-Policy.

use wasm_bindgen::JsValue;
use web_sys::CssStyleSheet;

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
);

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
    if let Some(sheet) = stylesheet() {
        let sheets = document.adopted_style_sheets();
        sheets.push(&JsValue::from(sheet));
        document.set_adopted_style_sheets(&sheets);
    }
}
