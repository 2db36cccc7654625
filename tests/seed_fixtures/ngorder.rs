//! Ngorder's examples.

use super::*;

#[test]
fn ngorder_list_keeps_every_value_and_the_page_totals() {
    let page = list(ProviderId::Ngorder, "ngorder_list.json", "/data", 2);
    let budi = &page.records[1];
    assert_eq!(budi.id, "123");
    assert_eq!(budi.text("name"), "Budi");
    assert_eq!(budi.text("phone"), "628212345678");
    assert_eq!(budi.text("postal_code"), "53473");
    assert_eq!(budi.text("category_code"), "N");
    assert_eq!(budi.text("category"), "Pelanggan");
    assert_eq!(budi.get("email"), Some(&Value::Empty));
    assert_eq!(budi.text("name_initial"), "B", "unknown fields are kept");
    let totals = page.totals.unwrap();
    assert_eq!((totals.records, totals.pages), (100, 50));
    assert_eq!(page.next, Some(Cursor::Page(2)));
}

#[test]
fn ngorder_create_and_update_answer_an_integer_id() {
    for name in ["ngorder_create.json", "ngorder_update.json"] {
        let body = ok_body(name);
        assert_eq!(body["response"], "Success");
        assert_eq!(body["data"]["customer_id"], json!(123), "{name}");
        assert!(body["data"]["customer_id"].is_i64());
        assert_eq!(body["data"]["name"], "Budi");
    }
}

#[test]
fn ngorder_activation_status_answers_the_id_as_a_string() {
    let body = ok_body("ngorder_activation_status.json");
    assert_eq!(body["message"], "Budi has been blocked");
    // The quirk: `"123"` here, `123` in create and update.
    assert_eq!(body["data"]["customer_id"], json!("123"));
    assert!(body["data"]["customer_id"].is_string());
}

#[test]
fn ngorder_privor_per_month_download_and_order_history() {
    let privor = ok_body("ngorder_privor_activation.json");
    assert_eq!(privor["message"], "Successful run");

    let per_month = ok_body("ngorder_per_month.json");
    let months: Vec<(i64, &str)> = per_month["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["total"].as_i64().unwrap(), m["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        months,
        vec![(5, "2020-09"), (9, "2020-08"), (1653, "2020-07")]
    );

    // Its only content is a `response` that starts with "Success": not Ngorder's "Failed" envelope.
    let download = ok_body("ngorder_download.json");
    assert_eq!(
        download["response"],
        "Success, your customer data will be sent to juragan@ngorder.id soon"
    );

    let history = ok_body("ngorder_order_history.json");
    assert_eq!(history["total"], json!({"items": 120, "orders": 47}));
    let orders = history["data"].as_array().unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0]["order_id"], 39384704);
    assert_eq!(orders[1]["date"], "2021-03-02 13:34:32");
    assert_eq!(orders[0]["order_detail"][1]["product_name"], "Kaos Merah ");
    assert_eq!(orders[0]["order_detail"][1]["total"], " 1");
    assert_eq!(
        history["meta"]["pagination"]["links"]["next"],
        "https://api.ngorder.id/api/open/customer/order-history?id=123&per_page=2&pagination_offset=2"
    );
}

#[test]
fn ngorder_documented_validation_failure_is_an_error_even_on_a_200() {
    // The shape PROVIDERS.md documents; the seed has no example.
    let body = r#"{"request_id":"abc","response":"Failed","message":{"phone":["The phone must be a number."]},"data":null}"#;
    for status in [200, 422] {
        let error = decode_body(StatusCode::from_u16(status).unwrap(), body).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Validation, "{status}");
        assert_eq!(error.fields["phone"], vec!["The phone must be a number."]);
        assert!(error.message.contains("The phone must be a number."));
    }
}
