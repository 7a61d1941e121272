//! The companion server of the status widget: serves the built widget, serves configured
//! feeds normalised to the native format with a community section computed from visitor
//! reports, accepts those reports, and draws status badges. See `docs/server.md`.

mod aggregate;
mod atom;
mod badge;
mod client;
pub mod config;
mod feeds;
mod relay;
mod routes;
mod serve;
mod store;
mod xml;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::client::ClientHasher;
use crate::config::{Config, ConfigError, Database};
use crate::feeds::{FeedLoadError, FeedSources};
use crate::relay::Relay;
use crate::routes::{App, FeedCache, WarnedOrigins};
use crate::serve::HttpLimits;
use crate::store::{GuardedStore, PostgresStore, ReportStore, SqliteStore, StoreError};

/// How often reports past the retention period are deleted.
const PRUNE_INTERVAL: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Feed(#[from] FeedLoadError),
    #[error("cannot open database: {0}")]
    Store(#[from] StoreError),
}

/// A configured server, ready to run on a listener.
pub struct Server {
    router: Router,
    store: Arc<dyn ReportStore>,
    retention_days: u32,
    relays: Vec<Arc<Relay>>,
    http_limits: HttpLimits,
}

impl Server {
    /// Checks the config, reads every feed source and opens (migrating) the database.
    pub async fn new(config: Config) -> Result<Self, StartError> {
        config.validate()?;
        routes::warn_unless_widget_build(&config.server.static_dir);
        let feeds = FeedSources::load(
            &config.feeds,
            &config.reports.default_symptoms,
            &config.relay_schedule,
        )?;
        let relays = feeds.relays().cloned().collect();
        let database: Box<dyn ReportStore> = match &config.storage.database {
            Database::Sqlite(path) => Box::new(SqliteStore::open(path)?),
            Database::Postgres(database) => {
                Box::new(PostgresStore::connect(database.as_ref().clone()).await?)
            }
        };
        let store: Arc<dyn ReportStore> = Arc::new(GuardedStore::new(database));
        let retention_days = config.storage.retention_days;
        let http_limits = HttpLimits::from(&config.server);
        let app = App {
            config,
            feeds,
            store: Arc::clone(&store),
            clients: ClientHasher::default(),
            feed_cache: FeedCache::default(),
            warned_origins: WarnedOrigins::default(),
        };
        Ok(Self {
            router: routes::router(Arc::new(app)),
            store,
            retention_days,
            relays,
            http_limits,
        })
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight, closing the
    /// connections left when the grace period ends.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let pruning = tokio::spawn(prune_periodically(self.store, self.retention_days));
        let pollers: Vec<_> = self
            .relays
            .into_iter()
            .map(|relay| tokio::spawn(relay.poll_forever()))
            .collect();
        let served = serve::serve(listener, self.router, self.http_limits, shutdown).await;
        pruning.abort();
        for poller in pollers {
            poller.abort();
        }
        served
    }
}

async fn prune_periodically(store: Arc<dyn ReportStore>, retention_days: u32) {
    let mut interval = tokio::time::interval(PRUNE_INTERVAL);
    loop {
        interval.tick().await;
        let now = routes::now();
        let cutoff = now.minus_days(retention_days);
        let store = Arc::clone(&store);
        let prune = move || {
            // Also when nobody reported today: yesterday's salt must not outlive its day.
            store.forget_salts_before(client::utc_day(now))?;
            store.delete_before(cutoff)
        };
        match tokio::task::spawn_blocking(prune).await {
            Ok(Ok(0)) => {}
            Ok(Ok(deleted)) => tracing::info!(deleted, "deleted reports past retention"),
            Ok(Err(error)) => tracing::warn!(%error, "could not delete old reports"),
            Err(error) => tracing::warn!(%error, "pruning task failed"),
        }
    }
}
