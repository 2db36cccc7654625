//! The worker: owns the provider clients and runs [`Command`]s as tokio tasks, so the UI never waits on
//! the network. Results come back as [`WorkerEvent`]s over a channel.

mod messages;

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub use messages::{Command, RequestId, WorkerEvent};

use crate::config::Settings;
use crate::domain::{ApiError, ProviderId};
use crate::providers::Client;

/// Start the worker on the current tokio runtime. It runs until `commands` is closed.
pub fn spawn(
    settings: &Settings,
    commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<WorkerEvent>,
) -> JoinHandle<()> {
    let clients = settings
        .providers
        .iter()
        .map(|p| (p.id, Client::new(p).map(Arc::new)))
        .collect();
    tokio::spawn(run(clients, commands, events))
}

async fn run(
    clients: HashMap<ProviderId, Result<Arc<Client>, ApiError>>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<WorkerEvent>,
) {
    // The in-flight page fetch per provider: a newer one aborts it, so fast paging only costs the
    // requests still needed.
    let mut page_fetches: HashMap<ProviderId, JoinHandle<()>> = HashMap::new();
    while let Some(command) = commands.recv().await {
        tracing::debug!(?command, "command");
        match command {
            Command::FetchPage {
                id,
                provider,
                request,
            } => {
                let client = clients.get(&provider).cloned();
                let events = events.clone();
                let task = tokio::spawn(async move {
                    let result = match client {
                        Some(Ok(client)) => client.list(request).await,
                        Some(Err(error)) => Err(error),
                        None => Err(ApiError::new(
                            crate::domain::ErrorKind::Config,
                            format!("{provider} is not configured"),
                        )),
                    };
                    if let Err(error) = &result {
                        tracing::warn!(%provider, %error, "page fetch failed");
                    }
                    // The app may have quit; nothing to do then.
                    let _ = events.send(WorkerEvent::PageLoaded {
                        id,
                        provider,
                        request,
                        result,
                    });
                });
                if let Some(previous) = page_fetches.insert(provider, task) {
                    previous.abort();
                }
            }
        }
    }
    for task in page_fetches.into_values() {
        task.abort();
    }
}
