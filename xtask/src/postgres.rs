//! A throwaway PostgreSQL cluster for one run: made in a temporary folder, listening on a
//! port of its own on loopback, and stopped and removed when dropped, also after a failure.
//! PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use crate::shell::{Failure, command, output};

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_root: bool,
    /// How a client reaches the cluster's `postgres` database, as its superuser.
    pub url: String,
}

/// The newest installed server's programs, e.g. `/usr/lib/postgresql/15/bin`.
pub fn installed_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

impl Cluster {
    pub fn start() -> Result<Self, Failure> {
        let bin = installed_bin().ok_or_else(|| {
            Failure("PostgreSQL is not installed; `cargo xtask setup` installs it".to_owned())
        })?;
        let as_root = output("id", &["-u"]).as_deref() == Some("0");
        let dir =
            std::env::temp_dir().join(format!("status-widget-postgres-{}", std::process::id()));
        // A folder left by a run that was killed with this process id is stale.
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir)
            .map_err(|error| Failure(format!("cannot create {}: {error}", dir.display())))?;
        let port = free_port()?;
        let cluster = Self {
            bin,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            as_root,
        };
        if as_root {
            cluster.run("chown", &["postgres:postgres", &cluster.dir_text()], false)?;
        }
        let data = cluster.dir.join("data");
        let data = data.to_string_lossy();
        // No fsync: the cluster lives for one run, and tests need not wait for the disk.
        cluster.run_postgres(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            cluster.dir_text()
        );
        let log = cluster.dir.join("log");
        cluster.run_postgres(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        )?;
        Ok(cluster)
    }

    fn dir_text(&self) -> String {
        self.dir.to_string_lossy().into_owned()
    }

    fn run_postgres(&self, program: &str, args: &[&str]) -> Result<(), Failure> {
        let program = self.bin.join(program);
        self.run(&program.to_string_lossy(), args, self.as_root)
    }

    fn run(&self, program: &str, args: &[&str], as_postgres: bool) -> Result<(), Failure> {
        let mut full = Vec::new();
        if as_postgres {
            full.extend(["runuser", "-u", "postgres", "--"]);
        }
        full.push(program);
        full.extend(args);
        let output = command(full[0], &full[1..])
            .current_dir(Path::new("/"))
            .output()
            .map_err(|error| Failure(format!("cannot start {program}: {error}")))?;
        if output.status.success() {
            return Ok(());
        }
        Err(Failure(format!(
            "`{}` failed with {}:\n{}{}",
            full.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        if let Err(Failure(message)) = self.run_postgres(
            "pg_ctl",
            &["-D", &data.to_string_lossy(), "-m", "immediate", "stop"],
        ) {
            eprintln!("could not stop the test cluster: {message}");
        }
        fs::remove_dir_all(&self.dir).ok();
    }
}

/// A loopback port nobody listens on now.
fn free_port() -> Result<u16, Failure> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Failure(format!("cannot find a free port: {error}")))
}
