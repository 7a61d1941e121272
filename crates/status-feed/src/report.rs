//! The rules of a visitor's problem report that the widget and the server share: the request
//! body, what its fields may hold, how often one visitor may report a component, and what the
//! server's answer means.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::ReportSettings;
use crate::timestamp::Timestamp;

/// Notes are a short free-text hint for the operator, never published.
pub const MAX_NOTE_CHARS: usize = 280;
/// How long a visitor waits before reporting the same component again, unless the feed says.
pub const DEFAULT_ONCE_PER_MINUTES: u32 = 30;

/// Component and symptom ids are at most this long, as in feeds.
const MAX_ID_CHARS: usize = 200;
/// An idempotency key is this many characters of `A-Z a-z 0-9 - _`.
const KEY_LENGTHS: std::ops::RangeInclusive<usize> = 8..=128;

/// The body of `POST` to a feed's `report.url`: what the widget sends and the server reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// The id of a component of the feed.
    pub component: String,
    /// The id of one of the feed's `report.symptoms`.
    pub symptom: String,
    /// A short free-text hint for the operator (see `check_note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The same for every attempt at sending the same report, so a retry never counts twice.
    pub idempotency_key: String,
}

/// A field of a report request that breaks its rules, and how, as the end of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: String,
}

impl ReportRequest {
    /// The fields as they are posted, in order, `None` for one left out. For writers without
    /// serde: the widget writes the body with the browser's `JSON.stringify`, which costs its
    /// bundle nothing. A test keeps this equal to what serde writes.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("component", Some(&self.component)),
            ("symptom", Some(&self.symptom)),
            ("note", self.note.as_deref()),
            ("idempotency_key", Some(&self.idempotency_key)),
        ]
    }

    /// The request as it will be stored, with its note checked and normalised, or the first
    /// field that breaks the rules. Whether the ids exist is for the feed to say.
    pub fn checked(self) -> Result<Self, FieldProblem> {
        let problem = |field, problem: &str| {
            Err(FieldProblem {
                field,
                problem: problem.to_owned(),
            })
        };
        let is_id = |id: &str| (1..=MAX_ID_CHARS).contains(&id.chars().count());
        if !is_id(&self.component) {
            return problem("component", "must be 1 to 200 characters");
        }
        if !is_id(&self.symptom) {
            return problem("symptom", "must be 1 to 200 characters");
        }
        let key = &self.idempotency_key;
        let key_is_valid = KEY_LENGTHS.contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !key_is_valid {
            return problem(
                "idempotency_key",
                "must be 8 to 128 characters of A-Z, a-z, 0-9, - and _",
            );
        }
        let note = match self.note.as_deref().map(check_note).transpose() {
            Ok(note) => note.flatten(),
            Err(error) => return problem("note", &error.to_string()),
        };
        Ok(Self { note, ..self })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("must be at most {MAX_NOTE_CHARS} characters")]
    TooLong,
    #[error("must not contain control characters other than line breaks and tabs")]
    ControlCharacter,
}

/// The note as it will be stored: line breaks written as LF (forms post CR LF, and CR alone
/// is a line break to a browser too), trimmed, and none when blank.
pub fn check_note(note: &str) -> Result<Option<String>, NoteError> {
    // One pass over the characters: `str::replace` would bring the panic paths of string
    // slicing into the widget, about 3 KB of wasm for a few bytes of text.
    let mut stored = String::with_capacity(note.len());
    let mut has_control_character = false;
    let mut chars = note.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                stored.push('\n');
            }
            '\n' | '\t' => stored.push(c),
            c => {
                has_control_character |= c.is_control();
                stored.push(c);
            }
        }
    }
    if stored.chars().count() > MAX_NOTE_CHARS {
        return Err(NoteError::TooLong);
    }
    if has_control_character {
        return Err(NoteError::ControlCharacter);
    }
    let trimmed = stored.trim();
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

impl ReportSettings {
    /// The least time between two reports of one component by one visitor.
    pub fn once_per(&self) -> Duration {
        let minutes = self.once_per_minutes.unwrap_or(DEFAULT_ONCE_PER_MINUTES);
        Duration::from_secs(u64::from(minutes) * 60)
    }

    /// When a visitor who reported a component at `reported_at` may report it again.
    pub fn may_report_again_at(&self, reported_at: Timestamp) -> Timestamp {
        reported_at.after(self.once_per())
    }
}

/// What the report server's answer means for the visitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportAnswer {
    /// Stored and counted (or counted before, for a retried request).
    Counted,
    /// Too many reports from this visitor's network; worth trying again later.
    RateLimited { retry_after: Option<Duration> },
    /// The server will not take this report as it is; its message says why.
    Refused { message: Option<String> },
    /// The server failed; the same report may be sent again.
    ServerFault,
}

impl ReportAnswer {
    pub fn from_response(
        status: u16,
        retry_after: Option<Duration>,
        message: Option<String>,
    ) -> Self {
        match status {
            200..=299 => ReportAnswer::Counted,
            429 => ReportAnswer::RateLimited { retry_after },
            400..=499 => ReportAnswer::Refused { message },
            _ => ReportAnswer::ServerFault,
        }
    }

    /// Whether sending the same report again may work.
    pub fn is_worth_retrying(&self) -> bool {
        matches!(
            self,
            ReportAnswer::RateLimited { .. } | ReportAnswer::ServerFault
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web_url::WebUrl;

    #[test]
    fn notes_are_trimmed_limited_and_free_of_control_characters() {
        let stored = |note| check_note(note).map(|note| note.unwrap_or_default());
        assert_eq!(
            stored("  fails since 9:00\n "),
            Ok("fails since 9:00".into())
        );
        assert_eq!(check_note(" \r\n\t "), Ok(None));
        assert_eq!(stored("two\nlines"), Ok("two\nlines".into()));
        assert_eq!(
            stored("from\r\na form\rand a Mac"),
            Ok("from\na form\nand a Mac".into())
        );
        assert_eq!(stored("col\tumns\r\n"), Ok("col\tumns".into()));
        // Counted once written as LF: 279 characters, from 372 as posted.
        let crlf_lines = "ab\r\n".repeat(MAX_NOTE_CHARS / 3);
        assert!(check_note(&crlf_lines).is_ok_and(|note| note.is_some()));
        assert_eq!(
            check_note(&"é".repeat(MAX_NOTE_CHARS)).map(|n| n.is_some()),
            Ok(true)
        );
        assert_eq!(
            check_note(&"é".repeat(MAX_NOTE_CHARS + 1)),
            Err(NoteError::TooLong)
        );
        assert_eq!(check_note("bell\u{7}"), Err(NoteError::ControlCharacter));
        assert_eq!(check_note("nul\0"), Err(NoteError::ControlCharacter));
        assert_eq!(check_note("del\u{7f}"), Err(NoteError::ControlCharacter));
    }

    fn request() -> ReportRequest {
        ReportRequest {
            component: "chat".into(),
            symptom: "503".into(),
            note: Some("  fails since 9:00\r\n ".into()),
            idempotency_key: "abcdefgh".into(),
        }
    }

    #[test]
    fn a_request_is_posted_as_the_server_reads_it() {
        let as_posted = |request: &ReportRequest| {
            let fields = request
                .fields()
                .into_iter()
                .filter_map(|(name, value)| Some((name.to_owned(), value?.into())));
            serde_json::Value::Object(fields.collect())
        };
        let without_note = ReportRequest {
            note: None,
            ..request()
        };
        for sent in [request(), without_note] {
            let posted = as_posted(&sent);
            assert_eq!(posted, serde_json::to_value(&sent).unwrap());
            let read: ReportRequest = serde_json::from_value(posted).unwrap();
            assert_eq!(read, sent);
        }
        let mut unknown = as_posted(&request());
        unknown["ip"] = "1.2.3.4".into();
        assert!(serde_json::from_value::<ReportRequest>(unknown).is_err());
    }

    #[test]
    fn checking_a_request_normalises_its_note_and_names_a_broken_field() {
        assert_eq!(
            request().checked().unwrap().note.as_deref(),
            Some("fails since 9:00")
        );
        let blank_note = ReportRequest {
            note: Some(" \n ".into()),
            ..request()
        };
        assert_eq!(blank_note.checked().unwrap().note, None);
        let field_of = |request: ReportRequest| request.checked().unwrap_err().field;
        assert_eq!(
            field_of(ReportRequest {
                component: String::new(),
                ..request()
            }),
            "component"
        );
        assert_eq!(
            field_of(ReportRequest {
                symptom: "x".repeat(201),
                ..request()
            }),
            "symptom"
        );
        for key in ["short", "has space 123", &"k".repeat(129)] {
            let request = ReportRequest {
                idempotency_key: key.to_owned(),
                ..request()
            };
            assert_eq!(field_of(request), "idempotency_key", "{key}");
        }
        let ringing = ReportRequest {
            note: Some("bell\u{7}".into()),
            ..request()
        };
        assert_eq!(
            ringing.checked().unwrap_err(),
            FieldProblem {
                field: "note",
                problem: "must not contain control characters other than line breaks and tabs"
                    .into()
            }
        );
        assert_eq!(
            ReportRequest {
                symptom: "é".repeat(200),
                ..request()
            }
            .checked()
            .map(|checked| checked.symptom.chars().count()),
            Ok(200)
        );
    }

    #[test]
    fn one_report_per_component_per_window() {
        let mut settings = ReportSettings {
            url: WebUrl::parse("https://status.example.com/api/reports/demo").unwrap(),
            symptoms: Vec::new(),
            once_per_minutes: None,
        };
        let reported = Timestamp::from_unix_millis(1_795_766_400_000);
        assert_eq!(
            settings.may_report_again_at(reported),
            reported.shifted(30 * 60_000)
        );
        settings.once_per_minutes = Some(5);
        assert_eq!(
            settings.may_report_again_at(reported),
            reported.shifted(5 * 60_000)
        );
    }

    #[test]
    fn answers_by_status_code() {
        let wait = Some(Duration::from_secs(60));
        assert_eq!(
            ReportAnswer::from_response(201, None, None),
            ReportAnswer::Counted
        );
        assert_eq!(
            ReportAnswer::from_response(200, None, None),
            ReportAnswer::Counted
        );
        assert_eq!(
            ReportAnswer::from_response(429, wait, None),
            ReportAnswer::RateLimited { retry_after: wait }
        );
        let refused = ReportAnswer::from_response(422, None, Some("no such component".into()));
        assert_eq!(
            refused,
            ReportAnswer::Refused {
                message: Some("no such component".into())
            }
        );
        assert!(!refused.is_worth_retrying());
        for status in [500, 502, 503, 0] {
            let answer = ReportAnswer::from_response(status, None, None);
            assert_eq!(answer, ReportAnswer::ServerFault);
            assert!(answer.is_worth_retrying());
        }
    }
}
