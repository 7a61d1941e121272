//! The long run of the fuzzer (tests/hostile/): mutated fixtures and generated documents of
//! every format, each read, timed and written back as native JSON. Every failing input is
//! saved under tests/fuzz-found/<format>/, where `cargo test` replays it from then on.
//! `cargo xtask fuzz` runs it; alone:
//!
//!     cargo run --release -p status-feed --example fuzz -- [--seed N] [--cases N]
//!
//! Without `--seed` the run takes one from the clock and prints it; a seed and a case number
//! make the same case on every machine. Exits 1 when a case failed.

#[path = "../tests/hostile/mod.rs"]
mod hostile;

use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hostile::{Documents, Failure, TimeBound, mutation};
use status_feed::SourceFormat;

/// Release builds read a MiB in tens of milliseconds; eight times the bench's budget of
/// 125 ms per MiB still only fails a reader far from linear.
const RELEASE_BOUND: TimeBound = TimeBound {
    base: Duration::from_millis(100),
    per_mib: Duration::from_secs(1),
};

/// The case being read, for the panic hook: with `panic = "abort"` (the release profile's
/// setting) the hook is the last code that runs.
static CURRENT: Mutex<Option<(SourceFormat, String, Documents)>> = Mutex::new(None);

fn save(format: SourceFormat, name: &str, documents: &Documents) {
    match hostile::save(&hostile::found_folder(), format, name, documents) {
        Ok(path) => eprintln!("saved {}", path.display()),
        Err(error) => eprintln!("error: cannot save {name}: {error}"),
    }
}

fn arguments() -> Result<(Option<u64>, u64), String> {
    let mut seed = None;
    let mut cases = 100_000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|value| value.parse().ok());
        match arg.as_str() {
            "--seed" => seed = Some(value.ok_or("--seed needs a whole number")?),
            "--cases" => cases = value.ok_or("--cases needs a whole number")?,
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    Ok((seed, cases))
}

fn main() -> ExitCode {
    let (seed, cases) = match arguments() {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("error: {message}\nusage: fuzz [--seed N] [--cases N]");
            return ExitCode::from(2);
        }
    };
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs())
    });
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut current) = CURRENT.try_lock()
            && let Some((format, name, documents)) = current.take()
        {
            save(format, &name, &documents);
        }
        default_hook(info);
    }));
    println!("fuzzing {cases} cases with seed {seed}");
    let seeds = mutation::seeds();
    let started = Instant::now();
    let mut failures = 0;
    for number in 0..cases {
        let (start, documents) = mutation::case(&seeds, seed, number);
        let name = format!("seed-{seed}-case-{number}");
        *CURRENT
            .lock()
            .expect("the hook never holds the lock for long") =
            Some((start.format, name.clone(), documents.clone()));
        let result = hostile::check(&documents, start.format, RELEASE_BOUND);
        CURRENT
            .lock()
            .expect("the hook never holds the lock for long")
            .take();
        if let Err(failure) = result {
            failures += 1;
            let summary = match &failure {
                Failure::Panic(message) => format!("panicked: {message}"),
                Failure::RoundTrip(story) => {
                    format!(
                        "did not round-trip: {}",
                        story.lines().last().unwrap_or_default()
                    )
                }
                Failure::Slow { took, max } => format!("took {took:?}, more than {max:?}"),
            };
            eprintln!("case {number} (from {}) {summary}", start.name);
            save(start.format, &name, &documents);
        }
        if (number + 1) % 10_000 == 0 {
            println!(
                "{} cases, {failures} failed, {:.0} s",
                number + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "{cases} cases with seed {seed} in {:.1} s: {failures} failed",
        started.elapsed().as_secs_f64()
    );
    if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
