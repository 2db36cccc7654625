use std::time::Duration;

use tokio::sync::mpsc;

use super::*;
use crate::domain::{Cursor, PageRequest, Record, Value};
use crate::sandbox::{self, Faults, SandboxOptions};
use crate::vault::Vault;

fn record() -> Record {
    Record {
        id: "1".into(),
        fields: vec![("name".into(), Value::Text("x".into()))],
    }
}

/// One example of every kind of work. The match has no wildcard, so a new kind of work does not
/// compile until it is listed here and the read-only test below covers it.
fn every_kind_of_work() -> Vec<Work> {
    let examples = vec![
        Work::FetchPage {
            request: PageRequest {
                cursor: Cursor::Page(1),
                size: 10,
            },
            filters: vec![],
            search: false,
        },
        Work::FetchRelated {
            list: "orders",
            customer: "1".into(),
            request: PageRequest {
                cursor: Cursor::Page(1),
                size: 10,
            },
            filters: vec![],
        },
        Work::PerMonth,
        Work::Export { query: Vec::new() },
        Work::DiscardDraft { key: "k".into() },
        Work::Lookup {
            field: "category_code",
            search: None,
            page: 1,
        },
        Work::Get { id: "1".into() },
        Work::Create { values: vec![] },
        Work::Update {
            original: record(),
            values: vec![],
        },
        Work::Act {
            action: "delete",
            record: record(),
        },
        Work::CustomerSettings {
            customer: "c".into(),
        },
        Work::KeptSettings,
        Work::Check(crate::worker::journaling::Expectation {
            customer: Some("c".into()),
            title: "c".into(),
            operation: "delete".into(),
            fields: Default::default(),
            removes: true,
        }),
        Work::ReadJournal { limit: 1 },
        Work::Window {
            query: Default::default(),
            ahead: false,
            debounce: false,
        },
        Work::GlobalSearch {
            query: Default::default(),
        },
        Work::Locate(crate::worker::locate::Ask::Ids {
            providers: vec![ProviderId::Ngorder],
            prefix: "1".into(),
            limit: 5,
        }),
        Work::SaveColumns {
            columns: vec!["name"],
        },
        Work::ExportMarked {
            records: vec![record()],
        },
    ];
    for work in &examples {
        match work {
            Work::FetchPage { .. }
            | Work::FetchRelated { .. }
            | Work::PerMonth
            | Work::Export { .. }
            | Work::SaveDraft(_)
            | Work::DiscardDraft { .. }
            | Work::Lookup { .. }
            | Work::Get { .. }
            | Work::Create { .. }
            | Work::Update { .. }
            | Work::Act { .. }
            | Work::CustomerSettings { .. }
            | Work::KeptSettings
            | Work::Check(_)
            | Work::ReadJournal { .. }
            | Work::Window { .. }
            | Work::Locate(_)
            | Work::GlobalSearch { .. }
            | Work::SaveColumns { .. }
            | Work::ExportMarked { .. } => {}
            // The event loop's, never the worker's (see worker::run's first match).
            Work::Terminal(_) => {}
        }
    }
    examples
}

fn outcome_kind(outcome: &Outcome) -> Option<ErrorKind> {
    outcome.error().map(|e| e.kind)
}

async fn sandbox_with(faults: Faults) -> (sandbox::RunningSandbox, Settings) {
    let sandbox = sandbox::start(SandboxOptions {
        customers_per_provider: 50,
        faults,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let settings = crate::demo::settings(&sandbox).unwrap();
    (sandbox, settings)
}

#[tokio::test]
async fn read_only_mode_refuses_every_mutating_command_in_the_worker() {
    let (_sandbox, settings) = sandbox_with(Faults::default()).await;
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(
        &settings,
        Policy {
            read_only: true,
            ..Policy::default()
        },
        command_rx,
        event_tx,
    );
    let mutating: Vec<Work> = every_kind_of_work()
        .into_iter()
        .filter(Work::is_mutating)
        .collect();
    assert_eq!(
        mutating.len(),
        4,
        "create, update, act and the e-mailed export change data or send it out"
    );
    for provider in ProviderId::ALL {
        for (n, work) in mutating.iter().enumerate() {
            let id = RequestId(n as u64);
            command_tx
                .send(Command {
                    id,
                    provider,
                    work: work.clone(),
                })
                .unwrap();
            let event = event_rx.recv().await.unwrap();
            assert_eq!(event.id, id);
            assert_eq!(
                outcome_kind(&event.outcome),
                Some(ErrorKind::ReadOnly),
                "{provider}: {work:?}"
            );
        }
    }
}

#[tokio::test]
async fn reads_still_work_in_read_only_mode() {
    let (_sandbox, settings) = sandbox_with(Faults::default()).await;
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(
        &settings,
        Policy {
            read_only: true,
            ..Policy::default()
        },
        command_rx,
        event_tx,
    );
    let request = PageRequest {
        cursor: Cursor::Page(1),
        size: 10,
    };
    let provider = ProviderId::Reportei;
    command_tx
        .send(Command {
            id: RequestId(1),
            provider,
            work: Work::FetchPage {
                request,
                filters: vec![],
                search: false,
            },
        })
        .unwrap();
    match event_rx.recv().await.unwrap().outcome {
        Outcome::Page(_, Ok(page)) => assert_eq!(page.records.len(), 10),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_newer_page_fetch_cancels_the_older_one() {
    let (_sandbox, settings) = sandbox_with(Faults {
        latency_ms: 300,
        ..Faults::default()
    })
    .await;
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(&settings, Policy::default(), command_rx, event_tx);
    let provider = ProviderId::Guardant;
    for (id, offset) in [(1, 0), (2, 10)] {
        let request = PageRequest {
            cursor: Cursor::Offset(offset),
            size: 10,
        };
        command_tx
            .send(Command {
                id: RequestId(id),
                provider,
                work: Work::FetchPage {
                    request,
                    filters: vec![],
                    search: false,
                },
            })
            .unwrap();
    }
    let first = event_rx.recv().await.unwrap();
    assert_eq!(first.id, RequestId(2), "the obsolete fetch never answers");
    assert!(matches!(first.outcome, Outcome::Page(_, Ok(_))));
    let more = tokio::time::timeout(Duration::from_millis(600), event_rx.recv()).await;
    assert!(more.is_err(), "nothing else arrives: {more:?}");
}

#[tokio::test]
async fn quota_follows_the_result_where_the_provider_has_a_budget() {
    let (_sandbox, settings) = sandbox_with(Faults::default()).await;
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(&settings, Policy::default(), command_rx, event_tx);
    let request = PageRequest {
        cursor: Cursor::Offset(0),
        size: 100,
    };
    let provider = ProviderId::CycleSoftware;
    command_tx
        .send(Command {
            id: RequestId(7),
            provider,
            work: Work::FetchPage {
                request,
                filters: vec![],
                search: false,
            },
        })
        .unwrap();
    assert!(matches!(
        event_rx.recv().await.unwrap().outcome,
        Outcome::Page(_, Ok(_))
    ));
    match event_rx.recv().await.unwrap().outcome {
        Outcome::Quota(quota) => {
            let minute = &quota.lines[0];
            assert_eq!(minute.limit, 360);
            assert!(minute.remaining < 360, "{quota:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_reportei_token_is_kept_privately_before_the_create_is_reported_and_serves_settings() {
    use std::os::unix::fs::PermissionsExt;
    let (_sandbox, settings) = sandbox_with(Faults::default()).await;
    let data = tempfile::tempdir().unwrap();
    let vault = Vault::new(data.path());
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    let policy = Policy {
        vault: Some(vault.clone()),
        ..Policy::default()
    };
    spawn(&settings, policy, command_rx, event_tx);
    let provider = ProviderId::Reportei;
    let values = vec![("name".to_string(), Value::Text("Agência Cofre".into()))];
    command_tx
        .send(Command {
            id: RequestId(1),
            provider,
            work: Work::Create { values },
        })
        .unwrap();
    let event = event_rx.recv().await.unwrap();
    let Outcome::Saved(Ok(outcome), Some(TokenKept::Stored(path))) = event.outcome else {
        panic!("created with its token kept: {:?}", event.outcome);
    };
    assert!(
        outcome.token.is_none(),
        "the token does not travel to the UI once kept"
    );
    // The file exists by the time the UI hears of the customer.
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let token = std::fs::read_to_string(&path).unwrap();
    assert_eq!(token.len(), 64);
    assert!(!format!("{outcome:?}").contains(&token));

    command_tx
        .send(Command {
            id: RequestId(2),
            provider,
            work: Work::KeptSettings,
        })
        .unwrap();
    let settings = loop {
        if let Outcome::Settings(settings) = event_rx.recv().await.unwrap().outcome {
            break settings;
        }
    };
    assert_eq!(settings.len(), 1);
    let record = settings[0]
        .1
        .as_ref()
        .expect("the kept token opens the settings");
    assert_eq!(record.text("name"), "Agência Cofre");
}

#[tokio::test]
async fn a_token_that_cannot_be_kept_comes_back_to_be_shown_once() {
    let (_sandbox, settings) = sandbox_with(Faults::default()).await;
    let data = tempfile::tempdir().unwrap();
    // A file where the vault's directory should be: nothing can be written under it.
    std::fs::write(data.path().join("tokens"), "not a directory").unwrap();
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    let policy = Policy {
        vault: Some(Vault::new(data.path())),
        ..Policy::default()
    };
    spawn(&settings, policy, command_rx, event_tx);
    let values = vec![("name".to_string(), Value::Text("Agência Sem Cofre".into()))];
    command_tx
        .send(Command {
            id: RequestId(1),
            provider: ProviderId::Reportei,
            work: Work::Create { values },
        })
        .unwrap();
    match event_rx.recv().await.unwrap().outcome {
        Outcome::Saved(Ok(_), Some(TokenKept::Failed { error, token })) => {
            assert!(!error.is_empty());
            assert_eq!(token.expose().len(), 64);
        }
        other => panic!("{other:?}"),
    }
}

/// A burst of global searches (keys typed faster than the debounce) is one search: only the newest
/// answers, and with what it found.
#[tokio::test]
async fn a_burst_of_global_searches_answers_only_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(dir.path()).unwrap();
    store
        .call(|b| {
            let row = crate::store::MirrorRow {
                id: "9".into(),
                raw_json: r#"{"name":"Agência Aurora"}"#.into(),
                title: "Agência Aurora".into(),
                cells_json: "{}".into(),
                search_text: "9 agência aurora".into(),
            };
            b.upsert_customer("reportei", &row, 1)
        })
        .await
        .unwrap();
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    spawn(
        &Settings {
            providers: Vec::new(),
            origin: "test".into(),
            ui: Default::default(),
        },
        Policy {
            journal: Some(store),
            ..Policy::default()
        },
        command_rx,
        event_tx,
    );
    for (n, text) in ["a", "au", "aur", "auro"].into_iter().enumerate() {
        command_tx
            .send(Command {
                id: RequestId(n as u64),
                provider: ProviderId::Reportei,
                work: Work::GlobalSearch {
                    query: crate::store::MirrorQuery {
                        text: Some(text.into()),
                        limit: 10,
                        ..Default::default()
                    },
                },
            })
            .unwrap();
    }
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), event_rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.id, RequestId(3));
    let Outcome::Found { result, .. } = event.outcome else {
        panic!("{:?}", event.outcome);
    };
    assert_eq!(result.unwrap().rows[0].row.title, "Agência Aurora");
    // Nothing else answers.
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(200), event_rx.recv())
            .await
            .is_err()
    );
}
