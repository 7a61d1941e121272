//! `GET /healthz`: whether the server can reach its database, and which feeds its
//! configuration keeps from being read. Either problem is `degraded`, not a failure: the
//! server still serves the widget and the feeds, so a load balancer should keep sending
//! visitors to it.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};

use super::App;

/// Always `200`: the status is in the body.
pub async fn get_health(State(app): State<Arc<App>>) -> Json<Value> {
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
    let status = if database_ok && misconfigured.is_empty() {
        "ok"
    } else {
        "degraded"
    };
    let database = if database_ok { "ok" } else { "error" };
    let mut body = json!({ "status": status, "database": database });
    if !misconfigured.is_empty() {
        body["feeds"] = Value::Object(misconfigured);
    }
    Json(body)
}
