//! The shared transport under faults: which failures are retried (and how often), which are never
//! repeated, timeouts, unreadable bodies, OAuth token renewal and the quota the provider reports.
//! Scripted faults use a recording fake (wiremock) or a raw TCP listener; random ones the sandbox.

mod dk_tokens;
#[path = "../fake/mod.rs"]
mod fake;
mod quota;
mod reads;
mod writes;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clientele::config::{Credentials, ProviderSettings, Secret};
use clientele::domain::{ErrorKind, ProviderId};
use clientele::providers::{Client, Saved};
use clientele::sandbox::{self, Faults, RunningSandbox, SandboxOptions};
use fake::*;
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{header as has_header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

fn reportei(base: &str, timeout: Duration) -> Client {
    Client::new(&settings(
        ProviderId::Reportei,
        format!("{base}/api"),
        bearer("merchant-key"),
        timeout,
    ))
    .unwrap()
}

fn name(value: &str) -> Vec<(String, clientele::domain::Value)> {
    vec![("name".into(), clientele::domain::Value::Text(value.into()))]
}

fn reportei_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "message": message }))
}

async fn sandbox_with(faults: Faults) -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: 40,
        seed: 5,
        faults,
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

fn sandbox_settings(sandbox: &RunningSandbox, provider: ProviderId) -> ProviderSettings {
    clientele::demo::settings(sandbox)
        .unwrap()
        .provider(provider)
        .unwrap()
        .clone()
}
