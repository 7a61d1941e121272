//! Where this bundle's own files are. Below everything that loads one (the demo feed), so
//! the loaders need not know about the element that mounts views.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function bundle_url(path) { return new URL('../../' + path, import.meta.url).href; }
"#)]
extern "C" {
    /// `path` resolved against the bundle's own folder (this snippet sits two folders down).
    pub fn bundle_url(path: &str) -> String;
}
