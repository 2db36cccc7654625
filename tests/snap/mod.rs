//! Shared by the view snapshot tests: an app fed with the seeds' own examples through the real
//! decoders, rendered on a TestBackend.

#![allow(dead_code)] // each test binary uses part of this

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::config::Settings;
use clientele::domain::{ApiError, Page, PageRequest, ProviderId};
use clientele::providers::{decode_page, spec};
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value as Json;

pub const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

pub fn settings() -> Settings {
    Settings::unreachable(&ProviderId::ALL, 2, "~/.config/clientele/config.toml")
}

pub fn fixture(name: &str) -> Json {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The seed's list example for `provider`, as the list endpoint would answer it.
pub fn seed_list(provider: ProviderId) -> Json {
    match provider {
        ProviderId::Ngorder => fixture("ngorder_list.json"),
        ProviderId::CycleSoftware => fixture("cyclesoftware_list.json"),
        ProviderId::Guardant => fixture("guardant_list.json"),
        ProviderId::DkHardware => {
            serde_json::json!({ "payload": [fixture("dkhardware_get.json")["payload"].clone()] })
        }
        ProviderId::Reportei => fixture("reportei_list.json"),
    }
}

pub fn page_fetch(command: &Command) -> (RequestId, ProviderId, PageRequest) {
    match command.work {
        Work::FetchPage { request, .. } | Work::FetchRelated { request, .. } => {
            (command.id, command.provider, request)
        }
        ref other => panic!("not a page fetch: {other:?}"),
    }
}

/// Answer `command` as the worker would; returns the app's follow-up commands.
pub fn answer(app: &mut App, command: &Command, result: Result<Page, ApiError>) -> Vec<Command> {
    let (id, provider, request) = page_fetch(command);
    app.update(Msg::Worker(WorkerEvent {
        id,
        provider,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Page(request, result),
    }))
}

pub fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

/// An app whose first-page requests have all been answered with the seeds' examples; returns the
/// prefetches it sent after them.
pub fn loaded_app() -> (App, Vec<Command>) {
    let (mut app, commands) = App::new(&settings());
    let mut prefetches = Vec::new();
    for command in commands {
        let (_, provider, request) = page_fetch(&command);
        let result = decode_page(spec(provider), request, &seed_list(provider));
        prefetches.extend(answer(&mut app, &command, result));
    }
    (app, prefetches)
}

pub fn render(app: &App, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}

/// Snapshot the screen at both sizes, into `tests/snapshots/<name>_<w>x<h>.snap`.
pub fn snapshot(name: &str, app: &App) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for size in SIZES {
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(app, size));
        }
    });
}

/// The screen with its styles: the text, then each change of colour or modifier by cell (ratatui's
/// buffer listing), for views whose colours are the point (themes).
pub fn render_styled(app: &App, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    format!("{:#?}", terminal.backend().buffer())
}

/// [`snapshot`] with the styles, into `tests/snapshots/<name>_<w>x<h>.snap`.
pub fn snapshot_styled(name: &str, app: &App) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for size in SIZES {
            insta::assert_snapshot!(
                format!("{name}_{}x{}", size.0, size.1),
                render_styled(app, size)
            );
        }
    });
}

/// The screen and where the terminal's text cursor is (`cursor: hidden` when no input has focus).
pub fn render_with_cursor(app: &App, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    let backend = terminal.backend();
    let cursor = if backend.cursor_visible() {
        let at = backend.cursor_position();
        format!("cursor: column {}, row {}", at.x, at.y)
    } else {
        "cursor: hidden".to_string()
    };
    format!("{backend}\n{cursor}")
}

/// The text just left of the visible cursor (`count` cells), or None when it is hidden.
pub fn before_cursor(app: &App, (width, height): (u16, u16), count: u16) -> Option<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    let backend = terminal.backend();
    if !backend.cursor_visible() {
        return None;
    }
    let at = backend.cursor_position();
    let buffer = backend.buffer();
    Some(
        (at.x.saturating_sub(count)..at.x)
            .map(|x| buffer[(x, at.y)].symbol().to_string())
            .collect(),
    )
}

/// [`snapshot`] with the cursor's place, into `tests/snapshots/<name>_<w>x<h>.snap`.
pub fn snapshot_with_cursor(name: &str, app: &App) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for size in SIZES {
            insta::assert_snapshot!(
                format!("{name}_{}x{}", size.0, size.1),
                render_with_cursor(app, size)
            );
        }
    });
}
