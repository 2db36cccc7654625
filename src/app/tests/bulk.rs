//! Marks and bulk actions: marked by id, one confirmation naming the count, a result per customer,
//! unknown outcomes checked (never resent), and `r` retrying only what surely did not happen.

use super::edit::{loaded, reply, reportei};
use super::*;
use crate::app::bulk::ItemState;
use crate::domain::ErrorKind;
use crate::worker::check::Finding;

fn ten() -> App {
    let records = (1..=10)
        .map(|n| reportei(&format!("u{n}"), &format!("Agência {n}"), false))
        .collect();
    loaded(ProviderId::Reportei, records).0
}

fn marked(app: &App) -> Vec<String> {
    app.selection()
        .map(|s| s.records().iter().map(|r| r.id.clone()).collect())
        .unwrap_or_default()
}

fn states(app: &App) -> Vec<ItemState> {
    let run = app.bulk.run.as_ref().expect("a bulk run");
    run.items.iter().map(|i| i.state.clone()).collect()
}

/// Mark everything, open the actions, choose the first and say yes: the commands sent.
fn mark_all_and_run(app: &mut App) -> Vec<Command> {
    act(app, Action::MarkAll);
    act(app, Action::OpenActions);
    assert!(act(app, Action::Choose).is_empty(), "nothing before yes");
    act(app, Action::Yes)
}

#[test]
fn space_marks_and_moves_on_v_marks_a_range_ctrl_a_all_esc_unmarks() {
    let mut app = ten();
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::ToggleMark);
    assert_eq!(marked(&app), ["u1", "u2"]);
    assert_eq!(
        selected_id(&app).as_deref(),
        Some("u3"),
        "the cursor moves on"
    );
    act(&mut app, Action::Up);
    act(&mut app, Action::ToggleMark);
    assert_eq!(marked(&app), ["u1"], "Space again unmarks");
    // V marks from the last Space to the cursor.
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::MarkRange);
    assert_eq!(marked(&app), ["u1", "u2", "u3", "u4", "u5", "u6"]);
    act(&mut app, Action::MarkAll);
    assert_eq!(marked(&app).len(), 10);
    act(&mut app, Action::MarkAll);
    assert!(marked(&app).is_empty(), "Ctrl-A again unmarks all");
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::Back);
    assert!(marked(&app).is_empty(), "Esc drops the marks");
}

#[test]
fn ctrl_a_marks_only_the_rows_in_view_and_marks_survive_the_filter() {
    let mut app = ten();
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "Agência 1");
    act(&mut app, Action::ConfirmFilter);
    act(&mut app, Action::MarkAll);
    // "Agência 1" and "Agência 10".
    assert_eq!(marked(&app), ["u1", "u10"]);
    // A wider filter shows more rows; the marks stay on the same customers.
    act(&mut app, Action::StartFilter);
    let backspace = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Backspace,
        crossterm::event::KeyModifiers::NONE,
    );
    app.update(Msg::Key(backspace));
    act(&mut app, Action::ConfirmFilter);
    assert_eq!(app.active_tab().unwrap().visible_rows().len(), 10);
    assert_eq!(marked(&app), ["u1", "u10"], "marks are kept by id");
    // Esc drops the marks first, then the filter.
    act(&mut app, Action::Back);
    assert!(marked(&app).is_empty());
    assert!(app.active_tab().unwrap().local_filter.is_some());
}

#[test]
fn one_confirmation_names_the_count_then_one_write_per_customer() {
    let mut app = ten();
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("a confirmation: {:?}", app.overlay);
    };
    assert!(
        confirm.question.contains("Mark as paying for 10 customers"),
        "{}",
        confirm.question
    );
    assert!(!confirm.yes, "the answer starts at No");
    let sent = act(&mut app, Action::Yes);
    assert_eq!(sent.len(), 10);
    let customers: Vec<_> = sent
        .iter()
        .map(|c| match &c.work {
            Work::Act {
                action: "paying",
                record,
            } => record.id.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(customers[0], "u1");
    assert_eq!(customers[9], "u10");
    assert!(matches!(app.overlay, Some(Overlay::Bulk)));
    assert!(marked(&app).is_empty(), "the marks are used up");
}

#[test]
fn no_sends_nothing() {
    let mut app = ten();
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    assert!(act(&mut app, Action::Choose).is_empty(), "Enter on No");
    assert!(app.bulk.run.is_none());
    assert_eq!(marked(&app).len(), 10, "the marks stay");
}

#[test]
fn each_customer_ends_done_refused_or_unknown_and_unknown_is_checked_not_resent() {
    let mut app = ten();
    let sent = mark_all_and_run(&mut app);
    reply(&mut app, &sent[0], Outcome::Acted(Ok(None)));
    reply(
        &mut app,
        &sent[1],
        Outcome::Acted(Err(ApiError::new(
            ErrorKind::Validation,
            "no plan for this one",
        ))),
    );
    let check = reply(
        &mut app,
        &sent[2],
        Outcome::Acted(Err(ApiError::new(ErrorKind::OutcomeUnknown, "timed out"))),
    );
    assert_eq!(check.len(), 1);
    assert!(
        matches!(check[0].work, Work::Check(_)),
        "{:?}",
        check[0].work
    );
    let states = states(&app);
    assert_eq!(states[0], ItemState::Done(None));
    assert_eq!(states[1], ItemState::Refused("no plan for this one".into()));
    assert!(
        matches!(
            &states[2],
            ItemState::Unknown {
                checking: Some(_),
                ..
            }
        ),
        "{:?}",
        states[2]
    );
    // The done one's row shows it.
    let tab = app.active_tab().unwrap();
    let row = &tab.customers.page().unwrap().records[0];
    assert_eq!(row.get("is_paying"), Some(&Value::Bool(true)));

    // While under way, r resends only the refused one: the unknown one is being checked.
    let retry = act(&mut app, Action::Refresh);
    assert_eq!(retry.len(), 1);
    assert!(matches!(&retry[0].work, Work::Act { record, .. } if record.id == "u2"));

    // The check: not carried out. Now it may be sent again.
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(false),
            current: Some(reportei("u3", "Agência 3", false)),
            similar: Vec::new(),
            looked: "read back from Reportei".into(),
        })),
    );
    assert!(matches!(&states_of(&app, 2), ItemState::NotCarriedOut(_)));
    let retry = act(&mut app, Action::Refresh);
    assert_eq!(retry.len(), 1);
    assert!(matches!(&retry[0].work, Work::Act { record, .. } if record.id == "u3"));
}

fn states_of(app: &App, index: usize) -> ItemState {
    states(app)[index].clone()
}

#[test]
fn a_failed_check_leaves_it_unknown_and_r_checks_again_without_resending() {
    let mut app = ten();
    let sent = mark_all_and_run(&mut app);
    let check = reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(ApiError::new(ErrorKind::OutcomeUnknown, "reset"))),
    );
    reply(
        &mut app,
        &check[0],
        Outcome::Checked(Err(ApiError::new(ErrorKind::Network, "unreachable"))),
    );
    let state = states_of(&app, 0);
    assert!(
        matches!(&state, ItemState::Unknown { checking: None, error } if error.contains("unreachable")),
        "{state:?}"
    );
    assert!(!state.retryable(), "never resent while unknown");
    let again = act(&mut app, Action::Refresh);
    assert_eq!(again.len(), 1);
    assert!(
        matches!(again[0].work, Work::Check(_)),
        "{:?}",
        again[0].work
    );
    // A check that finds it done ends it as done.
    reply(
        &mut app,
        &again[0],
        Outcome::Checked(Ok(Finding {
            done: Some(true),
            current: Some(reportei("u1", "Agência 1", true)),
            similar: Vec::new(),
            looked: "read back from Reportei".into(),
        })),
    );
    assert!(matches!(states_of(&app, 0), ItemState::Done(Some(_))));
}

#[test]
fn actions_that_do_not_apply_are_left_out_and_the_confirmation_says_so() {
    let mut records: Vec<Record> = (1..=3)
        .map(|n| reportei(&format!("u{n}"), &format!("A{n}"), false))
        .collect();
    records.push(reportei("u4", "A4", true));
    let (mut app, _) = loaded(ProviderId::Reportei, records);
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("{:?}", app.overlay);
    };
    assert!(
        confirm.question.contains("for 3 customers")
            && confirm.question.contains("1 marked left out"),
        "{}",
        confirm.question
    );
    assert_eq!(act(&mut app, Action::Yes).len(), 3);
}

#[test]
fn read_only_mode_sends_no_bulk_write() {
    let mut settings = settings(&[ProviderId::Reportei]);
    settings.ui.read_only = true;
    let (mut app, commands) = App::new(&settings);
    let page = Page {
        records: vec![reportei("u1", "A", false)],
        next: None,
        totals: None,
    };
    answer(&mut app, &commands[0], Ok(page));
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    assert!(app.overlay.is_none());
    assert!(app.notice.as_ref().unwrap().text.contains("read-only"));
}

#[test]
fn a_second_bulk_action_waits_for_the_first() {
    let mut app = ten();
    let sent = mark_all_and_run(&mut app);
    act(&mut app, Action::Close);
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("still under way")
    );
    // Once every customer has an ending, the next one may start.
    for command in &sent {
        reply(&mut app, command, Outcome::Acted(Ok(None)));
    }
    act(&mut app, Action::OpenActions);
    assert!(matches!(app.overlay, Some(Overlay::BulkActions(_))));
}

#[test]
fn a_run_that_ends_behind_a_closed_view_says_how_it_went() {
    let mut app = ten();
    let sent = mark_all_and_run(&mut app);
    act(&mut app, Action::Close);
    for command in &sent[..9] {
        reply(&mut app, command, Outcome::Acted(Ok(None)));
    }
    assert!(app.notice.is_none(), "not before the last one");
    reply(
        &mut app,
        &sent[9],
        Outcome::Acted(Err(ApiError::new(ErrorKind::Validation, "no"))),
    );
    let notice = app.notice.clone().expect("a summary");
    assert!(notice.is_error);
    assert!(
        notice.text.contains("9 done · 1 refused"),
        "{}",
        notice.text
    );
}

#[test]
fn a_marked_row_changed_since_is_acted_on_as_it_is_now() {
    let mut app = ten();
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::ToggleMark);
    // u1 became paying (elsewhere, read again) after it was marked.
    let tab = &mut app.tabs[0];
    tab.customers.with_page_mut(|page| {
        page.records[0] = reportei("u1", "Agência 1", true);
    });
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    let Some(Overlay::Confirm(confirm)) = &app.overlay else {
        panic!("{:?}", app.overlay);
    };
    assert!(
        confirm
            .question
            .contains("Mark as paying for 1 customer at")
            && confirm.question.contains("1 marked left out"),
        "{}",
        confirm.question
    );
}
