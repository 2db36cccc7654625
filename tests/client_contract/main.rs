//! The provider clients against the sandbox: paging, create → get, update, each record action,
//! validation errors as field → messages, DK submissions and Reportei's one-time token.

mod lists;

use std::collections::HashSet;
use std::time::Duration;

use clientele::app::Form;
use clientele::domain::{ErrorKind, ProviderId, Record, Value};
use clientele::providers::{Client, Saved, SubmissionState, WriteOutcome, spec};
use clientele::sandbox::{self, RunningSandbox, SandboxOptions};

const CUSTOMERS: usize = 230;

async fn start() -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: CUSTOMERS,
        seed: 11,
        dk_step: Duration::from_millis(40),
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

fn client(sandbox: &RunningSandbox, provider: ProviderId) -> Client {
    let mut settings = clientele::demo::settings(sandbox).unwrap();
    let mut provider_settings = settings
        .providers
        .iter_mut()
        .find(|p| p.id == provider)
        .unwrap()
        .clone();
    // Big pages keep the paging tests short; Ngorder and Reportei allow 100, the others more.
    provider_settings.page_size = 100;
    Client::new(&provider_settings).unwrap()
}

fn text(pairs: &[(&str, &str)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
        .collect()
}

/// Every record, following the provider's own paging to the end.
async fn all_records(client: &Client) -> Vec<Record> {
    let mut request = client.first_page();
    let mut records = Vec::new();
    for _ in 0..100 {
        let page = client.list(request).await.unwrap();
        records.extend(page.records);
        match page.next {
            Some(cursor) => request.cursor = cursor,
            None => return records,
        }
    }
    panic!("paging never ended");
}

#[tokio::test]
async fn paging_visits_every_customer_exactly_once_for_each_provider() {
    let sandbox = start().await;
    for provider in ProviderId::ALL {
        let records = all_records(&client(&sandbox, provider)).await;
        let ids: HashSet<_> = records.iter().map(|r| r.id.clone()).collect();
        assert_eq!(records.len(), CUSTOMERS, "{provider}: every customer once");
        assert_eq!(ids.len(), CUSTOMERS, "{provider}: no duplicates");
    }
}

fn record_of(outcome: WriteOutcome) -> Record {
    match outcome.saved {
        Saved::Record(record) => record,
        other => panic!("expected the saved record, got {other:?}"),
    }
}

#[tokio::test]
async fn cyclesoftware_create_get_update_and_conflict() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::CycleSoftware);
    let created = record_of(
        client
            .create(&text(&[
                ("name", "Jansen"),
                ("first_name", "Eva"),
                ("customer_type_name", "Klant"),
                ("email", "eva@example.nl"),
                ("country_code_iso_3166", "NL"),
                ("city", "Utrecht"),
            ]))
            .await
            .unwrap(),
    );
    let read = client.get(&created.id).await.unwrap();
    assert_eq!(read.text("name"), "Jansen");
    assert_eq!(read.text("city"), "Utrecht");

    let updated = record_of(
        client
            .update(&read, &text(&[("city", "Nistelrode")]))
            .await
            .unwrap(),
    );
    assert_eq!(updated.text("city"), "Nistelrode");
    let fresh = client.get(&created.id).await.unwrap();
    assert_eq!(fresh.text("city"), "Nistelrode");
    assert_eq!(
        fresh.text("first_name"),
        "Eva",
        "a full PUT keeps the fields the form did not touch"
    );

    // The form still holds `read`, but the customer changed since: the save must be refused.
    let error = client
        .update(&read, &text(&[("city", "Amsterdam")]))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Conflict);
    assert!(error.message.contains("City"), "{error}");
    assert_eq!(
        client.get(&created.id).await.unwrap().text("city"),
        "Nistelrode"
    );
}

#[tokio::test]
async fn validation_errors_arrive_per_field() {
    let sandbox = start().await;
    let cases = [
        (
            ProviderId::Ngorder,
            text(&[("name", "Budi"), ("phone", "08-12ab")]),
            "phone",
        ),
        (
            ProviderId::CycleSoftware,
            text(&[
                ("name", "X"),
                ("email", "not-an-email"),
                ("customer_type_name", "Klant"),
            ]),
            "",
        ),
        (ProviderId::Guardant, text(&[("email", "nobody")]), ""),
        (
            ProviderId::DkHardware,
            text(&[("firstName", "Some"), ("lastName", "Person")]),
            "email",
        ),
        (ProviderId::Reportei, text(&[]), "name"),
    ];
    for (provider, values, field) in cases {
        let error = client(&sandbox, provider)
            .create(&values)
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Validation, "{provider}: {error}");
        assert!(
            !error.message.is_empty(),
            "{provider}: the provider's message is kept"
        );
        if !field.is_empty() {
            assert!(
                error.fields.contains_key(field),
                "{provider}: {field} in {:?}",
                error.fields
            );
        }
    }
}

#[tokio::test]
async fn ngorder_create_update_and_every_activation_action() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::Ngorder);
    let outcome = client
        .create(&text(&[
            ("name", "Agus Salim"),
            ("email", "agus@example.co.id"),
            ("phone", "6281234567890"),
            ("address", "Jl. Merdeka 1"),
            ("district_id", "3201"), // a region id from `/region`
            ("category_code", "N"),
            ("is_active", "Y"),
        ]))
        .await;
    let id = match outcome.unwrap().saved {
        Saved::Id(id) => id,
        other => panic!("Ngorder answers with the id only: {other:?}"),
    };
    let find = |records: Vec<Record>| records.into_iter().find(|r| r.id == id);
    let record = find(all_records(&client).await).expect("the new customer is listed");
    assert_eq!(record.text("name"), "Agus Salim");

    client
        .update(&record, &text(&[("name", "Agus Salim Jr")]))
        .await
        .unwrap();
    let record = find(all_records(&client).await).unwrap();
    assert_eq!(record.text("name"), "Agus Salim Jr");

    for (action, registration) in [
        ("block", "4"),
        ("unblock", "1"),
        ("refuse", "0"),
        ("accept", "1"),
    ] {
        let record = find(all_records(&client).await).unwrap();
        client.act(action, &record).await.unwrap();
        let after = find(all_records(&client).await).unwrap();
        assert_eq!(
            after.text("registration_status"),
            registration,
            "after {action}"
        );
    }
    let record = find(all_records(&client).await).unwrap();
    client.act("storefront_off", &record).await.unwrap();
    assert_eq!(
        find(all_records(&client).await).unwrap().text("is_active"),
        "T"
    );
    let record = find(all_records(&client).await).unwrap();
    client.act("delete", &record).await.unwrap();
    assert!(
        find(all_records(&client).await).is_none(),
        "status 5 deletes"
    );
}

/// Ngorder's address reads `street ,CITY, DISTRICT, PROVINCE, ID, postcode` but is written as the
/// street: two edits through the form, each adding to the street, leave one suffix, not two.
#[tokio::test]
async fn ngorder_address_edits_through_the_form_never_double_the_suffix() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::Ngorder);
    // No postcode: the composed address ends in ", ID, ".
    let outcome = client
        .create(&text(&[
            ("name", "Wayan Alamat"),
            ("phone", "6281234500000"),
            ("address", "Jl. Sunset Road"),
            ("district_id", "3201"),
            ("category_code", "N"),
            ("is_active", "Y"),
        ]))
        .await
        .unwrap();
    let Saved::Id(id) = outcome.saved else {
        panic!("Ngorder answers with the id only");
    };
    let find = |records: Vec<Record>| records.into_iter().find(|r| r.id == id).unwrap();
    let listed = find(all_records(&client).await);
    let suffix = listed
        .text("address")
        .strip_prefix("Jl. Sunset Road")
        .expect("the street leads the composed address")
        .to_string();
    assert!(
        suffix.starts_with(" ,") && suffix.contains(", ID,"),
        "{suffix}"
    );

    let mut record = listed;
    for more in [" No. 8", " Blok C"] {
        let mut form = Form::edit(spec(ProviderId::Ngorder), record.clone());
        let address = form
            .fields
            .iter_mut()
            .find(|f| f.spec.key == "address")
            .unwrap();
        address.input = tui_input::Input::new(format!("{}{more}", address.input.value()));
        assert!(form.validate(), "{:?}", form.message);
        client.update(&record, &form.values()).await.unwrap();
        record = find(all_records(&client).await);
    }
    assert_eq!(
        record.text("address"),
        format!("Jl. Sunset Road No. 8 Blok C{suffix}")
    );
    // The fields the edits did not touch are as they were.
    assert_eq!(record.text("is_active"), "Y");
    assert_eq!(record.text("phone"), "6281234500000");
}

#[tokio::test]
async fn guardant_archive_toggle_and_delete() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::Guardant);
    let created = record_of(
        client
            .create(&text(&[
                ("name", "Ольга"),
                ("lastname", "Смирнова"),
                ("email", "olga@example.ru"),
            ]))
            .await
            .unwrap(),
    );
    client.act("archive", &created).await.unwrap();
    let archived = client.get(&created.id).await.unwrap();
    assert_eq!(archived.get("archived"), Some(&Value::Bool(true)));
    assert!(
        !archived.text("archivationdate").is_empty(),
        "archiving sets the date"
    );
    assert_eq!(
        archived.text("lastname"),
        "Смирнова",
        "the archive PUT keeps the other fields"
    );
    client.act("unarchive", &archived).await.unwrap();
    assert_eq!(
        client.get(&created.id).await.unwrap().get("archived"),
        Some(&Value::Bool(false))
    );
    client.act("delete", &archived).await.unwrap();
    assert_eq!(
        client.get(&created.id).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
}

async fn follow(client: &Client, submission: &str) -> clientele::providers::Submission {
    for _ in 0..100 {
        let status = client.submission(submission).await.unwrap();
        if status.state.is_final() {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("submission never finished");
}

#[tokio::test]
async fn dk_submissions_succeed_and_fail() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::DkHardware);
    let values = text(&[
        ("firstName", "Ada"),
        ("lastName", "Lovelace"),
        ("email", "ada@example.com"),
    ]);
    let Saved::Submitted(submission) = client.create(&values).await.unwrap().saved else {
        panic!("DK writes are submissions");
    };
    let done = follow(&client, &submission).await;
    assert_eq!(done.state, SubmissionState::Succeeded);
    let id = done
        .customer_id
        .expect("a succeeded create names the customer");
    let created = client.get(&id).await.unwrap();
    assert_eq!(created.text("lastName"), "Lovelace");

    let Saved::Submitted(update) = client
        .update(&created, &text(&[("company", "Analytical Engines")]))
        .await
        .unwrap()
        .saved
    else {
        panic!("DK updates are submissions");
    };
    assert_eq!(
        follow(&client, &update).await.state,
        SubmissionState::Succeeded
    );
    assert_eq!(
        client.get(&id).await.unwrap().text("company"),
        "Analytical Engines"
    );

    // The same e-mail again passes the synchronous checks and fails in processing.
    let Saved::Submitted(duplicate) = client.create(&values).await.unwrap().saved else {
        panic!("DK writes are submissions");
    };
    let failed = follow(&client, &duplicate).await;
    assert_eq!(failed.state, SubmissionState::Failed);
    assert!(
        failed.errors.iter().any(|e| e.contains("Email")),
        "{:?}",
        failed.errors
    );
}

#[tokio::test]
async fn reportei_token_once_payment_toggle_settings_and_delete() {
    let sandbox = start().await;
    let client = client(&sandbox, ProviderId::Reportei);
    let outcome = client
        .create(&text(&[("name", "Agência Teste")]))
        .await
        .unwrap();
    let token = outcome
        .token
        .clone()
        .expect("create hands out the api_token");
    assert_eq!(token.expose().len(), 64);
    let created = record_of(outcome);
    assert!(
        created.get("api_token").is_none(),
        "the token never sits in the record"
    );
    assert!(!format!("{created:?}").contains(token.expose()));

    let settings = client.customer_settings(&token).await.unwrap();
    assert_eq!(settings.id, created.id);
    let wrong = clientele::config::Secret::new("0".repeat(64));
    assert_eq!(
        client.customer_settings(&wrong).await.unwrap_err().kind,
        ErrorKind::Auth
    );

    client.act("paying", &created).await.unwrap();
    assert_eq!(
        client.get(&created.id).await.unwrap().get("is_paying"),
        Some(&Value::Bool(true))
    );
    let renamed = record_of(
        client
            .update(&created, &text(&[("name", "Agência Teste 2")]))
            .await
            .unwrap_or_else(|e| {
                // The read above changed is_paying, which the form never edits: no conflict expected.
                panic!("update failed: {e}")
            }),
    );
    assert_eq!(renamed.text("name"), "Agência Teste 2");
    client.act("delete", &renamed).await.unwrap();
    assert_eq!(
        client.get(&created.id).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
}
