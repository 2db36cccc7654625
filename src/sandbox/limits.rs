//! Rate limits the fakes enforce, and the count of requests they refused for it (so a test can prove the
//! app paced itself: zero refused). CycleSoftware and DK Hardware keep their documented limits in their
//! own modules, built from these counters; the providers whose docs give no limit get one only when
//! asked (`--rate-limit ngorder=10/2s`), as a moving window over every request.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::faults::{provider_error, provider_of};
use super::{SandboxOptions, Shared};
use crate::config::RateLimit;
use crate::domain::ProviderId;

/// A moving window: no `period` holds more than `limit` requests.
#[derive(Debug)]
pub(crate) struct Moving {
    pub limit: u32,
    pub period: Duration,
    hits: VecDeque<Instant>,
}

impl Moving {
    pub fn new(limit: u32, period: Duration) -> Moving {
        Moving {
            limit,
            period,
            hits: VecDeque::new(),
        }
    }

    fn forget(&mut self, now: Instant) {
        while self
            .hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.period)
        {
            self.hits.pop_front();
        }
    }

    /// Would one more request fit now?
    pub fn has_room(&mut self) -> bool {
        self.forget(Instant::now());
        (self.hits.len() as u32) < self.limit
    }

    pub fn count(&mut self) {
        self.hits.push_back(Instant::now());
    }

    pub fn remaining(&mut self) -> u32 {
        self.forget(Instant::now());
        self.limit.saturating_sub(self.hits.len() as u32)
    }
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Fixed windows on the clock: `period` long from the Unix epoch (a minute starts at :00 UTC).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixed {
    pub limit: u32,
    pub period: Duration,
    window: u64,
    count: u32,
}

impl Fixed {
    pub fn new(limit: u32, period: Duration) -> Fixed {
        Fixed {
            limit,
            period,
            window: 0,
            count: 0,
        }
    }

    /// Counts the request and says whether it is within the limit (a refused one does not count).
    pub fn hit(&mut self) -> bool {
        let window = now_unix_ms() / (self.period.as_millis() as u64).max(1);
        if window != self.window {
            (self.window, self.count) = (window, 0);
        }
        if self.count >= self.limit {
            return false;
        }
        self.count += 1;
        true
    }
}

impl SandboxOptions {
    /// The limit set for `provider` with `--rate-limit` (the last one given wins).
    pub fn rate_limit(&self, provider: ProviderId) -> Option<RateLimit> {
        self.rate_limits
            .iter()
            .rev()
            .find(|(p, _)| *p == provider)
            .map(|(_, limit)| *limit)
    }
}

/// Requests each fake refused with 429 because of its rate limit (injected faults not counted).
#[derive(Debug, Default)]
pub(crate) struct Refused([AtomicU64; ProviderId::ALL.len()]);

impl Refused {
    fn slot(&self, provider: ProviderId) -> &AtomicU64 {
        let at = ProviderId::ALL
            .iter()
            .position(|p| *p == provider)
            .unwrap_or(0);
        &self.0[at]
    }

    pub fn get(&self, provider: ProviderId) -> u64 {
        self.slot(provider).load(Ordering::Relaxed)
    }
}

/// Counts the 429s the fakes answer (inside the fault layer, so injected 429s are not counted).
pub(crate) async fn count_refused(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let provider = provider_of(request.uri().path());
    let response = next.run(request).await;
    if let Some(provider) = provider
        && response.status() == StatusCode::TOO_MANY_REQUESTS
    {
        shared
            .refused
            .slot(provider)
            .fetch_add(1, Ordering::Relaxed);
    }
    response
}

/// Moving windows for the providers that document no limit, where `--rate-limit` sets one.
pub(crate) type Undocumented = Arc<Vec<(ProviderId, Mutex<Moving>)>>;

pub(crate) fn undocumented(options: &SandboxOptions) -> Undocumented {
    let documented = [ProviderId::CycleSoftware, ProviderId::DkHardware];
    Arc::new(
        ProviderId::ALL
            .into_iter()
            .filter(|p| !documented.contains(p))
            .filter_map(|p| {
                let limit = options.rate_limit(p)?;
                Some((p, Mutex::new(Moving::new(limit.requests, limit.per))))
            })
            .collect(),
    )
}

pub(crate) async fn enforce_undocumented(
    State(limits): State<Undocumented>,
    request: Request,
    next: Next,
) -> Response {
    let provider = provider_of(request.uri().path());
    let limit = limits.iter().find(|(p, _)| Some(*p) == provider);
    if let (Some(provider), Some((_, window))) = (provider, limit) {
        let mut window = window.lock().unwrap_or_else(|e| e.into_inner());
        if !window.has_room() {
            let mut response =
                provider_error(provider, StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        window.count();
    }
    next.run(request).await
}
