//! Idempotent setup: each tool is checked by its version and installed only when missing or
//! wrong. Nothing downloads a prebuilt binary; everything comes from crates.io, npm or apt.

use std::fs;

use crate::shell::{Failure, output, root, run, step, tools_dir};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What `serve` and `bench` need: the tools that build the release bundle (terser comes
/// with the npm packages).
pub fn build_tools() -> Result<(), Failure> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()?;
    npm_packages()
}

/// Everything, including the browser and the database server.
pub fn everything() -> Result<(), Failure> {
    build_tools()?;
    chromium()?;
    postgres()
}

fn wasm_target() -> Result<(), Failure> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|target| target == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    step("install the wasm32 target", || {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])
    })
}

fn cargo_install(krate: &str, version: &str, locked: bool) -> Result<(), Failure> {
    let root = tools_dir();
    let root = root.to_string_lossy();
    let mut args = vec!["install", krate, "--version", version, "--root", &root];
    if locked {
        args.push("--locked");
    }
    step(
        &format!("install {krate} {version} into tools/ (a few minutes, once)"),
        || run("cargo", &args),
    )
}

fn trunk() -> Result<(), Failure> {
    let found = output("trunk", &["--version"]).unwrap_or_default();
    if found == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    // trunk 0.22 needs a newer rustc than this toolchain; its lock file is known to build.
    cargo_install("trunk", TRUNK_VERSION, true)
}

/// The CLI must match the wasm-bindgen crate exactly, so its version is read from Cargo.lock.
fn locked_wasm_bindgen_version() -> Result<String, Failure> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|error| Failure(format!("cannot read Cargo.lock: {error}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines.next().unwrap_or_default();
            if let Some(version) = version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    Err(Failure("Cargo.lock has no wasm-bindgen entry".to_owned()))
}

fn wasm_bindgen() -> Result<(), Failure> {
    let version = locked_wasm_bindgen_version()?;
    let cli = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    let wanted = format!("wasm-bindgen {version}");
    if cli == wanted && runner.ends_with(&version) {
        return Ok(());
    }
    // Not --locked: the CLI's own lock file pins a crate version the registry no longer has.
    cargo_install("wasm-bindgen-cli", &version, false)
}

fn wasm_opt() -> Result<(), Failure> {
    let found = output("wasm-opt", &["--version"]).unwrap_or_default();
    if found.contains(&format!("version {BINARYEN_VERSION}")) {
        return Ok(());
    }
    // Debian's binaryen is too old (its output crashes at load); npm's package carries 132.
    let tools = tools_dir();
    fs::create_dir_all(&tools)
        .map_err(|error| Failure(format!("cannot create tools/: {error}")))?;
    let prefix = tools.to_string_lossy();
    step(
        &format!("install wasm-opt (binaryen {BINARYEN_VERSION}) into tools/"),
        || {
            run(
                "npm",
                &[
                    "install",
                    "--prefix",
                    &prefix,
                    "--no-audit",
                    "--no-fund",
                    &format!("binaryen@{BINARYEN_VERSION}"),
                ],
            )
        },
    )
}

fn chromium() -> Result<(), Failure> {
    let browser = output(CHROMIUM, &["--version"]).unwrap_or_default();
    let driver = output(CHROMEDRIVER, &["--version"]).unwrap_or_default();
    let major = |text: &str| {
        text.split_whitespace()
            .find(|word| word.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .and_then(|version| version.split('.').next())
            .map(str::to_owned)
    };
    if major(&browser).is_some() && major(&browser) == major(&driver) {
        return Ok(());
    }
    apt_install(
        "install Chromium and ChromeDriver from Debian",
        &["chromium", "chromium-driver"],
    )
}

/// The server's tests run against PostgreSQL as well as SQLite, in a cluster of their own.
fn postgres() -> Result<(), Failure> {
    if throwaway_postgres::installed_bin().is_some() {
        return Ok(());
    }
    apt_install("install PostgreSQL from Debian", &["postgresql"])
}

/// What `test --faketime` needs: Debian's libfaketime.
pub fn faketime() -> Result<(), Failure> {
    apt_install("install faketime from Debian", &["faketime"])
}

/// What `bench` needs besides `everything`: the HTTP load generator.
pub fn bench_tools() -> Result<(), Failure> {
    if output("sh", &["-c", "command -v wrk"]).is_some() {
        return Ok(());
    }
    apt_install("install wrk from Debian", &["wrk"])
}

fn apt_install(name: &str, packages: &[&str]) -> Result<(), Failure> {
    let as_root = output("id", &["-u"]).as_deref() == Some("0");
    let (program, prefix): (&str, &[&str]) = if as_root {
        ("apt-get", &[])
    } else {
        ("sudo", &["apt-get"])
    };
    step(name, || {
        run(program, &[prefix, &["update", "-qq"]].concat())?;
        run(
            program,
            &[prefix, &["install", "-y", "-qq"], packages].concat(),
        )
    })
}

/// `npm ci` when node_modules does not match package-lock.json (a copy of the lock file that
/// was installed is kept beside the packages to tell).
fn npm_packages() -> Result<(), Failure> {
    let lock = fs::read(root().join("package-lock.json"))
        .map_err(|error| Failure(format!("cannot read package-lock.json: {error}")))?;
    let stamp = root().join("node_modules/.installed-package-lock.json");
    if fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    step(
        "install the npm packages: terser and the end-to-end test tools (npm ci)",
        || {
            run("npm", &["ci", "--no-audit", "--no-fund"])?;
            fs::write(&stamp, &lock)
                .map_err(|error| Failure(format!("cannot write {}: {error}", stamp.display())))
        },
    )
}
