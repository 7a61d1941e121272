//! The database going away under a running server and coming back: feeds are still served,
//! without their community section; reports are answered 503 with a time to retry, at once;
//! `/healthz` says degraded; and once the database is back, the server recovers by itself.

use std::time::{Duration, Instant};

use reqwest::header;
use serde_json::Value;
use status_server::config::Database;

use super::common::{TestServer, report};

/// How soon a report must be refused, or counted again once the database is back.
const WITHIN: Duration = Duration::from_secs(10);

/// Posts reports with fresh keys until one gets `expected`, failing after `WITHIN`; the
/// time it took.
async fn report_until(server: &TestServer, expected: u16, keys: &mut u32) -> Duration {
    let started = Instant::now();
    loop {
        *keys += 1;
        let response = server.report(&report(&format!("outage-key-{keys}"))).await;
        if response.status() == expected {
            if expected == 503 {
                assert_eq!(response.headers()[header::RETRY_AFTER], "5");
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["error"], "database_unavailable", "{body}");
            }
            return started.elapsed();
        }
        assert!(
            started.elapsed() < WITHIN,
            "still {} after {WITHIN:?}, waiting for {expected}",
            response.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn health(server: &TestServer) -> Value {
    let response = server.get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 200, "degraded is not down");
    response.json().await.unwrap()
}

/// The feed, once the feed cache (a second) has let go of a copy built before `since`.
async fn feed_built_after(server: &TestServer, since: Instant) -> Value {
    let wait = Duration::from_millis(1_100).saturating_sub(since.elapsed());
    tokio::time::sleep(wait).await;
    server.feed("example").await
}

// Several threads, as in the server: store calls block on the runtime's I/O from blocking
// threads, and the test blocks one thread while it stops and starts the cluster.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_is_waited_out() {
    // Runs in the test command's PostgreSQL step, on a cluster of its own that it stops.
    if throwaway_postgres::test_run_url().is_none() {
        return;
    }
    let cluster = throwaway_postgres::Cluster::start().unwrap();
    let url = cluster.url.parse().unwrap();
    let server = TestServer::start_with(|config| {
        config.storage.database = Database::Postgres(Box::new(url));
    })
    .await;
    let mut keys = 0;
    report_until(&server, 201, &mut keys).await;

    cluster.stop().unwrap();
    let stopped = Instant::now();
    let refused_in = report_until(&server, 503, &mut keys).await;
    assert!(
        refused_in < Duration::from_secs(5),
        "refused after {refused_in:?}"
    );
    assert_eq!(
        health(&server).await,
        serde_json::json!({ "status": "degraded", "database": "error" })
    );
    let feed = feed_built_after(&server, stopped).await;
    assert_eq!(feed["service"]["name"], "Example <API> & Co");
    assert!(feed.get("community").is_none(), "{feed}");

    cluster.start_again().unwrap();
    let restarted = Instant::now();
    let recovered_in = report_until(&server, 201, &mut keys).await;
    assert!(recovered_in < WITHIN, "recovered after {recovered_in:?}");
    assert_eq!(health(&server).await["status"], "ok");
    let feed = feed_built_after(&server, restarted).await;
    assert_eq!(
        super::common::totals(&feed["community"]).0,
        2,
        "the report before and the one after"
    );
}

/// A tmpfs of a few hundred KiB, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(at: &std::path::Path) -> Self {
        std::fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(
            mounted.success(),
            "cannot mount a tmpfs at {}",
            at.display()
        );
        Self(at.to_owned())
    }

    /// Writes a file until the disk has no room left.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = [0_u8; 4096];
        while file
            .write_all(&block)
            .and_then(|()| file.sync_all())
            .is_ok()
        {}
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status()
            .ok();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_under_sqlite_is_waited_out() {
    // Mounting needs root, as the test command has on these machines and in CI.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0");
    if !root {
        eprintln!("skipped: mounting a small disk needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(&dir.path().join("disk"));
    let database = disk.0.join("reports.db");
    let server = TestServer::start_in(dir, {
        let mut config = super::common::test_config(database.parent().unwrap().parent().unwrap());
        config.storage.database = Database::Sqlite(database);
        config
    })
    .await;
    let mut keys = 0;
    report_until(&server, 201, &mut keys).await;

    let filler = disk.fill();
    report_until(&server, 503, &mut keys).await;
    // A read still works, but the failed write is what matters to reporters.
    assert_eq!(health(&server).await["status"], "degraded");
    let feed = server.feed("example").await;
    assert_eq!(
        feed["service"]["name"], "Example <API> & Co",
        "feeds are still served"
    );

    std::fs::remove_file(filler).unwrap();
    report_until(&server, 201, &mut keys).await;
    let feed = feed_built_after(&server, Instant::now()).await;
    assert_eq!(super::common::totals(&feed["community"]).0, 2);
    // Unmounted before the directory holding it is removed.
    let dir = server.stop().await;
    drop(disk);
    drop(dir);
}
