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
/// Where the reference server also serves the feed for the replicas to relay: a path of its
/// own, so that its log tells their polls from the load test's requests.
const UPSTREAM_PATH: &str = "/upstream/demo.json";
const WRK_LOAD: [&str; 4] = [
    "--threads=2",
    "--connections=32",
    "--duration=5s",
    "--latency",
];

/// One new report per request: each has its own idempotency key (so none is a replay) and
/// its own client address (the bench server trusts `X-Forwarded-For`), so the rate limit
/// is checked for every report, as with many visitors, but never reached. Every run of wrk
/// passes a number of its own after `--`, as keys and addresses must differ between runs on
/// one database too.
const REPORTS_SCRIPT: &str = r#"
local threads_started = 0
function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end
function init(args)
  run = tonumber(args[1])
  sent = 0
end
function request()
  sent = sent + 1
  local body = string.format(
    '{"component":"chat","symptom":"503","idempotency_key":"bench-%d-%d-%d"}',
    run, thread_number, sent)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", run * 8 + thread_number, math.floor(sent / 256) % 256, sent % 256),
  }
  return wrk.format("POST", "/api/reports/demo", headers, body)
end
"#;

/// Each of two parallel wrk processes, one per replica, takes half the load.
const WRK_HALF_LOAD: [&str; 4] = [
    "--threads=1",
    "--connections=16",
    "--duration=5s",
    "--latency",
];

/// The relayed feed's poll interval in the replicas bench: the shortest the schedule allows.
const RELAY_POLL_SECONDS: u64 = 15;
/// How long upstream requests are counted: four poll intervals.
const RELAY_WINDOW: Duration = Duration::from_secs(4 * RELAY_POLL_SECONDS);

pub fn run() -> Result<(), Failure> {
    step("release build of status-server", || {
        shell::run("cargo", &["build", "--release", "-p", "status-server"])
    })?;
    step(
        "server load (wrk, 5 s per scenario; then two replicas on PostgreSQL)",
        measure,
    )
}

fn measure() -> Result<(), Failure> {
    // Declared first so it is removed last, after the servers using it have been killed.
    let dir = ScratchDir::create()?;
    let server_port = free_port()?;
    let sqlite = dir.0.join("reports.db").to_string_lossy().into_owned();
    let _server = start_server(&dir, "sqlite", server_port, &sqlite, None)?;
    let feed = wait_until_serving(server_port, FEED_PATH)?;
    let etag = feed
        .header("etag")
        .ok_or_else(|| Failure("the feed has no ETag".to_owned()))?;
    let revalidation = http_get(
        server_port,
        FEED_PATH,
        &format!("If-None-Match: {etag}\r\n"),
    )
    .map_err(|error| Failure(format!("cannot revalidate the feed: {error}")))?;
    if !revalidation.head.starts_with("HTTP/1.1 304") {
        return Err(Failure(format!(
            "If-None-Match with the feed's ETag did not get 304: {}",
            revalidation.head.lines().next().unwrap_or_default()
        )));
    }

    // The reference serves the very bytes status-server sent, so only the servers differ. It
    // is also the upstream the replicas relay, and its log counts their polls.
    let static_port = free_port()?;
    let static_dir = dir.0.join("static");
    write(&static_dir.join("feeds/demo.json"), &feed.body)?;
    write(&static_dir.join(&UPSTREAM_PATH[1..]), &feed.body)?;
    let static_log = dir.0.join("static.log");
    let _static_server = Background::spawn_logging(
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
        &static_log,
    )?;
    wait_until_serving(static_port, FEED_PATH)?;

    let script = dir.0.join("reports.lua");
    write(&script, REPORTS_SCRIPT)?;
    let script = script.to_string_lossy().into_owned();
    let feed_url = |port: u16| format!("http://127.0.0.1:{port}{FEED_PATH}");
    let reports_url = |port: u16| format!("http://127.0.0.1:{port}/api/reports/demo");
    let if_none_match = format!("If-None-Match: {etag}");
    let mut rows = vec![
        (
            "status-server: GET feed (200)",
            wrk(&WRK_LOAD, &feed_url(server_port), &[], None)?,
        ),
        (
            "status-server: GET feed, If-None-Match (304)",
            wrk(
                &WRK_LOAD,
                &feed_url(server_port),
                &["--header", &if_none_match],
                None,
            )?,
        ),
        (
            "status-server: POST report on SQLite (201, fsync each)",
            wrk(
                &WRK_LOAD,
                &reports_url(server_port),
                &["--script", &script],
                Some("1"),
            )?,
        ),
    ];
    let static_figures = wrk(&WRK_LOAD, &feed_url(static_port), &[], None)?;

    // Two replicas on one durable PostgreSQL, each relaying the reference's copy of the feed.
    let cluster = throwaway_postgres::Cluster::start_durable().map_err(Failure)?;
    let relayed = format!(
        "{{ url = 'http://127.0.0.1:{static_port}{UPSTREAM_PATH}', poll_seconds = \
         {RELAY_POLL_SECONDS}, allow_private_networks = true }}"
    );
    let replica_ports = [free_port()?, free_port()?];
    let _replicas = replica_ports
        .iter()
        .enumerate()
        .map(|(number, &port)| {
            let name = format!("replica-{number}");
            start_server(&dir, &name, port, &cluster.url, Some(&relayed))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for port in replica_ports {
        wait_until_serving(port, "/feeds/relayed.json")?;
    }
    let counting_since = Instant::now();
    let polls_before = upstream_polls(&static_log)?.len();
    rows.push((
        "status-server: POST report on PostgreSQL (201, fsync each)",
        wrk(
            &WRK_LOAD,
            &reports_url(replica_ports[0]),
            &["--script", &script],
            Some("2"),
        )?,
    ));
    rows.push((
        "two replicas, one PostgreSQL: POST report (201, fsync each)",
        wrk_pair(
            replica_ports.map(reports_url),
            &["--script", &script],
            Some(["3", "4"]),
        )?,
    ));
    rows.push((
        "two replicas, one PostgreSQL: GET feed (200)",
        wrk_pair(replica_ports.map(feed_url), &[], None)?,
    ));
    rows.push((
        "python3 -m http.server: GET same feed file (reference)",
        static_figures,
    ));
    std::thread::sleep(RELAY_WINDOW.saturating_sub(counting_since.elapsed()));
    let polls = upstream_polls(&static_log)?.split_off(polls_before);

    println!(
        "\nServer load: wrk {} (two replicas: two wrk {} at once, one per replica), {} bytes \
         of feed JSON\n",
        WRK_LOAD.join(" "),
        WRK_HALF_LOAD.join(" "),
        feed.body.len()
    );
    println!("| scenario | requests/s | p50 | p99 | non-2xx/3xx | socket errors |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (scenario, figures) in &rows {
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
        rows[0].1.requests_per_second / rows[rows.len() - 1].1.requests_per_second
    );
    println!(
        "Relayed upstream, polled every {RELAY_POLL_SECONDS} s by each of two replicas: {} \
         requests in {} s, {} per minute (each replica polls on its own: {} expected).",
        polls.len(),
        RELAY_WINDOW.as_secs(),
        polls_per_minute(&polls).map_or_else(
            || "too few to say how many".to_owned(),
            |rate| format!("{rate:.1}")
        ),
        2 * 60 / RELAY_POLL_SECONDS
    );
    Ok(())
}

/// Starts the release server on `port` with the demo feed, trusting `X-Forwarded-For` so that
/// every bench report comes from a client of its own, and with an extra relayed feed if given.
fn start_server(
    dir: &ScratchDir,
    name: &str,
    port: u16,
    database: &str,
    relayed: Option<&str>,
) -> Result<Background, Failure> {
    let config = dir.0.join(format!("{name}.toml"));
    let relayed = relayed.map_or_else(String::new, |source| format!("relayed = {source}\n"));
    write(
        &config,
        format!(
            "[server]\nlisten = '127.0.0.1:{port}'\nstatic_dir = '{}'\n\
             trust_proxy_headers = true\n[storage]\ndatabase = '{database}'\n\
             [feeds]\ndemo = '{}'\n{relayed}",
            root().join("dist").display(),
            root().join("demo/feed.json").display(),
        ),
    )?;
    Background::spawn(
        &shell::target_dir()
            .join("release/status-server")
            .to_string_lossy(),
        &["--config", &config.to_string_lossy()],
    )
}

/// The time of day, in seconds, of each of the replicas' polls in the reference server's log,
/// which stamps every request `[08/Dec/2026 01:30:12]`.
fn upstream_polls(log: &Path) -> Result<Vec<u32>, Failure> {
    let text = fs::read_to_string(log)
        .map_err(|error| Failure(format!("cannot read {}: {error}", log.display())))?;
    Ok(text
        .lines()
        .filter(|line| line.contains(&format!("\"GET {UPSTREAM_PATH} ")))
        .filter_map(time_of_day)
        .collect())
}

fn time_of_day(line: &str) -> Option<u32> {
    let stamp = line.split_once('[')?.1.split_once(']')?.0;
    let (_, clock) = stamp.split_once(' ')?;
    clock
        .split(':')
        .map(|part| part.parse::<u32>().ok())
        .try_fold(0, |seconds, part| Some(seconds * 60 + part?))
}

/// The rate of polls from the span between the first and the last, which does not depend on
/// where the counting window happens to fall between two polls.
fn polls_per_minute(times: &[u32]) -> Option<f64> {
    let (first, rest) = times.split_first()?;
    let mut elapsed = 0;
    let mut previous = *first;
    for &time in rest {
        // A poll after midnight reads as earlier in the day.
        elapsed += (time + 24 * 60 * 60 - previous) % (24 * 60 * 60);
        previous = time;
    }
    (elapsed > 0).then(|| rest.len() as f64 * 60.0 / f64::from(elapsed))
}

/// A process for the length of the measurement: killed and reaped when dropped, so no
/// early return leaves a server holding a port.
struct Background(Child);

impl Background {
    fn spawn(program: &str, args: &[&str]) -> Result<Self, Failure> {
        Self::spawn_with_stderr(program, args, Stdio::null())
    }

    /// Keeps what the process writes to stderr in `log`.
    fn spawn_logging(program: &str, args: &[&str], log: &Path) -> Result<Self, Failure> {
        let file = fs::File::create(log)
            .map_err(|error| Failure(format!("cannot create {}: {error}", log.display())))?;
        Self::spawn_with_stderr(program, args, Stdio::from(file))
    }

    fn spawn_with_stderr(program: &str, args: &[&str], stderr: Stdio) -> Result<Self, Failure> {
        shell::command(program, args)
            .stdout(Stdio::null())
            .stderr(stderr)
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

/// A one-off `GET` of a feed, enough for both servers (neither chunks a file this size),
/// so xtask needs no HTTP client.
fn http_get(port: u16, path: &str, extra_headers: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra_headers}Connection: close\r\n\r\n"
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

/// Waits for a feed's first `200`: a relayed feed answers `503` until its first poll.
fn wait_until_serving(port: u16, path: &str) -> Result<Response, Failure> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match http_get(port, path, "") {
            Ok(response) if response.head.starts_with("HTTP/1.") => {
                let status = response.head.split_whitespace().nth(1).unwrap_or_default();
                if status == "200" {
                    return Ok(response);
                }
                if Instant::now() > deadline {
                    return Err(Failure(format!("GET {path} answered {status}")));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            _ if Instant::now() > deadline => {
                return Err(Failure(format!("nothing served {path} on port {port}")));
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

/// Runs wrk on `url`; `run`, if given, goes to the script (see `REPORTS_SCRIPT`).
fn wrk(
    load: &[&str],
    url: &str,
    options: &[&str],
    run: Option<&str>,
) -> Result<WrkFigures, Failure> {
    let script_args = run.map_or_else(Vec::new, |run| vec!["--", run]);
    let args = [load, options, &[url], &script_args].concat();
    let output = shell::command("wrk", &args)
        .output()
        .map_err(|error| Failure(format!("cannot start wrk: {error}")))?;
    read_wrk_output(&args, &output)
}

/// Half the load on each of two servers at once: the requests per second and error counts
/// added up, the latencies the worse of the two.
fn wrk_pair(
    urls: [String; 2],
    options: &[&str],
    runs: Option<[&str; 2]>,
) -> Result<WrkFigures, Failure> {
    let mut number = 0;
    let args = urls.map(|url| {
        let script_args = runs.map_or_else(Vec::new, |runs| vec!["--", runs[number]]);
        number += 1;
        [&WRK_HALF_LOAD[..], options, &[url.as_str()], &script_args]
            .concat()
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<String>>()
    });
    let started = args
        .iter()
        .map(|args| {
            shell::command("wrk", &args.iter().map(String::as_str).collect::<Vec<_>>())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|error| Failure(format!("cannot start wrk: {error}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut figures = Vec::new();
    for (child, args) in started.into_iter().zip(&args) {
        let output = child
            .wait_with_output()
            .map_err(|error| Failure(format!("wrk did not finish: {error}")))?;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        figures.push(read_wrk_output(&args, &output)?);
    }
    let [first, second] = <[WrkFigures; 2]>::try_from(figures).expect("two wrk runs");
    let worse = |a: String, b: String| {
        if latency_millis(&a) >= latency_millis(&b) {
            a
        } else {
            b
        }
    };
    Ok(WrkFigures {
        requests_per_second: first.requests_per_second + second.requests_per_second,
        p50: worse(first.p50, second.p50),
        p99: worse(first.p99, second.p99),
        non_2xx_3xx: first.non_2xx_3xx + second.non_2xx_3xx,
        socket_errors: first.socket_errors + second.socket_errors,
    })
}

/// wrk's latencies (`812.00us`, `1.40ms`, `2.01s`) in milliseconds, for comparing them.
fn latency_millis(text: &str) -> f64 {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "us" => 0.001,
        "s" => 1000.0,
        "m" => 60_000.0,
        _ => 1.0,
    };
    number.parse::<f64>().unwrap_or(f64::INFINITY) * scale
}

fn read_wrk_output(args: &[&str], output: &std::process::Output) -> Result<WrkFigures, Failure> {
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

    #[test]
    fn polls_are_timed_from_the_log_across_midnight() {
        let line = |clock: &str| {
            format!("127.0.0.1 - - [08/Dec/2026 {clock}] \"GET {UPSTREAM_PATH} HTTP/1.1\" 304 -")
        };
        assert_eq!(time_of_day(&line("01:30:12")), Some(5412));
        assert_eq!(time_of_day("no stamp"), None);
        let times: Vec<u32> = ["23:59:50", "23:59:58", "00:00:05", "00:00:13"]
            .into_iter()
            .filter_map(|clock| time_of_day(&line(clock)))
            .collect();
        // Three gaps in 23 s.
        assert_eq!(polls_per_minute(&times), Some(3.0 * 60.0 / 23.0));
        assert_eq!(polls_per_minute(&times[..1]), None);
    }

    #[test]
    fn latencies_compare_across_units() {
        let close_to = |text, millis: f64| (latency_millis(text) - millis).abs() < 1e-9;
        assert!(close_to("812.00us", 0.812));
        assert!(close_to("1.40ms", 1.4));
        assert!(close_to("2.01s", 2010.0));
        assert!(latency_millis("9.99ms") < latency_millis("10.00ms"));
        assert!(latency_millis("1.00m") > latency_millis("59.00s"));
    }
}
