//! Searching the mirror: the trigram index kept in step with every write, phone digits, short
//! queries, the capped count, the migration of a mirror made before the index, the read-only reader.

use super::super::*;
use super::full_pass;

fn row(id: &str, name: &str, extra: &str) -> MirrorRow {
    MirrorRow {
        id: id.into(),
        raw_json: format!(r#"{{"id":"{id}","name":"{name}","extra":"{extra}"}}"#),
        title: name.into(),
        cells_json: format!(r#"{{"name":"{name}"}}"#),
        search_text: format!("{id} {} {}", name.to_lowercase(), extra.to_lowercase()),
    }
}

fn find(backend: &SqliteBackend, provider: Option<&str>, text: &str) -> (Vec<String>, u64) {
    let window = backend
        .mirror_window(&MirrorQuery {
            provider: provider.map(str::to_string),
            text: Some(text.into()),
            limit: 50,
            ..MirrorQuery::default()
        })
        .unwrap();
    let ids = window
        .rows
        .iter()
        .map(|hit| format!("{}/{}", hit.provider, hit.row.id))
        .collect();
    (ids, window.total)
}

fn seeded() -> SqliteBackend {
    let mut backend = SqliteBackend::in_memory().unwrap();
    backend
        .write_page(
            &[
                row(
                    "1",
                    "Ivan Petrov",
                    "ivan@petrov.example 628123456789 08123456789",
                ),
                row("2", "Olga Smirnova", "Jalan Merdeka 12"),
            ],
            5,
            &full_pass("guardant", 1),
        )
        .unwrap();
    backend
        .write_page(
            &[row("1", "Ivana Horvat", "ivana@horvat.example")],
            5,
            &full_pass("reportei", 1),
        )
        .unwrap();
    backend
}

#[test]
fn a_search_finds_any_field_in_one_provider_or_all_of_them() {
    let backend = seeded();
    assert_eq!(
        find(&backend, None, "IVAN"),
        (vec!["guardant/1".into(), "reportei/1".into()], 2)
    );
    assert_eq!(
        find(&backend, Some("reportei"), "ivan"),
        (vec!["reportei/1".into()], 1)
    );
    // An e-mail fragment, a street, words in any order, a word too short for the index with a long one.
    assert_eq!(find(&backend, None, "petrov.ex").1, 1);
    assert_eq!(find(&backend, None, "merdeka jalan").0, ["guardant/2"]);
    // A short word goes with its neighbour, as typed: the start of the next word of the name.
    assert_eq!(find(&backend, None, "ivana h").0, ["reportei/1"]);
    assert_eq!(find(&backend, None, "horvat iv").0, ["reportei/1"]);
    assert_eq!(find(&backend, Some("ngorder"), "ivan"), (vec![], 0));
}

#[test]
fn a_phone_number_is_found_by_its_digits_however_it_is_typed() {
    let backend = seeded();
    for typed in [
        "0812 345",
        "0812-3456",
        "+62 812 345",
        "62812345",
        "(0812) 345",
    ] {
        assert_eq!(
            find(&backend, None, typed).0,
            ["guardant/1"],
            "{typed:?} finds the number"
        );
    }
    assert_eq!(find(&backend, None, "0999 345").1, 0);
}

#[test]
fn a_query_too_short_for_trigrams_matches_the_start_of_a_name_at_once() {
    let backend = seeded();
    assert_eq!(
        find(&backend, None, "iv"),
        (vec!["guardant/1".into(), "reportei/1".into()], 2)
    );
    assert_eq!(
        find(&backend, Some("guardant"), "O"),
        (vec!["guardant/2".into()], 1)
    );
    // Not in the middle of a name: that needs three characters.
    assert_eq!(find(&backend, None, "va").1, 0);
    // Read from the title index in its order, not by scanning or sorting the provider's customers.
    let plan = super::super::sqlite_window::explain(
        backend.connection_for_tests(),
        &MirrorQuery {
            provider: Some("guardant".into()),
            text: Some("iv".into()),
            limit: 50,
            ..MirrorQuery::default()
        },
    );
    assert!(plan.contains("mirror_customers_title"), "{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

#[test]
fn the_index_follows_upserts_gone_customers_and_purges() {
    let mut backend = seeded();
    // Renamed by a get-one: the old name is no longer found, the new one is.
    backend
        .upsert_customer(
            "guardant",
            &row("2", "Olga Kuznetsova", "Jalan Merdeka 12"),
            9,
        )
        .unwrap();
    assert_eq!(find(&backend, None, "smirnova").1, 0);
    assert_eq!(find(&backend, None, "kuznetsova").0, ["guardant/2"]);
    // Seen again by a page with a new e-mail.
    backend
        .write_page(
            &[row("1", "Ivan Petrov", "ivan@new.example")],
            10,
            &full_pass("guardant", 1),
        )
        .unwrap();
    assert_eq!(find(&backend, None, "petrov.ex").1, 0);
    assert_eq!(find(&backend, None, "new.ex").0, ["guardant/1"]);
    // A full pass that no longer sees Olga: gone customers are not found.
    let mut next = full_pass("guardant", 2);
    backend
        .write_page(&[row("1", "Ivan Petrov", "")], 11, &next)
        .unwrap();
    next.running = None;
    backend.finish_pass(&next, true).unwrap();
    assert_eq!(find(&backend, None, "kuznetsova").1, 0);
    // Purged: nothing of the provider is found, the other's still is; new writes are indexed.
    backend.purge_mirror(Some("guardant")).unwrap();
    assert_eq!(find(&backend, None, "ivan"), (vec!["reportei/1".into()], 1));
    backend
        .write_page(&[row("3", "Ivan Again", "")], 12, &full_pass("guardant", 1))
        .unwrap();
    assert_eq!(find(&backend, None, "again").0, ["guardant/3"]);
    // Gone customers are not in the index at all: a search's count reads the index alone.
    let indexed: i64 = backend
        .connection_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM mirror_search WHERE mirror_search MATCH 'ivan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 2);
}

#[test]
fn a_common_text_is_counted_up_to_the_cap() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let rows: Vec<MirrorRow> = (0..TOTAL_CAP + 50)
        .map(|i| row(&i.to_string(), &format!("Customer {i}"), "x@example.com"))
        .collect();
    backend.write_page(&rows, 1, &full_pass("dk", 1)).unwrap();
    let query = MirrorQuery {
        provider: Some("dk".into()),
        text: Some("example".into()),
        limit: 10,
        ..MirrorQuery::default()
    };
    let window = backend.mirror_window(&query).unwrap();
    assert_eq!((window.rows.len(), window.total), (10, TOTAL_CAP + 1));
    assert!(query.total_is_capped(window.total));
    // Without a text every customer is counted.
    let all = MirrorQuery {
        text: None,
        ..query
    };
    let window = backend.mirror_window(&all).unwrap();
    assert_eq!(window.total, TOTAL_CAP + 50);
    assert!(!all.total_is_capped(window.total));
}

#[test]
fn a_mirror_made_before_the_index_is_migrated_and_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        // The store as version 2 left it, with customers of two providers.
        let connection = rusqlite::Connection::open(&path).unwrap();
        for sql in &migrations::MIGRATIONS[..2] {
            connection.execute_batch(sql).unwrap();
        }
        connection.pragma_update(None, "user_version", 2).unwrap();
        for (provider, id, name) in [("guardant", "7", "Ivan Petrov"), ("reportei", "1", "Ivana")] {
            connection
                .execute(
                    "INSERT INTO mirror_customers
                     (provider, id, raw_json, title, cells_json, search_text, synced_at, seen_pass)
                     VALUES (?1, ?2, '{}', ?3, '{}', lower(?3), 1, 1)",
                    [provider, id, name],
                )
                .unwrap();
        }
    }
    let mut backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.version().unwrap(), migrations::MIGRATIONS.len());
    assert_eq!(
        find(&backend, None, "ivan"),
        (vec!["guardant/7".into(), "reportei/1".into()], 2)
    );
    assert_eq!(find(&backend, Some("reportei"), "ivan").1, 1);
    // A customer written after the migration takes the next key of its provider, and is found.
    backend
        .write_page(&[row("8", "Ivan Novak", "")], 2, &full_pass("guardant", 1))
        .unwrap();
    assert_eq!(find(&backend, Some("guardant"), "ivan").1, 2);
    assert_eq!(backend.mirror_count("guardant").unwrap().present, 2);
}

#[tokio::test]
async fn the_store_searches_on_its_own_read_only_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .call(|b| b.write_page(&[row("1", "Ivan Petrov", "")], 1, &full_pass("guardant", 1)))
        .await
        .unwrap();
    let query = MirrorQuery {
        text: Some("petrov".into()),
        limit: 5,
        ..MirrorQuery::default()
    };
    let window = store.window("global", query.clone()).await.unwrap();
    assert_eq!(window.total, 1);
    // Streams for an export from the same reader.
    let mut seen = Vec::new();
    let read = store
        .read("export", move |reader| {
            reader.each_customer(&query, &mut |hit| {
                seen.push(hit.row.id);
                true
            })
        })
        .await
        .unwrap();
    assert_eq!(read, 1);
}
