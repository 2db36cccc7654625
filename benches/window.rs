//! Scrolling a provider's whole mirror: p50/p99 of reading a 50-row window at the first, middle and
//! last offsets of a real 1,000,000-row mirror, in the id order and sorted by two columns (last name:
//! many ties; company: mostly ties), both directions, before and after in the same run.
//!
//! The mirror is DK Hardware's generated customers (the sandbox's generator), decoded and turned into
//! rows by the sync's own code (`sync::mirror_row`), written page by page through the store. Built
//! once under `target/window-bench/` (delete it when done). Run: `cargo bench --bench window`;
//! `WINDOW_BENCH_CUSTOMERS` changes the size, `WINDOW_BENCH_DIR` the place.
//!
//! "before" is the query the store ran until now, from the same connection and index: `ORDER BY …
//! LIMIT 50 OFFSET n`, read from the nearer end. "after" is `Backend::mirror_window` as the tab asks
//! for it. Each sample is a window at a random offset within 10,000 rows of its position (a drag of
//! the scrollbar lands anywhere near); the marks are learnt before timing ("cold" times the first
//! middle window after a write of the provider: the hop there, and the count again, both ways).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clientele::domain::ProviderId;
use clientele::store::{Backend, MirrorQuery, MirrorSort, SortDirection, SqliteBackend};
use rand::{Rng, SeedableRng};

#[path = "shared/mirror.rs"]
mod mirror;

use mirror::percentile;

const PROVIDER: ProviderId = ProviderId::DkHardware;
const DEFAULT_CUSTOMERS: u32 = 1_000_000;
const LIMIT: u32 = 50;
const SAMPLES: usize = 200;
const JITTER: u64 = 10_000;

fn customers() -> u32 {
    mirror::customers("WINDOW_BENCH_CUSTOMERS", DEFAULT_CUSTOMERS)
}

fn dir() -> PathBuf {
    mirror::dir("WINDOW_BENCH_DIR", "window-bench")
}

fn query(column: Option<&str>, descending: bool, offset: u64) -> MirrorQuery {
    MirrorQuery {
        provider: Some(PROVIDER.key().into()),
        sort: column.map(|column| MirrorSort {
            column: column.into(),
            direction: if descending {
                SortDirection::Descending
            } else {
                SortDirection::Ascending
            },
        }),
        offset,
        limit: LIMIT,
        ..MirrorQuery::default()
    }
}

/// The window as the store read it before: one `ORDER BY … LIMIT … OFFSET` from the nearer end
/// (the count kept, as it was).
fn before(connection: &rusqlite::Connection, q: &MirrorQuery, total: u64) -> usize {
    let descending = q.sort.as_ref().map(|s| s.direction) == Some(SortDirection::Descending);
    let end = (q.offset + u64::from(q.limit)).min(total);
    let reversed = q.offset < total && (q.offset + end) / 2 > total / 2;
    let (offset, limit) = if reversed {
        (total - end, end - q.offset)
    } else {
        (q.offset, u64::from(q.limit))
    };
    let way = if descending != reversed {
        "DESC"
    } else {
        "ASC"
    };
    let order = match &q.sort {
        Some(sort) => format!(
            "json_extract(cells_json, '$.\"{}\"') COLLATE NOCASE {way}, provider {way}, id {way}",
            sort.column
        ),
        None => format!("provider {way}, id {way}"),
    };
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT provider, id, raw_json, title, cells_json, search_text, synced_at
             FROM mirror_customers WHERE gone = 0 AND provider = ?1
             ORDER BY {order} LIMIT ?2 OFFSET ?3"
        ))
        .unwrap();
    let mut rows = statement
        .query(rusqlite::params![
            PROVIDER.key(),
            limit as i64,
            offset as i64
        ])
        .unwrap();
    let mut read = 0;
    while let Some(row) = rows.next().unwrap() {
        let _: String = row.get(2).unwrap();
        read += 1;
    }
    read
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n = customers();
    mirror::build(&dir(), &[PROVIDER], n);
    let path = dir().join(clientele::store::FILE_NAME);
    let backend = SqliteBackend::open(&path).unwrap();
    // The "before" reads: a connection of their own, with the same indexes (made by the first
    // windows below) and page cache size.
    let plain = rusqlite::Connection::open(&path).unwrap();
    let total = backend.mirror_window(&query(None, false, 0)).unwrap().total;
    let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
    println!("\n{LIMIT}-row windows of {total} {PROVIDER} customers, {SAMPLES} samples each:");
    println!(
        "{:<26} {:>7} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "order", "at", "before p50", "before p99", "after p50", "after p99", "p50 ×"
    );
    for column in [None, Some("lastName"), Some("company")] {
        for descending in [false, true] {
            // Make the sort index and learn the marks on the way (the first scroll does it).
            for offset in (0..total).step_by(25_000) {
                backend
                    .mirror_window(&query(column, descending, offset))
                    .unwrap();
            }
            for (at, position) in [
                ("first", 0),
                ("middle", total / 2),
                ("last", total.saturating_sub(u64::from(LIMIT))),
            ] {
                let mut old = Vec::new();
                let mut new = Vec::new();
                for _ in 0..SAMPLES {
                    let low = position.saturating_sub(JITTER);
                    let high = (position + JITTER).min(total.saturating_sub(1));
                    let offset = if at == "middle" {
                        rng.random_range(low..=high)
                    } else {
                        // The very ends, as `g`/`G` ask for them.
                        position
                    };
                    let q = query(column, descending, offset);
                    let started = Instant::now();
                    let read = before(&plain, &q, total);
                    old.push(started.elapsed());
                    let started = Instant::now();
                    let window = backend.mirror_window(&q).unwrap();
                    new.push(started.elapsed());
                    assert_eq!(window.rows.len(), read, "{q:?}");
                }
                old.sort();
                new.sort();
                let name = format!(
                    "{} {}",
                    column.unwrap_or("id"),
                    if descending { "desc" } else { "asc" }
                );
                println!(
                    "{name:<26} {at:>7} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>8.1}",
                    ms(percentile(&old, 0.5)),
                    ms(percentile(&old, 0.99)),
                    ms(percentile(&new, 0.5)),
                    ms(percentile(&new, 0.99)),
                    ms(percentile(&old, 0.5)) / ms(percentile(&new, 0.5)),
                );
            }
        }
    }
    cold(&backend, &plain, total);
}

/// The first middle window after a write of the provider (its count and marks dropped): a few
/// times, each after one customer is written again with a changed cell.
fn cold(backend: &SqliteBackend, plain: &rusqlite::Connection, total: u64) {
    let mut backend_mut = SqliteBackend::open(&dir().join(clientele::store::FILE_NAME)).unwrap();
    let n = customers();
    for column in [None, Some("lastName")] {
        let mut old = Vec::new();
        let mut new = Vec::new();
        for k in 0..5u32 {
            let mut changed = mirror::row(PROVIDER, n, k);
            // A new value each time: the provider's generation moves.
            let tag = format!("\"company\":\"~{}{k}", column.unwrap_or("id"));
            changed.cells_json = changed.cells_json.replacen("\"company\":\"", &tag, 1);
            backend_mut
                .upsert_customer(PROVIDER.key(), &changed, 2)
                .unwrap();
            let q = query(column, false, total / 2 + u64::from(k) * 1_000);
            let started = Instant::now();
            // Before, the count was kept across writes only by `data_version`: counted again too.
            let _: i64 = plain
                .query_row(
                    "SELECT COUNT(*) FROM mirror_customers WHERE gone = 0 AND provider = ?1",
                    [PROVIDER.key()],
                    |row| row.get(0),
                )
                .unwrap();
            before(plain, &q, total);
            old.push(started.elapsed());
            let started = Instant::now();
            backend.mirror_window(&q).unwrap();
            new.push(started.elapsed());
        }
        old.sort();
        new.sort();
        println!(
            "{:<26} {:>7} {:>10.2} {:>10.2} {:>10.2} {:>10.2}   (first window after a write: p50, max)",
            format!("{} asc", column.unwrap_or("id")),
            "cold",
            ms(percentile(&old, 0.5)),
            ms(*old.last().unwrap()),
            ms(percentile(&new, 0.5)),
            ms(*new.last().unwrap()),
        );
    }
}
