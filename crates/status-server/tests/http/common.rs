//! A real server on a free local port, with its feeds, widget files and SQLite database in a
//! temporary directory. When the test command has started a PostgreSQL cluster, the same
//! tests keep their reports there instead, each server in a database of its own.

use std::path::{Path, PathBuf};

use reqwest::{Client, RequestBuilder, Response};
use serde_json::{Value, json};
use status_server::Server;
use status_server::config::{Config, Database, FeedSource};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const HASHED_SCRIPT: &str = "status-widget-0123456789abcdef.js";

pub struct TestServer {
    pub base: String,
    pub client: Client,
    dir: Option<tempfile::TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// A feed with two components and two symptoms; the name has markup to test escaping.
pub fn feed_json(status: &str) -> Value {
    json!({
        "version": 1,
        "service": { "name": "Example <API> & Co" },
        "status": status,
        "components": [
            { "id": "api", "name": "API", "status": status },
            { "id": "web", "name": "Website", "status": "operational" }
        ],
        "report": {
            "url": "https://elsewhere.example/report",
            "once_per_minutes": 30,
            "symptoms": [
                { "id": "errors", "label": "Errors" },
                { "id": "slow", "label": "Slow responses" }
            ]
        }
    })
}

/// Writes the widget files and feeds a server needs into `dir`, and a config using them.
pub fn test_config(dir: &Path) -> Config {
    let write = |name: &str, contents: &[u8]| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    };
    write("dist/index.html", b"<!doctype html><title>widget</title>");
    write(
        "dist/embed.js",
        format!("import init from './{HASHED_SCRIPT}';").as_bytes(),
    );
    write(&format!("dist/{HASHED_SCRIPT}"), b"console.log('widget');");
    write(&format!("dist/{HASHED_SCRIPT}.br"), b"pretend-brotli");
    let feed = write(
        "feeds/example.json",
        feed_json("partial_outage").to_string().as_bytes(),
    );
    let plain = write(
        "feeds/plain.json",
        br#"{"version":1,"service":{"name":"Plain"},"components":[{"id":"x","name":"X","status":"operational"}]}"#,
    );
    let mut config = Config::default();
    config.server.static_dir = dir.join("dist");
    config.storage.database = Database::Sqlite(dir.join("reports.db"));
    config.feeds = [
        ("example".to_owned(), FeedSource::File(feed)),
        ("plain".to_owned(), FeedSource::File(plain)),
    ]
    .into_iter()
    .collect();
    config
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = test_config(dir.path());
        configure(&mut config);
        Self::start_in(dir, config).await
    }

    pub async fn start_in(dir: tempfile::TempDir, mut config: Config) -> Self {
        // Only the default file: a test that chose its own database tests that one.
        let default_file = dir.path().join("reports.db");
        if matches!(&config.storage.database, Database::Sqlite(path) if *path == default_file)
            && let Some(database) = postgres_in_place_of(dir.path()).await
        {
            config.storage.database = database;
        }
        let server = Server::new(config).await.expect("server starts");
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(listener, async {
            stopped.await.ok();
        }));
        Self {
            base,
            client: Client::new(),
            dir: Some(dir),
            shutdown: Some(shutdown),
            task: Some(task),
        }
    }

    /// Stops the server gracefully and hands back its directory.
    pub async fn stop(mut self) -> tempfile::TempDir {
        self.shutdown.take().unwrap().send(()).unwrap();
        self.task.take().unwrap().await.unwrap().unwrap();
        self.dir.take().unwrap()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.as_ref().unwrap().path().join(relative)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(format!("{}{path}", self.base))
    }

    /// Posts a report body on feed `example`, as JSON, from `client_ip` (sent as
    /// `X-Forwarded-For`).
    pub async fn report_from(&self, body: &Value, client_ip: Option<&str>) -> Response {
        self.report_on("example", body, client_ip).await
    }

    pub async fn report_on(&self, feed: &str, body: &Value, client_ip: Option<&str>) -> Response {
        let mut request = self
            .client
            .post(format!("{}/api/reports/{feed}", self.base))
            .json(body);
        if let Some(ip) = client_ip {
            request = request.header("x-forwarded-for", ip);
        }
        request.send().await.unwrap()
    }

    pub async fn report(&self, body: &Value) -> Response {
        self.report_from(body, None).await
    }

    pub async fn feed(&self, name: &str) -> Value {
        let response = self
            .get(&format!("/feeds/{name}.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn community(&self) -> Value {
        self.feed("example").await["community"].clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// The PostgreSQL database standing for the SQLite file in `dir`, created when first asked
/// for, so that a server restarted on the same directory finds its reports again.
async fn postgres_in_place_of(dir: &Path) -> Option<Database> {
    let url = throwaway_postgres::test_run_url()?;
    let name = database_name(dir);
    let client = connect(&url.parse().unwrap()).await;
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .unwrap()
        .is_some();
    if !exists {
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    }
    Some(Database::Postgres(Box::new(database_in(&url, dir))))
}

/// How to reach the database standing for `dir` in the cluster at `url`.
fn database_in(url: &str, dir: &Path) -> tokio_postgres::Config {
    let mut config: tokio_postgres::Config = url.parse().unwrap();
    config.dbname(database_name(dir));
    config
}

/// A database name from the directory's random name (hex, since names fold case).
fn database_name(dir: &Path) -> String {
    let unique = dir.file_name().unwrap().as_encoded_bytes();
    let hex: String = unique.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("reports_{hex}")
}

/// A client of the database `config` names, its connection driven in the background.
pub async fn connect(config: &tokio_postgres::Config) -> tokio_postgres::Client {
    let (client, connection) = config.connect(tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}

/// Everything the server stored for the server that ran in `dir`, as text, from whichever
/// database kept it.
pub async fn stored_text(dir: &Path) -> String {
    if let Some(url) = throwaway_postgres::test_run_url() {
        let rows = connect(&database_in(&url, dir))
            .await
            .query("SELECT row_to_json(reports)::text FROM reports", &[])
            .await
            .unwrap();
        return rows.iter().map(|row| row.get::<_, String>(0)).collect();
    }
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("reports.db") {
            stored.extend(std::fs::read(path).unwrap());
        }
    }
    String::from_utf8_lossy(&stored).into_owned()
}

/// A valid report body for feed `example` with the given idempotency key.
pub fn report(key: &str) -> Value {
    json!({
        "component": "api",
        "symptom": "errors",
        "idempotency_key": key
    })
}

/// All reports in a community section's buckets (robust to a bucket boundary passing
/// during a test), and the symptom counts summed the same way.
pub fn totals(community: &Value) -> (u64, Value) {
    let mut reports = 0;
    let mut symptoms = serde_json::Map::new();
    for bucket in community["buckets"].as_array().unwrap() {
        reports += bucket["reports"].as_u64().unwrap();
        if let Some(counts) = bucket["symptoms"].as_object() {
            for (id, count) in counts {
                let sum = symptoms.get(id).and_then(Value::as_u64).unwrap_or(0);
                symptoms.insert(id.clone(), json!(sum + count.as_u64().unwrap()));
            }
        }
    }
    (reports, Value::Object(symptoms))
}
