//! Snapshots of the journal view (every outcome, a selected write's fields before and after) and of a
//! form whose save's outcome is unknown.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::{ApiError, ErrorKind, ProviderId};
use clientele::providers::retry::outcome_unknown;
use clientele::store::{Entry, Outcome as Ended};
use clientele::worker::{Command, Outcome, Work, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Map, Value as Json, json};
use snap::*;

/// 2026-11-30 09:15:00 UTC.
const T0: i64 = 1_796_030_100_000;

fn fields(pairs: &[(&str, Json)]) -> Map<String, Json> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn entry(
    id: i64,
    minutes: i64,
    provider: &str,
    customer: Option<&str>,
    title: &str,
    operation: &str,
    change: (Map<String, Json>, Map<String, Json>),
    ended: Option<(Ended, Option<&str>)>,
) -> Entry {
    Entry {
        id,
        started_ms: T0 + minutes * 60_000,
        provider: provider.into(),
        customer: customer.map(str::to_string),
        title: title.into(),
        operation: operation.into(),
        before: change.0,
        after: change.1,
        outcome: ended.map(|e| e.0),
        message: ended.and_then(|e| e.1.map(str::to_string)),
        ended_ms: ended.map(|_| T0 + minutes * 60_000 + 800),
    }
}

/// Newest first, as the store reads them: one write of every outcome.
fn entries() -> Vec<Entry> {
    let none = || (Map::new(), Map::new());
    vec![
        entry(
            6,
            50,
            "ngorder",
            Some("101"),
            "Budi Santoso",
            "delete",
            none(),
            None,
        ),
        entry(
            5,
            40,
            "dkhardware",
            Some("88231"),
            "Jonathan Kowalczyk-Fairweather",
            "update",
            (
                fields(&[("phone", json!("555-0100"))]),
                fields(&[("phone", json!("555-0199"))]),
            ),
            Some((Ended::Accepted, Some("submission 7781 accepted"))),
        ),
        entry(
            4,
            30,
            "reportei",
            None,
            "Agência Aurora",
            "create",
            (Map::new(), fields(&[("name", json!("Agência Aurora"))])),
            Some((
                Ended::Unknown,
                Some("clientele stopped before the provider answered"),
            )),
        ),
        entry(
            3,
            20,
            "cyclesoftware",
            Some("4711"),
            "Giel van Wijgergangs",
            "update",
            (
                fields(&[
                    ("title", json!("Dhr.")),
                    ("email", json!("giel@example.nl")),
                    ("phone", Json::Null),
                ]),
                fields(&[
                    ("title", json!("Mr.")),
                    (
                        "email",
                        json!("giel.van.wijgergangs@fietsenmaker-voorbeeld.nl"),
                    ),
                    ("phone", json!("06 24238848")),
                ]),
            ),
            Some((
                Ended::Refused,
                Some("Someone changed this customer since you opened it (title)."),
            )),
        ),
        entry(
            2,
            10,
            "guardant",
            Some("17"),
            "Sarah Lindqvist",
            "archive",
            (
                fields(&[("archived", json!(false))]),
                fields(&[("archived", json!(true))]),
            ),
            Some((Ended::Done, None)),
        ),
    ]
}

fn journal_open(app: &mut App, entries: Vec<Entry>) {
    let sent = act(app, Action::ToggleJournal);
    let read = sent
        .iter()
        .find(|c| matches!(c.work, Work::ReadJournal { .. }))
        .expect("the journal is read");
    app.update(Msg::Worker(WorkerEvent {
        id: read.id,
        provider: read.provider,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Journal(Ok(entries)),
    }));
}

#[test]
fn journal_with_every_outcome_and_a_selected_change() {
    let (mut app, _) = loaded_app();
    journal_open(&mut app, entries());
    // The refused edit: three fields, one of them empty before.
    for _ in 0..3 {
        act(&mut app, Action::Down);
    }
    for size in SIZES {
        let screen = render(&app, size);
        for said in [
            "in flight",
            "accepted, in progress",
            "outcome unknown",
            "refused",
            "done",
            "2026-11-30 09:35:00 UTC · CycleSoftware · update · Giel van Wijgergangs",
            "(new) Agência Aurora",
            "title: Dhr. → Mr.",
            "phone: — → 06 24238848",
            "Someone changed this customer",
            "c checks",
        ] {
            assert!(
                screen.contains(said),
                "{size:?}: {said:?} on screen:\n{screen}"
            );
        }
    }
    snapshot("journal", &app);

    // Esc closes it.
    act(&mut app, Action::Close);
    assert!(!render(&app, (80, 24)).contains("Journal"));
}

#[test]
fn journal_empty_and_while_reading() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::ToggleJournal);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Reading the journal…"), "{screen}");
    act(&mut app, Action::ToggleJournal);
    journal_open(&mut app, Vec::new());
    snapshot("journal_empty", &app);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

fn save(app: &mut App) -> Vec<Command> {
    act(app, Action::SaveForm)
}

#[test]
fn a_form_whose_save_has_an_unknown_outcome() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(4));
    act(&mut app, Action::NewCustomer);
    type_text(&mut app, "Agência Aurora");
    let sent = save(&mut app);
    let create = sent
        .iter()
        .find(|c| matches!(c.work, Work::Create { .. }))
        .expect("the create is sent");
    let timeout = ApiError::new(ErrorKind::Timeout, "the provider did not answer in time");
    app.update(Msg::Worker(WorkerEvent {
        id: create.id,
        provider: ProviderId::Reportei,
        elapsed: Duration::from_secs(30),
        outcome: Outcome::Saved(Err(outcome_unknown(&timeout)), None),
    }));
    for size in SIZES {
        let screen = render(&app, size);
        assert!(screen.contains("Outcome unknown"), "{size:?}:\n{screen}");
        assert!(screen.contains("Ctrl-K"), "{size:?}:\n{screen}");
        assert!(!screen.contains("refused"), "{size:?}:\n{screen}");
    }
    snapshot("form_save_unknown", &app);

    // Saving again sends nothing until it is checked, and says so.
    assert!(
        !save(&mut app)
            .iter()
            .any(|c| matches!(c.work, Work::Create { .. })),
        "nothing is sent again"
    );
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Ctrl-K checks"), "{screen}");
}
