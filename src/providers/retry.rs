//! When a failed call may be repeated, and how long to wait first.
//!
//! Only calls a repeat cannot harm are retried: reads, full replacements (PUT), deletes and status
//! polls. A create (POST) is retried only when it certainly never reached the server (the connection
//! could not be made); once it may have arrived, the outcome is unknown and the user decides.

use std::time::Duration;

use crate::domain::{ApiError, ErrorKind};

/// At most this many attempts in all.
pub const MAX_ATTEMPTS: u32 = 3;
const BASE_DELAY: Duration = Duration::from_millis(300);
/// A `Retry-After` longer than this is not waited out silently: the error reaches the user.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// May this request be sent twice?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, PUT, DELETE, status polls: repeating cannot change the outcome.
    Safe,
    /// Creates and other non-idempotent writes.
    Never,
}

/// How a failed attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The connection could not be made: the request never left.
    NotSent,
    /// Sent (or maybe sent) and then the connection failed or timed out.
    MaybeSent,
    /// The server answered with this status.
    Status(u16),
}

/// The delay before the next attempt, or `None` to give up now. `attempt` counts from 1;
/// `jitter` is a number in `0..1` (full jitter spreads clients that failed together).
pub fn next_delay(
    repeat: Repeat,
    failure: Failure,
    attempt: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Option<Duration> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let retryable = match (repeat, failure) {
        (_, Failure::NotSent) => true,
        (Repeat::Never, _) => false,
        (Repeat::Safe, Failure::MaybeSent) => true,
        (Repeat::Safe, Failure::Status(status)) => status == 429 || status >= 500,
    };
    if !retryable {
        return None;
    }
    if let Some(wait) = retry_after {
        return (wait <= MAX_RETRY_AFTER).then_some(wait);
    }
    let ceiling = BASE_DELAY * 2u32.pow(attempt - 1);
    Some(
        ceiling
            .mul_f64(jitter.clamp(0.0, 1.0))
            .max(Duration::from_millis(50)),
    )
}

/// The error to report when a non-repeatable write failed after it may have reached the server.
pub fn outcome_unknown(cause: &ApiError) -> ApiError {
    ApiError::new(
        ErrorKind::OutcomeUnknown,
        format!(
            "the request may or may not have been carried out ({}); check the list before trying again",
            cause.message
        ),
    )
}

/// Could the request of a failed attempt have been carried out? Yes once it may have left and no
/// refusal came back: a dropped connection or timeout, a 5xx (the server may have failed half-way), a
/// 2xx whose body could not be read (mapped to `Status(502)` by the transport).
pub fn may_have_arrived(failure: Failure) -> bool {
    match failure {
        Failure::NotSent => false,
        Failure::MaybeSent => true,
        Failure::Status(status) => status >= 500,
    }
}

/// How a write ends at once, whatever the retry policy says: `None` to carry on as usual.
///
/// - A 2xx whose body cannot be read: the provider took the write, but what it did is unreadable (and
///   CycleSoftware reports refusals inside a 200): the outcome is unknown, and it is never sent again.
/// - A repeated DELETE answered 404 after an earlier attempt may have arrived: that attempt deleted it.
pub fn write_ending(
    method: &reqwest::Method,
    error: &ApiError,
    may_have_arrived: bool,
) -> Option<Result<serde_json::Value, ApiError>> {
    let status = error.status.unwrap_or(0);
    if error.kind == ErrorKind::Undecodable && (200..300).contains(&status) {
        return Some(Err(ApiError::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "the provider answered {status} but its answer could not be read ({}); check before trying again",
                error.message
            ),
        )));
    }
    if *method == reqwest::Method::DELETE && may_have_arrived && status == 404 {
        tracing::info!("a repeated delete found the customer gone: the first attempt deleted it");
        return Some(Ok(serde_json::Value::Null));
    }
    None
}

/// `Retry-After` in seconds (the HTTP-date form is rare in APIs and treated as absent).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_requests_retry_on_5xx_429_and_broken_connections_only() {
        for failure in [
            Failure::Status(500),
            Failure::Status(503),
            Failure::Status(429),
            Failure::MaybeSent,
        ] {
            assert!(
                next_delay(Repeat::Safe, failure, 1, None, 0.5).is_some(),
                "{failure:?}"
            );
        }
        for status in [400, 401, 404, 422] {
            assert_eq!(
                next_delay(Repeat::Safe, Failure::Status(status), 1, None, 0.5),
                None
            );
        }
    }

    #[test]
    fn creates_are_retried_only_when_they_never_left() {
        assert!(next_delay(Repeat::Never, Failure::NotSent, 1, None, 0.5).is_some());
        assert_eq!(
            next_delay(Repeat::Never, Failure::MaybeSent, 1, None, 0.5),
            None
        );
        assert_eq!(
            next_delay(Repeat::Never, Failure::Status(503), 1, None, 0.5),
            None
        );
    }

    #[test]
    fn at_most_three_attempts() {
        assert!(next_delay(Repeat::Safe, Failure::Status(503), 2, None, 0.5).is_some());
        assert_eq!(
            next_delay(Repeat::Safe, Failure::Status(503), 3, None, 0.5),
            None
        );
    }

    #[test]
    fn backoff_grows_and_retry_after_wins() {
        let first = next_delay(Repeat::Safe, Failure::Status(503), 1, None, 1.0).unwrap();
        let second = next_delay(Repeat::Safe, Failure::Status(503), 2, None, 1.0).unwrap();
        assert!(second > first);
        let told = Some(Duration::from_secs(2));
        assert_eq!(
            next_delay(Repeat::Safe, Failure::Status(429), 1, told, 0.1),
            told
        );
        let too_long = Some(Duration::from_secs(3600));
        assert_eq!(
            next_delay(Repeat::Safe, Failure::Status(429), 1, too_long, 0.1),
            None
        );
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
