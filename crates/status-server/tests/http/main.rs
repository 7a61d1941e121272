//! Integration tests over real HTTP: a real server on a free local port with a real SQLite
//! file in a temporary directory. One test binary, so the helpers are shared without being
//! compiled (and linked) once per file.

mod atom;
mod common;
mod hostile;
mod operator;
mod outage;
mod process;
mod relay;
mod relay_sources;
mod replicas;
mod reports;
mod serving;
mod upstream;
