//! The CSS compactor both build scripts use (the widget's and stage one's): the CSS ships
//! inside every host page's bundle.

use std::fs;

/// The named files, read and joined in order, compacted. Tells cargo to rebuild when one
/// changes. Paths are relative to the build script's crate.
pub fn joined(sources: &[&str]) -> String {
    let mut css = String::new();
    for source in sources {
        println!("cargo::rerun-if-changed={source}");
        let text = fs::read_to_string(source).unwrap_or_else(|error| panic!("{source}: {error}"));
        css.push_str(&compact(&text));
    }
    css
}

/// Drops comments, collapses white space, and removes it next to `{ } ; ,` where CSS never
/// needs it. Spaces elsewhere are kept: in selectors they are the descendant combinator.
pub fn compact(css: &str) -> String {
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
