//! Windows read through marks are the plain `OFFSET` answer, in every order and direction, whatever
//! is written between reads; and once a stretch is visited, a window in it skips under a stride.

use std::cell::Cell;

use proptest::prelude::*;

use super::STRIDE;
use crate::store::{
    Backend, MirrorQuery, MirrorRow, MirrorSort, SortDirection, SqliteBackend, SyncState,
};

thread_local! {
    /// Rows skipped by `OFFSET` in this thread's window reads.
    pub static SKIPPED: Cell<u64> = const { Cell::new(0) };
}

const PROVIDER: &str = "dkhardware";
/// Values with ties, case variants, an empty one, a number and a missing key (`None`: a NULL).
const NAMES: [Option<&str>; 9] = [
    Some("ann"),
    Some("Ann"),
    Some("ANN"),
    Some("bob"),
    Some(""),
    Some("Émile"),
    Some("zed"),
    Some("#7"),
    None,
];
/// The orders: by id, by two columns (one with ties only), by a column nobody has.
const COLUMNS: [Option<&str>; 4] = [None, Some("name"), Some("city"), Some("nothere")];

fn row(id: u32, name: usize, city: u32) -> MirrorRow {
    let mut cells = serde_json::Map::new();
    match NAMES[name % NAMES.len()] {
        Some("#7") => drop(cells.insert("name".into(), 7.into())),
        Some(name) => drop(cells.insert("name".into(), name.into())),
        None => {}
    }
    cells.insert("city".into(), format!("City {}", city % 5).into());
    MirrorRow {
        id: format!("{id:04}"),
        raw_json: "{}".into(),
        title: format!("#{id}"),
        cells_json: serde_json::Value::Object(cells).to_string(),
        search_text: String::new(),
    }
}

fn query(column: Option<&str>, descending: bool, offset: u64, limit: u32) -> MirrorQuery {
    let direction = if descending {
        SortDirection::Descending
    } else {
        SortDirection::Ascending
    };
    MirrorQuery {
        provider: Some(PROVIDER.into()),
        sort: Some(MirrorSort {
            column: column.unwrap_or("").into(),
            direction,
        })
        .filter(|_| column.is_some()),
        offset,
        limit,
        ..MirrorQuery::default()
    }
}

/// The ids a window has, read through the store.
fn window(backend: &SqliteBackend, query: &MirrorQuery) -> (Vec<String>, u64) {
    let window = backend.mirror_window(query).unwrap();
    let ids = window.rows.iter().map(|hit| hit.row.id.clone()).collect();
    (ids, window.total)
}

/// The same window by a plain `ORDER BY … LIMIT … OFFSET` over the table, no index.
fn plain(backend: &SqliteBackend, query: &MirrorQuery) -> (Vec<String>, u64) {
    let descending = query.sort.as_ref().map(|s| s.direction) == Some(SortDirection::Descending);
    let way = if descending { "DESC" } else { "ASC" };
    let order = match &query.sort {
        Some(sort) => format!(
            "json_extract(cells_json, '$.\"{}\"') COLLATE NOCASE {way}, provider {way}, id {way}",
            sort.column
        ),
        None => format!("provider {way}, id {way}"),
    };
    let connection = backend.connection();
    let ids = connection
        .prepare(&format!(
            "SELECT id FROM mirror_customers NOT INDEXED WHERE gone = 0 AND provider = ?1
             ORDER BY {order} LIMIT ?2 OFFSET ?3"
        ))
        .unwrap()
        .query_map(
            rusqlite::params![PROVIDER, query.limit, query.offset as i64],
            |row| row.get(0),
        )
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let total: i64 = connection
        .query_row(
            "SELECT COUNT(*) FROM mirror_customers WHERE gone = 0 AND provider = ?1",
            [PROVIDER],
            |row| row.get(0),
        )
        .unwrap();
    (ids, total as u64)
}

fn write(backend: &mut SqliteBackend, provider: &str, rows: &[MirrorRow]) {
    let state = SyncState {
        pass: 1,
        ..SyncState::new(provider)
    };
    backend.write_page(rows, 5, &state).unwrap();
}

#[derive(Debug, Clone)]
enum Step {
    Read {
        column: usize,
        descending: bool,
        /// Where in the window's total, in thousandths (past the end too).
        at: u64,
        limit: u32,
    },
    Insert(Vec<(u32, usize, u32)>),
    /// Another provider's page: this provider's marks stay.
    InsertOther(Vec<u32>),
    /// A customer's cells change (an upsert of one customer).
    Update(usize, usize, u32),
    Gone(usize),
    Delete(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let fresh = (0..3000u32, 0..NAMES.len(), 0..5u32);
    prop_oneof![
        6 => (0..COLUMNS.len(), any::<bool>(), 0..1100u64, 1..40u32).prop_map(
            |(column, descending, at, limit)| Step::Read { column, descending, at, limit }
        ),
        1 => prop::collection::vec(fresh, 1..30).prop_map(Step::Insert),
        1 => prop::collection::vec(0..3000u32, 1..30).prop_map(Step::InsertOther),
        1 => (any::<usize>(), 0..NAMES.len(), 0..5u32).prop_map(|(i, n, c)| Step::Update(i, n, c)),
        1 => any::<usize>().prop_map(Step::Gone),
        1 => any::<usize>().prop_map(Step::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn every_window_is_the_plain_offset_answer_between_any_writes(
        first in prop::collection::vec((0..3000u32, 0..NAMES.len(), 0..5u32), 50..400),
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let mut backend = SqliteBackend::in_memory().unwrap();
        let rows: Vec<MirrorRow> = first.iter().map(|&(id, n, c)| row(id, n, c)).collect();
        write(&mut backend, PROVIDER, &rows);
        let mut ids: Vec<u32> = first.iter().map(|&(id, ..)| id).collect();
        for step in steps {
            match step {
                Step::Read { column, descending, at, limit } => {
                    let total = plain(&backend, &query(None, false, 0, 0)).1;
                    let offset = total * at / 1000;
                    let asked = query(COLUMNS[column], descending, offset, limit);
                    prop_assert_eq!(window(&backend, &asked), plain(&backend, &asked), "{:?}", asked);
                }
                Step::Insert(fresh) => {
                    let rows: Vec<MirrorRow> =
                        fresh.iter().map(|&(id, n, c)| row(id, n, c)).collect();
                    write(&mut backend, PROVIDER, &rows);
                    ids.extend(fresh.iter().map(|&(id, ..)| id));
                }
                Step::InsertOther(fresh) => {
                    let rows: Vec<MirrorRow> = fresh.iter().map(|&id| row(id, 0, 0)).collect();
                    write(&mut backend, "ngorder", &rows);
                }
                Step::Update(i, n, c) => {
                    let id = ids[i % ids.len()];
                    backend.upsert_customer(PROVIDER, &row(id, n, c), 9).unwrap();
                }
                Step::Gone(i) => {
                    backend.mark_gone(PROVIDER, &format!("{:04}", ids[i % ids.len()]), 9).unwrap();
                }
                Step::Delete(i) => {
                    backend
                        .connection()
                        .execute(
                            "DELETE FROM mirror_customers WHERE provider = ?1 AND id = ?2",
                            rusqlite::params![PROVIDER, format!("{:04}", ids[i % ids.len()])],
                        )
                        .unwrap();
                }
            }
        }
    }
}

/// Rows skipped by `OFFSET` while reading `query`.
fn skipped(backend: &SqliteBackend, query: &MirrorQuery) -> u64 {
    SKIPPED.with(|s| s.set(0));
    backend.mirror_window(query).unwrap();
    SKIPPED.with(Cell::get)
}

#[test]
fn a_window_anywhere_in_a_visited_stretch_skips_under_a_stride_in_every_order() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let rows: Vec<MirrorRow> = (0..2000u32)
        .map(|i| row((i * 7919) % 2000, (i as usize) % 8, i))
        .collect();
    write(&mut backend, PROVIDER, &rows);
    for column in [None, Some("name"), Some("city")] {
        // The first window in the middle hops there from the nearer end: what a plain OFFSET
        // skipped, and no more.
        let middle = query(column, false, 1000, 50);
        assert!(skipped(&backend, &middle) <= 1000, "{column:?}");
        // Scrolled through once, every window of the order, either way, skips under a stride.
        for offset in (0..2000).step_by(100) {
            backend
                .mirror_window(&query(column, false, offset, 50))
                .unwrap();
        }
        for descending in [false, true] {
            for offset in [1000, 1010, 990, 700, 1300, 0, 1950, 1999] {
                let asked = query(column, descending, offset, 50);
                assert!(
                    skipped(&backend, &asked) < STRIDE,
                    "{column:?} desc {descending} at {offset}"
                );
            }
        }
    }
    // A page of another provider keeps this provider's marks; one of its own drops them.
    write(&mut backend, "ngorder", &[row(1, 0, 0)]);
    assert!(skipped(&backend, &query(Some("name"), false, 1000, 50)) < STRIDE);
    write(&mut backend, PROVIDER, &[row(5000, 0, 0)]);
    assert!(skipped(&backend, &query(Some("name"), false, 1000, 50)) > STRIDE);
}

#[test]
fn a_seek_reads_the_sort_index_in_order_without_sorting() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let rows: Vec<MirrorRow> = (0..100u32).map(|i| row(i, i as usize, i)).collect();
    write(&mut backend, PROVIDER, &rows);
    backend
        .mirror_window(&query(Some("name"), false, 50, 10))
        .unwrap();
    let value = "json_extract(cells_json, '$.\"name\"') COLLATE NOCASE";
    for (condition, order) in [
        (format!("{value} = 'ann' AND id >= '0003'"), "id ASC"),
        (format!("{value} > 'ann'"), "{value} ASC, id ASC"),
        (format!("{value} = 'ann' AND id < '0003'"), "id DESC"),
        (format!("{value} < 'ann'"), "{value} DESC, id DESC"),
        (format!("{value} IS NOT NULL"), "{value} DESC, id DESC"),
        (format!("{value} IS NULL"), "id ASC"),
    ] {
        let order = order.replace("{value}", value);
        let plan: Vec<String> = backend
            .connection()
            .prepare(&format!(
                "EXPLAIN QUERY PLAN SELECT id FROM mirror_customers
                 WHERE gone = 0 AND provider = 'dkhardware' AND {condition}
                 ORDER BY {order} LIMIT 10 OFFSET 5"
            ))
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains("mirror_sort_name"), "{condition}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{condition}: {plan}");
    }
}
