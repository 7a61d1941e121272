//! The widget's CSS travels inside the wasm and is applied as constructed stylesheets, which
//! work identically for the document and for shadow roots and need no `style-src` exception
//! in a host page's Content-Security-Policy.

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

/// Theme variables first, then each component's rules (kept beside the component), joined
/// and compacted by `build.rs`.
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

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

/// Applies the widget's styles inside one widget's shadow root, and nowhere else. A sheet
/// stage one adopted there stays: it draws a `report` element's button beside this bundle's
/// dialog.
pub fn adopt_into(shadow: &ShadowRoot) {
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet {
            let sheets = shadow.adopted_style_sheets();
            if !sheets.includes(sheet, 0) {
                sheets.push(sheet);
                shadow.set_adopted_style_sheets(&sheets);
            }
        }
    });
}
