//! CycleSoftware's rate limits: a moving one-minute window and a daily count (reset at midnight UTC),
//! reported on every response in `X-RateLimit-*` headers; 429 beyond either limit. `--rate-limit`
//! changes the moving window (the headers still call it "minutely").

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error_response;
use crate::domain::ProviderId;
use crate::sandbox::SandboxOptions;
use crate::sandbox::limits::Moving;
use crate::sandbox::util::now_unix;

pub(super) struct Limiter {
    daily_limit: u32,
    minute: Moving,
    day: i64,
    day_count: u32,
}

struct Verdict {
    allowed: bool,
    minute_remaining: u32,
    day_remaining: u32,
    reset: i64,
}

impl Limiter {
    pub fn new(options: &SandboxOptions) -> Self {
        let minute = match options.rate_limit(ProviderId::CycleSoftware) {
            Some(limit) => Moving::new(limit.requests, limit.per),
            None => Moving::new(options.cs_minute_limit, Duration::from_secs(60)),
        };
        Limiter {
            daily_limit: options.cs_daily_limit,
            minute,
            day: 0,
            day_count: 0,
        }
    }

    fn hit(&mut self) -> Verdict {
        let today = now_unix().div_euclid(86_400);
        if today != self.day {
            (self.day, self.day_count) = (today, 0);
        }
        let allowed = self.minute.has_room() && self.day_count < self.daily_limit;
        if allowed {
            self.minute.count();
            self.day_count += 1;
        }
        Verdict {
            allowed,
            minute_remaining: self.minute.remaining(),
            day_remaining: self.daily_limit.saturating_sub(self.day_count),
            reset: (today + 1) * 86_400,
        }
    }
}

fn set_headers(headers: &mut HeaderMap, limiter: &Limiter, v: &Verdict) {
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    put(
        "x-ratelimit-minutely-limit",
        limiter.minute.limit.to_string(),
    );
    put(
        "x-ratelimit-minutely-remaining",
        v.minute_remaining.to_string(),
    );
    put("x-ratelimit-daily-limit", limiter.daily_limit.to_string());
    put("x-ratelimit-daily-remaining", v.day_remaining.to_string());
    put("x-ratelimit-daily-reset", v.reset.to_string());
}

pub(super) async fn rate_limit(
    State(limiter): State<Arc<Mutex<Limiter>>>,
    request: Request,
    next: Next,
) -> Response {
    let verdict = limiter.lock().unwrap_or_else(|e| e.into_inner()).hit();
    let mut response = if verdict.allowed {
        next.run(request).await
    } else {
        let mut r = error_response(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded");
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        r
    };
    let guard = limiter.lock().unwrap_or_else(|e| e.into_inner());
    set_headers(response.headers_mut(), &guard, &verdict);
    response
}
