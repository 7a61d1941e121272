//! Reports in one SQLite file: the default, for a single server process.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use status_feed::Timestamp;

use super::{
    BucketCount, EarlierReport, NewReport, RateLimit, ReportStore, StoreError, Submission,
};

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
        let earlier = transaction
            .query_row(
                "SELECT id, feed, component, symptom FROM reports WHERE idempotency_key = ?1",
                [&report.idempotency_key],
                |row| {
                    Ok(EarlierReport {
                        id: row.get(0)?,
                        feed: row.get(1)?,
                        component: row.get(2)?,
                        symptom: row.get(3)?,
                    })
                },
            )
            .optional()?;
        if let Some(earlier) = earlier {
            return Ok(earlier.decide(report));
        }

        let now = report.received_at.unix_millis();
        let (recent, oldest): (i64, Option<i64>) = transaction.query_row(
            "SELECT COUNT(*), MIN(received_at) FROM reports
             WHERE client_hash = ?1 AND received_at > ?2",
            params![report.client_hash, now - limit.window_millis],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if let Some(refusal) = limit.refusal(recent, oldest, now) {
            return Ok(refusal);
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

    /// One process: the salt stays in its memory, never on disk.
    fn daily_salt(&self, _day: i64, offered: [u8; 32]) -> Result<[u8; 32], StoreError> {
        Ok(offered)
    }

    fn forget_salts_before(&self, _day: i64) -> Result<(), StoreError> {
        Ok(())
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
    use crate::store::tests::{LIMIT, report};

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
}
