//! Where reports are kept: one SQLite file by default, or PostgreSQL when several replicas
//! share the reports. Handlers see only the `ReportStore` trait. Methods block: call them
//! from `tokio::task::spawn_blocking`.

mod guard;
mod postgres;
mod sqlite;

use status_feed::Timestamp;

pub use guard::GuardedStore;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database error: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("no database connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("the database did not answer within {} s", .0.as_secs())]
    TimedOut(std::time::Duration),
    #[error("the database failed moments ago; not asking it again yet")]
    RecentlyFailed,
    #[error("the database has schema version {found}, newer than this server knows ({known})")]
    NewerSchema { found: i64, known: i64 },
}

impl StoreError {
    /// Whether the database is out of reach for now (stopped, restarting, unreachable, out
    /// of disk), as opposed to a fault that retrying will not fix.
    pub fn is_unavailable(&self) -> bool {
        use rusqlite::ErrorCode;
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, _)) => matches!(
                error.code,
                ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
                    | ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure
                    | ErrorCode::ReadOnly
                    | ErrorCode::CannotOpen
            ),
            // No SQLSTATE: the connection failed or closed. Classes 08 (connection), 53
            // (resources: disk, memory, connections), 57 (shutdown, cancelled by a timeout)
            // and 40 (serialisation, deadlock) pass with time.
            StoreError::Postgres(error) => error.code().is_none_or(|state| {
                ["08", "53", "57", "40"]
                    .iter()
                    .any(|class| state.code().starts_with(class))
            }),
            StoreError::Pool(_) | StoreError::TimedOut(_) | StoreError::RecentlyFailed => true,
            StoreError::Sqlite(_) | StoreError::NewerSchema { .. } => false,
        }
    }
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

impl RateLimit {
    /// The refusal for a client with `recent` reports in the window, the oldest received at
    /// `oldest`, if that is already the limit.
    fn refusal(self, recent: i64, oldest: Option<i64>, now: i64) -> Option<Submission> {
        if recent < i64::from(self.max_reports) {
            return None;
        }
        // The client may report again once its oldest report in the window expires.
        let frees_at = oldest.unwrap_or(now) + self.window_millis;
        let wait_millis = u64::try_from(frees_at - now).unwrap_or(0);
        Some(Submission::RateLimited {
            retry_after_seconds: wait_millis.div_ceil(1000).max(1),
        })
    }
}

/// The stored report that used an idempotency key first.
struct EarlierReport {
    id: i64,
    feed: String,
    component: String,
    symptom: String,
}

impl EarlierReport {
    /// What a new report with the same key amounts to.
    fn decide(self, report: &NewReport) -> Submission {
        let same = self.feed == report.feed
            && self.component == report.component
            && self.symptom == report.symptom;
        if same {
            Submission::Replayed { id: self.id }
        } else {
            Submission::KeyConflict
        }
    }
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

    /// The salt of client hashes on UTC day `day` (days since the Unix epoch): `offered`
    /// when nobody chose one before. Stores that serve several replicas keep it, and forget
    /// the salts of earlier days, so that every replica hashes a client alike.
    fn daily_salt(&self, day: i64, offered: [u8; 32]) -> Result<[u8; 32], StoreError>;

    /// Forgets the salts of the days before `day`, for stores that keep them.
    fn forget_salts_before(&self, day: i64) -> Result<(), StoreError>;

    /// Deletes reports received before `cutoff`; returns how many.
    fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError>;

    /// Answers when the database is reachable and readable.
    fn check(&self) -> Result<(), StoreError>;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const LIMIT: RateLimit = RateLimit {
        max_reports: 2,
        window_millis: 600_000,
    };

    pub fn report(key: &str, client: &str, at: i64) -> NewReport {
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

    /// Runs `behaviour` on an empty SQLite store, then on an empty PostgreSQL store when the
    /// test command started a cluster (it always does; a bare `cargo test` may not).
    fn on_every_backend(behaviour: fn(&dyn ReportStore)) {
        let dir = tempfile::tempdir().unwrap();
        behaviour(&SqliteStore::open(&dir.path().join("test.db")).unwrap());
        if let Some((_runtime, store)) = postgres::testing::throwaway_store() {
            behaviour(&store);
        }
    }

    #[test]
    fn keys_replay_or_conflict_and_never_count_twice_everywhere() {
        on_every_backend(keys_replay_or_conflict_and_never_count_twice);
    }

    #[test]
    fn rate_limit_counts_a_sliding_window_per_client_everywhere() {
        on_every_backend(rate_limit_counts_a_sliding_window_per_client);
    }

    #[test]
    fn buckets_group_by_aligned_start_component_and_symptom_everywhere() {
        on_every_backend(buckets_group_by_aligned_start_component_and_symptom);
    }

    fn keys_replay_or_conflict_and_never_count_twice(store: &dyn ReportStore) {
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

    fn rate_limit_counts_a_sliding_window_per_client(store: &dyn ReportStore) {
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

    fn buckets_group_by_aligned_start_component_and_symptom(store: &dyn ReportStore) {
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
