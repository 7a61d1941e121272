//! Hostile input for the readers, shared by `tests/fuzz.rs` and the `worst_case` and `fuzz`
//! examples: the worst-case documents of each format, a seeded mutation engine, and the
//! checks every document must pass however it was made.
#![allow(dead_code)] // each user takes the parts it needs

pub mod mutation;
pub mod worst_case;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use std::{fs, io, panic};

use status_feed::{
    FeedError, Json, Limits, ParseOptions, Parsed, SourceFormat, document_text, parse_feed_with,
};

/// What a reader of `format` takes: the main document, and the companion when the format
/// has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Documents {
    pub main: Vec<u8>,
    pub companion: Option<Vec<u8>>,
}

impl Documents {
    pub fn alone(main: Vec<u8>) -> Self {
        Documents {
            main,
            companion: None,
        }
    }

    pub fn with_companion(main: Vec<u8>, companion: Vec<u8>) -> Self {
        Documents {
            main,
            companion: Some(companion),
        }
    }

    pub fn len(&self) -> usize {
        self.main.len() + self.companion.as_ref().map_or(0, Vec::len)
    }
}

/// Reads the documents as `format`, as status-server's relay does: each document checked and
/// parsed on its own, then read together.
pub fn read(documents: &Documents, format: SourceFormat) -> Result<Parsed, FeedError> {
    let options = ParseOptions {
        format: Some(format),
        ..ParseOptions::default()
    };
    let parse = |bytes| {
        let text = document_text(bytes, &options.limits)?;
        Json::parse(text).map_err(|error| FeedError::Syntax(error.to_string()))
    };
    let main = parse(&documents.main)?;
    let companion = documents.companion.as_deref().map(parse).transpose()?;
    status_feed::read_documents(&main, companion.as_ref(), &options)
}

/// The limits of a second reading: a feed written out may be larger than the document it
/// was read from (names repeated for every reference), and the check is about its values.
fn native_again() -> ParseOptions {
    ParseOptions {
        format: Some(SourceFormat::Native),
        limits: Limits {
            max_document_bytes: usize::MAX,
            ..Limits::default()
        },
    }
}

/// What went wrong with one case.
#[derive(Debug)]
pub enum Failure {
    Panic(String),
    /// The feed read could not be written as native JSON and read back the same.
    RoundTrip(String),
    /// Reading took longer than `max` allows for the documents' size.
    Slow {
        took: Duration,
        max: Duration,
    },
}

/// The most reading any document may take: `base` plus `per_mib` for each MiB. The tests
/// and the long runs pick values generous enough for their build and machine that only a
/// reader far from linear exceeds them.
#[derive(Clone, Copy, Debug)]
pub struct TimeBound {
    pub base: Duration,
    pub per_mib: Duration,
}

impl TimeBound {
    fn for_bytes(self, bytes: usize) -> Duration {
        self.base + self.per_mib.mul_f64(bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Reads the documents as `format` and checks that reading neither panics nor takes longer
/// than `bound`, and that an accepted feed is written as native JSON and read back equal.
pub fn check(documents: &Documents, format: SourceFormat, bound: TimeBound) -> Result<(), Failure> {
    let started = Instant::now();
    let read = panic::catch_unwind(|| read(documents, format)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Failure::Panic(message)
    })?;
    let took = started.elapsed();
    let max = bound.for_bytes(documents.len());
    if took > max {
        return Err(Failure::Slow { took, max });
    }
    let Ok(parsed) = read else {
        return Ok(());
    };
    let written = serde_json::to_vec(&parsed.feed)
        .map_err(|error| Failure::RoundTrip(format!("cannot be written: {error}")))?;
    match parse_feed_with(&written, &native_again()) {
        Ok(again) if again.feed == parsed.feed => Ok(()),
        Ok(again) => Err(Failure::RoundTrip(format!(
            "read back differently:\n{:#?}\nwritten as\n{}\nread back as\n{:#?}",
            parsed.feed,
            String::from_utf8_lossy(&written),
            again.feed
        ))),
        Err(error) => Err(Failure::RoundTrip(format!(
            "written as\n{}\nis refused: {error}",
            String::from_utf8_lossy(&written)
        ))),
    }
}

/// Where the long runs keep the inputs that failed, one folder per format, as
/// `<name>.json` with `<name>.companion.json` beside it when the format has a companion.
pub fn found_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-found")
}

const COMPANION_SUFFIX: &str = ".companion.json";

pub fn save(
    folder: &Path,
    format: SourceFormat,
    name: &str,
    documents: &Documents,
) -> io::Result<PathBuf> {
    let folder = folder.join(format.as_str());
    fs::create_dir_all(&folder)?;
    let main = folder.join(format!("{name}.json"));
    fs::write(&main, &documents.main)?;
    if let Some(companion) = &documents.companion {
        fs::write(folder.join(format!("{name}{COMPANION_SUFFIX}")), companion)?;
    }
    Ok(main)
}

/// Every input saved in `folder`, with the format its folder names.
pub fn saved(folder: &Path) -> io::Result<Vec<(PathBuf, SourceFormat, Documents)>> {
    let mut found = Vec::new();
    for format in SourceFormat::ALL {
        let Ok(entries) = fs::read_dir(folder.join(format.as_str())) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            let Some(stem) = name
                .strip_suffix(".json")
                .filter(|_| !name.ends_with(COMPANION_SUFFIX))
            else {
                continue;
            };
            let companion = path.with_file_name(format!("{stem}{COMPANION_SUFFIX}"));
            let documents = Documents {
                main: fs::read(&path)?,
                companion: companion
                    .exists()
                    .then(|| fs::read(&companion))
                    .transpose()?,
            };
            found.push((path, format, documents));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}
