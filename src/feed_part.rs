//! Rendering one part of a feed again only when that part changes. A refresh that changes one
//! component then leaves the DOM of every other part alone: no flicker, no lost focus, live
//! regions kept in place.

use std::sync::Arc;

use leptos::prelude::*;
use status_feed::Feed;

/// A feed that counts as unchanged while the part of it that `same` compares is unchanged.
/// Comparing in place spares copying the part out of every new feed.
#[derive(Clone)]
struct Part {
    feed: Arc<Feed>,
    same: fn(&Feed, &Feed) -> bool,
}

impl PartialEq for Part {
    fn eq(&self, other: &Part) -> bool {
        Arc::ptr_eq(&self.feed, &other.feed) || (self.same)(&self.feed, &other.feed)
    }
}

/// `render` of the feed, run again only when the part `same` compares changes.
pub fn part_of(
    feed: Signal<Arc<Feed>>,
    same: fn(&Feed, &Feed) -> bool,
    render: impl Fn(Arc<Feed>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let part = Memo::new(move |_| Part {
        feed: feed.get(),
        same,
    });
    move || render(part.get().feed)
}

/// Whether the feed offers the report button in the same way.
pub fn same_report_button(a: &Feed, b: &Feed) -> bool {
    a.takes_reports() == b.takes_reports()
}

/// Whether the incidents, and what they call the components they affect, are the same.
pub fn same_incidents(a: &Feed, b: &Feed) -> bool {
    a.incidents == b.incidents && same_component_names(a, b)
}

/// Whether incidents and maintenance windows would call components the same.
pub fn same_component_names(a: &Feed, b: &Feed) -> bool {
    fn names(c: &status_feed::Component) -> (&str, &str) {
        (&c.id, &c.name)
    }
    a.components
        .iter()
        .map(names)
        .eq(b.components.iter().map(names))
}
