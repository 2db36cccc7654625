//! The worker: owns the provider clients and runs [`Command`]s as tokio tasks, so the UI never waits on
//! the network. Results come back as [`WorkerEvent`]s over a channel.
//!
//! Commands of one provider run concurrently up to [`PER_PROVIDER`] at a time (a slow provider cannot
//! starve the others, and no provider gets a burst it would answer with 429s). A newer page fetch for a
//! provider aborts the older one, so fast paging only costs the requests still needed.

mod background;
pub mod check;
pub mod files;
pub mod journaling;
pub mod locate;
mod messages;
pub mod mirror;
mod recording;
mod search;
pub mod submissions;
pub mod window;

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;

pub use messages::{Command, Outcome, RequestId, Slot, TerminalOp, TokenKept, Work, WorkerEvent};

use crate::config::Settings;
use crate::domain::{ApiError, ErrorKind, ProviderId};
use crate::providers::{Client, Saved};
use crate::vault::Vault;

/// Calls in flight per provider.
pub const PER_PROVIDER: usize = 4;

/// What the worker may do, and where it keeps what must outlive a call.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Refuse every mutating command, whatever the UI sends.
    pub read_only: bool,
    /// Refuse mutating commands for these providers.
    pub read_only_providers: Vec<ProviderId>,
    /// Where one-time customer tokens are kept. Without it a token travels to the UI to be shown once.
    pub vault: Option<Vault>,
    /// Where pending submissions are kept, so following them resumes after a restart.
    pub submissions: Option<submissions::Store>,
    /// The data directory drafts are kept in.
    pub drafts: Option<std::path::PathBuf>,
    /// The journal every write is recorded in before it is sent. Without one (tests of the clients
    /// alone) writes go unrecorded.
    pub journal: Option<crate::store::Store>,
    /// Keep the mirror (in the journal's store) in sync in the background, a pass this often, for
    /// providers whose mirror is on. Without it the mirror is only written by reads and writes.
    pub sync_every: Option<std::time::Duration>,
    /// `--offline`: nothing is sent to any provider (no sync either); the mirror still answers.
    pub offline: bool,
    /// Where saved columns and exports of marked customers go.
    pub files: files::Files,
}

struct Provider {
    client: Result<Arc<Client>, ApiError>,
    slots: Arc<Semaphore>,
    /// `mirror = false` in its config: nothing of it is kept in the mirror.
    mirror: bool,
}

/// Start the worker on the current tokio runtime. It runs until `commands` is closed.
pub fn spawn(
    settings: &Settings,
    policy: Policy,
    commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<WorkerEvent>,
) -> JoinHandle<()> {
    let providers = settings
        .providers
        .iter()
        .map(|p| {
            // Read-only: the OAuth token itself is asked for without write scopes.
            let read_only = policy.read_only || policy.read_only_providers.contains(&p.id);
            let p = &if read_only {
                p.without_write_scopes()
            } else {
                p.clone()
            };
            let provider = Provider {
                client: Client::new(p).map(Arc::new),
                slots: Arc::new(Semaphore::new(PER_PROVIDER)),
                mirror: p.mirror,
            };
            (p.id, provider)
        })
        .collect();
    background::resume_submissions(&providers, &policy, &events);
    let syncs = background::start_syncs(&providers, &policy, &events);
    tokio::spawn(run(providers, policy, commands, events, syncs))
}

/// The store that mirrors `provider`, unless its mirror is off.
fn mirror_of(
    providers: &HashMap<ProviderId, Provider>,
    policy: &Policy,
    provider: ProviderId,
) -> Option<crate::store::Store> {
    let on = providers.get(&provider).is_some_and(|p| p.mirror);
    policy.journal.clone().filter(|_| on)
}

async fn run(
    providers: HashMap<ProviderId, Provider>,
    policy: Policy,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<WorkerEvent>,
    mut syncs: tokio::task::JoinSet<()>,
) {
    let mut latest: HashMap<(ProviderId, Slot), JoinHandle<()>> = HashMap::new();
    let mut windows = window::Windows::default();
    let mut tasks = tokio::task::JoinSet::new();
    // The global search running or waiting out a burst of keys: the next one replaces it.
    let mut searching: Option<JoinHandle<()>> = None;
    while let Some(command) = commands.recv().await {
        tracing::debug!(id = command.id.0, provider = %command.provider, work = %command.work.describe(), "command");
        let Command { id, provider, work } = command;
        let started = std::time::Instant::now();
        let send = {
            let events = events.clone();
            // The app may have quit; nothing to do then.
            move |outcome| {
                let elapsed = started.elapsed();
                drop(events.send(WorkerEvent {
                    id,
                    provider,
                    elapsed,
                    outcome,
                }))
            }
        };
        // Drafts are files, not provider calls: kept or dropped here, quietly.
        match &work {
            // The event loop does these; one that reached here has nothing to do.
            Work::Terminal(_) => continue,
            Work::SaveDraft(draft) => {
                if let Some(dir) = &policy.drafts
                    && let Err(error) = crate::drafts::save(dir, draft)
                {
                    tracing::error!(%error, "could not keep a draft");
                }
                continue;
            }
            Work::DiscardDraft { key } => {
                if let Some(dir) = &policy.drafts
                    && let Err(error) = crate::drafts::remove(dir, key)
                {
                    tracing::error!(%error, "could not remove a draft");
                }
                continue;
            }
            Work::SaveColumns { .. } | Work::ExportMarked { .. } => {
                tasks.spawn(files::run(work, provider, policy.files.clone(), send));
                continue;
            }
            Work::GlobalSearch { query } => {
                let store = policy.journal.clone();
                let task = search::global(store, query.clone(), id, provider, events.clone());
                if let Some(older) = searching.replace(tokio::spawn(task)) {
                    older.abort();
                }
                continue;
            }
            Work::ReadJournal { limit } => {
                let query = crate::store::JournalQuery {
                    since_ms: None,
                    limit: Some(*limit),
                };
                let journal = policy.journal.clone();
                tasks.spawn(async move {
                    let entries = match journal {
                        Some(journal) => journal
                            .call(move |b| b.journal(&query))
                            .await
                            .map_err(|e| ApiError::new(ErrorKind::Config, e.to_string())),
                        None => Ok(Vec::new()),
                    };
                    send(Outcome::Journal(entries));
                });
                continue;
            }
            Work::Window {
                query,
                ahead,
                debounce,
            } => {
                let store = policy.journal.clone();
                windows.spawn(store, id, provider, query.clone(), *ahead, *debounce, send);
                continue;
            }
            Work::Locate(ask) => {
                // Asked here, in the order the commands came: the newest ask is the one answered.
                let task = locate::ask(policy.journal.as_ref(), ask.clone());
                tasks.spawn(async move {
                    if let Some(outcome) = task.await {
                        send(outcome);
                    }
                });
                continue;
            }
            _ => {}
        }
        if policy.offline {
            send(failure(
                &work,
                ApiError::new(
                    ErrorKind::Network,
                    "offline (--offline): nothing is sent to the provider",
                ),
            ));
            continue;
        }
        let read_only = policy.read_only || policy.read_only_providers.contains(&provider);
        if read_only && work.is_mutating() {
            tracing::warn!(%provider, work = %work.describe(), "refused: read-only mode");
            send(refusal(&work));
            continue;
        }
        let Some(target) = providers.get(&provider) else {
            send(failure(
                &work,
                ApiError::new(ErrorKind::Config, format!("{provider} is not configured")),
            ));
            continue;
        };
        let client = match &target.client {
            Ok(client) => client.clone(),
            Err(error) => {
                send(failure(&work, error.clone()));
                continue;
            }
        };
        let slots = target.slots.clone();
        let mirror = policy.journal.clone().filter(|_| target.mirror);
        let vault = policy.vault.clone();
        let store = policy.submissions.clone();
        let journal = policy.journal.clone();
        let events = events.clone();
        let slot = work.slot();
        let task = async move {
            // A closed semaphore cannot happen (we never close it); run unthrottled if it did.
            let _slot = slots.acquire_owned().await.ok();
            // Write-ahead: the intent is on disk before the write leaves; if it cannot be, nothing is sent.
            let entry = match recording::begin_write(journal.as_ref(), client.spec(), &work).await {
                Ok(entry) => entry,
                Err(error) => {
                    send(failure(&work, error));
                    return;
                }
            };
            // What a write was for, in case it becomes a submission to follow.
            let written = match &work {
                Work::Create { values } => Some((None, values.clone())),
                Work::Update { original, values } => Some((Some(original.clone()), values.clone())),
                _ => None,
            };
            // A customer read one by one or written: the mirror takes the provider's answer.
            let refreshes = matches!(
                work,
                Work::Get { .. } | Work::Create { .. } | Work::Update { .. }
            );
            let created = matches!(work, Work::Create { .. });
            let acted = match &work {
                Work::Act { action, record } => Some((*action, record.clone())),
                _ => None,
            };
            let outcome = perform(&client, work, vault.as_ref(), journal.as_ref()).await;
            recording::end_write(journal.as_ref(), entry, &outcome).await;
            if let (Some(mirror), true) = (&mirror, refreshes) {
                match &outcome {
                    Outcome::Record(Ok(record))
                    | Outcome::Saved(
                        Ok(crate::providers::WriteOutcome {
                            saved: Saved::Record(record),
                            ..
                        }),
                        _,
                    ) => mirror::refresh(mirror, provider, record).await,
                    // Answered with the id only: read it back, before the app hears.
                    Outcome::Saved(
                        Ok(crate::providers::WriteOutcome {
                            saved: Saved::Id(id),
                            ..
                        }),
                        _,
                    ) if created => mirror::read_back(mirror, &client, id).await,
                    _ => {}
                }
            }
            if let (Some(mirror), Some((action, record)), Outcome::Acted(Ok(_))) =
                (&mirror, acted, &outcome)
            {
                mirror::acted(mirror, provider, action, record).await;
            }
            let quota = client.quota();
            let submitted = match (&outcome, written) {
                (Outcome::Saved(Ok(saved), _), Some((customer, values))) => match &saved.saved {
                    Saved::Submitted(submission) => {
                        let mut pending = submissions::Pending::new(
                            provider,
                            submission.clone(),
                            customer.as_ref(),
                            &values,
                        );
                        pending.journal = entry;
                        Some(pending)
                    }
                    _ => None,
                },
                _ => None,
            };
            if let Some(pending) = submitted {
                // Kept on disk first, so following survives a restart; then followed.
                if let Some(store) = &store {
                    store.add(pending.clone()).await;
                }
                tokio::spawn(submissions::follow(
                    client.clone(),
                    pending,
                    id,
                    store,
                    journal,
                    mirror.clone(),
                    events,
                ));
            }
            send(outcome);
            if !quota.lines.is_empty() {
                send(Outcome::Quota(quota));
            }
        };
        if let Some(slot) = slot {
            if let Some(previous) = latest.insert((provider, slot), tokio::spawn(task)) {
                previous.abort();
            }
        } else {
            tasks.spawn(task);
        }
        // Reap finished tasks so the set does not grow for the whole session.
        while tasks.try_join_next().is_some() {}
    }
    for task in latest.into_values().chain(searching) {
        task.abort();
    }
    tasks.abort_all();
    syncs.abort_all();
}

async fn perform(
    client: &Client,
    work: Work,
    vault: Option<&Vault>,
    journal: Option<&crate::store::Store>,
) -> Outcome {
    let provider = client.spec().id;
    let outcome = match work {
        Work::FetchPage {
            request,
            filters,
            search,
        } => {
            let result = if search {
                client.search(&filters).await
            } else {
                client.list_with(request, &filters).await
            };
            Outcome::Page(request, result)
        }
        Work::FetchRelated {
            list,
            customer,
            request,
            filters,
        } => Outcome::Page(
            request,
            client.related(list, &customer, request, &filters).await,
        ),
        Work::PerMonth => Outcome::PerMonth(client.per_month().await),
        Work::Export { query } => Outcome::Message(client.export(&query).await),
        // Handled before any provider is called.
        Work::SaveDraft(_)
        | Work::DiscardDraft { .. }
        | Work::Terminal(_)
        | Work::SaveColumns { .. }
        | Work::ExportMarked { .. } => Outcome::Message(Ok(String::new())),
        Work::ReadJournal { .. } => Outcome::Journal(Ok(Vec::new())),
        Work::Window { .. } => Outcome::Window(Err(ApiError::new(
            ErrorKind::Config,
            "a mirror window is read from the store, not the provider",
        ))),
        // Handled before a provider is looked up.
        Work::GlobalSearch { query } => search::found(query, Ok(Default::default())),
        Work::Locate(ask) => Outcome::Located(ask.failed(ApiError::new(
            ErrorKind::Config,
            "the mirror is read from the store, not the provider",
        ))),
        Work::Lookup {
            field,
            search,
            page,
        } => Outcome::Options(field, client.lookup(field, search.as_deref(), page).await),
        Work::Get { id } => Outcome::Record(client.get(&id).await),
        Work::Create { values } => match client.create(&values).await {
            Ok(mut outcome) => {
                let kept = outcome
                    .token
                    .take()
                    .map(|token| keep_token(vault, provider, &outcome.saved, token));
                Outcome::Saved(Ok(outcome), kept)
            }
            Err(error) => Outcome::Saved(Err(error), None),
        },
        Work::Update { original, values } => {
            Outcome::Saved(client.update(&original, &values).await, None)
        }
        Work::Act { action, record } => Outcome::Acted(client.act(action, &record).await),
        Work::CustomerSettings { customer } => {
            Outcome::Record(customer_settings(client, vault, &customer).await)
        }
        Work::KeptSettings => {
            let customers = vault.map(|v| v.customers(provider)).unwrap_or_default();
            let mut settings = Vec::new();
            // The newest few are enough for the status view; each is one call.
            for customer in customers.into_iter().take(KEPT_SETTINGS_SHOWN) {
                let result = customer_settings(client, vault, &customer).await;
                settings.push((customer, result));
            }
            Outcome::Settings(settings)
        }
        Work::Check(expected) => {
            let finding = check::check(client, &expected).await;
            if let Ok(check::Finding {
                done: Some(done),
                looked,
                ..
            }) = &finding
            {
                recording::settle_unknown(journal, provider, &expected, *done, looked).await;
            }
            Outcome::Checked(finding)
        }
    };
    if let Some(error) = outcome.error() {
        // The message often quotes the provider's body (customer data): debug level only.
        tracing::warn!(provider = %client.spec().id, error = %crate::logging::brief(error), "call failed");
        tracing::debug!(provider = %client.spec().id, %error, "call failed");
    }
    outcome
}

/// Customer settings read in the status view, at most.
const KEPT_SETTINGS_SHOWN: usize = 10;

/// Keep a one-time token before anyone is told the customer exists.
fn keep_token(
    vault: Option<&Vault>,
    provider: ProviderId,
    saved: &crate::providers::Saved,
    token: crate::config::Secret,
) -> TokenKept {
    let customer = match saved {
        crate::providers::Saved::Record(record) => record.id.clone(),
        crate::providers::Saved::Id(id) | crate::providers::Saved::Submitted(id) => id.clone(),
    };
    let Some(vault) = vault else {
        return TokenKept::Failed {
            error: "no data directory to keep it in".into(),
            token,
        };
    };
    match vault.store(provider, &customer, &token) {
        Ok(path) => {
            tracing::info!(%provider, customer, file = %path.display(), "customer token kept");
            TokenKept::Stored(path)
        }
        Err(error) => {
            tracing::error!(%provider, customer, %error, "could not keep the customer token");
            TokenKept::Failed {
                error: error.to_string(),
                token,
            }
        }
    }
}

async fn customer_settings(
    client: &Client,
    vault: Option<&Vault>,
    customer: &str,
) -> Result<crate::domain::Record, ApiError> {
    let token = vault
        .map(|v| v.load(client.spec().id, customer))
        .transpose()
        .map_err(|e| {
            ApiError::new(
                ErrorKind::Config,
                format!("cannot read the kept token: {e}"),
            )
        })?
        .flatten()
        .ok_or_else(|| {
            ApiError::new(
                ErrorKind::Auth,
                format!("no token is kept for customer {customer}"),
            )
        })?;
    client.customer_settings(&token).await
}

/// The outcome `work` gets when it fails before reaching the provider.
fn failure(work: &Work, error: ApiError) -> Outcome {
    match work {
        Work::FetchPage { request, .. } | Work::FetchRelated { request, .. } => {
            Outcome::Page(*request, Err(error))
        }
        Work::PerMonth => Outcome::PerMonth(Err(error)),
        Work::Export { .. }
        | Work::SaveDraft(_)
        | Work::DiscardDraft { .. }
        | Work::Terminal(_)
        | Work::SaveColumns { .. }
        | Work::ExportMarked { .. } => Outcome::Message(Err(error)),
        Work::Lookup { field, .. } => Outcome::Options(field, Err(error)),
        Work::Get { .. } | Work::CustomerSettings { .. } => Outcome::Record(Err(error)),
        Work::Create { .. } | Work::Update { .. } => Outcome::Saved(Err(error), None),
        Work::KeptSettings => Outcome::Settings(Vec::new()),
        Work::Check(_) => Outcome::Checked(Err(error)),
        Work::ReadJournal { .. } => Outcome::Journal(Err(error)),
        Work::Window { .. } => Outcome::Window(Err(error)),
        Work::GlobalSearch { query } => search::found(query.clone(), Err(error)),
        Work::Locate(ask) => Outcome::Located(ask.failed(error)),
        Work::Act { .. } => Outcome::Acted(Err(error)),
    }
}

fn refusal(work: &Work) -> Outcome {
    failure(
        work,
        ApiError::new(
            ErrorKind::ReadOnly,
            "read-only mode: nothing is changed at the provider",
        ),
    )
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod journal_tests;

#[cfg(test)]
mod submission_tests;
