//! Pages of a running sandbox fetched from outside, over loopback HTTP with the app's client stack
//! (reqwest, gzip) and the demo credentials, timed from sending the request to holding the whole body;
//! decoding it is left out (that is the client's cost). `benches/sandbox.rs` times pages with it, and
//! `clientele --demo sync --json` measures how fast the sandbox serves pages by itself in the same run.

use std::time::{Duration, Instant};

use reqwest::RequestBuilder;
use serde_json::Value;

use super::{RunningSandbox, demo};
use crate::domain::ProviderId;

/// A client for the sandbox's list endpoints, holding a DK Hardware token.
pub struct Probe {
    client: reqwest::Client,
    /// The same stack without gzip decoding, for [`Probe::page_undecoded`].
    raw: reqwest::Client,
    dk_token: String,
}

/// A page as served.
pub struct Served {
    /// Records on the page.
    pub records: usize,
    /// From sending the request to holding the whole body.
    pub elapsed: Duration,
}

impl Probe {
    pub async fn new(sandbox: &RunningSandbox) -> Result<Probe, String> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(crate::providers::http::tls::config()?)
            .build()
            .map_err(|e| e.to_string())?;
        let raw = reqwest::Client::builder()
            .tls_backend_preconfigured(crate::providers::http::tls::config()?)
            .no_gzip()
            .build()
            .map_err(|e| e.to_string())?;
        let dk_token = sandbox.dk_demo_token(&client).await?;
        Ok(Probe {
            client,
            raw,
            dk_token,
        })
    }

    /// The URL of `limit` records of `provider`'s list from record `offset` (0-based) on, with the
    /// list's own `query` (without paging; may be empty).
    pub fn url(
        sandbox: &RunningSandbox,
        provider: ProviderId,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> String {
        let paging = match provider {
            ProviderId::Ngorder => {
                format!("per_page={limit}&pagination_offset={}", offset / limit + 1)
            }
            ProviderId::CycleSoftware => format!("offset={offset}"),
            ProviderId::Guardant | ProviderId::DkHardware => {
                format!("limit={limit}&offset={offset}")
            }
            ProviderId::Reportei => format!("per_page={limit}&page={}", offset / limit + 1),
        };
        let path = match provider {
            ProviderId::Ngorder => "/customer",
            ProviderId::CycleSoftware => "/api/v1/customers/list.json",
            ProviderId::Guardant => "/customers",
            ProviderId::DkHardware => "/v1/customer/",
            ProviderId::Reportei => "/customers",
        };
        let sep = if query.is_empty() { "" } else { "&" };
        format!("{}{path}?{query}{sep}{paging}", sandbox.base_url(provider))
    }

    /// `client`'s request for `url` with `provider`'s demo credentials.
    fn request(&self, client: &reqwest::Client, provider: ProviderId, url: &str) -> RequestBuilder {
        let rb = client.get(url);
        match provider {
            ProviderId::Ngorder => rb.bearer_auth(demo::NGORDER_TOKEN),
            ProviderId::CycleSoftware => rb.basic_auth(
                demo::CYCLESOFTWARE_USERNAME,
                Some(demo::CYCLESOFTWARE_PASSWORD),
            ),
            ProviderId::Guardant => rb.bearer_auth(demo::GUARDANT_TOKEN),
            ProviderId::DkHardware => rb.bearer_auth(&self.dk_token),
            ProviderId::Reportei => rb.bearer_auth(demo::REPORTEI_TOKEN),
        }
    }

    /// Sends one list request and reads the whole answer as sent, gzip asked for and not decoded:
    /// the sandbox's time and the wire's, without the client's gunzip. The time it took.
    pub async fn page_undecoded(
        &self,
        provider: ProviderId,
        url: &str,
    ) -> Result<Duration, String> {
        let t = Instant::now();
        let rb = self.request(&self.raw, provider, url);
        let response = rb
            .header(reqwest::header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        response.bytes().await.map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        if !status.is_success() {
            return Err(format!("{url}: {status}"));
        }
        Ok(elapsed)
    }

    /// Sends one list request and reads the whole answer.
    pub async fn page(&self, provider: ProviderId, url: &str) -> Result<Served, String> {
        let t = Instant::now();
        let rb = self.request(&self.client, provider, url);
        let response = rb.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        if !status.is_success() {
            return Err(format!("{url}: {status}"));
        }
        let body: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{url}: {e}"))?;
        let list = match provider {
            ProviderId::Ngorder | ProviderId::Reportei => &body["data"],
            ProviderId::CycleSoftware | ProviderId::Guardant => &body["customers"],
            ProviderId::DkHardware => &body["payload"],
        };
        Ok(Served {
            records: list.as_array().map_or(0, Vec::len),
            elapsed,
        })
    }

    /// How fast the sandbox serves `provider`'s default list by itself, in customers per second:
    /// `pages` pages of `limit` spread evenly over its `customers`, one after another.
    pub async fn serving_rate(
        &self,
        sandbox: &RunningSandbox,
        provider: ProviderId,
        customers: usize,
        limit: usize,
        pages: usize,
    ) -> Result<f64, String> {
        let (mut records, mut busy) = (0, Duration::ZERO);
        let last = customers.saturating_sub(limit);
        for k in 0..pages.max(1) {
            let offset = last * k / pages.max(1) / limit * limit;
            let served = self
                .page(provider, &Self::url(sandbox, provider, "", offset, limit))
                .await?;
            records += served.records;
            busy += served.elapsed;
        }
        Ok(records as f64 / busy.as_secs_f64().max(1e-9))
    }
}
