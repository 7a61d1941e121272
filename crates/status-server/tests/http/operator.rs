//! What an operator sees: the `status-server` binary's log and exit messages when its setup
//! is wrong, naming the fix.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use reqwest::header;
use serde_json::Value;

use super::common::test_config;

/// The binary running in `dir` with the config `server` (a `[server]` table's body, with
/// `listen` added) and feed `example`, its log going to `dir/server.log`.
struct Logged {
    child: Child,
    base: String,
    log: std::path::PathBuf,
}

impl Logged {
    async fn start(dir: &Path, server: &str, more: &str) -> Self {
        test_config(dir);
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\n{server}\n\
             [storage]\ndatabase = \"reports.db\"\n\
             [feeds]\nexample = \"feeds/example.json\"\n{more}"
        );
        std::fs::write(dir.join("server.toml"), config).unwrap();
        let log = dir.join("server.log");
        let child = Command::new(env!("CARGO_BIN_EXE_status-server"))
            .args(["--config", "server.toml"])
            .current_dir(dir)
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while reqwest::get(format!("{base}/healthz")).await.is_err() {
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { child, base, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn run_without_config(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_status-server"))
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_static_dir_without_the_widget_is_named_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Logged::start(dir.path(), "static_dir = \"no-such-dist\"", "").await;
    let log = missing.log();
    assert!(
        log.contains("no-such-dist does not exist") && log.contains("cargo xtask build"),
        "{log}"
    );
    drop(missing);

    let dir = tempfile::tempdir().unwrap();
    let not_a_build = Logged::start(dir.path(), "static_dir = \"feeds\"", "").await;
    let log = not_a_build.log();
    assert!(log.contains("feeds has no embed.js"), "{log}");
    drop(not_a_build);

    let dir = tempfile::tempdir().unwrap();
    let complete = Logged::start(dir.path(), "static_dir = \"dist\"", "").await;
    assert!(!complete.log().contains("static_dir"), "{}", complete.log());
}

#[test]
fn without_a_config_away_from_the_repository_it_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_without_config(dir.path());
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let directory = dir.path().canonicalize().unwrap();
    assert!(
        stderr.contains("cannot read feed \"demo\" from demo/feed.json")
            && stderr.contains("--config FILE")
            && stderr.contains(&directory.display().to_string()),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_page_on_an_origin_not_allowed_is_named_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let server = Logged::start(
        dir.path(),
        "static_dir = \"dist\"\ncors_origins = [\"https://customer.example\"]",
        "",
    )
    .await;
    let client = reqwest::Client::new();
    let load_from = |origin: String| {
        client
            .get(format!("{}/embed.js", server.base))
            .header(header::ORIGIN, origin)
            .send()
    };
    let allowed = load_from("https://customer.example".to_owned())
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://customer.example"
    );
    let own = load_from(server.base.clone()).await.unwrap();
    assert_eq!(own.status(), 200);
    assert!(
        server.log().lines().all(|line| !line.contains("WARN")),
        "{}",
        server.log()
    );

    let stranger = load_from("https://stranger.example".to_owned())
        .await
        .unwrap();
    assert_eq!(stranger.status(), 200);
    assert!(
        !stranger
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    // A page loads several files, and a busy one loads them for every visitor: the origin
    // is named once, not once per request.
    load_from("https://stranger.example".to_owned())
        .await
        .unwrap();
    let log = server.log();
    let warnings: Vec<&str> = log.lines().filter(|line| line.contains("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(
        warnings[0].contains("https://stranger.example")
            && warnings[0].contains("/embed.js")
            && warnings[0].contains("cors_origins"),
        "{}",
        warnings[0]
    );
}

#[tokio::test]
async fn a_relay_its_own_config_refuses_is_reported_once_and_in_health() {
    let dir = tempfile::tempdir().unwrap();
    let server = Logged::start(
        dir.path(),
        "static_dir = \"dist\"",
        "[feeds.internal]\nurl = \"http://127.0.0.1:9/status.json\"",
    )
    .await;
    let health: Value = reqwest::get(format!("{}/healthz", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["database"], "ok", "{health}");
    let problem = health["feeds"]["internal"].as_str().unwrap_or_default();
    assert!(
        problem.contains("http://127.0.0.1:9/status.json is not allowed")
            && problem.contains("set allow_private_networks = true on [feeds.internal]"),
        "{health}"
    );
    let log = server.log();
    let mentions: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("allow_private_networks"))
        .collect();
    assert_eq!(mentions.len(), 1, "{log}");
    assert!(mentions[0].contains("ERROR"), "{log}");
    assert!(!log.contains("upstream fetch failed"), "{log}");
}
