//! A real mirror for the store benches: the sandbox's generated customers, decoded and turned into
//! rows by the sync's own code (`sync::mirror_row`) and written page by page through the store, so
//! its indexes are built by the same triggers. Built once in a directory under `target/` and reused
//! by later runs of the same size.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clientele::domain::{ProviderId, Record};
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use clientele::store::{Backend, MirrorRow, PassKind, RunningPass, SqliteBackend, SyncState};

/// The generator's seed: the demo's customers.
pub const SEED: u64 = 42;
/// Customers per transaction while building.
const PAGE: u32 = 5_000;

/// `var` as a number of customers per provider, else `default`.
pub fn customers(var: &str, default: u32) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `var` as the mirror's directory, else `target/<name>`.
pub fn dir(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join(name)
    })
}

/// Customer `idx` of `n` as the provider sends it, and decoded.
pub fn record(provider: ProviderId, n: u32, idx: u32) -> (Record, serde_json::Value) {
    let json = clientele::sandbox::generated_customer(provider, SEED, n, idx);
    let record =
        decode_record(&spec(provider).schema, &json).expect("a generated customer decodes");
    (record, json)
}

/// Customer `idx` of `n` as the sync writes it in the mirror.
pub fn row(provider: ProviderId, n: u32, idx: u32) -> MirrorRow {
    let (record, json) = record(provider, n, idx);
    clientele::sync::mirror_row(&spec(provider).schema, &record, &json)
}

/// Build the mirror of `providers`, `n` customers each, in `dir` unless a finished one of this size
/// is there. One thread decodes and builds rows while this one writes them.
pub fn build(dir: &Path, providers: &'static [ProviderId], n: u32) {
    let done = dir.join(format!("built-{n}"));
    if done.exists() {
        eprintln!("reusing the mirror in {}", dir.display());
        return;
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("clear an unfinished mirror");
    }
    let started = Instant::now();
    let mut backend = SqliteBackend::open(&dir.join(clientele::store::FILE_NAME)).unwrap();
    let (pages, written) = mpsc::sync_channel::<(ProviderId, Vec<MirrorRow>)>(4);
    let producer = std::thread::spawn(move || {
        for &provider in providers {
            for start in (0..n).step_by(PAGE as usize) {
                let rows = (start..(start + PAGE).min(n))
                    .map(|idx| row(provider, n, idx))
                    .collect();
                pages.send((provider, rows)).unwrap();
            }
        }
    });
    let mut count = 0u64;
    for (provider, rows) in written {
        count += rows.len() as u64;
        // As a sync's full pass writes it.
        let state = full_pass(provider, 1);
        backend.write_page(&rows, 1, &state).unwrap();
        if count.is_multiple_of(500_000) {
            eprintln!("  {count} customers written, {:.0?}", started.elapsed());
        }
    }
    producer.join().unwrap();
    drop(backend);
    std::fs::write(&done, "").unwrap();
    eprintln!("built {count} customers in {:.0?}", started.elapsed());
}

/// A sync's full pass `pass` under way for `provider`, at its first page.
pub fn full_pass(provider: ProviderId, pass: i64) -> SyncState {
    SyncState {
        provider: provider.key().into(),
        pass,
        running: Some(RunningPass {
            kind: PassKind::Full,
            cursor: "offset:0".into(),
            since: None,
            started_ms: 0,
            customers: 0,
            requests: 0,
            high_water: None,
        }),
        ..SyncState::new(provider.key())
    }
}

/// The `p` quantile (0..=1) of durations sorted ascending.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
