//! Dates, times and numbers in the visitor's locale and time zone through the browser's
//! `Intl`, which costs nothing in bundle size and knows more locales than we could ship.

use std::cell::RefCell;
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

thread_local! {
    /// Formatters by locale and style. Making an `Intl` formatter costs far more than using
    /// one, and a page of a large feed formats thousands of dates.
    static FORMATTERS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The formatter for `style` in the widget's locale (see `messages::Locale`; outside a
/// widget, the browser's, which an empty locale list asks `Intl` for), made once by `make`.
fn formatter(style: &str, make: impl FnOnce(&Array) -> JsValue) -> JsValue {
    let tag = leptos::prelude::use_context::<crate::messages::Locale>().map(|locale| locale.tag);
    let key = format!("{}|{style}", tag.as_deref().unwrap_or_default());
    FORMATTERS.with(|cache| {
        if let Some((_, known)) = cache.borrow().iter().find(|(known, _)| *known == key) {
            return known.clone();
        }
        let locales = Array::new();
        if let Some(tag) = tag {
            locales.push(&JsValue::from_str(&tag));
        }
        let made = make(&locales);
        cache.borrow_mut().push((key, made.clone()));
        made
    })
}

/// A bound `format` function of a date or number formatter.
fn format_function(style: &str, make: impl FnOnce(&Array) -> js_sys::Function) -> js_sys::Function {
    formatter(style, |locales| make(locales).into()).unchecked_into()
}

/// Makes the formatters that a first render uses, to be called while the feed is still on its
/// way: a page's first `Intl` formatter loads its locale's data, which takes tens of
/// milliseconds that would otherwise come after the feed arrives.
pub fn prepare() {
    let now = crate::clock::now();
    relative_to_now(now, now);
    absolute(now);
    short_date_time(now);
    // Hours and minutes, the units of most incidents' durations.
    duration(Duration::from_secs(3_660));
}

/// "21 minutes ago", "now", "in 30 seconds", in the visitor's language.
pub fn relative_to_now(then: Timestamp, now: Timestamp) -> String {
    let since_epoch = |t: Timestamp| t.since(Timestamp::from_unix_millis(0));
    let (count, unit) = relative_time(since_epoch(then), since_epoch(now));
    let format: Intl::RelativeTimeFormat = formatter("relative", |locales| {
        Intl::RelativeTimeFormat::new(locales, &options(&[("numeric", "auto")])).into()
    })
    .unchecked_into();
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
    let format = format_function("absolute", |locales| {
        Intl::DateTimeFormat::new(
            locales,
            &options(&[("dateStyle", "medium"), ("timeStyle", "long")]),
        )
        .format()
    });
    call_format(&format, &js_date(time))
}

/// A compact date and time for lists, e.g. "27 Nov, 09:00", with the year when it is not
/// this year's (incident windows reach back up to a year). "This year" is the visitor's, in
/// their time zone, as the date is shown: on New Year's Eve in one zone it is already the
/// next year in UTC.
pub fn short_date_time(time: Timestamp) -> String {
    let this_year = js_date(time).get_full_year() == js_date(crate::clock::now()).get_full_year();
    let style = if this_year { "short" } else { "short-year" };
    let format = format_function(style, |locales| {
        let mut fields = vec![
            ("month", "short"),
            ("day", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
        ];
        if !this_year {
            fields.push(("year", "numeric"));
        }
        Intl::DateTimeFormat::new(locales, &options(&fields)).format()
    });
    call_format(&format, &js_date(time))
}

/// A day of the calendar, e.g. "Nov 26", as the date it is everywhere: history days are
/// whole UTC days, so they are not shifted into the visitor's time zone.
pub fn calendar_day(date: CalendarDate) -> String {
    let noon = Timestamp::from_unix_millis(date.days_since_unix_epoch() * 86_400_000 + 43_200_000);
    let format = format_function("calendar-day", |locales| {
        Intl::DateTimeFormat::new(
            locales,
            &options(&[("month", "short"), ("day", "numeric"), ("timeZone", "UTC")]),
        )
        .format()
    });
    call_format(&format, &js_date(noon))
}

/// A count with the visitor's digit grouping, e.g. "1,234" or "1.234".
pub fn count(value: u64) -> String {
    let format = format_function("count", |locales| {
        Intl::NumberFormat::new(locales, &Object::new()).format()
    });
    call_format(&format, &JsValue::from_f64(value as f64))
}

/// A percentage given as 0 to 100, e.g. "99.95%", with the visitor's number format.
pub fn percent(value: f64) -> String {
    let format = format_function("percent", |locales| {
        Intl::NumberFormat::new(
            locales,
            &options(&[("style", "percent"), ("maximumFractionDigits", "2")]),
        )
        .format()
    });
    // Cut to hundredths of a percent here, never rounded up: 99.996% uptime is not "100%".
    // The tolerance keeps values such as 99.88, which are not exact in binary, at 99.88.
    let hundredths = (value * 100.0 + 1e-6).floor();
    call_format(&format, &JsValue::from_f64(hundredths / 10_000.0))
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
    let format = format_function(&format!("unit-{}", unit.as_str()), |locales| {
        Intl::NumberFormat::new(
            locales,
            &options(&[
                ("style", "unit"),
                ("unit", unit.as_str()),
                ("unitDisplay", "short"),
            ]),
        )
        .format()
    });
    call_format(&format, &JsValue::from_f64(count as f64))
}

fn call_format(format: &js_sys::Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
        .map(String::from)
        .unwrap_or_default()
}
