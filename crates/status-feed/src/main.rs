//! `status-feed check FILE`: lets feed authors see how the widget reads their feed.

use std::io::Write;
use std::process::ExitCode;

use status_feed::{
    Json, ParseOptions, SourceFormat, closest, document_text, parse_feed_with, unrecognised_names,
};

const COMMANDS: [&str; 3] = ["check", "schema", "help"];

const USAGE: &str = "\
usage:
  status-feed check FILE [--format NAME] [--strict] [--quiet]
      Read FILE (or - for stdin), print the normalised feed as native JSON on stdout and
      exit 0; or print what is wrong (JSON path and reason) on stderr and exit 1.
      Warnings (on stderr) name what was dropped or not understood: in a native feed, every
      field and value the format does not define, which the widget ignores or reads as
      unknown. --strict fails (exit 1) on warnings too; --quiet prints only warnings and
      errors.
      NAME is one of native, statuspage, instatus, cachet, uptime-kuma, gatus, google-cloud,
      upptime; without it the format is told from the document. Formats whose state spans
      two endpoints are read from the main document alone here.
  status-feed schema
      Print the JSON Schema of the native feed format.
  status-feed help
      Print this.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        return usage_error("name a command: check, schema or help");
    };
    match (command.as_str(), rest) {
        ("check", options) => match Check::parse(options) {
            Ok(check) => check.run(),
            Err(message) => usage_error(&message),
        },
        ("schema", []) => {
            print!("{}", status_feed::json_schema());
            ExitCode::SUCCESS
        }
        ("--help" | "-h" | "help", []) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ("schema" | "--help" | "-h" | "help", [extra, ..]) => {
            usage_error(&format!("unexpected argument \"{extra}\""))
        }
        (unknown, _) => {
            let meant = closest(unknown, COMMANDS)
                .map(|command| format!(" (did you mean `{command}`?)"))
                .unwrap_or_default();
            usage_error(&format!(
                "unknown command \"{unknown}\"{meant}; the commands are {}",
                COMMANDS.join(", ")
            ))
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}

struct Check {
    file: String,
    format: Option<SourceFormat>,
    strict: bool,
    quiet: bool,
}

impl Check {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut file = None;
        let mut format = None;
        let (mut strict, mut quiet) = (false, false);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--format" => {
                    let name = args.next().ok_or("--format needs a format name")?;
                    let named = SourceFormat::from_name(name)
                        .ok_or_else(|| format!("unknown format {name:?}"))?;
                    format = Some(named);
                }
                "--strict" => strict = true,
                "--quiet" => quiet = true,
                option if option.starts_with("--") => {
                    return Err(format!("unknown option \"{option}\""));
                }
                path if file.is_none() => file = Some(path.to_owned()),
                extra => return Err(format!("check reads one FILE; unexpected \"{extra}\"")),
            }
        }
        Ok(Self {
            file: file.ok_or("check needs a FILE (or - for stdin)")?,
            format,
            strict,
            quiet,
        })
    }

    fn run(&self) -> ExitCode {
        let file = &self.file;
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
            format: self.format,
            ..ParseOptions::default()
        };
        let parsed = match parse_feed_with(&bytes, &options) {
            Ok(parsed) => parsed,
            Err(error) => {
                eprintln!("error: {file}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let mut warnings = parsed.warnings;
        if parsed.format == SourceFormat::Native {
            // The document was read above, so it is text and JSON.
            let text = document_text(&bytes, &options.limits).unwrap_or_default();
            if let Ok(document) = Json::parse(text) {
                warnings.extend(unrecognised_names(&document));
            }
        }
        for warning in &warnings {
            eprintln!("warning: {file}: {warning}");
        }
        if self.strict && !warnings.is_empty() {
            let count = warnings.len();
            let noun = if count == 1 { "warning" } else { "warnings" };
            eprintln!("error: {file}: {count} {noun}, which --strict does not accept");
            return ExitCode::FAILURE;
        }
        if !self.quiet {
            eprintln!("ok: {file} read as {} feed", parsed.format.as_str());
            let json =
                serde_json::to_string_pretty(&parsed.feed).expect("a feed always serialises");
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not the feed's fault; the verdict is on stderr.
            let _ = writeln!(stdout, "{json}");
        }
        ExitCode::SUCCESS
    }
}
