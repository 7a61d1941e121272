//! Times reading the worst-case document of every format (tests/hostile/worst_case.rs) at
//! 1 MiB and at 8 MiB, the size limit, and prints a table against the budget: at most 1 s for
//! 8 MiB, and 8 MiB no worse than 10 times 1 MiB, so reading stays linear in the document's
//! size whatever a source sends. Each format has two documents: one of distinct ids past the
//! count limits, which the reader refuses at the first count over its limit, and one it
//! accepts, every count at its limit and the rest of the bytes in repeated ids and long lists
//! it walks in full. `cargo xtask bench` runs it; alone:
//!
//!     cargo run --release -p status-feed --example worst_case -- [--runs N] [--sizes 1,8] [FORMAT...]
//!
//! Each figure is the median of N reads (default 5). Exits 1 when a row is over budget.

#[path = "../tests/hostile/mod.rs"]
mod hostile;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use status_feed::SourceFormat;

const MIB: usize = 1024 * 1024;

/// The worst-case documents of one kind for a format and size, if the format has them.
type MakeDocuments = fn(SourceFormat, usize) -> Option<hostile::Documents>;
const LARGE_BUDGET: Duration = Duration::from_secs(1);
const MAX_GROWTH: f64 = 10.0;

struct Settings {
    runs: usize,
    sizes_mib: Vec<usize>,
    formats: Vec<SourceFormat>,
}

fn settings() -> Result<Settings, String> {
    let mut settings = Settings {
        runs: 5,
        sizes_mib: vec![1, 8],
        formats: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                settings.runs = args
                    .next()
                    .and_then(|runs| runs.parse().ok())
                    .filter(|runs| *runs > 0)
                    .ok_or("--runs needs a whole number above 0")?;
            }
            "--sizes" => {
                settings.sizes_mib = args
                    .next()
                    .and_then(|sizes| sizes.split(',').map(|size| size.parse().ok()).collect())
                    .filter(|sizes: &Vec<usize>| sizes.iter().all(|size| (1..=8).contains(size)))
                    .ok_or("--sizes needs MiB counts from 1 to 8, separated by commas")?;
            }
            name => settings
                .formats
                .push(SourceFormat::from_name(name).ok_or(format!("unknown format {name:?}"))?),
        }
    }
    if settings.formats.is_empty() {
        settings.formats = SourceFormat::ALL.to_vec();
    }
    Ok(settings)
}

/// The median time of `runs` reads, and whether the documents were accepted.
fn time_reads(
    documents: &hostile::Documents,
    format: SourceFormat,
    runs: usize,
) -> (Duration, bool) {
    let mut times = Vec::with_capacity(runs);
    let mut accepted = false;
    for _ in 0..runs {
        let started = Instant::now();
        let read = hostile::read(documents, format);
        times.push(started.elapsed());
        accepted = read.is_ok();
    }
    times.sort_unstable();
    (times[runs / 2], accepted)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() -> ExitCode {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}\nusage: worst_case [--runs N] [--sizes 1,8] [FORMAT...]");
            return ExitCode::from(2);
        }
    };
    println!(
        "\nReading worst-case documents (median of {} reads; ms)\n",
        settings.runs
    );
    println!("| format | document | size | bytes | outcome | read | per MiB | budget | verdict |");
    println!("|---|---|---:|---:|---|---:|---:|---|---|");
    let mut over = false;
    let kinds: [(&str, MakeDocuments); 2] = [
        ("past the limits", |format, bytes| {
            Some(hostile::worst_case::documents(format, bytes))
        }),
        ("at the limits", hostile::worst_case::accepted),
    ];
    for format in settings.formats {
        for (kind, make) in kinds {
            let mut small_time: Option<Duration> = None;
            for &size in &settings.sizes_mib {
                let Some(documents) = make(format, size * MIB) else {
                    continue;
                };
                let (time, accepted) = time_reads(&documents, format, settings.runs);
                let per_mib = millis(time) * MIB as f64 / documents.len() as f64;
                let mut budget = Vec::new();
                let mut within = true;
                if size == 8 {
                    budget.push(format!("≤ {} ms", LARGE_BUDGET.as_millis()));
                    within &= time <= LARGE_BUDGET;
                }
                if let Some(small) = small_time.filter(|_| size == 8) {
                    budget.push(format!("≤ {MAX_GROWTH}× 1 MiB"));
                    within &= time.as_secs_f64() <= small.as_secs_f64() * MAX_GROWTH;
                }
                over |= !within;
                println!(
                    "| {} | {kind} | {size} MiB | {} | {} | {:.1} | {per_mib:.1} | {} | {} |",
                    format.as_str(),
                    documents.len(),
                    if accepted { "accepted" } else { "refused" },
                    millis(time),
                    if budget.is_empty() {
                        "-".to_owned()
                    } else {
                        budget.join(", ")
                    },
                    if within { "within" } else { "OVER" },
                );
                if size == 1 {
                    small_time = Some(time);
                }
            }
        }
    }
    if over {
        println!(
            "\nOver budget: reading must take at most 1 s for 8 MiB, and 8 MiB no more than 10× 1 MiB."
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
