//! Marks and bulk actions: marked by id, one confirmation naming the count, a result per customer,
//! unknown outcomes checked (never resent), and `r` retrying only what surely did not happen.

use super::edit::{loaded, reply, reportei};
use super::*;
use std::collections::VecDeque;

use crate::app::bulk::{IN_FLIGHT, ItemState};
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

/// Answer each write as `outcome` says, in the order sent, until none is left; the customers written
/// to, in order. Never more than [`IN_FLIGHT`] are under way.
fn finish_all(
    app: &mut App,
    first: Vec<Command>,
    outcome: impl Fn(&Record) -> Outcome,
) -> Vec<String> {
    assert!(first.len() <= IN_FLIGHT, "{} sent at once", first.len());
    let mut under_way: VecDeque<Command> = first.into();
    let mut written = Vec::new();
    while let Some(command) = under_way.pop_front() {
        let Work::Act { record, .. } = &command.work else {
            panic!("{:?}", command.work);
        };
        written.push(record.id.clone());
        under_way.extend(reply(app, &command, outcome(record)));
        assert!(under_way.len() <= IN_FLIGHT);
    }
    written
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
    assert!(matches!(app.overlay, Some(Overlay::Bulk)));
    assert!(marked(&app).is_empty(), "the marks are used up");
    assert!(matches!(
        sent[0].work,
        Work::Act {
            action: "paying",
            ..
        }
    ));
    // A few at a time, the next as each ends: the provider's queue keeps room for the user's reads.
    assert_eq!(sent.len(), IN_FLIGHT);
    let written = finish_all(&mut app, sent, |_| Outcome::Acted(Ok(None)));
    let expected: Vec<String> = (1..=10).map(|n| format!("u{n}")).collect();
    assert_eq!(written, expected, "one write per customer");
    assert!(states(&app).iter().all(|s| *s == ItemState::Done(None)));
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
    let next = reply(&mut app, &sent[0], Outcome::Acted(Ok(None)));
    let refused = ApiError::new(ErrorKind::Validation, "no plan for this one");
    let after = reply(&mut app, &sent[1], Outcome::Acted(Err(refused)));
    let check = reply(
        &mut app,
        &next[0],
        Outcome::Acted(Err(ApiError::new(ErrorKind::OutcomeUnknown, "timed out"))),
    );
    // The unknown one is checked, never sent again; the check takes its place in flight.
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
    assert!(matches!(states[3], ItemState::Sending(_)));
    assert_eq!(states[4], ItemState::Queued);
    // The done one's row shows it.
    let tab = app.active_tab().unwrap();
    let row = &tab.customers.page().unwrap().records[0];
    assert_eq!(row.get("is_paying"), Some(&Value::Bool(true)));

    // r queues the refused one again (first in line); the unknown one is being checked.
    assert!(act(&mut app, Action::Refresh).is_empty(), "no room yet");
    assert_eq!(states_of(&app, 1), ItemState::Queued);
    assert!(matches!(states_of(&app, 2), ItemState::Unknown { .. }));

    // The check: not carried out. Its place goes to the refused one; the checked one may be
    // retried now.
    let resent = reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(false),
            current: Some(reportei("u3", "Agência 3", false)),
            similar: Vec::new(),
            looked: "read back from Reportei".into(),
        })),
    );
    assert!(matches!(&resent[0].work, Work::Act { record, .. } if record.id == "u2"));
    assert!(matches!(&states_of(&app, 2), ItemState::NotCarriedOut(_)));
    act(&mut app, Action::Refresh);
    let next = reply(&mut app, &after[0], Outcome::Acted(Ok(None)));
    assert!(matches!(&next[0].work, Work::Act { record, .. } if record.id == "u3"));
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
    let sent = act(&mut app, Action::Yes);
    let written = finish_all(&mut app, sent, |_| Outcome::Acted(Ok(None)));
    assert_eq!(written, ["u1", "u2", "u3"]);
}

#[test]
fn read_only_mode_sends_no_bulk_write() {
    let mut settings = settings(&[ProviderId::Reportei]);
    settings.ui.read_only = true;
    let (mut app, commands) = App::new(&settings);
    let page = Page {
        summary: Vec::new(),
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
    finish_all(&mut app, sent, |_| Outcome::Acted(Ok(None)));
    act(&mut app, Action::OpenActions);
    assert!(matches!(app.overlay, Some(Overlay::BulkActions(_))));
}

#[test]
fn a_run_that_ends_behind_a_closed_view_says_how_it_went() {
    let mut app = ten();
    let sent = mark_all_and_run(&mut app);
    act(&mut app, Action::Close);
    let mut under_way: VecDeque<Command> = sent.into();
    while let Some(command) = under_way.pop_front() {
        let last = under_way.is_empty() && !states(&app).contains(&ItemState::Queued);
        let outcome = if last {
            assert!(app.notice.is_none(), "not before the last one");
            Outcome::Acted(Err(ApiError::new(ErrorKind::Validation, "no")))
        } else {
            Outcome::Acted(Ok(None))
        };
        under_way.extend(reply(&mut app, &command, outcome));
    }
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
