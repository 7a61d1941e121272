//! The HTTP/1.1 server around the router, hardened against clients that hold connections
//! without using them. A request head must arrive within a time limit, counted from the
//! connection's start or its previous response, so it bounds idle keep-alive connections
//! too. Connections are capped below the open-file limit, and at the cap a new connection
//! takes the place of the one that has waited longest for a request head, so slow or silent
//! sockets cannot lock others out. Stopping lets the requests in flight finish, then closes
//! whatever is left when the grace period ends.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::Request;
use hyper::body::{Body as HttpBody, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::config::ServerConfig;

/// How long the server lets clients take, and how many it serves at once.
#[derive(Clone, Copy, Debug)]
pub struct HttpLimits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl From<&ServerConfig> for HttpLimits {
    fn from(server: &ServerConfig) -> Self {
        let seconds = |value: u32| Duration::from_secs(u64::from(value));
        Self {
            header_read_timeout: seconds(server.header_read_timeout_seconds),
            max_connections: usize::try_from(server.max_connections).unwrap_or(usize::MAX),
            shutdown_grace: seconds(server.shutdown_grace_seconds),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the requests in
/// flight finish for up to the grace period and closes the connections left.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let max_connections = connection_cap(limits.max_connections);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connections = Arc::new(Connections::default());
    let graceful = GracefulShutdown::new();
    let mut tasks = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    'accepting: loop {
        while tasks.try_join_next().is_some() {}
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_connection_error(&error) => continue,
                Err(error) => {
                    // Out of file descriptors, most likely: wait for some to be released
                    // rather than spin.
                    tracing::error!(%error, "cannot accept connections");
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        while connections.count() >= max_connections {
            connections.evict_longest_waiting();
            tokio::select! {
                () = &mut shutdown => break 'accepting,
                () = connections.ended.notified() => {}
            }
        }
        let slot = Arc::new(connections.open());
        let evicted = Arc::clone(&slot.evicted);
        let router = router.clone();
        let service = service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let in_flight = slot.request_started();
            let response = router.clone().oneshot(request);
            async move {
                let response = response.await?;
                Ok::<_, Infallible>(response.map(|body| InFlight {
                    body,
                    _request: in_flight,
                }))
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tasks.spawn(async move {
            tokio::select! {
                served = connection => if let Err(error) = served {
                    tracing::debug!(%error, "connection ended with an error");
                },
                () = evicted.notified() => {
                    tracing::debug!("closed a connection waiting for a request, to make room");
                }
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = connections.count(),
            "grace period over, closing the connections left"
        );
    }
    tasks.shutdown().await;
    Ok(())
}

/// Errors of one connection that came and went before it was accepted; nothing to do.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Open files kept apart from connections: the listener, the database and its journal,
/// relays' fetches, the runtime's own.
const RESERVED_FILES: u64 = 128;
/// A connection holds its socket and, while it sends one, a widget file.
const FILES_PER_CONNECTION: u64 = 2;

/// The connection cap the open-file limit allows: `configured`, after raising the soft
/// limit towards the hard one if needed, else as many as fit, with a warning. Past the
/// limit, accepting fails until connections close, and nobody would get in.
#[cfg(unix)]
fn connection_cap(configured: usize) -> usize {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let needed = (configured as u64)
        .saturating_mul(FILES_PER_CONNECTION)
        .saturating_add(RESERVED_FILES);
    let limit = getrlimit(Resource::Nofile);
    let soft = limit.current.unwrap_or(u64::MAX);
    if soft >= needed {
        return configured;
    }
    let raised = needed.min(limit.maximum.unwrap_or(u64::MAX));
    let available = match setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(raised),
            maximum: limit.maximum,
        },
    ) {
        Ok(()) => raised,
        Err(_) => soft,
    };
    let fitting = available.saturating_sub(RESERVED_FILES) / FILES_PER_CONNECTION;
    let cap = usize::try_from(fitting)
        .unwrap_or(usize::MAX)
        .clamp(1, configured);
    if cap < configured {
        tracing::warn!(
            configured,
            cap,
            open_file_limit = available,
            "the open-file limit allows fewer connections than server.max_connections"
        );
    }
    cap
}

#[cfg(not(unix))]
fn connection_cap(configured: usize) -> usize {
    configured
}

/// The open connections, and which of them are between requests.
#[derive(Default)]
struct Connections {
    registry: Mutex<Registry>,
    /// Signalled whenever a connection ends, for the accept loop waiting at the cap.
    ended: Notify,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    open: HashMap<u64, Connection>,
}

struct Connection {
    requests_in_flight: u32,
    /// Since when it has been waiting for a request head: its start, or the end of its
    /// last response.
    waiting_since: Instant,
    evicted: Arc<Notify>,
    evicting: bool,
}

impl Connections {
    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn count(&self) -> usize {
        self.lock().open.len()
    }

    fn open(self: &Arc<Self>) -> Slot {
        let mut registry = self.lock();
        let id = registry.next_id;
        registry.next_id += 1;
        let evicted = Arc::new(Notify::new());
        registry.open.insert(
            id,
            Connection {
                requests_in_flight: 0,
                waiting_since: Instant::now(),
                evicted: Arc::clone(&evicted),
                evicting: false,
            },
        );
        Slot {
            connections: Arc::clone(self),
            id,
            evicted,
        }
    }

    /// Tells the connection that has waited longest for a request head to close. Does
    /// nothing when every connection is in the middle of a request.
    fn evict_longest_waiting(&self) {
        let mut registry = self.lock();
        let longest_waiting = registry
            .open
            .values_mut()
            .filter(|connection| connection.requests_in_flight == 0 && !connection.evicting)
            .min_by_key(|connection| connection.waiting_since);
        if let Some(connection) = longest_waiting {
            connection.evicting = true;
            connection.evicted.notify_one();
        }
    }
}

/// A connection's place among the open ones, given up when the connection ends.
struct Slot {
    connections: Arc<Connections>,
    id: u64,
    evicted: Arc<Notify>,
}

impl Slot {
    fn request_started(&self) -> RequestInFlight {
        if let Some(connection) = self.connections.lock().open.get_mut(&self.id) {
            connection.requests_in_flight += 1;
        }
        RequestInFlight {
            connections: Arc::clone(&self.connections),
            id: self.id,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.lock().open.remove(&self.id);
        self.connections.ended.notify_one();
    }
}

/// Marks its connection busy from the request head until the response has been sent.
struct RequestInFlight {
    connections: Arc<Connections>,
    id: u64,
}

impl Drop for RequestInFlight {
    fn drop(&mut self) {
        if let Some(connection) = self.connections.lock().open.get_mut(&self.id) {
            connection.requests_in_flight -= 1;
            if connection.requests_in_flight == 0 {
                connection.waiting_since = Instant::now();
            }
        }
    }
}

/// A response body that keeps its request in flight until it has been sent or given up,
/// so a connection in the middle of a response is never evicted.
struct InFlight {
    body: Body,
    _request: RequestInFlight,
}

impl HttpBody for InFlight {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
