//! Error answers of the API: a status code and a JSON body
//! `{ "error": "<code>", "message": "<human text>", "field": "<json field>" }`.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// How long a client is asked to wait while the database is unavailable: long enough not to
/// add load to a database that is starting, short enough to land soon after it is back.
const DATABASE_RETRY_SECONDS: u64 = 5;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
    retry_after_seconds: Option<u64>,
}

#[derive(Debug, Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                error: code,
                message: message.into(),
                field: None,
            },
            retry_after_seconds: None,
        }
    }

    /// Names the request field the error is about.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }

    /// Logs the cause and answers 500 without exposing it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server; please try again later.",
        )
    }

    /// A store failure: 503 with a time to retry while the database is out of reach
    /// (stopped, restarting, on a full disk), where a retry with the same idempotency key is
    /// safe whether or not the first attempt was stored; 500 for any other fault.
    pub fn store(cause: &crate::store::StoreError) -> Self {
        if !cause.is_unavailable() {
            return Self::internal(cause);
        }
        tracing::error!(%cause, "database unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "Reports cannot be stored right now; please try again in a few seconds.",
        )
        .retry_after(DATABASE_RETRY_SECONDS)
    }

    pub fn unknown_feed(name: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "unknown_feed",
            format!("There is no feed named \"{name}\"."),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This method is not allowed here; the Allow header lists those that are.",
        )
    }

    #[cfg(test)]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    #[cfg(test)]
    pub fn code(&self) -> &'static str {
        self.body.error
    }

    #[cfg(test)]
    pub fn field_name(&self) -> Option<&str> {
        self.body.field.as_deref()
    }

    #[cfg(test)]
    pub fn message(&self) -> &str {
        &self.body.message
    }
}

/// A path that cannot be taken apart, e.g. one whose percent-escapes are not UTF-8.
impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::new(rejection.status(), "invalid_path", rejection.body_text())
    }
}

/// A query string that does not fit the route's parameters, e.g. one named twice.
impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::new(rejection.status(), "invalid_query", rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
