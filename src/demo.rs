//! `--demo`: the app's settings pointed at an embedded sandbox with its demo credentials.

use crate::config::{ConfigError, Settings};
use crate::domain::ProviderId;
use crate::sandbox::{RunningSandbox, demo};

/// The demo config shipped in `config/demo.toml`.
pub const DEMO_CONFIG: &str = include_str!("../config/demo.toml");
const DEMO_ORIGIN: &str = "config/demo.toml (built in)";

/// The demo config's secret variables, answered with the sandbox's demo credentials so nothing has to
/// be exported to try the app.
fn demo_secret(name: &str) -> Option<String> {
    let value = match name {
        "CLIENTELE_DEMO_NGORDER_TOKEN" => demo::NGORDER_TOKEN,
        "CLIENTELE_DEMO_CYCLESOFTWARE_PASSWORD" => demo::CYCLESOFTWARE_PASSWORD,
        "CLIENTELE_DEMO_GUARDANT_TOKEN" => demo::GUARDANT_TOKEN,
        "CLIENTELE_DEMO_DK_CLIENT_SECRET" => demo::DK_CLIENT_SECRET,
        "CLIENTELE_DEMO_REPORTEI_TOKEN" => demo::REPORTEI_TOKEN,
        _ => return None,
    };
    Some(value.to_string())
}

/// Settings for every provider, each pointed at `sandbox`.
pub fn settings(sandbox: &RunningSandbox) -> Result<Settings, ConfigError> {
    let mut settings = Settings::parse(DEMO_CONFIG, DEMO_ORIGIN, &demo_secret)?;
    for provider in ProviderId::ALL {
        let token_url = (provider == ProviderId::DkHardware).then(|| sandbox.dk_token_url());
        settings.point_at(provider, sandbox.base_url(provider), token_url);
    }
    // The app's budget matches the fakes' `--rate-limit`.
    for provider in &mut settings.providers {
        provider.rate_limit = sandbox.rate_limit(provider.id);
    }
    Ok(settings)
}

/// Put the columns the demo's picker saved (`path`, if there is one) in place of the built-in ones.
pub fn use_saved_columns(
    settings: &mut Settings,
    path: &std::path::Path,
) -> Result<(), ConfigError> {
    for (provider, columns) in crate::config::load_saved_columns(path)? {
        settings.ui.columns.retain(|(id, _)| *id != provider);
        settings.ui.columns.push((provider, columns));
    }
    Ok(())
}
