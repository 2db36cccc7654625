//! CycleSoftware's examples.

use super::*;

#[test]
fn cyclesoftware_list_is_the_last_page_and_keeps_phone_numbers() {
    let page = list(
        ProviderId::CycleSoftware,
        "cyclesoftware_list.json",
        "/customers",
        100,
    );
    assert_eq!(page.next, None, "next_offset null: the last page");
    assert_eq!(page.totals, None);
    let first = &page.records[0];
    assert_eq!(first.id, "8");
    assert_eq!(first.get("datetime_created"), Some(&Value::Empty));
    assert_eq!(first.get("discount_percentage"), Some(&Value::Decimal(0.0)));
    let Some(Value::List(numbers)) = first.get("phone_numbers") else {
        panic!("phone numbers");
    };
    assert_eq!(numbers.len(), 3);
    // `phone_number_id` is "mob", "tel" or a number in a string: kept as the string.
    assert!(numbers[2].contains(&("phone_number_id".into(), Value::Text("453383".into()))));
    assert!(numbers[2].contains(&("customer_id".into(), Value::Integer(8))));
}

#[test]
fn cyclesoftware_get_create_and_update_answers() {
    let get = record(
        ProviderId::CycleSoftware,
        &ok_body("cyclesoftware_get.json"),
    );
    assert_eq!(get.id, "1006");
    assert_eq!(get.text("company_name"), "Company name");
    assert_eq!(get.text("title"), "Dhr./Mevr. ", "trailing space kept");
    assert_eq!(
        get.get("datetime_created"),
        Some(&Value::Time("2023-01-03 12:30:44".into()))
    );

    let created = record(
        ProviderId::CycleSoftware,
        &ok_body("cyclesoftware_create.json"),
    );
    assert_eq!(created.id, "26196");
    assert_eq!(
        created.get("discount_percentage"),
        Some(&Value::Decimal(10.0))
    );
    assert_eq!(created.text("customer_type_name"), "Zakelijk");
    let Some(Value::List(numbers)) = created.get("phone_numbers") else {
        panic!("phone numbers");
    };
    assert_eq!(numbers.len(), 3);

    let updated = record(
        ProviderId::CycleSoftware,
        &ok_body("cyclesoftware_update.json"),
    );
    assert_eq!(updated.id, "4");
    assert_eq!(updated.text("name"), "Name 64070233d1b8c");
    assert_eq!(
        updated.get("company_name"),
        Some(&Value::Text(String::new()))
    );
}

#[test]
fn cyclesoftware_find_is_a_bare_array_and_company_name_may_be_absent() {
    let body = ok_body("cyclesoftware_find.json");
    let items = body.as_array().expect("find answers a bare array");
    let (records, skipped) = decode_records(&spec(ProviderId::CycleSoftware).schema, items);
    assert_eq!((records.len(), skipped), (2, 0));
    for (record, item) in records.iter().zip(items) {
        assert_intact(ProviderId::CycleSoftware, record, item);
    }
    let giel = &records[1];
    assert_eq!(giel.id, "11");
    assert!(items[1].get("company_name").is_none(), "the seed's quirk");
    assert_eq!(giel.get("company_name"), Some(&Value::Empty));
    assert_eq!(giel.text("company_name"), "");
    assert_eq!(giel.text("customer_type_name"), "E-commerce");
}

#[test]
fn cyclesoftware_error_true_is_an_error_even_on_a_200() {
    // The list envelope carries `error`; the documented failure sets it with a message.
    let mut body = fixture("cyclesoftware_list.json");
    assert_eq!(body["error"], json!(false));
    body["error"] = json!(true);
    body["error_message"] = json!("Invalid offset given");
    let error = decode_body(StatusCode::OK, &body.to_string()).unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(error.message, "Invalid offset given");
    assert_eq!(error.status, None);

    for (status, kind) in [
        (400, ErrorKind::Validation),
        (401, ErrorKind::Auth),
        (403, ErrorKind::Auth),
        (404, ErrorKind::NotFound),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
    ] {
        let body = r#"{"error":true,"error_message":"Customer not found"}"#;
        let error = decode_body(StatusCode::from_u16(status).unwrap(), body).unwrap_err();
        assert_eq!(
            (error.kind, error.status, error.message.as_str()),
            (kind, Some(status), "Customer not found")
        );
    }
}
