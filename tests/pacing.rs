//! Pacing against the sandbox with limits low enough to reach in seconds (`--rate-limit`-style
//! options): the real client never draws a 429, superseded page fetches never delay the newest one, and
//! CycleSoftware's spent daily budget is said at once instead of sent.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clientele::config::RateLimit;
use clientele::domain::{ErrorKind, ProviderId};
use clientele::providers::Client;
use clientele::providers::rate_limit::margin;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions};

const LIMIT: RateLimit = RateLimit {
    requests: 10,
    per: Duration::from_secs(2),
};

async fn sandbox_with(options: SandboxOptions) -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: 200,
        ..options
    })
    .await
    .unwrap()
}

/// A client as `--demo` builds it: its budget matches the sandbox's.
fn client(sandbox: &RunningSandbox, provider: ProviderId) -> Arc<Client> {
    let settings = clientele::demo::settings(sandbox).unwrap();
    Arc::new(Client::new(settings.provider(provider).unwrap()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_list_calls_draws_no_429_from_any_provider() {
    let sandbox = sandbox_with(SandboxOptions {
        rate_limits: ProviderId::ALL.iter().map(|p| (*p, LIMIT)).collect(),
        ..SandboxOptions::default()
    })
    .await;
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for provider in ProviderId::ALL {
        let client = client(&sandbox, provider);
        for _ in 0..25 {
            let client = client.clone();
            calls.spawn(async move { (provider, client.list(client.first_page()).await) });
        }
    }
    while let Some(done) = calls.join_next().await {
        let (provider, result) = done.unwrap();
        if let Err(error) = result {
            panic!("{provider}: {error}");
        }
    }
    for provider in ProviderId::ALL {
        assert_eq!(sandbox.refused(provider), 0, "{provider} refused some");
    }
    // 25 calls at 10 per 2 s cannot all go in less than two windows: they were paced, not lucky.
    assert!(started.elapsed() >= Duration::from_secs(2));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn superseded_page_fetches_never_delay_the_newest_beyond_a_window() {
    let sandbox = sandbox_with(SandboxOptions {
        rate_limits: vec![(ProviderId::DkHardware, LIMIT)],
        ..SandboxOptions::default()
    })
    .await;
    let client = client(&sandbox, ProviderId::DkHardware);
    // PgDn held down: a new page every 50 ms for 3 s, the previous fetch aborted as the worker does.
    let mut previous: Option<tokio::task::JoinHandle<Instant>> = None;
    let mut asked = Instant::now();
    for _ in 0..60 {
        if let Some(task) = previous.take() {
            task.abort();
        }
        asked = Instant::now();
        let client = client.clone();
        previous = Some(tokio::spawn(async move {
            client.list(client.first_page()).await.unwrap();
            Instant::now()
        }));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let answered = previous.unwrap().await.unwrap();
    let waited = answered.duration_since(asked);
    // One window and its margin at most, plus a second for a loaded machine.
    let bound = LIMIT.per + margin(LIMIT.per) + Duration::from_secs(1);
    assert!(waited <= bound, "the newest page waited {waited:?}");
    assert_eq!(sandbox.refused(ProviderId::DkHardware), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_spent_daily_budget_is_said_at_once_and_shown() {
    let sandbox = sandbox_with(SandboxOptions {
        cs_daily_limit: 2,
        ..SandboxOptions::default()
    })
    .await;
    let client = client(&sandbox, ProviderId::CycleSoftware);
    for _ in 0..2 {
        client.list(client.first_page()).await.unwrap();
    }
    let started = Instant::now();
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert!(
        error.message.contains("daily request budget is spent"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(1), "not held back");
    assert_eq!(
        sandbox.refused(ProviderId::CycleSoftware),
        0,
        "never sent to draw a 429"
    );
    let quota = client.quota();
    let midnight = quota.as_of.div_ceil(86_400) * 86_400;
    assert_eq!(quota.paused_until, Some(midnight));
    sandbox.shutdown().await;
}

#[test]
fn the_sandbox_command_takes_rate_limits_after_the_subcommand() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(["--customers", "10", "sandbox", "--port", "0"])
        .args([
            "--rate-limit",
            "dkhardware=20/10s",
            "--rate-limit",
            "ngorder=5/1s",
        ])
        .env("CLIENTELE_DATA_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut described = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.contains("Ctrl-C stops it");
        described.push_str(&line);
        described.push('\n');
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let dk = described.split("DK Hardware").nth(1).unwrap_or_default();
    assert!(dk.contains("rate limit: 20 per 10 s"), "{described}");
    let ngorder = described.split("Ngorder").nth(1).unwrap_or_default();
    assert!(ngorder.contains("rate limit: 5 per 1 s"), "{described}");

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(["sandbox", "--rate-limit", "dkhardware=0/10s"])
        .env("CLIENTELE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("requests = 0"), "{stderr}");
}
