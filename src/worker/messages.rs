//! The two message types between the app and the worker.

use crate::domain::{ApiError, Page, PageRequest, ProviderId};

/// Identifies one request; the app ignores results whose id it no longer waits for (newest wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Work for the worker. Each carries the id its result will come back with.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Fetch one page of a provider's customers. A newer `FetchPage` for the same provider makes this one
    /// obsolete: the worker cancels it.
    FetchPage {
        id: RequestId,
        provider: ProviderId,
        request: PageRequest,
    },
}

impl Command {
    pub fn id(&self) -> RequestId {
        match self {
            Command::FetchPage { id, .. } => *id,
        }
    }
}

/// A result from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    PageLoaded {
        id: RequestId,
        provider: ProviderId,
        request: PageRequest,
        result: Result<Page, ApiError>,
    },
}
