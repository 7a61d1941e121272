//! Hostile input: reading time that grows linearly with the document, and a short, seeded
//! pass of the fuzzer (`cargo xtask fuzz` runs long ones).

mod hostile;

use std::time::{Duration, Instant};

use status_feed::{FeedError, SourceFormat};

use hostile::{Documents, TimeBound, check, mutation, read, worst_case};

/// The least time of a few reads, the figure least disturbed by other work on the machine.
fn quickest_read(documents: &Documents, format: SourceFormat) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let _ = read(documents, format);
            started.elapsed()
        })
        .min()
        .expect("three reads")
}

/// The time per byte of the worst-case document at 1 MiB against the same at 64 KiB: about
/// 1 when reading is linear, about 16 when it grows with the square of the size. Measured
/// again before failing, as a busy machine can slow one measurement down.
#[test]
fn reading_time_grows_linearly_with_the_document() {
    const SMALL: usize = 64 * 1024;
    const LARGE: usize = 1024 * 1024;
    const MAX_GROWTH_PER_BYTE: f64 = 4.0;
    let mut superlinear = Vec::new();
    let past_the_limits = |format, bytes| Some(worst_case::documents(format, bytes));
    let at_the_limits = worst_case::accepted;
    let documents = SourceFormat::ALL.into_iter().flat_map(|format| {
        [past_the_limits(format, SMALL).zip(past_the_limits(format, LARGE))]
            .into_iter()
            .chain([at_the_limits(format, SMALL).zip(at_the_limits(format, LARGE))])
            .flatten()
            .map(move |(small, large)| (format, small, large))
    });
    for (format, small, large) in documents {
        let growth = || {
            let per_byte = |documents: &Documents| {
                quickest_read(documents, format).as_secs_f64() / documents.len() as f64
            };
            per_byte(&large) / per_byte(&small)
        };
        let growths: Vec<f64> = (0..3)
            .map(|_| growth())
            .take_while(|growth| *growth > MAX_GROWTH_PER_BYTE)
            .collect();
        if growths.len() == 3 {
            superlinear.push(format!("{}: {growths:.1?}", format.as_str()));
        }
    }
    assert!(
        superlinear.is_empty(),
        "the time per byte grew more than {MAX_GROWTH_PER_BYTE} times from 64 KiB to 1 MiB: {superlinear:?}"
    );
}

#[test]
fn the_documents_at_the_limits_are_accepted() {
    for format in SourceFormat::ALL {
        if let Some(documents) = worst_case::accepted(format, 64 * 1024) {
            let read = hostile::read(&documents, format);
            // The widget's build of the crate has only the native and Statuspage readers.
            if matches!(read, Err(FeedError::FormatUnavailable { .. })) {
                continue;
            }
            assert!(read.is_ok(), "{}: {read:?}", format.as_str());
        }
    }
}

/// Debug builds read about ten times slower than release ones, and the machine may be busy:
/// these bounds catch a reader stuck far from linear, not a slow moment.
const DEBUG_BOUND: TimeBound = TimeBound {
    base: Duration::from_secs(1),
    per_mib: Duration::from_secs(10),
};

fn assert_passes(name: &str, documents: &Documents, format: SourceFormat) {
    if let Err(failure) = check(documents, format, DEBUG_BOUND) {
        panic!(
            "{name} ({}) fails: {failure:?}\nmain document: {}\ncompanion: {}",
            format.as_str(),
            String::from_utf8_lossy(&documents.main),
            documents
                .companion
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default(),
        );
    }
}

/// A short, fixed run of the fuzzer; `cargo xtask fuzz --seed 1 --cases N` makes the same
/// cases and saves the failing ones.
#[test]
fn mutated_documents_read_without_panics_in_linear_time_and_round_trip() {
    const SEED: u64 = 1;
    const CASES: u64 = 3_000;
    let seeds = mutation::seeds();
    for number in 0..CASES {
        let (start, documents) = mutation::case(&seeds, SEED, number);
        assert_passes(
            &format!("case {number} of seed {SEED}, from {}", start.name),
            &documents,
            start.format,
        );
    }
}

#[test]
fn every_seed_document_round_trips() {
    for seed in mutation::seeds() {
        assert_passes(&seed.name, &seed.documents, seed.format);
    }
}

/// What the long runs found stays fixed.
#[test]
fn inputs_the_fuzzer_found_pass() {
    for (path, format, documents) in hostile::saved(&hostile::found_folder()).unwrap() {
        assert_passes(&path.display().to_string(), &documents, format);
    }
}
