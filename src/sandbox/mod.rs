//! The embedded sandbox: a stateful fake of all five provider customer APIs on one loopback port.
//!
//! Every provider is served under its own path prefix (see [`RunningSandbox::base_url`]) and checks its
//! own demo credentials (see [`demo`]). Data is generated deterministically from
//! [`SandboxOptions::seed`]: the same seed gives the same customers. Generated records are not stored;
//! they are computed from their index on demand, and only records created, changed or deleted through the
//! API are kept, so a million customers per provider start in well under a second.
//!
//! # Fixed records tests can rely on
//! The first records of every data set are fixed (when `customers_per_provider` is large enough):
//! - Ngorder: id 101 "Budi Santoso", id 102 "Siti Rahayu".
//! - CycleSoftware: id 1001 "Giel van Wijgergangs" (last name `Wijgergangs`, Belgian, no `company_name`),
//!   id 1002 company "Fietsenmakerij De Spaak".
//! - Guardant Station: id 1 "Иван Петров" (lastname `Петров`), id 2 company "ООО «Ромашка»".
//! - DK Hardware: id "21001" "Some Person" (`some.email@some.site`).
//! - Reportei Connect: the first customer is "Agência Aurora".
//!
//! # Faults
//! [`Faults`] are applied per request by a middleware ([`faults`]) with a random generator seeded from
//! the seed; bodies use the provider's own error shape.

mod cyclesoftware;
mod dkhardware;
mod faults;
mod guardant;
mod gzip;
mod index;
mod json_out;
mod limits;
mod net;
mod ngorder;
pub mod probe;
mod reportei;
mod store;
mod util;
mod words;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::RateLimit;
use crate::domain::ProviderId;

/// Demo credentials the sandbox accepts. The app's demo config and the tests use these constants.
pub mod demo {
    pub const NGORDER_TOKEN: &str = "ngorder-demo-token";
    pub const CYCLESOFTWARE_USERNAME: &str = "demo";
    pub const CYCLESOFTWARE_PASSWORD: &str = "cyclesoftware-demo-password";
    pub const GUARDANT_TOKEN: &str = "guardant-demo-token"; // Bearer
    pub const GUARDANT_USERNAME: &str = "demo"; // or HTTP Basic
    pub const GUARDANT_PASSWORD: &str = "guardant-demo-password";
    pub const DK_CLIENT_ID: &str = "dk-demo-client";
    pub const DK_CLIENT_SECRET: &str = "dk-demo-secret";
    pub const REPORTEI_TOKEN: &str = "reportei-demo-token";
}

/// How to start the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Default 127.0.0.1:0 (a random free port).
    pub bind: SocketAddr,
    /// Generated customers per provider, default 3000.
    pub customers_per_provider: usize,
    /// Default 42; the same seed gives the same data.
    pub seed: u64,
    /// Default: none.
    pub faults: Faults,
    /// Time between DK submission states, default 1 s.
    pub dk_step: Duration,
    /// DK OAuth token lifetime, default 300 s.
    pub dk_token_ttl: Duration,
    /// CycleSoftware moving-minute limit, default 360.
    pub cs_minute_limit: u32,
    /// CycleSoftware daily limit, default 15000.
    pub cs_daily_limit: u32,
    /// DK reads per client per minute (fixed window), default 200.
    pub dk_reads_per_minute: u32,
    /// DK writes (create/update) per client per minute, default 100.
    pub dk_writes_per_minute: u32,
    /// `--rate-limit`: each listed fake's windows become N per S, counted as that provider counts them
    /// (CycleSoftware's moving window, DK's fixed read and write windows); a provider whose docs give
    /// no limit gets a moving window over every request. Default: none (the documented limits).
    pub rate_limits: Vec<(ProviderId, RateLimit)>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            customers_per_provider: 3000,
            seed: 42,
            faults: Faults::default(),
            dk_step: Duration::from_secs(1),
            dk_token_ttl: Duration::from_secs(300),
            cs_minute_limit: 360,
            cs_daily_limit: 15000,
            dk_reads_per_minute: 200,
            dk_writes_per_minute: 100,
            rate_limits: Vec::new(),
        }
    }
}

/// Faults injected per request. Rates are shares in `0..=1`, rolled independently in the order
/// hang, drop, rate limit, error, malformed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Faults {
    /// Added to every response.
    pub latency_ms: u64,
    /// Share of requests answered 500/502/503 in the provider's error shape.
    pub error_rate: f64,
    /// Share of requests that never answer (sleep for an hour, or until shutdown).
    pub hang_rate: f64,
    /// Share answered 200 with a truncated / non-JSON body (sometimes an HTML error page).
    pub malformed_rate: f64,
    /// Share whose connection is closed without a response (after reading the request).
    pub drop_rate: f64,
    /// Share answered 429 in the provider's shape (with `Retry-After: 1`).
    pub rate_limit_rate: f64,
    /// If set, faults apply to this provider only.
    pub only: Option<ProviderId>,
    /// Failures (all but the latency) hit writes only, every method but GET and HEAD: pages load, and
    /// a write's answer is what breaks, as when testing how an unknown outcome is checked.
    #[serde(default)]
    pub writes_only: bool,
}

/// State every provider and the fault layer share.
pub(crate) struct Shared {
    pub faults: Mutex<Faults>,
    pub fault_rng: Mutex<SmallRng>,
    pub shutdown: watch::Receiver<bool>,
    pub refused: limits::Refused,
}

/// A sandbox serving on loopback. Dropping it without [`RunningSandbox::shutdown`] leaves the server
/// running until the runtime ends.
pub struct RunningSandbox {
    addr: SocketAddr,
    rate_limits: Vec<(ProviderId, RateLimit)>,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// Starts the sandbox and returns once it is listening.
pub async fn start(options: SandboxOptions) -> Result<RunningSandbox, std::io::Error> {
    let (stop, shutdown) = watch::channel(false);
    let shared = Arc::new(Shared {
        faults: Mutex::new(options.faults.clone()),
        fault_rng: Mutex::new(SmallRng::seed_from_u64(options.seed ^ 0xFA17_FA17)),
        shutdown: shutdown.clone(),
        refused: limits::Refused::default(),
    });
    let app = router(&options, shared.clone());
    let listener = net::KillableListener::bind(options.bind).await?;
    let addr = listener.local_addr();
    let mut signal = shutdown;
    let task = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<net::ConnInfo>();
        let graceful = async move {
            let _ = signal.wait_for(|stopped| *stopped).await;
        };
        if let Err(error) = axum::serve(listener, service)
            .with_graceful_shutdown(graceful)
            .await
        {
            tracing::warn!(%error, "sandbox server ended with an error");
        }
    });
    tracing::info!(%addr, "sandbox listening");
    Ok(RunningSandbox {
        addr,
        rate_limits: ProviderId::ALL
            .into_iter()
            .filter_map(|p| Some((p, options.rate_limit(p)?)))
            .collect(),
        shared,
        stop,
        task,
    })
}

fn router(options: &SandboxOptions, shared: Arc<Shared>) -> Router {
    let n = options.customers_per_provider.min(u32::MAX as usize / 2) as u32;
    Router::new()
        .nest("/ngorder/api/open", ngorder::router(options.seed, n))
        .nest("/cyclesoftware", cyclesoftware::router(options, n))
        .nest("/guardant/v1.0", guardant::router(options.seed, n))
        .nest("/dkhardware", dkhardware::router(options, n))
        .nest("/reportei/api", reportei::router(options.seed, n))
        .layer(axum::middleware::from_fn_with_state(
            limits::undocumented(options),
            limits::enforce_undocumented,
        ))
        // Inside the fault layer: counts the fakes' own 429s, not injected ones.
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            limits::count_refused,
        ))
        .layer(axum::middleware::from_fn_with_state(
            shared,
            faults::fault_layer,
        ))
        // The fastest gzip level: a sync pages every record, and compressing is a large share of
        // serving a page (see benches/sandbox.rs).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
}

impl RunningSandbox {
    /// The bound address (useful when binding port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The provider's API base URL, without a trailing slash.
    pub fn base_url(&self, provider: ProviderId) -> String {
        let prefix = match provider {
            ProviderId::Ngorder => "/ngorder/api/open",
            ProviderId::CycleSoftware => "/cyclesoftware",
            ProviderId::Guardant => "/guardant/v1.0",
            ProviderId::DkHardware => "/dkhardware",
            ProviderId::Reportei => "/reportei/api",
        };
        format!("http://{}{}", self.addr, prefix)
    }

    /// The DK Hardware OAuth token endpoint.
    pub fn dk_token_url(&self) -> String {
        format!(
            "http://{}/dkhardware/auth/realms/dkh/protocol/openid-connect/token",
            self.addr
        )
    }

    /// A DK Hardware access token for the demo's client credentials, asked with `client` (probes,
    /// benches and tests that call the fake directly).
    pub async fn dk_demo_token(&self, client: &reqwest::Client) -> Result<String, String> {
        let body: serde_json::Value = client
            .post(self.dk_token_url())
            .form(&[
                ("client_id", demo::DK_CLIENT_ID),
                ("client_secret", demo::DK_CLIENT_SECRET),
                ("grant_type", "client_credentials"),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        body["access_token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no access_token in {body}"))
    }

    /// Requests `provider`'s fake refused with 429 for its rate limit so far (injected 429s aside).
    pub fn refused(&self, provider: ProviderId) -> u64 {
        self.shared.refused.get(provider)
    }

    /// The limit `--rate-limit` set for `provider` (`--demo` paces the app to it).
    pub fn rate_limit(&self, provider: ProviderId) -> Option<RateLimit> {
        self.rate_limits
            .iter()
            .find(|(p, _)| *p == provider)
            .map(|(_, limit)| *limit)
    }

    /// Changes the injected faults at runtime.
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// Each provider's base URL and demo credentials, one block per provider.
    pub fn describe(&self) -> String {
        let mut out = format!("clientele sandbox on http://{}\n", self.addr);
        for provider in ProviderId::ALL {
            let creds = match provider {
                ProviderId::Ngorder => format!("bearer token {}", demo::NGORDER_TOKEN),
                ProviderId::CycleSoftware => format!(
                    "basic auth {} / {}",
                    demo::CYCLESOFTWARE_USERNAME,
                    demo::CYCLESOFTWARE_PASSWORD
                ),
                ProviderId::Guardant => format!(
                    "bearer token {} or basic auth {} / {}",
                    demo::GUARDANT_TOKEN,
                    demo::GUARDANT_USERNAME,
                    demo::GUARDANT_PASSWORD
                ),
                ProviderId::DkHardware => format!(
                    "client credentials {} / {}, token URL {}",
                    demo::DK_CLIENT_ID,
                    demo::DK_CLIENT_SECRET,
                    self.dk_token_url()
                ),
                ProviderId::Reportei => format!("bearer token {}", demo::REPORTEI_TOKEN),
            };
            out.push_str(&format!(
                "{}\n  base URL: {}\n  credentials: {}\n",
                provider.display_name(),
                self.base_url(provider),
                creds
            ));
            if let Some(limit) = self.rate_limit(provider) {
                out.push_str(&format!("  rate limit: {limit}\n"));
            }
        }
        out
    }

    /// Stops accepting, releases hanging requests and waits (up to 5 s) for open connections to end.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(Duration::from_secs(5), &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

/// The `idx`th of `n` customers the sandbox generates for `provider` with `seed`, as its list answers
/// it (edits made through the API aside): a mirror can be built from it without HTTP (benches).
pub fn generated_customer(provider: ProviderId, seed: u64, n: u32, idx: u32) -> serde_json::Value {
    match provider {
        ProviderId::Ngorder => ngorder::generated(seed, n, idx),
        ProviderId::CycleSoftware => cyclesoftware::generated(seed, n, idx),
        ProviderId::Guardant => guardant::generated(seed, idx),
        ProviderId::DkHardware => dkhardware::generated(seed, n, idx),
        ProviderId::Reportei => reportei::generated(seed, idx),
    }
}
