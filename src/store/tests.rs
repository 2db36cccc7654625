use std::os::unix::fs::PermissionsExt;

use serde_json::{Map, json};

use super::*;

/// A full pass numbered `pass` under way for `provider` (the mirror tests' sync state).
fn full_pass(provider: &str, pass: i64) -> SyncState {
    SyncState {
        provider: provider.into(),
        pass,
        running: Some(RunningPass {
            kind: PassKind::Full,
            cursor: "x".into(),
            since: None,
            started_ms: 1,
            customers: 0,
            requests: 0,
            high_water: None,
        }),
        ..SyncState::new(provider)
    }
}

fn intent(started_ms: i64, operation: &str) -> Intent {
    let mut before = Map::new();
    before.insert("is_active".into(), json!(false));
    let mut after = Map::new();
    after.insert("is_active".into(), json!(true));
    Intent {
        started_ms,
        provider: "ngorder".into(),
        customer: Some("101".into()),
        title: "Budi".into(),
        operation: operation.into(),
        before,
        after,
    }
}

#[test]
fn the_file_is_private_in_wal_mode_and_migrated_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = data.join(FILE_NAME);
    let mut backend = SqliteBackend::open(&path).unwrap();
    backend.begin_write(&intent(1, "activate")).unwrap();
    assert_eq!(backend.version().unwrap(), migrations::MIGRATIONS.len());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&data), 0o700);
    let wal = path.with_file_name(format!("{FILE_NAME}-wal"));
    assert!(wal.exists(), "WAL mode keeps a -wal file beside the store");
    assert_eq!(mode(&wal), 0o600);
    drop(backend);
    // Reopening keeps what was written and runs no migration twice.
    let backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.journal(&JournalQuery::default()).unwrap().len(), 1);
}

#[test]
fn an_intent_without_an_ending_becomes_unknown_at_the_next_start() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let done = backend.begin_write(&intent(1, "activate")).unwrap();
    backend
        .end_write(done, &Ending::new(Outcome::Done, None, 2))
        .unwrap();
    let refused = backend.begin_write(&intent(3, "delete")).unwrap();
    backend
        .end_write(
            refused,
            &Ending::new(Outcome::Refused, Some("customer has orders".into()), 4),
        )
        .unwrap();
    let in_flight = backend.begin_write(&intent(5, "update")).unwrap();

    let unknown = backend.settle_interrupted(9).unwrap();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].id, in_flight);
    assert_eq!(unknown[0].outcome, Some(Outcome::Unknown));
    assert_eq!(
        unknown[0].message.as_deref(),
        Some("clientele stopped before the provider answered")
    );
    let refused = backend.entry(refused).unwrap().unwrap();
    assert_eq!(refused.outcome, Some(Outcome::Refused));
    assert_eq!(refused.message.as_deref(), Some("customer has orders"));
    // Settling again finds the same unknown write, not a second one.
    assert_eq!(backend.settle_interrupted(10).unwrap().len(), 1);
}

#[test]
fn a_create_learns_its_customer_from_the_ending() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let mut create = intent(1, "create");
    create.customer = None;
    let id = backend.begin_write(&create).unwrap();
    let mut ending = Ending::new(Outcome::Done, None, 2);
    ending.customer = Some("uuid-7".into());
    backend.end_write(id, &ending).unwrap();
    assert_eq!(
        backend.entry(id).unwrap().unwrap().customer.as_deref(),
        Some("uuid-7")
    );
}

#[test]
fn the_journal_reads_newest_first_since_a_time() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    for started in [10, 20, 30, 40] {
        backend.begin_write(&intent(started, "activate")).unwrap();
    }
    let since = backend
        .journal(&JournalQuery {
            since_ms: Some(20),
            limit: None,
        })
        .unwrap();
    let times: Vec<i64> = since.iter().map(|e| e.started_ms).collect();
    assert_eq!(times, [40, 30, 20]);
    let limited = backend
        .journal(&JournalQuery {
            since_ms: None,
            limit: Some(1),
        })
        .unwrap();
    assert_eq!(limited[0].started_ms, 40);
}

#[test]
fn the_diff_lists_each_changed_field_before_and_after() {
    let mut entry_intent = intent(1, "update");
    entry_intent.before.insert("name".into(), json!("Budi"));
    entry_intent
        .after
        .insert("name".into(), json!("Budi Santoso"));
    let mut backend = SqliteBackend::in_memory().unwrap();
    let id = backend.begin_write(&entry_intent).unwrap();
    let entry = backend.entry(id).unwrap().unwrap();
    assert_eq!(
        entry.diff(),
        vec![
            (
                "is_active".to_string(),
                "false".to_string(),
                "true".to_string()
            ),
            (
                "name".to_string(),
                "Budi".to_string(),
                "Budi Santoso".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn the_handle_runs_calls_on_the_store_thread() {
    let store = Store::with_backend(
        Box::new(SqliteBackend::in_memory().unwrap()),
        "memory".into(),
    );
    let id = store
        .call(|b| b.begin_write(&intent(1, "activate")))
        .await
        .unwrap();
    let entries = store
        .call(|b| b.journal(&JournalQuery::default()))
        .await
        .unwrap();
    assert_eq!(entries[0].id, id);
}

#[cfg(test)]
#[path = "tests_mirror.rs"]
mod mirror;

#[path = "tests_digits.rs"]
mod digits;
#[path = "tests_index_upkeep.rs"]
mod index_upkeep;
#[path = "tests_lookup.rs"]
mod lookup;
#[cfg(test)]
#[path = "tests_search.rs"]
mod search_tests;
#[path = "tests_window.rs"]
mod window;
