//! Phone numbers typed with five digits or more: read from the digit index (migration 4), with the
//! same answers the trigram index gave (the digits anywhere in a customer's text), kept in step with
//! every write, and built for a mirror made before it.

use super::super::*;
use super::full_pass;

fn row(id: &str, name: &str, phones: &str) -> MirrorRow {
    MirrorRow {
        id: id.into(),
        raw_json: format!(r#"{{"id":"{id}","name":"{name}"}}"#),
        title: name.into(),
        cells_json: format!(r#"{{"name":"{name}"}}"#),
        search_text: format!("{id} {} {phones}", name.to_lowercase()),
    }
}

fn query(provider: Option<&str>, text: &str) -> MirrorQuery {
    MirrorQuery {
        provider: provider.map(str::to_string),
        text: Some(text.into()),
        limit: 50,
        ..MirrorQuery::default()
    }
}

fn find(backend: &SqliteBackend, provider: Option<&str>, text: &str) -> (Vec<String>, u64) {
    let window = backend.mirror_window(&query(provider, text)).unwrap();
    let ids = window.rows.iter().map(|hit| hit.row.id.clone()).collect();
    (ids, window.total)
}

/// A small deterministic generator (the sandbox's data is not at hand here).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// DK Hardware's numbers as the sandbox makes them, `NNN-555-01NN`, as the sync indexes them (as
/// written and as digits), one to three a customer: every digit trigram of `2555 5501` is in nearly
/// every customer.
fn look_alike_mirror(customers: u64) -> (SqliteBackend, Vec<(String, String)>) {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let mut random = Lcg(7);
    let rows: Vec<MirrorRow> = (0..customers)
        .map(|i| {
            let phones: Vec<String> = (0..=random.below(3))
                .map(|_| {
                    let (area, line) = (201 + random.below(789), 100 + random.below(100));
                    format!("{area}-555-{line:04} {area}555{line:04}")
                })
                .collect();
            row(
                &(1_000_000 + i).to_string(),
                &format!("Customer {i}"),
                &phones.join(" "),
            )
        })
        .collect();
    backend
        .write_page(&rows, 1, &full_pass("dkhardware", 1))
        .unwrap();
    let texts = rows.into_iter().map(|r| (r.id, r.search_text)).collect();
    (backend, texts)
}

/// What the search must answer: customers whose text holds the digits, in the mirror's order.
fn expected(texts: &[(String, String)], digits: &str) -> (Vec<String>, u64) {
    let all: Vec<String> = texts
        .iter()
        .filter(|(_, text)| text.contains(digits))
        .map(|(id, _)| id.clone())
        .collect();
    let total = all.len() as u64;
    (all.into_iter().take(50).collect(), total)
}

#[test]
fn a_number_among_look_alike_numbers_is_read_from_the_digit_index_with_the_same_answer() {
    let (backend, texts) = look_alike_mirror(3_000);
    for (typed, digits) in [
        ("2555 5501", "25555501"),
        ("(255) 555-01", "25555501"),
        ("555 0112", "5550112"),
        ("5550", "5550"),
        ("55501", "55501"),
        ("1000 123", "1000123"),
        ("99999", "99999"),
    ] {
        assert_eq!(
            find(&backend, Some("dkhardware"), typed),
            expected(&texts, digits),
            "{typed:?}"
        );
        assert_eq!(find(&backend, None, typed), expected(&texts, digits));
    }
    // The typed number's grams answer, not the trigrams nearly every customer has (the work follows
    // what is found, not the size of the mirror): with the trigram index emptied, the same answer.
    let plan = super::super::sqlite_window::explain(
        backend.connection_for_tests(),
        &query(Some("dkhardware"), "2555 5501"),
    );
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    backend
        .connection_for_tests()
        .execute(
            "INSERT INTO mirror_search (mirror_search) VALUES ('delete-all')",
            [],
        )
        .unwrap();
    assert_eq!(find(&backend, None, "customer").1, 0);
    assert_eq!(
        find(&backend, Some("dkhardware"), "2555 5501"),
        expected(&texts, "25555501")
    );
}

#[test]
fn digits_are_found_anywhere_in_a_run_but_never_across_two_runs() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    backend
        .write_page(
            &[
                row("a1", "Ana", "tel 0812345678, fax 456789-0"),
                row("b2", "Bo", "postcode 12345 house 7"),
            ],
            1,
            &full_pass("guardant", 1),
        )
        .unwrap();
    assert_eq!(find(&backend, None, "2345 67").0, ["a1"]);
    assert_eq!(find(&backend, None, "0812345678").0, ["a1"]);
    assert_eq!(find(&backend, None, "12345").0, ["a1", "b2"]);
    // The end of one number and the start of the next are not a number.
    assert_eq!(find(&backend, None, "3456784").1, 0);
    assert_eq!(find(&backend, None, "456789 0").1, 0);
    assert_eq!(find(&backend, None, "08123456789").1, 0);
}

#[test]
fn the_digit_index_follows_upserts_gone_customers_and_purges() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    backend
        .write_page(
            &[
                row("1", "Ivan", "0812345678"),
                row("2", "Olga", "0899990000"),
            ],
            1,
            &full_pass("guardant", 1),
        )
        .unwrap();
    backend
        .write_page(
            &[row("1", "Ivana", "0812345678")],
            1,
            &full_pass("reportei", 1),
        )
        .unwrap();
    assert_eq!(find(&backend, Some("guardant"), "0812 345").0, ["1"]);
    assert_eq!(find(&backend, None, "0812 345").1, 2);
    // A new number: the old one no longer finds Olga.
    backend
        .upsert_customer("guardant", &row("2", "Olga", "0877770000"), 2)
        .unwrap();
    assert_eq!(find(&backend, None, "08999").1, 0);
    assert_eq!(find(&backend, None, "0877 77").0, ["2"]);
    // A full pass without Olga: gone, not found.
    let mut next = SyncState {
        pass: 2,
        ..full_pass("guardant", 1)
    };
    backend
        .write_page(&[row("1", "Ivan", "0812345678")], 3, &next)
        .unwrap();
    next.running = None;
    backend.finish_pass(&next, true).unwrap();
    assert_eq!(find(&backend, None, "0877 77").1, 0);
    // Purged: only the other provider's customer is found; new writes are indexed.
    backend.purge_mirror(Some("guardant")).unwrap();
    assert_eq!(find(&backend, None, "0812 345").1, 1);
    backend
        .write_page(
            &[row("3", "Petr", "0877770000")],
            4,
            &full_pass("guardant", 1),
        )
        .unwrap();
    assert_eq!(find(&backend, None, "0877 77").0, ["3"]);
}

#[test]
fn a_mirror_made_before_the_digit_index_is_indexed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        // The store as version 3 left it.
        let connection = rusqlite::Connection::open(&path).unwrap();
        for sql in &migrations::MIGRATIONS[..3] {
            connection.execute_batch(sql).unwrap();
        }
        connection.pragma_update(None, "user_version", 3).unwrap();
        connection
            .execute_batch(
                "INSERT INTO mirror_providers (provider, slot) VALUES ('dkhardware', 1);
                 INSERT INTO mirror_customers
                 (key, provider, id, raw_json, title, cells_json, search_text, synced_at, seen_pass)
                 VALUES ((1 << 40) + 1, 'dkhardware', '9', '{}', 'Ann', '{}',
                         'ann 255-555-0123 2555550123', 1, 1);",
            )
            .unwrap();
    }
    let backend = SqliteBackend::open(&path).unwrap();
    assert_eq!(backend.version().unwrap(), migrations::MIGRATIONS.len());
    assert_eq!(find(&backend, Some("dkhardware"), "2555 5501").0, ["9"]);
}
