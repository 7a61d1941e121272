//! The server's TOML configuration. Every key has a default, so an empty file (or no file)
//! gives a working local server; `docs/server.md` lists the keys.

use std::collections::BTreeMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use status_feed::refresh::RefreshPolicy;
use status_feed::{SourceFormat, WebUrl};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Syntax {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("invalid config: {0}")]
    Invalid(String),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub storage: StorageConfig,
    /// Feed name (as in `/feeds/<name>.json`) to its source: a file, or an upstream to relay.
    #[serde(deserialize_with = "feed_sources")]
    pub feeds: BTreeMap<String, FeedSource>,
    pub reports: ReportsConfig,
    pub level: LevelRule,
    /// When relayed sources are fetched: the widget's own rules. Not read from the file (the
    /// rules are the widget's contract with publishers); tests shorten them.
    #[serde(skip)]
    pub relay_schedule: RefreshPolicy,
}

/// Where a feed comes from: a path to a file, or a table describing an upstream to relay.
#[derive(Clone, Debug)]
pub enum FeedSource {
    File(PathBuf),
    Relay(RelayConfig),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFeedSource {
    File(PathBuf),
    Relay(toml::Table),
}

/// `[feeds]`, each source read in two steps so that a mistake inside a relay table is
/// reported as itself (e.g. an unknown key), not as "matches neither a path nor a table",
/// and named by its key, `feeds.<name>.<key>`.
fn feed_sources<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, FeedSource>, D::Error> {
    BTreeMap::<String, RawFeedSource>::deserialize(deserializer)?
        .into_iter()
        .map(|(name, raw)| {
            let source = match raw {
                RawFeedSource::File(path) => FeedSource::File(path),
                RawFeedSource::Relay(table) => {
                    let raw: RawRelayConfig = toml::Value::Table(table).try_into().map_err(
                        |error: toml::de::Error| {
                            serde::de::Error::custom(format!("feeds.{name}: {}", error.message()))
                        },
                    )?;
                    FeedSource::Relay(
                        RelayConfig::read(&name, raw).map_err(serde::de::Error::custom)?,
                    )
                }
            };
            Ok((name, source))
        })
        .collect()
}

/// An upstream feed the server fetches on a schedule and serves normalised.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    pub url: WebUrl,
    /// Detected from the document when absent.
    pub format: Option<SourceFormat>,
    /// Seconds between polls; else the feed's own `refresh_seconds`, else the default.
    pub poll_seconds: Option<u32>,
    /// Sent with every request, e.g. an API key.
    pub headers: HeaderMap,
    /// Let the upstream (and its redirects) be on loopback, private or link-local addresses.
    pub allow_private_networks: bool,
    /// The whole fetch, redirects and companion document included, must end within this.
    pub timeout_seconds: Option<u32>,
    /// Largest upstream body read; the feed format's document limit when absent.
    pub max_body_bytes: Option<usize>,
}

/// A relay table as written, before its values are checked and parsed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelayConfig {
    url: String,
    format: Option<String>,
    poll_seconds: Option<u32>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    allow_private_networks: bool,
    timeout_seconds: Option<u32>,
    max_body_bytes: Option<usize>,
}

impl RelayConfig {
    /// A relay of `url` with the defaults of an empty table otherwise.
    pub fn of(url: WebUrl) -> Self {
        Self {
            url,
            format: None,
            poll_seconds: None,
            headers: HeaderMap::new(),
            allow_private_networks: false,
            timeout_seconds: None,
            max_body_bytes: None,
        }
    }

    fn read(name: &str, raw: RawRelayConfig) -> Result<Self, String> {
        let key = |field: &str| format!("feeds.{name}.{field}");
        let url = WebUrl::parse(&raw.url).map_err(|reason| format!("{} {reason}", key("url")))?;
        let format = match raw.format {
            None => None,
            Some(format) => Some(SourceFormat::from_name(&format).ok_or_else(|| {
                let known: Vec<&str> = SourceFormat::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "{} \"{format}\" is not one of {}",
                    key("format"),
                    known.join(", ")
                )
            })?),
        };
        let mut headers = HeaderMap::new();
        for (header, value) in &raw.headers {
            let name = HeaderName::from_bytes(header.as_bytes());
            let value = HeaderValue::from_str(value);
            let (Ok(name), Ok(value)) = (name, value) else {
                return Err(format!(
                    "{} is not a valid HTTP header",
                    key(&format!("headers.{header}"))
                ));
            };
            // Names differing only in case are one header: both values are sent, as before.
            headers.append(name, value);
        }
        if raw.poll_seconds == Some(0) {
            return Err(format!("{} must be greater than zero", key("poll_seconds")));
        }
        if raw
            .timeout_seconds
            .is_some_and(|seconds| !(1..=300).contains(&seconds))
        {
            return Err(format!(
                "{} must be between 1 and 300",
                key("timeout_seconds")
            ));
        }
        if raw.max_body_bytes == Some(0) {
            return Err(format!(
                "{} must be greater than zero",
                key("max_body_bytes")
            ));
        }
        Ok(Self {
            url,
            format,
            poll_seconds: raw.poll_seconds,
            headers,
            allow_private_networks: raw.allow_private_networks,
            timeout_seconds: raw.timeout_seconds,
            max_body_bytes: raw.max_body_bytes,
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            server: ServerConfig::default(),
            storage: StorageConfig::default(),
            feeds: BTreeMap::from([(
                "demo".to_owned(),
                FeedSource::File(PathBuf::from("demo/feed.json")),
            )]),
            reports: ReportsConfig::default(),
            level: LevelRule::default(),
            relay_schedule: RefreshPolicy::default(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    #[serde(deserialize_with = "listen_address")]
    pub listen: SocketAddr,
    /// The address visitors use, e.g. `https://status.example.com`; used to build the report
    /// URL in served feeds. When absent, the request's `Host` header is used.
    pub public_base_url: Option<String>,
    /// The built widget (`trunk build` output).
    pub static_dir: PathBuf,
    /// Origins allowed to read feeds and post reports from a browser; `*` allows any.
    pub cors_origins: CorsOrigins,
    /// Take the client address from `X-Forwarded-For` and the scheme from
    /// `X-Forwarded-Proto`. Only safe behind a proxy that sets them: anyone can send them.
    pub trust_proxy_headers: bool,
    /// A connection must send a whole request head within this time of its start or of its
    /// previous response, so this is also how long an idle keep-alive connection is kept.
    pub header_read_timeout_seconds: u32,
    /// Connections served at once; at the cap, a new one takes the place of the connection
    /// that has waited longest for a request.
    pub max_connections: u32,
    /// After a stop signal, how long requests in flight may take before the connections
    /// left are closed.
    pub shutdown_grace_seconds: u32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            public_base_url: None,
            static_dir: PathBuf::from("dist"),
            cors_origins: CorsOrigins::Any,
            trust_proxy_headers: false,
            header_read_timeout_seconds: 10,
            max_connections: 1024,
            shutdown_grace_seconds: 10,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// A SQLite file (created when missing), or a `postgres://` URL for a database that
    /// several replicas share.
    #[serde(deserialize_with = "database")]
    pub database: Database,
    /// Reports older than this are deleted; the baseline needs 8 days.
    pub retention_days: u32,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            database: Database::Sqlite(PathBuf::from("status-server.db")),
            retention_days: 8,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportsConfig {
    /// Reports one client may make per rate-limit window.
    pub rate_limit: u32,
    pub rate_limit_window_seconds: u32,
    /// Length of a community bucket; must divide an hour.
    pub bucket_seconds: u32,
    /// Offered for feeds whose source has no `report.symptoms` (e.g. Statuspage feeds).
    pub default_symptoms: Vec<SymptomConfig>,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        let symptom = |id: &str, label: &str| SymptomConfig {
            id: id.to_owned(),
            label: label.to_owned(),
        };
        Self {
            rate_limit: 10,
            rate_limit_window_seconds: 600,
            bucket_seconds: 300,
            default_symptoms: vec![
                symptom("errors", "Errors"),
                symptom("slow", "Slow responses"),
                symptom("down", "Not responding"),
                symptom("other", "Something else"),
            ],
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymptomConfig {
    pub id: String,
    pub label: String,
}

/// When community reports count as "elevated"; see `aggregate::community_level`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LevelRule {
    /// The span of recent buckets the level is judged on.
    pub recent_minutes: u32,
    /// Distinct reporters needed in that span for "elevated".
    pub min_distinct_reporters: u32,
    /// Reports per bucket in that span must reach this multiple of the baseline...
    pub baseline_multiplier: f64,
    /// ...and at least this many, so a zero baseline does not make one report a spike.
    pub min_reports_per_bucket: f64,
}

impl Default for LevelRule {
    fn default() -> Self {
        Self {
            recent_minutes: 15,
            min_distinct_reporters: 3,
            baseline_multiplier: 3.0,
            min_reports_per_bucket: 1.0,
        }
    }
}

/// An address and port, or a host name and port such as `localhost:8787`, resolved here.
fn listen_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<SocketAddr, D::Error> {
    let text = String::deserialize(deserializer)?;
    let not_an_address = |reason: &dyn std::fmt::Display| {
        serde::de::Error::custom(format!(
            "\"{text}\" is not an address to listen on ({reason}); write an IP address and \
             port such as 127.0.0.1:8787 or [::]:8787, or a host name and port such as \
             localhost:8787"
        ))
    };
    let addresses: Vec<SocketAddr> = text
        .to_socket_addrs()
        .map_err(|error| not_an_address(&error))?
        .collect();
    // `localhost` names both 127.0.0.1 and ::1; the IPv4 one is the documented default and
    // the address people type.
    addresses
        .iter()
        .find(|address| address.is_ipv4())
        .or(addresses.first())
        .copied()
        .ok_or_else(|| not_an_address(&"it names no address"))
}

/// Where reports are kept.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(Box<tokio_postgres::Config>),
}

/// A `postgres://` or `postgresql://` URL is PostgreSQL; anything else is a SQLite file.
fn database<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Database, D::Error> {
    let text = String::deserialize(deserializer)?;
    if !(text.starts_with("postgres://") || text.starts_with("postgresql://")) {
        return Ok(Database::Sqlite(PathBuf::from(text)));
    }
    text.parse()
        .map(|config| Database::Postgres(Box::new(config)))
        .map_err(|error| {
            serde::de::Error::custom(format!(
                "the PostgreSQL URL is not valid ({error}); write it as \
             postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            ))
        })
}

/// Feed names end up in URLs and log lines, so they are kept to a plain alphabet.
pub fn is_valid_feed_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The pages that may read the server's answers from a browser (CORS): `["*"]` or a list of
/// origins, written as browsers send them in `Origin`.
#[derive(Clone, Debug, PartialEq)]
pub enum CorsOrigins {
    Any,
    List(Vec<HeaderValue>),
}

impl CorsOrigins {
    /// `origins` as written in the config; the error says which one is wrong and why.
    pub fn from_list(origins: &[&str]) -> Result<Self, String> {
        if origins == ["*"] {
            return Ok(Self::Any);
        }
        if origins.contains(&"*") {
            return Err("server.cors_origins: \"*\" cannot be combined with origins".to_owned());
        }
        origins
            .iter()
            .map(|&origin| {
                HeaderValue::from_str(origin)
                    .ok()
                    .filter(|_| is_valid_origin(origin))
                    .ok_or_else(|| {
                        format!(
                            "server.cors_origins: \"{origin}\" is not \"*\" or an origin such \
                             as https://example.com"
                        )
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self::List)
    }

    pub fn allows(&self, origin: &str) -> bool {
        match self {
            Self::Any => true,
            Self::List(origins) => origins.iter().any(|listed| listed == origin),
        }
    }
}

impl<'de> Deserialize<'de> for CorsOrigins {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let origins = Vec::<String>::deserialize(deserializer)?;
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        Self::from_list(&origins).map_err(serde::de::Error::custom)
    }
}

/// A browser origin: scheme and host (and port), nothing else.
fn is_valid_origin(origin: &str) -> bool {
    let Some((scheme, host)) = origin.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|source| ConfigError::Syntax {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| Err(ConfigError::Invalid(message));
        if let Some(name) = self.feeds.keys().find(|name| !is_valid_feed_name(name)) {
            return invalid(format!(
                "feed name \"{name}\" must be 1 to 64 characters of A-Z, a-z, 0-9, - and _"
            ));
        }
        match &self.server.public_base_url {
            Some(base) => {
                if let Err(reason) = WebUrl::parse(base) {
                    return invalid(format!("server.public_base_url {reason}"));
                }
            }
            // Report links would otherwise be built from the `Host` clients send.
            None if !self.server.listen.ip().is_loopback() => {
                return invalid(format!(
                    "server.public_base_url is required when server.listen ({}) is not a \
                     loopback address, e.g. public_base_url = \"https://status.example.com\"",
                    self.server.listen
                ));
            }
            None => {}
        }
        let server = &self.server;
        if !(1..=300).contains(&server.header_read_timeout_seconds)
            || !(1..=300).contains(&server.shutdown_grace_seconds)
        {
            return invalid(
                "server.header_read_timeout_seconds and server.shutdown_grace_seconds must be \
                 between 1 and 300"
                    .into(),
            );
        }
        if server.max_connections == 0 {
            return invalid("server.max_connections must be greater than zero".into());
        }
        let reports = &self.reports;
        if reports.rate_limit == 0 || reports.rate_limit_window_seconds == 0 {
            return invalid("reports.rate_limit and its window must be greater than zero".into());
        }
        // A bucket must divide an hour (the baseline compares hours of the day) and a day
        // must fit the feed format's limit of 1,000 buckets.
        let bucket = reports.bucket_seconds;
        if bucket < 90 || 3600 % bucket != 0 {
            return invalid(format!(
                "reports.bucket_seconds is {bucket}; it must divide 3600 and be at least 90"
            ));
        }
        if self.storage.retention_days < 8 {
            return invalid(
                "storage.retention_days must be at least 8 (the baseline uses the last 7 days)"
                    .into(),
            );
        }
        let level = &self.level;
        if level.recent_minutes == 0 || level.recent_minutes > 24 * 60 {
            return invalid("level.recent_minutes must be between 1 and 1440".into());
        }
        let non_negative = |value: f64| value.is_finite() && value >= 0.0;
        if !non_negative(level.baseline_multiplier) || !non_negative(level.min_reports_per_bucket) {
            return invalid(
                "level.baseline_multiplier and level.min_reports_per_bucket must be zero or more"
                    .into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_documented_defaults() {
        let config: Config = toml::from_str("").unwrap();
        config.validate().unwrap();
        assert_eq!(config.server.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.server.static_dir, PathBuf::from("dist"));
        assert_eq!(config.server.cors_origins, CorsOrigins::Any);
        assert!(!config.server.trust_proxy_headers);
        assert_eq!(config.server.header_read_timeout_seconds, 10);
        assert_eq!(config.server.max_connections, 1024);
        assert_eq!(config.server.shutdown_grace_seconds, 10);
        assert!(
            matches!(&config.storage.database, Database::Sqlite(path) if path == Path::new("status-server.db"))
        );
        assert!(
            matches!(&config.feeds["demo"], FeedSource::File(path) if path == Path::new("demo/feed.json"))
        );
        assert_eq!(config.reports.rate_limit, 10);
        assert_eq!(config.reports.rate_limit_window_seconds, 600);
        assert_eq!(config.reports.bucket_seconds, 300);
        assert_eq!(config.level, LevelRule::default());
    }

    #[test]
    fn a_postgres_url_selects_postgresql_and_anything_else_a_sqlite_file() {
        let database = |value: &str| {
            toml::from_str::<Config>(&format!("[storage]\ndatabase = \"{value}\""))
                .map(|config| config.storage.database)
        };
        let Ok(Database::Postgres(config)) =
            database("postgres://status:secret@db.internal:5433/reports")
        else {
            panic!("a postgres:// URL is PostgreSQL");
        };
        assert_eq!(config.get_dbname(), Some("reports"));
        assert_eq!(config.get_ports(), [5433]);
        assert!(matches!(
            database("postgresql://db.internal/reports"),
            Ok(Database::Postgres(_))
        ));
        assert!(matches!(
            database("/var/lib/status/reports.db"),
            Ok(Database::Sqlite(path)) if path == Path::new("/var/lib/status/reports.db")
        ));
        let error = database("postgres://db.internal:port/reports").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
            "{error}"
        );
    }

    #[test]
    fn reads_every_section() {
        let config: Config = toml::from_str(
            r#"
            [server]
            listen = "0.0.0.0:9000"
            public_base_url = "https://status.example.com"
            cors_origins = ["https://example.com"]
            trust_proxy_headers = true
            header_read_timeout_seconds = 5
            max_connections = 100
            shutdown_grace_seconds = 30
            [storage]
            database = "/var/lib/status/reports.db"
            [feeds]
            api = "feeds/api.json"
            [feeds.upstream]
            url = "https://status.example.com/api/v2/summary.json"
            format = "statuspage"
            poll_seconds = 120
            headers = { Authorization = "Bearer secret" }
            allow_private_networks = true
            timeout_seconds = 5
            max_body_bytes = 100000
            [reports]
            rate_limit = 3
            bucket_seconds = 600
            default_symptoms = [{ id = "x", label = "X" }]
            [level]
            min_distinct_reporters = 5
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.server.listen.port(), 9000);
        assert_eq!(config.server.header_read_timeout_seconds, 5);
        assert_eq!(config.server.max_connections, 100);
        assert_eq!(config.server.shutdown_grace_seconds, 30);
        assert_eq!(config.feeds.len(), 2, "a [feeds] table replaces the demo");
        let FeedSource::Relay(relay) = &config.feeds["upstream"] else {
            panic!("a table is a relay");
        };
        assert_eq!(relay.format, Some(SourceFormat::Statuspage));
        assert_eq!(relay.poll_seconds, Some(120));
        assert_eq!(relay.headers["Authorization"], "Bearer secret");
        assert!(relay.allow_private_networks);
        assert_eq!(relay.timeout_seconds, Some(5));
        assert_eq!(relay.max_body_bytes, Some(100_000));
        assert_eq!(config.reports.rate_limit, 3);
        assert_eq!(config.reports.rate_limit_window_seconds, 600);
        assert_eq!(config.reports.default_symptoms[0].id, "x");
        assert_eq!(config.level.min_distinct_reporters, 5);
        assert_eq!(config.level.recent_minutes, 15);
    }

    #[test]
    fn listen_takes_a_host_name_or_says_what_it_wants() {
        let config: Config = toml::from_str("[server]\nlisten = \"localhost:9000\"").unwrap();
        assert_eq!(config.server.listen.to_string(), "127.0.0.1:9000");
        let config: Config = toml::from_str("[server]\nlisten = \"[::]:9000\"").unwrap();
        assert_eq!(config.server.listen.to_string(), "[::]:9000");
        let error = toml::from_str::<Config>("[server]\nlisten = \"localhost\"").unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("127.0.0.1:8787") && message.contains("localhost:8787"),
            "{message}"
        );
    }

    #[test]
    fn typos_and_bad_values_are_refused() {
        assert!(toml::from_str::<Config>("[server]\nlisten_on = \"x\"").is_err());
        for bad in [
            "[feeds]\n\"../etc\" = \"x.json\"",
            "[reports]\nbucket_seconds = 700",
            "[reports]\nbucket_seconds = 60",
            "[reports]\nrate_limit = 0",
            "[server]\npublic_base_url = \"javascript:alert(1)\"",
            "[server]\nlisten = \"0.0.0.0:8787\"",
            "[server]\nlisten = \"[::]:8787\"",
            "[server]\ncors_origins = [\"*\", \"https://a.example\"]",
            "[server]\ncors_origins = [\"https://a.example/\"]",
            "[server]\ncors_origins = [\"a.example\"]",
            "[server]\ncors_origins = [\"https://a.example\\n\"]",
            "[feeds.api]\nurl = \"ftp://x.example/feed\"",
            "[server]\nheader_read_timeout_seconds = 0",
            "[server]\nshutdown_grace_seconds = 301",
            "[server]\nmax_connections = 0",
            "[storage]\nretention_days = 2",
            "[level]\nbaseline_multiplier = -1.0",
        ] {
            // Refused when read, or when checked as a whole.
            let refused = match toml::from_str::<Config>(bad) {
                Ok(config) => config.validate().is_err(),
                Err(_) => true,
            };
            assert!(refused, "{bad}");
        }
    }

    #[test]
    fn relay_mistakes_name_their_key() {
        let error_of = |table: &str| {
            let text = format!("[feeds.api]\n{table}");
            match toml::from_str::<Config>(&text) {
                Err(error) => error.to_string(),
                Ok(config) => config.validate().unwrap_err().to_string(),
            }
        };
        for (table, expected) in [
            ("url = \"ftp://x.example/feed\"", "feeds.api.url"),
            (
                "url = \"https://x.example\"\nformat = \"rss\"",
                "feeds.api.format",
            ),
            (
                "url = \"https://x.example\"\nheaders = { \"Bad Name\" = \"x\" }",
                "feeds.api.headers.Bad Name",
            ),
            (
                "url = \"https://x.example\"\npoll_seconds = 0",
                "feeds.api.poll_seconds",
            ),
            (
                "url = \"https://x.example\"\ntimeout_seconds = 0",
                "feeds.api.timeout_seconds",
            ),
            (
                "url = \"https://x.example\"\nmax_body_bytes = 0",
                "feeds.api.max_body_bytes",
            ),
            ("url = \"https://x.example\"\npoll_every = 5", "poll_every"),
            ("format = \"native\"", "url"),
        ] {
            let error = error_of(table);
            assert!(error.contains(expected), "{table}: {error}");
        }
    }
}
