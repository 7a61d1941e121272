//! `GET /healthz`: whether the server can reach its database.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

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
    if database_ok {
        (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "error" })),
        )
    }
}
