//! One TLS configuration for every provider's HTTP client. Left to itself, each `reqwest::Client` loads
//! the system's CA roots when it is built (18–35 ms each here); five of them did so one after another
//! before the first frame. The configuration is built once, on first use, and each client gets a copy
//! (its parts are shared behind `Arc`s): the same verification reqwest sets up by default (the
//! platform's verifier over the system roots, TLS 1.2 and 1.3, ALPN for HTTP/2 and HTTP/1.1).

use std::sync::{Arc, OnceLock};

static SHARED: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();

/// How many times the configuration was built (once per process, whatever the number of clients).
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The shared configuration, built on the first call; `Err` says why the system roots could not be
/// used (every client then fails to build with that reason, as reqwest's own loading would).
pub fn config() -> Result<rustls::ClientConfig, String> {
    SHARED.get_or_init(build).clone()
}

fn build() -> Result<rustls::ClientConfig, String> {
    BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // reqwest's choice: the process's default provider if one is installed, else aws-lc-rs.
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| format!("cannot load the system's CA roots: {e}"))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .dangerous()
        // Not dangerous: the platform verifier is the full check reqwest uses by default.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::{Credentials, ProviderSettings, Secret};
    use crate::domain::ProviderId;
    use crate::providers::Client;

    #[test]
    fn every_client_shares_one_tls_configuration() {
        for id in ProviderId::ALL {
            let settings = ProviderSettings {
                id,
                base_url: "https://127.0.0.1:9".into(),
                credentials: Ok(Credentials::Bearer {
                    token: Secret::new("t"),
                }),
                connect_timeout: Duration::from_secs(1),
                timeout: Duration::from_secs(1),
                page_size: 10,
                max_body_bytes: 1024,
                rate_limit: None,
                mirror: false,
            };
            assert!(Client::new(&settings).is_ok(), "{id}'s client builds");
        }
        // Five clients (and any other test's), one load of the CA roots.
        assert_eq!(BUILT.load(std::sync::atomic::Ordering::Relaxed), 1);
    }
}
