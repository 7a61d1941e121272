//! `GET /badge.svg?feed=<name>[&label=<text>]`: the feed's overall status as a badge.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::conditional::{self, Caching, Tagged};
use super::{ApiError, App};
use crate::badge::{render, status_message};

const SVG: &str = "image/svg+xml; charset=utf-8";
const MAX_LABEL_CHARS: usize = 60;

#[derive(Debug, Deserialize)]
pub struct BadgeQuery {
    feed: Option<String>,
    label: Option<String>,
}

pub async fn get_badge(
    State(app): State<Arc<App>>,
    query: Result<Query<BadgeQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Query(query) = query?;
    let Some(name) = query.feed else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_field",
            "Name the feed: /badge.svg?feed=<name>.",
        )
        .field("feed"));
    };
    // The feed's file name, as in its address `/feeds/<name>.json`, names it too: feed
    // names have no dots, so this cannot name another feed.
    let lookup_name = name.strip_suffix(".json").unwrap_or(&name).to_owned();
    let feed = app
        .blocking(move |app| Ok(app.feeds.get(&lookup_name)))
        .await?;
    let chosen_label = query
        .label
        .map(|label| label.chars().take(MAX_LABEL_CHARS).collect::<String>());
    // An unknown feed still gets a badge, so a page embedding it shows why instead of a
    // broken image.
    let (status, svg, caching) = match feed {
        Some(loaded) => {
            let label = chosen_label.unwrap_or_else(|| {
                loaded
                    .feed
                    .service
                    .name
                    .chars()
                    .take(MAX_LABEL_CHARS)
                    .collect()
            });
            let (message, colour) = status_message(loaded.feed.overall_status());
            (
                StatusCode::OK,
                render(&label, message, colour),
                Caching::for_feed_refreshing_every(loaded.feed.refresh_seconds),
            )
        }
        None => {
            tracing::debug!(feed = %name, "badge for an unknown feed");
            let label = chosen_label.unwrap_or_else(|| "status".to_owned());
            (
                StatusCode::NOT_FOUND,
                render(&label, "unknown feed", "#616161"),
                Caching::Revalidate,
            )
        }
    };
    Ok(conditional::respond(
        &headers,
        status,
        SVG,
        Tagged::new(svg.into_bytes(), caching),
    ))
}
