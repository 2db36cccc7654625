//! Snapshots of the command palette listing customers found anywhere in the mirror (of every provider,
//! the active tab's first), and of marks beside the mirror's rows, at 80×24 and 160×48.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::{ProviderId, Record, Value};
use clientele::worker::locate::{Answer, Ask, IdHit};
use clientele::worker::mirror::{SyncPhase, SyncStatus};
use clientele::worker::window::WindowRows;
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use snap::*;

/// 2026-11-30 12:00 UTC.
const NOW: i64 = 1_796_040_000_000;
const DK: usize = 3;

fn event(app: &mut App, command: &Command, outcome: Outcome) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(3),
        outcome,
    }))
}

/// DK Hardware's customer at row `n` of its mirror.
fn dk_customer(n: u64) -> Record {
    let first = ["Anna", "Budi", "Carla", "Dewi"][(n % 4) as usize];
    let text = |s: String| Value::Text(s);
    Record {
        id: (100_000 + n).to_string(),
        fields: vec![
            ("firstName".into(), text(first.into())),
            ("lastName".into(), text("Santoso".into())),
            ("company".into(), text("Santoso Hardware".into())),
            (
                "email".into(),
                text(format!("{}.{n}@example.com", first.to_lowercase())),
            ),
            (
                "phone".into(),
                text(format!("62812{:07}", n * 7919 % 10_000_000)),
            ),
        ],
    }
}

/// Answer every window asked for with DK Hardware's mirror of `total`.
fn serve(app: &mut App, commands: Vec<Command>, total: u64) {
    let mut queue = commands;
    while let Some(command) = queue.pop() {
        let Work::Window { query, .. } = &command.work else {
            continue;
        };
        let end = (query.offset + u64::from(query.limit)).min(total);
        let outcome = Outcome::Window(Ok(WindowRows {
            query: query.clone(),
            total,
            records: (query.offset..end).map(dk_customer).collect(),
            oldest_ms: Some(NOW - 60_000),
            elapsed: Duration::from_millis(2),
        }));
        queue.extend(event(app, &command, outcome));
    }
}

/// Every tab loaded with the seeds and mirrored; DK Hardware's table browses its mirror of 200,000.
fn mirrored(height: u16) -> App {
    let (mut app, _) = loaded_app();
    app.update(Msg::Viewport(80, height));
    app.update(Msg::Clock(NOW));
    act(&mut app, Action::SelectTab(DK));
    for provider in ProviderId::ALL {
        let commands = app.update(Msg::Worker(WorkerEvent {
            id: RequestId(u64::MAX),
            provider,
            elapsed: Duration::ZERO,
            outcome: Outcome::Sync(SyncStatus {
                at_ms: NOW,
                mirrored: 200_000,
                synced_ms: Some(NOW - 60_000),
                phase: SyncPhase::Idle,
            }),
        }));
        serve(&mut app, commands, 200_000);
    }
    app
}

fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let mut sent = Vec::new();
    for c in text.chars() {
        sent.extend(app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        ))));
    }
    sent
}

fn hit(provider: ProviderId, record: Record, title: &str) -> IdHit {
    IdHit {
        provider,
        title: title.into(),
        record,
    }
}

fn named(id: &str) -> Record {
    Record {
        id: id.into(),
        fields: Vec::new(),
    }
}

#[test]
fn the_palette_lists_customers_from_the_whole_mirror_of_every_provider() {
    let build = |height| {
        let mut app = mirrored(height);
        act(&mut app, Action::OpenPalette);
        let sent = type_text(&mut app, "123456");
        let ask = sent
            .iter()
            .rev()
            .find(|c| matches!(c.work, Work::Locate(Ask::Ids { .. })))
            .expect("the mirror asked")
            .clone();
        event(
            &mut app,
            &ask,
            Outcome::Located(Answer::Ids {
                prefix: "123456".into(),
                result: Ok(vec![
                    hit(ProviderId::Ngorder, named("123456"), "Budi Hartono"),
                    hit(ProviderId::Guardant, named("1234567"), "Алексей Алексеев"),
                    hit(ProviderId::DkHardware, dk_customer(23_456), "Anna Santoso"),
                    hit(ProviderId::Reportei, named("1234560"), "Agência Leiden"),
                ]),
            }),
        );
        app
    };
    let screen = render(&build(24), (80, 24));
    // Exact ids first, DK Hardware's (the active tab) before Ngorder's; then the longer ids, the
    // tabs in order from the active one.
    let at = |text: &str| {
        screen
            .find(text)
            .unwrap_or_else(|| panic!("{text}: {screen}"))
    };
    assert!(at("#123456 Anna Santoso · DK Hardware") < at("#123456 Budi Hartono · Ngorder"));
    assert!(at("#123456 Budi") < at("#1234560 Agência Leiden · Reportei"));
    assert!(at("#1234560") < at("#1234567 Алексей"));
    for (width, height) in SIZES {
        let app = build(height);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("palette_mirror_customers_{width}x{height}"),
                render(&app, (width, height))
            );
        });
    }
}

#[test]
fn marks_beside_the_mirrors_rows() {
    let build = |height| {
        let mut app = mirrored(height);
        act(&mut app, Action::ToggleMark);
        act(&mut app, Action::Down);
        act(&mut app, Action::ToggleMark);
        act(&mut app, Action::ToggleMark);
        app
    };
    let screen = render(&build(24), (80, 24));
    assert!(screen.contains("3 marked"), "{screen}");
    assert_eq!(screen.matches('●').count(), 3, "{screen}");
    for (width, height) in SIZES {
        let app = build(height);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("mirror_marks_{width}x{height}"),
                render(&app, (width, height))
            );
        });
    }
}
