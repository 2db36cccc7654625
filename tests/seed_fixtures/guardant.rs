//! Guardant Station's examples.

use super::*;

#[test]
fn guardant_list_get_create_and_put_answers() {
    let page = list(
        ProviderId::Guardant,
        "guardant_list.json",
        "/customers",
        100,
    );
    assert_eq!(
        page.next, None,
        "one customer of 100 asked for: the last page"
    );
    let first = &page.records[0];
    assert_eq!(first.id, "8");
    assert_eq!(first.get("status"), Some(&Value::Integer(0)));
    assert_eq!(first.get("archived"), Some(&Value::Bool(false)));
    assert_eq!(
        first.get("archivationdate"),
        Some(&Value::Empty),
        "0 means none"
    );

    let get = ok_body("guardant_get.json");
    let get = record(ProviderId::Guardant, &get["customer"]);
    assert_eq!(
        (get.id.as_str(), get.text("name"), get.text("phone")),
        ("4", "Peter".into(), "8".into())
    );
    assert_eq!(get.get("status"), Some(&Value::Integer(1)));

    let created = ok_body("guardant_create.json");
    let created = record(ProviderId::Guardant, &created["customer"]);
    assert_eq!(created.id, "9");
    assert_eq!(created.text("name"), "PostMan");
    assert_eq!(created.text("companyname"), "Google");
    assert_eq!(created.text("description"), "Created by postman");

    let put = ok_body("guardant_put.json");
    let put = record(ProviderId::Guardant, &put["customer"]);
    assert_eq!(put.id, "9");
    assert_eq!(put.text("name"), "PostManPut");
    assert_eq!(put.text("phone"), "111-11-11");
    assert_eq!(put.get("status"), Some(&Value::Integer(1)));
}

#[test]
fn guardant_orders_answer_decodes_as_it_is() {
    let orders = ok_body("guardant_orders.json");
    let orders = orders["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0]["_id"], 10016);
    assert_eq!(orders[1]["activationbirthdate"], 1538463338);
    assert_eq!(
        orders[1]["description"],
        "test bugs in sn activation number"
    );
}

#[test]
fn guardant_undocumented_error_bodies_keep_their_message() {
    let error = decode_body(
        StatusCode::NOT_FOUND,
        r#"{"code": 1012, "message": "Customer not found"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (error.kind, error.message.as_str()),
        (ErrorKind::NotFound, "Customer not found")
    );
}
