//! `cargo xtask bench`: measures the release bundle, the time to the first embedded badge, the
//! standalone page on a large feed, reading the worst-case document of every format and (in
//! `bench_server`) the companion server under load,
//! and prints tables. Figures are printed,
//! not asserted in tests, because timings and sizes are judged against budgets, not exact
//! values; the task fails only when a budget is exceeded.

use std::fs;
use std::path::{Path, PathBuf};

use crate::setup;
use crate::shell::{self, Failure, step};

/// What a visitor downloads for the widget, brotli-compressed, the feed not counted (issue 14):
/// a host page with only badges or toasts, which get stage one alone; and a host page with a
/// compact widget, and the standalone page on the demo feed, which get both stages.
const BADGES_PAGE_BUDGET: f64 = 40_000.0;
const COMPACT_PAGE_BUDGET: f64 = 150_000.0;
const STANDALONE_PAGE_BUDGET: f64 = 150_000.0;

/// Time to the first badge on the throttled mobile profile, as a multiple of a 40-line
/// hand-written vanilla JavaScript badge's on the same feed (medians).
const FIRST_BADGE_RATIO_TARGET: f64 = 1.3;

/// The standalone page on the large feed (1,000 components, 2,000 incidents), median of the
/// runs: from the feed's last byte to every component and incident rendered and painted.
const LARGE_FEED_RENDER_MS_BUDGET: f64 = 300.0;
/// And the memory it then holds after a garbage collection: V8 heap plus wasm linear memory.
const LARGE_FEED_MEMORY_MB_BUDGET: f64 = 50.0;

pub fn run() -> Result<(), Failure> {
    setup::everything()?;
    setup::bench_tools()?;
    step("release build", || {
        shell::run("trunk", &["build", "--release"])
    })?;
    let dir = bench_dir()?;
    // Every figure is printed before a budget fails the task.
    let mut over = downloads(&dir)?;
    over.extend(first_badge(&dir)?);
    over.extend(large_feed(&dir)?);
    over.extend(worst_case_reading()?);
    crate::bench_server::run()?;
    if !over.is_empty() {
        return Err(Failure(format!("over budget: {}", over.join(", "))));
    }
    Ok(())
}

/// Only the server's load test, which needs no widget build.
pub fn server() -> Result<(), Failure> {
    setup::everything()?;
    setup::bench_tools()?;
    crate::bench_server::run()
}

fn bench_dir() -> Result<PathBuf, Failure> {
    let dir = shell::target_dir().join("bench");
    fs::create_dir_all(&dir)
        .map_err(|error| Failure(format!("cannot create {}: {error}", dir.display())))?;
    Ok(dir)
}

/// Runs a bench script that writes `name value...` lines to a figures file, and reads them.
fn figures_of(dir: &Path, script: &str, args: &[&str]) -> Result<String, Failure> {
    let name = Path::new(script)
        .file_stem()
        .map_or_else(|| "figures".into(), |stem| stem.to_string_lossy());
    let figures = dir.join(format!("{name}-figures.txt"));
    let figures_arg = figures.to_string_lossy();
    let mut all_args = vec![script];
    all_args.extend(args);
    all_args.extend(["--figures", &figures_arg]);
    shell::run("node", &all_args)?;
    fs::read_to_string(&figures)
        .map_err(|error| Failure(format!("cannot read {}: {error}", figures.display())))
}

/// The numbers on the line `name n n n ...` of a figures file.
fn values(figures: &str, name: &str) -> Result<Vec<f64>, Failure> {
    figures
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .map(|rest| rest.split(' ').filter_map(|v| v.parse().ok()).collect())
        .filter(|values: &Vec<f64>| !values.is_empty())
        .ok_or_else(|| Failure(format!("the bench wrote no {name} figures")))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Loads each page in Chromium and counts what it downloads (tests/bench/downloads.js prints
/// the files); prints the budget table and returns the pages over budget.
fn downloads(dir: &Path) -> Result<Vec<&'static str>, Failure> {
    let figures = figures_of(dir, "tests/bench/downloads.js", &[])?;
    println!("\nWhat each page downloads for the widget, the feed left out (brotli bytes)\n");
    println!("| page | bytes | budget | verdict |");
    println!("|---|---:|---:|---|");
    let mut over = Vec::new();
    for (name, key, budget) in [
        (
            "host page, badges and a toast only",
            "badges_bytes",
            BADGES_PAGE_BUDGET,
        ),
        (
            "host page with a compact widget",
            "compact_bytes",
            COMPACT_PAGE_BUDGET,
        ),
        (
            "standalone page, demo feed",
            "standalone_bytes",
            STANDALONE_PAGE_BUDGET,
        ),
    ] {
        let bytes = values(&figures, key)?[0];
        let verdict = if bytes <= budget {
            "within"
        } else {
            over.push(name);
            "OVER"
        };
        println!("| {name} | {bytes:.0} | {budget:.0} | {verdict} |");
    }
    Ok(over)
}

/// Times the first badge against the vanilla reference (tests/bench/first-badge.js prints the
/// runs); prints the verdict on the mobile profile and returns it if the target is missed.
fn first_badge(dir: &Path) -> Result<Option<&'static str>, Failure> {
    let figures = figures_of(dir, "tests/bench/first-badge.js", &[])?;
    let widget = median(values(&figures, "mobile_widget_ms")?);
    let reference = median(values(&figures, "mobile_reference_ms")?);
    let ratio = widget / reference;
    let verdict = if ratio <= FIRST_BADGE_RATIO_TARGET {
        "within"
    } else {
        "OVER"
    };
    println!(
        "\nFirst badge on the mobile profile: {widget:.0} ms against {reference:.0} ms, {ratio:.2}x; target {FIRST_BADGE_RATIO_TARGET}x: {verdict}"
    );
    Ok((ratio > FIRST_BADGE_RATIO_TARGET).then_some("time to first badge"))
}

/// Generates the large feed (crates/status-feed/examples/large_feed.rs), measures the page on
/// it in Chromium (tests/bench/large-feed-render.js prints the runs) and prints the budget
/// table. Returns the measures that are over their budget.
fn large_feed(dir: &Path) -> Result<Vec<&'static str>, Failure> {
    let feed = dir.join("large-feed.json");
    // The incidents are dated in the 30 days before now, so the page lists every one of them.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Failure("the system clock is before 1970".to_owned()))?
        .as_secs();
    shell::run(
        "cargo",
        &[
            "run",
            "--release",
            "--quiet",
            "-p",
            "status-feed",
            "--example",
            "large_feed",
            "--",
            "--now",
            &format!("@{now}"),
            &feed.to_string_lossy(),
        ],
    )?;
    let text = figures_of(
        dir,
        "tests/bench/large-feed-render.js",
        &[&feed.to_string_lossy()],
    )?;
    let render = spread(&text, "render_ms")?;
    let memory = spread(&text, "memory_mb")?;
    println!("\nLarge feed against its budgets (judged on the median of the runs above)\n");
    println!("| measure | min | median | max | budget | verdict |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut over = Vec::new();
    let mut row = |name: &'static str, [min, median, max]: [f64; 3], budget: f64, digits: usize| {
        let verdict = if median <= budget {
            "within"
        } else {
            over.push(name);
            "OVER"
        };
        println!(
            "| {name} | {min:.digits$} | {median:.digits$} | {max:.digits$} | {budget:.digits$} | {verdict} |"
        );
    };
    row(
        "large feed: feed received to fully rendered (ms)",
        render,
        LARGE_FEED_RENDER_MS_BUDGET,
        0,
    );
    row(
        "large feed: memory after GC, JS heap + wasm (MB)",
        memory,
        LARGE_FEED_MEMORY_MB_BUDGET,
        1,
    );
    Ok(over)
}

/// Times reading the worst-case document of every format at 1 and 8 MiB
/// (crates/status-feed/examples/worst_case.rs, which prints the table and exits 1 when a row
/// is over its budget). Returns the measure if it is over budget.
fn worst_case_reading() -> Result<Option<&'static str>, Failure> {
    let example = "worst_case";
    shell::run(
        "cargo",
        &[
            "build",
            "--release",
            "--quiet",
            "-p",
            "status-feed",
            "--example",
            example,
        ],
    )?;
    let binary = shell::target_dir().join("release/examples").join(example);
    let status = shell::command(&binary.to_string_lossy(), &[])
        .status()
        .map_err(|error| Failure(format!("cannot start {}: {error}", binary.display())))?;
    match status.code() {
        Some(0) => Ok(None),
        Some(1) => Ok(Some("reading worst-case documents")),
        _ => Err(Failure(format!(
            "{} exited with {status}",
            binary.display()
        ))),
    }
}

/// The `min median max` of the line `name min median max` the bench script wrote.
fn spread(figures: &str, name: &str) -> Result<[f64; 3], Failure> {
    values(figures, name)?
        .try_into()
        .map_err(|_| Failure(format!("the bench wrote no min, median and max of {name}")))
}
