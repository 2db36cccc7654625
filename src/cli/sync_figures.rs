//! Figures `clientele sync --json` adds for judging a run: the process's memory, and on `--demo` how
//! fast the sandbox serves pages by itself (the yardstick for providers without a rate budget, whose
//! `bound_seconds` is 0).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::domain::ProviderId;
use crate::sandbox::RunningSandbox;
use crate::sandbox::probe::Probe;

/// Pages timed per provider for the sandbox's own rate.
const PROBE_PAGES: usize = 200;
/// How often the resident size is sampled during the sync.
const SAMPLE_EVERY: Duration = Duration::from_millis(250);

/// A field of `/proc/self/status` in kB (`VmRSS`: resident now, `VmHWM`: the peak so far); `None`
/// where there is no such file (not Linux).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse().ok())
}

fn mb(kb: u64) -> f64 {
    (kb as f64 / 1024.0 * 10.0).round() / 10.0
}

/// The resident size before the sync and the highest sampled while it ran: what the sync itself
/// adds, apart from what was there before (on `--demo`, the sandbox's data and indexes).
pub struct Memory {
    before_kb: Option<u64>,
    peak_kb: Arc<AtomicU64>,
    sampler: tokio::task::JoinHandle<()>,
}

impl Memory {
    pub fn start() -> Memory {
        let before_kb = status_kb("VmRSS");
        let peak_kb = Arc::new(AtomicU64::new(before_kb.unwrap_or(0)));
        let sampler = tokio::spawn({
            let peak_kb = peak_kb.clone();
            async move {
                loop {
                    tokio::time::sleep(SAMPLE_EVERY).await;
                    if let Some(kb) = status_kb("VmRSS") {
                        peak_kb.fetch_max(kb, Ordering::Relaxed);
                    }
                }
            }
        });
        Memory {
            before_kb,
            peak_kb,
            sampler,
        }
    }

    /// `{"before_sync_mb", "peak_during_sync_mb", "peak_process_mb"}`, in MB; null where unknown.
    pub fn finish(self) -> Value {
        self.sampler.abort();
        if let Some(kb) = status_kb("VmRSS") {
            self.peak_kb.fetch_max(kb, Ordering::Relaxed);
        }
        json!({
            "before_sync_mb": self.before_kb.map(mb),
            "peak_during_sync_mb": self.before_kb.map(|_| mb(self.peak_kb.load(Ordering::Relaxed))),
            "peak_process_mb": status_kb("VmHWM").map(mb),
        })
    }
}

/// On `--demo`: let the sandbox finish building its indexes (a page of each indexed listing waits for
/// them), so the sync's figures start from a sandbox serving at full speed. Not DK Hardware's: its
/// fixed window would count the page against the sync's budget without the sync knowing (the sync's
/// first page waits for that index instead). CycleSoftware's answers say how much of its window others
/// used, so the sync counts this page.
pub async fn sandbox_ready(sandbox: &RunningSandbox) {
    let Ok(probe) = Probe::new(sandbox).await else {
        return;
    };
    let listings = [
        (ProviderId::Ngorder, "order_by=LAST_ORDER"),
        (
            ProviderId::CycleSoftware,
            "modified_since=2016-01-01%2000:00:00",
        ),
        (ProviderId::Guardant, "type=company"),
    ];
    for (provider, query) in listings {
        let url = Probe::url(sandbox, provider, query, 0, 1);
        if let Err(error) = probe.page(provider, &url).await {
            tracing::info!(%provider, error, "sandbox warm-up page failed");
        }
    }
}

/// On `--demo`: customers per second the sandbox serves `provider` by itself, on pages of `limit`
/// spread over its `customers`, timed after the sync (nothing else running).
pub async fn sandbox_rate(
    sandbox: &RunningSandbox,
    provider: ProviderId,
    customers: u64,
    limit: u32,
) -> Option<f64> {
    let probe = Probe::new(sandbox).await.ok()?;
    let rate = probe
        .serving_rate(
            sandbox,
            provider,
            customers as usize,
            limit as usize,
            PROBE_PAGES,
        )
        .await;
    match rate {
        Ok(rate) => Some(rate.round()),
        Err(error) => {
            tracing::info!(%provider, error, "could not time the sandbox's pages");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_read_where_linux_tells_it() {
        if cfg!(target_os = "linux") {
            let rss = status_kb("VmRSS").expect("VmRSS on Linux");
            let peak = status_kb("VmHWM").expect("VmHWM on Linux");
            assert!(rss > 0 && peak >= rss, "rss {rss} kB, peak {peak} kB");
        }
        assert_eq!(status_kb("NoSuchField"), None);
    }
}
