//! The server part of `cargo xtask bench`: requests per second and latency of the release
//! `status-server` under wrk, beside Python's static file server serving the same feed bytes
//! as a reference. Figures are printed, not judged: wrk and the server share this machine's
//! cores, so they compare scenarios and servers rather than predict production.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::shell::{self, Failure, root, step};

const FEED_PATH: &str = "/feeds/demo.json";
const WRK_LOAD: [&str; 4] = [
    "--threads=2",
    "--connections=32",
    "--duration=5s",
    "--latency",
];

/// One new report per request: each has its own idempotency key (so none is a replay) and
/// its own client address (the bench server trusts `X-Forwarded-For`), so the rate limit
/// is checked for every report, as with many visitors, but never reached.
const REPORTS_SCRIPT: &str = r#"
local threads_started = 0
function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end
function init(args)
  sent = 0
end
function request()
  sent = sent + 1
  local body = string.format(
    '{"component":"chat","symptom":"503","idempotency_key":"bench-%d-%d"}',
    thread_number, sent)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", thread_number, math.floor(sent / 256) % 256, sent % 256),
  }
  return wrk.format("POST", "/api/reports/demo", headers, body)
end
"#;

pub fn run() -> Result<(), Failure> {
    step("release build of status-server", || {
        shell::run("cargo", &["build", "--release", "-p", "status-server"])
    })?;
    step("server load (wrk, 5 s per scenario)", measure)
}

fn measure() -> Result<(), Failure> {
    // Declared first so it is removed last, after the servers using it have been killed.
    let dir = ScratchDir::create()?;
    let server_port = free_port()?;
    let config = dir.0.join("server.toml");
    write(
        &config,
        format!(
            "[server]\nlisten = '127.0.0.1:{server_port}'\nstatic_dir = '{}'\n\
             trust_proxy_headers = true\n[storage]\ndatabase = '{}'\n[feeds]\ndemo = '{}'\n",
            root().join("dist").display(),
            dir.0.join("reports.db").display(),
            root().join("demo/feed.json").display(),
        ),
    )?;
    let _server = Background::spawn(
        &shell::target_dir()
            .join("release/status-server")
            .to_string_lossy(),
        &["--config", &config.to_string_lossy()],
    )?;
    let feed = wait_until_serving(server_port)?;
    let etag = feed
        .header("etag")
        .ok_or_else(|| Failure("the feed has no ETag".to_owned()))?;
    let revalidation = http_get(server_port, &format!("If-None-Match: {etag}\r\n"))
        .map_err(|error| Failure(format!("cannot revalidate the feed: {error}")))?;
    if !revalidation.head.starts_with("HTTP/1.1 304") {
        return Err(Failure(format!(
            "If-None-Match with the feed's ETag did not get 304: {}",
            revalidation.head.lines().next().unwrap_or_default()
        )));
    }

    // The reference serves the very bytes status-server sent, so only the servers differ.
    let static_port = free_port()?;
    let static_dir = dir.0.join("static");
    write(&static_dir.join("feeds/demo.json"), &feed.body)?;
    let _static_server = Background::spawn(
        "python3",
        &[
            "-m",
            "http.server",
            &static_port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
            &static_dir.to_string_lossy(),
        ],
    )?;
    wait_until_serving(static_port)?;

    let script = dir.0.join("reports.lua");
    write(&script, REPORTS_SCRIPT)?;
    let feed_url = |port: u16| format!("http://127.0.0.1:{port}{FEED_PATH}");
    let if_none_match = format!("If-None-Match: {etag}");
    let feed_figures = wrk(&feed_url(server_port), &[])?;
    let revalidation_figures = wrk(&feed_url(server_port), &["--header", &if_none_match])?;
    let report_figures = wrk(
        &format!("http://127.0.0.1:{server_port}/api/reports/demo"),
        &["--script", &script.to_string_lossy()],
    )?;
    let static_figures = wrk(&feed_url(static_port), &[])?;
    let rows = [
        ("status-server: GET feed (200)", &feed_figures),
        (
            "status-server: GET feed, If-None-Match (304)",
            &revalidation_figures,
        ),
        (
            "status-server: POST report (201, fsync each)",
            &report_figures,
        ),
        (
            "python3 -m http.server: GET same feed file (reference)",
            &static_figures,
        ),
    ];

    println!(
        "\nServer load: wrk {}, {} bytes of feed JSON\n",
        WRK_LOAD.join(" "),
        feed.body.len()
    );
    println!("| scenario | requests/s | p50 | p99 | non-2xx/3xx | socket errors |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (scenario, figures) in rows {
        println!(
            "| {scenario} | {:.0} | {} | {} | {} | {} |",
            figures.requests_per_second,
            figures.p50,
            figures.p99,
            figures.non_2xx_3xx,
            figures.socket_errors
        );
    }
    println!(
        "\nstatus-server serves the feed at {:.2}x the requests/s of the static reference.",
        feed_figures.requests_per_second / static_figures.requests_per_second
    );
    Ok(())
}

/// A process for the length of the measurement: killed and reaped when dropped, so no
/// early return leaves a server holding a port.
struct Background(Child);

impl Background {
    fn spawn(program: &str, args: &[&str]) -> Result<Self, Failure> {
        shell::command(program, args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Background)
            .map_err(|error| Failure(format!("cannot start {program}: {error}")))
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// The config, database, wrk script and static copy of the feed; removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn create() -> Result<Self, Failure> {
        let path = std::env::temp_dir().join(format!("status-server-bench-{}", std::process::id()));
        fs::remove_dir_all(&path).ok();
        fs::create_dir_all(&path)
            .map_err(|error| Failure(format!("cannot create {}: {error}", path.display())))?;
        Ok(Self(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        fs::remove_dir_all(&self.0).ok();
    }
}

fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Failure> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).ok();
    }
    fs::write(path, contents)
        .map_err(|error| Failure(format!("cannot write {}: {error}", path.display())))
}

/// A loopback port nobody listens on now; the server started next binds it.
fn free_port() -> Result<u16, Failure> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Failure(format!("cannot find a free port: {error}")))
}

struct Response {
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// A one-off `GET` of the feed, enough for both servers (neither chunks a file this size),
/// so xtask needs no HTTP client.
fn http_get(port: u16, extra_headers: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "GET {FEED_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra_headers}Connection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let end_of_head = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    Ok(Response {
        head: String::from_utf8_lossy(&response[..end_of_head]).into_owned(),
        body: response[end_of_head + 4..].to_vec(),
    })
}

fn wait_until_serving(port: u16) -> Result<Response, Failure> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match http_get(port, "") {
            Ok(response) if response.head.starts_with("HTTP/1.") => {
                let status = response.head.split_whitespace().nth(1).unwrap_or_default();
                if status == "200" {
                    return Ok(response);
                }
                return Err(Failure(format!("GET {FEED_PATH} answered {status}")));
            }
            _ if Instant::now() > deadline => {
                return Err(Failure(format!(
                    "nothing served {FEED_PATH} on port {port}"
                )));
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

#[derive(Debug, PartialEq)]
struct WrkFigures {
    requests_per_second: f64,
    p50: String,
    p99: String,
    non_2xx_3xx: u64,
    socket_errors: u64,
}

fn wrk(url: &str, options: &[&str]) -> Result<WrkFigures, Failure> {
    let args = [&WRK_LOAD[..], options, &[url]].concat();
    let output = shell::command("wrk", &args)
        .output()
        .map_err(|error| Failure(format!("cannot start wrk: {error}")))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(Failure(format!(
            "wrk {} failed: {}{text}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    parse_wrk(&text).ok_or_else(|| Failure(format!("cannot read wrk's output:\n{text}")))
}

/// The figures of wrk's report; its error lines appear only when there were errors.
fn parse_wrk(report: &str) -> Option<WrkFigures> {
    let after = |label: &str| {
        report
            .lines()
            .find_map(|line| line.trim().strip_prefix(label))
            .map(str::trim)
    };
    let socket_errors = match after("Socket errors:") {
        // "connect 0, read 0, write 0, timeout 0"
        Some(counts) => counts
            .split(',')
            .map(|count| count.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum::<Option<u64>>()?,
        None => 0,
    };
    Some(WrkFigures {
        requests_per_second: after("Requests/sec:")?.parse().ok()?,
        p50: after("50%")?.to_owned(),
        p99: after("99%")?.to_owned(),
        non_2xx_3xx: after("Non-2xx or 3xx responses:").map_or(Some(0), |n| n.parse().ok())?,
        socket_errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_reports_with_and_without_errors() {
        let report = "\
Running 5s test @ http://127.0.0.1:1/feeds/demo.json
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms  400.00us   9.87ms   80.00%
    Req/Sec    10.50k     1.20k   12.00k    70.00%
  Latency Distribution
     50%    1.40ms
     75%    1.70ms
     90%    2.10ms
     99%    3.50ms
  104500 requests in 5.00s, 1.80GB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:  20900.12
Transfer/sec:    368.00MB
";
        assert_eq!(
            parse_wrk(report),
            Some(WrkFigures {
                requests_per_second: 20900.12,
                p50: "1.40ms".to_owned(),
                p99: "3.50ms".to_owned(),
                non_2xx_3xx: 7,
                socket_errors: 5,
            })
        );
        let clean: String = report
            .lines()
            .filter(|line| !line.contains("errors") && !line.contains("Non-2xx"))
            .map(|line| format!("{line}\n"))
            .collect();
        let figures = parse_wrk(&clean).unwrap();
        assert_eq!((figures.non_2xx_3xx, figures.socket_errors), (0, 0));
        assert!(parse_wrk("wrk: connection refused").is_none());
    }
}
