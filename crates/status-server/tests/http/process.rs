//! The `status-server` binary as a process: config file, durability across kill -9, and
//! graceful shutdown on SIGTERM.

use std::net::TcpListener;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::common::{report, totals};

pub(super) struct Process {
    child: Child,
    pub base: String,
}

/// What a test adds to the standard config file and environment of the process.
#[derive(Default)]
pub(super) struct Setup<'a> {
    /// Lines added to `[server]`.
    pub server: &'a str,
    /// Lines added to `[feeds]`, which serves `example` already; may end in tables.
    pub feeds: &'a str,
    pub env: &'a [(&'a str, &'a str)],
    /// The most files the process may have open (soft and hard limit), set by the shell.
    pub file_limit: Option<u32>,
    /// `storage.database`, when not the SQLite file `reports.db`.
    pub database: Option<&'a str>,
    /// `reports.rate_limit`, when not 1,000.
    pub rate_limit: Option<u32>,
}

impl Process {
    /// Starts the binary with a config file in a fresh directory and waits until it answers.
    async fn start(dir: &std::path::Path) -> Self {
        Self::start_with(dir, Setup::default()).await
    }

    pub(super) async fn start_with(dir: &std::path::Path, setup: Setup<'_>) -> Self {
        // Only the fixture files are wanted; the server reads its config from server.toml.
        super::common::test_config(dir);
        // Ask the OS for a free port, then hand it to the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let Setup {
            server,
            feeds,
            env,
            file_limit,
            database,
            rate_limit,
        } = setup;
        let database = database.unwrap_or("reports.db");
        let rate_limit = rate_limit.unwrap_or(1_000);
        let config = format!(
            r#"
            [server]
            listen = "127.0.0.1:{port}"
            static_dir = "dist"
            {server}
            [storage]
            database = "{database}"
            [reports]
            # Every report comes from the same loopback client.
            rate_limit = {rate_limit}
            [feeds]
            example = "feeds/example.json"
            {feeds}
            "#
        );
        std::fs::write(dir.join("server.toml"), config).unwrap();
        let binary = env!("CARGO_BIN_EXE_status-server");
        let mut command = match file_limit {
            Some(limit) => {
                let mut shell = Command::new("sh");
                let script = format!("ulimit -n {limit} && exec \"$0\" \"$@\"");
                shell.args(["-c", &script, binary]);
                shell
            }
            None => Command::new(binary),
        };
        let child = command
            .args(["--config", "server.toml"])
            .current_dir(dir)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let process = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while reqwest::get(format!("{}/healthz", process.base))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        process
    }

    /// Sends SIGTERM and waits for the process to end, failing after `limit`; the time it
    /// took and how it ended.
    #[cfg(unix)]
    pub(super) async fn terminate(&mut self, limit: Duration) -> (Duration, ExitStatus) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (started.elapsed(), status);
            }
            assert!(
                started.elapsed() < limit,
                "server still running {limit:?} after SIGTERM"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// SIGKILL: the process gets no chance to flush or finish anything.
    pub(super) fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    async fn post_report(&self, key: &str) -> reqwest::StatusCode {
        reqwest::Client::new()
            .post(format!("{}/api/reports/example", self.base))
            .json(&report(key))
            .send()
            .await
            .unwrap()
            .status()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn stored_keys(dir: &std::path::Path) -> Vec<String> {
    let connection = rusqlite::Connection::open_with_flags(
        dir.join("reports.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut statement = connection
        .prepare("SELECT idempotency_key FROM reports ORDER BY id")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn stored_reports(dir: &std::path::Path) -> i64 {
    let connection = rusqlite::Connection::open(dir.join("reports.db")).unwrap();
    connection
        .query_row("SELECT COUNT(*) FROM reports", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test]
async fn an_acknowledged_report_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let process = Process::start(dir.path()).await;
    assert_eq!(process.post_report("kill-nine-1").await, 201);
    process.kill_9();
    assert_eq!(stored_reports(dir.path()), 1);
}

/// Reports one at a time, killing the server with SIGKILL right after some of the 201s
/// (chosen at random) and restarting it on the same database: no acknowledged report may
/// be lost, whichever write it was. The seed varies per run to cover more kill points;
/// set `KILL_TEST_SEED` to replay a failing run.
#[tokio::test]
async fn acknowledged_reports_survive_repeated_kill_9() {
    const REPORTS: u64 = 40;
    let seed = std::env::var("KILL_TEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(rand::random);
    let mut rng = StdRng::seed_from_u64(seed);
    let replay = format!("KILL_TEST_SEED={seed}");
    let dir = tempfile::tempdir().unwrap();
    let mut process = Process::start(dir.path()).await;
    let mut acknowledged = Vec::new();
    let mut kills = 0;
    for index in 0..REPORTS {
        let key = format!("durable-{index:03}");
        let status = process.post_report(&key).await;
        assert_eq!(status, 201, "report {index} ({replay})");
        acknowledged.push(key);
        if rng.random_bool(0.25) {
            process.kill_9();
            kills += 1;
            process = Process::start(dir.path()).await;
        }
    }
    process.kill_9();
    let process = Process::start(dir.path()).await;
    let feed: serde_json::Value = reqwest::get(format!("{}/feeds/example.json", process.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (counted, _) = totals(&feed["community"]);
    assert_eq!(
        counted, REPORTS,
        "reports counted in the feed after {kills} kills ({replay})"
    );
    assert_eq!(
        stored_keys(dir.path()),
        acknowledged,
        "stored keys after {kills} kills ({replay})"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let mut process = Process::start(dir.path()).await;
    assert_eq!(process.post_report("sigterm-1").await, 201);
    let (_, status) = process.terminate(Duration::from_secs(10)).await;
    assert!(status.success(), "{status}");
    assert_eq!(stored_reports(dir.path()), 1);
}
