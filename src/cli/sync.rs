//! `clientele sync` (page every provider's customers into the mirror) and `clientele mirror purge`.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use clap::{Args, Subcommand};
use color_eyre::eyre::{WrapErr, eyre};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::config::{ProviderSettings, Settings};
use crate::domain::ProviderId;
use crate::providers::Client;
use crate::providers::rate_limit::Budget;
use crate::sandbox::RunningSandbox;
use crate::store::{FILE_NAME, SqliteBackend, Store};
use crate::sync::{self, Progress, Report, SyncError, SyncOptions, bound_seconds};

use super::sync_figures;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this provider (repeatable); default: every configured provider whose mirror is on.
    #[arg(long = "provider", value_name = "P")]
    pub providers: Vec<String>,
    /// A full pass (finds deleted customers) even where an incremental one would do.
    #[arg(long)]
    pub full: bool,
    /// Print each provider's figures as one JSON document instead of lines.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MirrorCommand {
    /// Delete mirrored customers and sync state (every provider's unless --provider is given).
    Purge {
        #[arg(long = "provider", value_name = "P")]
        providers: Vec<String>,
    },
}

/// Run the sync of the chosen providers side by side until each is complete or failed; `Ok(true)`
/// when every one succeeded. `sandbox`: the `--demo` sandbox the settings point at, whose own page
/// rate `--json` reports for providers without a budget.
pub async fn sync(
    settings: &Settings,
    data_dir: &Path,
    args: &SyncArgs,
    sandbox: Option<&RunningSandbox>,
) -> color_eyre::Result<bool> {
    let chosen = choose(settings, &args.providers)?;
    let store = Store::open(data_dir).wrap_err("cannot open the local store")?;
    if let Some(sandbox) = sandbox {
        sync_figures::sandbox_ready(sandbox).await;
    }
    let memory = sync_figures::Memory::start();
    let bars = MultiProgress::with_draw_target(if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    });
    let options = SyncOptions { full: args.full };
    let mut tasks = Vec::new();
    for provider in chosen {
        // The sync only reads: a token it asks for allows nothing else.
        let client = Client::new(&provider.without_write_scopes())
            .map_err(|e| eyre!("{}: {}", provider.id, e))?
            .unattended();
        let bar = bars.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>14} {bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_prefix(provider.id.key());
        bar.enable_steady_tick(Duration::from_millis(200));
        let (store, options) = (store.clone(), options.clone());
        let budgets = Budget::with_limit(client.spec().budgets, provider.rate_limit);
        let page_size = client
            .spec()
            .mirror
            .page_size
            .unwrap_or_else(|| client.first_page().size);
        let start = unix_now();
        tasks.push((
            (provider.id, budgets, start, page_size),
            tokio::spawn(async move {
                let mut shown = |p: &Progress| show(&bar, p);
                let result = sync::run(&client, &store, &options, &mut shown).await;
                bar.finish();
                result
            }),
        ));
    }
    let mut results = Vec::new();
    let mut unbudgeted = Vec::new();
    for ((provider, budgets, start, page_size), task) in tasks {
        let result = task
            .await
            .unwrap_or_else(|e| Err(SyncError::Loop(format!("the sync task failed: {e}"))));
        let bound = result
            .as_ref()
            .map_or(0.0, |r| bound_seconds(&budgets, r.traffic.requests, start));
        // The sandbox's own rate is the yardstick only where no budget is (its pages would spend it).
        unbudgeted.push(budgets.is_empty().then_some(page_size));
        results.push((provider, result.map(|r| (r, bound))));
    }
    bars.clear().ok();
    let memory = memory.finish();
    if args.json {
        // After every sync: the sandbox's own rate, timed with nothing else running.
        let mut rates = Vec::new();
        for ((provider, result), page_size) in results.iter().zip(unbudgeted) {
            let rate = match (sandbox, result, page_size) {
                (Some(sandbox), Ok((report, _)), Some(page_size)) => {
                    sync_figures::sandbox_rate(sandbox, *provider, report.customers, page_size)
                        .await
                }
                _ => None,
            };
            rates.push(rate);
        }
        print_json(&results, &rates, memory);
    } else {
        print(&results);
    }
    Ok(results.iter().all(|(_, r)| r.is_ok()))
}

fn show(bar: &ProgressBar, progress: &Progress) {
    if let Some(total) = progress.total {
        bar.set_length(total);
    }
    bar.set_position(progress.customers);
    bar.set_message(format!(
        "{} pass · {} requests · {} × 429",
        progress.kind.as_str(),
        progress.traffic.requests,
        progress.traffic.rate_limited
    ));
}

/// Each provider's report with the least time its budget allowed for the requests sent.
type Outcome = Result<(Report, f64), SyncError>;

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn print_errors(results: &[(ProviderId, Outcome)]) {
    for (provider, result) in results {
        if let Err(error) = result {
            eprintln!("clientele sync: {provider}: {error}");
        }
    }
}

/// The `--json` document; `sandbox_rates`: per provider, the sandbox's own customers per second where
/// measured.
fn print_json(results: &[(ProviderId, Outcome)], sandbox_rates: &[Option<f64>], memory: Value) {
    print_errors(results);
    let providers: Vec<_> = results
        .iter()
        .zip(sandbox_rates)
        .map(|((provider, result), sandbox_rate)| match result {
            Ok((report, bound)) => {
                let seconds = report.elapsed.as_secs_f64();
                let mut figures = json!({
                    "provider": provider.key(),
                    "customers": report.customers,
                    "requests": report.traffic.requests,
                    "rate_limited": report.traffic.rate_limited,
                    "seconds": round(seconds),
                    "bound_seconds": round(*bound),
                    "kind": report.kind.as_str(),
                    "gone": report.gone,
                    "customers_per_second": (report.customers as f64 / seconds.max(1e-9)).round(),
                });
                if let (Some(rate), Some(object)) = (sandbox_rate, figures.as_object_mut()) {
                    object.insert("sandbox_customers_per_second".into(), json!(rate));
                }
                figures
            }
            Err(error) => json!({"provider": provider.key(), "error": error.to_string()}),
        })
        .collect();
    println!("{}", json!({ "providers": providers, "rss": memory }));
}

fn print(results: &[(ProviderId, Outcome)]) {
    print_errors(results);
    for (provider, result) in results {
        if let Ok((report, _)) = result {
            println!(
                "{}: {} customers mirrored ({} pass{}), {} requests, {} × 429, {:.1} s",
                provider.key(),
                report.customers,
                report.kind.as_str(),
                if report.gone > 0 {
                    format!(", {} gone", report.gone)
                } else {
                    String::new()
                },
                report.traffic.requests,
                report.traffic.rate_limited,
                report.elapsed.as_secs_f64()
            );
        }
    }
}

fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// The providers to sync: those named (each must be configured, its mirror on), or every configured
/// one whose mirror is on.
fn choose<'a>(
    settings: &'a Settings,
    named: &[String],
) -> color_eyre::Result<Vec<&'a ProviderSettings>> {
    if named.is_empty() {
        return Ok(settings.providers.iter().filter(|p| p.mirror).collect());
    }
    named
        .iter()
        .map(|key| {
            let id = provider_id(key)?;
            let provider = settings
                .provider(id)
                .ok_or_else(|| eyre!("{key} is not configured ({})", settings.origin))?;
            if !provider.mirror {
                return Err(eyre!("{key} has `mirror = false` in {}", settings.origin));
            }
            Ok(provider)
        })
        .collect()
}

fn provider_id(key: &str) -> color_eyre::Result<ProviderId> {
    ProviderId::from_key(key).ok_or_else(|| {
        let known: Vec<_> = ProviderId::ALL.iter().map(|p| p.key()).collect();
        eyre!("unknown provider {key:?} (known: {})", known.join(", "))
    })
}

/// `clientele mirror purge`: delete mirrored data from the store in `data_dir`.
pub fn mirror(data_dir: &Path, command: &MirrorCommand) -> color_eyre::Result<()> {
    let MirrorCommand::Purge { providers } = command;
    let ids = providers
        .iter()
        .map(|key| provider_id(key))
        .collect::<color_eyre::Result<Vec<_>>>()?;
    let path = data_dir.join(FILE_NAME);
    if !path.exists() {
        println!("Nothing is mirrored in {}.", data_dir.display());
        return Ok(());
    }
    let mut backend = SqliteBackend::open(&path)?;
    let deleted = if ids.is_empty() {
        crate::store::Backend::purge_mirror(&mut backend, None)?
    } else {
        let mut deleted = 0;
        for id in &ids {
            deleted += crate::store::Backend::purge_mirror(&mut backend, Some(id.key()))?;
        }
        deleted
    };
    println!(
        "Deleted {deleted} mirrored customers ({}) from {}.",
        if ids.is_empty() {
            "every provider".to_string()
        } else {
            providers.join(", ")
        },
        path.display()
    );
    Ok(())
}
