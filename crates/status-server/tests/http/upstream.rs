//! A fake upstream status server on loopback, written on raw TCP so a test can make it
//! misbehave in ways a well-behaved HTTP library would not: hang after the request, stream
//! an endless body, or redirect anywhere. It can also serve each path its own way (a status
//! page and its companion document) and answer conditional requests.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

#[derive(Clone, Debug)]
pub enum Behaviour {
    /// 200 with this JSON body.
    Json(String),
    /// 200 with this JSON body, once this time has passed.
    Late(Duration, String),
    /// This status, an empty body, and `Retry-After` when given.
    Status(u16, Option<u32>),
    /// Reads the request, then never answers.
    Hang,
    /// 302 to this location.
    Redirect(String),
    /// `/hops/<n>` redirects to `/hops/<n - 1>`; `/hops/0` answers 200 with this JSON body.
    Countdown(String),
    /// 200 announcing a body of this many bytes, which is never sent.
    AnnouncedLength(u64),
    /// 200 with a chunked body that never ends.
    EndlessChunks,
    /// 200 with this JSON body and these validators, or 304 to a request carrying one of
    /// them (`If-None-Match` first, as RFC 9110 says).
    Validated {
        body: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// Each listed path its behaviour; 404 for any other path.
    ByPath(Vec<(String, Behaviour)>),
}

pub struct Upstream {
    pub base: String,
    behaviour: Arc<Mutex<Behaviour>>,
    requests: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Upstream {
    pub async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let behaviour = Arc::new(Mutex::new(behaviour));
        let requests = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let behaviour = Arc::clone(&behaviour);
            let requests = Arc::clone(&requests);
            let heads = Arc::clone(&heads);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let behaviour = behaviour.lock().unwrap().clone();
                    let seen = Seen {
                        requests: Arc::clone(&requests),
                        heads: Arc::clone(&heads),
                    };
                    tokio::spawn(answer(stream, behaviour, seen));
                }
            }
        });
        Self {
            base,
            behaviour,
            requests,
            heads,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("{}/status.json", self.base)
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The request line and headers of every request so far.
    pub fn request_heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Where a connection records what it received.
struct Seen {
    requests: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(mut stream: TcpStream, behaviour: Behaviour, seen: Seen) {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    seen.heads.lock().unwrap().push(head.clone());
    seen.requests.fetch_add(1, Ordering::SeqCst);
    let path = head.split_whitespace().nth(1).unwrap_or_default();
    let behaviour = match behaviour {
        Behaviour::ByPath(routes) => routes
            .into_iter()
            .find(|(route, _)| route == path)
            .map_or(Behaviour::Status(404, None), |(_, behaviour)| behaviour),
        behaviour => behaviour,
    };
    let hops_left = path
        .strip_prefix("/hops/")
        .and_then(|hops| hops.parse::<u32>().ok());
    let behaviour = match (behaviour, hops_left) {
        (Behaviour::Countdown(body), Some(0)) => Behaviour::Json(body),
        (Behaviour::Countdown(_), Some(hops)) => Behaviour::Redirect(format!("/hops/{}", hops - 1)),
        (behaviour, _) => behaviour,
    };
    let behaviour = match behaviour {
        Behaviour::Late(delay, body) => {
            tokio::time::sleep(delay).await;
            Behaviour::Json(body)
        }
        behaviour => behaviour,
    };
    let response = match behaviour {
        Behaviour::Json(body) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ),
        Behaviour::Status(status, retry_after) => {
            let retry_after = retry_after
                .map(|seconds| format!("Retry-After: {seconds}\r\n"))
                .unwrap_or_default();
            format!(
                "HTTP/1.1 {status} Failing\r\n{retry_after}Content-Length: 0\r\n\
                 Connection: close\r\n\r\n"
            )
        }
        Behaviour::Hang => {
            std::future::pending::<()>().await;
            unreachable!("pending never completes")
        }
        Behaviour::Validated {
            body,
            etag,
            last_modified,
        } => {
            let if_none_match = request_header(&head, "if-none-match");
            let unchanged = match if_none_match {
                Some(tag) => etag.as_deref() == Some(tag),
                None => {
                    last_modified.is_some()
                        && request_header(&head, "if-modified-since") == last_modified.as_deref()
                }
            };
            let validators = etag
                .map(|tag| format!("ETag: {tag}\r\n"))
                .into_iter()
                .chain(last_modified.map(|date| format!("Last-Modified: {date}\r\n")))
                .collect::<String>();
            if unchanged {
                format!("HTTP/1.1 304 Not Modified\r\n{validators}Connection: close\r\n\r\n")
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{validators}\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
        }
        Behaviour::ByPath(_) => unreachable!("resolved to the path's behaviour above"),
        Behaviour::Late(..) => unreachable!("answered as JSON after its delay above"),
        Behaviour::Countdown(_) => {
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
        }
        Behaviour::Redirect(location) => format!(
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        ),
        Behaviour::AnnouncedLength(length) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        ),
        Behaviour::EndlessChunks => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
            // Until the relay hangs up, which is what the test expects of it.
            while stream.write_all(chunk.as_bytes()).await.is_ok() {}
            return;
        }
    };
    stream.write_all(response.as_bytes()).await.ok();
    // Keep the socket open for an announced body that never comes.
    if response.contains("Content-Length") && !response.contains("Connection: close") {
        std::future::pending::<()>().await;
    }
}

/// The value of a request header; names match in any case.
fn request_header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (field, value) = line.split_once(':')?;
        field.eq_ignore_ascii_case(name).then_some(value.trim())
    })
}
