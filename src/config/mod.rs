//! Configuration: a TOML file (the user's, `--config PATH`, or the demo's), validated into
//! [`Settings`]. Secrets are never in the file: it names environment variables that hold them, so the file
//! can be shared.

mod columns_file;
mod file;
mod rate_limit;
mod secret;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use columns_file::{
    ColumnsFile, DEMO_COLUMNS_FILE, load_saved_columns, save_columns, shown_path, with_columns,
};
pub use file::{AuthConfig, ConfigFile, ProviderConfig};
pub use rate_limit::{RateLimit, RateLimitConfig};
pub use secret::Secret;

use crate::app::keymap::Key;
use crate::app::{Action, Mode};
use crate::domain::ProviderId;

/// A config that cannot be used, as one line naming the file, the key and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {key}: {problem}")]
pub struct ConfigError {
    pub origin: String,
    pub key: String,
    pub problem: String,
}

/// How to authenticate with a provider, with secrets resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    Bearer {
        token: Secret,
    },
    Basic {
        username: String,
        password: Secret,
    },
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
        token_url: String,
        scope: String,
    },
}

/// Everything the worker needs to talk to one provider.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderSettings {
    pub id: ProviderId,
    pub base_url: String,
    /// The credentials, or why they could not be resolved (shown in the provider's tab, not fatal to the
    /// other providers).
    pub credentials: Result<Credentials, String>,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub page_size: u32,
    /// Answers longer than this (after decompression) are abandoned with an error.
    pub max_body_bytes: u64,
    /// The account's own request budget, replacing the documented one (`rate_limit` in the table).
    pub rate_limit: Option<RateLimit>,
    /// Keep this provider's customers in the local mirror (`mirror = false` in its table: never).
    pub mirror: bool,
}

/// DK Hardware's scopes that allow changes; a read-only run asks for none of them.
const WRITE_SCOPES: [&str; 3] = ["customers:create", "customers:update", "customers:status"];

impl ProviderSettings {
    /// These settings for a run that changes nothing: an OAuth token request asks only for the read
    /// scopes, so even a token that leaked could not change anything.
    pub fn without_write_scopes(&self) -> ProviderSettings {
        let mut settings = self.clone();
        if let Ok(Credentials::ClientCredentials { scope, .. }) = &mut settings.credentials {
            *scope = scope
                .split_whitespace()
                .filter(|s| !WRITE_SCOPES.contains(s))
                .collect::<Vec<_>>()
                .join(" ");
        }
        settings
    }
}

/// The validated configuration of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Enabled providers in tab order.
    pub providers: Vec<ProviderSettings>,
    pub origin: String,
    pub ui: UiSettings,
}

/// How the UI is set up: chosen table columns and rebound keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiSettings {
    /// Table columns per provider, replacing the defaults (field keys of its schema).
    pub columns: Vec<(ProviderId, Vec<&'static str>)>,
    /// Keys bound to actions per mode, replacing that action's default keys.
    pub keys: Vec<(Mode, Action, Vec<Key>)>,
    /// Nothing may be changed at any provider (`--read-only`, or `read_only = true` under `[ui]`).
    pub read_only: bool,
    /// Nothing may be changed at these providers (`read_only = true` in a provider's table).
    pub read_only_providers: Vec<ProviderId>,
    /// The colours (`[ui] theme`), or none when `NO_COLOR` is set.
    pub theme: Theme,
}

/// The palette chosen in the config (`[ui] theme = "light"`), or none for `NO_COLOR`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Dark,
    Light,
    /// `NO_COLOR` is set: no colour escape at all.
    #[serde(skip)]
    NoColor,
}

impl Theme {
    /// The theme of a run: the config's, unless `NO_COLOR` is set (to anything but empty).
    pub fn resolve(configured: Theme, no_color: Option<&str>) -> Theme {
        match no_color {
            Some(value) if !value.is_empty() => Theme::NoColor,
            _ => configured,
        }
    }
}

impl UiSettings {
    pub fn is_read_only(&self, provider: ProviderId) -> bool {
        self.read_only || self.read_only_providers.contains(&provider)
    }
}

/// Where clientele keeps its files: the user's config, logs, drafts and the token vault.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// XDG locations (via `directories`), overridable with `CLIENTELE_CONFIG` and `CLIENTELE_DATA_DIR`
    /// so tests and scripts can keep their files apart.
    pub fn discover() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "clientele");
        let config_file = std::env::var_os("CLIENTELE_CONFIG")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("config.toml")))
            .unwrap_or_else(|| PathBuf::from("clientele.toml"));
        let data_dir = std::env::var_os("CLIENTELE_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".clientele"));
        Paths {
            config_file,
            data_dir,
        }
    }

    /// The demo's own data directory, inside the usual one: its drafts, tokens, submissions and log
    /// must never meet real use (a demo draft saved under a real config would send demo data to
    /// production, and the demo's tokens would go to the real provider).
    pub fn for_demo(mut self) -> Paths {
        self.data_dir = self.data_dir.join("demo");
        self
    }
}

impl Settings {
    /// `providers` at a local port nothing listens on, `page_size` a page: the app with no network
    /// at all, for update tests, view snapshots and the render bench.
    pub fn unreachable(providers: &[ProviderId], page_size: u32, origin: &str) -> Settings {
        Settings {
            providers: providers
                .iter()
                .map(|&id| ProviderSettings {
                    id,
                    base_url: "http://127.0.0.1:9".into(),
                    credentials: Ok(Credentials::Bearer {
                        token: Secret::new("t"),
                    }),
                    connect_timeout: Duration::from_secs(1),
                    timeout: Duration::from_secs(1),
                    page_size,
                    max_body_bytes: 16 * 1024 * 1024,
                    rate_limit: None,
                    mirror: true,
                })
                .collect(),
            origin: origin.into(),
            ui: Default::default(),
        }
    }

    /// Read and validate the config file at `path`.
    pub fn load(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let origin = path.display().to_string();
        let fail = |problem: String| ConfigError {
            origin: origin.clone(),
            key: "(file)".into(),
            problem,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        // Whoever can write the file can point base_url elsewhere and collect the tokens.
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(path)
                .map_err(|e| fail(format!("cannot read it: {e}")))?
                .permissions(),
        );
        if mode & 0o022 != 0 {
            return Err(fail(format!(
                "others can change it (mode {:o}), and with it where your tokens go: chmod 600 {origin}",
                mode & 0o777
            )));
        }
        Settings::parse(&text, &origin, env)
    }

    /// Validate config `text`; `origin` names it in errors; `env` looks up the secrets' variables.
    pub fn parse(
        text: &str,
        origin: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let file = ConfigFile::parse(text, origin)?;
        file.resolve(origin, env)
    }

    pub fn provider(&self, id: ProviderId) -> Option<&ProviderSettings> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// Point a provider at another server (the demo points every provider at the embedded sandbox).
    pub fn point_at(&mut self, id: ProviderId, base_url: String, token_url: Option<String>) {
        for provider in self.providers.iter_mut().filter(|p| p.id == id) {
            provider.base_url.clone_from(&base_url);
            if let (Some(url), Ok(Credentials::ClientCredentials { token_url, .. })) =
                (&token_url, &mut provider.credentials)
            {
                token_url.clone_from(url);
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_risky;
