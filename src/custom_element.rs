//! `<status-widget>` elements with the `compact` and `full` views. Stage one defines the
//! element and follows its life cycle; it hands rich elements to this bundle through `mount`
//! and `unmount`. Each element renders into its own open shadow root with the widget's
//! stylesheet adopted there, so host CSS cannot reach in and the widget's CSS cannot leak out.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::components::{ReportDialogHandle, Widget};
use crate::feed_hub;
use crate::messages::Locale;
use crate::styles;
use crate::widget_options::{WidgetOptions, WidgetView};

/// A rendered element: dropping it unmounts the view, which releases its feed.
struct Rendered {
    element: HtmlElement,
    /// For a `report` element, whose button stage one draws: the dialog this bundle adds.
    report: Option<ReportDialogHandle>,
    _view: Box<dyn Any>,
}

thread_local! {
    static RENDERED: RefCell<Vec<Rendered>> = const { RefCell::new(Vec::new()) };
}

/// The element's options; without its own `lang`, a widget speaks the host page's language
/// when it can.
fn options_of(element: &HtmlElement) -> WidgetOptions {
    let mut options = WidgetOptions::read(|name| element.get_attribute(name), WidgetView::Compact);
    options.source = options.source.resolved();
    options.lang = options.lang.or_else(|| {
        let page_lang = document().document_element()?.get_attribute("lang")?;
        Some(page_lang).filter(|lang| !lang.trim().is_empty())
    });
    options
}

/// A new container at the end of the element's shadow root, with this bundle's stylesheet.
fn container_in(element: &HtmlElement) -> Option<HtmlElement> {
    let shadow = match element.shadow_root() {
        Some(shadow) => shadow,
        None => element
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    styles::adopt_into(&shadow);
    let container = document().create_element("div").ok()?;
    shadow.append_child(&container).ok()?;
    container.dyn_into::<HtmlElement>().ok()
}

/// Renders a `compact` or `full` element that stage one hands over, replacing an earlier
/// rendering. The new options' feed is held while the old view goes, so a feed that stays the
/// same keeps its place in stage one's hub instead of starting over.
pub fn mount(element: HtmlElement) {
    let options = options_of(&element);
    let _held_across_the_swap = feed_hub::subscribe(options.source.clone(), options.refresh);
    unmount(element.clone());
    if let Some(shadow) = element.shadow_root() {
        shadow.set_text_content(None);
    }
    let Some(container) = container_in(&element) else {
        return;
    };
    let view = leptos::mount::mount_to(container, move || view! { <Widget options /> });
    RENDERED.with_borrow_mut(|rendered| {
        rendered.push(Rendered {
            element,
            report: None,
            _view: Box::new(view),
        })
    });
}

/// Opens the report dialog of a `report` element, whose button stage one draws: the dialog
/// is added beside the button the first time.
pub fn open_report(element: HtmlElement) {
    let mounted = RENDERED.with_borrow(|rendered| {
        rendered
            .iter()
            .find(|r| r.element == element)
            .and_then(|r| r.report)
    });
    let handle = mounted.or_else(|| {
        let options = options_of(&element);
        let container = container_in(&element)?;
        let handle = ReportDialogHandle::default();
        let view = leptos::mount::mount_to(
            container,
            move || view! { <Widget options report_handle=handle /> },
        );
        RENDERED.with_borrow_mut(|rendered| {
            rendered.push(Rendered {
                element,
                report: Some(handle),
                _view: Box::new(view),
            })
        });
        Some(handle)
    });
    if let Some(handle) = handle {
        handle.open();
    }
}

/// Unmounts an element stage one no longer hands over (removed, or now a badge).
pub fn unmount(element: HtmlElement) {
    let gone: Vec<Rendered> = RENDERED.with_borrow_mut(|rendered| {
        let (gone, kept) = std::mem::take(rendered)
            .into_iter()
            .partition(|r| r.element == element);
        *rendered = kept;
        gone
    });
    // Dropped outside the borrow: unmounting may run cleanups that look at the list.
    drop(gone);
}

/// After a panic the bundle cannot run again, so every widget on the page is replaced by a
/// short message saying so; the host page itself is left alone. Called from the panic hook,
/// so it touches only the DOM, not the widget's own state.
pub fn show_failure() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("status-widget") else {
        return;
    };
    for index in 0..hosts.length() {
        let root = hosts
            .item(index)
            .and_then(|host| host.dyn_into::<HtmlElement>().ok())
            .and_then(|host| host.shadow_root());
        if let Some(root) = root {
            let spoken = root.query_selector(".sw-root").ok().flatten();
            root.set_text_content(Some(failure_message(spoken)));
        }
    }
    if let Some(page) = document
        .query_selector("main[data-status-widget=page]")
        .ok()
        .flatten()
    {
        let spoken = page.query_selector(".sw-root").ok().flatten();
        page.set_text_content(Some(failure_message(spoken)));
    }
}

/// The failure notice in the language the widget was speaking (its root element carries the
/// chosen language), else in the page's.
fn failure_message(widget_root: Option<web_sys::Element>) -> &'static str {
    let spoken = widget_root.and_then(|root| root.get_attribute("lang"));
    let page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"));
    Locale::choose(spoken.iter().chain(&page).map(String::as_str))
        .language
        .messages()
        .widget_stopped
}
