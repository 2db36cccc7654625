//! The mirror's Backend methods: pages, sync state, gone, counts, purge.

use super::super::*;

fn row(id: &str, name: &str) -> MirrorRow {
    MirrorRow {
        id: id.into(),
        raw_json: format!(r#"{{"id":"{id}","name":"{name}"}}"#),
        title: name.into(),
        cells_json: format!(r#"{{"name":"{name}"}}"#),
        search_text: name.to_lowercase(),
    }
}

/// A full pass under way at `cursor`.
fn full_pass(pass: i64, cursor: &str, customers: i64) -> SyncState {
    SyncState {
        provider: "guardant".into(),
        pass,
        running: Some(RunningPass {
            kind: PassKind::Full,
            cursor: cursor.into(),
            since: None,
            started_ms: 1_000,
            customers,
            requests: customers / 2,
            high_water: Some("2026-01-01".into()),
        }),
        ..SyncState::new("guardant")
    }
}

#[test]
fn a_page_and_its_cursor_are_written_together_and_read_back() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    assert_eq!(
        backend.sync_state("guardant").unwrap(),
        SyncState::new("guardant")
    );
    let state = full_pass(1, "offset:2", 2);
    backend
        .write_page(&[row("1", "Ivan"), row("2", "Olga")], 5, &state)
        .unwrap();
    assert_eq!(backend.sync_state("guardant").unwrap(), state);
    let ivan = backend.mirrored("guardant", "1").unwrap().unwrap();
    assert_eq!(
        (ivan.row, ivan.synced_at, ivan.gone),
        (row("1", "Ivan"), 5, false)
    );
    // Another provider's customers and state are apart.
    assert_eq!(
        backend.mirror_count("reportei").unwrap(),
        MirrorCount::default()
    );
    assert!(backend.mirrored("reportei", "1").unwrap().is_none());
}

#[test]
fn a_customer_seen_again_is_updated_not_doubled() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let state = full_pass(1, "offset:1", 1);
    backend.write_page(&[row("1", "Ivan")], 5, &state).unwrap();
    backend
        .write_page(&[row("1", "Ivan Petrov")], 9, &state)
        .unwrap();
    assert_eq!(
        backend.mirror_count("guardant").unwrap(),
        MirrorCount {
            present: 1,
            gone: 0
        }
    );
    let ivan = backend.mirrored("guardant", "1").unwrap().unwrap();
    assert_eq!(
        (ivan.row.title.as_str(), ivan.synced_at),
        ("Ivan Petrov", 9)
    );
}

#[test]
fn a_full_pass_marks_gone_what_it_did_not_see_and_a_return_revives_it() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    backend
        .write_page(
            &[row("1", "Ivan"), row("2", "Olga")],
            5,
            &full_pass(1, "x", 2),
        )
        .unwrap();
    let mut second = full_pass(2, "x", 1);
    backend.write_page(&[row("1", "Ivan")], 6, &second).unwrap();
    // An incremental end marks nothing gone.
    assert_eq!(backend.finish_pass(&second, false).unwrap(), 0);
    second.running = None;
    second.full_finished_ms = Some(7);
    assert_eq!(backend.finish_pass(&second, true).unwrap(), 1);
    assert_eq!(
        backend.mirror_count("guardant").unwrap(),
        MirrorCount {
            present: 1,
            gone: 1
        }
    );
    assert!(backend.mirrored("guardant", "2").unwrap().unwrap().gone);
    assert_eq!(backend.sync_state("guardant").unwrap(), second);
    backend
        .write_page(&[row("2", "Olga")], 8, &full_pass(3, "x", 1))
        .unwrap();
    assert!(!backend.mirrored("guardant", "2").unwrap().unwrap().gone);
}

#[test]
fn purge_deletes_one_provider_or_all_and_their_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let mut backend = SqliteBackend::open(&path).unwrap();
    backend
        .write_page(&[row("1", "Ivan")], 5, &full_pass(1, "x", 1))
        .unwrap();
    let mut reportei = full_pass(1, "x", 1);
    reportei.provider = "reportei".into();
    backend
        .write_page(&[row("9", "Aurora"), row("8", "Bela")], 5, &reportei)
        .unwrap();
    assert_eq!(backend.purge_mirror(Some("guardant")).unwrap(), 1);
    assert_eq!(
        backend.mirror_count("guardant").unwrap(),
        MirrorCount::default()
    );
    assert_eq!(
        backend.sync_state("guardant").unwrap(),
        SyncState::new("guardant")
    );
    assert_eq!(backend.mirror_count("reportei").unwrap().present, 2);
    assert_eq!(backend.purge_mirror(None).unwrap(), 2);
    assert_eq!(
        backend.mirror_count("reportei").unwrap(),
        MirrorCount::default()
    );
    drop(backend);
    // Nothing of the purged customers is left in the file or its WAL.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes
        .extend(std::fs::read(path.with_file_name(format!("{FILE_NAME}-wal"))).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains("Aurora"),
        "a purged name is still in the file"
    );
}

#[test]
fn a_customer_read_or_written_alone_is_upserted_and_a_full_pass_under_way_keeps_it() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    backend
        .write_page(&[row("1", "Ivan")], 5, &full_pass(1, "offset:1", 1))
        .unwrap();
    // Opened and read again: the mirror takes the fresh answer.
    backend
        .upsert_customer("guardant", &row("1", "Ivan Petrov"), 9)
        .unwrap();
    let ivan = backend.mirrored("guardant", "1").unwrap().unwrap();
    assert_eq!((ivan.row, ivan.synced_at), (row("1", "Ivan Petrov"), 9));
    // Created meanwhile, after the pass paged past where it sorts: not marked gone at the pass's end.
    backend
        .upsert_customer("guardant", &row("2", "Olga"), 10)
        .unwrap();
    let mut done = full_pass(1, "offset:1", 1);
    done.running = None;
    assert_eq!(backend.finish_pass(&done, true).unwrap(), 0);
    assert_eq!(
        backend.mirror_count("guardant").unwrap(),
        MirrorCount {
            present: 2,
            gone: 0
        }
    );
}

#[test]
fn a_window_finds_text_anywhere_sorts_by_a_cell_and_counts_every_match() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let rows = [
        row("1", "Olga"),
        row("2", "ivan"),
        row("3", "Boris"),
        row("4", "Ivanka"),
    ];
    backend
        .write_page(&rows, 5, &full_pass(1, "offset:4", 4))
        .unwrap();
    let ids = |window: &MirrorWindow| -> Vec<String> {
        window.rows.iter().map(|hit| hit.row.id.clone()).collect()
    };
    let mut query = MirrorQuery {
        provider: Some("guardant".into()),
        limit: 2,
        ..MirrorQuery::default()
    };
    // By name, case aside; the window holds two, the total counts all four.
    query.sort = Some(MirrorSort {
        column: "name".into(),
        direction: SortDirection::Ascending,
    });
    let window = backend.mirror_window(&query).unwrap();
    assert_eq!(
        (ids(&window), window.total),
        (vec!["3".into(), "2".into()], 4)
    );
    query.offset = 2;
    assert_eq!(ids(&backend.mirror_window(&query).unwrap()), ["4", "1"]);
    // Descending from the start: the last customer of the whole set comes first.
    query.offset = 0;
    query.sort.as_mut().unwrap().direction = SortDirection::Descending;
    assert_eq!(ids(&backend.mirror_window(&query).unwrap()), ["1", "4"]);
    // A text in the middle of a name, in another case; wildcards in it are plain characters.
    query.text = Some("VAN".into());
    let window = backend.mirror_window(&query).unwrap();
    assert_eq!(
        (ids(&window), window.total),
        (vec!["4".into(), "2".into()], 2)
    );
    query.text = Some("%".into());
    assert_eq!(backend.mirror_window(&query).unwrap().total, 0);
}

#[test]
fn a_page_asked_for_before_the_apps_own_write_or_delete_does_not_undo_it() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let state = full_pass(1, "offset:2", 2);
    let title = |backend: &SqliteBackend, id: &str| {
        let customer = backend.mirrored("guardant", id).unwrap().unwrap();
        (customer.row.title, customer.gone)
    };
    backend
        .write_page(&[row("1", "Ivan"), row("2", "Olga")], 5, &state)
        .unwrap();
    // The app's edit was answered at 20 and a delete at 21; a page the sync asked for at 10 is
    // written after them (it waited behind them for the store).
    backend
        .upsert_customer("guardant", &row("1", "Ivan Edited"), 20)
        .unwrap();
    backend.mark_gone("guardant", "2", 21).unwrap();
    backend
        .write_page(&[row("1", "Ivan"), row("2", "Olga")], 10, &state)
        .unwrap();
    assert_eq!(title(&backend, "1"), ("Ivan Edited".into(), false));
    assert_eq!(title(&backend, "2"), ("Olga".into(), true));
    // The pass still counts the edited customer as seen: its end marks nobody else gone.
    let mut ended = state.clone();
    ended.running = None;
    assert_eq!(backend.finish_pass(&ended, true).unwrap(), 0);
    // A page asked for after them is the provider's word now.
    backend
        .write_page(
            &[row("1", "Ivan Again"), row("2", "Olga")],
            30,
            &full_pass(2, "x", 2),
        )
        .unwrap();
    assert_eq!(title(&backend, "1"), ("Ivan Again".into(), false));
    assert_eq!(title(&backend, "2"), ("Olga".into(), false));
}
