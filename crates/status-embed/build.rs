//! Stage one's stylesheet: the theme and the rules of the views it draws (badge, toast, the
//! report button), compacted by the
//! same code as the widget's (which carries every view's rules).

use std::fs;
use std::path::Path;

#[path = "../../style/compact.rs"]
mod compact;

const SOURCES: &[&str] = &[
    "../../style/theme.css",
    "../../src/components/status_badge.css",
    "../../src/components/widget.css",
    "../../src/components/toast.css",
    "../../src/components/button.css",
];

fn main() {
    println!("cargo::rerun-if-changed=../../style/compact.rs");
    let css = compact::joined(SOURCES);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out).join("stage-one.css"), css).expect("OUT_DIR is writable");
}
