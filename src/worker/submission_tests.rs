//! DK Hardware's asynchronous submissions through the worker: followed to their end with the form's
//! data, and followed again after a restart.

use std::time::Duration;

use tokio::sync::mpsc;

use super::*;
use crate::domain::Value;
use crate::sandbox::{self, SandboxOptions};

async fn dk_sandbox() -> (sandbox::RunningSandbox, Settings) {
    let sandbox = sandbox::start(SandboxOptions {
        customers_per_provider: 50,
        dk_step: Duration::from_millis(300),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let settings = crate::demo::settings(&sandbox).unwrap();
    (sandbox, settings)
}

fn dk_values(email: &str) -> Vec<(String, Value)> {
    [
        ("firstName", "Ada"),
        ("lastName", "Lovelace"),
        ("email", email),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
    .collect()
}

/// The next submission update, skipping other events.
async fn next_update(
    events: &mut mpsc::UnboundedReceiver<WorkerEvent>,
) -> submissions::SubmissionUpdate {
    loop {
        let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
            .await
            .unwrap()
            .unwrap();
        if let Outcome::Submission(update) = event.outcome {
            return *update;
        }
    }
}

#[tokio::test]
async fn dk_submissions_are_followed_to_succeeded_and_to_failed_with_the_form_data() {
    let (_sandbox, settings) = dk_sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let mirror = crate::store::Store::open(data.path()).unwrap();
    let policy = Policy {
        submissions: Some(submissions::Store::new(data.path())),
        journal: Some(mirror.clone()),
        ..Policy::default()
    };
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(&settings, policy, command_rx, event_tx);
    let provider = ProviderId::DkHardware;
    let create = |id, email: &str| Command {
        id: RequestId(id),
        provider,
        work: Work::Create {
            values: dk_values(email),
        },
    };
    command_tx.send(create(1, "ada@example.com")).unwrap();
    let mut states = Vec::new();
    loop {
        let update = next_update(&mut event_rx).await;
        states.push(update.state.clone());
        if update.state.is_final() {
            assert_eq!(update.state, crate::providers::SubmissionState::Succeeded);
            assert!(update.customer_id.is_some());
            // The customer it made is in the mirror before the app hears of it.
            let id = update.customer_id.clone().unwrap();
            let mirrored = mirror
                .call(move |b| b.mirrored("dkhardware", &id))
                .await
                .unwrap()
                .expect("the created customer is mirrored");
            assert!(
                mirrored.row.raw_json.contains("ada@example.com"),
                "{mirrored:?}"
            );
            break;
        }
    }
    assert!(states.len() >= 2, "followed through its states: {states:?}");
    assert!(
        submissions::Store::new(data.path()).load().is_empty(),
        "forgotten once final"
    );

    // The same e-mail again fails in processing; the update carries what was typed.
    command_tx.send(create(2, "ada@example.com")).unwrap();
    let failed = loop {
        let update = next_update(&mut event_rx).await;
        if update.state.is_final() {
            break update;
        }
    };
    assert_eq!(failed.state, crate::providers::SubmissionState::Failed);
    assert!(failed.errors.iter().any(|e| e.contains("Email")));
    assert!(
        failed
            .pending
            .values
            .contains(&("lastName".to_string(), "Lovelace".to_string()))
    );
}

#[tokio::test]
async fn a_pending_dk_submission_is_followed_again_after_a_restart() {
    let (_sandbox, settings) = dk_sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let store = submissions::Store::new(data.path());
    {
        // First run: the submission is accepted, then the app quits before it is processed.
        let (command_tx, command_rx) = mpsc::unbounded_channel();
        let (event_tx, mut event_rx) = mpsc::unbounded_channel();
        let policy = Policy {
            submissions: Some(store.clone()),
            ..Policy::default()
        };
        let worker = spawn(&settings, policy, command_rx, event_tx);
        let work = Work::Create {
            values: dk_values("grace@example.com"),
        };
        command_tx
            .send(Command {
                id: RequestId(1),
                provider: ProviderId::DkHardware,
                work,
            })
            .unwrap();
        loop {
            let event = event_rx.recv().await.unwrap();
            if matches!(event.outcome, Outcome::Saved(Ok(_), _)) {
                break;
            }
        }
        worker.abort();
        drop(command_tx);
    }
    let left = store.load();
    assert_eq!(left.len(), 1, "kept on disk while pending");
    assert!(
        left[0]
            .values
            .contains(&("email".to_string(), "grace@example.com".to_string()))
    );

    // Second run: the worker picks it up by itself and follows it to the end.
    let (_command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(
        &settings,
        Policy {
            submissions: Some(store.clone()),
            ..Policy::default()
        },
        command_rx,
        event_tx,
    );
    let done = loop {
        let update = next_update(&mut event_rx).await;
        if update.state.is_final() {
            break update;
        }
    };
    assert_eq!(done.state, crate::providers::SubmissionState::Succeeded);
    assert_eq!(done.pending.submission, left[0].submission);
    assert!(store.load().is_empty());
}
