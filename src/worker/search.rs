//! The global search in the worker: wait out a burst of keys, then ask the store's search thread on
//! the "global" lane. A newer search aborts this task while it waits (so a burst costs one query) and
//! interrupts its query in the store once it runs; either way only the newest answers.

use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::{Outcome, RequestId, WorkerEvent};
use crate::domain::{ApiError, ErrorKind, ProviderId};
use crate::store::{MirrorQuery, Store, StoreError};

/// How long a key waits for the next before its search runs: shorter than typing (~100 ms between
/// keys), longer than a paste's or a held key's burst.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

pub async fn global(
    store: Option<Store>,
    query: MirrorQuery,
    id: RequestId,
    provider: ProviderId,
    events: mpsc::UnboundedSender<WorkerEvent>,
) {
    tokio::time::sleep(DEBOUNCE).await;
    let started = Instant::now();
    let result = match &store {
        Some(store) => store.window("global", query.clone()).await,
        None => Err(StoreError::Closed),
    };
    let result = match result {
        // A newer search took its place: that one answers.
        Err(StoreError::Superseded) => return,
        Err(StoreError::Closed) if store.is_none() => Err(ApiError::new(
            ErrorKind::Config,
            "there is no local mirror to search".to_string(),
        )),
        other => other.map_err(|e| ApiError::new(ErrorKind::Config, e.to_string())),
    };
    let took = started.elapsed();
    drop(events.send(WorkerEvent {
        id,
        provider,
        elapsed: took,
        outcome: Outcome::Found {
            query,
            result,
            took,
        },
    }));
}

/// A global search's answer that never reached the store.
pub fn found(query: MirrorQuery, result: Result<crate::store::MirrorWindow, ApiError>) -> Outcome {
    Outcome::Found {
        query,
        result,
        took: Duration::ZERO,
    }
}
