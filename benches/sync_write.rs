//! The sync's writer: p50/p99 of writing one page of 1,000 DK Hardware customers (the page size DK's
//! sync reads) into a real 1,000,000-customer mirror, before and after in the same run.
//!
//! The mirror is DK's generated customers turned into rows by the sync's own code, built once under
//! `target/sync-write-bench/` (the run changes it, so the next run builds it again; delete it when
//! done). The window seeks' generation triggers are made first, as the TUI's first window read makes
//! them. Three pages a sync writes:
//! - "unchanged": a page of customers the mirror holds as they are (every full pass after the first);
//! - "edited": the same customers with a changed name (an incremental pass after edits);
//! - "new": customers the mirror does not hold yet (the first pass).
//!
//! "before" is the write the store ran until now: an upsert statement per customer, which fires the
//! search indexes' triggers in a statement savepoint of its own (FTS5 writes a segment at each), on a
//! connection of its own to the same file. "after" is `Backend::write_page`. Samples alternate.
//! Run: `cargo bench --bench sync_write`; `SYNC_WRITE_BENCH_CUSTOMERS` changes the size,
//! `SYNC_WRITE_BENCH_DIR` the place.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clientele::domain::ProviderId;
use clientele::store::{Backend, MirrorQuery, MirrorRow, SqliteBackend};
use rand::{Rng, SeedableRng};

#[path = "shared/mirror.rs"]
mod mirror;

use mirror::percentile;

const PROVIDER: ProviderId = ProviderId::DkHardware;
const DEFAULT_CUSTOMERS: u32 = 1_000_000;
/// DK's largest page, the one its sync asks for.
const PAGE: u32 = 1_000;
const SAMPLES: usize = 30;

fn dir() -> PathBuf {
    mirror::dir("SYNC_WRITE_BENCH_DIR", "sync-write-bench")
}

/// The store's write until now: one upsert per customer, in one transaction per page.
fn before(connection: &mut rusqlite::Connection, rows: &[MirrorRow], pass: i64) {
    let transaction = connection.transaction().unwrap();
    {
        let mut upsert = transaction
            .prepare_cached(
                "INSERT INTO mirror_customers
                     (key, provider, id, raw_json, title, cells_json, search_text, synced_at,
                      seen_pass, gone)
                 VALUES ((SELECT COALESCE(
                         (SELECT key FROM mirror_customers
                          WHERE key >= (p.slot << 40) AND key < ((p.slot + 1) << 40)
                          ORDER BY key DESC LIMIT 1), p.slot << 40) + 1
                     FROM mirror_providers p WHERE p.provider = ?1),
                     ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)
                 ON CONFLICT (provider, id) DO UPDATE SET raw_json = excluded.raw_json,
                     title = excluded.title, cells_json = excluded.cells_json,
                     search_text = excluded.search_text, synced_at = excluded.synced_at,
                     seen_pass = excluded.seen_pass, gone = 0",
            )
            .unwrap();
        for row in rows {
            upsert
                .execute(rusqlite::params![
                    PROVIDER.key(),
                    row.id,
                    row.raw_json,
                    row.title,
                    row.cells_json,
                    row.search_text,
                    2,
                    pass,
                ])
                .unwrap();
        }
    }
    transaction.commit().unwrap();
}

/// A plain connection to the store's file that can run the digit index's triggers.
fn plain_connection(path: &std::path::Path) -> rusqlite::Connection {
    use rusqlite::functions::FunctionFlags;
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .create_scalar_function(
            "clientele_digit_grams",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |context| {
                let text = context.get_raw(0).as_str().unwrap_or("");
                Ok(clientele::store::fts::digit_grams(text))
            },
        )
        .unwrap();
    connection
}

/// Page `k` of the mirror's customers as `kind` makes it (see the module's comment).
fn page(kind: &str, n: u32, k: u32, sample: usize) -> Vec<MirrorRow> {
    let start = k * PAGE;
    (start..start + PAGE)
        .map(|idx| match kind {
            "new" => {
                // Customers past the generated ones: new ids, new keys.
                let mut row = mirror::row(PROVIDER, n, idx);
                row.id = format!("{}-{sample}", row.id);
                row
            }
            _ => {
                let mut row = mirror::row(PROVIDER, n, idx);
                if kind == "edited" {
                    let tag = format!("Edited{sample} ");
                    row.title = format!("{tag}{}", row.title);
                    row.search_text = format!("{} {}", tag.to_lowercase(), row.search_text);
                    row.cells_json = row.cells_json.replacen(":\"", &format!(":\"{tag}"), 1);
                }
                row
            }
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n = mirror::customers("SYNC_WRITE_BENCH_CUSTOMERS", DEFAULT_CUSTOMERS);
    mirror::build(&dir(), &[PROVIDER], n);
    // The writes below change the mirror: a later run builds it again.
    std::fs::remove_file(dir().join(format!("built-{n}"))).unwrap();
    let path = dir().join(clientele::store::FILE_NAME);
    let mut backend = SqliteBackend::open(&path).unwrap();
    backend
        .mirror_window(&MirrorQuery {
            provider: Some(PROVIDER.key().into()),
            limit: 50,
            ..MirrorQuery::default()
        })
        .unwrap();
    let mut plain = plain_connection(&path);
    let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
    let pages = n / PAGE;
    println!(
        "\npages of {PAGE} {PROVIDER} customers written into a mirror of {n}, {SAMPLES} samples each:"
    );
    println!(
        "{:<10} {:>10} {:>10} {:>10} {:>10} {:>8} {:>14}",
        "page", "before p50", "before p99", "after p50", "after p99", "p50 ×", "after cust/s"
    );
    for kind in ["unchanged", "edited", "new"] {
        let mut old = Vec::new();
        let mut new = Vec::new();
        for sample in 0..SAMPLES {
            // Two different pages: neither finds the other's customers already written.
            let (a, b) = (rng.random_range(0..pages), rng.random_range(0..pages));
            let rows_before = page(kind, n, a, sample * 2);
            let rows_after = page(kind, n, b, sample * 2 + 1);
            let started = Instant::now();
            before(&mut plain, &rows_before, 1);
            old.push(started.elapsed());
            let started = Instant::now();
            backend
                .write_page(&rows_after, 2, &mirror::full_pass(PROVIDER, 1))
                .unwrap();
            new.push(started.elapsed());
        }
        old.sort();
        new.sort();
        let p50 = percentile(&new, 0.5);
        println!(
            "{kind:<10} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>8.1} {:>14.0}",
            ms(percentile(&old, 0.5)),
            ms(percentile(&old, 0.99)),
            ms(p50),
            ms(percentile(&new, 0.99)),
            ms(percentile(&old, 0.5)) / ms(p50),
            f64::from(PAGE) / p50.as_secs_f64(),
        );
    }
    println!("(DK's budget, 200 pages a minute, is 3,333 customers/s.)");
}
