//! DK Hardware's examples.

use super::*;

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
