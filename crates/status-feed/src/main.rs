//! `status-feed check FILE`: lets feed authors see how the widget reads their feed.

use std::io::Write;
use std::process::ExitCode;

use status_feed::{ParseOptions, SourceFormat, parse_feed_with};

const USAGE: &str = "\
usage:
  status-feed check FILE [--format NAME]
      Read FILE (or - for stdin), print the normalised feed as native JSON on stdout and
      exit 0; or print what is wrong (JSON path and reason) on stderr and exit 1.
      NAME is one of native, statuspage, instatus, cachet, uptime-kuma, gatus, google-cloud,
      upptime; without it the format is told from the document. Formats whose state spans
      two endpoints are read from the main document alone here.
  status-feed schema
      Print the JSON Schema of the native feed format.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["check", file] => check(file, None),
        ["check", file, "--format", name] | ["check", "--format", name, file] => {
            match SourceFormat::from_name(name) {
                Some(format) => check(file, Some(format)),
                None => usage_error(&format!("unknown format {name:?}")),
            }
        }
        ["schema"] => {
            print!("{}", status_feed::json_schema());
            ExitCode::SUCCESS
        }
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a command"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn check(file: &str, format: Option<SourceFormat>) -> ExitCode {
    let bytes = if file == "-" {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer).map(|_| buffer)
    } else {
        std::fs::read(file)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read {file}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = ParseOptions {
        format,
        ..ParseOptions::default()
    };
    match parse_feed_with(&bytes, &options) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                eprintln!("warning: {file}: {warning}");
            }
            eprintln!("ok: {file} read as {} feed", parsed.format.as_str());
            let json =
                serde_json::to_string_pretty(&parsed.feed).expect("a feed always serialises");
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not the feed's fault; the verdict is on stderr.
            let _ = writeln!(stdout, "{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {file}: {error}");
            ExitCode::FAILURE
        }
    }
}
