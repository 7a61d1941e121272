//! The standalone page: the widget in full (or the view asked for) for the feed named by
//! `?feed=` (or the built-in demo). Query parameters are the element's attributes:
//! `feed`, `view`, `theme`, `lang`, `href`, `refresh`.

use leptos::prelude::*;

use crate::components::Widget;
use crate::feed_loader::query_parameter;
use crate::widget_options::{WidgetOptions, WidgetView};

#[component]
pub fn StandalonePage() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let options = WidgetOptions::read(|name| query_parameter(&search, name), WidgetView::Full);
    view! {
        <main>
            <Widget options />
        </main>
    }
}
