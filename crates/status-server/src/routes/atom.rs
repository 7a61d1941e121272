//! `GET /feeds/<name>/incidents.atom`: the feed's incidents for feed readers.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::conditional::{self, Caching, Tagged};
use super::feeds::{atom_path, public_base, vary_with_base};
use super::{ApiError, App};
use crate::atom::{AtomLinks, incidents_atom};

const ATOM: &str = "application/atom+xml; charset=utf-8";

pub async fn get_incidents_atom(
    State(app): State<Arc<App>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Path(name) = path?;
    let lookup_name = name.clone();
    let loaded = app
        .blocking(move |app| {
            app.feeds
                .get(&lookup_name)
                .ok_or_else(|| ApiError::unknown_feed(&lookup_name))
        })
        .await?;
    // Without a known address, links are relative to this document, which readers resolve.
    let base = public_base(&app.config.server, &headers).unwrap_or_default();
    let own_page = || format!("{base}/?feed={base}/feeds/{name}.json");
    let links = AtomLinks {
        self_url: format!("{base}{}", atom_path(&name)),
        alternate_url: loaded
            .feed
            .service
            .status_page_url
            .as_ref()
            .map_or_else(own_page, |url| url.as_str().to_owned()),
    };
    let xml = incidents_atom(&name, &loaded.feed, &links);
    let caching = Caching::for_feed_refreshing_every(loaded.feed.refresh_seconds);
    let mut response = conditional::respond(
        &headers,
        StatusCode::OK,
        ATOM,
        Tagged::new(xml.into_bytes(), caching),
    );
    vary_with_base(&app.config.server, &mut response);
    Ok(response)
}
