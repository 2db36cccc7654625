//! Decoding the seeds' own list examples, with each API's paging.

use serde_json::{Value as Json, json};

use super::*;
use crate::domain::Value;

fn fixture(name: &str) -> Json {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn request(cursor: Cursor, size: u32) -> PageRequest {
    PageRequest { cursor, size }
}

#[test]
fn ngorder_list_pages_by_number_with_totals() {
    let page = decode_page(
        spec(ProviderId::Ngorder),
        request(Cursor::Page(1), 2),
        &fixture("ngorder_list.json"),
    )
    .unwrap();
    assert_eq!(page.records.len(), 2);
    assert_eq!(page.records[1].id, "123");
    assert_eq!(page.records[1].text("name"), "Budi");
    assert_eq!(page.records[1].text("postal_code"), "53473");
    assert_eq!(page.next, Some(Cursor::Page(2)));
    assert_eq!(
        page.totals,
        Some(Totals {
            records: 100,
            pages: 50
        })
    );
}

#[test]
fn cyclesoftware_last_page_has_no_next_offset_and_missing_company_is_empty() {
    let body = fixture("cyclesoftware_list.json");
    let page = decode_page(
        spec(ProviderId::CycleSoftware),
        request(Cursor::Offset(0), 100),
        &body,
    )
    .unwrap();
    assert_eq!(page.next, None);
    assert_eq!(page.records[1].text("name"), "Wijgergangs");
    match page.records[0].get("phone_numbers") {
        Some(Value::List(numbers)) => assert_eq!(numbers.len(), 3),
        other => panic!("phone numbers not decoded: {other:?}"),
    }

    let mut more = body.clone();
    more["pagination"]["next_offset"] = json!(500);
    let page = decode_page(
        spec(ProviderId::CycleSoftware),
        request(Cursor::Offset(0), 100),
        &more,
    )
    .unwrap();
    assert_eq!(page.next, Some(Cursor::Offset(500)));
}

#[test]
fn guardant_full_page_means_more_and_dates_are_unix() {
    let body = fixture("guardant_list.json");
    let page = decode_page(
        spec(ProviderId::Guardant),
        request(Cursor::Offset(0), 1),
        &body,
    )
    .unwrap();
    assert_eq!(page.records[0].id, "8");
    assert_eq!(page.records[0].get("archivationdate"), Some(&Value::Empty));
    assert_eq!(page.next, Some(Cursor::Offset(1)));
    let page = decode_page(
        spec(ProviderId::Guardant),
        request(Cursor::Offset(0), 50),
        &body,
    )
    .unwrap();
    assert_eq!(page.next, None, "a short page is the last");
}

#[test]
fn dkhardware_payload_with_addresses() {
    let customer = fixture("dkhardware_get.json")["payload"].clone();
    let body = json!({ "payload": [customer] });
    let page = decode_page(
        spec(ProviderId::DkHardware),
        request(Cursor::Offset(0), 50),
        &body,
    )
    .unwrap();
    let record = &page.records[0];
    assert_eq!(record.id, "21762");
    assert_eq!(record.text("updatedAt"), "2022-08-02 13:46:00");
    assert!(matches!(record.get("addresses"), Some(Value::List(a)) if a.len() == 2));
}

#[test]
fn reportei_meta_paging_and_unknown_fields_kept() {
    let page = decode_page(
        spec(ProviderId::Reportei),
        request(Cursor::Page(1), 15),
        &fixture("reportei_list.json"),
    )
    .unwrap();
    assert_eq!(
        page.totals,
        Some(Totals {
            records: 2,
            pages: 1
        })
    );
    assert_eq!(page.next, None);
    assert_eq!(page.records[1].get("is_paying"), Some(&Value::Bool(true)));
    assert_eq!(page.records[0].text("merchant"), "Reportei");
}

#[test]
fn a_body_without_the_list_is_an_undecodable_error() {
    let error = decode_page(
        spec(ProviderId::Reportei),
        request(Cursor::Page(1), 15),
        &json!({"data": "nope"}),
    )
    .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Undecodable);
}

#[test]
fn page_queries_follow_each_api() {
    let q = page_query(
        &spec(ProviderId::Ngorder).list.paging,
        request(Cursor::Page(3), 50),
    );
    assert_eq!(
        q,
        vec![
            ("pagination_offset", "3".to_string()),
            ("per_page", "50".to_string())
        ]
    );
    let q = page_query(
        &spec(ProviderId::CycleSoftware).list.paging,
        request(Cursor::Offset(0), 100),
    );
    assert!(
        q.is_empty(),
        "first CycleSoftware page is asked for without offset"
    );
    let q = page_query(
        &spec(ProviderId::DkHardware).list.paging,
        request(Cursor::Offset(100), 50),
    );
    assert_eq!(
        q,
        vec![("offset", "100".to_string()), ("limit", "50".to_string())]
    );
}

#[test]
fn the_largest_page_number_does_not_overflow() {
    // Found by the property tests: `current_page + 1` was computed even on the last page.
    let body =
        json!({"data": [], "meta": {"current_page": u64::MAX, "last_page": u64::MAX, "total": 0}});
    let page = decode_page(
        spec(ProviderId::Reportei),
        request(Cursor::Page(1), 15),
        &body,
    )
    .unwrap();
    assert_eq!(page.next, None);
    let body = json!({"data": [], "meta": {"current_page": "18446744073709551615", "last_page": 1, "total": 0}});
    assert!(
        decode_page(
            spec(ProviderId::Reportei),
            request(Cursor::Page(1), 15),
            &body
        )
        .is_ok()
    );
}

#[test]
fn ngorder_doc_example_pages_from_what_was_asked() {
    // The example always says `current_page: 1`; asked for page 2 it still leads to page 3.
    let body = fixture("ngorder_list.json");
    let asked = request(Cursor::Page(2), 2);
    let page = decode_page(spec(ProviderId::Ngorder), asked, &body).unwrap();
    assert_eq!(page.next, Some(Cursor::Page(3)));
    assert_eq!(
        page.totals,
        Some(Totals {
            records: 100,
            pages: 50
        })
    );
    // What a sync needs to stop: the provider answered page 1 for page 2.
    assert_eq!(
        repeated_page(&spec(ProviderId::Ngorder).list, asked, &body),
        Some(1)
    );
    assert_eq!(
        repeated_page(
            &spec(ProviderId::Ngorder).list,
            request(Cursor::Page(1), 2),
            &body
        ),
        None
    );
}

#[test]
fn totals_that_contradict_the_rows_seen_are_dropped_and_paging_ends() {
    // 50 a page asked, 2 rows answered with "50 pages of 100": no page 4 of 50 at 151–152 of 100.
    let page = decode_page(
        spec(ProviderId::Ngorder),
        request(Cursor::Page(1), 50),
        &fixture("ngorder_list.json"),
    )
    .unwrap();
    assert_eq!(page.totals, None);
    assert_eq!(
        page.next, None,
        "a short page without believable totals is the last"
    );

    // Order history: 2 of "47 orders in 24 pages" for 50 a page.
    let orders = &spec(ProviderId::Ngorder).related[0];
    let page = decode_list(
        &orders.schema,
        &orders.list,
        request(Cursor::Page(1), 50),
        &fixture("ngorder_order_history.json"),
    )
    .unwrap();
    assert_eq!((page.totals, page.next), (None, None));
}
