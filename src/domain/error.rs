use std::collections::BTreeMap;
use std::fmt;

/// What went wrong with a provider call, in the terms a user acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Credentials missing, wrong or expired.
    Auth,
    NotFound,
    /// The provider refused the data; see `ApiError::fields`.
    Validation,
    RateLimited,
    /// The provider failed (5xx).
    Server,
    /// The connection failed or was dropped.
    Network,
    Timeout,
    /// The body was not what the API documents (HTML error page, truncated JSON…).
    Undecodable,
    /// Our configuration cannot work (missing secret, bad URL).
    Config,
    /// A write may or may not have been carried out (the connection broke after sending).
    OutcomeUnknown,
    /// The record changed at the provider since it was read; saving would undo someone's edit.
    Conflict,
    /// This provider's API has no such operation.
    Unsupported,
    /// Refused: clientele runs read-only.
    ReadOnly,
}

impl ErrorKind {
    /// The kind an HTTP status means. A success status only reaches here with an error envelope
    /// inside (CycleSoftware's `error: true`, Ngorder's "Failed"): the provider refused.
    pub fn for_status(status: u16) -> ErrorKind {
        match status {
            401 | 403 => ErrorKind::Auth,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited,
            500.. => ErrorKind::Server,
            100..=199 | 300..=399 => ErrorKind::Server,
            _ => ErrorKind::Validation,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Auth => "not authorised",
            ErrorKind::NotFound => "not found",
            ErrorKind::Validation => "rejected",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "provider error",
            ErrorKind::Network => "network error",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Undecodable => "unreadable answer",
            ErrorKind::Config => "configuration",
            ErrorKind::OutcomeUnknown => "outcome unknown",
            ErrorKind::Conflict => "changed meanwhile",
            ErrorKind::Unsupported => "not supported",
            ErrorKind::ReadOnly => "read-only",
        }
    }
}

/// An error from a provider call, decoded from whichever error shape that provider uses.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// HTTP status where there was one.
    pub status: Option<u16>,
    /// The provider's own message, or ours when it gave none.
    pub message: String,
    /// Validation messages per field (our field keys).
    pub fields: BTreeMap<String, Vec<String>>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            status: None,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind.label())?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
