//! The rules of a visitor's problem report that the widget and the server share: what a note
//! may hold, how often one visitor may report a component, and what the server's answer means.

use std::time::Duration;

use crate::model::ReportSettings;
use crate::timestamp::Timestamp;

/// Notes are a short free-text hint for the operator, never published.
pub const MAX_NOTE_CHARS: usize = 280;
/// How long a visitor waits before reporting the same component again, unless the feed says.
pub const DEFAULT_ONCE_PER_MINUTES: u32 = 30;

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
