//! Snapshots of marks, bulk actions (menu, the one confirmation, progress and results), the command
//! palette and the undo window, at 80×24 and 160×48.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::{ApiError, ErrorKind, ProviderId};
use clientele::providers::{decode_page, spec};
use clientele::worker::check::Finding;
use clientele::worker::{Command, Outcome, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use snap::*;

const REPORTEI: usize = 4;

/// Every tab loaded with the seeds, Reportei with `n` customers, and Reportei shown.
fn app_with_reportei(n: usize) -> App {
    let (mut app, commands) = App::new(&settings());
    for command in commands {
        let (_, provider, request) = page_fetch(&command);
        let body = if provider == ProviderId::Reportei {
            let data: Vec<_> = (1..=n)
                .map(|i| {
                    serde_json::json!({
                        "uuid": format!("a1b2c3d4-0000-4000-8000-0000000000{i:02}"),
                        "name": format!("Agência {i}"),
                        "created_at": "2024-09-24 17:07:34",
                        "updated_at": "2024-09-24 17:07:34",
                        "trial_ends_at": "2024-10-08 17:15:12",
                        "is_paying": i % 4 == 0,
                        "merchant": "Reportei"
                    })
                })
                .collect();
            serde_json::json!({ "data": data, "meta": {"current_page": 1, "last_page": 1, "total": n} })
        } else {
            seed_list(provider)
        };
        answer(
            &mut app,
            &command,
            decode_page(spec(provider), request, &body),
        );
    }
    act(&mut app, Action::SelectTab(REPORTEI));
    app
}

fn reply(app: &mut App, command: &Command, outcome: Outcome) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(7),
        outcome,
    }))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn marks_menu_and_the_one_confirmation() {
    let mut app = app_with_reportei(8);
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::Down);
    act(&mut app, Action::ToggleMark);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("3 marked"), "{screen}");
    assert_eq!(screen.matches('●').count(), 3, "{screen}");
    snapshot("bulk_marks", &app);

    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    snapshot("bulk_menu", &app);
    act(&mut app, Action::Choose);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("for 6 customers"), "{screen}");
    snapshot("bulk_confirm", &app);
}

#[test]
fn progress_then_a_result_per_customer() {
    let mut app = app_with_reportei(8);
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    // Two at a time: the next goes as one ends.
    let sent = act(&mut app, Action::Yes);
    assert_eq!(sent.len(), 2);
    let third = reply(&mut app, &sent[0], Outcome::Acted(Ok(None)));
    let fifth = reply(
        &mut app,
        &sent[1],
        Outcome::Acted(Err(ApiError::new(
            ErrorKind::Validation,
            "The customer has no active plan.",
        ))),
    );
    let check = reply(
        &mut app,
        &third[0],
        Outcome::Acted(Err(ApiError::new(
            ErrorKind::OutcomeUnknown,
            "no answer within 30 s",
        ))),
    );
    let screen = render(&app, (80, 24));
    assert!(screen.contains("waiting its turn"), "{screen}");
    snapshot("bulk_progress", &app);

    let check_again = reply(
        &mut app,
        &fifth[0],
        Outcome::Acted(Err(ApiError::new(
            ErrorKind::OutcomeUnknown,
            "connection reset",
        ))),
    );
    let sixth = reply(
        &mut app,
        &check[0],
        Outcome::Checked(Ok(Finding {
            done: Some(false),
            current: None,
            similar: Vec::new(),
            looked: "read back from Reportei Connect".into(),
        })),
    );
    let seventh = reply(&mut app, &sixth[0], Outcome::Acted(Ok(None)));
    reply(&mut app, &seventh[0], Outcome::Acted(Ok(None)));
    reply(
        &mut app,
        &check_again[0],
        Outcome::Checked(Err(ApiError::new(ErrorKind::Network, "unreachable"))),
    );
    let screen = render(&app, (160, 48));
    for words in [
        "3 done",
        "refused: The customer has no active plan.",
        "not carried out",
        "outcome unknown",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    snapshot("bulk_results", &app);
}

#[test]
fn palette_with_completions() {
    let mut app = app_with_reportei(3);
    act(&mut app, Action::SelectTab(0));
    act(&mut app, Action::OpenPalette);
    snapshot("palette_open", &app);
    type_text(&mut app, "12");
    let screen = render(&app, (80, 24));
    assert!(screen.contains("customer #122"), "{screen}");
    snapshot("palette_customers", &app);
    act(&mut app, Action::Close);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "toggle");
    snapshot("palette_actions", &app);
}

#[test]
fn undo_window_in_the_status_line() {
    let mut app = app_with_reportei(3);
    app.update(Msg::Clock(1_000_000));
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    reply(&mut app, &sent[0], Outcome::Acted(Ok(None)));
    app.update(Msg::Clock(1_000_100));
    app.update(Msg::Clock(1_002_600));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("u undoes Mark as paying · 6 s"), "{screen}");
    snapshot("undo_window", &app);
}
