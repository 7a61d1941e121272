//! Upstreams and clients that try to stall the server.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use super::common::TestServer;
use super::process::{Process, Setup};
use super::upstream::{Behaviour, Upstream};

/// Far longer than any answer or timeout under test takes, short enough to fail a test
/// that would otherwise hang.
const BOUND: Duration = Duration::from_secs(10);

/// What a probe of `/healthz` must take at most, however the server is attacked.
const QUICK: Duration = Duration::from_millis(500);

async fn connect(base: &str) -> TcpStream {
    TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Whether the server closed the connection within `BOUND`, reading (and dropping)
/// whatever it sent first.
async fn closed_by_server(mut stream: impl AsyncRead + Unpin) -> bool {
    let mut buffer = [0; 1024];
    let read_to_end = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(BOUND, read_to_end).await.is_ok()
}

/// A client sending a request head one byte every 50 ms, forever.
fn trickle(mut stream: impl AsyncWrite + Send + Unpin + 'static) -> JoinHandle<()> {
    tokio::spawn(async move {
        let head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for byte in head.iter().chain(std::iter::repeat(&b'x')) {
            if stream.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
}

/// Probes `/healthz` on a new connection; its latency.
async fn probe(base: &str) -> Duration {
    let client = reqwest::Client::builder().timeout(BOUND).build().unwrap();
    let started = Instant::now();
    let answer = client.get(format!("{base}/healthz")).send().await;
    let latency = started.elapsed();
    assert!(
        answer.is_ok_and(|response| response.status() == 200),
        "probe failed after {latency:?}"
    );
    latency
}

/// A Google Cloud incident list as large as the reader accepts: 5,000 open incidents, each
/// naming 40 of 2,000 products, so that every product of every incident is looked up and the
/// feed is built (7.5 MB, just under the relay's body limit; about a second to read in a
/// debug build). Read on the async workers, a few of these at once would hold up every other
/// request.
fn slow_google_cloud_document() -> String {
    let incidents: Vec<_> = (0..5_000)
        .map(|incident| {
            let products: Vec<_> = (0..40)
                .map(|product| {
                    let id = format!("p{}", (incident * 40 + product) % 2_000);
                    json!({ "id": id, "title": "Product" })
                })
                .collect();
            json!({
                "id": format!("i{incident}"),
                "external_desc": "Everything",
                "begin": "2024-01-01T00:00:00Z",
                "affected_products": products,
            })
        })
        .collect();
    serde_json::Value::Array(incidents).to_string()
}

/// Each relay's reading is CPU work the server cannot interrupt. Off the async workers and
/// bounded in parallel, it leaves every probe of `/healthz` answered at once, and the
/// process still ends promptly on SIGTERM, the reading in progress abandoned.
#[cfg(unix)]
#[tokio::test]
async fn hostile_upstream_documents_stall_neither_requests_nor_shutdown() {
    const RELAYS: usize = 8;
    const PROBES: usize = 30;
    // Answered late, so that the relays read it while the probes run, not before the
    // server counts as started.
    let document = slow_google_cloud_document();
    let upstream = Upstream::start(Behaviour::Late(Duration::from_secs(1), document)).await;
    let feeds: String = (0..RELAYS)
        .map(|index| {
            format!(
                "[feeds.hostile{index}]\nurl = \"{}\"\nformat = \"google-cloud\"\n\
                 allow_private_networks = true\ntimeout_seconds = 5\n",
                upstream.url()
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut process = Process::start_with(
        dir.path(),
        Setup {
            server: "shutdown_grace_seconds = 5",
            feeds: &feeds,
            // More relays reading than async workers, whatever the machine's core count.
            env: &[("TOKIO_WORKER_THREADS", "2")],
            ..Setup::default()
        },
    )
    .await;

    let mut latencies = Vec::new();
    for _ in 0..PROBES {
        latencies.push(probe(&process.base).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        upstream.requests() >= RELAYS,
        "every relay fetched the document while the probes ran"
    );
    let slowest = latencies.iter().max().unwrap();
    assert!(
        *slowest < QUICK,
        "slowest probe {slowest:?}; all: {latencies:?}"
    );

    let (stopped_in, status) = process.terminate(Duration::from_secs(10)).await;
    assert!(status.success(), "{status}");
    assert!(
        stopped_in < Duration::from_secs(5),
        "stopped {stopped_in:?} after SIGTERM, the grace period being 5 s"
    );
}

#[tokio::test]
async fn connections_that_send_no_request_head_in_time_are_closed() {
    let server =
        TestServer::start_with(|config| config.server.header_read_timeout_seconds = 1).await;
    let silent = connect(&server.base).await;
    let mut partial = connect(&server.base).await;
    partial
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    let (trickling, trickle_head) = connect(&server.base).await.into_split();
    let trickler = trickle(trickle_head);
    let mut idle = connect(&server.base).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut status_line = [0; 12];
    idle.read_exact(&mut status_line).await.unwrap();
    assert_eq!(&status_line, b"HTTP/1.1 200", "then idle, kept alive");

    let closed = tokio::join!(
        closed_by_server(silent),
        closed_by_server(partial),
        closed_by_server(trickling),
        closed_by_server(idle),
    );
    assert_eq!(
        closed,
        (true, true, true, true),
        "silent, partial, trickling, idle"
    );
    trickler.abort();
}

/// The head came in time, but a report body sent a byte at a time (or not at all) must not
/// hold its connection past the same bound.
#[tokio::test]
async fn a_report_body_that_never_arrives_whole_is_given_up_on() {
    let server =
        TestServer::start_with(|config| config.server.header_read_timeout_seconds = 1).await;
    let head = "POST /api/reports/example HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{";
    let mut stalled = connect(&server.base).await;
    stalled.write_all(head.as_bytes()).await.unwrap();
    let (trickling_answer, mut trickling) = connect(&server.base).await.into_split();
    trickling.write_all(head.as_bytes()).await.unwrap();
    let trickler = tokio::spawn(async move {
        // 200 bytes at one every 50 ms would take 10 s.
        while trickling.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut status_line = [0; 12];
    let answered = tokio::time::timeout(BOUND, stalled.read_exact(&mut status_line)).await;
    assert!(
        answered.is_ok_and(|read| read.is_ok()),
        "no answer to a stalled body within {BOUND:?}"
    );
    assert_eq!(&status_line, b"HTTP/1.1 400", "the stalled body is refused");
    let closed = tokio::join!(
        closed_by_server(stalled),
        closed_by_server(trickling_answer)
    );
    assert_eq!(closed, (true, true), "stalled, trickling");
    trickler.abort();
}

/// With the open-file limit far below the connection cap, hundreds of connections sending
/// nothing or a byte at a time, which the server cannot tell from slow clients, hold no
/// one else out: at the cap, a new connection takes the place of the one that has waited
/// longest for a request.
#[cfg(unix)]
#[tokio::test]
async fn slow_and_silent_sockets_do_not_starve_health_checks() {
    const SILENT: usize = 300;
    const TRICKLING: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let process = Process::start_with(
        dir.path(),
        Setup {
            file_limit: Some(256),
            ..Setup::default()
        },
    )
    .await;
    let mut silent = Vec::new();
    for _ in 0..SILENT {
        silent.push(connect(&process.base).await);
    }
    let mut tricklers = Vec::new();
    for _ in 0..TRICKLING {
        tricklers.push(trickle(connect(&process.base).await));
    }
    let mut latencies = Vec::new();
    for _ in 0..10 {
        latencies.push(probe(&process.base).await);
    }
    let slowest = latencies.iter().max().unwrap();
    assert!(
        *slowest < QUICK,
        "slowest probe {slowest:?}; all: {latencies:?}"
    );
    for trickler in tricklers {
        trickler.abort();
    }
}

/// A request that never completes is cut off when the grace period ends; it does not keep
/// the server from stopping.
#[tokio::test]
async fn stopping_ends_within_the_grace_period_while_a_client_trickles() {
    let server = TestServer::start_with(|config| {
        config.server.header_read_timeout_seconds = 300;
        config.server.shutdown_grace_seconds = 1;
    })
    .await;
    let trickler = trickle(connect(&server.base).await);
    // The connection is open and its request started before the stop.
    assert_eq!(
        reqwest::get(format!("{}/healthz", server.base))
            .await
            .unwrap()
            .status(),
        200
    );
    let started = Instant::now();
    tokio::time::timeout(BOUND, server.stop())
        .await
        .expect("the server stopped");
    let stopped_in = started.elapsed();
    assert!(
        stopped_in < Duration::from_secs(3),
        "stopped {stopped_in:?} after the signal"
    );
    trickler.abort();
}
