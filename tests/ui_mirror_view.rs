//! Snapshots of the table over the mirror: sorted, with the search's matches marked, and the status
//! line saying where the rows come from (mirror, live, offline), at 80×24 and 160×48.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::{ProviderId, Record, Value};
use clientele::store::MirrorQuery;
use clientele::worker::mirror::{SyncPhase, SyncStatus};
use clientele::worker::window::WindowRows;
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use snap::*;

/// 2026-11-30 12:00 UTC.
const NOW: i64 = 1_796_040_000_000;
const MINUTE: i64 = 60_000;
const MIRRORED: u64 = 1_000_000;

const FIRST: [&str; 8] = [
    "Anna", "Budi", "Carla", "Dewi", "Hana", "Joko", "Lina", "Siti",
];
const LAST: [&str; 6] = [
    "Santoso", "Hartono", "Wijaya", "Banerjee", "Kusuma", "Tanaka",
];

/// DK Hardware's customer number `n` (of a sort by last name: the names follow `n`).
fn customer(n: u64) -> Record {
    let first = FIRST[(n % 8) as usize];
    let last = LAST[((n / 8) % 6) as usize];
    let text = |s: String| Value::Text(s);
    Record {
        id: (100_000 + n).to_string(),
        fields: vec![
            ("firstName".into(), text(first.into())),
            ("lastName".into(), text(last.into())),
            ("company".into(), text(format!("{last} Hardware"))),
            (
                "email".into(),
                text(format!("{}.{}@example.com", first.to_lowercase(), n)),
            ),
            (
                "phone".into(),
                text(format!("62812{:07}", n * 7919 % 10_000_000)),
            ),
            (
                "updatedAt".into(),
                Value::Time("2026-11-29 08:15:00".into()),
            ),
        ],
    }
}

/// Customer `n` of the order by last name, descending: Wijaya, Tanaka, Santoso…
fn by_last_name_descending(n: u64) -> Record {
    let mut names = LAST;
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut record = customer(n);
    let last = names[(n * names.len() as u64 / MIRRORED) as usize];
    record.fields[1].1 = Value::Text(last.into());
    record.fields[2].1 = Value::Text(format!("{last} Hardware"));
    record
}

fn sync(app: &mut App, phase: SyncPhase, synced_ms: Option<i64>) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider: ProviderId::DkHardware,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms: NOW,
            mirrored: MIRRORED,
            synced_ms,
            phase,
        }),
    }))
}

/// Answer every window asked of the store with `total` customers; `pick` chooses which customer
/// stands at each place of the order.
fn serve(app: &mut App, commands: Vec<Command>, total: u64, pick: &dyn Fn(u64) -> Record) {
    let mut queue = commands;
    while let Some(command) = queue.pop() {
        let Work::Window { query, .. } = &command.work else {
            continue;
        };
        let query: MirrorQuery = query.clone();
        let end = (query.offset + u64::from(query.limit)).min(total);
        let records = (query.offset..end).map(pick).collect();
        queue.extend(app.update(Msg::Worker(WorkerEvent {
            id: command.id,
            provider: command.provider,
            elapsed: Duration::from_millis(4),
            outcome: Outcome::Window(Ok(WindowRows {
                query,
                total,
                records,
                oldest_ms: Some(NOW - 4 * MINUTE),
                elapsed: Duration::from_millis(4),
            })),
        })));
    }
}

/// DK Hardware's tab over its mirror of a million customers, synced 4 minutes ago.
fn dk_mirrored(height: u16) -> App {
    let (mut app, _) = loaded_app();
    app.update(Msg::Viewport(80, height));
    act(&mut app, Action::SelectTab(3));
    app.update(Msg::Clock(NOW));
    let commands = sync(&mut app, SyncPhase::Idle, Some(NOW - 4 * MINUTE));
    serve(&mut app, commands, MIRRORED, &customer);
    app
}

/// Each size with its own app: the app scrolls by the screen it was told.
fn snapshot_sized(name: &str, build: impl Fn(u16) -> App) {
    for (width, height) in SIZES {
        let app = build(height);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("{name}_{width}x{height}"),
                render_marked(&app, (width, height))
            );
        });
    }
}

/// The screen, each row with marked cells followed by a row of `^` under them (a text snapshot has
/// no colours).
fn render_marked(app: &App, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut marks = String::new();
        for x in 0..width {
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            marks.push(if cell.bg == Color::Yellow { '^' } else { ' ' });
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if marks.contains('^') {
            out.push_str(marks.trim_end());
            out.push('\n');
        }
    }
    out
}

fn status_line(app: &App, size: (u16, u16)) -> String {
    render(app, size).lines().last().unwrap().to_string()
}

#[test]
fn a_million_mirrored_customers_sorted_by_last_name_descending() {
    let build = |height| {
        let mut app = dk_mirrored(height);
        // '>' twice: by the second column (last name); R: descending.
        for action in [Action::SortNext, Action::SortNext, Action::SortReverse] {
            let commands = act(&mut app, action);
            serve(&mut app, commands, MIRRORED, &by_last_name_descending);
        }
        for _ in 0..3 {
            act(&mut app, Action::Down);
        }
        app
    };
    let screen = render(&build(24), (80, 24));
    assert!(screen.contains("Last name ↓"), "{screen}");
    let status = status_line(&build(24), (80, 24));
    assert!(
        status.contains("mirror · 1,000,000 customers · synced 4 min ago · by Last name ↓ · row 4"),
        "{status}"
    );
    snapshot_sized("mirror_sorted_dkhardware", build);
}

#[test]
fn the_search_typed_is_marked_in_every_cell_it_matches() {
    let build = |height| {
        let mut app = dk_mirrored(height);
        act(&mut app, Action::StartFilter);
        let mut commands = Vec::new();
        for c in "an".chars() {
            commands = app.update(Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        // The store's answer: customers with "an" somewhere (Anna, Hana, Santoso, Tanaka…).
        let matching: Vec<Record> = (0..400)
            .map(customer)
            .filter(|r| {
                r.fields
                    .iter()
                    .any(|(_, v)| v.to_string().to_lowercase().contains("an"))
            })
            .take(37)
            .collect();
        serve(&mut app, commands, 37, &|n| matching[n as usize].clone());
        app
    };
    let marked = render_marked(&build(24), (80, 24));
    assert!(marked.contains("^^"), "{marked}");
    let status = status_line(&build(24), (80, 24));
    assert!(
        status.contains("mirror: 37 of 1,000,000 · 4 ms"),
        "{status}"
    );
    snapshot_sized("mirror_search_marked_dkhardware", build);
}

#[test]
fn the_live_filter_marks_its_matches_too_and_the_status_line_says_live() {
    let build = |height| {
        let mut app = dk_mirrored(height);
        act(&mut app, Action::ToggleSource);
        act(&mut app, Action::StartFilter);
        for c in "so".chars() {
            app.update(Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        app
    };
    let status = status_line(&build(24), (160, 48));
    assert!(
        status.contains("\" live · page 1 · 1 rows · last page · local: 1 of 1 loaded"),
        "{status}"
    );
    snapshot_sized("live_filter_marked_dkhardware", build);
}

#[test]
fn offline_the_mirror_of_an_earlier_run_browses_marked_offline() {
    let build = |height| {
        let (mut app, _) = snap::loaded_app();
        let mut app = {
            // Offline from the start: no live page was ever fetched.
            let (mut fresh, _) = App::new(&settings());
            fresh.go_offline();
            std::mem::swap(&mut app, &mut fresh);
            app
        };
        app.update(Msg::Viewport(80, height));
        act(&mut app, Action::SelectTab(3));
        app.update(Msg::Clock(NOW));
        let commands = sync(&mut app, SyncPhase::Offline, Some(NOW - 130 * MINUTE));
        serve(&mut app, commands, MIRRORED, &customer);
        app
    };
    let screen = render(&build(24), (80, 24));
    let status = screen.lines().last().unwrap();
    assert!(
        status.contains("mirror · offline · 1,000,000 customers · synced 2 h ago"),
        "{status}"
    );
    assert!(
        screen.lines().next().unwrap().contains("offline"),
        "{screen}"
    );
    snapshot_sized("mirror_offline_dkhardware", build);
}
