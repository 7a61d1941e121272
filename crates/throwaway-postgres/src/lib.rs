//! A throwaway PostgreSQL cluster: made in a temporary folder, listening on a port of its own
//! on loopback, and stopped and removed when dropped, also after a failure. The test command
//! runs the server's tests on one; tests of a database outage start their own and stop it.
//! PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// Where a test run's cluster is: the test command starts one and puts its URL here for the
/// tests it runs on PostgreSQL.
pub const URL_VARIABLE: &str = "STATUS_SERVER_TEST_POSTGRES";

/// The URL of the cluster the test command started, if it started one.
pub fn test_run_url() -> Option<String> {
    std::env::var(URL_VARIABLE).ok()
}

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_root: bool,
    durable: bool,
    /// How a client reaches the cluster's `postgres` database, as its superuser.
    pub url: String,
}

/// The newest installed server's programs, e.g. `/usr/lib/postgresql/15/bin`.
pub fn installed_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

impl Cluster {
    /// Makes and starts a cluster that does not fsync: tests need not wait for the disk.
    /// The error says which step failed and what it printed.
    pub fn start() -> Result<Self, String> {
        Self::make(false)
    }

    /// Makes and starts a cluster with PostgreSQL's durable defaults: every commit is
    /// fsynced before it is acknowledged, as in production. For benchmarks.
    pub fn start_durable() -> Result<Self, String> {
        Self::make(true)
    }

    fn make(durable: bool) -> Result<Self, String> {
        let bin = installed_bin()
            .ok_or("PostgreSQL is not installed; `cargo xtask setup` installs it")?;
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|output| output.stdout.trim_ascii() == b"0");
        // Unique within this process too: a test may start clusters of its own.
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "throwaway-postgres-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        // A folder left by a killed run that had this process id is stale.
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let port = free_port()?;
        let cluster = Self {
            bin,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            port,
            as_root,
            durable,
        };
        if as_root {
            run(&["chown", "postgres:postgres", &cluster.dir_text()])?;
        }
        let data = cluster.data_dir();
        // The cluster lives for one run: the files initdb writes need not reach the disk.
        cluster.run_postgres(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        )?;
        cluster.start_again()?;
        Ok(cluster)
    }

    /// Stops the server at once, as a crash or a lost machine would; the data stays.
    pub fn stop(&self) -> Result<(), String> {
        self.run_postgres(
            "pg_ctl",
            &["-D", &self.data_dir(), "-m", "immediate", "-w", "stop"],
        )
    }

    /// Starts the server on its data (again), waiting until it accepts connections.
    pub fn start_again(&self) -> Result<(), String> {
        let fsync = if self.durable { "on" } else { "off" };
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync={fsync}",
            self.port,
            self.dir_text()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        self.run_postgres(
            "pg_ctl",
            &[
                "-D",
                &self.data_dir(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        )
    }

    fn dir_text(&self) -> String {
        self.dir.to_string_lossy().into_owned()
    }

    fn data_dir(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn run_postgres(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(program).to_string_lossy().into_owned();
        let mut line = Vec::new();
        if self.as_root {
            line.extend(["runuser", "-u", "postgres", "--"]);
        }
        line.push(&program);
        line.extend(args);
        run(&line)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(message) = self.stop() {
            // Already stopped by a test, or never started: nothing to do but say so.
            if !message.contains("not running") && !message.contains("Is server running?") {
                eprintln!("could not stop the throwaway PostgreSQL cluster: {message}");
            }
        }
        fs::remove_dir_all(&self.dir).ok();
    }
}

/// Runs a command line from `/` (which the `postgres` user can read), failing with what it
/// printed.
fn run(line: &[&str]) -> Result<(), String> {
    let output = Command::new(line[0])
        .args(&line[1..])
        .current_dir(Path::new("/"))
        .output()
        .map_err(|error| format!("cannot start {}: {error}", line[0]))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "`{}` failed with {}:\n{}{}",
        line.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// A loopback port nobody listens on now.
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| format!("cannot find a free port: {error}"))
}
