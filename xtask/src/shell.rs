//! Running commands with the project's tools first on PATH, and reporting failures plainly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Why a task stopped, as one line for the person running it.
#[derive(Debug)]
pub struct Failure(pub String);

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the repository")
        .to_owned()
}

/// Where cargo writes builds: `CARGO_TARGET_DIR` when set (worktrees may share one; a
/// relative one counts from the repository root, where xtask runs cargo), else `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| root().join("target"), |dir| root().join(dir))
}

/// Project-local tools (git-ignored): cargo-installed binaries and npm's wasm-opt.
pub fn tools_dir() -> PathBuf {
    root().join("tools")
}

fn path_with_tools() -> String {
    let tools = tools_dir();
    let mut entries = vec![tools.join("bin"), tools.join("node_modules/.bin")];
    entries.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(entries)
        .expect("tool paths contain no separators")
        .to_string_lossy()
        .into_owned()
}

pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    // `cargo xtask` runs this program with the variables cargo gives a package's binary
    // (CARGO_MANIFEST_DIR, CARGO_PKG_NAME, ...). Some build scripts, ring's among them, build
    // again when those change, so passing them on would make each build run here differ
    // from the same build run by hand, and every switch between the two rebuild them.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_") || name.starts_with("CARGO_MANIFEST_") {
            command.env_remove(name.as_ref());
        }
    }
    command
        .args(args)
        .current_dir(root())
        .env("PATH", path_with_tools())
        // wasm-bindgen-test-runner drives Chromium through this driver.
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    command
}

pub fn run(program: &str, args: &[&str]) -> Result<(), Failure> {
    run_with(program, args, &[])
}

/// `run` with environment variables set for the command.
pub fn run_with(
    program: &str,
    args: &[&str],
    variables: &[(String, String)],
) -> Result<(), Failure> {
    let status = command(program, args)
        .envs(variables.iter().map(|(name, value)| (name, value)))
        .status()
        .map_err(|error| Failure(format!("cannot start {program}: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        )))
    }
}

/// The trimmed stdout of a command, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs one named step, printing its name before and its duration after.
pub fn step(name: &str, action: impl FnOnce() -> Result<(), Failure>) -> Result<(), Failure> {
    println!("\n==> {name}");
    let started = Instant::now();
    action().map_err(|Failure(message)| Failure(format!("{name}: {message}")))?;
    println!("==> {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}
