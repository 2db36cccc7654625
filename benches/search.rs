//! Search per keystroke over a real mirror: the sandbox's generated customers of all five providers,
//! decoded and turned into mirror rows exactly as the sync does (`sync::mirror_row`), written page by
//! page through the store (so the trigram index is built by the same triggers), 1,000,000 per
//! provider by default: 5,000,000 in one file.
//!
//! For each provider, realistic queries are typed one character at a time — a customer's name, a
//! fragment of an e-mail, a phone number in national form with a space — and every keystroke's query
//! (the first screen of 50 results and the capped count) is timed through the store's search thread,
//! as the app sends it. Printed: p50/p99/max per provider (its 1M) and for the global search (all 5M).
//! Then criterion times one representative keystroke per provider.
//!
//! The mirror is built once under `target/search-bench/` (several minutes, a few GB) and reused by
//! later runs; delete the directory when done. Run: `cargo bench --bench search`.
//! `SEARCH_BENCH_CUSTOMERS` changes the size per provider, `SEARCH_BENCH_DIR` the place.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clientele::domain::{FieldKind, ProviderId};
use clientele::providers::spec;
use clientele::store::{MirrorQuery, Store, fts};
use criterion::Criterion;

#[path = "shared/mirror.rs"]
mod mirror;

use mirror::{percentile, record};

const DEFAULT_CUSTOMERS: u32 = 1_000_000;
/// Sampled customers per provider whose name, e-mail and phone are typed.
const SAMPLED: u32 = 12;
/// A screen of results.
const LIMIT: u32 = 50;

fn customers() -> u32 {
    mirror::customers("SEARCH_BENCH_CUSTOMERS", DEFAULT_CUSTOMERS)
}

fn dir() -> PathBuf {
    mirror::dir("SEARCH_BENCH_DIR", "search-bench")
}

fn size(dir: &std::path::Path) -> String {
    let bytes: u64 = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    format!("{:.2} GB on disk", bytes as f64 / 1e9)
}

/// What a person types to find a sampled customer: the name, a fragment of the e-mail, the phone
/// number as dialled nationally with a space in it.
fn typed(provider: ProviderId, n: u32) -> Vec<String> {
    let schema = &spec(provider).schema;
    let mut out = Vec::new();
    for k in 0..SAMPLED {
        let idx = ((k as u64 * 7_919_993 + 12_345) % n as u64) as u32;
        let (record, _) = record(provider, n, idx);
        out.push(record.title(schema).chars().take(14).collect());
        for field in schema.fields {
            let text = record.text(field.key);
            match field.kind {
                FieldKind::Email if !text.is_empty() => {
                    out.push(text.chars().take(9).collect());
                }
                FieldKind::Phone | FieldKind::Digits if field.key.contains("phone") => {
                    if let Some(form) = fts::phone_forms(&text).last() {
                        let digits: String = form.chars().take(8).collect();
                        let (a, b) = digits.split_at(digits.len().min(4));
                        out.push(format!("{a} {b}"));
                    }
                }
                _ => {}
            }
        }
    }
    out.retain(|t| !t.trim().is_empty());
    out
}

/// Every keystroke of every typed text, timed (with the text it sent).
fn keystrokes(
    store: &Store,
    provider: Option<ProviderId>,
    texts: &[String],
) -> Vec<(Duration, String)> {
    let mut times = Vec::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for end in 1..=chars.len() {
            let text: String = chars[..end].iter().collect();
            let query = MirrorQuery {
                provider: provider.map(|p| p.key().to_string()),
                text: Some(text.clone()),
                limit: LIMIT,
                ..MirrorQuery::default()
            };
            let started = Instant::now();
            store
                .read_blocking("bench", move |reader| reader.mirror_window(&query))
                .unwrap();
            times.push((started.elapsed(), text));
        }
    }
    times
}

fn report(label: &str, mut keys: Vec<(Duration, String)>) {
    keys.sort();
    let times: Vec<Duration> = keys.iter().map(|(t, _)| *t).collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<28} {:>6} keystrokes   p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
    );
    // The slowest keystrokes, to see what costs (a common word, a short prefix, a phone).
    let slowest: Vec<String> = keys
        .iter()
        .rev()
        .take(4)
        .map(|(t, text)| format!("{text:?} {:.1} ms", ms(*t)))
        .collect();
    println!("{:<28} slowest: {}", "", slowest.join(", "));
}

fn main() {
    let n = customers();
    mirror::build(&dir(), &ProviderId::ALL, n);
    eprintln!("the mirror: {}", size(&dir()));
    let store = Store::open(&dir()).unwrap();
    let texts: Vec<(ProviderId, Vec<String>)> = ProviderId::ALL
        .into_iter()
        .map(|p| (p, typed(p, n)))
        .collect();
    // Warm the page cache once, as a running app would be.
    for (provider, texts) in &texts {
        keystrokes(&store, Some(*provider), texts);
    }
    println!(
        "\nsearch per keystroke, first {LIMIT} results and the count (capped at {}):",
        clientele::store::TOTAL_CAP
    );
    let mut every = Vec::new();
    for (provider, texts) in &texts {
        report(
            &format!("{provider} ({n})"),
            keystrokes(&store, Some(*provider), texts),
        );
        every.extend(texts.iter().cloned());
    }
    report(
        &format!("global ({})", n as u64 * 5),
        keystrokes(&store, None, &every),
    );

    let mut criterion = Criterion::default().configure_from_args();
    for (provider, texts) in &texts {
        let text: String = texts[0].chars().take(5).collect();
        let query = MirrorQuery {
            provider: Some(provider.key().to_string()),
            text: Some(text.clone()),
            limit: LIMIT,
            ..MirrorQuery::default()
        };
        criterion.bench_function(&format!("search/{provider}/{text}"), |b| {
            b.iter(|| {
                let query = query.clone();
                store
                    .read_blocking("bench", move |reader| reader.mirror_window(&query))
                    .unwrap()
            })
        });
    }
    criterion.final_summary();
}
