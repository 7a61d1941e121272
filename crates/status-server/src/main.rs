//! `status-server [--config FILE]`: see `docs/server.md`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use status_server::Server;
use status_server::config::Config;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: status-server [--config FILE]

Serves the status widget, its feeds, visitor reports and badges.
Without --config it listens on 127.0.0.1:8787 and serves dist/ and demo/feed.json.
Log verbosity follows RUST_LOG (default: info). See docs/server.md.";

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in files or journald.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("status-server: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run());
    // Without waiting for the blocking pool: a relay may be reading an upstream document,
    // which cannot be interrupted and could outlast the shutdown deadline. A database write
    // cut off here was never acknowledged, and SQLite rolls it back.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("status-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config_path = parse_args(std::env::args().skip(1))?;
    let config = match &config_path {
        Some(path) => Config::load(path).map_err(|error| error.to_string())?,
        None => Config::default(),
    };
    let listen = config.server.listen;
    let server = Server::new(config)
        .await
        .map_err(|error| match config_path {
            Some(_) => error.to_string(),
            None => format!("{error}\n{}", defaults_hint()),
        })?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|error| format!("cannot listen on {listen}: {error}"))?;
    tracing::info!(address = %listen, "listening");
    server
        .run(listener, shutdown_signal())
        .await
        .map_err(|error| format!("server failed: {error}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Said when the defaults fail: they name files relative to the working directory, which
/// holds them only in the repository.
fn defaults_hint() -> String {
    let directory = std::env::current_dir().map_or_else(
        |_| "the working directory".to_owned(),
        |dir| dir.display().to_string(),
    );
    format!(
        "Without --config the server reads demo/feed.json, serves dist/ and writes \
         status-server.db, relative to {directory}: run it from the repository, or pass \
         --config FILE (see docs/server.md)."
    )
}

/// The config path, if one was given.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<PathBuf>, String> {
    let mut config = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" | "-c" => {
                let path = args.next().ok_or("--config needs a file path")?;
                config = Some(PathBuf::from(path));
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
        }
    }
    Ok(config)
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down, finishing requests in flight");
}
