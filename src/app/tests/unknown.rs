//! Writes whose outcome is unknown: never shown as refused, never sent again before a check.

use super::edit::{loaded, reply, reportei};
use super::*;
use crate::domain::ErrorKind;
use crate::store::{Entry, Outcome as Ended};
use crate::worker::check::Finding;

fn unknown(message: &str) -> ApiError {
    ApiError::new(ErrorKind::OutcomeUnknown, message)
}

fn is_paying(app: &App, id: &str) -> Option<bool> {
    let tab = app.active_tab().unwrap();
    let record = tab.customers.page()?.records.iter().find(|r| r.id == id)?;
    match record.get("is_paying") {
        Some(Value::Bool(paying)) => Some(*paying),
        _ => None,
    }
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn form_message(app: &App) -> String {
    app.form
        .as_ref()
        .and_then(|f| f.message.clone())
        .unwrap_or_default()
}

/// Open Reportei's create form, type a name, press Ctrl-S: the create command.
fn create_sent(app: &mut App) -> Command {
    act(app, Action::NewCustomer);
    type_text(app, "Agência Boreal");
    let commands = act(app, Action::SaveForm);
    commands
        .into_iter()
        .find(|c| matches!(c.work, Work::Create { .. }))
        .expect("a create is sent")
}

#[test]
fn an_action_with_an_unknown_outcome_is_never_shown_as_refused_and_is_checked() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    assert!(matches!(
        sent[0].work,
        Work::Act {
            action: "paying",
            ..
        }
    ));
    assert_eq!(is_paying(&app, "u1"), Some(true), "changed at once");

    let follow_up = reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(unknown("the provider did not answer in time"))),
    );
    let text = notice(&app);
    assert!(!text.contains("refused"), "{text}");
    assert!(text.contains("outcome unknown"), "{text}");
    assert_eq!(is_paying(&app, "u1"), Some(true), "not put back on a guess");
    // The customer is read back at once: a check, never the action again.
    assert_eq!(follow_up.len(), 1);
    let Work::Check(expected) = &follow_up[0].work else {
        panic!("{:?}", follow_up[0].work);
    };
    assert_eq!(expected.customer.as_deref(), Some("u1"));
    assert_eq!(
        expected.fields.get("is_paying"),
        Some(&serde_json::json!(true))
    );

    // The provider's state shows: here, it was not carried out.
    reply(
        &mut app,
        &follow_up[0],
        Outcome::Checked(Ok(Finding {
            done: Some(false),
            current: Some(reportei("u1", "Agência Aurora", false)),
            similar: Vec::new(),
            looked: "read customer u1 at Reportei".into(),
        })),
    );
    assert_eq!(is_paying(&app, "u1"), Some(false));
    let text = notice(&app);
    assert!(text.contains("not carried out (checked"), "{text}");
}

#[test]
fn a_checked_action_that_was_carried_out_says_done() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    let check = reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(unknown("unreadable"))),
    );
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(true),
            current: Some(reportei("u1", "Agência Aurora", true)),
            similar: Vec::new(),
            looked: "read customer u1".into(),
        })),
    );
    assert_eq!(is_paying(&app, "u1"), Some(true));
    assert!(notice(&app).contains("done (checked"), "{}", notice(&app));
    assert!(
        notice(&app).contains("#u1 "),
        "names the customer: {}",
        notice(&app)
    );
}

#[test]
fn a_refused_action_still_puts_the_row_back() {
    let (mut app, _) = loaded(
        ProviderId::Reportei,
        vec![reportei("u1", "Agência Aurora", false)],
    );
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    let follow_up = reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(ApiError::new(ErrorKind::Validation, "no plan"))),
    );
    assert!(follow_up.is_empty());
    assert_eq!(is_paying(&app, "u1"), Some(false));
    let text = notice(&app);
    assert!(
        text.contains("#u1 Agência Aurora refused, row restored") && text.contains("no plan"),
        "{text}"
    );
}

#[test]
fn a_save_with_an_unknown_outcome_keeps_the_form_and_is_not_resent_before_a_check() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    let create = create_sent(&mut app);
    reply(
        &mut app,
        &create,
        Outcome::Saved(
            Err(unknown(
                "the provider answered 200 but its answer could not be read",
            )),
            None,
        ),
    );
    assert_eq!(app.mode(), Mode::Form, "what was typed stays");
    assert!(
        form_message(&app).contains("Outcome unknown"),
        "{}",
        form_message(&app)
    );

    // Ctrl-S does not send it again.
    let again = act(&mut app, Action::SaveForm);
    assert!(again.is_empty(), "{again:?}");
    assert!(
        form_message(&app).contains("Ctrl-K"),
        "{}",
        form_message(&app)
    );

    // Ctrl-K checks for a customer like it; a second Ctrl-K while checking sends nothing.
    let check = act(&mut app, Action::CheckWrite);
    let Work::Check(expected) = &check[0].work else {
        panic!("{:?}", check[0].work);
    };
    assert_eq!(expected.customer, None);
    assert_eq!(expected.title, "Agência Boreal");
    assert!(act(&mut app, Action::SaveForm).is_empty());

    // Found one like it: Ctrl-S now asks, with No first.
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: None,
            current: None,
            similar: vec![reportei("u9", "Agência Boreal", false)],
            looked: "looked through all 2 customers of Reportei".into(),
        })),
    );
    assert!(
        form_message(&app).contains("#u9 Agência Boreal"),
        "{}",
        form_message(&app)
    );
    assert!(act(&mut app, Action::SaveForm).is_empty());
    assert_eq!(app.mode(), Mode::Confirm);
    assert!(
        act(&mut app, Action::Choose).is_empty(),
        "Enter alone answers No"
    );
    assert_eq!(app.mode(), Mode::Form);
    act(&mut app, Action::SaveForm);
    let resent = act(&mut app, Action::Yes);
    assert!(
        resent.iter().any(|c| matches!(c.work, Work::Create { .. })),
        "created again only when asked for: {resent:?}"
    );
}

#[test]
fn a_checked_create_that_found_nothing_may_be_sent_again() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    let create = create_sent(&mut app);
    reply(
        &mut app,
        &create,
        Outcome::Saved(Err(unknown("dropped")), None),
    );
    let check = act(&mut app, Action::CheckWrite);
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: None,
            current: None,
            similar: Vec::new(),
            looked: "looked through all 1 customers of Reportei".into(),
        })),
    );
    assert!(
        form_message(&app).contains("No customer like this"),
        "{}",
        form_message(&app)
    );
    let resent = act(&mut app, Action::SaveForm);
    assert!(resent.iter().any(|c| matches!(c.work, Work::Create { .. })));
}

#[test]
fn a_checked_edit_that_was_carried_out_closes_the_form() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    act(&mut app, Action::EditCustomer);
    type_text(&mut app, " Ltda");
    let save = act(&mut app, Action::SaveForm);
    let update = save
        .iter()
        .find(|c| matches!(c.work, Work::Update { .. }))
        .unwrap();
    reply(
        &mut app,
        update,
        Outcome::Saved(Err(unknown("timed out")), None),
    );
    let check = act(&mut app, Action::CheckWrite);
    let Work::Check(expected) = &check[0].work else {
        panic!()
    };
    assert_eq!(
        expected.fields.get("name"),
        Some(&serde_json::json!("Aurora Ltda"))
    );
    let done = reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(true),
            current: Some(reportei("u1", "Aurora Ltda", false)),
            similar: Vec::new(),
            looked: "read customer u1".into(),
        })),
    );
    assert!(app.form.is_none());
    assert!(
        done.iter()
            .any(|c| matches!(c.work, Work::DiscardDraft { .. }))
    );
    let tab = app.active_tab().unwrap();
    assert_eq!(
        tab.customers.page().unwrap().records[0].title(&tab.spec.schema),
        "Aurora Ltda"
    );
}

#[test]
fn after_a_restart_a_draft_whose_save_is_unknown_waits_for_a_check() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    let draft = crate::drafts::Draft {
        provider: ProviderId::Reportei,
        customer: None,
        original: Vec::new(),
        values: vec![("name".into(), "Agência Boreal".into())],
    };
    app.restore_drafts(vec![draft]);
    app.restore_unknown(vec![Entry {
        id: 7,
        started_ms: 1_764_500_000_000,
        provider: "reportei".into(),
        customer: None,
        title: "Agência Boreal".into(),
        operation: "create".into(),
        before: Default::default(),
        after: Default::default(),
        outcome: Some(Ended::Unknown),
        message: Some("clientele stopped before the provider answered".into()),
        ended_ms: Some(1_764_500_000_100),
    }]);
    assert_eq!(app.mode(), Mode::Form);
    assert!(
        form_message(&app).contains("outcome is unknown"),
        "{}",
        form_message(&app)
    );
    assert!(
        act(&mut app, Action::SaveForm).is_empty(),
        "not resent blindly"
    );
    let check = act(&mut app, Action::CheckWrite);
    assert!(matches!(check[0].work, Work::Check(_)));
}

#[test]
fn unknown_writes_without_a_form_are_announced_and_checked_from_the_journal() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", true)]);
    let entry = Entry {
        id: 3,
        started_ms: 1_764_500_000_000,
        provider: "reportei".into(),
        customer: Some("u1".into()),
        title: "Aurora".into(),
        operation: "not_paying".into(),
        before: [("is_paying".to_string(), serde_json::json!(true))]
            .into_iter()
            .collect(),
        after: [("is_paying".to_string(), serde_json::json!(false))]
            .into_iter()
            .collect(),
        outcome: Some(Ended::Unknown),
        message: None,
        ended_ms: None,
    };
    app.restore_unknown(vec![entry.clone()]);
    assert!(
        notice(&app).contains("1 write of an earlier run"),
        "{}",
        notice(&app)
    );

    let read = act(&mut app, Action::ToggleJournal);
    assert_eq!(app.mode(), Mode::Journal);
    assert!(matches!(read[0].work, Work::ReadJournal { .. }));
    reply(&mut app, &read[0], Outcome::Journal(Ok(vec![entry])));
    let check = act(&mut app, Action::CheckWrite);
    let Work::Check(expected) = &check[0].work else {
        panic!("{:?}", check[0].work)
    };
    assert_eq!(expected.customer.as_deref(), Some("u1"));
    assert!(!expected.removes);
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(true),
            current: Some(reportei("u1", "Aurora", false)),
            similar: Vec::new(),
            looked: "read customer u1".into(),
        })),
    );
    assert_eq!(is_paying(&app, "u1"), Some(false));
    assert!(notice(&app).contains("done (checked"), "{}", notice(&app));
}

#[test]
fn opening_a_customer_reads_it_again_and_the_row_takes_the_providers_answer() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    let read = act(&mut app, Action::OpenDetail);
    assert!(
        matches!(&read[0].work, Work::Get { id } if id == "u1"),
        "{read:?}"
    );
    reply(
        &mut app,
        &read[0],
        Outcome::Record(Ok(reportei("u1", "Aurora Renamed", true))),
    );
    assert_eq!(is_paying(&app, "u1"), Some(true));
    assert_eq!(
        app.active_tab().unwrap().freshness,
        crate::app::Freshness::Read {
            customer: "u1".into()
        }
    );
    // A provider without get-one (Ngorder) shows the row as listed and sends nothing.
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![named(7, "Budi")]);
    assert!(act(&mut app, Action::OpenDetail).is_empty());
}
