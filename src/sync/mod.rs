//! The sync: one provider's whole customer list paged into the mirror, largest pages first, each page
//! written with the cursor that follows it in one transaction (so a pass killed anywhere continues
//! where it stopped), unseen customers marked gone at the end of a full pass, and only what changed
//! read where the API can filter on it. What differs between providers is data (`spec.mirror`).

mod rows;

use std::time::{Duration, Instant};

use crate::domain::{ApiError, Cursor, ErrorKind, PageRequest, ProviderId};
use crate::providers::mirror::Incremental;
use crate::providers::rate_limit::{Budget, Class, Counting};
use crate::providers::{Client, RawPage, Traffic};
use crate::store::{PassKind, RunningPass, Store, StoreError, SyncState, Turn, now_ms};

pub use rows::mirror_row;

/// A page that failed (after the transport's own retries) is tried again this many times in all,
/// waiting longer each time, before the pass stops (to be continued by the next run).
const PAGE_ATTEMPTS: u32 = 6;
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Where the mark is the time a pass began, the next pass reaches back this much further, for clock
/// skew between us and the provider and for changes committed while the pass read past them.
const CLOCK_MARGIN_SECS: i64 = 10 * 60;

#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Begin a full pass even where an incremental one would do (a full pass under way is continued).
    pub full: bool,
}

/// Where a running sync stands, after each page.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub provider: ProviderId,
    pub kind: PassKind,
    /// Customers written in this pass so far (a resumed pass counts from where it was).
    pub customers: u64,
    /// The provider's own count, where it tells.
    pub total: Option<u64>,
    /// Requests this run sent, and 429s it met.
    pub traffic: Traffic,
}

/// How a provider's sync ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub provider: ProviderId,
    pub kind: PassKind,
    /// Customers the mirror holds for the provider now (not gone).
    pub customers: u64,
    /// Customers this run found gone.
    pub gone: usize,
    pub traffic: Traffic,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Provider(ApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The provider's paging went round in a circle; the pass ended rather than loop.
    #[error("the pass stopped: {0}")]
    Loop(String),
}

/// Sync one provider until its mirror is complete (or a page fails for good, or its paging loops).
/// `progress` hears after every page written.
pub async fn run(
    client: &Client,
    store: &Store,
    options: &SyncOptions,
    progress: &mut (dyn FnMut(&Progress) + Send),
) -> Result<Report, SyncError> {
    let started = Instant::now();
    let spec = client.spec();
    let key = spec.id.key();
    let before = client.traffic();
    let traffic = || {
        let now = client.traffic();
        Traffic {
            requests: now.requests - before.requests,
            rate_limited: now.rate_limited - before.rate_limited,
        }
    };
    let mut state = store.call(move |b| b.sync_state(key)).await?;
    let running = match state.running.take() {
        Some(running) if !(options.full && running.kind == PassKind::Incremental) => running,
        _ => begin(
            &mut state,
            spec.mirror.incremental.as_ref(),
            options,
            client.first_page().cursor,
        ),
    };
    let kind = running.kind;
    state.running = Some(running);
    state.last_error = None;
    let saved = state.clone();
    store.call(move |b| b.save_sync_state(&saved)).await?;

    let size = spec
        .mirror
        .page_size
        .unwrap_or_else(|| client.first_page().size);
    let mut previous_ids: Vec<String> = Vec::new();
    let turn = if client.budgeted() {
        Turn::Budgeted
    } else {
        Turn::Unbudgeted
    };
    // The page being written while the next one is fetched: the store's thread and the network work
    // at once. At most one write is in flight, so the store applies them in order.
    let mut writing: Option<(Writing, Progress)> = None;
    loop {
        let running = state.running.as_mut().expect("a pass is under way");
        let cursor = decode_cursor(&running.cursor)
            .ok_or_else(|| SyncError::Loop(format!("unreadable cursor {:?}", running.cursor)))?;
        let request = PageRequest { cursor, size };
        let query = query(spec, running);
        // The page is as of when it was asked for: what the app writes after that is newer.
        let asked_at = now_ms();
        let fetched = fetch(client, request, &query).await;
        if let Some((write, heard)) = writing.take() {
            written(write).await?;
            progress(&heard);
        }
        let running = state.running.as_mut().expect("a pass is under way");
        let page = match fetched {
            Ok(page) => page,
            Err(error) => {
                // The cursor stays where it was: the next run continues from this page.
                state.last_error = Some(error.to_string());
                let saved = state.clone();
                store.call(move |b| b.save_sync_state(&saved)).await?;
                return Err(SyncError::Provider(error));
            }
        };
        let ids: Vec<String> = page.page.records.iter().map(|r| r.id.clone()).collect();
        if let Some(problem) = looping(cursor, page.page.next, &previous_ids, &ids) {
            state.last_error = Some(problem.clone());
            state.running = None;
            let saved = state.clone();
            store.call(move |b| b.save_sync_state(&saved)).await?;
            return Err(SyncError::Loop(problem));
        }
        let rows: Vec<_> = page
            .page
            .records
            .iter()
            .zip(&page.raw)
            .map(|(record, raw)| mirror_row(&spec.schema, record, raw))
            .collect();
        let mark = spec.mirror.incremental.as_ref().and_then(|i| i.mark);
        if let Some(field) = mark {
            let newest = page.page.records.iter().map(|r| r.text(field)).max();
            running.high_water = running.high_water.take().max(newest);
        }
        running.customers += rows.len() as i64;
        running.requests += 1;
        // The last page keeps its own cursor: a run killed before the end reads it again.
        if let Some(next) = page.page.next {
            running.cursor = encode_cursor(next);
        }
        if let Some(totals) = page.page.totals {
            state.total = Some(totals.records as i64);
        }
        let customers = running.customers as u64;
        let saved = state.clone();
        let write = tokio::spawn({
            let store = store.clone();
            async move {
                store
                    .call_in(turn, move |b| b.write_page(&rows, asked_at, &saved))
                    .await
            }
        });
        let heard = Progress {
            provider: spec.id,
            kind,
            customers,
            total: state.total.map(|t| t as u64),
            traffic: traffic(),
        };
        if page.page.next.is_none() {
            written(write).await?;
            progress(&heard);
            break;
        }
        writing = Some((write, heard));
        previous_ids = ids;
    }

    let running = state.running.take().expect("a pass is under way");
    let finished = now_ms();
    state.high_water = match spec.mirror.incremental.as_ref() {
        Some(Incremental { mark: Some(_), .. }) => running.high_water.or(state.high_water.take()),
        Some(Incremental { mark: None, .. }) => Some(crate::providers::decode::format_unix(
            running.started_ms / 1000 - CLOCK_MARGIN_SECS,
        )),
        None => None,
    };
    state.finished_ms = Some(finished);
    if kind == PassKind::Full {
        state.full_finished_ms = Some(finished);
    }
    let saved = state.clone();
    let gone = store
        .call(move |b| b.finish_pass(&saved, kind == PassKind::Full))
        .await?;
    let count = store.call(move |b| b.mirror_count(key)).await?;
    Ok(Report {
        provider: spec.id,
        kind,
        customers: count.present,
        gone,
        traffic: traffic(),
        elapsed: started.elapsed(),
    })
}

/// A page's write, handed to the store while the next page is fetched.
type Writing = tokio::task::JoinHandle<Result<(), StoreError>>;

/// Waits for a page's write to be done.
async fn written(write: Writing) -> Result<(), SyncError> {
    write
        .await
        .map_err(|e| SyncError::Loop(format!("writing a page failed: {e}")))?
        .map_err(SyncError::from)
}

/// A new pass: full when asked, when the API cannot filter on change, when no full pass has finished
/// yet, or when the last one is older than the API's `full_every`; incremental otherwise.
fn begin(
    state: &mut SyncState,
    incremental: Option<&Incremental>,
    options: &SyncOptions,
    first: Cursor,
) -> RunningPass {
    let now = now_ms();
    let full_due = |every: Duration| {
        state
            .full_finished_ms
            .is_none_or(|at| now.saturating_sub(at) >= every.as_millis() as i64)
    };
    let incremental = incremental
        .filter(|i| !options.full && !full_due(i.full_every))
        .and(state.high_water.clone());
    let kind = if incremental.is_some() {
        PassKind::Incremental
    } else {
        state.pass += 1;
        PassKind::Full
    };
    RunningPass {
        kind,
        cursor: encode_cursor(first),
        since: incremental,
        started_ms: now,
        customers: 0,
        requests: 0,
        high_water: None,
    }
}

/// The filters of this pass: the stable order of a full pass, or the incremental's lower bound.
fn query(
    spec: &crate::providers::ProviderSpec,
    running: &RunningPass,
) -> Vec<(&'static str, String)> {
    let fixed = |pairs: &'static [(&'static str, &'static str)]| {
        pairs.iter().map(|(k, v)| (*k, v.to_string()))
    };
    match (&spec.mirror.incremental, running.kind, &running.since) {
        (Some(incremental), PassKind::Incremental, Some(since)) => fixed(incremental.query)
            .chain([(incremental.param, incremental.format.format(since))])
            .collect(),
        _ => fixed(spec.mirror.full_query).collect(),
    }
}

/// Fetch a page, trying again with growing waits while the failure may pass.
async fn fetch(
    client: &Client,
    request: PageRequest,
    query: &[(&'static str, String)],
) -> Result<RawPage, ApiError> {
    let mut wait = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        match client.list_raw(request, query).await {
            Ok(page) => return Ok(page),
            Err(error) if attempt < PAGE_ATTEMPTS && passing(&error) => {
                tracing::info!(
                    provider = %client.spec().id,
                    error = %crate::logging::brief(&error),
                    attempt,
                    "sync page failed; trying again"
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(MAX_BACKOFF);
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Failures that may pass by themselves (the provider's, the network's, a spent budget).
fn passing(error: &ApiError) -> bool {
    matches!(
        error.kind,
        ErrorKind::Server
            | ErrorKind::Network
            | ErrorKind::Timeout
            | ErrorKind::Undecodable
            | ErrorKind::RateLimited
    )
}

/// Why the pass must stop rather than loop: the next page would not be further on, or the provider
/// answered the same customers as for the page before.
fn looping(
    cursor: Cursor,
    next: Option<Cursor>,
    previous: &[String],
    ids: &[String],
) -> Option<String> {
    if !ids.is_empty() && ids == previous {
        return Some(format!(
            "the provider answered the same {} customers for {} as for the page before",
            ids.len(),
            describe(cursor)
        ));
    }
    let position = |c: Cursor| match c {
        Cursor::Page(n) | Cursor::Offset(n) => n,
    };
    match next {
        Some(next) if position(next) <= position(cursor) => Some(format!(
            "the provider sent {} back to {} as the next page",
            describe(cursor),
            describe(next)
        )),
        _ => None,
    }
}

fn describe(cursor: Cursor) -> String {
    match cursor {
        Cursor::Page(n) => format!("page {n}"),
        Cursor::Offset(n) => format!("offset {n}"),
    }
}

/// Cursors as the store keeps them: `page:3`, `offset:300`.
fn encode_cursor(cursor: Cursor) -> String {
    match cursor {
        Cursor::Page(n) => format!("page:{n}"),
        Cursor::Offset(n) => format!("offset:{n}"),
    }
}

fn decode_cursor(text: &str) -> Option<Cursor> {
    let (kind, number) = text.split_once(':')?;
    let number = number.parse().ok()?;
    match kind {
        "page" => Some(Cursor::Page(number)),
        "offset" => Some(Cursor::Offset(number)),
        _ => None,
    }
}

/// The least time, in seconds, the provider's read budgets allow for `requests` requests begun at
/// `start` (Unix seconds). In a moving window the k-th request (from 0) cannot go before `k / limit`
/// whole periods have passed; in fixed windows on the clock, before the `k / limit`-th window
/// boundary after the start.
pub fn bound_seconds(budgets: &[Budget], requests: u64, start: f64) -> f64 {
    budgets
        .iter()
        .filter(|b| b.class.is_none_or(|c| c == Class::Read) && b.limit > 0)
        .map(|b| {
            let windows = requests.saturating_sub(1) / u64::from(b.limit);
            let period = b.period.as_secs_f64();
            match (b.counting, windows) {
                (_, 0) => 0.0,
                (Counting::Sliding, n) => n as f64 * period,
                (Counting::Fixed, n) => {
                    let first = period - start.rem_euclid(period);
                    first + (n - 1) as f64 * period
                }
            }
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests;
