//! Every example response in the seed docs (`tests/fixtures/`, copied verbatim), decoded the way the
//! clients decode them — `decode_page` for lists, `decode_record` for one customer, `decode_body` for
//! envelopes and errors — with each value checked against the fixture, the providers' quirks included.
//!
//! Fixtures not copied verbatim: `dkhardware_list.json`. The seed's list example stops at `...` inside the
//! first customer's addresses; it is completed minimally by closing the address list, the customer, the
//! payload array and the object (one customer with one address), nothing added.

use clientele::domain::{Cursor, ErrorKind, FieldKind, PageRequest, ProviderId, Record, Value};
use clientele::providers::decode::{decode_record, decode_records, format_unix};
use clientele::providers::http::decode_body;
use clientele::providers::{decode_page, spec};
use reqwest::StatusCode;
use serde_json::{Value as Json, json};

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> Json {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

/// A success body through the transport's decoder: it must come back as the JSON it is, not an error.
fn ok_body(name: &str) -> Json {
    let json = decode_body(StatusCode::OK, &fixture_text(name))
        .unwrap_or_else(|e| panic!("{name} decoded as an error: {e}"));
    assert_eq!(json, fixture(name), "{name}: decode_body changed the body");
    json
}

/// An error body through the transport's decoder.
fn error_body(status: u16, name: &str) -> clientele::domain::ApiError {
    decode_body(StatusCode::from_u16(status).unwrap(), &fixture_text(name))
        .expect_err("an error body must decode as an error")
}

/// What `json` must have become in a record, for a field of `kind` (`None`: a key the schema does not
/// know, kept untyped).
fn expected(kind: Option<FieldKind>, json: &Json) -> Value {
    match (kind, json) {
        (_, Json::Null) => Value::Empty,
        (Some(FieldKind::Time), Json::String(s)) if s.is_empty() => Value::Empty,
        // Every provider's timestamps end up as `yyyy-mm-dd hh:mm:ss`.
        (Some(FieldKind::Time), Json::String(s)) => Value::Time(s.replace('T', " ")),
        (Some(FieldKind::UnixTime), Json::Number(n)) => match n.as_i64().unwrap() {
            0 => Value::Empty,
            secs => Value::Time(format_unix(secs)),
        },
        (Some(FieldKind::Integer), Json::Number(n)) => Value::Integer(n.as_i64().unwrap()),
        (Some(FieldKind::Decimal), Json::Number(n)) => Value::Decimal(n.as_f64().unwrap()),
        (
            Some(FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Digits),
            Json::Number(n),
        ) => Value::Text(n.to_string()),
        (None, Json::Number(n)) => n
            .as_i64()
            .map_or_else(|| Value::Decimal(n.as_f64().unwrap()), Value::Integer),
        (Some(kind), Json::Number(n)) => panic!("no fixture sends {n} for a {kind:?} field"),
        (_, Json::String(s)) => Value::Text(s.clone()),
        (_, Json::Bool(b)) => Value::Bool(*b),
        (_, Json::Array(items)) => Value::List(
            items
                .iter()
                .map(|item| {
                    item.as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), expected(None, v)))
                        .collect()
                })
                .collect(),
        ),
        (_, Json::Object(_)) => Value::Text(json.to_string()),
    }
}

/// Every key of the fixture object is in the record with its value intact, the id included; every
/// schema field is present (empty when the fixture lacks it).
fn assert_intact(provider: ProviderId, record: &Record, json: &Json) {
    let schema = &spec(provider).schema;
    let object = json.as_object().unwrap();
    let id = match &object[schema.id_key] {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        other => panic!("fixture id {other}"),
    };
    assert_eq!(record.id, id, "{provider}: id");
    for (key, value) in object {
        if key == schema.id_key {
            continue;
        }
        let kind = schema.field(key).map(|f| f.kind);
        let kind = match kind {
            Some(FieldKind::Enum(_)) => Some(FieldKind::Text),
            other => other,
        };
        assert_eq!(
            record.get(key),
            Some(&expected(kind, value)),
            "{provider} {id}: field {key} from {value}"
        );
    }
    for field in schema.fields {
        assert!(
            record.get(field.key).is_some(),
            "{provider}: schema field {} missing from the record",
            field.key
        );
    }
}

fn record(provider: ProviderId, json: &Json) -> Record {
    let record = decode_record(&spec(provider).schema, json)
        .unwrap_or_else(|| panic!("{provider}: not decoded: {json}"));
    assert_intact(provider, &record, json);
    record
}

fn first_page(provider: ProviderId, size: u32) -> PageRequest {
    let cursor = match provider {
        ProviderId::Ngorder | ProviderId::Reportei => Cursor::Page(1),
        _ => Cursor::Offset(0),
    };
    PageRequest { cursor, size }
}

/// A list fixture through `decode_page`: every item becomes a record with its values intact.
fn list(provider: ProviderId, name: &str, items: &str, size: u32) -> clientele::domain::Page {
    let body = ok_body(name);
    let page = decode_page(spec(provider), first_page(provider, size), &body).unwrap();
    let items = body.pointer(items).unwrap().as_array().unwrap();
    assert_eq!(
        page.records.len(),
        items.len(),
        "{name}: every item decoded"
    );
    for (record, item) in page.records.iter().zip(items) {
        assert_intact(provider, record, item);
    }
    page
}

// ---------------------------------------------------------------- Ngorder

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

// ---------------------------------------------------------------- CycleSoftware

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

// ---------------------------------------------------------------- Guardant Station

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

// ---------------------------------------------------------------- DK Hardware

#[test]
fn dkhardware_list_and_get_keep_string_ids_and_addresses() {
    let page = list(
        ProviderId::DkHardware,
        "dkhardware_list.json",
        "/payload",
        100,
    );
    let first = &page.records[0];
    assert_eq!(first.id, "874410", "ids are strings in the list");
    assert_eq!(
        first.get("createdAt"),
        Some(&Value::Time("2022-08-05 05:56:44".into()))
    );
    let Some(Value::List(addresses)) = first.get("addresses") else {
        panic!("addresses");
    };
    assert!(addresses[0].contains(&("customerId".into(), Value::Text("874410".into()))));
    assert!(addresses[0].contains(&("isDefaultShipping".into(), Value::Bool(true))));
    assert!(addresses[0].contains(&("address2".into(), Value::Empty)));

    let get = ok_body("dkhardware_get.json");
    let get = record(ProviderId::DkHardware, &get["payload"]);
    assert_eq!(get.id, "21762");
    assert_eq!(get.text("phone"), "713-254-1161");
    assert_eq!(get.get("altPhone"), Some(&Value::Empty));
    let Some(Value::List(addresses)) = get.get("addresses") else {
        panic!("addresses");
    };
    assert_eq!(addresses.len(), 2);
    assert!(addresses[1].contains(&("city".into(), Value::Text("SAN ANTONIO".into()))));
}

#[test]
fn dkhardware_writes_answer_submission_ids() {
    assert_eq!(
        ok_body("dkhardware_create.json")["submissionId"],
        "77921d3a-7838-40bf-a2d2-e30424d15520"
    );
    assert_eq!(
        ok_body("dkhardware_update.json")["submissionId"],
        "ddf7db40-5d43-45f0-a260-8015320ed828"
    );
}

#[test]
fn dkhardware_status_has_a_numeric_customer_id() {
    let done = ok_body("dkhardware_status_succeeded.json");
    // The quirk: a number here, strings everywhere else.
    assert_eq!(done["customerId"], json!(463118));
    assert!(done["customerId"].is_u64());
    assert_eq!(done["status"], "Succeeded");
    assert_eq!(done["errors"], Json::Null);

    // `status: "Failed"` with `errors` inside a 200 is a submission state, not a transport error.
    let failed = ok_body("dkhardware_status_failed.json");
    assert_eq!(failed["customerId"], Json::Null);
    assert_eq!(failed["status"], "Failed");
    assert_eq!(
        failed["errors"],
        json!(["Property Email failed validation. Error: 'Email' must not be empty."])
    );
}

#[test]
fn dkhardware_problem_details_use_snake_case_field_keys() {
    let create = error_body(400, "dkhardware_create_400.json");
    assert_eq!(create.kind, ErrorKind::Validation);
    assert_eq!(create.status, Some(400));
    assert_eq!(create.message, "One or more validation errors occurred.");
    assert_eq!(
        create.fields.keys().collect::<Vec<_>>(),
        vec!["customer_id", "email"]
    );
    assert_eq!(
        create.fields["customer_id"],
        vec!["'Customer Id' must be empty."]
    );
    assert_eq!(create.fields["email"], vec!["'Email' must not be empty."]);

    let update = error_body(400, "dkhardware_update_400.json");
    assert_eq!(
        update.fields["customer_id"],
        vec!["'Customer Id' must not be empty."]
    );
    assert_eq!(update.fields["email"], vec!["'Email' must be empty."]);

    for name in [
        "dkhardware_create_500.json",
        "dkhardware_update_500.json",
        "dkhardware_status_500.json",
    ] {
        let error = error_body(500, name);
        assert_eq!(
            (error.kind, error.status, error.message.as_str()),
            (ErrorKind::Server, Some(500), "System error."),
            "{name}"
        );
        assert!(error.fields.is_empty());
    }
}

#[test]
fn dkhardware_oauth_error_keeps_its_description() {
    let error = decode_body(
        StatusCode::UNAUTHORIZED,
        r#"{"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}"#,
    )
    .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_eq!(
        error.message,
        "Invalid client or Invalid client credentials"
    );
}

// ---------------------------------------------------------------- Reportei Connect

#[test]
fn reportei_list_and_get() {
    let page = list(ProviderId::Reportei, "reportei_list.json", "/data", 15);
    let totals = page.totals.unwrap();
    assert_eq!((totals.records, totals.pages), (2, 1));
    assert_eq!(page.next, None);
    assert_eq!(page.records[0].get("is_paying"), Some(&Value::Bool(false)));
    assert_eq!(page.records[1].get("is_paying"), Some(&Value::Bool(true)));

    let get = ok_body("reportei_get.json");
    let get = record(ProviderId::Reportei, &get["customer"]);
    assert_eq!(get.id, "caedbbbe-7d93-476f-b965-bf97cd7ce874");
    assert_eq!(
        get.get("trial_ends_at"),
        Some(&Value::Time("2024-10-08 17:15:12".into()))
    );
    assert_eq!(get.text("merchant"), "Reportei");
}

#[test]
fn reportei_settings_carry_integrations() {
    let settings = ok_body("reportei_settings.json");
    let customer = record(ProviderId::Reportei, &settings["customer"]);
    assert_eq!(customer.id, "073c1e15-94d0-49b3-9861-a0e9b7ffb06c");
    let Some(Value::List(integrations)) = customer.get("integrations") else {
        panic!("integrations");
    };
    assert_eq!(integrations.len(), 1);
    assert!(integrations[0].contains(&("slug".into(), Value::Text("instagram_business".into()))));
    assert!(integrations[0].contains(&("status".into(), Value::Text("active".into()))));
}

#[test]
fn reportei_create_answer_carries_the_one_time_token() {
    let created = ok_body("reportei_create.json");
    assert_eq!(
        created.pointer("/customer/api_token").unwrap(),
        "6d37ffcc936ffa1d2bf4f99dbea973b760988e6fe755a22c328d3d3f908f5f87"
    );
    let customer = record(ProviderId::Reportei, &created["customer"]);
    assert_eq!(customer.id, "9cdc0998-cd1c-406c-98b2-a40448486657");
    assert_eq!(customer.text("name"), "Reportei Customer 3");
}

#[test]
fn reportei_delete_and_payment_answer_messages() {
    let deleted = ok_body("reportei_delete.json");
    assert_eq!(deleted["success"], json!(true));
    assert_eq!(deleted["message"], "Record successfully removed");
    let paying = ok_body("reportei_payment.json");
    assert_eq!(paying["success"], json!(true));
    assert_eq!(
        paying["message"],
        "Customer is now marked as a paying customer"
    );
}

#[test]
fn reportei_both_error_shapes() {
    let plain = decode_body(
        StatusCode::UNAUTHORIZED,
        r#"{"message":"Unauthenticated."}"#,
    )
    .unwrap_err();
    assert_eq!(
        (plain.kind, plain.message.as_str()),
        (ErrorKind::Auth, "Unauthenticated.")
    );
    let nested = decode_body(
        StatusCode::TOO_MANY_REQUESTS,
        r#"{"error":{"code":"too_many_requests","message":"Slow down","details":{}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (nested.kind, nested.message.as_str()),
        (ErrorKind::RateLimited, "Slow down")
    );
}

#[test]
fn guardant_code_and_description_error_shows_the_description() {
    let error = decode_body(
        StatusCode::BAD_REQUEST,
        r#"{"code":1003,"description":"Invalid customer e-mail"}"#,
    )
    .unwrap_err();
    assert_eq!(error.message, "Invalid customer e-mail");
}
