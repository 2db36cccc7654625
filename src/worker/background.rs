//! Work the worker starts on its own when it starts: following the submissions a previous run left
//! pending, and one background sync per mirrored provider.

use std::collections::HashMap;

use tokio::sync::mpsc;

use super::{Policy, Provider, RequestId, WorkerEvent, mirror, mirror_of, submissions};
use crate::domain::ProviderId;

/// Follow again the submissions a previous run left pending.
pub(super) fn resume_submissions(
    providers: &HashMap<ProviderId, Provider>,
    policy: &Policy,
    events: &mpsc::UnboundedSender<WorkerEvent>,
) {
    let Some(store) = &policy.submissions else {
        return;
    };
    if policy.offline {
        return;
    }
    for pending in store.load() {
        let Some(Ok(client)) = providers.get(&pending.provider).map(|p| &p.client) else {
            tracing::warn!(provider = %pending.provider, "pending submission of a provider not configured now");
            continue;
        };
        tracing::info!(
            submission = pending.submission,
            "following a submission left pending"
        );
        // Not a request of this run: the app matches submission updates by submission id.
        let id = RequestId(u64::MAX);
        let mirror = mirror_of(providers, policy, pending.provider);
        tokio::spawn(submissions::follow(
            client.clone(),
            pending,
            id,
            Some(store.clone()),
            policy.journal.clone(),
            mirror,
            events.clone(),
        ));
    }
}

/// One background sync per provider whose mirror is on. It shares the provider's client, so its pacer
/// puts the user's requests first. They end with the worker (the set aborts them when dropped): an
/// interrupted pass continues from its cursor next time.
pub(super) fn start_syncs(
    providers: &HashMap<ProviderId, Provider>,
    policy: &Policy,
    events: &mpsc::UnboundedSender<WorkerEvent>,
) -> tokio::task::JoinSet<()> {
    let mut syncs = tokio::task::JoinSet::new();
    if let (true, Some(store)) = (policy.offline, &policy.journal) {
        for (id, _) in providers.iter().filter(|(_, p)| p.mirror) {
            syncs.spawn(mirror::announce_offline(*id, store.clone(), events.clone()));
        }
        return syncs;
    }
    let (Some(store), Some(every)) = (&policy.journal, policy.sync_every) else {
        return syncs;
    };
    for provider in providers.values().filter(|p| p.mirror) {
        if let Ok(client) = &provider.client {
            syncs.spawn(mirror::keep_synced(
                client.clone(),
                store.clone(),
                events.clone(),
                every,
            ));
        }
    }
    syncs
}
