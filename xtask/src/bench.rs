//! `cargo xtask bench`: measures the release bundle and the time to the first embedded badge,
//! and prints tables. Figures are printed,
//! not asserted in tests, because timings and sizes are judged against budgets, not exact
//! values; the task fails only when a budget is exceeded.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::setup;
use crate::shell::{self, Failure, root, step};

/// Everything a visitor downloads for the standalone page, compressed with brotli.
const TOTAL_BROTLI_BUDGET: usize = 120_000;

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl Sizes {
    fn of(bytes: &[u8]) -> Sizes {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(bytes)
            .expect("writing to memory cannot fail");
        let gzip = gzip.finish().expect("writing to memory cannot fail").len();
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params)
            .expect("writing to memory cannot fail");
        Sizes {
            raw: bytes.len(),
            gzip,
            brotli: brotli.len(),
        }
    }

    fn add(&mut self, other: &Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_with_extension(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    for path in paths {
        bytes.extend(
            fs::read(path)
                .map_err(|error| Failure(format!("cannot read {}: {error}", path.display())))?,
        );
    }
    Ok(bytes)
}

pub fn run() -> Result<(), Failure> {
    setup::everything()?;
    step("release build", || {
        shell::run("trunk", &["build", "--release"])
    })?;
    let dist = root().join("dist");
    let shipped = [
        ("wasm", files_with_extension(&dist, "wasm")),
        ("JS glue", files_with_extension(&dist, "js")),
        ("HTML", vec![dist.join("index.html")]),
    ];
    let mut total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    let mut rows = Vec::new();
    for (name, paths) in &shipped {
        if paths.is_empty() {
            return Err(Failure(format!("the release build has no {name} file")));
        }
        let sizes = Sizes::of(&read_all(paths)?);
        total.add(&sizes);
        rows.push((name.to_string(), sizes));
    }
    // The CSS travels inside the wasm (constructed stylesheets), so it is shown for
    // information and already counted in the wasm row.
    let mut css_sources = files_with_extension(&root().join("style"), "css");
    css_sources.extend(files_with_extension(&root().join("src"), "css"));
    let css = Sizes::of(&read_all(&css_sources)?);

    println!("\nRelease bundle (bytes; gzip -9 and brotli -q 11)\n");
    println!("| file | raw | gzip | brotli |");
    println!("|---|---:|---:|---:|");
    for (name, sizes) in &rows {
        println!(
            "| {name} | {} | {} | {} |",
            sizes.raw, sizes.gzip, sizes.brotli
        );
    }
    println!(
        "| CSS (inside the wasm, not added again) | {} | {} | {} |",
        css.raw, css.gzip, css.brotli
    );
    println!(
        "| **total** | {} | {} | {} |",
        total.raw, total.gzip, total.brotli
    );
    let verdict = if total.brotli <= TOTAL_BROTLI_BUDGET {
        "within"
    } else {
        "OVER"
    };
    println!(
        "\nTotal brotli {} bytes: {verdict} the budget of {TOTAL_BROTLI_BUDGET} bytes.",
        total.brotli
    );
    shell::run("node", &["tests/bench/embed-first-badge.js"])?;
    if total.brotli > TOTAL_BROTLI_BUDGET {
        return Err(Failure("the bundle is over its size budget".to_owned()));
    }
    Ok(())
}
