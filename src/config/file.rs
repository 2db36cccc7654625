//! The config file as written by people, and its validation into [`Settings`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use super::{
    ConfigError, Credentials, ProviderSettings, RateLimit, RateLimitConfig, Secret, Settings,
    UiSettings,
};
use crate::app::keymap::Key;
use crate::app::{Action, Mode};
use crate::domain::ProviderId;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Keyed by provider key (`ngorder`, `cyclesoftware`, `guardant`, `dkhardware`, `reportei`).
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderConfig>,
    #[serde(default)]
    pub ui: UiConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    /// `[ui.keys.browse]` `next_page = ["n", "PageDown"]`: per mode, action → keys.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Refuse every change at every provider.
    #[serde(default)]
    pub read_only: bool,
    /// `dark` (the default) or `light`.
    #[serde(default)]
    pub theme: super::Theme,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Defaults to the provider's documented production URL.
    pub base_url: Option<String>,
    pub auth: Option<AuthConfig>,
    pub connect_timeout_secs: Option<u64>,
    pub timeout_secs: Option<u64>,
    pub page_size: Option<u32>,
    /// Answers larger than this many megabytes (after decompression) are not read.
    pub max_body_mb: Option<u64>,
    /// Table columns, as field keys of the provider's schema (see the detail view for the names).
    pub columns: Option<Vec<String>>,
    /// Browse this provider only: every change is refused.
    #[serde(default)]
    pub read_only: bool,
    /// `{ requests = N, per_secs = S }`: this account's budget, where it differs from the documented one.
    pub rate_limit: Option<RateLimitConfig>,
    /// Keep a local copy of this provider's customers (`false`: none is kept or synced).
    #[serde(default = "yes")]
    pub mirror: bool,
}

fn yes() -> bool {
    true
}

/// How to authenticate. Secrets are named by environment variable, never written here.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthConfig {
    Bearer {
        token_env: String,
    },
    Basic {
        username: String,
        password_env: String,
    },
    ClientCredentials {
        client_id: String,
        client_secret_env: String,
        token_url: Option<String>,
        scope: Option<String>,
    },
}

/// What each provider accepts and defaults to, from its docs.
struct ProviderDefaults {
    base_url: &'static str,
    max_page_size: u32,
    default_page_size: u32,
}

fn defaults(id: ProviderId) -> ProviderDefaults {
    match id {
        ProviderId::Ngorder => ProviderDefaults {
            base_url: "https://api.ngorder.id/api/open",
            max_page_size: 100,
            default_page_size: 50,
        },
        // CycleSoftware chooses its own page size; the value only sizes our view.
        ProviderId::CycleSoftware => ProviderDefaults {
            base_url: "https://api.cyclesoftware.nl",
            max_page_size: 1000,
            default_page_size: 100,
        },
        ProviderId::Guardant => ProviderDefaults {
            base_url: "https://station.guardant.ru/v1.0",
            max_page_size: 100,
            default_page_size: 50,
        },
        ProviderId::DkHardware => ProviderDefaults {
            base_url: "https://api.dkhardware.com",
            max_page_size: 1000,
            default_page_size: 50,
        },
        ProviderId::Reportei => ProviderDefaults {
            base_url: "https://connect.reportei.com/api",
            max_page_size: 100,
            default_page_size: 50,
        },
    }
}

const DK_TOKEN_URL: &str = "https://auth.dkhardware.com/realms/dkh/protocol/openid-connect/token";
const DK_SCOPE: &str = "customers customers:create customers:update customers:status";
/// Answers are read up to this size unless a provider's `max_body_mb` says otherwise.
const DEFAULT_MAX_BODY_MB: u64 = 16;

impl ConfigFile {
    pub fn parse(text: &str, origin: &str) -> Result<ConfigFile, ConfigError> {
        let problem = |key: String, problem: String| ConfigError {
            origin: origin.to_string(),
            key,
            problem,
        };
        let deserializer = toml::Deserializer::parse(text)
            .map_err(|e| problem(line_of(text, e.span()), e.message().trim_end().to_string()))?;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            problem(
                if key == "." {
                    line_of(text, inner.span())
                } else {
                    key
                },
                inner.message().trim_end().to_string(),
            )
        })
    }

    pub fn resolve(
        self,
        origin: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let mut providers = Vec::new();
        let mut ui = UiSettings {
            keys: resolve_keys(&self.ui, origin)?,
            columns: Vec::new(),
            read_only: self.ui.read_only,
            read_only_providers: Vec::new(),
            theme: self.ui.theme,
        };
        for (key, config) in &self.providers {
            let fail = |field: &str, problem: String| ConfigError {
                origin: origin.to_string(),
                key: format!("providers.{key}{field}"),
                problem,
            };
            let Some(id) = ProviderId::from_key(key) else {
                let known: Vec<_> = ProviderId::ALL.iter().map(|p| p.key()).collect();
                return Err(fail(
                    "",
                    format!("unknown provider (known: {})", known.join(", ")),
                ));
            };
            if !config.enabled {
                continue;
            }
            let defaults = defaults(id);
            let base_url = config
                .base_url
                .clone()
                .unwrap_or_else(|| defaults.base_url.into());
            check_url(&base_url).map_err(|p| fail(".base_url", p))?;
            if let Some(AuthConfig::ClientCredentials {
                token_url: Some(token_url),
                ..
            }) = &config.auth
            {
                check_url(token_url).map_err(|p| fail(".auth.token_url", p))?;
            }
            let max_body_mb = config.max_body_mb.unwrap_or(DEFAULT_MAX_BODY_MB);
            if !(1..=4096).contains(&max_body_mb) {
                return Err(fail(
                    ".max_body_mb",
                    format!("{max_body_mb} is outside 1..=4096"),
                ));
            }
            let page_size = config.page_size.unwrap_or(defaults.default_page_size);
            if page_size == 0 || page_size > defaults.max_page_size {
                return Err(fail(
                    ".page_size",
                    format!(
                        "{page_size} is outside 1..={} for this API",
                        defaults.max_page_size
                    ),
                ));
            }
            if config.read_only {
                ui.read_only_providers.push(id);
            }
            if let Some(columns) = &config.columns {
                ui.columns.push((
                    id,
                    resolve_columns(id, columns).map_err(|p| fail(".columns", p))?,
                ));
            }
            let rate_limit = config
                .rate_limit
                .map(|r| RateLimit::new(r.requests, r.per_secs))
                .transpose()
                .map_err(|p| fail(".rate_limit", p))?;
            let Some(auth) = &config.auth else {
                return Err(fail(
                    ".auth",
                    "missing: say how to log in (see clientele.example.toml)".into(),
                ));
            };
            providers.push(ProviderSettings {
                id,
                base_url: base_url.trim_end_matches('/').to_string(),
                credentials: resolve_auth(auth, env),
                connect_timeout: Duration::from_secs(config.connect_timeout_secs.unwrap_or(5)),
                timeout: Duration::from_secs(config.timeout_secs.unwrap_or(20)),
                page_size,
                max_body_bytes: max_body_mb * 1024 * 1024,
                rate_limit,
                mirror: config.mirror,
            });
        }
        providers.sort_by_key(|p| p.id);
        Ok(Settings {
            providers,
            origin: origin.to_string(),
            ui,
        })
    }
}

/// A URL tokens may be sent to: http(s), no credentials inside it (they would travel beside the
/// configured ones: two Authorization headers), and plain `http://` only to this machine, where
/// nobody on the network can read the token.
fn check_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // The URL is not echoed: it holds a password.
        return Err(
            "holds credentials (user:password@): remove them and say how to log in under auth"
                .into(),
        );
    }
    let host = parsed.host_str().unwrap_or("");
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(format!(
            "{url:?} would send the credentials in clear text to {host}: use https:// (plain http:// only for localhost)"
        )),
        _ => Err(format!("{url:?} is not an http(s) URL")),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Column names checked against the provider's schema.
pub(super) fn resolve_columns(
    id: ProviderId,
    columns: &[String],
) -> Result<Vec<&'static str>, String> {
    let schema = &crate::providers::spec(id).schema;
    if columns.is_empty() {
        return Err("empty: name at least one field, or leave the key out for the defaults".into());
    }
    columns
        .iter()
        .map(|name| {
            schema
                .fields
                .iter()
                .find(|f| f.key == name)
                .map(|f| f.key)
                .ok_or_else(|| {
                    let known: Vec<_> = schema.fields.iter().map(|f| f.key).collect();
                    format!(
                        "{name:?} is not a field of {id} (known: {})",
                        known.join(", ")
                    )
                })
        })
        .collect()
}

/// `[ui.keys.<mode>]` tables checked: known modes, known actions, keys that parse.
fn resolve_keys(ui: &UiConfig, origin: &str) -> Result<Vec<(Mode, Action, Vec<Key>)>, ConfigError> {
    let mut keys = Vec::new();
    for (mode_name, actions) in &ui.keys {
        let fail = |key: String, problem: String| ConfigError {
            origin: origin.to_string(),
            key,
            problem,
        };
        let mode = Mode::ALL
            .into_iter()
            .find(|m| m.key() == mode_name)
            .ok_or_else(|| {
                let known: Vec<_> = Mode::ALL.iter().map(|m| m.key()).collect();
                fail(
                    format!("ui.keys.{mode_name}"),
                    format!("unknown view (known: {})", known.join(", ")),
                )
            })?;
        for (action_name, names) in actions {
            let at = format!("ui.keys.{mode_name}.{action_name}");
            let action: Action = serde_json::from_value(serde_json::Value::String(
                action_name.clone(),
            ))
            .map_err(|_| {
                let known: Vec<_> = Action::NAMED.iter().map(|a| a.name()).collect();
                fail(
                    at.clone(),
                    format!("unknown action (known: {})", known.join(", ")),
                )
            })?;
            let parsed = names
                .iter()
                .map(|name| {
                    Key::parse(name)
                        .ok_or_else(|| fail(at.clone(), format!("{name:?} is not a key")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            keys.push((mode, action, parsed));
        }
    }
    Ok(keys)
}

/// Credentials with their secrets read from the environment; a missing variable is reported in the
/// provider's tab rather than stopping the whole app.
fn resolve_auth(
    auth: &AuthConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, String> {
    let secret = |name: &str| {
        env(name)
            .filter(|v| !v.is_empty())
            .map(Secret::new)
            .ok_or_else(|| format!("environment variable {name} is not set"))
    };
    Ok(match auth {
        AuthConfig::Bearer { token_env } => Credentials::Bearer {
            token: secret(token_env)?,
        },
        AuthConfig::Basic {
            username,
            password_env,
        } => Credentials::Basic {
            username: username.clone(),
            password: secret(password_env)?,
        },
        AuthConfig::ClientCredentials {
            client_id,
            client_secret_env,
            token_url,
            scope,
        } => Credentials::ClientCredentials {
            client_id: client_id.clone(),
            client_secret: secret(client_secret_env)?,
            token_url: token_url.clone().unwrap_or_else(|| DK_TOKEN_URL.into()),
            scope: scope.clone().unwrap_or_else(|| DK_SCOPE.into()),
        },
    })
}

/// "line N" for a byte span, when the parser could not name a key.
fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}")
        }
        None => "(file)".into(),
    }
}
