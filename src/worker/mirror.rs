//! The mirror while the TUI runs: one background sync per provider whose mirror is on, repeated every
//! few minutes, its progress sent to the app as [`SyncStatus`] events (a few per second at most); and
//! customers the app reads or writes written to the mirror as the provider answered them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::{Outcome, RequestId, WorkerEvent};
use crate::domain::{ProviderId, Record, Value};
use crate::providers::Client;
use crate::store::{PassKind, Store, now_ms};
use crate::sync::{self, Progress, SyncError, SyncOptions};

/// Progress events per provider: at most one per this long (the last page's figures come with the
/// pass's end anyway).
const THROTTLE: Duration = Duration::from_millis(300);
/// After a failed pass, the next try comes sooner than the usual interval, but not at once.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// Where a provider's mirror stands, as the app shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    /// When these figures were taken (Unix ms): the app's clock for "ago" and rates.
    pub at_ms: i64,
    /// Customers the mirror holds (not gone), as of the last pass's end or start.
    pub mirrored: u64,
    /// When the last pass finished (Unix ms), if one ever did.
    pub synced_ms: Option<i64>,
    pub phase: SyncPhase,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncPhase {
    /// A pass is paging: customers so far of the provider's total, requests and 429s of this run,
    /// customers per second since the run began.
    Syncing {
        kind: PassKind,
        customers: u64,
        total: Option<u64>,
        requests: u64,
        rate_limited: u64,
        per_second: f64,
    },
    /// Between passes.
    Idle,
    /// The last pass stopped short (the provider unreachable, refusing): the mirror is stale.
    Failed { error: String },
    /// `--offline`: no sync runs; the mirror is as the last run left it.
    Offline,
}

/// Keep `client`'s provider mirrored until the worker stops: a pass (continuing an interrupted one),
/// then another every `every`.
pub async fn keep_synced(
    client: Arc<Client>,
    store: Store,
    events: mpsc::UnboundedSender<WorkerEvent>,
    every: Duration,
) {
    let provider = client.spec().id;
    let key = provider.key();
    let send = move |events: &mpsc::UnboundedSender<WorkerEvent>, status: SyncStatus| {
        events
            .send(WorkerEvent {
                // Not a request of the app's: matched by provider.
                id: RequestId(u64::MAX),
                provider,
                elapsed: Duration::ZERO,
                outcome: Outcome::Sync(status),
            })
            .is_ok()
    };
    loop {
        let known = store
            .call(move |b| Ok((b.mirror_count(key)?, b.sync_state(key)?)))
            .await;
        let (count, state) = match known {
            Ok(known) => known,
            Err(error) => {
                tracing::error!(%provider, %error, "the mirror cannot be read; no sync");
                return;
            }
        };
        let (mirrored, synced_ms) = (count.present, state.finished_ms);
        // A resumed pass counts from where it stopped; the rate is of what this run wrote.
        let resumed_at = state
            .running
            .as_ref()
            .map_or(0, |r| r.customers.max(0) as u64);
        let idle = SyncStatus {
            at_ms: now_ms(),
            mirrored,
            synced_ms,
            phase: SyncPhase::Idle,
        };
        if !send(&events, idle) {
            return;
        }
        let started = Instant::now();
        let mut last: Option<Instant> = None;
        let progress_events = events.clone();
        let mut progress = move |p: &Progress| {
            if last.is_some_and(|at| at.elapsed() < THROTTLE) {
                return;
            }
            last = Some(Instant::now());
            let status = syncing(p, mirrored, synced_ms, started, resumed_at);
            send(&progress_events, status);
        };
        let result = sync::run(&client, &store, &SyncOptions::default(), &mut progress).await;
        let wait = match result {
            Ok(report) => {
                let done = SyncStatus {
                    at_ms: now_ms(),
                    mirrored: report.customers,
                    synced_ms: Some(now_ms()),
                    phase: SyncPhase::Idle,
                };
                if !send(&events, done) {
                    return;
                }
                every
            }
            Err(error) => {
                let error = match &error {
                    // The provider's message may quote customer data: its kind and status only.
                    SyncError::Provider(e) => crate::logging::brief(e).to_string(),
                    other => other.to_string(),
                };
                tracing::warn!(%provider, %error, "sync stopped; the mirror is stale");
                let failed = SyncStatus {
                    at_ms: now_ms(),
                    mirrored,
                    synced_ms,
                    phase: SyncPhase::Failed { error },
                };
                if !send(&events, failed) {
                    return;
                }
                every.min(RETRY_AFTER)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

fn syncing(
    p: &Progress,
    mirrored: u64,
    synced_ms: Option<i64>,
    started: Instant,
    resumed_at: u64,
) -> SyncStatus {
    let seconds = started.elapsed().as_secs_f64();
    SyncStatus {
        at_ms: now_ms(),
        mirrored,
        synced_ms,
        phase: SyncPhase::Syncing {
            kind: p.kind,
            customers: p.customers,
            total: p.total,
            requests: p.traffic.requests,
            rate_limited: p.traffic.rate_limited,
            per_second: if seconds > 0.0 {
                p.customers.saturating_sub(resumed_at) as f64 / seconds
            } else {
                0.0
            },
        },
    }
}

/// Say where each mirror stands when no sync runs (`--offline`): its count and last sync, once.
pub async fn announce_offline(
    provider: ProviderId,
    store: Store,
    events: mpsc::UnboundedSender<WorkerEvent>,
) {
    let key = provider.key();
    let known = store
        .call(move |b| Ok((b.mirror_count(key)?, b.sync_state(key)?)))
        .await;
    let (count, state) = match known {
        Ok(known) => known,
        Err(error) => {
            tracing::error!(%provider, %error, "the mirror cannot be read");
            return;
        }
    };
    drop(events.send(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms: now_ms(),
            mirrored: count.present,
            synced_ms: state.finished_ms,
            phase: SyncPhase::Offline,
        }),
    }));
}

/// Write a customer the provider just answered with (a get-one, a create or update) to the mirror.
/// The decoded answer is written back as JSON the schema's decoder reads the same way (numbers as
/// numbers, lists as lists), until the next pass brings the provider's own.
pub async fn refresh(store: &Store, provider: ProviderId, record: &Record) {
    let spec = crate::providers::spec(provider);
    let row = sync::mirror_row(
        &spec.schema,
        record,
        &record_json(spec.schema.id_key, record),
    );
    let key = provider.key();
    if let Err(error) = store
        .call(move |b| b.upsert_customer(key, &row, now_ms()))
        .await
    {
        tracing::error!(%provider, %error, "could not update the mirror");
    }
}

/// A create the provider answered with the new id only (Ngorder): the customer is read back
/// ([`Client::read_created`]) and written to the mirror, so it is there before the next pass.
pub async fn read_back(store: &Store, client: &Client, id: &str) {
    let provider = client.spec().id;
    match client.read_created(id).await {
        Ok(Some(record)) => refresh(store, provider, &record).await,
        Ok(None) => {
            tracing::info!(%provider, "a created customer was not found to mirror; the next pass brings it")
        }
        Err(error) => tracing::warn!(
            %provider,
            error = %crate::logging::brief(&error),
            "could not read a created customer back; the next pass brings it"
        ),
    }
}

/// A record action the provider carried out: the mirror takes its documented effect (the fields it
/// sets), or loses the customer it deleted.
pub async fn acted(store: &Store, provider: ProviderId, action: &'static str, mut record: Record) {
    let spec = crate::providers::spec(provider);
    let Some(action) = spec.action(action) else {
        return;
    };
    match (action.effect)(&record) {
        crate::providers::ops::Effect::Remove => {
            let key = provider.key();
            let id = record.id.clone();
            if let Err(error) = store.call(move |b| b.mark_gone(key, &id, now_ms())).await {
                tracing::error!(%provider, %error, "could not update the mirror");
            }
        }
        crate::providers::ops::Effect::Set(changes) => {
            for (key, value) in changes {
                match record.fields.iter_mut().find(|(k, _)| k == key) {
                    Some((_, slot)) => *slot = value,
                    None => record.fields.push((key.to_string(), value)),
                }
            }
            refresh(store, provider, &record).await;
        }
    }
}

/// A record as JSON that decodes back to it: the inverse of the schema's decoder.
pub fn record_json(id_key: &str, record: &Record) -> serde_json::Value {
    use serde_json::Value as Json;
    fn value(v: &Value) -> Json {
        match v {
            Value::Empty => Json::Null,
            Value::Text(text) | Value::Time(text) => Json::String(text.clone()),
            Value::Integer(n) => Json::from(*n),
            Value::Decimal(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Value::Bool(b) => Json::Bool(*b),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .map(|item| {
                        Json::Object(item.iter().map(|(k, v)| (k.clone(), value(v))).collect())
                    })
                    .collect(),
            ),
        }
    }
    let mut object: serde_json::Map<String, Json> = record
        .fields
        .iter()
        .map(|(key, v)| (key.clone(), value(v)))
        .collect();
    object.insert(id_key.to_string(), Json::String(record.id.clone()));
    Json::Object(object)
}
