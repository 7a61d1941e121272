//! Dates, times and numbers in the visitor's locale and time zone through the browser's
//! `Intl`, which costs nothing in bundle size and knows more locales than we could ship.

use std::time::Duration;

use js_sys::{Array, Date, Intl, Object, Reflect};
use status_feed::{CalendarDate, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

use crate::time_units::{TimeUnit, duration_parts, relative_time};

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// The widget's locale (see `messages::Locale`); outside a widget, the browser's, which an
/// empty list asks `Intl` for.
fn default_locale() -> Array {
    let locales = Array::new();
    if let Some(locale) = leptos::prelude::use_context::<crate::messages::Locale>() {
        locales.push(&JsValue::from_str(&locale.tag));
    }
    locales
}

/// "21 minutes ago", "now", "in 30 seconds", in the visitor's language.
pub fn relative_to_now(then: Timestamp, now: Timestamp) -> String {
    let since_epoch = |t: Timestamp| t.since(Timestamp::from_unix_millis(0));
    let (count, unit) = relative_time(since_epoch(then), since_epoch(now));
    let format = Intl::RelativeTimeFormat::new(&default_locale(), &options(&[("numeric", "auto")]));
    // Counts of seconds to days are far below f64's exact-integer limit.
    String::from(format.format(count as f64, unit.as_str()))
}

fn js_date(time: Timestamp) -> Date {
    // Millisecond counts of real dates are far below f64's exact-integer limit.
    Date::new(&JsValue::from_f64(time.unix_millis() as f64))
}

/// The machine-readable form for `<time datetime>`. The browser's `Date` does it, which keeps
/// a date formatter out of the bundle.
pub fn iso(time: Timestamp) -> String {
    String::from(js_date(time).to_iso_string())
}

/// A full date and time in the visitor's time zone, e.g. "27 Nov 2026, 09:00:00 CET".
pub fn absolute(time: Timestamp) -> String {
    let format = Intl::DateTimeFormat::new(
        &default_locale(),
        &options(&[("dateStyle", "medium"), ("timeStyle", "long")]),
    );
    call_format(&format.format(), &js_date(time))
}

/// A compact date and time for lists, e.g. "27 Nov, 09:00".
pub fn short_date_time(time: Timestamp) -> String {
    let format = Intl::DateTimeFormat::new(
        &default_locale(),
        &options(&[
            ("month", "short"),
            ("day", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ]),
    );
    call_format(&format.format(), &js_date(time))
}

/// A day of the calendar, e.g. "Nov 26", as the date it is everywhere: history days are
/// whole UTC days, so they are not shifted into the visitor's time zone.
pub fn calendar_day(date: CalendarDate) -> String {
    let noon = Timestamp::from_unix_millis(date.days_since_unix_epoch() * 86_400_000 + 43_200_000);
    let format = Intl::DateTimeFormat::new(
        &default_locale(),
        &options(&[("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]),
    );
    call_format(&format.format(), &js_date(noon))
}

/// A percentage given as 0 to 100, e.g. "99.95%", with the visitor's number format.
pub fn percent(value: f64) -> String {
    let format = Intl::NumberFormat::new(
        &default_locale(),
        &options(&[("style", "percent"), ("maximumFractionDigits", "2")]),
    );
    call_format(&format.format(), &JsValue::from_f64(value / 100.0))
}

/// "1 hr 10 min", with unit words from the visitor's locale.
pub fn duration(span: Duration) -> String {
    duration_parts(span)
        .into_iter()
        .map(|(count, unit)| number_with_unit(count, unit))
        .collect::<Vec<_>>()
        .join(" ")
}

fn number_with_unit(count: u64, unit: TimeUnit) -> String {
    let format = Intl::NumberFormat::new(
        &default_locale(),
        &options(&[
            ("style", "unit"),
            ("unit", unit.as_str()),
            ("unitDisplay", "short"),
        ]),
    );
    call_format(&format.format(), &JsValue::from_f64(count as f64))
}

fn call_format(format: &js_sys::Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
        .map(String::from)
        .unwrap_or_default()
}
