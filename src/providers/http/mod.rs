//! The one transport every provider client uses: a `reqwest::Client` per provider (rustls, gzip,
//! connection reuse, timeouts), authentication, pacing within the provider's budget, retries where a
//! repeat is harmless, and turning any answer into JSON or an [`ApiError`].

use std::sync::Mutex as SyncMutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value as Json;
use tokio::sync::Mutex;

mod answer;
pub mod tls;

use super::rate_limit::{Budget, Class, Lane, Pacer, Paused, Quota};
use super::retry::{self, Failure, Repeat};
use crate::config::{Credentials, ProviderSettings, Secret};
use crate::domain::{ApiError, ErrorKind};
pub use answer::decode_body;
use answer::transport_error;

/// One HTTP call, described by the client; the transport adds auth, pacing and retries.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    /// Path under the base URL.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Json>,
    /// Extra secret headers (Reportei's `x-customer-token`).
    pub secret_headers: Vec<(&'static str, Secret)>,
    pub repeat: Repeat,
    pub class: Class,
    /// Interactive (the default) goes before background work in the pacer's queue.
    pub lane: Lane,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Call {
        Call {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            secret_headers: Vec::new(),
            repeat: Repeat::Safe,
            class: Class::Read,
            lane: Lane::Interactive,
        }
    }

    /// A write: `repeat` says whether sending it twice is harmless.
    pub fn write(
        method: Method,
        path: impl Into<String>,
        body: Option<Json>,
        repeat: Repeat,
    ) -> Call {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body,
            secret_headers: Vec::new(),
            repeat,
            class: Class::Write,
            lane: Lane::Interactive,
        }
    }

    pub fn query(mut self, query: Vec<(&'static str, String)>) -> Call {
        self.query = query;
        self
    }

    /// Background work (the sync) goes in [`Lane::Background`] or [`Lane::Unattended`]: behind every
    /// interactive request for the budget.
    pub fn in_lane(mut self, lane: Lane) -> Call {
        self.lane = lane;
        self
    }
}

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
    pacer: Pacer,
    jitter: SyncMutex<SmallRng>,
    /// Answers are read up to this many (decoded) bytes and abandoned beyond.
    max_body: u64,
    traffic: Counters,
}

/// Requests sent and 429s met since the transport was made (`clientele sync` reports them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Traffic {
    pub requests: u64,
    pub rate_limited: u64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    rate_limited: AtomicU64,
}

/// What one attempt produced.
enum Attempt {
    Done(Json),
    /// Not sent, and not to be tried again now (the daily budget is spent).
    Stop(ApiError),
    Failed(ApiError, Failure, Option<Duration>),
}

impl Transport {
    pub fn new(settings: &ProviderSettings, budgets: &[Budget]) -> Result<Transport, ApiError> {
        let tls = tls::config().map_err(|e| {
            ApiError::new(ErrorKind::Config, format!("cannot build HTTP client: {e}"))
        })?;
        let client = reqwest::Client::builder()
            // One configuration for all clients: the CA roots are loaded once, not once per client.
            .tls_backend_preconfigured(tls)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .gzip(true)
            .redirect(same_origin_redirects())
            .referer(false)
            .user_agent(concat!("clientele/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                ApiError::new(ErrorKind::Config, format!("cannot build HTTP client: {e}"))
            })?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(Transport {
            client,
            base_url: settings.base_url.clone(),
            credentials: settings.credentials.clone(),
            token: Mutex::new(None),
            pacer: Pacer::new(&Budget::with_limit(budgets, settings.rate_limit)),
            jitter: SyncMutex::new(SmallRng::seed_from_u64(seed)),
            max_body: settings.max_body_bytes,
            traffic: Counters::default(),
        })
    }

    pub fn traffic(&self) -> Traffic {
        Traffic {
            requests: self.traffic.requests.load(Ordering::Relaxed),
            rate_limited: self.traffic.rate_limited.load(Ordering::Relaxed),
        }
    }

    /// Whether a rate budget paces this provider.
    pub fn budgeted(&self) -> bool {
        self.pacer.budgeted()
    }

    /// The provider's quota as last reported or counted.
    pub fn quota(&self) -> Quota {
        self.pacer.quota()
    }

    /// Send `call`, retrying where that is harmless, and return the JSON body (`null` when empty).
    pub async fn call(&self, call: &Call) -> Result<Json, ApiError> {
        let mut attempt = 1;
        let mut renewed_token = false;
        // Has an earlier attempt of this write perhaps reached the provider? Then a later refusal may be
        // the provider answering the repeat, not the write: its outcome is unknown, not refused.
        let mut may_have_arrived = false;
        loop {
            let (error, failure, retry_after) = match self.attempt(call).await {
                Attempt::Done(json) => return Ok(json),
                Attempt::Stop(error) => return Err(error),
                Attempt::Failed(error, failure, retry_after) => (error, failure, retry_after),
            };
            // An OAuth token the provider stopped accepting is renewed once, whatever the method:
            // a 401 means the request was not carried out.
            if error.kind == ErrorKind::Auth && self.uses_oauth() && !renewed_token {
                renewed_token = true;
                *self.token.lock().await = None;
                continue;
            }
            if call.class == Class::Write {
                if let Some(ending) = retry::write_ending(&call.method, &error, may_have_arrived) {
                    return ending;
                }
                may_have_arrived |= retry::may_have_arrived(failure);
            }
            let jitter = lock(&self.jitter).random::<f64>();
            match retry::next_delay(call.repeat, failure, attempt, retry_after, jitter) {
                Some(delay) => {
                    // The message may quote the body: only at debug.
                    tracing::info!(error = %crate::logging::brief(&error), attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    tracing::debug!(%error, attempt, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None if call.class == Class::Write && may_have_arrived => {
                    return Err(retry::outcome_unknown(&error));
                }
                None => return Err(error),
            }
        }
    }

    async fn attempt(&self, call: &Call) -> Attempt {
        let mut request = self
            .client
            .request(
                call.method.clone(),
                format!("{}{}", self.base_url, call.path),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .query(&call.query);
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        for (name, value) in &call.secret_headers {
            request = request.header(*name, value.expose());
        }
        let request = match self.authorize(request).await {
            Ok(request) => request,
            Err(error) => {
                // The request itself never left; whether to try again depends on why the token
                // could not be had (a token server's outage is retried like any 5xx).
                let failure = match (error.kind, error.status) {
                    (ErrorKind::Network | ErrorKind::Timeout, _) => Failure::NotSent,
                    (_, Some(status)) => Failure::Status(status),
                    (_, None) => Failure::Status(401),
                };
                return Attempt::Failed(error, failure, None);
            }
        };
        // The budget slot is taken now, as the request leaves; a task aborted while waiting takes none.
        let asked = tokio::time::Instant::now();
        let permit = match self.pacer.acquire(call.class, call.lane).await {
            Ok(permit) => permit,
            Err(paused) => return Attempt::Stop(daily_budget_spent(paused)),
        };
        let wait_ms = asked.elapsed().as_millis() as u64;
        // Background work waits by design; only a wait someone sees is worth the log's attention.
        match call.lane {
            _ if wait_ms == 0 => {}
            Lane::Interactive => tracing::info!(wait_ms, "paced to stay within the rate limit"),
            Lane::Background | Lane::Unattended => {
                tracing::debug!(wait_ms, "paced background request")
            }
        }
        self.traffic.requests.fetch_add(1, Ordering::Relaxed);
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                let failure = if error.is_connect() {
                    Failure::NotSent
                } else {
                    Failure::MaybeSent
                };
                return Attempt::Failed(transport_error(&error), failure, None);
            }
        };
        let status = response.status();
        self.pacer.observe(&permit, response.headers());
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry::parse_retry_after);
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.traffic.rate_limited.fetch_add(1, Ordering::Relaxed);
            self.pacer.refused(&permit, retry_after);
        }
        if let Some(error) = redirect_error(&response) {
            // A redirect is not a result: the provider did nothing with the request.
            return Attempt::Failed(error, Failure::Status(status.as_u16()), None);
        }
        let body = match read_body(response, self.max_body).await {
            Ok(body) => body,
            Err(BodyError::Broken(error)) => {
                return Attempt::Failed(transport_error(&error), Failure::MaybeSent, None);
            }
            Err(BodyError::TooLarge(error)) => {
                // Reading it again would be as large: never retried. A write the provider accepted
                // was carried out, but what it answered is unknown.
                let error = if status.is_success() && call.class == Class::Write {
                    retry::outcome_unknown(&error)
                } else {
                    error.with_status(status.as_u16())
                };
                return Attempt::Failed(error, Failure::Status(status.as_u16()), None);
            }
        };
        match decode_body(status, &body) {
            Ok(json) => Attempt::Done(json),
            // An error envelope inside a 200 (CycleSoftware's `{"error":true}`, Ngorder's "Failed") is
            // the provider refusing what was asked, not a fault: a repeat gets the same answer. It
            // counts as a 400, so a write that an earlier attempt may have carried out stays unknown.
            Err(error) if status.is_success() && error.kind != ErrorKind::Undecodable => {
                Attempt::Failed(error, Failure::Status(400), None)
            }
            Err(error) => {
                let failure = if status.is_success() {
                    // A broken body on a 200 is the provider's fault; a read may be retried.
                    Failure::Status(502)
                } else {
                    Failure::Status(status.as_u16())
                };
                Attempt::Failed(error, failure, retry_after)
            }
        }
    }

    fn uses_oauth(&self) -> bool {
        matches!(self.credentials, Ok(Credentials::ClientCredentials { .. }))
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
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    ("client_secret", client_secret.expose()),
                    ("scope", scope),
                ];
                let token = self.access_token(token_url, &form).await?;
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
            .map_err(|e| transport_error(&e))?;
        let status = response.status();
        let body = match redirect_error(&response) {
            Some(error) => Err(error),
            None => read_body(response, self.max_body)
                .await
                .map_err(BodyError::into_api_error),
        };
        let json = body
            .and_then(|body| decode_body(status, &body))
            .map_err(|mut error| {
                // Refused credentials are an auth problem; a token server that fails is a server problem.
                if matches!(status.as_u16(), 400 | 401 | 403) {
                    error.kind = ErrorKind::Auth;
                }
                error.message = format!("could not get an access token: {}", error.message);
                error
            })?;
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
        tracing::debug!(expires_in, "fetched an access token");
        Ok(token)
    }
}

/// Redirects followed in one request, at most.
const MAX_REDIRECTS: usize = 5;

/// Follow a redirect only within the origin (scheme, host, port) the request was sent to. reqwest's
/// default follows up to 10 redirects anywhere, and strips only the standard auth headers on the way:
/// Reportei's `x-customer-token`, and a token request's body with the client secret (307/308 resend
/// it), would reach whoever the redirect names. Stopped, the redirect becomes an error.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| origin(first) == origin(attempt.url()));
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// `scheme://host:port`, the unit credentials are configured for.
fn origin(url: &reqwest::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// The error for a redirect the policy did not follow (it pointed at another origin).
fn redirect_error(response: &reqwest::Response) -> Option<ApiError> {
    let status = response.status();
    if !status.is_redirection() {
        return None;
    }
    // Only the target's origin is named: its path or query could carry anything.
    let target = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| response.url().join(location).ok())
        .map_or_else(|| "an unknown place".to_string(), |url| origin(&url));
    Some(
        ApiError::new(
            ErrorKind::Config,
            format!(
                "the provider redirected to {target}, another origin than {}: not followed, so no credentials went there (check base_url)",
                origin(response.url())
            ),
        )
        .with_status(status.as_u16()),
    )
}

/// Why a body could not be read.
enum BodyError {
    /// The connection failed while reading.
    Broken(reqwest::Error),
    /// Longer than the limit once decoded; reading stopped there.
    TooLarge(ApiError),
}

impl BodyError {
    fn into_api_error(self) -> ApiError {
        match self {
            BodyError::Broken(error) => transport_error(&error),
            BodyError::TooLarge(error) => error,
        }
    }
}

/// The body as text, read chunk by chunk after decompression and abandoned as soon as it passes
/// `limit` bytes: a 50 MB answer or a gzip bomb costs at most `limit` of memory, not gigabytes.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<String, BodyError> {
    let too_large = || {
        BodyError::TooLarge(ApiError::new(
            ErrorKind::Undecodable,
            format!(
                "answer larger than {}: not read (max_body_mb in the provider's config sets the limit)",
                size_text(limit)
            ),
        ))
    };
    // Known in advance only for uncompressed answers; compressed ones are counted as they decode.
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Broken)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(match String::from_utf8(body) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

/// `16 MB`, or the bytes when the limit is not a whole number of megabytes.
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A poisoned lock only means another task panicked mid-update of a counter: keep going.
fn lock<T>(mutex: &SyncMutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An interactive request to a provider whose daily budget is spent: said at once, not held for hours.
fn daily_budget_spent(paused: Paused) -> ApiError {
    ApiError::new(
        ErrorKind::RateLimited,
        format!(
            "the daily request budget is spent; it resumes {} UTC",
            super::decode::format_unix(paused.until_unix as i64)
        ),
    )
}
