//! The search indexes stay exactly in step with the customers through any mix of writes: pages
//! (new customers, changed, unchanged, one listed twice, one back from gone), single upserts, gone
//! marks and full passes. A page is written set-wise (`sqlite_mirror::write_page`), the rest a row at
//! a time; both must leave the trigram and digit indexes answering what a scan of the texts would.

use std::collections::BTreeMap;

use super::super::*;
use super::full_pass;

const PROVIDERS: [&str; 2] = ["guardant", "dkhardware"];
const NAMES: [&str; 6] = ["ivan", "olga", "petrov", "sari", "budiman", "anna"];
const NUMBERS: [&str; 5] = ["8123456", "8129999", "5550123", "2015550", "7777123"];

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// What the mirror should hold: each customer's search text and gone mark, and the pass that last
/// saw it.
#[derive(Default)]
struct Model {
    customers: BTreeMap<(String, String), (String, bool, i64)>,
    /// Each provider's pass as its saved sync state says.
    passes: BTreeMap<String, i64>,
}

fn random_row(random: &mut Lcg) -> MirrorRow {
    let id = format!("c{}", random.below(30));
    let (first, last) = (NAMES[random.below(6)], NAMES[random.below(6)]);
    let number = NUMBERS[random.below(5)];
    MirrorRow {
        raw_json: format!(r#"{{"id":"{id}","name":"{first} {last}"}}"#),
        title: format!("{first} {last}"),
        cells_json: format!(r#"{{"name":"{first} {last}"}}"#),
        search_text: format!("{id} {first} {last} {number}"),
        id,
    }
}

/// Every search of a name or a number, in one provider and over all, answers what a scan of the
/// model finds; and FTS5's own check of each index's structure passes (not against the customers'
/// texts: the indexes hold only the customers not gone, by design).
fn assert_indexes_match(backend: &SqliteBackend, model: &Model, step: usize) {
    let mut queries: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
    queries.extend(NUMBERS.iter().map(|n| n[1..6].to_string()));
    for text in &queries {
        for provider in [None, Some(PROVIDERS[0]), Some(PROVIDERS[1])] {
            let window = backend
                .mirror_window(&MirrorQuery {
                    provider: provider.map(str::to_string),
                    text: Some(text.clone()),
                    limit: 500,
                    ..MirrorQuery::default()
                })
                .unwrap();
            let mut found: Vec<(String, String)> = window
                .rows
                .iter()
                .map(|hit| (hit.provider.clone(), hit.row.id.clone()))
                .collect();
            found.sort();
            let expected: Vec<(String, String)> = model
                .customers
                .iter()
                .filter(|((p, _), (search_text, gone, _))| {
                    !gone && provider.is_none_or(|only| only == p) && search_text.contains(text)
                })
                .map(|(key, _)| key.clone())
                .collect();
            assert_eq!(found, expected, "step {step}: {text:?} in {provider:?}");
            assert_eq!(window.total, expected.len() as u64, "step {step}: {text:?}");
        }
    }
    for index in ["mirror_search", "mirror_digits"] {
        backend
            .connection_for_tests()
            .execute(
                &format!("INSERT INTO {index} ({index}) VALUES ('integrity-check')"),
                [],
            )
            .unwrap_or_else(|e| panic!("step {step}: {index} is broken: {e}"));
    }
}

#[test]
fn every_mix_of_pages_upserts_gone_marks_and_full_passes_keeps_both_indexes_exact() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let mut model = Model::default();
    let mut random = Lcg(11);
    for step in 0..300 {
        let provider = PROVIDERS[random.below(2)];
        let pass = *model.passes.entry(provider.into()).or_insert(1);
        match random.below(10) {
            // A page of up to 12, often listing one customer twice (the last content counts).
            0..=4 => {
                let rows: Vec<MirrorRow> = (0..1 + random.below(12))
                    .map(|_| random_row(&mut random))
                    .collect();
                backend
                    .write_page(&rows, step as i64, &full_pass(provider, pass))
                    .unwrap();
                for row in rows {
                    model
                        .customers
                        .insert((provider.into(), row.id), (row.search_text, false, pass));
                }
            }
            5 | 6 => {
                let row = random_row(&mut random);
                backend
                    .upsert_customer(provider, &row, step as i64)
                    .unwrap();
                let seen = backend.sync_state(provider).unwrap().pass;
                model
                    .customers
                    .insert((provider.into(), row.id), (row.search_text, false, seen));
            }
            7 | 8 => {
                let id = format!("c{}", random.below(30));
                backend.mark_gone(provider, &id, step as i64).unwrap();
                if let Some(customer) = model.customers.get_mut(&(provider.into(), id)) {
                    customer.1 = true;
                }
            }
            // The full pass ends: the customers it did not see are gone, and the next one begins.
            _ => {
                let mut state = full_pass(provider, pass);
                state.running = None;
                backend.finish_pass(&state, true).unwrap();
                for ((p, _), (_, gone, seen)) in model.customers.iter_mut() {
                    if p == provider && *seen < pass {
                        *gone = true;
                    }
                }
                model.passes.insert(provider.into(), pass + 1);
                backend
                    .save_sync_state(&full_pass(provider, pass + 1))
                    .unwrap();
            }
        }
        assert_indexes_match(&backend, &model, step);
    }
    // The run went through every ending: some customers gone, some back, both providers written.
    let gone = model.customers.values().filter(|c| c.1).count();
    assert!(gone > 0 && gone < model.customers.len(), "{gone} gone");
}

#[test]
fn a_customer_listed_twice_in_a_page_is_one_customer_with_the_last_content() {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let row = |name: &str| MirrorRow {
        id: "7".into(),
        raw_json: format!(r#"{{"id":"7","name":"{name}"}}"#),
        title: name.into(),
        cells_json: format!(r#"{{"name":"{name}"}}"#),
        search_text: format!("7 {}", name.to_lowercase()),
    };
    backend
        .write_page(&[row("Ivan"), row("Olga")], 1, &full_pass("guardant", 1))
        .unwrap();
    assert_eq!(backend.mirror_count("guardant").unwrap().present, 1);
    let customer = backend.mirrored("guardant", "7").unwrap().unwrap();
    assert_eq!(customer.row, row("Olga"));
    let found = |text: &str| {
        backend
            .mirror_window(&MirrorQuery {
                text: Some(text.into()),
                limit: 10,
                ..MirrorQuery::default()
            })
            .unwrap()
            .total
    };
    assert_eq!((found("olga"), found("ivan")), (1, 0));
}

#[test]
fn a_page_finds_the_customers_it_updates_by_id_without_reading_the_whole_mirror() {
    let backend = SqliteBackend::in_memory().unwrap();
    let plans = super::super::sqlite_mirror::page_plans(backend.connection_for_tests());
    // Each read of the customers is a lookup of one id: `(provider=?)` alone walks every customer
    // of the provider (an `UPDATE … FROM` join did, 1M index entries for each page).
    let reads: Vec<&str> = plans
        .split(" | ")
        .filter(|step| step.starts_with("SEARCH mirror_customers") || step.starts_with("SEARCH c "))
        .collect();
    assert_eq!(reads.len(), 2, "{plans}");
    for read in reads {
        assert!(read.contains("(provider=? AND id=?)"), "{plans}");
    }
    assert!(!plans.contains("SCAN mirror_customers"), "{plans}");
}
