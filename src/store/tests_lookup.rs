//! Finding a customer for the palette: by the start of its id, and its row in a window's order.

use super::super::*;

/// Customer `id` of `provider`, named `name` (no name cell at all with `None`).
fn customer(id: &str, name: Option<&str>, city: &str) -> MirrorRow {
    let cells = match name {
        Some(name) => serde_json::json!({ "name": name, "odd key": city }),
        None => serde_json::json!({ "odd key": city }),
    };
    MirrorRow {
        id: id.into(),
        raw_json: serde_json::json!({ "id": id, "name": name }).to_string(),
        title: name.unwrap_or("(no name)").into(),
        cells_json: cells.to_string(),
        search_text: format!("{} {city}", name.unwrap_or("")).to_lowercase(),
    }
}

/// 60 DK Hardware customers whose names repeat (case aside) and sometimes are missing, one of them
/// gone, and a few of another provider with the same ids.
fn mirror() -> SqliteBackend {
    let mut backend = SqliteBackend::in_memory().unwrap();
    let names = ["anna", "Budi", "ANNA", "carla", "budi"];
    let rows: Vec<MirrorRow> = (0..60)
        .map(|i| {
            let name = (i % 7 != 3).then(|| names[(i * 13) % names.len()]);
            let city = if i % 2 == 0 { "Jakarta" } else { "Bandung" };
            customer(&format!("{}", 1000 + (i * 37) % 60), name, city)
        })
        .collect();
    let state = SyncState {
        pass: 1,
        ..SyncState::new("dkhardware")
    };
    backend.write_page(&rows, 5, &state).unwrap();
    backend.mark_gone("dkhardware", "1007", 9).unwrap();
    let others: Vec<MirrorRow> = ["1000", "1001", "AB12"]
        .iter()
        .map(|id| customer(id, Some("Other"), "Leiden"))
        .collect();
    let state = SyncState {
        pass: 1,
        ..SyncState::new("guardant")
    };
    backend.write_page(&others, 5, &state).unwrap();
    backend
}

fn query(sort: Option<(&str, SortDirection)>, text: Option<&str>) -> MirrorQuery {
    MirrorQuery {
        provider: Some("dkhardware".into()),
        text: text.map(str::to_string),
        sort: sort.map(|(column, direction)| MirrorSort {
            column: column.into(),
            direction,
        }),
        offset: 0,
        limit: 1000,
    }
}

#[test]
fn a_customers_position_is_its_row_in_the_window_in_every_sort_and_search() {
    let backend = mirror();
    let mut queries = vec![query(None, None)];
    for column in ["name", "odd key"] {
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            queries.push(query(Some((column, direction)), None));
            queries.push(query(Some((column, direction)), Some("jakarta")));
        }
    }
    queries.push(query(None, Some("jakarta")));
    queries.push(query(None, Some("an")));
    for query in &queries {
        let window = backend.mirror_window(query).unwrap();
        assert!(window.rows.len() > 5, "{query:?}");
        for (row, hit) in window.rows.iter().enumerate() {
            assert_eq!(
                backend.position(query, &hit.row.id).unwrap(),
                Some(row as u64),
                "customer {} in {query:?}",
                hit.row.id
            );
        }
        // Gone, another provider's, or not found by the search: no position.
        assert_eq!(backend.position(query, "1007").unwrap(), None);
        assert_eq!(backend.position(query, "AB12").unwrap(), None);
        if query.text.as_deref() == Some("jakarta") {
            assert_eq!(backend.position(query, "1001").unwrap(), None, "Bandung");
        }
    }
    // Only a provider's window has positions.
    let global = MirrorQuery {
        provider: None,
        ..query(None, None)
    };
    assert_eq!(backend.position(&global, "1000").unwrap(), None);
}

#[test]
fn ids_are_found_by_their_start_in_every_provider_exact_first_and_gone_ones_not() {
    let backend = mirror();
    let providers = ["dkhardware".to_string(), "guardant".to_string()];
    let found = backend.ids_starting(&providers, "100", 5).unwrap();
    let ids: Vec<(&str, &str)> = found
        .iter()
        .map(|h| (h.provider.as_str(), h.row.id.as_str()))
        .collect();
    // 1007 is gone; each provider's first five, in id order.
    assert_eq!(
        ids,
        [
            ("dkhardware", "1000"),
            ("dkhardware", "1001"),
            ("dkhardware", "1002"),
            ("dkhardware", "1003"),
            ("dkhardware", "1004"),
            ("guardant", "1000"),
            ("guardant", "1001"),
        ]
    );
    let found = backend.ids_starting(&providers, "1059", 5).unwrap();
    assert_eq!(found.len(), 1);
    // Typed in lower case, an upper-case id is found; a provider not asked for is not searched.
    let found = backend.ids_starting(&providers, "ab", 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].row.id, "AB12");
    let found = backend
        .ids_starting(&["dkhardware".to_string()], "ab", 5)
        .unwrap();
    assert!(found.is_empty());
    // Nothing typed, or text that is no id: nothing, and no error.
    assert!(backend.ids_starting(&providers, " ", 5).unwrap().is_empty());
    assert!(
        backend
            .ids_starting(&providers, "'%_", 5)
            .unwrap()
            .is_empty()
    );
}
