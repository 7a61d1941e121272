//! Joins the widget's stylesheets (theme first, then each component's CSS, kept beside the
//! component) into one compact stylesheet that `src/styles.rs` compiles into the wasm.
//! Comments and layout whitespace are dropped: the CSS ships inside every host page's bundle.

use std::fs;
use std::path::Path;

const SOURCES: &[&str] = &[
    "style/theme.css",
    "src/components/status_page.css",
    "src/components/status_badge.css",
    "src/components/last_checked.css",
    "src/components/component_list.css",
    "src/components/incident_list.css",
    "src/components/incident_card.css",
    "src/components/load_state.css",
    "src/components/freshness_notice.css",
    "src/components/widget.css",
    "src/components/toast.css",
    "src/components/button.css",
    "src/components/report_dialog.css",
    "src/components/community_signal.css",
    "src/components/report_chart.css",
    "src/components/uptime_history.css",
    "src/components/maintenance_list.css",
    "src/components/guide.css",
];

#[path = "style/compact.rs"]
mod compact;

fn main() {
    println!("cargo::rerun-if-changed=style/compact.rs");
    println!("cargo::rerun-if-changed=src/components");
    // The list keeps the cascade's order, so it is written by hand; a component's CSS left
    // out of it would silently be missing from every widget.
    let mut unlisted: Vec<String> = fs::read_dir("src/components")
        .expect("src/components is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let path = format!("src/components/{}", path.file_name()?.to_str()?);
            (path.ends_with(".css") && !SOURCES.contains(&path.as_str())).then_some(path)
        })
        .collect();
    unlisted.sort();
    assert!(
        unlisted.is_empty(),
        "add {} to SOURCES in build.rs",
        unlisted.join(", ")
    );
    let css = compact::joined(SOURCES);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out).join("widget.css"), css).expect("OUT_DIR is writable");
}
