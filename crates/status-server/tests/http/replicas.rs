//! Two `status-server` processes on one PostgreSQL database, as replicas behind a load
//! balancer would run: they share the reports, the idempotency keys, each client's rate
//! limit, and a replica killed mid-burst loses none of what it acknowledged.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use throwaway_postgres::Cluster;

use super::common::{connect, report, totals};
use super::process::{Process, Setup};

struct Replicas {
    a: Process,
    b: Process,
    _dirs: [tempfile::TempDir; 2],
}

/// Two replicas on `cluster`, allowing each client `rate_limit` reports per window.
async fn replicas(cluster: &Cluster, rate_limit: u32) -> Replicas {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let setup = || Setup {
        database: Some(&cluster.url),
        rate_limit: Some(rate_limit),
        ..Setup::default()
    };
    let a = Process::start_with(dirs[0].path(), setup()).await;
    let b = Process::start_with(dirs[1].path(), setup()).await;
    Replicas { a, b, _dirs: dirs }
}

/// Posts a report with `key` to the replica at `base`; `None` when nothing answered.
async fn post(client: &reqwest::Client, base: &str, key: &str) -> Option<StatusCode> {
    let response = client
        .post(format!("{base}/api/reports/example"))
        .json(&report(key))
        .send()
        .await;
    response.ok().map(|response| response.status())
}

/// The reports counted in the feed a replica serves, once its cached copy has expired.
async fn counted_by(replica: &Process) -> u64 {
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let feed: Value = reqwest::get(format!("{}/feeds/example.json", replica.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    totals(&feed["community"]).0
}

#[tokio::test]
async fn replicas_share_reports_keys_and_rate_limits() {
    // Runs in the test command's PostgreSQL step, on a cluster of its own.
    if throwaway_postgres::test_run_url().is_none() {
        return;
    }
    let cluster = Cluster::start().unwrap();
    let Replicas { a, b, .. } = replicas(&cluster, 3).await;
    let client = reqwest::Client::new();

    assert_eq!(
        post(&client, &a.base, "replicated-1").await,
        Some(StatusCode::CREATED)
    );
    assert_eq!(counted_by(&b).await, 1, "a report posted to A counts on B");

    let replay = post(&client, &b.base, "replicated-1").await;
    assert_eq!(
        replay,
        Some(StatusCode::OK),
        "the same key on B is a replay"
    );
    assert_eq!(counted_by(&a).await, 1);

    // Every request comes from the same loopback address: one client, limited to 3.
    assert_eq!(
        post(&client, &b.base, "replicated-2").await,
        Some(StatusCode::CREATED)
    );
    assert_eq!(
        post(&client, &a.base, "replicated-3").await,
        Some(StatusCode::CREATED)
    );
    let limited = post(&client, &b.base, "replicated-4").await;
    assert_eq!(
        limited,
        Some(StatusCode::TOO_MANY_REQUESTS),
        "over the limit on B too"
    );
    assert_eq!(counted_by(&b).await, 3);
}

#[tokio::test]
async fn a_replica_killed_mid_burst_loses_no_acknowledged_report() {
    const SENDERS: usize = 4;
    const REPORTS_EACH: usize = 25;
    if throwaway_postgres::test_run_url().is_none() {
        return;
    }
    let cluster = Cluster::start().unwrap();
    let Replicas { a, b, .. } = replicas(&cluster, 1_000).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    // Each sender alternates between A and B, one report at a time, keeping what was
    // acknowledged and what B answered.
    let acknowledged_so_far = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = (0..SENDERS)
        .map(|sender| {
            let (client, a, b) = (client.clone(), a.base.clone(), b.base.clone());
            let acknowledged_so_far = Arc::clone(&acknowledged_so_far);
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                let mut b_answers = Vec::new();
                for index in 0..REPORTS_EACH {
                    let key = format!("burst-{sender}-{index:02}");
                    let on_b = index % 2 == 1;
                    let status = post(&client, if on_b { &b } else { &a }, &key).await;
                    if on_b {
                        b_answers.push(status);
                    }
                    if status.is_some_and(|status| status.is_success()) {
                        acknowledged.push(key);
                        acknowledged_so_far.fetch_add(1, Ordering::SeqCst);
                    }
                }
                (acknowledged, b_answers)
            })
        })
        .collect();
    // In the thick of it: a fifth of the burst acknowledged, requests in flight on both.
    while acknowledged_so_far.load(Ordering::SeqCst) < SENDERS * REPORTS_EACH / 5 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    a.kill_9();

    let mut acknowledged = Vec::new();
    for sender in senders {
        let (keys, b_answers) = sender.await.unwrap();
        assert!(
            b_answers
                .iter()
                .all(|status| *status == Some(StatusCode::CREATED)),
            "B answered every report: {b_answers:?}"
        );
        acknowledged.extend(keys);
    }
    assert!(
        acknowledged.len() < SENDERS * REPORTS_EACH,
        "A was killed before the burst ended"
    );
    let stored: Vec<String> = connect(&cluster.url.parse().unwrap())
        .await
        .query("SELECT idempotency_key FROM reports", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|key| !stored.contains(key))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
}
