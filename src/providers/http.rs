//! The one transport every provider client uses: a `reqwest::Client` per provider (rustls, gzip,
//! connection reuse, timeouts), authentication, and turning any answer into JSON or an [`ApiError`].

use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value as Json;
use tokio::sync::Mutex;

use super::errors::decode_error;
use crate::config::{Credentials, ProviderSettings, Secret};
use crate::domain::{ApiError, ErrorKind};

/// An OAuth2 access token and when we stop trusting it.
struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

/// Renew tokens this long before the provider says they expire, so a request never carries a token that
/// expires in flight.
const TOKEN_RENEW_MARGIN: Duration = Duration::from_secs(30);

pub struct Transport {
    client: reqwest::Client,
    base_url: String,
    credentials: Result<Credentials, String>,
    token: Mutex<Option<CachedToken>>,
}

impl Transport {
    pub fn new(settings: &ProviderSettings) -> Result<Transport, ApiError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .gzip(true)
            .user_agent(concat!("clientele/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                ApiError::new(ErrorKind::Config, format!("cannot build HTTP client: {e}"))
            })?;
        Ok(Transport {
            client,
            base_url: settings.base_url.clone(),
            credentials: settings.credentials.clone(),
            token: Mutex::new(None),
        })
    }

    /// GET `path` (relative to the base URL) with `query`, and return the JSON body.
    pub async fn get_json(&self, path: &str, query: &[(&str, String)]) -> Result<Json, ApiError> {
        let request = self
            .client
            .request(Method::GET, format!("{}{path}", self.base_url))
            .header(reqwest::header::ACCEPT, "application/json")
            .query(query);
        self.send(request).await
    }

    async fn send(&self, request: RequestBuilder) -> Result<Json, ApiError> {
        let request = self.authorize(request).await?;
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let body = response.text().await.map_err(transport_error)?;
        if status.is_success() {
            let json: Json = serde_json::from_str(&body).map_err(|_| undecodable(status, &body))?;
            // Some APIs report errors inside a 200 (CycleSoftware's `error: true`, Ngorder's "Failed").
            return match decode_error(status, &json) {
                Some(error) => Err(error),
                None => Ok(json),
            };
        }
        if status == StatusCode::UNAUTHORIZED {
            // A token the provider no longer accepts is dropped, so the next call fetches a fresh one.
            *self.token.lock().await = None;
        }
        match serde_json::from_str::<Json>(&body) {
            Ok(json) => {
                Err(decode_error(status, &json).unwrap_or_else(|| status_error(status, "")))
            }
            Err(_) => Err(status_error(status, first_line(&body))),
        }
    }

    async fn authorize(&self, request: RequestBuilder) -> Result<RequestBuilder, ApiError> {
        match &self.credentials {
            Err(problem) => Err(ApiError::new(ErrorKind::Config, problem.clone())),
            Ok(Credentials::Bearer { token }) => Ok(request.bearer_auth(token.expose())),
            Ok(Credentials::Basic { username, password }) => {
                Ok(request.basic_auth(username, Some(password.expose())))
            }
            Ok(Credentials::ClientCredentials {
                client_id,
                client_secret,
                token_url,
                scope,
            }) => {
                let token = self
                    .access_token(
                        token_url,
                        &[
                            ("grant_type", "client_credentials"),
                            ("client_id", client_id),
                            ("client_secret", client_secret.expose()),
                            ("scope", scope),
                        ],
                    )
                    .await?;
                Ok(request.bearer_auth(token.expose()))
            }
        }
    }

    /// The cached OAuth2 token, fetched anew when missing or close to expiry.
    async fn access_token(
        &self,
        token_url: &str,
        form: &[(&str, &str)],
    ) -> Result<Secret, ApiError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.renew_at > Instant::now()) {
            return Ok(token.token.clone());
        }
        let response = self
            .client
            .post(token_url)
            .form(form)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let body = response.text().await.map_err(transport_error)?;
        let json: Json = serde_json::from_str(&body).map_err(|_| undecodable(status, &body))?;
        if !status.is_success() {
            let mut error = decode_error(status, &json).unwrap_or_else(|| status_error(status, ""));
            error.kind = ErrorKind::Auth;
            return Err(error);
        }
        let token = json["access_token"].as_str().ok_or_else(|| {
            ApiError::new(ErrorKind::Undecodable, "token response has no access_token")
        })?;
        let expires_in = json["expires_in"].as_u64().unwrap_or(60);
        let lifetime = Duration::from_secs(expires_in).saturating_sub(TOKEN_RENEW_MARGIN);
        let token = Secret::new(token);
        *cached = Some(CachedToken {
            token: token.clone(),
            renew_at: Instant::now() + lifetime.max(Duration::from_secs(1)),
        });
        Ok(token)
    }
}

fn transport_error(error: reqwest::Error) -> ApiError {
    // reqwest's message can include the URL (never credentials: those travel in headers).
    if error.is_timeout() {
        ApiError::new(ErrorKind::Timeout, "the provider did not answer in time")
    } else if error.is_decode() {
        ApiError::new(
            ErrorKind::Undecodable,
            format!("could not read the answer: {error}"),
        )
    } else {
        ApiError::new(
            ErrorKind::Network,
            format!("could not reach the provider: {}", root_cause(&error)),
        )
    }
}

fn root_cause(error: &dyn std::error::Error) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn status_error(status: StatusCode, message: &str) -> ApiError {
    let kind = match status.as_u16() {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        400 | 409 | 422 => ErrorKind::Validation,
        429 => ErrorKind::RateLimited,
        _ => ErrorKind::Server,
    };
    let message = if message.is_empty() {
        status.canonical_reason().unwrap_or("").to_string()
    } else {
        message.to_string()
    };
    ApiError::new(kind, message).with_status(status.as_u16())
}

fn undecodable(status: StatusCode, body: &str) -> ApiError {
    let line = first_line(body);
    let message = if line.is_empty() {
        "empty answer where JSON was expected".to_string()
    } else {
        format!("not JSON: {line}")
    };
    ApiError::new(ErrorKind::Undecodable, message).with_status(status.as_u16())
}

/// The first non-empty line of a body, cut to a length that fits a status line.
fn first_line(body: &str) -> &str {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(120) {
        Some((cut, _)) => &line[..cut],
        None => line,
    }
}
