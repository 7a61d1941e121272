//! The `status-server` binary as a process: config file, durability across kill -9, and
//! graceful shutdown on SIGTERM.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::common::report;

struct Process {
    child: Child,
    base: String,
}

impl Process {
    /// Starts the binary with a config file in a fresh directory and waits until it answers.
    async fn start(dir: &std::path::Path) -> Self {
        // Only the fixture files are wanted; the server reads its config from server.toml.
        super::common::test_config(dir);
        // Ask the OS for a free port, then hand it to the server.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            r#"
            [server]
            listen = "127.0.0.1:{port}"
            static_dir = "dist"
            [storage]
            database = "reports.db"
            [feeds]
            example = "feeds/example.json"
            "#
        );
        std::fs::write(dir.join("server.toml"), config).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_status-server"))
            .args(["--config", "server.toml"])
            .current_dir(dir)
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

    async fn post_report(&self, key: &str) -> reqwest::StatusCode {
        reqwest::Client::new()
            .post(format!("{}/api/reports", self.base))
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

fn stored_reports(dir: &std::path::Path) -> i64 {
    let connection = rusqlite::Connection::open(dir.join("reports.db")).unwrap();
    connection
        .query_row("SELECT COUNT(*) FROM reports", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test]
async fn an_acknowledged_report_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let mut process = Process::start(dir.path()).await;
    assert_eq!(process.post_report("kill-nine-1").await, 201);
    // SIGKILL: no chance to flush anything after the 201.
    process.child.kill().unwrap();
    process.child.wait().unwrap();
    assert_eq!(stored_reports(dir.path()), 1);
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let mut process = Process::start(dir.path()).await;
    assert_eq!(process.post_report("sigterm-1").await, 201);
    let sent = Command::new("kill")
        .args(["-TERM", &process.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = process.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "server did not stop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
    assert_eq!(stored_reports(dir.path()), 1);
}
