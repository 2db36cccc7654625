//! Turning any answer into JSON or an [`ApiError`]: bodies of every status and shape, HTML error pages,
//! and the transport's own failures (timeouts, refused connections).

use reqwest::StatusCode;
use serde_json::Value as Json;

use super::super::errors::decode_error;
use crate::domain::{ApiError, ErrorKind};

/// The JSON of a body, or the error it carries (whatever its status and shape).
pub fn decode_body(status: StatusCode, body: &str) -> Result<Json, ApiError> {
    if body.trim().is_empty() {
        return if status.is_success() {
            Ok(Json::Null)
        } else {
            Err(status_error(status, ""))
        };
    }
    match serde_json::from_str::<Json>(body) {
        Ok(json) => match decode_error(status, &json) {
            // Some APIs report errors inside a 200 (CycleSoftware's `error: true`, Ngorder's "Failed").
            Some(error) => Err(error),
            None => Ok(json),
        },
        Err(_) if status.is_success() => Err(undecodable(status, body)),
        Err(_) => Err(status_error(status, first_line(body))),
    }
}

pub(super) fn transport_error(error: &reqwest::Error) -> ApiError {
    // reqwest's message can include the URL (never credentials: those travel in headers).
    if error.is_timeout() {
        ApiError::new(ErrorKind::Timeout, "the provider did not answer in time")
    } else if error.is_decode() {
        ApiError::new(
            ErrorKind::Undecodable,
            format!("could not read the answer: {}", root_cause(error)),
        )
    } else {
        ApiError::new(
            ErrorKind::Network,
            format!("could not reach the provider: {}", root_cause(error)),
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
    let kind = ErrorKind::for_status(status.as_u16());
    let message = if message.is_empty() {
        status.canonical_reason().unwrap_or("").to_string()
    } else {
        message.to_string()
    };
    ApiError::new(kind, message).with_status(status.as_u16())
}

fn undecodable(status: StatusCode, body: &str) -> ApiError {
    ApiError::new(
        ErrorKind::Undecodable,
        format!("not JSON: {}", first_line(body)),
    )
    .with_status(status.as_u16())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_error_pages_become_errors_with_their_first_line() {
        let error = decode_body(
            StatusCode::BAD_GATEWAY,
            "\n<html><body>502 Bad Gateway</body></html>\n",
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(error.message, "<html><body>502 Bad Gateway</body></html>");
        let error = decode_body(StatusCode::OK, "{\"data\": [1, 2").unwrap_err();
        assert_eq!(error.kind, ErrorKind::Undecodable);
        assert!(error.message.starts_with("not JSON: {\"data\""));
    }

    #[test]
    fn empty_success_is_null_and_long_lines_are_cut() {
        assert_eq!(decode_body(StatusCode::NO_CONTENT, "").unwrap(), Json::Null);
        let long = "x".repeat(500);
        let error = decode_body(StatusCode::INTERNAL_SERVER_ERROR, &long).unwrap_err();
        assert_eq!(error.message.len(), 120);
    }
}
