//! DK Hardware's submissions: a failed one reopens its form with what was sent and the provider's
//! errors on their fields (nested address keys included).

use super::edit::{form_value, loaded};
use super::*;

#[test]
fn a_failed_submission_reopens_its_form_with_the_data_and_errors() {
    use crate::providers::SubmissionState;
    use crate::worker::submissions::{Pending, SubmissionUpdate};
    let (mut app, _) = loaded(ProviderId::DkHardware, vec![]);
    let values: Vec<(String, Value)> = vec![
        ("firstName".into(), Value::Text("Ada".into())),
        ("email".into(), Value::Text("taken@example.com".into())),
    ];
    let pending = Pending::new(ProviderId::DkHardware, "s-1".into(), None, &values);
    let update = |state, errors: Vec<String>| SubmissionUpdate {
        pending: pending.clone(),
        state,
        customer_id: None,
        errors,
    };
    let event = |update: SubmissionUpdate| {
        Msg::Worker(WorkerEvent {
            id: RequestId(u64::MAX),
            provider: ProviderId::DkHardware,
            elapsed: Duration::from_millis(1),
            outcome: Outcome::Submission(Box::new(update)),
        })
    };
    app.update(event(update(SubmissionState::Processing, vec![])));
    assert_eq!(app.submissions.len(), 1);
    assert!(app.form.is_none());
    let error = "Property Email failed validation. Error: 'Email' is already in use.".to_string();
    app.update(event(update(SubmissionState::Failed, vec![error.clone()])));
    assert_eq!(app.submissions.len(), 1, "one entry per submission");
    assert!(app.notice.as_ref().unwrap().is_error);
    let form = app.form.as_ref().expect("reopened");
    let email = form.fields.iter().find(|f| f.spec.key == "email").unwrap();
    assert_eq!(email.input.value(), "taken@example.com");
    assert_eq!(
        email.error.as_deref(),
        Some(error.as_str()),
        "the error sits on its field"
    );
    assert_eq!(form_value(&app, "firstName"), "Ada");
}

#[test]
fn a_failed_dk_create_reopens_with_its_address_and_nested_errors_on_their_fields() {
    use crate::providers::SubmissionState;
    use crate::worker::submissions::{Pending, SubmissionUpdate};
    let (mut app, _) = loaded(ProviderId::DkHardware, vec![]);
    let text = |s: &str| Value::Text(s.into());
    let address = vec![
        ("firstName".to_string(), text("Bea")),
        ("lastName".to_string(), text("Bos")),
        ("address1".to_string(), text("1 Main St")),
        ("city".to_string(), text("Reno")),
        ("zip".to_string(), Value::Empty),
    ];
    let values: Vec<(String, Value)> = vec![
        ("firstName".into(), text("Ada")),
        ("email".into(), text("ada@example.com")),
        ("addresses".into(), Value::List(vec![address])),
    ];
    let pending = Pending::new(ProviderId::DkHardware, "s-2".into(), None, &values);
    let zip_error =
        "Property Addresses[0].Zip failed validation. Error: 'Zip' must not be empty.".to_string();
    app.update(Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider: ProviderId::DkHardware,
        elapsed: Duration::from_millis(1),
        outcome: Outcome::Submission(Box::new(SubmissionUpdate {
            pending,
            state: SubmissionState::Failed,
            customer_id: None,
            errors: vec![zip_error.clone()],
        })),
    }));
    let form = app.form.as_ref().expect("reopened");
    let address = |key: &str| {
        form.fields
            .iter()
            .find(|f| f.spec.key == key && f.item.is_some_and(|(_, i)| i == 0))
            .unwrap()
    };
    assert_eq!(form_value(&app, "firstName"), "Ada", "the customer's own");
    assert_eq!(
        address("firstName").input.value(),
        "Bea",
        "the address's own"
    );
    assert_eq!(address("city").input.value(), "Reno");
    assert_eq!(address("zip").error.as_deref(), Some(zip_error.as_str()));
    let customer_first = form
        .fields
        .iter()
        .find(|f| f.spec.key == "firstName" && f.item.is_none())
        .unwrap();
    assert_eq!(customer_first.error, None);
}

#[test]
fn dk_problem_details_with_nested_keys_land_on_the_address_field() {
    let mut form = Form::create(crate::providers::spec(ProviderId::DkHardware));
    let mut error = ApiError::new(crate::domain::ErrorKind::Validation, "One or more errors");
    // As the error decoder makes them snake_case.
    error.fields.insert(
        crate::providers::errors::domain_key("Addresses[0].Zip"),
        vec!["'Zip' must not be empty.".into()],
    );
    form.show_error(&error);
    let zip = form
        .fields
        .iter()
        .find(|f| f.spec.key == "zip" && f.item.is_some())
        .unwrap();
    assert_eq!(zip.error.as_deref(), Some("'Zip' must not be empty."));
}

#[test]
fn an_error_on_a_field_the_form_does_not_show_names_it_by_its_label() {
    let mut form = Form::create(crate::providers::spec(ProviderId::DkHardware));
    let mut error = ApiError::new(crate::domain::ErrorKind::Validation, "One or more errors");
    // DK's `CustomerId` as the error decoder makes it snake_case; the form has no field for the id.
    error.fields.insert(
        crate::providers::errors::domain_key("CustomerId"),
        vec!["'Customer Id' must be empty.".into()],
    );
    error.fields.insert("unheard_of".into(), vec!["odd".into()]);
    form.show_error(&error);
    let message = form.message.unwrap();
    assert!(
        message.ends_with(" — Id: 'Customer Id' must be empty., unheard_of: odd"),
        "{message}"
    );
    assert!(!message.contains("customer_id"), "{message}");
}
