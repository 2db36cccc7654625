//! Following asynchronous submissions (DK Hardware) until they succeed or fail, and keeping the
//! pending ones on disk so following resumes after a restart.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, mpsc};

use super::{Outcome, RequestId, WorkerEvent};
use crate::domain::{ProviderId, Record, Value};
use crate::providers::encode::Values;
use crate::providers::{Client, SubmissionState};

/// Waits between polls: quick at first (most submissions finish in seconds), then every 10 s.
const BACKOFF: [Duration; 6] = [
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(10),
];
/// Give up following after this many polls (about an hour); the submission stays listed.
const MAX_POLLS: usize = 400;

/// A submission being followed, with the form data to reopen if it fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub provider: ProviderId,
    pub submission: String,
    /// The customer an update was for (`None` for a create), as read when its form opened: a failed
    /// update reopens on it, so saving again is checked against the same starting point.
    pub customer: Option<String>,
    #[serde(default)]
    pub original: Vec<(String, String)>,
    /// The form's values, as typed; list items under their form keys (`addresses.0.zip`), so a
    /// failed create reopens with its addresses.
    pub values: Vec<(String, String)>,
    /// The journal entry of the write that made this submission: its ending is recorded when the
    /// submission ends.
    #[serde(default)]
    pub journal: Option<crate::store::EntryId>,
}

impl Pending {
    pub fn new(
        provider: ProviderId,
        submission: String,
        original: Option<&Record>,
        values: &Values,
    ) -> Pending {
        Pending {
            provider,
            submission,
            customer: original.map(|r| r.id.clone()),
            original: original.map(|r| texts(&r.fields)).unwrap_or_default(),
            values: typed(values),
            journal: None,
        }
    }

    /// The record an update started from.
    pub fn original_record(&self) -> Option<Record> {
        let id = self.customer.as_deref()?;
        Some(crate::drafts::original_record(id, &self.original))
    }
}

/// Values as the form's inputs: plain fields by key, list items as `list.index.key`.
fn typed(values: &[(String, Value)]) -> Vec<(String, String)> {
    let mut typed = Vec::new();
    for (key, value) in values {
        match value {
            Value::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    typed.extend(
                        texts(item)
                            .into_iter()
                            .map(|(field, text)| (format!("{key}.{index}.{field}"), text)),
                    );
                }
            }
            _ => typed.extend(texts(std::slice::from_ref(&(key.clone(), value.clone())))),
        }
    }
    typed
}

/// Values as text, lists left out (they are not sent on update and not edited in forms).
fn texts(values: &[(String, Value)]) -> Vec<(String, String)> {
    values
        .iter()
        .filter(|(_, value)| !matches!(value, Value::List(_)))
        .map(|(key, value)| {
            let text = match value {
                Value::Empty => String::new(),
                other => other.to_string(),
            };
            (key.clone(), text)
        })
        .collect()
}

/// A change in a followed submission, for the app.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionUpdate {
    pub pending: Pending,
    pub state: SubmissionState,
    pub customer_id: Option<String>,
    pub errors: Vec<String>,
}

/// The pending submissions file in the data directory (private: it holds what was typed).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    lock: Arc<Mutex<()>>,
}

impl Store {
    pub fn new(data_dir: &Path) -> Store {
        Store {
            path: data_dir.join("submissions.json"),
            lock: Arc::new(Mutex::new(())),
        }
    }

    pub fn load(&self) -> Vec<Pending> {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    async fn change(&self, change: impl FnOnce(&mut Vec<Pending>)) {
        let _guard = self.lock.lock().await;
        let mut pending = self.load();
        change(&mut pending);
        if let Err(error) = write_private(&self.path, &pending) {
            tracing::error!(%error, file = %self.path.display(), "could not save pending submissions");
        }
    }

    pub async fn add(&self, pending: Pending) {
        self.change(|all| all.push(pending)).await;
    }

    pub async fn remove(&self, submission: &str) {
        self.change(|all| all.retain(|p| p.submission != submission))
            .await;
    }
}

fn write_private(path: &Path, pending: &[Pending]) -> std::io::Result<()> {
    crate::private_file::write(path, serde_json::to_string_pretty(pending)?.as_bytes())
}

/// Poll `pending` until it is final, reporting each change of state; then forget it on disk.
pub async fn follow(
    client: Arc<Client>,
    pending: Pending,
    id: RequestId,
    store: Option<Store>,
    journal: Option<crate::store::Store>,
    mirror: Option<crate::store::Store>,
    events: mpsc::UnboundedSender<WorkerEvent>,
) {
    let started = std::time::Instant::now();
    let mut last: Option<SubmissionState> = None;
    for poll in 0..MAX_POLLS {
        tokio::time::sleep(BACKOFF[poll.min(BACKOFF.len() - 1)]).await;
        let status = match client.submission(&pending.submission).await {
            Ok(status) => status,
            // Transient failures were retried by the transport; keep following.
            Err(error) => {
                tracing::warn!(submission = pending.submission, error = %crate::logging::brief(&error), "could not read a submission's state");
                tracing::debug!(submission = pending.submission, %error, "could not read a submission's state");
                continue;
            }
        };
        let final_state = status.state.is_final();
        if final_state {
            record_ending(journal.as_ref(), &pending, &status).await;
        }
        // Carried out: the customer as the provider has it now goes to the mirror, before the app
        // hears (and reads the mirror again).
        if let (SubmissionState::Succeeded, Some(mirror), Some(customer)) =
            (&status.state, &mirror, &status.customer_id)
            && last.as_ref() != Some(&status.state)
        {
            match client.get(customer).await {
                Ok(record) => super::mirror::refresh(mirror, pending.provider, &record).await,
                Err(error) => {
                    tracing::info!(error = %crate::logging::brief(&error), "a submitted customer not read back; the next sync brings it");
                }
            }
        }
        if last.as_ref() != Some(&status.state) {
            last = Some(status.state.clone());
            let update = SubmissionUpdate {
                pending: pending.clone(),
                state: status.state,
                customer_id: status.customer_id,
                errors: status.errors,
            };
            let event = WorkerEvent {
                id,
                provider: pending.provider,
                elapsed: started.elapsed(),
                outcome: Outcome::Submission(Box::new(update)),
            };
            if events.send(event).is_err() {
                return;
            }
        }
        if final_state {
            if let Some(store) = &store {
                store.remove(&pending.submission).await;
            }
            return;
        }
    }
}

/// The journal learns how the write behind a submission ended.
async fn record_ending(
    journal: Option<&crate::store::Store>,
    pending: &Pending,
    status: &crate::providers::Submission,
) {
    use crate::store::{Ending, Outcome};
    let (Some(journal), Some(entry)) = (journal, pending.journal) else {
        return;
    };
    let (outcome, message) = match status.state {
        SubmissionState::Succeeded => (Outcome::Done, None),
        _ => (Outcome::Refused, Some(status.errors.join("; "))),
    };
    let mut ending = Ending::new(outcome, message, crate::store::now_ms());
    ending.customer = status.customer_id.clone();
    if let Err(error) = journal.call(move |b| b.end_write(entry, &ending)).await {
        tracing::error!(%error, "could not record how a submission ended");
    }
}
