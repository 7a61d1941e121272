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
    "src/components/report_dialog.css",
    "src/components/community_signal.css",
    "src/components/report_chart.css",
    "src/components/uptime_history.css",
    "src/components/maintenance_list.css",
    "src/components/guide.css",
];

fn main() {
    let mut css = String::new();
    for source in SOURCES {
        println!("cargo::rerun-if-changed={source}");
        let text = fs::read_to_string(source).unwrap_or_else(|error| panic!("{source}: {error}"));
        css.push_str(&compact(&text));
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out).join("widget.css"), css).expect("OUT_DIR is writable");
}

/// Drops comments, collapses white space, and removes it next to `{ } ; ,` where CSS never
/// needs it. Spaces elsewhere are kept: in selectors they are the descendant combinator.
fn compact(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut compacted = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        if c == ' ' && (compacted.ends_with(tight) || chars.peek().is_some_and(|next| tight(*next)))
        {
            continue;
        }
        compacted.push(c);
    }
    compacted
}
