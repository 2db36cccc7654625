//! Windows of the mirror in any order, from either end, served by a sort index.

use super::super::*;

fn named(id: usize, name: &str) -> MirrorRow {
    MirrorRow {
        id: format!("{id:04}"),
        raw_json: format!(r#"{{"id":"{id:04}","name":"{name}"}}"#),
        title: name.into(),
        cells_json: format!(r#"{{"name":"{name}","odd key":"{}"}}"#, id % 7),
        search_text: name.to_lowercase(),
    }
}

/// 1,000 customers named in a scrambled order, written as one page.
fn thousand() -> SqliteBackend {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let rows: Vec<MirrorRow> = (0..1000)
        .map(|i| named(i, &format!("Name {:04}", (i * 379) % 1000)))
        .collect();
    let state = SyncState {
        pass: 1,
        ..SyncState::new("dkhardware")
    };
    backend.write_page(&rows, 5, &state).unwrap();
    backend
}

fn names(window: &MirrorWindow) -> Vec<String> {
    window
        .rows
        .iter()
        .map(|hit| hit.row.title.clone())
        .collect()
}

fn sorted(column: &str, direction: SortDirection, offset: u64, limit: u32) -> MirrorQuery {
    MirrorQuery {
        provider: Some("dkhardware".into()),
        sort: Some(MirrorSort {
            column: column.into(),
            direction,
        }),
        offset,
        limit,
        ..MirrorQuery::default()
    }
}

#[test]
fn every_window_of_a_sort_is_the_same_slice_whichever_end_it_is_read_from() {
    let backend = thousand();
    let all: Vec<String> = (0..1000).map(|n| format!("Name {n:04}")).collect();
    for (offset, limit) in [
        (0, 50),
        (450, 100),
        (520, 30),
        (950, 50),
        (990, 50),
        (999, 5),
    ] {
        let window = backend
            .mirror_window(&sorted("name", SortDirection::Ascending, offset, limit))
            .unwrap();
        let end = (offset as usize + limit as usize).min(1000);
        assert_eq!(names(&window), all[offset as usize..end], "at {offset}");
        assert_eq!(window.total, 1000);
        let window = backend
            .mirror_window(&sorted("name", SortDirection::Descending, offset, limit))
            .unwrap();
        let mut descending = all.clone();
        descending.reverse();
        assert_eq!(
            names(&window),
            descending[offset as usize..end],
            "at {offset} desc"
        );
    }
    // Past the end: nothing, and no panic.
    let window = backend
        .mirror_window(&sorted("name", SortDirection::Ascending, 5000, 50))
        .unwrap();
    assert!(window.rows.is_empty());
    // The id order from the end is the id order too.
    let query = MirrorQuery {
        provider: Some("dkhardware".into()),
        offset: 997,
        limit: 50,
        ..MirrorQuery::default()
    };
    let ids: Vec<String> = backend
        .mirror_window(&query)
        .unwrap()
        .rows
        .iter()
        .map(|hit| hit.row.id.clone())
        .collect();
    assert_eq!(ids, ["0997", "0998", "0999"]);
}

#[test]
fn sorting_by_a_column_makes_its_index_once_and_the_query_walks_it() {
    let backend = thousand();
    backend
        .mirror_window(&sorted("name", SortDirection::Ascending, 0, 10))
        .unwrap();
    let plan: Vec<String> = backend
        .connection()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM mirror_customers
             WHERE gone = 0 AND provider = 'dkhardware'
             ORDER BY json_extract(cells_json, '$.\"name\"') COLLATE NOCASE DESC,
                 provider DESC, id DESC LIMIT 10",
        )
        .unwrap()
        .query_map([], |row| row.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(
        plan.contains("mirror_sort_name") && !plan.contains("TEMP B-TREE"),
        "the sort walks its index, no sort of every row: {plan}"
    );
    // A column name that cannot be written into SQL is still sorted by (without an index).
    let window = backend
        .mirror_window(&sorted("odd key", SortDirection::Ascending, 0, 3))
        .unwrap();
    assert_eq!(window.rows.len(), 3);
    assert!(
        window
            .rows
            .iter()
            .all(|hit| hit.row.cells_json.contains(r#""odd key":"0""#))
    );
}

#[test]
fn a_customer_deleted_by_the_app_leaves_every_window() {
    let mut backend = thousand();
    assert!(backend.mark_gone("dkhardware", "0000", 9).unwrap());
    assert!(!backend.mark_gone("dkhardware", "0000", 9).unwrap(), "once");
    let window = backend
        .mirror_window(&sorted("name", SortDirection::Ascending, 0, 1))
        .unwrap();
    assert_eq!(
        (names(&window), window.total),
        (vec!["Name 0001".into()], 999)
    );
}

#[test]
fn a_kept_total_is_counted_again_after_any_write_from_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let mut reader = SqliteBackend::open(&path).unwrap();
    let mut writer = SqliteBackend::open(&path).unwrap();
    let state = SyncState {
        pass: 1,
        ..SyncState::new("dkhardware")
    };
    let rows: Vec<MirrorRow> = (0..10).map(|i| named(i, "Ann")).collect();
    writer.write_page(&rows, 5, &state).unwrap();
    let all = sorted("name", SortDirection::Ascending, 0, 5);
    assert_eq!(reader.mirror_window(&all).unwrap().total, 10);
    assert_eq!(reader.mirror_window(&all).unwrap().total, 10, "kept");
    // Another connection writes: the reader counts again.
    writer.write_page(&[named(10, "Ann")], 6, &state).unwrap();
    assert_eq!(reader.mirror_window(&all).unwrap().total, 11);
    // Its own write too.
    assert!(reader.mark_gone("dkhardware", "0003", 9).unwrap());
    assert_eq!(reader.mirror_window(&all).unwrap().total, 10);
    // Another query's total is its own.
    let text = MirrorQuery {
        text: Some("nobody".into()),
        ..all
    };
    assert_eq!(reader.mirror_window(&text).unwrap().total, 0);
}
