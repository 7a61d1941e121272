//! `GET /healthz`: whether the server can reach its database, and which feeds its
//! configuration keeps from being read.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::App;

pub async fn get_health(State(app): State<Arc<App>>) -> (StatusCode, Json<Value>) {
    let database_ok = match app.blocking(|app| Ok(app.store.check())).await {
        Ok(Ok(())) => true,
        Ok(Err(error)) => {
            tracing::error!(%error, "health check failed");
            false
        }
        // Already logged by `ApiError::internal`.
        Err(_) => false,
    };
    let misconfigured: Map<String, Value> = app
        .feeds
        .configuration_errors()
        .map(|(name, error)| (name.to_owned(), Value::from(error)))
        .collect();
    let (status, mut body) = match (database_ok, misconfigured.is_empty()) {
        (false, _) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "status": "unavailable", "database": "error" }),
        ),
        // The server works; a feed needs its operator.
        (true, false) => (
            StatusCode::OK,
            json!({ "status": "degraded", "database": "ok" }),
        ),
        (true, true) => (StatusCode::OK, json!({ "status": "ok", "database": "ok" })),
    };
    if !misconfigured.is_empty() {
        body["feeds"] = Value::Object(misconfigured);
    }
    (status, Json(body))
}
