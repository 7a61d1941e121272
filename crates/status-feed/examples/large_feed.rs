//! Writes a large native feed for scale tests and `cargo xtask bench`: 1,000 components in 50
//! groups and 2,000 incidents of 5 updates each, with text of the lengths real status pages
//! use. Built from the model types, so it follows the format as the code defines it, and checked
//! against the default `Limits` before it is written.
//!
//!     cargo run -p status-feed --example large_feed -- [--now TIME] [OUT]
//!
//! TIME is RFC 3339 or `@SECONDS` since the Unix epoch. The output depends only on it (default
//! 2026-11-27T09:00:00Z): the text comes from a fixed-seed generator, never from the clock. Every incident ends within the 30 days before
//! `now`, so a page whose clock reads `now` lists them all: the most a page shows for a feed
//! this size. The bench passes the current time for that reason.

use std::io::Write;
use std::process::ExitCode;

use status_feed::{
    Component, ComponentRef, FORMAT_VERSION, Feed, Group, Impact, Incident, IncidentStatus,
    Service, Status, Timestamp, Update, WebUrl, parse_feed,
};

const GROUPS: usize = 50;
const COMPONENTS_PER_GROUP: usize = 20;
const INCIDENTS: usize = 2_000;
const UPDATES_PER_INCIDENT: usize = 5;
/// Incidents still open at `now`, listed under "Ongoing"; the rest are resolved.
const ONGOING_INCIDENTS: usize = 8;
const DEFAULT_NOW: &str = "2026-11-27T09:00:00Z";

const MINUTE_MILLIS: i64 = 60_000;
const DAY_MILLIS: i64 = 24 * 60 * MINUTE_MILLIS;

const REGIONS: [&str; 10] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "sa-east-1",
    "ca-central-1",
    "me-south-1",
    "af-south-1",
];
const PRODUCTS: [&str; 5] = [
    "Inference API",
    "Model training",
    "Data platform",
    "Developer console",
    "Identity and billing",
];
const PARTS: [&str; COMPONENTS_PER_GROUP] = [
    "Chat completions endpoint",
    "Streaming responses",
    "Batch jobs",
    "Embeddings",
    "File uploads",
    "Fine-tuning queue",
    "Rate limiter",
    "API key authentication",
    "Usage metering",
    "Webhooks delivery",
    "Model registry",
    "Object storage",
    "Vector index",
    "Moderation service",
    "Audio transcription",
    "Image generation",
    "Scheduler",
    "Audit log",
    "Dashboard",
    "Regional load balancer",
];
const PART_PURPOSES: [&str; 6] = [
    "Serves requests from client libraries and direct HTTP callers",
    "Handles long-running work submitted through the public API",
    "Stores customer data at rest, encrypted with per-project keys",
    "Routes traffic between availability zones and drains unhealthy hosts",
    "Checks credentials and quotas before a request reaches the models",
    "Delivers notifications and results back to customer endpoints",
];
const SYMPTOMS: [&str; 6] = [
    "Elevated error rates",
    "Increased latency",
    "Intermittent 503 responses",
    "Delayed processing",
    "Requests timing out",
    "Degraded performance",
];
const INVESTIGATING: [&str; 4] = [
    "We are investigating reports of errors for a subset of requests.",
    "Our monitoring detected an increase in failed requests and engineers are looking into it.",
    "Some customers may see slower responses than usual. We are investigating the cause.",
    "We have received reports of timeouts and are working to understand their scope.",
];
const IDENTIFIED: [&str; 4] = [
    "The issue has been traced to a configuration change rolled out earlier today, which is being reverted.",
    "A storage node in one availability zone ran out of disk space; traffic is being moved to healthy nodes.",
    "An upstream network provider is dropping packets on one of our transit links, and we have routed around it.",
    "A recent deployment introduced a memory leak in the request router; a fix is being deployed.",
];
const MONITORING: [&str; 4] = [
    "A fix has been applied and error rates are returning to normal. We are monitoring the results.",
    "Latency is back within its usual range. We will keep watching closely for the next hour.",
    "Queued jobs are being processed again and the backlog is draining at the expected rate.",
    "All traffic is being served from healthy capacity. We continue to monitor for recurrence.",
];
const RESOLVED: [&str; 4] = [
    "This incident has been resolved. Requests that failed during the incident can be retried safely.",
    "The issue is resolved and all systems are operating normally. A post-incident review will follow.",
    "Error rates have stayed at normal levels and we consider this incident resolved.",
    "The backlog has been fully processed and no further impact is expected.",
];
const DETAILS: [&str; 5] = [
    " Clients that retry with exponential backoff should not need to take any action.",
    " Customers on dedicated capacity were not affected.",
    " We will publish a detailed timeline once our review is complete.",
    " Data already stored was never at risk.",
    " We apologise for the disruption and thank you for your patience.",
];

/// SplitMix64: a few lines, good enough spread for test data, and the same numbers on every
/// platform (the point is reproducible bytes, not randomness).
struct SeededNumbers(u64);

impl SeededNumbers {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }

    /// A time from `low` (inclusive) to `high`, in whole minutes after `low`, as status
    /// pages publish them.
    fn minutes_between(&mut self, low: i64, high: i64) -> i64 {
        let minutes = (high - low) / MINUTE_MILLIS;
        low + (self.next() % minutes as u64) as i64 * MINUTE_MILLIS
    }
}

fn group_id(group: usize) -> String {
    format!("g{group:02}")
}

fn component_id(group: usize, part: usize) -> String {
    format!("g{group:02}-c{part:02}")
}

/// Groups are products in regions ("Inference API, eu-west-1"); each has the same 20 parts.
fn groups_and_components(numbers: &mut SeededNumbers) -> (Vec<Group>, Vec<Component>) {
    let mut groups = Vec::with_capacity(GROUPS);
    let mut components = Vec::with_capacity(GROUPS * COMPONENTS_PER_GROUP);
    for group in 0..GROUPS {
        let product = PRODUCTS[group % PRODUCTS.len()];
        let region = REGIONS[group / PRODUCTS.len()];
        groups.push(Group {
            id: group_id(group),
            name: format!("{product}, {region}"),
            description: Some(format!(
                "Everything {product} runs in {region}, with its own capacity and failover."
            )),
        });
        for (part, part_name) in PARTS.iter().enumerate() {
            // About one component in a hundred is having trouble: enough to exercise every
            // badge without turning the page red.
            let status = match numbers.below(100) {
                0 => Status::Degraded,
                1 if part % 2 == 0 => Status::PartialOutage,
                _ => Status::Operational,
            };
            components.push(Component {
                id: component_id(group, part),
                name: format!("{part_name} ({region})"),
                status,
                group: Some(group_id(group)),
                description: (part % 2 == 0)
                    .then(|| format!("{}. Part of {product}.", numbers.pick(&PART_PURPOSES))),
                only_show_if_degraded: false,
                uptime_percent: None,
                history: Vec::new(),
            });
        }
    }
    (groups, components)
}

/// One update's text: a stage message and up to two sentences of detail, so bodies run from
/// about 60 to 300 characters as on real pages.
fn update_body(numbers: &mut SeededNumbers, status: IncidentStatus) -> String {
    let messages = match status {
        IncidentStatus::Investigating => &INVESTIGATING,
        IncidentStatus::Identified => &IDENTIFIED,
        IncidentStatus::Monitoring => &MONITORING,
        _ => &RESOLVED,
    };
    let mut body = numbers.pick(messages).to_owned();
    for _ in 0..numbers.below(3) {
        body.push_str(numbers.pick(&DETAILS));
    }
    body
}

/// Five updates, newest first, from the first report to the resolution (or to where an open
/// incident stands now).
fn updates(
    numbers: &mut SeededNumbers,
    started_at: i64,
    ended_at: i64,
    last_status: IncidentStatus,
) -> Vec<Update<IncidentStatus>> {
    use IncidentStatus::{Identified, Investigating, Monitoring, Resolved};
    let stages: [IncidentStatus; UPDATES_PER_INCIDENT] = match last_status {
        Resolved => [
            Investigating,
            Investigating,
            Identified,
            Monitoring,
            Resolved,
        ],
        Monitoring => [
            Investigating,
            Identified,
            Identified,
            Monitoring,
            Monitoring,
        ],
        Identified => [
            Investigating,
            Investigating,
            Identified,
            Identified,
            Identified,
        ],
        _ => [Investigating; UPDATES_PER_INCIDENT],
    };
    let last = UPDATES_PER_INCIDENT as i64 - 1;
    let mut updates: Vec<_> = stages
        .iter()
        .enumerate()
        .map(|(index, &status)| Update {
            at: Timestamp::from_unix_millis(
                started_at + (ended_at - started_at) * index as i64 / last,
            ),
            status,
            body: update_body(numbers, status),
            components: Vec::new(),
        })
        .collect();
    updates.reverse();
    updates
}

fn incidents(numbers: &mut SeededNumbers, components: &[Component], now: i64) -> Vec<Incident> {
    // Ends spread evenly over the 30 days before `now`, a day kept clear at the far end so a
    // page loaded some hours after `now` still lists every one.
    let window_start = now - 29 * DAY_MILLIS;
    (0..INCIDENTS)
        .map(|index| {
            let ongoing = index < ONGOING_INCIDENTS;
            let duration = numbers.minutes_between(10 * MINUTE_MILLIS, 6 * 60 * MINUTE_MILLIS);
            let ended_at = if ongoing {
                now
            } else {
                numbers.minutes_between(window_start, now)
            };
            let started_at = ended_at - duration;
            let status = if ongoing {
                [
                    IncidentStatus::Investigating,
                    IncidentStatus::Identified,
                    IncidentStatus::Monitoring,
                ][index % 3]
            } else {
                IncidentStatus::Resolved
            };
            let first = &components[numbers.below(components.len())];
            let second = &components[numbers.below(components.len())];
            let affected: Vec<ComponentRef> = if numbers.below(3) == 0 && first.id != second.id {
                vec![
                    ComponentRef::Id(first.id.clone()),
                    ComponentRef::Id(second.id.clone()),
                ]
            } else {
                vec![ComponentRef::Id(first.id.clone())]
            };
            let id = format!("inc-{index:04}");
            Incident {
                title: format!("{} for {}", numbers.pick(&SYMPTOMS), first.name),
                impact: [
                    Impact::Minor,
                    Impact::Minor,
                    Impact::Major,
                    Impact::Critical,
                ][numbers.below(4)],
                status,
                started_at: Timestamp::from_unix_millis(started_at),
                resolved_at: (!ongoing).then(|| Timestamp::from_unix_millis(ended_at)),
                url: Some(web_url(&format!(
                    "https://status.example.com/incidents/{id}"
                ))),
                components: affected,
                updates: updates(numbers, started_at, ended_at, status),
                id,
            }
        })
        .collect()
}

fn web_url(text: &str) -> WebUrl {
    WebUrl::parse(text).expect("the generator's URLs are valid")
}

pub fn large_feed(now: Timestamp) -> Feed {
    let mut numbers = SeededNumbers(20_261_127);
    let (groups, components) = groups_and_components(&mut numbers);
    let incidents = incidents(&mut numbers, &components, now.unix_millis());
    Feed {
        version: FORMAT_VERSION,
        service: Service {
            name: "Large Scale AI Platform".to_owned(),
            url: Some(web_url("https://example.com/")),
            status_page_url: Some(web_url("https://status.example.com/")),
            atom_url: None,
        },
        status: None,
        summary: Some(
            "Some components in a few regions are degraded; everything else is operating normally."
                .to_owned(),
        ),
        checked_at: Some(now),
        stale_since: None,
        refresh_seconds: Some(60),
        groups,
        components,
        incidents,
        maintenances: Vec::new(),
        community: None,
        report: None,
        guide: None,
    }
}

fn main() -> ExitCode {
    let mut now = DEFAULT_NOW.to_owned();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--now" => match args.next() {
                Some(value) => now = value,
                None => return usage("--now needs a time"),
            },
            _ if out.is_none() && !arg.starts_with('-') => out = Some(arg),
            _ => return usage(&format!("unexpected argument {arg:?}")),
        }
    }
    let now = match now.strip_prefix('@') {
        Some(seconds) => seconds
            .parse::<i64>()
            .map(|seconds| Timestamp::from_unix_millis(seconds * 1000))
            .map_err(|_| format!("expected whole seconds after @, found {seconds:?}")),
        None => Timestamp::parse_rfc3339(&now),
    };
    let now = match now {
        Ok(now) => now,
        Err(reason) => return usage(&reason),
    };
    let mut bytes = serde_json::to_vec(&large_feed(now)).expect("a feed always serialises");
    bytes.push(b'\n');
    // A generator that drifted from the rules would measure a page nobody can be shown.
    if let Err(error) = parse_feed(&bytes) {
        eprintln!("error: the generated feed is not valid under the default limits: {error}");
        return ExitCode::FAILURE;
    }
    let written = match &out {
        Some(path) => std::fs::write(path, &bytes),
        None => std::io::stdout().lock().write_all(&bytes),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the feed: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\nusage: large_feed [--now RFC3339|@SECONDS] [OUT]");
    ExitCode::from(2)
}
