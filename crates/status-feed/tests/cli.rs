//! The `status-feed check` command as feed authors run it.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_status-feed"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_prints_the_normalised_feed_and_succeeds() {
    let output = run(&["check", &fixture("statuspage/summary.json")]);
    assert!(output.status.success());
    let feed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(feed["version"], 1);
    assert_eq!(feed["status"], "partial_outage");
    assert_eq!(feed["components"][0]["name"], "REST API");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("read as statuspage feed"), "{stderr}");
}

#[test]
fn check_output_reads_back_as_the_same_native_feed() {
    let first = run(&["check", &fixture("statuspage/incidents.json")]);
    let normalised =
        std::env::temp_dir().join(format!("status-feed-cli-{}.json", std::process::id()));
    std::fs::write(&normalised, &first.stdout).unwrap();
    let second = run(&["check", normalised.to_str().unwrap()]);
    std::fs::remove_file(&normalised).unwrap();
    assert!(second.status.success());
    assert_eq!(first.stdout, second.stdout);
    let stderr = String::from_utf8(first.stderr).unwrap();
    assert!(
        stderr.contains("warning:") && stderr.contains("maintenances[0].url"),
        "{stderr}"
    );
}

#[test]
fn check_reports_path_and_reason_and_fails() {
    let broken = std::env::temp_dir().join(format!(
        "status-feed-cli-broken-{}.json",
        std::process::id()
    ));
    std::fs::write(
        &broken,
        r#"{"version": 1, "service": {"name": "X"}, "components": [{"id": "a", "name": "A"}]}"#,
    )
    .unwrap();
    let output = run(&["check", broken.to_str().unwrap()]);
    std::fs::remove_file(&broken).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("components[0].status: is required"),
        "{stderr}"
    );
}

#[cfg(feature = "all-formats")]
#[test]
fn check_refuses_a_document_without_the_marks_of_the_format_it_is_named_as() {
    let output = run(&[
        "check",
        &fixture("statuspage/summary.json"),
        "--format",
        "cachet",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("summary.json: data: is required"),
        "{stderr}"
    );
}

#[test]
fn check_fails_on_a_missing_file_and_usage_errors() {
    let output = run(&["check", "/nonexistent/feed.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /nonexistent/feed.json"));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "x", "--format", "rss"]).status.code(),
        Some(2)
    );
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let output = run(&["schema"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        status_feed::json_schema()
    );
}

/// A native feed with a Statuspage status word, an incident status typo and a misspelt field.
const MISTAKEN: &str = r#"{
    "version": 1,
    "service": {"name": "X"},
    "components": [{"id": "a", "name": "A", "status": "degraded_performance", "grup": "core"}],
    "incidents": [{"id": "i", "title": "T", "impact": "minor", "status": "fixed",
                   "started_at": "2026-11-27T07:00:00Z"}]
}"#;

fn temporary(name: &str, contents: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "status-feed-cli-{name}-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn check_warns_of_names_the_format_does_not_define() {
    let feed = temporary("mistaken", MISTAKEN);
    let output = run(&["check", feed.to_str().unwrap()]);
    let strict = run(&["check", "--strict", feed.to_str().unwrap()]);
    let quiet = run(&["check", feed.to_str().unwrap(), "--quiet"]);
    std::fs::remove_file(&feed).unwrap();

    assert!(
        output.status.success(),
        "unknown names still read, as unknown"
    );
    let read: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(read["components"][0]["status"], "unknown");
    let stderr = String::from_utf8(output.stderr).unwrap();
    for expected in [
        "components[0].status: unrecognised value \"degraded_performance\", read as \"unknown\"; did you mean `degraded`?",
        "components[0].grup: unrecognised field \"grup\", ignored; did you mean `group`?",
        "incidents[0].status: unrecognised value \"fixed\", read as \"unknown\"; known: investigating,",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }

    assert_eq!(strict.status.code(), Some(1));
    assert!(strict.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&strict.stderr)
            .contains("3 warnings, which --strict does not accept")
    );

    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty());
    let quiet_stderr = String::from_utf8(quiet.stderr).unwrap();
    assert_eq!(quiet_stderr.lines().count(), 3, "{quiet_stderr}");
    assert!(
        quiet_stderr
            .lines()
            .all(|line| line.starts_with("warning: ")),
        "{quiet_stderr}"
    );
}

#[test]
fn a_clean_feed_passes_strict_and_quiet_in_silence() {
    let demo = format!("{}/../../demo/feed.json", env!("CARGO_MANIFEST_DIR"));
    let output = run(&["check", &demo, "--strict", "--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

#[test]
fn an_unknown_command_is_named_with_the_commands() {
    let output = run(&["chek", "feed.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "unknown command \"chek\" (did you mean `check`?); the commands are check, schema, help"
        ),
        "{stderr}"
    );
}
