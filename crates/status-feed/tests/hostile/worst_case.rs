//! The most expensive documents of a given size we know how to write for each format: long
//! lists of distinct ids where readers dedupe, long lists of affected components, heartbeat
//! and history lists to sort, and lookups across a main document and its companion. Written
//! as text, unit by unit, so a document fills its size to within one unit.

use status_feed::SourceFormat;

use super::Documents;

/// The worst-case documents of `format` in at most `bytes` bytes in all.
pub fn documents(format: SourceFormat, bytes: usize) -> Documents {
    let half = bytes / 2;
    match format {
        SourceFormat::Native => Documents::alone(native(bytes)),
        SourceFormat::Statuspage => Documents::alone(statuspage(bytes)),
        // The summary says little; the components, each in a group of its own, take the
        // bytes, as the groups are deduplicated by id.
        SourceFormat::Instatus => {
            let summary = br#"{"page":{"name":"Worst case","status":"HASISSUES"}}"#.to_vec();
            let components = list_in(r#"{"components":["#, "]}", bytes - summary.len(), |n| {
                format!(
                    r#"{{"id":"c{n}","name":"C","status":"MAJOROUTAGE","group":{{"id":"g{n}","name":"G"}}}}"#
                )
            });
            Documents::with_companion(summary, components)
        }
        SourceFormat::Cachet => Documents::with_companion(
            list_in(r#"{"data":["#, "]}", half, |n| {
                format!(r#"{{"id":{n},"name":"C","status":4}}"#)
            }),
            // Each incident names a component that is not listed, so finding it takes the
            // longest a search can.
            list_in(r#"{"data":["#, "]}", half, |n| {
                format!(
                    r#"{{"id":{n},"name":"I","status":1,"component_id":2147483647,"created_at":"2026-11-27 07:43:00"}}"#
                )
            }),
        ),
        SourceFormat::UptimeKuma => Documents::with_companion(
            list_in(
                r#"{"config":{"title":"Worst case"},"publicGroupList":[{"id":1,"name":"G","monitorList":["#,
                "]}]}",
                half,
                |n| format!(r#"{{"id":{n},"name":"M"}}"#),
            ),
            // Heartbeats for every monitor, keyed by monitor id, the last monitor's first.
            list_in(r#"{"uptimeList":{},"heartbeatList":{"#, "}}", half, |n| {
                format!(
                    r#""{}":[{{"status":1,"time":"2026-11-27 07:43:00"}}]"#,
                    u32::MAX as usize - n
                )
            }),
        ),
        SourceFormat::Gatus => Documents::alone(list_in("[", "]", bytes, |n| {
            format!(
                r#"{{"key":"k{n}","name":"E","group":"g{n}","results":[{{"success":false,"timestamp":"2026-11-27T07:43:00Z"}}]}}"#
            )
        })),
        SourceFormat::GoogleCloud => Documents::alone(list_in(
            r#"[{"id":"i","external_desc":"Worst case","begin":"2026-11-27T07:43:00Z","status_impact":"SERVICE_OUTAGE","affected_products":["#,
            "]}]",
            bytes,
            |n| format!(r#"{{"id":"p{n}","title":"P"}}"#),
        )),
        SourceFormat::Upptime => Documents::alone(upptime(bytes)),
    }
}

/// Documents of at most `bytes` that are read in full and accepted within the default limits:
/// every count at its limit in 8 MiB (proportionally fewer in less), ids repeated where the reader deduplicates or looks them up, and
/// the lists a reader walks (checks, heartbeats, affected components) as long as the bytes
/// allow. Where a format has no such list, long text takes the rest of the bytes.
/// `None` for the formats whose `documents` are accepted already.
pub fn accepted(format: SourceFormat, bytes: usize) -> Option<Documents> {
    let half = bytes / 2;
    Some(match format {
        SourceFormat::Native | SourceFormat::Upptime => return None,
        // Every incident's update names 60-odd components, 40 ids over and over.
        SourceFormat::Statuspage => Documents::alone(lists_of_equal_share(
            r#"{"page":{"name":"Worst case"},"incidents":["#,
            "]}",
            bytes,
            5_000,
            |n| {
                format!(
                    r#"{{"id":"i{n}","name":"I","status":"investigating","impact":"major","created_at":"2026-11-27T07:43:00Z","incident_updates":[{{"status":"investigating","body":"B","created_at":"2026-11-27T07:43:00Z","affected_components":["#
                )
            },
            "]}]}",
            |n, k| format!(r#"{{"code":"c{}","name":"C"}}"#, (n + k % 40) % 2_000),
        )),
        // Incidents at their limit, and components at theirs with long descriptions.
        SourceFormat::Instatus => {
            let incidents: Vec<String> = (0..(half / 160).clamp(1, 5_000))
                .map(|n| {
                    format!(
                        r#"{{"id":"i{n}","name":"I","status":"INVESTIGATING","impact":"MAJOROUTAGE","started":"2026-11-27T07:43:00Z"}}"#
                    )
                })
                .collect();
            let summary = format!(
                r#"{{"page":{{"name":"Worst case","status":"HASISSUES"}},"activeIncidents":[{}]}}"#,
                incidents.join(",")
            );
            let components = lists_of_equal_share(
                r#"{"components":["#,
                "]}",
                half,
                2_000,
                |n| {
                    format!(
                        r#"{{"id":"c{n}","name":"C","status":"MAJOROUTAGE","group":{{"id":"g{}","name":"G"}},"description":""#,
                        n % 200
                    )
                },
                r#""}"#,
                |_, _| "x".to_owned(),
            );
            Documents::with_companion(summary.into_bytes(), components)
        }
        // Components at their limit; incidents at theirs, each naming a listed component.
        SourceFormat::Cachet => Documents::with_companion(
            lists_of_equal_share(
                r#"{"data":["#,
                "]}",
                half,
                2_000,
                |n| format!(r#"{{"id":{n},"name":"C","status":4,"description":""#),
                r#""}"#,
                |_, _| "x".to_owned(),
            ),
            lists_of_equal_share(
                r#"{"data":["#,
                "]}",
                half,
                5_000,
                |n| {
                    format!(
                        r#"{{"id":{n},"name":"I","status":1,"component_id":{},"created_at":"2026-11-27 07:43:00","message":""#,
                        n % 2_000
                    )
                },
                r#""}"#,
                |_, _| "x".to_owned(),
            ),
        ),
        // Every monitor listed in every group it fits in, and long heartbeat lists.
        SourceFormat::UptimeKuma => Documents::with_companion(
            lists_of_equal_share(
                r#"{"config":{"title":"Worst case"},"publicGroupList":["#,
                "]}",
                half,
                200,
                |n| format!(r#"{{"id":{n},"name":"G","monitorList":["#),
                "]}",
                |n, k| format!(r#"{{"id":{},"name":"M"}}"#, (n * 10 + k) % 2_000),
            ),
            lists_of_equal_share(
                r#"{"uptimeList":{},"heartbeatList":{"#,
                "}}",
                half,
                2_000,
                |n| format!(r#""{n}":["#),
                "]",
                |_, k| {
                    format!(
                        r#"{{"status":{},"time":"2026-11-27 {:02}:{:02}:00"}}"#,
                        k % 2,
                        k / 60 % 24,
                        k % 60
                    )
                },
            ),
        ),
        // Endpoints at their limit in groups at theirs, with long lists of results.
        SourceFormat::Gatus => Documents::alone(lists_of_equal_share(
            "[",
            "]",
            bytes,
            2_000,
            |n| {
                format!(
                    r#"{{"key":"k{n}","name":"E","group":"g{}","results":["#,
                    n % 200
                )
            },
            "]}",
            |_, k| {
                format!(
                    r#"{{"success":{},"timestamp":"2026-11-27T{:02}:{:02}:00Z"}}"#,
                    k % 2 == 0,
                    k / 60 % 24,
                    k % 60
                )
            },
        )),
        // Incidents at their limit, each naming 60-odd of the 2,000 products.
        SourceFormat::GoogleCloud => Documents::alone(lists_of_equal_share(
            "[",
            "]",
            bytes,
            5_000,
            |n| {
                format!(
                    r#"{{"id":"i{n}","external_desc":"E","begin":"2026-11-27T07:43:00Z","status_impact":"SERVICE_OUTAGE","affected_products":["#
                )
            },
            "]}",
            |n, k| format!(r#"{{"id":"p{}","title":"P"}}"#, (n * 40 + k) % 2_000),
        )),
    })
}

/// Entries between `prefix` and `suffix`, each taking an equal share of `bytes`: its `head`,
/// as many `unit`s as fit (separated by commas), and `tail`. There are `limit` of them in
/// 8 MiB, the size limit, and as many fewer in a smaller document, so that documents of every
/// size have entries of the same shape.
fn lists_of_equal_share(
    prefix: &str,
    suffix: &str,
    bytes: usize,
    limit: usize,
    head: impl Fn(usize) -> String,
    tail: &str,
    unit: impl Fn(usize, usize) -> String,
) -> Vec<u8> {
    const SIZE_LIMIT: usize = 8 * 1024 * 1024;
    let count = (limit * bytes / SIZE_LIMIT).clamp(1, limit);
    let share = bytes.saturating_sub(prefix.len() + suffix.len()) / count;
    let entries: Vec<String> = (0..count)
        .map(|n| {
            // One byte of the share goes to the comma before the next entry.
            let entry = list_in(&head(n), tail, share.saturating_sub(1), |k| unit(n, k));
            String::from_utf8(entry).expect("the generator writes text")
        })
        .collect();
    format!("{prefix}{}{suffix}", entries.join(",")).into_bytes()
}

/// `prefix`, then as many `unit(0)`, `unit(1)`, ... separated by commas as fit in `bytes`
/// together with `suffix`.
fn list_in(
    prefix: &str,
    suffix: &str,
    bytes: usize,
    mut unit: impl FnMut(usize) -> String,
) -> Vec<u8> {
    let mut text = String::with_capacity(bytes);
    text.push_str(prefix);
    let room = bytes.saturating_sub(suffix.len());
    for n in 0.. {
        let next = unit(n);
        let separator = usize::from(n > 0);
        if text.len() + separator + next.len() > room {
            break;
        }
        if separator == 1 {
            text.push(',');
        }
        text.push_str(&next);
    }
    text.push_str(suffix);
    text.into_bytes()
}

/// Incidents of about 1.6 KB each, up to the 5,000 the limits allow: their updates listed
/// oldest first, to be put in order, and as many affected components as fit.
fn native(bytes: usize) -> Vec<u8> {
    const INCIDENT_BYTES: usize = 1_600;
    let incidents = (bytes / INCIDENT_BYTES).clamp(1, 5_000);
    let updates: Vec<String> = (0..10)
        .map(|minute| {
            format!(r#"{{"at":"2026-11-27T07:{minute:02}:00Z","status":"investigating","body":"Update"}}"#)
        })
        .collect();
    let updates = updates.join(",");
    let prefix = r#"{"version":1,"service":{"name":"Worst case"},"incidents":["#;
    let share = bytes.saturating_sub(prefix.len() + 2) / incidents - 1;
    let incidents: Vec<String> = (0..incidents)
        .map(|n| {
            let head = format!(
                r#"{{"id":"i{n}","title":"Incident","impact":"major","status":"investigating","started_at":"2026-11-27T07:00:00Z","updates":[{updates}],"components":["#
            );
            let incident = list_in(&head, "]}", share, |c| format!(r#""c{c}""#));
            String::from_utf8(incident).expect("the generator writes text")
        })
        .collect();
    format!("{prefix}{}]}}", incidents.join(",")).into_bytes()
}

/// One incident whose update affects a long list of distinct components, then distinct
/// incidents and maintenance windows, which readers deduplicate by id.
fn statuspage(bytes: usize) -> Vec<u8> {
    let half = bytes / 2;
    let affected = list_in(
        r#"{"id":"first","name":"I","status":"investigating","impact":"major","created_at":"2026-11-27T07:43:00Z","incident_updates":[{"status":"investigating","body":"B","created_at":"2026-11-27T07:43:00Z","affected_components":["#,
        "]}]}",
        half,
        |n| format!(r#"{{"code":"c{n}","name":"C"}}"#),
    );
    let affected = String::from_utf8(affected).expect("the generator writes text");
    let mut first = Some(affected);
    list_in(
        r#"{"page":{"name":"Worst case"},"incidents":["#,
        "]}",
        bytes,
        |n| {
            first.take().unwrap_or_else(|| {
            let status = if n % 2 == 0 { "investigating" } else { "scheduled" };
            format!(r#"{{"id":"i{n}","name":"I","status":"{status}","impact":"none","created_at":"2026-11-27T07:43:00Z"}}"#)
        })
        },
    )
}

/// Sites with their days down listed newest first, more days than the feed keeps.
fn upptime(bytes: usize) -> Vec<u8> {
    const DAYS: usize = 500;
    let days: String = (0..DAYS)
        .rev()
        .map(|day| {
            format!(
                r#""{:04}-{:02}-{:02}":{}"#,
                2000 + day / 300,
                1 + day / 28 % 12,
                1 + day % 28,
                day % 7
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    list_in("[", "]", bytes, |n| {
        format!(
            r#"{{"slug":"s{n}","name":"S","status":"down","uptime":"99.5%","dailyMinutesDown":{{{days}}}}}"#
        )
    })
}
