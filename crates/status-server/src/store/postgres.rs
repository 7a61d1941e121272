//! Reports in PostgreSQL, so that several server replicas can share them. Every decision that
//! must hold across replicas (idempotency keys, the rate limit) is taken inside one
//! transaction that holds a lock on the client.

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime, Timeouts};
use status_feed::Timestamp;
use tokio::runtime::Handle;
use tokio_postgres::NoTls;

use super::{
    BucketCount, EarlierReport, NewReport, RateLimit, ReportStore, StoreError, Submission,
};

/// Numbered schema migrations, recorded in `status_server_schema`. Append only: never edit
/// one that has shipped.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE reports (
        id BIGSERIAL PRIMARY KEY,
        feed TEXT NOT NULL,
        component TEXT NOT NULL,
        symptom TEXT NOT NULL,
        note TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        client_hash TEXT NOT NULL,
        received_at BIGINT NOT NULL -- Unix milliseconds
    );
    CREATE INDEX reports_by_feed_time ON reports (feed, received_at);
    CREATE INDEX reports_by_client_time ON reports (client_hash, received_at);
    -- The salt of client hashes per UTC day, shared by the replicas.
    CREATE TABLE client_salts (
        day BIGINT PRIMARY KEY, -- days since the Unix epoch
        salt BYTEA NOT NULL
    );
"];

/// The advisory lock replicas take to migrate one at a time ("status" in ASCII).
const MIGRATION_LOCK: i64 = 0x7374_6174_7573;

/// Connections kept open per replica. Reports are rare next to feed reads, and feeds are
/// built once a second at most, so a few are plenty; PostgreSQL's default limit is 100.
const POOL_SIZE: usize = 8;

/// How long a request waits for a connection before the database counts as unavailable.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(3);

/// The most one store call may take, connection included. A database that stops answering
/// (a frozen host, a network that drops packets) must not hold requests for longer.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// Server-side bounds, so that a statement or a lock wait the client gave up on ends there
/// too, and a connection left inside a transaction is closed.
const SESSION_OPTIONS: &str = "-c statement_timeout=5000 -c lock_timeout=5000 \
     -c idle_in_transaction_session_timeout=10000";

/// Unacknowledged data or silent keep-alives for this long close a connection whose peer
/// vanished without a word, instead of the system's two hours.
const DEAD_PEER_TIMEOUT: Duration = Duration::from_secs(10);

pub struct PostgresStore {
    pool: Pool,
    /// The server's runtime: the trait's methods block, on a blocking thread, on its I/O.
    runtime: Handle,
}

impl PostgresStore {
    /// Connects and brings the schema up to date. Replicas starting together migrate one
    /// after the other; the later ones find nothing left to do.
    pub async fn connect(mut config: tokio_postgres::Config) -> Result<Self, StoreError> {
        let options = match config.get_options() {
            Some(theirs) => format!("{theirs} {SESSION_OPTIONS}"),
            None => SESSION_OPTIONS.to_owned(),
        };
        config
            .options(options)
            .keepalives_idle(DEAD_PEER_TIMEOUT)
            .tcp_user_timeout(DEAD_PEER_TIMEOUT);
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                // A round trip before each use finds connections that stopped answering
                // while idle, which are then replaced instead of handed to a request.
                recycling_method: RecyclingMethod::Verified,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .timeouts(Timeouts {
                wait: Some(CONNECTION_TIMEOUT),
                create: Some(CONNECTION_TIMEOUT),
                recycle: Some(CONNECTION_TIMEOUT),
            })
            .build()
            .expect("a pool with a runtime for its timeouts");
        migrate(&pool).await?;
        Ok(Self {
            pool,
            runtime: Handle::current(),
        })
    }

    fn block_on<T>(
        &self,
        work: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        self.runtime.block_on(async {
            tokio::time::timeout(CALL_TIMEOUT, work)
                .await
                .unwrap_or(Err(StoreError::TimedOut(CALL_TIMEOUT)))
        })
    }
}

async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let known = i64::try_from(MIGRATIONS.len()).expect("a handful of migrations");
    let mut client = pool.get().await?;
    // One transaction for the lock and every step: PostgreSQL's DDL is transactional, so a
    // replica killed halfway leaves no half-applied migration behind.
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    transaction
        .batch_execute("CREATE TABLE IF NOT EXISTS status_server_schema (version BIGINT NOT NULL)")
        .await?;
    let applied: i64 = transaction
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM status_server_schema",
            &[],
        )
        .await?
        .get(0);
    if applied > known {
        return Err(StoreError::NewerSchema {
            found: applied,
            known,
        });
    }
    for (version, migration) in (1_i64..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(applied).unwrap_or(0))
    {
        transaction.batch_execute(migration).await?;
        transaction
            .execute(
                "INSERT INTO status_server_schema (version) VALUES ($1)",
                &[&version],
            )
            .await?;
        tracing::info!(version, "applied database migration");
    }
    transaction.commit().await?;
    Ok(())
}

async fn earlier_report(
    transaction: &deadpool_postgres::Transaction<'_>,
    key: &str,
) -> Result<Option<EarlierReport>, StoreError> {
    let row = transaction
        .query_opt(
            "SELECT id, feed, component, symptom FROM reports WHERE idempotency_key = $1",
            &[&key],
        )
        .await?;
    Ok(row.map(|row| EarlierReport {
        id: row.get(0),
        feed: row.get(1),
        component: row.get(2),
        symptom: row.get(3),
    }))
}

/// A count from SQL's 64-bit `COUNT`, as the 32-bit counts the feed carries.
fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl ReportStore for PostgresStore {
    fn submit(&self, report: &NewReport, limit: RateLimit) -> Result<Submission, StoreError> {
        self.block_on(async {
            let mut client = self.pool.get().await?;
            let transaction = client.transaction().await?;
            // One client's reports are decided one at a time, whichever replica took them:
            // a retry sent to another replica then sees the first attempt's row.
            transaction
                .execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                    &[&report.client_hash],
                )
                .await?;
            if let Some(earlier) = earlier_report(&transaction, &report.idempotency_key).await? {
                return Ok(earlier.decide(report));
            }
            let now = report.received_at.unix_millis();
            let row = transaction
                .query_one(
                    "SELECT COUNT(*), MIN(received_at) FROM reports
                     WHERE client_hash = $1 AND received_at > $2",
                    &[&report.client_hash, &(now - limit.window_millis)],
                )
                .await?;
            if let Some(refusal) = limit.refusal(row.get(0), row.get(1), now) {
                return Ok(refusal);
            }
            let inserted = transaction
                .query_opt(
                    "INSERT INTO reports
                     (feed, component, symptom, note, idempotency_key, client_hash, received_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (idempotency_key) DO NOTHING
                     RETURNING id",
                    &[
                        &report.feed,
                        &report.component,
                        &report.symptom,
                        &report.note,
                        &report.idempotency_key,
                        &report.client_hash,
                        &now,
                    ],
                )
                .await?;
            let Some(inserted) = inserted else {
                // Another client used the same key meanwhile; its row is committed now.
                let earlier = earlier_report(&transaction, &report.idempotency_key).await?;
                return Ok(
                    earlier.map_or(Submission::KeyConflict, |earlier| earlier.decide(report))
                );
            };
            transaction.commit().await?;
            Ok(Submission::Accepted {
                id: inserted.get(0),
            })
        })
    }

    fn bucket_counts(
        &self,
        feed: &str,
        since: Timestamp,
        bucket_seconds: u32,
    ) -> Result<Vec<BucketCount>, StoreError> {
        let bucket_millis = i64::from(bucket_seconds) * 1000;
        self.block_on(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT (received_at / $1) * $1 AS bucket, component, symptom, COUNT(*)
                     FROM reports WHERE feed = $2 AND received_at >= $3
                     GROUP BY bucket, component, symptom ORDER BY bucket, component, symptom",
                    &[&bucket_millis, &feed, &since.unix_millis()],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|row| BucketCount {
                    start: Timestamp::from_unix_millis(row.get(0)),
                    component: row.get(1),
                    symptom: row.get(2),
                    reports: count(row.get(3)),
                })
                .collect())
        })
    }

    fn distinct_reporters(&self, feed: &str, since: Timestamp) -> Result<u32, StoreError> {
        self.block_on(async {
            let client = self.pool.get().await?;
            let row = client
                .query_one(
                    "SELECT COUNT(DISTINCT client_hash) FROM reports
                     WHERE feed = $1 AND received_at >= $2",
                    &[&feed, &since.unix_millis()],
                )
                .await?;
            Ok(count(row.get(0)))
        })
    }

    fn daily_salt(&self, day: i64, offered: [u8; 32]) -> Result<[u8; 32], StoreError> {
        self.block_on(async {
            let client = self.pool.get().await?;
            // One statement: the day's salt, chosen by whichever replica came first.
            let row = client
                .query_one(
                    "INSERT INTO client_salts (day, salt) VALUES ($1, $2)
                     ON CONFLICT (day) DO UPDATE SET salt = client_salts.salt
                     RETURNING salt",
                    &[&day, &offered.as_slice()],
                )
                .await?;
            let salt: &[u8] = row.get(0);
            Ok(salt.try_into().unwrap_or(offered))
        })
    }

    fn forget_salts_before(&self, day: i64) -> Result<(), StoreError> {
        self.block_on(async {
            let client = self.pool.get().await?;
            client
                .execute("DELETE FROM client_salts WHERE day < $1", &[&day])
                .await?;
            Ok(())
        })
    }

    fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError> {
        // Safe from several replicas at once: a row two of them delete is counted by one.
        self.block_on(async {
            let client = self.pool.get().await?;
            let deleted = client
                .execute(
                    "DELETE FROM reports WHERE received_at < $1",
                    &[&cutoff.unix_millis()],
                )
                .await?;
            Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        self.block_on(async {
            let client = self.pool.get().await?;
            client.simple_query("SELECT 1 FROM reports LIMIT 1").await?;
            Ok(())
        })
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::PostgresStore;

    /// A store on a database of its own in the test cluster, and the runtime its I/O runs
    /// on; `None` when no cluster was started.
    pub fn throwaway_store() -> Option<(tokio::runtime::Runtime, PostgresStore)> {
        let (runtime, [store]) = replicas()?;
        Some((runtime, store))
    }

    /// `N` stores on one new database, as `N` server replicas would hold them.
    pub fn replicas<const N: usize>() -> Option<(tokio::runtime::Runtime, [PostgresStore; N])> {
        let url = throwaway_postgres::test_run_url()?;
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let stores = runtime.block_on(async {
            let config = fresh_database(&url).await;
            let mut stores = Vec::new();
            for _ in 0..N {
                stores.push(PostgresStore::connect(config.clone()).await.unwrap());
            }
            stores
        });
        Some((runtime, stores.try_into().ok()?))
    }

    /// Creates an empty database in the cluster at `url` and returns how to reach it.
    pub async fn fresh_database(url: &str) -> tokio_postgres::Config {
        use std::sync::atomic::{AtomicU32, Ordering};
        static CREATED: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "store_{}_{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed)
        );
        let mut config: tokio_postgres::Config = url.parse().unwrap();
        connect(&config)
            .await
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        config.dbname(&name);
        config
    }

    /// A client of the database `config` names, its connection driven in the background.
    pub async fn connect(config: &tokio_postgres::Config) -> tokio_postgres::Client {
        let (client, connection) = config.connect(tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        client
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::*;
    use crate::store::tests::report;

    /// Submits `reports[i]` to replica `i % 2`, all at once, and returns the outcomes.
    fn at_once_on_two_replicas(
        replicas: &[PostgresStore; 2],
        reports: &[NewReport],
        limit: RateLimit,
    ) -> Vec<Submission> {
        let start = Barrier::new(reports.len());
        std::thread::scope(|scope| {
            let submissions: Vec<_> = reports
                .iter()
                .enumerate()
                .map(|(index, report)| {
                    let (replica, start) = (&replicas[index % 2], &start);
                    scope.spawn(move || {
                        start.wait();
                        replica.submit(report, limit).unwrap()
                    })
                })
                .collect();
            submissions.into_iter().map(|s| s.join().unwrap()).collect()
        })
    }

    #[test]
    fn replicas_count_a_key_once_and_share_the_rate_limit() {
        let Some((_runtime, replicas)) = testing::replicas::<2>() else {
            return;
        };
        let generous = RateLimit {
            max_reports: 100,
            window_millis: 600_000,
        };
        let retries = vec![report("key-retried", "c1", 1_000); 8];
        let outcomes = at_once_on_two_replicas(&replicas, &retries, generous);
        let accepted = outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Submission::Accepted { .. }))
            .count();
        let replayed = outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Submission::Replayed { .. }))
            .count();
        assert_eq!((accepted, replayed), (1, 7), "{outcomes:?}");

        let strict = RateLimit {
            max_reports: 3,
            window_millis: 600_000,
        };
        let burst: Vec<_> = (0..8)
            .map(|index| report(&format!("key-burst-{index}"), "c2", 2_000 + index))
            .collect();
        let outcomes = at_once_on_two_replicas(&replicas, &burst, strict);
        let accepted = outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Submission::Accepted { .. }))
            .count();
        assert_eq!(accepted, 3, "{outcomes:?}");
        let counted = replicas[1]
            .bucket_counts("demo", Timestamp::from_unix_millis(0), 300)
            .unwrap();
        assert_eq!(counted.iter().map(|bucket| bucket.reports).sum::<u32>(), 4);
    }

    #[test]
    fn one_key_sent_by_two_clients_at_once_counts_once() {
        let Some((_runtime, replicas)) = testing::replicas::<2>() else {
            return;
        };
        let generous = RateLimit {
            max_reports: 100,
            window_millis: 600_000,
        };
        // Different clients take different locks, so the unique key decides.
        let sent: Vec<_> = (0..8)
            .map(|client| report("key-shared", &format!("client-{client}"), 1_000))
            .collect();
        let outcomes = at_once_on_two_replicas(&replicas, &sent, generous);
        let accepted = outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Submission::Accepted { .. }))
            .count();
        assert_eq!(accepted, 1, "{outcomes:?}");
        assert!(
            outcomes
                .iter()
                .all(|outcome| !matches!(outcome, Submission::KeyConflict)),
            "the same report under the same key is a replay: {outcomes:?}"
        );
    }

    #[test]
    fn replicas_share_each_day_salt_and_forget_the_days_before() {
        let Some((runtime, [one, other])) = testing::replicas::<2>() else {
            return;
        };
        let chosen = one.daily_salt(20_000, [1; 32]).unwrap();
        assert_eq!(chosen, [1; 32]);
        assert_eq!(other.daily_salt(20_000, [2; 32]).unwrap(), chosen);
        assert_eq!(other.daily_salt(20_001, [3; 32]).unwrap(), [3; 32]);
        one.forget_salts_before(20_001).unwrap();
        let kept: Vec<i64> = runtime.block_on(async {
            let client = one.pool.get().await.unwrap();
            let rows = client.query("SELECT day FROM client_salts", &[]).await;
            rows.unwrap().iter().map(|row| row.get(0)).collect()
        });
        assert_eq!(kept, [20_001], "the day before is forgotten");
    }

    #[test]
    fn replicas_starting_together_migrate_once() {
        // `replicas` connects one after another; here they start at the same moment.
        let Some(url) = throwaway_postgres::test_run_url() else {
            return;
        };
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let config = testing::fresh_database(&url).await;
            let starts: Vec<_> = (0..4)
                .map(|_| tokio::spawn(PostgresStore::connect(config.clone())))
                .collect();
            for start in starts {
                start.await.unwrap().unwrap();
            }
            let versions: Vec<i64> = testing::connect(&config)
                .await
                .query("SELECT version FROM status_server_schema", &[])
                .await
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            assert_eq!(versions, [1]);
        });
    }
}
