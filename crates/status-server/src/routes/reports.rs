//! `POST /api/reports/<feed>`: a visitor says a component of that feed is failing for them.
//! The feed is named in the path, so a widget needs nothing but the feed's `report.url`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::IgnoredAny;
use serde_json::json;
use status_feed::Timestamp;
use status_feed::report::{FieldProblem, ReportRequest};

use super::{ApiError, App, now};
use crate::client::client_address;
use crate::feeds::LoadedFeed;
use crate::store::{NewReport, RateLimit, Submission};

pub async fn post_report(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Path(feed) = path?;
    require_json(&headers)?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!(
                    "A report body is at most {} bytes.",
                    super::MAX_REPORT_BYTES
                ),
            )
        } else {
            ApiError::new(rejection.status(), "unreadable_body", rejection.body_text())
        }
    })?;
    let loaded = app
        .blocking({
            let feed = feed.clone();
            move |app| {
                app.feeds
                    .get(&feed)
                    .ok_or_else(|| ApiError::unknown_feed(&feed))
            }
        })
        .await?;
    let request = parse_request(&body)?;
    let received_at = now();
    let address = client_address(peer, &headers, app.config.server.trust_proxy_headers);
    let submission = app
        .blocking(move |app| submit(app, &feed, &loaded, request, address, received_at))
        .await?;
    match submission {
        Submission::Accepted { id } => Ok((
            StatusCode::CREATED,
            Json(json!({ "id": id, "counted": true })),
        )
            .into_response()),
        // The original answer again, but 200: this request created nothing.
        Submission::Replayed { id } => {
            Ok((StatusCode::OK, Json(json!({ "id": id, "counted": true }))).into_response())
        }
        Submission::KeyConflict => Err(ApiError::new(
            StatusCode::CONFLICT,
            "idempotency_conflict",
            "This idempotency key was already used for a different report.",
        )
        .field("idempotency_key")),
        Submission::RateLimited {
            retry_after_seconds,
        } => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Too many reports; try again in {retry_after_seconds} seconds."),
        )
        .retry_after(retry_after_seconds)),
    }
}

/// Only `application/json` is taken. Besides being honest about the format, it makes
/// browsers send a CORS preflight, so the origin allow-list applies to reports too.
fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the report as JSON with Content-Type: application/json.",
        ))
    }
}

fn submit(
    app: &App,
    name: &str,
    feed: &LoadedFeed,
    request: ReportRequest,
    address: IpAddr,
    received_at: Timestamp,
) -> Result<Submission, ApiError> {
    let unknown = |code: &'static str, field: &'static str, message: String| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).field(field)
    };
    if !feed.has_component(&request.component) {
        let message = format!(
            "Feed \"{name}\" has no component \"{}\".",
            request.component
        );
        return Err(unknown("unknown_component", "component", message));
    }
    if !feed.has_symptom(&request.symptom) {
        let message = format!("Feed \"{name}\" has no symptom \"{}\".", request.symptom);
        return Err(unknown("unknown_symptom", "symptom", message));
    }
    let reports = &app.config.reports;
    let limit = RateLimit {
        max_reports: reports.rate_limit,
        window_millis: i64::from(reports.rate_limit_window_seconds) * 1000,
    };
    let client_hash = app
        .clients
        .hash(address, received_at, |day, offered| {
            app.store.forget_salts_before(day)?;
            app.store.daily_salt(day, offered)
        })
        .map_err(|error| ApiError::store(&error))?;
    let report = NewReport {
        feed: name.to_owned(),
        component: request.component,
        symptom: request.symptom,
        note: request.note,
        idempotency_key: request.idempotency_key,
        client_hash,
        received_at,
    };
    let submission = app
        .store
        .submit(&report, limit)
        .map_err(|error| ApiError::store(&error))?;
    if let Submission::Accepted { id } = submission {
        app.feed_cache.invalidate();
        tracing::info!(id, feed = %report.feed, component = %report.component, symptom = %report.symptom, "report stored");
    }
    Ok(submission)
}

/// The request, checked by the rules the widget follows too. Every refusal names the field,
/// unless the body is not a JSON object at all.
fn parse_request(body: &[u8]) -> Result<ReportRequest, ApiError> {
    // Syntax first: reading into the type stops at the first field that does not fit, and a
    // body that is not JSON at all must say so whatever its first field.
    serde_json::from_slice::<IgnoredAny>(body).map_err(|error| not_json(&error))?;
    let request: ReportRequest =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body))
            .map_err(|error| schema_error(error.path(), error.inner()))?;
    request
        .checked()
        .map_err(|FieldProblem { field, problem }| invalid_field(field, &problem))
}

fn not_json(error: &serde_json::Error) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_json",
        format!("The body is not valid JSON: {error}."),
    )
}

fn schema_error(path: &serde_path_to_error::Path, error: &serde_json::Error) -> ApiError {
    if !matches!(error.classify(), serde_json::error::Category::Data) {
        return not_json(error);
    }
    // serde names a field it did not expect, or did not find, only in its message:
    // "unknown field `ip`, expected one of ...", "missing field `symptom`", "duplicate
    // field `note`".
    let message = error.to_string();
    let named = |prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        rest.split_once('`').map(|(name, _)| name.to_owned())
    };
    for (prefix, problem) in [
        ("unknown field `", "is not a report field"),
        ("missing field `", "is required"),
        ("duplicate field `", "is given twice"),
    ] {
        if let Some(field) = named(prefix) {
            return invalid_field(field, problem);
        }
    }
    // A value of the wrong type, at the path serde_path_to_error kept.
    if let Some(serde_path_to_error::Segment::Map { key }) = path.iter().next() {
        let problem = if key == "note" {
            "must be a string or null"
        } else {
            "must be a string"
        };
        return invalid_field(key.clone(), problem);
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_json",
        "The body must be a JSON object.",
    )
}

fn invalid_field(field: impl Into<String>, problem: &str) -> ApiError {
    let field = field.into();
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_field",
        format!("\"{field}\" {problem}."),
    )
    .field(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(body: &str) -> (StatusCode, &'static str, Option<String>) {
        let error = parse_request(body.as_bytes()).unwrap_err();
        (
            error.status(),
            error.code(),
            error.field_name().map(str::to_owned),
        )
    }

    const VALID: &str = r#"{"component":"chat","symptom":"503","idempotency_key":"abcdefgh"}"#;

    #[test]
    fn reads_a_valid_report() {
        let request = parse_request(VALID.as_bytes()).unwrap();
        assert_eq!(
            request,
            ReportRequest {
                component: "chat".into(),
                symptom: "503".into(),
                note: None,
                idempotency_key: "abcdefgh".into(),
            }
        );
        let with_note = VALID.replace('}', r#","note":"  fails since 9:00\n "}"#);
        assert_eq!(
            parse_request(with_note.as_bytes()).unwrap().note.as_deref(),
            Some("fails since 9:00")
        );
    }

    #[test]
    fn says_what_is_wrong_in_words() {
        let message = |body: &str| {
            parse_request(body.as_bytes())
                .unwrap_err()
                .message()
                .to_owned()
        };
        assert_eq!(
            message(r#"{"symptom":"503","idempotency_key":"abcdefgh"}"#),
            "\"component\" is required."
        );
        assert_eq!(
            message(&VALID.replace('}', r#","ip":"1.2.3.4"}"#)),
            "\"ip\" is not a report field."
        );
        assert_eq!(
            message(&VALID.replace(r#""chat""#, "7")),
            "\"component\" must be a string."
        );
        assert_eq!(message("[1]"), "The body must be a JSON object.");
    }

    #[test]
    fn names_the_field_of_each_schema_error() {
        // The field each body is refused for; none: refused as not JSON, or not an object.
        let cases: [(&str, Option<&str>); 14] = [
            ("not json", None),
            ("[1]", None),
            (
                r#"{"symptom":"503","idempotency_key":"abcdefgh"}"#,
                Some("component"),
            ),
            (&VALID.replace('}', r#","feed":"demo"}"#), Some("feed")),
            (&VALID.replace(r#""chat""#, "7"), Some("component")),
            (&VALID.replace(r#""503""#, r#""""#), Some("symptom")),
            (&VALID.replace("abcdefgh", "short"), Some("idempotency_key")),
            (
                &VALID.replace("abcdefgh", "has space 123"),
                Some("idempotency_key"),
            ),
            (&VALID.replace('}', r#","note":7}"#), Some("note")),
            (
                &VALID.replace('}', r#","note":"bell\u0007"}"#),
                Some("note"),
            ),
            (&VALID.replace('}', r#","ip":"1.2.3.4"}"#), Some("ip")),
            (
                &VALID.replace('}', r#","symptom":"slow"}"#),
                Some("symptom"),
            ),
            (&VALID.replace(r#""chat""#, "null"), Some("component")),
            (&format!("{VALID} {{}}"), None),
        ];
        for (body, field) in cases {
            let code = if field.is_some() {
                "invalid_field"
            } else {
                "invalid_json"
            };
            let expected = (StatusCode::BAD_REQUEST, code, field.map(str::to_owned));
            assert_eq!(error_of(body), expected, "{body}");
        }
    }

    #[test]
    fn notes_are_limited_to_280_characters() {
        let note = |text: &str| VALID.replace('}', &format!(r#","note":"{text}"}}"#));
        assert!(parse_request(note(&"é".repeat(280)).as_bytes()).is_ok());
        assert_eq!(
            error_of(&note(&"é".repeat(281))),
            (
                StatusCode::BAD_REQUEST,
                "invalid_field",
                Some("note".to_owned())
            )
        );
    }
}
