//! `clientele sync` and `clientele mirror purge`, the real binary on the embedded sandbox: the JSON
//! figures, global flags after the subcommand, a sync killed mid-pass continuing from its cursor, and
//! a purge leaving nothing mirrored.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use clientele::store::{Backend, FILE_NAME, SqliteBackend};
use serde_json::Value;

fn clientele(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clientele"));
    // Never the user's own files.
    command
        .env("CLIENTELE_CONFIG", dir.join("none.toml"))
        .env("CLIENTELE_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null());
    command
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn store(dir: &Path) -> SqliteBackend {
    SqliteBackend::open(&dir.join("data").join("demo").join(FILE_NAME)).unwrap()
}

#[test]
fn sync_mirrors_every_provider_and_reports_its_figures_as_json() {
    let dir = tempfile::tempdir().unwrap();
    // The global flags after the subcommand.
    let output = clientele(dir.path())
        .args(["sync", "--json", "--demo", "--customers", "300"])
        .output()
        .unwrap();
    let json = json_of(&output);
    let providers = json["providers"].as_array().unwrap();
    assert_eq!(providers.len(), 5);
    for provider in providers {
        let name = provider["provider"].as_str().unwrap();
        assert_eq!(provider["customers"], 300, "{name}");
        assert_eq!(provider["rate_limited"], 0, "{name}");
        assert!(provider["requests"].as_u64().unwrap() >= 1, "{name}");
        assert!(provider["seconds"].as_f64().unwrap() > 0.0, "{name}");
        // 1 to 4 requests fit in every documented budget's first window.
        assert_eq!(provider["bound_seconds"], 0.0, "{name}");
        assert_eq!(store(dir.path()).mirror_count(name).unwrap().present, 300);
    }

    // Purge one provider, then all.
    let purge = clientele(dir.path())
        .args(["--demo", "mirror", "purge", "--provider", "guardant"])
        .output()
        .unwrap();
    assert!(purge.status.success());
    assert!(String::from_utf8_lossy(&purge.stdout).contains("Deleted 300 mirrored customers"));
    assert_eq!(
        store(dir.path()).mirror_count("guardant").unwrap().present,
        0
    );
    assert_eq!(
        store(dir.path()).mirror_count("reportei").unwrap().present,
        300
    );
    let purge = clientele(dir.path())
        .args(["mirror", "purge", "--demo"])
        .output()
        .unwrap();
    assert!(purge.status.success());
    for provider in ["ngorder", "cyclesoftware", "dkhardware", "reportei"] {
        assert_eq!(store(dir.path()).mirror_count(provider).unwrap().present, 0);
    }
}

#[test]
fn a_sync_killed_mid_pass_continues_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--demo",
        "--customers",
        "2000",
        "--latency-ms",
        "40",
        "sync",
        "--provider",
        "guardant",
        "--json",
    ];
    let mut child = clientele(dir.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let file = dir.path().join("data/demo").join(FILE_NAME);
    // Read beside the running sync (WAL lets a reader in); not through the store, whose opening
    // would migrate a file the sync may be migrating.
    let pages_written = || -> i64 {
        if !file.exists() {
            return 0;
        }
        rusqlite::Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| {
                c.query_row(
                    "SELECT pass_requests FROM mirror_sync WHERE provider = 'guardant'",
                    [],
                    |row| row.get(0),
                )
            })
            .unwrap_or(0)
    };
    while pages_written() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(30));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = store(dir.path())
        .sync_state("guardant")
        .unwrap()
        .running
        .expect("killed mid-pass")
        .requests as u64;
    assert!(done >= 3, "the sync never got going");
    assert!(done < 20, "the pass ended before the kill");
    let json = json_of(&clientele(dir.path()).args(args).output().unwrap());
    let guardant = &json["providers"][0];
    assert_eq!(guardant["customers"], 2000);
    // 20 full pages and the empty one that ends the list, less those written before the kill.
    assert_eq!(guardant["requests"].as_u64().unwrap(), 21 - done);
}

#[test]
fn an_unknown_provider_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let output = clientele(dir.path())
        .args(["--demo", "--customers", "10", "sync", "--provider", "acme"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown provider \"acme\""));
}
