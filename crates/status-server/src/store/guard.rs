//! A store that stops asking a database that has just failed. For a moment after a failure
//! that time may fix, every call fails at once instead of waiting out the same timeouts
//! again, so that an outage cannot pile requests up on the blocking threads, and `/healthz`
//! reports it even when the failure was a write (a full disk) that a read would not show.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use status_feed::Timestamp;

use super::{BucketCount, NewReport, RateLimit, ReportStore, StoreError, Submission};

/// How long calls fail at once after the database failed; the first call after it asks the
/// database again.
const PAUSE: Duration = Duration::from_secs(2);

pub struct GuardedStore {
    inner: Box<dyn ReportStore>,
    failed_at: Mutex<Option<Instant>>,
}

impl GuardedStore {
    pub fn new(inner: Box<dyn ReportStore>) -> Self {
        Self {
            inner,
            failed_at: Mutex::new(None),
        }
    }

    fn call<T>(
        &self,
        work: impl FnOnce(&dyn ReportStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let paused = |failed_at: &Option<Instant>| failed_at.is_some_and(|at| at.elapsed() < PAUSE);
        if paused(
            &self
                .failed_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        ) {
            return Err(StoreError::RecentlyFailed);
        }
        let result = work(self.inner.as_ref());
        let mut failed_at = self
            .failed_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match &result {
            Ok(_) => *failed_at = None,
            Err(error) if error.is_unavailable() => *failed_at = Some(Instant::now()),
            // A fault that time will not fix says nothing about the database's reach.
            Err(_) => {}
        }
        result
    }
}

impl ReportStore for GuardedStore {
    fn submit(&self, report: &NewReport, limit: RateLimit) -> Result<Submission, StoreError> {
        self.call(|store| store.submit(report, limit))
    }

    fn bucket_counts(
        &self,
        feed: &str,
        since: Timestamp,
        bucket_seconds: u32,
    ) -> Result<Vec<BucketCount>, StoreError> {
        self.call(|store| store.bucket_counts(feed, since, bucket_seconds))
    }

    fn distinct_reporters(&self, feed: &str, since: Timestamp) -> Result<u32, StoreError> {
        self.call(|store| store.distinct_reporters(feed, since))
    }

    fn daily_salt(&self, day: i64, offered: [u8; 32]) -> Result<[u8; 32], StoreError> {
        self.call(|store| store.daily_salt(day, offered))
    }

    fn forget_salts_before(&self, day: i64) -> Result<(), StoreError> {
        self.call(|store| store.forget_salts_before(day))
    }

    fn delete_before(&self, cutoff: Timestamp) -> Result<usize, StoreError> {
        self.call(|store| store.delete_before(cutoff))
    }

    fn check(&self) -> Result<(), StoreError> {
        self.call(|store| store.check())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::*;

    /// A database whose health check fails while `down`, counting the checks it answers.
    #[derive(Default)]
    struct Database {
        down: AtomicBool,
        asked: AtomicUsize,
    }

    struct Checked(Arc<Database>);

    impl ReportStore for Checked {
        fn submit(&self, _: &NewReport, _: RateLimit) -> Result<Submission, StoreError> {
            unreachable!("only checked")
        }
        fn bucket_counts(
            &self,
            _: &str,
            _: Timestamp,
            _: u32,
        ) -> Result<Vec<BucketCount>, StoreError> {
            unreachable!("only checked")
        }
        fn distinct_reporters(&self, _: &str, _: Timestamp) -> Result<u32, StoreError> {
            unreachable!("only checked")
        }
        fn daily_salt(&self, _: i64, _: [u8; 32]) -> Result<[u8; 32], StoreError> {
            unreachable!("only checked")
        }
        fn forget_salts_before(&self, _: i64) -> Result<(), StoreError> {
            unreachable!("only checked")
        }
        fn delete_before(&self, _: Timestamp) -> Result<usize, StoreError> {
            unreachable!("only checked")
        }
        fn check(&self) -> Result<(), StoreError> {
            self.0.asked.fetch_add(1, Ordering::SeqCst);
            if self.0.down.load(Ordering::SeqCst) {
                Err(StoreError::TimedOut(Duration::from_secs(5)))
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn after_a_failure_calls_fail_at_once_for_a_moment_then_ask_again() {
        let database = Arc::new(Database::default());
        let store = GuardedStore::new(Box::new(Checked(Arc::clone(&database))));
        store.check().unwrap();
        database.down.store(true, Ordering::SeqCst);
        assert!(matches!(store.check(), Err(StoreError::TimedOut(_))));
        assert!(matches!(store.check(), Err(StoreError::RecentlyFailed)));
        assert_eq!(
            database.asked.load(Ordering::SeqCst),
            2,
            "not asked while paused"
        );

        database.down.store(false, Ordering::SeqCst);
        // As if the pause had passed.
        *store.failed_at.lock().unwrap() = Some(Instant::now() - PAUSE);
        store.check().unwrap();
        store.check().unwrap();
        assert_eq!(database.asked.load(Ordering::SeqCst), 4);
    }
}
