//! What an edit sends: only the user's changes where the update is partial, nothing when nothing
//! changed, the street alone for Ngorder's composed address; and the export asked about first.

use super::*;

fn loaded(provider: ProviderId, records: Vec<Record>) -> App {
    let (mut app, commands) = App::new(&settings(&[provider]));
    answer(
        &mut app,
        &commands[0],
        Ok(Page {
            summary: Vec::new(),
            records,
            next: None,
            totals: None,
        }),
    );
    app
}

fn text(key: &str, value: &str) -> (String, Value) {
    (key.into(), Value::Text(value.into()))
}

/// An Ngorder customer as the list reads it: the address composed by the server, no postcode, and
/// neither `district_id` nor `is_active` (the documented list item has neither).
fn ngorder_customer() -> Record {
    Record {
        id: "123".into(),
        fields: vec![
            text("name", "Budi"),
            text("phone", "628212345678"),
            text(
                "address",
                "Jl. Sunset Road No. 8 ,KOTA DENPASAR, DENPASAR SELATAN, BALI, ID, ",
            ),
            ("postal_code".into(), Value::Empty),
            text("district", "Denpasar Selatan"),
            text("category_code", "N"),
        ],
    }
}

fn field<'a>(app: &'a App, key: &str) -> &'a crate::app::FormField {
    let form = app.form.as_ref().expect("a form is open");
    form.fields.iter().find(|f| f.spec.key == key).unwrap()
}

fn set(app: &mut App, key: &str, value: &str) {
    let form = app.form.as_mut().expect("a form is open");
    let field = form.fields.iter_mut().find(|f| f.spec.key == key).unwrap();
    field.input = tui_input::Input::new(value.into());
}

fn update_values(commands: &[Command]) -> Values {
    match commands {
        [
            Command {
                work: Work::Update { values, .. },
                ..
            },
        ] => values.clone(),
        other => panic!("expected one update, got {other:?}"),
    }
}

use crate::providers::encode::Values;

#[test]
fn the_ngorder_address_is_edited_as_the_street_and_an_untouched_one_is_no_change() {
    let mut app = loaded(ProviderId::Ngorder, vec![ngorder_customer()]);
    act(&mut app, Action::EditCustomer);
    assert_eq!(
        field(&app, "address").input.value(),
        "Jl. Sunset Road No. 8",
        "the form shows the street, not the server's suffix"
    );
    assert!(!app.form.as_ref().unwrap().has_changes());

    // A new street is sent as the street alone.
    set(&mut app, "address", "Jl. Sunset Road No. 10");
    let sent = act(&mut app, Action::SaveForm);
    assert_eq!(
        update_values(&sent),
        vec![text("address", "Jl. Sunset Road No. 10")]
    );
}

#[test]
fn an_ngorder_edit_needs_only_what_the_update_doc_requires_and_sends_only_the_change() {
    let mut app = loaded(ProviderId::Ngorder, vec![ngorder_customer()]);
    act(&mut app, Action::EditCustomer);
    for key in ["district_id", "is_active", "name", "address"] {
        assert!(!field(&app, key).required, "{key}: optional on update");
    }
    set(&mut app, "phone", "628211111111");
    let sent = act(&mut app, Action::SaveForm);
    assert_eq!(
        update_values(&sent),
        vec![text("phone", "628211111111")],
        "neither the district, the activation nor the address is sent back"
    );
}

#[test]
fn an_ngorder_create_still_requires_what_the_create_doc_requires() {
    let mut app = loaded(ProviderId::Ngorder, vec![]);
    act(&mut app, Action::NewCustomer);
    for key in [
        "name",
        "phone",
        "address",
        "district_id",
        "category_code",
        "is_active",
    ] {
        assert!(field(&app, key).required, "{key}: required on create");
    }
    assert!(act(&mut app, Action::SaveForm).is_empty());
    assert_eq!(
        field(&app, "district_id").error.as_deref(),
        Some("required")
    );
}

#[test]
fn saving_an_unchanged_edit_sends_nothing_and_says_so() {
    let dk = Record {
        id: "c-1".into(),
        fields: vec![
            text("firstName", "Ada"),
            text("lastName", "Lovelace"),
            text("email", "ada@example.com"),
        ],
    };
    for (provider, record) in [
        (ProviderId::DkHardware, dk),
        (ProviderId::Ngorder, ngorder_customer()),
    ] {
        let mut app = loaded(provider, vec![record]);
        act(&mut app, Action::EditCustomer);
        // Spaces around a value are never sent: typing one is no change either.
        type_text(&mut app, " ");
        let sent = act(&mut app, Action::SaveForm);
        assert!(
            !sent.iter().any(|c| c.work.is_mutating()),
            "{provider}: nothing is written: {sent:?}"
        );
        assert!(app.form.is_none(), "{provider}: the form closes");
        let notice = app.notice.as_ref().unwrap();
        assert!(notice.text.contains("Nothing changed"), "{}", notice.text);
        assert!(!notice.is_error);
    }
}

#[test]
fn a_full_replacement_still_sends_the_whole_record() {
    let record = Record {
        id: "u1".into(),
        fields: vec![
            text("name", "Agência Aurora"),
            ("is_paying".into(), Value::Bool(false)),
        ],
    };
    let mut app = loaded(ProviderId::Reportei, vec![record]);
    act(&mut app, Action::EditCustomer);
    type_text(&mut app, " 2");
    let values = update_values(&act(&mut app, Action::SaveForm));
    let keys: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
    let editable: Vec<&str> = app
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .filter(|f| f.editable)
        .map(|f| f.spec.key)
        .collect();
    assert_eq!(keys, editable, "every editable field, changed or not");
}

#[test]
fn the_export_asks_first_naming_what_happens_and_defaults_to_no() {
    let mut app = loaded(ProviderId::Ngorder, vec![ngorder_customer()]);
    assert!(
        act(&mut app, Action::RequestExport).is_empty(),
        "nothing sent yet"
    );
    // First what it holds (the doc's optional month; empty: every customer), then the question.
    assert!(act(&mut app, Action::ApplyFilters).is_empty());
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("a question, got {:?}", app.overlay);
    };
    assert_eq!(
        confirm.question,
        "E-mail Ngorder's full customer export to the account's address?"
    );
    assert!(
        act(&mut app, Action::Choose).is_empty(),
        "Enter alone answers No"
    );
    assert!(app.overlay.is_none());

    act(&mut app, Action::RequestExport);
    act(&mut app, Action::ApplyFilters);
    let sent = act(&mut app, Action::Yes);
    assert!(matches!(
        sent.as_slice(),
        [Command {
            work: Work::Export { query },
            ..
        }] if query.is_empty()
    ));
}

#[test]
fn the_export_asks_for_the_documented_month_and_sends_it() {
    let mut app = loaded(ProviderId::Ngorder, vec![ngorder_customer()]);
    act(&mut app, Action::RequestExport);
    // Doc: "date `(optional)` | string | Filter the data by created date. Format `yyyy-mm`".
    type_text(&mut app, "2024-13");
    assert!(act(&mut app, Action::ApplyFilters).is_empty());
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!("a wrong month stays in the panel: {:?}", app.overlay);
    };
    assert_eq!(
        panel.fields[0].error.as_deref(),
        Some("expected a month like 2024-01")
    );
    act(&mut app, Action::ClearFilters);
    type_text(&mut app, "2024-05");
    act(&mut app, Action::ApplyFilters);
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("then the question: {:?}", app.overlay);
    };
    assert_eq!(
        confirm.question,
        "E-mail Ngorder's customer export (date 2024-05) to the account's address?"
    );
    let sent = act(&mut app, Action::Yes);
    assert!(
        matches!(
            &sent[0].work,
            Work::Export { query } if query == &[("date", "2024-05".to_string())]
        ),
        "{:?}",
        sent[0].work
    );
}

#[test]
fn the_export_is_refused_in_read_only_mode() {
    let mut settings = settings(&[ProviderId::Ngorder]);
    settings.ui.read_only = true;
    let (mut app, _) = App::new(&settings);
    assert!(act(&mut app, Action::RequestExport).is_empty());
    assert!(app.overlay.is_none(), "not even asked");
    let notice = app.notice.as_ref().unwrap();
    assert!(
        notice.is_error && notice.text.contains("read-only"),
        "{}",
        notice.text
    );
    assert!(
        Work::Export { query: Vec::new() }.is_mutating(),
        "the worker refuses it too"
    );
}
