//! The sandbox at a million customers per provider: how long it takes to start, and how long any page
//! takes to serve — first, middle and last — for each fake, with its default order and its documented
//! sorts and filters, including the incremental filters a sync uses.
//!
//! Requests go over loopback HTTP with the app's client stack (reqwest, gzip), one at a time; a figure
//! runs from sending the request to holding the whole body (parsing it is the client's cost, left
//! out). The client shares the machine, so figures include its share. Rate limits are lifted. Each case
//! first finds the size of its result set (binary search on the offset with one-record pages), then
//! times `SAMPLES` requests at each of the three offsets and prints p50 and p99. Last column: the
//! middle page with its body read as sent (gzip asked for, not decoded), the sandbox's and the
//! wire's share of the figure without the client's gunzip.
//!
//! Run: `cargo bench --bench sandbox` (about a minute on two cores).
//! `SANDBOX_BENCH_CUSTOMERS=100000` changes the size, `SANDBOX_BENCH_SAMPLES` the samples per offset,
//! `SANDBOX_BENCH_CASES=limit=1000` times only the cases whose provider and label contain that text.

use std::time::{Duration, Instant};

use clientele::domain::ProviderId;
use clientele::sandbox::probe::Probe;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions};

const DEFAULT_CUSTOMERS: usize = 1_000_000;
const DEFAULT_SAMPLES: usize = 100;

/// One listing to time: a provider, a label, and the query (without paging) it sends.
struct Case {
    provider: ProviderId,
    label: &'static str,
    query: String,
    /// Records per page.
    limit: usize,
}

fn case(provider: ProviderId, label: &'static str, query: &str, limit: usize) -> Case {
    Case {
        provider,
        label,
        query: query.to_string(),
        limit,
    }
}

/// The cases to time: all, or those whose `provider label` contains `SANDBOX_BENCH_CASES`.
fn cases() -> Vec<Case> {
    let only = std::env::var("SANDBOX_BENCH_CASES").unwrap_or_default();
    all_cases()
        .into_iter()
        .filter(|c| format!("{} {}", c.provider.key(), c.label).contains(&only))
        .collect()
}

fn all_cases() -> Vec<Case> {
    use ProviderId::*;
    vec![
        case(Ngorder, "default (oldest first)", "", 100),
        case(
            Ngorder,
            "order_by=LATEST_CUSTOMER",
            "order_by=LATEST_CUSTOMER",
            100,
        ),
        case(Ngorder, "order_by=LAST_ORDER", "order_by=LAST_ORDER", 100),
        case(
            Ngorder,
            "create_from=2024-01-01",
            "create_from=2024-01-01",
            100,
        ),
        case(CycleSoftware, "default (by id)", "", 100),
        case(
            CycleSoftware,
            "modified_since=2016-01-01 (all)",
            "modified_since=2016-01-01%2000:00:00",
            100,
        ),
        case(
            CycleSoftware,
            "modified_since=2025-06-01",
            "modified_since=2025-06-01%2000:00:00",
            100,
        ),
        case(Guardant, "sortby=default", "", 100),
        case(
            Guardant,
            "sortby=name&direction=desc",
            "sortby=name&direction=desc",
            100,
        ),
        case(Guardant, "sortby=company", "sortby=company", 100),
        case(Guardant, "type=company", "type=company", 100),
        case(
            Guardant,
            "archived=true&sortby=name",
            "archived=true&sortby=name",
            100,
        ),
        case(DkHardware, "default (newest updated)", "", 100),
        case(DkHardware, "limit=1000", "", 1000),
        case(
            DkHardware,
            "updated 2024-01-01..2024-06-30",
            "basedOnCreatedDate=false&from=2024-01-01T00:00:00&to=2024-06-30T23:59:59",
            100,
        ),
        case(
            DkHardware,
            "basedOnCreatedDate=true&newest=false",
            "basedOnCreatedDate=true&newest=false",
            100,
        ),
        case(Reportei, "default", "", 100),
    ]
}

struct Bench {
    sb: RunningSandbox,
    probe: Probe,
}

impl Bench {
    /// The URL of `limit` records from record `offset` (0-based) on.
    fn url(&self, case: &Case, offset: usize, limit: usize) -> String {
        Probe::url(&self.sb, case.provider, &case.query, offset, limit)
    }

    /// Sends one request; the number of records on the page and the time it took.
    async fn page(&self, case: &Case, url: &str) -> (usize, Duration) {
        let served = self.probe.page(case.provider, url).await.expect("a page");
        (served.records, served.elapsed)
    }

    /// How many records the case lists: binary search on the offset with one-record pages.
    async fn total(&self, case: &Case) -> usize {
        let (mut lo, mut hi) = (0usize, 1usize);
        while self.page(case, &self.url(case, hi - 1, 1)).await.0 > 0 {
            lo = hi;
            hi *= 2;
        }
        // Invariant: record lo-1 exists (or lo is 0), record hi-1 does not.
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.page(case, &self.url(case, mid - 1, 1)).await.0 > 0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn run() {
    let customers = env_usize("SANDBOX_BENCH_CUSTOMERS", DEFAULT_CUSTOMERS);
    let samples = env_usize("SANDBOX_BENCH_SAMPLES", DEFAULT_SAMPLES).max(1);
    let options = SandboxOptions {
        customers_per_provider: customers,
        dk_token_ttl: Duration::from_secs(24 * 3600),
        cs_minute_limit: u32::MAX,
        cs_daily_limit: u32::MAX,
        dk_reads_per_minute: u32::MAX,
        ..Default::default()
    };
    let t = Instant::now();
    let sb = sandbox::start(options).await.expect("sandbox starts");
    let started = t.elapsed();
    let probe = Probe::new(&sb).await.expect("a probe");
    let bench = Bench { sb, probe };
    // The first request of each indexed order waits for its background build: the time until every
    // one has answered is when the sandbox serves everything at full speed. Every fake's cases, not
    // only the chosen ones: builds still running share the cores with the first pages timed (with
    // `SANDBOX_BENCH_CASES=dkhardware`, DK's first page measured 1.4 times its middle one).
    let mut ready = Duration::ZERO;
    for case in all_cases() {
        let url = bench.url(&case, 0, case.limit);
        bench.page(&case, &url).await;
        ready = ready.max(t.elapsed());
    }
    println!(
        "sandbox, {customers} customers per provider: start {} ms, every index ready {} ms after start",
        ms(started),
        ms(ready)
    );
    println!(
        "{:<14} {:<40} {:>9} {:>17} {:>17} {:>17} {:>17}",
        "provider",
        "listing",
        "records",
        "first p50/p99 ms",
        "middle p50/p99 ms",
        "last p50/p99 ms",
        "undecoded middle"
    );
    for case in cases() {
        let total = bench.total(&case).await;
        let last = total.saturating_sub(1) / case.limit * case.limit;
        let middle = total / 2 / case.limit * case.limit;
        let mut cells = Vec::new();
        for offset in [0, middle, last] {
            let url = bench.url(&case, offset, case.limit);
            for _ in 0..3 {
                bench.page(&case, &url).await;
            }
            let mut times = Vec::with_capacity(samples);
            for _ in 0..samples {
                let (count, elapsed) = bench.page(&case, &url).await;
                assert!(count > 0 || total == 0, "{url} is empty");
                times.push(elapsed);
            }
            times.sort_unstable();
            cells.push(format!(
                "{}/{}",
                ms(percentile(&times, 0.5)),
                ms(percentile(&times, 0.99))
            ));
        }
        // The middle page again, its body read as sent (gzip not decoded): the sandbox and the wire
        // without the client's gunzip, beside the full figure.
        let url = bench.url(&case, middle, case.limit);
        let mut times = Vec::with_capacity(samples);
        for _ in 0..samples {
            let elapsed = bench.probe.page_undecoded(case.provider, &url).await;
            times.push(elapsed.expect("a page"));
        }
        times.sort_unstable();
        cells.push(format!(
            "{}/{}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        ));
        println!(
            "{:<14} {:<40} {:>9} {:>17} {:>17} {:>17} {:>17}",
            case.provider.key(),
            format!("{} ×{}", case.label, case.limit),
            total,
            cells[0],
            cells[1],
            cells[2],
            cells[3]
        );
    }
    bench.sb.shutdown().await;
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and must stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(run());
}
