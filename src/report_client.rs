//! Sending a visitor's problem report to the feed's report URL, and remembering on this
//! device which components were reported when, so one visitor reports a component at most
//! once per the feed's window. The only place the widget touches the network for reports.

use std::time::Duration;

use gloo_net::http::Request;
use js_sys::{JSON, Object, Reflect};
use status_feed::Timestamp;
use status_feed::refresh::parse_retry_after;
use status_feed::report::{ReportAnswer, ReportRequest};
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use crate::clock;
use crate::feed_loader::Deadline;
use crate::storage::local_storage;

const MEMORY_PREFIX: &str = "status-widget/reported/v1/";
const TIMEOUT: Duration = Duration::from_secs(15);

/// Why a report was not counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendFailure {
    /// The browser is offline.
    Offline,
    /// The report server could not be reached (down, blocked, or not allowing this page).
    Unreachable,
    Timeout,
    /// The server answered, but did not count the report.
    Answered(ReportAnswer),
}

impl SendFailure {
    pub fn is_worth_retrying(&self) -> bool {
        match self {
            SendFailure::Answered(answer) => answer.is_worth_retrying(),
            _ => true,
        }
    }
}

pub async fn send_report(url: &str, report: &ReportRequest) -> Result<(), SendFailure> {
    let abort = AbortController::new().map_err(|_| SendFailure::Unreachable)?;
    let timer = Deadline::arm(&abort, TIMEOUT);
    let sent = Request::post(url)
        .header("Content-Type", "application/json")
        .abort_signal(Some(&abort.signal()))
        .body(body(report))
        .map_err(|_| SendFailure::Unreachable)?
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(_) if timer.fired() => return Err(SendFailure::Timeout),
        Err(_) if !is_online() => return Err(SendFailure::Offline),
        Err(_) => return Err(SendFailure::Unreachable),
    };
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| parse_retry_after(&value, clock::now()));
    let message = if response.ok() {
        None
    } else {
        response
            .text()
            .await
            .ok()
            .and_then(|text| error_message(&text))
    };
    match ReportAnswer::from_response(response.status(), retry_after, message) {
        ReportAnswer::Counted => Ok(()),
        answer => Err(SendFailure::Answered(answer)),
    }
}

/// The JSON body, written by the browser's own `JSON.stringify`: serde_json's writer would
/// cost the bundle 4 KB (brotli).
fn body(report: &ReportRequest) -> String {
    let object = Object::new();
    for (name, value) in report.fields() {
        if let Some(value) = value {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&object, &name.into(), &JsValue::from_str(value));
        }
    }
    JSON::stringify(&object).map_or_else(|_| String::new(), String::from)
}

/// The `message` of a JSON error body (`docs/server.md`), if there is one.
fn error_message(text: &str) -> Option<String> {
    let body = JSON::parse(text).ok()?;
    Reflect::get(&body, &"message".into()).ok()?.as_string()
}

fn is_online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// 128 random bits as hex. `crypto.getRandomValues` works on plain-http pages too, where
/// `crypto.randomUUID` does not exist.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    // Without a crypto object the time still keeps keys of different reports apart.
    if bytes == [0; 16] {
        bytes[..8].copy_from_slice(&clock::now().unix_millis().to_le_bytes());
    }
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn memory_key(report_url: &str, component: &str) -> String {
    format!("{MEMORY_PREFIX}{report_url}#{component}")
}

/// When this visitor last reported `component` to `report_url` on this device.
pub fn last_reported(report_url: &str, component: &str) -> Option<Timestamp> {
    let stored = local_storage()?
        .get_item(&memory_key(report_url, component))
        .ok()??;
    stored.parse().ok().map(Timestamp::from_unix_millis)
}

pub fn remember_reported(report_url: &str, component: &str, at: Timestamp) {
    if let Some(storage) = local_storage() {
        let key = memory_key(report_url, component);
        let _ = storage.set_item(&key, &at.unix_millis().to_string());
    }
}
