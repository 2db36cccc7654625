//! Reportei Connect's examples.

use super::*;

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
