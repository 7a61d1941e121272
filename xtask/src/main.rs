//! `cargo xtask <task>`: the single entry point for developer tasks. Every task first runs the
//! part of `setup` it needs, so a fresh machine only needs Rust, Node.js and apt.

mod bench;
mod bench_server;
mod setup;
mod shell;

use std::process::ExitCode;

use shell::Failure;

const USAGE: &str = "\
usage: cargo xtask <task>
  setup   install or check every tool (wasm32 target, trunk, wasm-bindgen, wasm-opt,
          Chromium + ChromeDriver, PostgreSQL, npm packages); quick when all are present
  build   set up the build tools and build the release widget into dist/, the folder
          status-server serves
  serve   set up, build the release bundle and serve the standalone page on
          http://127.0.0.1:8080/ with the built-in demo feed
  test [--faketime OFFSET]
          set up, then run the whole suite: fmt, clippy (native and wasm32), native tests,
          the server's tests again on a throwaway PostgreSQL cluster, browser tests
          (wasm-bindgen-test), release build, Playwright end-to-end tests. --faketime runs
          every test process with its clock moved by Debian's libfaketime by OFFSET (such
          as +86400s), installing it if needed; builds keep the real clock
  bench   set up (and install wrk), build the release bundle, print its size table and
          the time from the embed script starting to the first badge painted; render a
          generated large feed (1,000 components, 2,000 incidents) on the standalone page
          and print the time and memory it takes; time reading the worst-case document of
          every format at 1 and 8 MiB; then load the release status-server with wrk and
          print requests/s and latency per scenario, on SQLite and on two replicas sharing
          a durable PostgreSQL, and count the replicas' polls of a relayed upstream. Fails
          when a budget is exceeded
  bench server
          set up and run only the server part of bench
  fuzz [--seed N] [--cases N]
          mutate the fixtures and generated documents of every format and check that each
          is read without a panic, in time linear in its size, and written back as native
          JSON that reads back the same (default: 100,000 cases, a seed from the clock);
          failing inputs are kept in crates/status-feed/tests/fuzz-found/, which the tests
          replay";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "setup" => setup::everything(),
        "build" => build(),
        "serve" => serve(),
        "test" => match std::env::args().skip(2).collect::<Vec<_>>().as_slice() {
            [] => test(&TestClock::Real),
            [option, offset] if option == "--faketime" => test(&TestClock::Moved(offset.clone())),
            _ => Err(Failure(format!("unexpected arguments\n{USAGE}"))),
        },
        "bench" => match std::env::args().nth(2).as_deref() {
            None => bench::run(),
            Some("server") => bench::server(),
            Some(_) => Err(Failure(format!("unexpected arguments\n{USAGE}"))),
        },
        "fuzz" => fuzz(),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask {task} failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn build() -> Result<(), Failure> {
    setup::build_tools()?;
    shell::step("release build of the widget into dist/", || {
        shell::run("trunk", &["build", "--release"])
    })
}

fn serve() -> Result<(), Failure> {
    setup::build_tools()?;
    println!(
        "\nServing the standalone page with the demo feed at http://127.0.0.1:8080/ (Ctrl-C stops)\n"
    );
    shell::run("trunk", &["serve", "--release"])
}

/// The long fuzzing run: crates/status-feed/examples/fuzz.rs in a release build that unwinds
/// on panic, so that the run goes on past a panicking case (its hook saves the case either
/// way).
fn fuzz() -> Result<(), Failure> {
    let passed: Vec<String> = std::env::args().skip(2).collect();
    let mut args = vec![
        "run",
        "--release",
        "--quiet",
        "-p",
        "status-feed",
        "--example",
        "fuzz",
        "--",
    ];
    args.extend(passed.iter().map(String::as_str));
    let status = shell::command("cargo", &args)
        .env("CARGO_PROFILE_RELEASE_PANIC", "unwind")
        .status()
        .map_err(|error| Failure(format!("cannot start cargo: {error}")))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(Failure(
            "some cases failed; their inputs are in crates/status-feed/tests/fuzz-found/"
                .to_owned(),
        )),
        _ => Err(Failure(format!("the fuzz example exited with {status}"))),
    }
}

/// The server's tests again with every report store in PostgreSQL: the store's own tests
/// and the HTTP tests, each server on a database of its own in a throwaway cluster.
fn server_tests_on_postgres(clock: &TestClock) -> Result<(), Failure> {
    shell::step("status-server tests on PostgreSQL", || {
        let cluster = throwaway_postgres::Cluster::start().map_err(Failure)?;
        let mut variables = clock.variables();
        variables.push((
            throwaway_postgres::URL_VARIABLE.to_owned(),
            cluster.url.clone(),
        ));
        shell::run_with(
            "cargo",
            &["test", "-p", "status-server", "--lib", "--test", "http"],
            &variables,
        )
    })
}

/// Debian's libfaketime, which moves the clock of the processes it is preloaded into.
const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/// The clock the tests run on.
enum TestClock {
    Real,
    /// Moved by libfaketime by this offset (`+86400s`): every test process, Chromium and
    /// the servers the tests start included. Builds and lints keep the real clock, as rustc
    /// hangs under faketime.
    Moved(String),
}

impl TestClock {
    /// The command line prefix that runs a program on this clock: `env` preloading
    /// libfaketime, with the offset in `FAKETIME`. (Not the `faketime` wrapper, whose
    /// semaphores, named by process id, outlive killed processes and then collide.)
    fn prefix(&self) -> Vec<String> {
        match self {
            TestClock::Real => Vec::new(),
            TestClock::Moved(offset) => vec![
                "env".to_owned(),
                format!("LD_PRELOAD={LIBFAKETIME}"),
                format!("FAKETIME={offset}"),
            ],
        }
    }

    /// What cargo runs test binaries with: the prefix in front of the usual runner.
    fn variables(&self) -> Vec<(String, String)> {
        let prefix = self.prefix().join(" ");
        if prefix.is_empty() {
            return Vec::new();
        }
        vec![
            (
                "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER".to_owned(),
                prefix.clone(),
            ),
            (
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER".to_owned(),
                format!("{prefix} wasm-bindgen-test-runner"),
            ),
        ]
    }

    /// Runs one step's command, test processes on this clock.
    fn run(&self, program: &str, args: &[&str]) -> Result<(), Failure> {
        let prefix = self.prefix();
        if program == "npx" && !prefix.is_empty() {
            let settings: Vec<&str> = prefix[1..].iter().map(String::as_str).collect();
            return shell::run("env", &[&settings[..], &[program], args].concat());
        }
        shell::run_with(program, args, &self.variables())
    }
}

fn test(clock: &TestClock) -> Result<(), Failure> {
    setup::everything()?;
    if matches!(clock, TestClock::Moved(_)) && !std::path::Path::new(LIBFAKETIME).exists() {
        setup::faketime()?;
    }
    let steps: [(&str, &str, &[&str]); 11] = [
        ("format", "cargo", &["fmt", "--all", "--", "--check"]),
        (
            "clippy (native)",
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm32)",
            "cargo",
            &[
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "status-widget",
                "-p",
                "status-feed",
                "-p",
                "status-embed",
                "-p",
                "status-messages",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        ("native tests", "cargo", &["test", "--workspace"]),
        // The widget's build of the domain crate: only the native and Statuspage readers.
        (
            "native tests of status-feed as the widget builds it",
            "cargo",
            &[
                "test",
                "-p",
                "status-feed",
                "--no-default-features",
                "--features",
                "statuspage",
            ],
        ),
        (
            "browser tests (wasm-bindgen-test, headless Chromium)",
            "cargo",
            &[
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "status-widget",
                "--test",
                "web",
            ],
        ),
        // Stage one of the embed reads through JSON.parse: it must accept what the full view
        // does, in its build for every page and in its build with the Statuspage reader.
        (
            "browser tests of stage one's reading (wasm-bindgen-test, headless Chromium)",
            "cargo",
            &[
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "status-embed",
                "--features",
                "standalone",
                "--test",
                "acceptance",
            ],
        ),
        (
            "browser tests of stage one's reading, with the Statuspage reader",
            "cargo",
            &[
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "status-embed",
                "--features",
                "standalone,statuspage",
                "--test",
                "acceptance",
            ],
        ),
        ("release build", "trunk", &["build", "--release"]),
        // The report flow's end-to-end tests run the real server.
        (
            "status-server build",
            "cargo",
            &["build", "-p", "status-server"],
        ),
        (
            "end-to-end tests (Playwright, Chromium)",
            "npx",
            &["playwright", "test"],
        ),
    ];
    let native_tests = steps
        .iter()
        .position(|(name, ..)| *name == "native tests")
        .expect("a native tests step");
    let (before_postgres, after_postgres) = steps.split_at(native_tests + 1);
    for (name, program, args) in before_postgres {
        shell::step(name, || clock.run(program, args))?;
    }
    server_tests_on_postgres(clock)?;
    for (name, program, args) in after_postgres {
        shell::step(name, || clock.run(program, args))?;
    }
    println!("\nAll checks passed.");
    Ok(())
}
