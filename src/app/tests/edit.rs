use super::*;
use crate::domain::ErrorKind;
use crate::providers::{Saved, WriteOutcome};

pub(super) fn loaded(provider: ProviderId, records: Vec<Record>) -> (App, Vec<Command>) {
    let (mut app, commands) = App::new(&settings(&[provider]));
    let page = Page {
        summary: Vec::new(),
        records,
        next: None,
        totals: None,
    };
    let follow_up = answer(&mut app, &commands[0], Ok(page));
    (app, follow_up)
}

pub(super) fn reportei(id: &str, name: &str, paying: bool) -> Record {
    Record {
        id: id.into(),
        fields: vec![
            ("name".into(), Value::Text(name.into())),
            ("is_paying".into(), Value::Bool(paying)),
        ],
    }
}

pub(super) fn reply(app: &mut App, command: &Command, outcome: Outcome) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(9),
        outcome,
    }))
}

pub(super) fn form_value(app: &App, key: &str) -> String {
    let form = app.form.as_ref().unwrap();
    form.fields
        .iter()
        .find(|f| f.spec.key == key)
        .unwrap()
        .input
        .value()
        .to_string()
}

pub(super) fn focus(app: &mut App, key: &str) {
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.spec.key == key).unwrap();
}

#[test]
fn the_edit_form_tracks_changes_and_asks_before_losing_them() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::EditCustomer);
    assert_eq!(app.mode(), Mode::Form);
    assert_eq!(form_value(&app, "name"), "Agência Aurora");
    assert!(!app.form.as_ref().unwrap().is_dirty());
    // Leaving an untouched form needs no question.
    act(&mut app, Action::Back);
    assert!(app.form.is_none());

    act(&mut app, Action::EditCustomer);
    type_text(&mut app, " Ltda");
    assert!(app.form.as_ref().unwrap().is_dirty());
    act(&mut app, Action::Back);
    assert_eq!(
        app.mode(),
        Mode::Confirm,
        "changes are not dropped without asking"
    );
    act(&mut app, Action::Choose);
    assert_eq!(
        app.mode(),
        Mode::Form,
        "Enter alone answers No: the form stays"
    );
    assert_eq!(
        form_value(&app, "name"),
        "Agência Aurora Ltda",
        "with what was typed"
    );
    act(&mut app, Action::Back);
    act(&mut app, Action::Yes);
    assert!(app.form.is_none());
}

#[test]
fn invalid_input_is_refused_before_sending_and_shown_on_its_field() {
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::NewCustomer);
    focus(&mut app, "phone");
    type_text(&mut app, "0812-abc");
    let sent = act(&mut app, Action::SaveForm);
    assert!(sent.is_empty(), "nothing is sent");
    let form = app.form.as_ref().unwrap();
    let error_of = |key: &str| {
        form.fields
            .iter()
            .find(|f| f.spec.key == key)
            .unwrap()
            .error
            .clone()
    };
    assert_eq!(error_of("phone").as_deref(), Some("digits only"));
    assert_eq!(error_of("name").as_deref(), Some("required"));
    assert_eq!(form_value(&app, "phone"), "0812-abc", "kept as typed");
}

#[test]
fn server_errors_land_on_their_fields_and_the_form_stays_open() {
    let (mut app, _) = loaded(ProviderId::DkHardware, vec![]);
    act(&mut app, Action::NewCustomer);
    for (key, text) in [
        ("firstName", "Ada"),
        ("lastName", "Lovelace"),
        ("email", "ada@example.com"),
    ] {
        focus(&mut app, key);
        type_text(&mut app, text);
    }
    let sent = act(&mut app, Action::SaveForm);
    assert!(
        matches!(&sent[0].work, Work::Create { values } if values.iter().any(|(k, _)| k == "email"))
    );
    assert!(app.form.as_ref().unwrap().saving.is_some());
    // DK answers with PascalCase problem details.
    let mut error = ApiError::new(
        ErrorKind::Validation,
        "One or more validation errors occurred.",
    )
    .with_status(400);
    error.fields.insert(
        "first_name".into(),
        vec!["'First Name' must not be empty.".into()],
    );
    error
        .fields
        .insert("reference_id".into(), vec!["unknown".into()]);
    reply(&mut app, &sent[0], Outcome::Saved(Err(error), None));
    let form = app.form.as_ref().expect("the form stays open");
    let first = form
        .fields
        .iter()
        .find(|f| f.spec.key == "firstName")
        .unwrap();
    assert_eq!(
        first.error.as_deref(),
        Some("'First Name' must not be empty.")
    );
    assert!(
        form.message
            .as_deref()
            .unwrap()
            .contains("reference_id: unknown"),
        "unplaced errors are shown too"
    );
    assert_eq!(form_value(&app, "lastName"), "Lovelace");
    assert!(form.saving.is_none(), "can be saved again");
}

#[test]
fn a_saved_edit_closes_the_form_and_updates_the_row() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::EditCustomer);
    type_text(&mut app, " 2");
    let sent = act(&mut app, Action::SaveForm);
    let saved = WriteOutcome {
        saved: Saved::Record(reportei("u1", "Agência Aurora 2", false)),
        token: None,
    };
    reply(&mut app, &sent[0], Outcome::Saved(Ok(saved), None));
    assert!(app.form.is_none());
    assert_eq!(
        app.tabs[0].customers.page().unwrap().records[0].text("name"),
        "Agência Aurora 2"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("saved"));
}

#[test]
fn a_create_shows_and_selects_the_new_customer() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let page = Page {
        summary: Vec::new(),
        records: vec![named(1, "Budi"), named(2, "Angga"), named(3, "Citra")],
        next: None,
        totals: Some(Totals {
            records: 3,
            pages: 1,
        }),
    };
    answer(&mut app, &commands[0], Ok(page));
    act(&mut app, Action::Down);
    act(&mut app, Action::NewCustomer);
    let sent = act(&mut app, Action::SaveForm);
    assert!(sent.is_empty(), "required fields missing");
    let form = app.form.as_mut().unwrap();
    for field in form.fields.iter_mut() {
        let value = match field.spec.key {
            "name" => "Agus",
            "phone" => "6281",
            "address" => "Jl. 1",
            "district_id" => "3201",
            "category_code" => "N",
            "is_active" => "Y",
            _ => continue,
        };
        field.input = tui_input::Input::new(value.into());
    }
    let sent = act(&mut app, Action::SaveForm);
    let follow_up = reply(
        &mut app,
        &sent[0],
        Outcome::Saved(
            Ok(WriteOutcome {
                saved: Saved::Id("124".into()),
                token: None,
            }),
            None,
        ),
    );
    assert!(app.form.is_none());
    // Not the list read again (the provider appends: the new one would be pages away), but the
    // new customer on screen, selected, with what was typed.
    assert!(
        !follow_up
            .iter()
            .any(|c| matches!(c.work, Work::FetchPage { .. })),
        "{follow_up:?}"
    );
    assert_eq!(selected_id(&app).as_deref(), Some("124"));
    let shown = app.tabs[0].selected_record().unwrap();
    assert_eq!(shown.text("name"), "Agus");
    assert_eq!(app.tabs[0].customers.row_count(), 4, "the others stay");
    // Four rows on the page: the provider's count of three grows with them (never `1–4 of 3`).
    let totals = app.tabs[0].customers.page().unwrap().totals.unwrap();
    assert_eq!(totals.records, 4);
    assert!(app.notice.as_ref().unwrap().text.contains("#124"));
}

#[test]
fn an_action_shows_at_once_and_is_undone_if_the_provider_refuses() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::OpenActions);
    assert_eq!(app.mode(), Mode::Actions);
    let sent = act(&mut app, Action::Choose);
    assert!(matches!(
        &sent[0].work,
        Work::Act {
            action: "paying",
            ..
        }
    ));
    assert_eq!(
        app_row(&app).get("is_paying"),
        Some(&Value::Bool(true)),
        "the row changes before the answer"
    );
    reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(
            ApiError::new(ErrorKind::Server, "down").with_status(500)
        )),
    );
    assert_eq!(
        app_row(&app).get("is_paying"),
        Some(&Value::Bool(false)),
        "put back"
    );
    assert!(app.notice.as_ref().unwrap().is_error);
}

pub(super) fn app_row(app: &App) -> Record {
    app.tabs[0].customers.page().unwrap().records[0].clone()
}

#[test]
/// The id as well as the name: Guardant has five customers called Алексей Алексеев.
fn destructive_actions_ask_with_the_id_and_name_and_default_to_no() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", true)],
    );
    act(&mut app, Action::OpenActions);
    let Some(Overlay::Actions(menu)) = &app.overlay else {
        panic!()
    };
    let delete = menu
        .actions
        .iter()
        .position(|a| a.name == "delete")
        .unwrap();
    for _ in 0..delete {
        act(&mut app, Action::Down);
    }
    assert!(
        act(&mut app, Action::Choose).is_empty(),
        "nothing sent before the answer"
    );
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("asks first")
    };
    assert_eq!(confirm.question, "Delete #u1 Agência Aurora?");
    assert!(!confirm.yes, "No is the default");
    assert!(
        act(&mut app, Action::Choose).is_empty(),
        "Enter on the default does nothing"
    );
    assert_eq!(app.tabs[0].customers.row_count(), 1);

    act(&mut app, Action::OpenActions);
    for _ in 0..delete {
        act(&mut app, Action::Down);
    }
    act(&mut app, Action::Choose);
    let sent = act(&mut app, Action::Yes);
    assert!(matches!(
        &sent[0].work,
        Work::Act {
            action: "delete",
            ..
        }
    ));
    assert_eq!(app.tabs[0].customers.row_count(), 0, "removed at once");
    reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Ok(Some("Record successfully removed".into()))),
    );
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "Delete #u1 Agência Aurora: Record successfully removed"
    );
}

#[test]
fn read_only_mode_hides_write_keys_and_refuses_writes() {
    let mut settings = settings(&[ProviderId::Reportei]);
    settings.ui.read_only = true;
    let (mut app, commands) = App::new(&settings);
    answer(
        &mut app,
        &commands[0],
        Ok(Page {
            summary: Vec::new(),
            records: vec![reportei("u1", "A", false)],
            next: None,
            totals: None,
        }),
    );
    let screen = {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 40)).unwrap();
        act(&mut app, Action::ToggleHelp);
        terminal.draw(|frame| crate::ui::draw(frame, &app)).unwrap();
        act(&mut app, Action::Close);
        terminal.backend().to_string()
    };
    assert!(screen.contains("next page"), "{screen}");
    assert!(
        !screen.contains("new customer"),
        "hidden from help:\n{screen}"
    );
    for action in [
        Action::NewCustomer,
        Action::EditCustomer,
        Action::OpenActions,
        Action::SaveForm,
    ] {
        assert!(act(&mut app, action).is_empty(), "{action:?}");
        assert_eq!(app.mode(), Mode::Browse);
        assert!(app.notice.as_ref().unwrap().text.contains("read-only"));
    }
}

#[test]
fn a_token_that_could_not_be_kept_is_shown_once_then_gone() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![]);
    act(&mut app, Action::NewCustomer);
    type_text(&mut app, "Agência Nova");
    let sent = act(&mut app, Action::SaveForm);
    let token = crate::config::Secret::new("f".repeat(64));
    let kept = crate::worker::TokenKept::Failed {
        error: "disk full".into(),
        token: token.clone(),
    };
    let created = WriteOutcome {
        saved: Saved::Record(reportei("u9", "Agência Nova", false)),
        token: None,
    };
    reply(&mut app, &sent[0], Outcome::Saved(Ok(created), Some(kept)));
    assert!(app.notice.as_ref().unwrap().is_error, "said loudly");
    assert!(matches!(&app.overlay, Some(Overlay::Token { token: shown, .. }) if *shown == token));
    assert_eq!(app.mode(), Mode::Alert);
    act(&mut app, Action::Close);
    assert!(app.overlay.is_none(), "shown once: closing drops it");
}

#[test]
fn a_provider_can_be_read_only_alone() {
    let mut settings = settings(&[ProviderId::Ngorder, ProviderId::Reportei]);
    settings.ui.read_only_providers = vec![ProviderId::Reportei];
    let (mut app, _) = App::new(&settings);
    act(&mut app, Action::NewCustomer);
    assert!(app.form.is_some(), "Ngorder may be changed");
    act(&mut app, Action::Back);
    act(&mut app, Action::SelectTab(1));
    act(&mut app, Action::NewCustomer);
    assert!(app.form.is_none());
    assert!(app.notice.as_ref().unwrap().text.contains("Reportei"));
}

#[test]
fn what_is_typed_is_kept_as_a_draft_until_saved_and_comes_back_after_a_crash() {
    let (mut app, _) = loaded(ProviderId::Guardant, vec![]);
    act(&mut app, Action::NewCustomer);
    let mut drafts = Vec::new();
    for c in "Ольга".chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        assert!(app.update(Msg::Key(key)).is_empty(), "no write per key");
    }
    // The draft tick writes what was typed, once for the whole burst.
    for command in app.update(Msg::DraftTick) {
        if let Work::SaveDraft(draft) = command.work {
            drafts.push(draft);
        }
    }
    let last = drafts
        .last()
        .expect("the draft tick keeps the draft")
        .clone();
    assert!(
        last.values
            .contains(&("name".to_string(), "Ольга".to_string()))
    );
    assert!(
        app.jobs.iter().all(|j| !j.what.contains("draft")),
        "drafts are not provider calls"
    );

    // A new run finds the draft and reopens the form as it was.
    let (mut again, _) = loaded(ProviderId::Guardant, vec![]);
    again.restore_drafts(vec![last.clone()]);
    assert_eq!(form_value(&again, "name"), "Ольга");
    assert!(
        again.form.as_ref().unwrap().is_dirty(),
        "leaving it asks first"
    );
    // Saved: the draft goes.
    let sent = act(&mut again, Action::SaveForm);
    let saved = WriteOutcome {
        saved: Saved::Record(named(5, "Ольга")),
        token: None,
    };
    let after = reply(&mut again, &sent[0], Outcome::Saved(Ok(saved), None));
    assert!(
        after
            .iter()
            .any(|c| matches!(&c.work, Work::DiscardDraft { key } if *key == last.key()))
    );
}

#[test]
fn the_region_is_picked_from_a_search_of_the_providers_regions() {
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::NewCustomer);
    focus(&mut app, "district_id");
    type_text(&mut app, "Tegal");
    let sent = act(&mut app, Action::LookupField);
    assert!(
        matches!(&sent[0].work, Work::Lookup { field: "district_id", search: Some(s), page: 1 } if s == "Tegal")
    );
    let regions = vec![
        (
            "3201".to_string(),
            "Dukuhturi, Kabupaten Tegal, Jawa Tengah".to_string(),
        ),
        (
            "3207".to_string(),
            "Tegal Barat, Kota Tegal, Jawa Tengah".to_string(),
        ),
    ];
    reply(
        &mut app,
        &sent[0],
        Outcome::Options("district_id", Ok(regions)),
    );
    let right = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Right,
        crossterm::event::KeyModifiers::NONE,
    );
    app.update(Msg::Key(right));
    assert_eq!(form_value(&app, "district_id"), "3201");
    app.update(Msg::Key(right));
    assert_eq!(form_value(&app, "district_id"), "3207");
    // A field without a search says so.
    focus(&mut app, "name");
    assert!(act(&mut app, Action::LookupField).is_empty());
}

#[test]
fn list_items_are_fields_that_can_be_added_removed_and_are_sent_as_a_list() {
    let (mut app, _) = loaded(ProviderId::CycleSoftware, vec![]);
    act(&mut app, Action::NewCustomer);
    let labels: Vec<String> = app
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .map(|f| f.label())
        .collect();
    assert!(
        labels.contains(&"Phone numbers 1 · number".to_string()),
        "{labels:?}"
    );
    let set = |app: &mut App, label: &str, text: &str| {
        let form = app.form.as_mut().unwrap();
        let field = form.fields.iter_mut().find(|f| f.label() == label).unwrap();
        field.input = tui_input::Input::new(text.into());
    };
    set(&mut app, "Last name", "Jansen");
    set(&mut app, "Type", "Klant");
    // A started item must be complete: its kind is required.
    set(&mut app, "Phone numbers 1 · number", "0612345678");
    assert!(act(&mut app, Action::SaveForm).is_empty());
    let kind = app
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.label() == "Phone numbers 1 · kind (mob/tel)")
        .unwrap();
    assert_eq!(kind.error.as_deref(), Some("required"));
    set(&mut app, "Phone numbers 1 · kind (mob/tel)", "mob");
    // A second item, then a third that is removed again, and an empty one left blank.
    focus_label(&mut app, "Phone numbers 1 · number");
    act(&mut app, Action::AddItem);
    set(&mut app, "Phone numbers 2 · kind (mob/tel)", "tel");
    set(&mut app, "Phone numbers 2 · number", "0733030050");
    act(&mut app, Action::AddItem);
    set(&mut app, "Phone numbers 3 · number", "999");
    act(&mut app, Action::RemoveItem);
    act(&mut app, Action::AddItem);
    let sent = act(&mut app, Action::SaveForm);
    let Work::Create { values } = &sent[0].work else {
        panic!("{sent:?}")
    };
    let (_, phones) = values.iter().find(|(k, _)| k == "phone_numbers").unwrap();
    let Value::List(items) = phones else {
        panic!("{phones:?}")
    };
    assert_eq!(
        items.len(),
        2,
        "the removed and the blank item are not sent: {items:?}"
    );
    assert!(items[1].contains(&("phone_number".to_string(), Value::Text("0733030050".into()))));
}

pub(super) fn focus_label(app: &mut App, label: &str) {
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.label() == label).unwrap();
}

#[test]
fn dk_address_form_has_alt_phone_and_fax() {
    // The Address contract: `altPhone` and `fax`, strings of max 50.
    let form = Form::create(crate::providers::spec(ProviderId::DkHardware));
    for key in ["altPhone", "fax"] {
        let field = form
            .fields
            .iter()
            .find(|f| f.spec.key == key && f.item.is_some())
            .unwrap_or_else(|| panic!("no address {key}"));
        assert!(field.editable);
        assert_eq!(field.spec.max_len, Some(50));
    }
}
