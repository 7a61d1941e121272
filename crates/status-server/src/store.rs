//! Where reports are kept. Handlers see only the `ReportStore` trait, so another database
//! (e.g. PostgreSQL) can replace SQLite without touching them. Methods block: call them from
//! `tokio::task::spawn_blocking`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use status_feed::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the database has schema version {found}, newer than this server knows ({known})")]
    NewerSchema { found: i64, known: i64 },
}

/// A validated report, ready to store. Holds no address: only the salted client hash.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub feed: String,
    pub component: String,
    pub symptom: String,
    pub note: Option<String>,
    pub idempotency_key: String,
    pub client_hash: String,
    pub received_at: Timestamp,
}

#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub max_reports: u32,
    pub window_millis: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submission {
    Accepted {
        id: i64,
    },
    /// The idempotency key was seen before with the same report: nothing new is counted.
    Replayed {
        id: i64,
    },
    /// The idempotency key was seen before with a different report.
    KeyConflict,
    RateLimited {
        retry_after_seconds: u64,
    },
}

/// Reports of one component and symptom within one bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketCount {
    pub start: Timestamp,
    pub component: String,
    pub symptom: String,
    pub reports: u32,
}

pub trait ReportStore: Send + Sync {
    /// Stores a report unless its key was used before or the client is over the limit; the
    /// checks and the insert are one transaction, so concurrent retries cannot count twice.
    fn submit(&self, report: &NewReport, limit: RateLimit) -> Result<Submission, StoreError>;

    /// Counts of the feed's reports received at or after `since`, per bucket (aligned to
    /// multiples of `bucket_seconds` since the Unix epoch), component and symptom.
    fn bucket_counts(
        &self,
        feed: &str,
        since: Timestamp,
        bucket_seconds: u32,
    ) -> Result<Vec<BucketCount>, StoreError>;

    /// How many different clients reported on the feed at or after `since`.
    fn distinct_reporters(&self, feed: &str, since: Timestamp) -> Result<u32, StoreError>;

    /// Deletes reports received before `cutoff`; returns how many.
    fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError>;

    /// Answers when the database is reachable and readable.
    fn check(&self) -> Result<(), StoreError>;
}

/// Numbered schema migrations; the database's `user_version` is how many have been applied.
/// Append only: never edit one that has shipped.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        feed TEXT NOT NULL,
        component TEXT NOT NULL,
        symptom TEXT NOT NULL,
        note TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        client_hash TEXT NOT NULL,
        received_at INTEGER NOT NULL -- Unix milliseconds
    );
    CREATE INDEX reports_by_feed_time ON reports (feed, received_at);
    CREATE INDEX reports_by_client_time ON reports (client_hash, received_at);
"];

/// SQLite behind one connection. Reports are small and rare next to feed reads, so one
/// serialised connection is plenty and keeps the transactions simple.
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut connection = Connection::open(path)?;
        // WAL lets readers run during a write; synchronous=FULL makes every commit reach
        // the disk before we answer 2xx, so an acknowledged report survives a crash.
        connection.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut connection)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done transaction behind (it
        // rolls back on drop), so the connection is still good to use.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let known = i64::try_from(MIGRATIONS.len()).expect("a handful of migrations");
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if applied > known {
        return Err(StoreError::NewerSchema {
            found: applied,
            known,
        });
    }
    for (version, migration) in (1..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(applied).unwrap_or(0))
    {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}

impl ReportStore for SqliteStore {
    fn submit(&self, report: &NewReport, limit: RateLimit) -> Result<Submission, StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let earlier: Option<(i64, String, String, String)> = transaction
            .query_row(
                "SELECT id, feed, component, symptom FROM reports WHERE idempotency_key = ?1",
                [&report.idempotency_key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        if let Some((id, feed, component, symptom)) = earlier {
            let same =
                feed == report.feed && component == report.component && symptom == report.symptom;
            return Ok(if same {
                Submission::Replayed { id }
            } else {
                Submission::KeyConflict
            });
        }

        let now = report.received_at.unix_millis();
        let window_start = now - limit.window_millis;
        let (recent, oldest): (u32, Option<i64>) = transaction.query_row(
            "SELECT COUNT(*), MIN(received_at) FROM reports
             WHERE client_hash = ?1 AND received_at > ?2",
            params![report.client_hash, window_start],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if recent >= limit.max_reports {
            // The client may report again once its oldest report in the window expires.
            let frees_at = oldest.unwrap_or(now) + limit.window_millis;
            let wait_millis = u64::try_from(frees_at - now).unwrap_or(0);
            return Ok(Submission::RateLimited {
                retry_after_seconds: wait_millis.div_ceil(1000).max(1),
            });
        }

        transaction.execute(
            "INSERT INTO reports
             (feed, component, symptom, note, idempotency_key, client_hash, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                report.feed,
                report.component,
                report.symptom,
                report.note,
                report.idempotency_key,
                report.client_hash,
                now
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        Ok(Submission::Accepted { id })
    }

    fn bucket_counts(
        &self,
        feed: &str,
        since: Timestamp,
        bucket_seconds: u32,
    ) -> Result<Vec<BucketCount>, StoreError> {
        let bucket_millis = i64::from(bucket_seconds) * 1000;
        let connection = self.connection();
        let mut statement = connection.prepare_cached(
            "SELECT (received_at / ?1) * ?1 AS bucket, component, symptom, COUNT(*)
             FROM reports WHERE feed = ?2 AND received_at >= ?3
             GROUP BY bucket, component, symptom ORDER BY bucket, component, symptom",
        )?;
        let rows =
            statement.query_map(params![bucket_millis, feed, since.unix_millis()], |row| {
                Ok(BucketCount {
                    start: Timestamp::from_unix_millis(row.get(0)?),
                    component: row.get(1)?,
                    symptom: row.get(2)?,
                    reports: row.get(3)?,
                })
            })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn distinct_reporters(&self, feed: &str, since: Timestamp) -> Result<u32, StoreError> {
        Ok(self.connection().query_row(
            "SELECT COUNT(DISTINCT client_hash) FROM reports WHERE feed = ?1 AND received_at >= ?2",
            params![feed, since.unix_millis()],
            |row| row.get(0),
        )?)
    }

    fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError> {
        Ok(self.connection().execute(
            "DELETE FROM reports WHERE received_at < ?1",
            [cutoff.unix_millis()],
        )?)
    }

    fn check(&self) -> Result<(), StoreError> {
        self.connection()
            .query_row("SELECT COUNT(*) FROM reports LIMIT 1", [], |_| Ok(()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: RateLimit = RateLimit {
        max_reports: 2,
        window_millis: 600_000,
    };

    fn report(key: &str, client: &str, at: i64) -> NewReport {
        NewReport {
            feed: "demo".into(),
            component: "chat".into(),
            symptom: "503".into(),
            note: None,
            idempotency_key: key.into(),
            client_hash: client.into(),
            received_at: Timestamp::from_unix_millis(at),
        }
    }

    fn temp_store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("test.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn migrations_run_once_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        let store = SqliteStore::open(&path).unwrap();
        store
            .submit(&report("key-0001", "c1", 1_000), LIMIT)
            .unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        let version: i64 = store
            .connection()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, 1);
        let mode: String = store
            .connection()
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(
            store
                .distinct_reporters("demo", Timestamp::from_unix_millis(0))
                .unwrap(),
            1
        );
    }

    #[test]
    fn refuses_a_database_from_a_newer_server() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }

    #[test]
    fn keys_replay_or_conflict_and_never_count_twice() {
        let (_dir, store) = temp_store();
        let first = store
            .submit(&report("key-0001", "c1", 1_000), LIMIT)
            .unwrap();
        assert_eq!(first, Submission::Accepted { id: 1 });
        let again = store
            .submit(&report("key-0001", "c1", 2_000), LIMIT)
            .unwrap();
        assert_eq!(again, Submission::Replayed { id: 1 });
        let mut other = report("key-0001", "c1", 3_000);
        other.symptom = "502".into();
        assert_eq!(
            store.submit(&other, LIMIT).unwrap(),
            Submission::KeyConflict
        );
        let counts = store
            .bucket_counts("demo", Timestamp::from_unix_millis(0), 300)
            .unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].reports, 1);
    }

    #[test]
    fn rate_limit_counts_a_sliding_window_per_client() {
        let (_dir, store) = temp_store();
        let submit =
            |key: &str, client: &str, at: i64| store.submit(&report(key, client, at), LIMIT);
        assert!(matches!(
            submit("key-0001", "c1", 0).unwrap(),
            Submission::Accepted { .. }
        ));
        assert!(matches!(
            submit("key-0002", "c1", 100_000).unwrap(),
            Submission::Accepted { .. }
        ));
        assert_eq!(
            submit("key-0003", "c1", 200_000).unwrap(),
            Submission::RateLimited {
                retry_after_seconds: 400
            }
        );
        assert!(matches!(
            submit("key-0004", "c2", 200_000).unwrap(),
            Submission::Accepted { .. }
        ));
        assert!(matches!(
            submit("key-0005", "c1", 600_001).unwrap(),
            Submission::Accepted { .. }
        ));
    }

    #[test]
    fn buckets_group_by_aligned_start_component_and_symptom() {
        let (_dir, store) = temp_store();
        let limit = RateLimit {
            max_reports: 100,
            window_millis: 1,
        };
        for (index, at) in [300_000, 310_000, 599_999, 600_000].into_iter().enumerate() {
            store
                .submit(&report(&format!("key-000{index}"), "c1", at), limit)
                .unwrap();
        }
        let counts = store
            .bucket_counts("demo", Timestamp::from_unix_millis(0), 300)
            .unwrap();
        let summary: Vec<_> = counts
            .iter()
            .map(|c| (c.start.unix_millis(), c.reports))
            .collect();
        assert_eq!(summary, [(300_000, 3), (600_000, 1)]);
        assert_eq!(
            store
                .delete_before(Timestamp::from_unix_millis(600_000))
                .unwrap(),
            3
        );
        store.check().unwrap();
    }
}
