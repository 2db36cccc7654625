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
