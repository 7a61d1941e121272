//! The configured feeds. A file source is read at start (a bad one stops the server, so
//! mistakes show at once) and again whenever its file changes, so a publisher can update the
//! file without a restart; a changed file that fails to parse is logged and the last good
//! version is kept. Relayed sources are kept up to date by their pollers (`crate::relay`).
//! Blocking (file metadata): call from `spawn_blocking`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use status_feed::refresh::RefreshPolicy;
use status_feed::{Feed, Symptom, parse_feed};

use crate::config::{FeedSource, SymptomConfig};
use crate::relay::Relay;

#[derive(Debug, thiserror::Error)]
pub enum FeedLoadError {
    #[error("cannot read feed \"{name}\" from {path}: {source}")]
    Read {
        name: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("feed \"{name}\" in {path} is not a valid feed: {source}")]
    Parse {
        name: String,
        path: PathBuf,
        source: status_feed::FeedError,
    },
    #[error("cannot set up the HTTP client of relayed feed \"{name}\": {source}")]
    Client {
        name: String,
        source: reqwest::Error,
    },
}

/// A feed as read from its source, with the symptoms visitors may report.
#[derive(Debug)]
pub struct LoadedFeed {
    pub feed: Feed,
    /// The source's `report.symptoms`, or the configured defaults when it has none.
    pub symptoms: Vec<Symptom>,
}

impl LoadedFeed {
    pub fn new(feed: Feed, default_symptoms: &[Symptom]) -> Self {
        let symptoms = match &feed.report {
            Some(report) if !report.symptoms.is_empty() => report.symptoms.clone(),
            _ => default_symptoms.to_vec(),
        };
        Self { feed, symptoms }
    }

    pub fn has_component(&self, id: &str) -> bool {
        self.feed.component(id).is_some()
    }

    pub fn has_symptom(&self, id: &str) -> bool {
        self.symptoms.iter().any(|symptom| symptom.id == id)
    }
}

/// What identifies one version of a file on disk.
type FileStamp = (Option<SystemTime>, u64);

struct FileSource {
    name: String,
    path: PathBuf,
    current: Mutex<(FileStamp, Arc<LoadedFeed>)>,
}

enum Source {
    File(FileSource),
    Relay(Arc<Relay>),
}

pub struct FeedSources {
    sources: BTreeMap<String, Source>,
    default_symptoms: Vec<Symptom>,
}

impl FeedSources {
    pub fn load(
        feeds: &BTreeMap<String, FeedSource>,
        default_symptoms: &[SymptomConfig],
        relay_schedule: &RefreshPolicy,
    ) -> Result<Self, FeedLoadError> {
        let default_symptoms: Vec<Symptom> = default_symptoms
            .iter()
            .map(|s| Symptom {
                id: s.id.clone(),
                label: s.label.clone(),
            })
            .collect();
        let mut sources = BTreeMap::new();
        for (name, source) in feeds {
            let source = match source {
                FeedSource::File(path) => {
                    let (stamp, loaded) = read_source(name, path, &default_symptoms)?;
                    Source::File(FileSource {
                        name: name.clone(),
                        path: path.clone(),
                        current: Mutex::new((stamp, Arc::new(loaded))),
                    })
                }
                FeedSource::Relay(config) => {
                    let relay = Relay::new(name, config, *relay_schedule, &default_symptoms)
                        .map_err(|source| FeedLoadError::Client {
                            name: name.clone(),
                            source,
                        })?;
                    Source::Relay(Arc::new(relay))
                }
            };
            sources.insert(name.clone(), source);
        }
        Ok(Self {
            sources,
            default_symptoms,
        })
    }

    /// The relayed sources, whose pollers the server runs.
    pub fn relays(&self) -> impl Iterator<Item = &Arc<Relay>> {
        self.sources.values().filter_map(|source| match source {
            Source::Relay(relay) => Some(relay),
            Source::File(_) => None,
        })
    }

    /// The feeds whose configuration keeps them from ever being read, and why.
    pub fn configuration_errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .filter_map(|(name, source)| match source {
                Source::Relay(relay) => Some((name.as_str(), relay.configuration_error()?)),
                Source::File(_) => None,
            })
    }

    /// The named feed, re-read first if it is a file that changed.
    pub fn get(&self, name: &str) -> Option<Arc<LoadedFeed>> {
        match self.sources.get(name)? {
            Source::File(file) => Some(self.current_file(file)),
            Source::Relay(relay) => Some(relay.current()),
        }
    }

    fn current_file(&self, source: &FileSource) -> Arc<LoadedFeed> {
        let mut current = source
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let on_disk = file_stamp(&source.path);
        if on_disk.as_ref().is_ok_and(|stamp| *stamp != current.0) {
            match read_source(&source.name, &source.path, &self.default_symptoms) {
                Ok((stamp, loaded)) => {
                    tracing::info!(feed = %source.name, "reloaded changed feed source");
                    *current = (stamp, Arc::new(loaded));
                }
                Err(error) => {
                    tracing::warn!(%error, "keeping the last good version of the feed");
                    // Remember the bad version so it is not re-read on every request.
                    current.0 = on_disk.unwrap_or(current.0);
                }
            }
        }
        Arc::clone(&current.1)
    }
}

fn file_stamp(path: &Path) -> std::io::Result<FileStamp> {
    let metadata = std::fs::metadata(path)?;
    Ok((metadata.modified().ok(), metadata.len()))
}

fn read_source(
    name: &str,
    path: &Path,
    default_symptoms: &[Symptom],
) -> Result<(FileStamp, LoadedFeed), FeedLoadError> {
    let read_error = |source| FeedLoadError::Read {
        name: name.to_owned(),
        path: path.to_owned(),
        source,
    };
    let stamp = file_stamp(path).map_err(read_error)?;
    let bytes = std::fs::read(path).map_err(read_error)?;
    let parsed = parse_feed(&bytes).map_err(|source| FeedLoadError::Parse {
        name: name.to_owned(),
        path: path.to_owned(),
        source,
    })?;
    for warning in &parsed.warnings {
        tracing::warn!(feed = name, %warning, "feed source warning");
    }
    Ok((stamp, LoadedFeed::new(parsed.feed, default_symptoms)))
}
