//! `App::update` without a terminal or a network: commands out, answers in, state checked.

mod actions;
mod bulk;
mod changes;
mod edit;
mod files;
mod filters;
mod global_search;
mod input;
mod lookup;
mod mirror;
mod mirror_view;
mod paging;
mod palette;
mod palette_mirror;
mod redraw;
mod related;
mod submissions;
mod undo;
mod unknown;
mod unsafe_ids;
mod views;

use std::time::Duration;

use super::*;
use crate::config::Settings;
use crate::domain::{ApiError, Cursor, Page, PageRequest, ProviderId, Record, Totals, Value};
use crate::worker::{Outcome, Work};

pub fn settings(providers: &[ProviderId]) -> Settings {
    Settings::unreachable(providers, 2, "test")
}

fn record(id: u32) -> Record {
    Record {
        id: id.to_string(),
        fields: vec![("name".into(), Value::Text(format!("Customer {id}")))],
    }
}

fn named(id: u32, name: &str) -> Record {
    Record {
        id: id.to_string(),
        fields: vec![("name".into(), Value::Text(name.into()))],
    }
}

fn page(ids: std::ops::Range<u32>, next: Option<Cursor>) -> Page {
    Page {
        summary: Vec::new(),
        records: ids.map(record).collect(),
        next,
        totals: None,
    }
}

fn with_totals(mut page: Page, records: u64, pages: u64) -> Page {
    page.totals = Some(Totals { records, pages });
    page
}

/// Answer `command` with `result`, as the worker would; returns the follow-up commands.
pub(crate) fn answer(
    app: &mut App,
    command: &Command,
    result: Result<Page, ApiError>,
) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Page(request_of(command), result),
    }))
}

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        app.update(Msg::Key(key));
    }
}

fn request_of(command: &Command) -> PageRequest {
    match &command.work {
        Work::FetchPage { request, .. } | Work::FetchRelated { request, .. } => *request,
        other => panic!("not a page fetch: {other:?}"),
    }
}

fn cursor_of(command: &Command) -> Cursor {
    request_of(command).cursor
}

fn selected_id(app: &App) -> Option<String> {
    app.active_tab()?.selected_record().map(|r| r.id.clone())
}

#[test]
fn start_fetches_every_tabs_first_page_in_its_own_paging_style() {
    let (app, commands) = App::new(&settings(&ProviderId::ALL));
    assert_eq!(app.tabs.len(), 5);
    let cursors: Vec<_> = commands.iter().map(cursor_of).collect();
    assert_eq!(
        cursors,
        vec![
            Cursor::Page(1),   // Ngorder
            Cursor::Offset(0), // CycleSoftware
            Cursor::Offset(0), // Guardant
            Cursor::Offset(0), // DK Hardware
            Cursor::Page(1),   // Reportei
        ]
    );
    assert!(app.is_busy());
    assert_eq!(app.jobs.running(), 5, "every call shows in the jobs view");
}

#[test]
fn a_tab_without_credentials_sends_nothing_and_says_why() {
    let mut settings = settings(&[ProviderId::Ngorder, ProviderId::Reportei]);
    settings.providers[1].credentials =
        Err("environment variable REPORTEI_TOKEN is not set".into());
    let (mut app, commands) = App::new(&settings);
    assert_eq!(commands.len(), 1);
    assert!(
        app.tabs[1]
            .unavailable
            .as_deref()
            .unwrap()
            .contains("REPORTEI_TOKEN")
    );
    act(&mut app, Action::SelectTab(1));
    assert!(act(&mut app, Action::Refresh).is_empty());
}

#[test]
fn switching_tabs_keeps_each_tabs_selection_and_page() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Guardant]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    answer(&mut app, &commands[1], Ok(page(10..12, None)));
    act(&mut app, Action::Down);
    act(&mut app, Action::NextTab);
    assert_eq!(app.active, 1);
    assert_eq!(selected_id(&app).as_deref(), Some("10"));
    act(&mut app, Action::NextTab);
    assert_eq!(app.active, 0, "tabs wrap around");
    assert_eq!(selected_id(&app).as_deref(), Some("1"));
    act(&mut app, Action::PrevTab);
    assert_eq!(app.active, 1);
    act(&mut app, Action::SelectTab(4));
    assert_eq!(app.active, 1, "no such tab: nothing changes");
}

#[test]
fn selection_stays_within_the_rows_and_clicks_select() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    act(&mut app, Action::Down);
    assert_eq!(selected_id(&app), None, "no rows yet");
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    for _ in 0..5 {
        act(&mut app, Action::Down);
    }
    assert_eq!(selected_id(&app).as_deref(), Some("1"));
    act(&mut app, Action::FirstRow);
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
    act(&mut app, Action::LastRow);
    assert_eq!(selected_id(&app).as_deref(), Some("1"));
    act(&mut app, Action::SelectRow(0));
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
    act(&mut app, Action::SelectRow(7));
    assert_eq!(
        selected_id(&app).as_deref(),
        Some("0"),
        "a click below the rows selects nothing"
    );
}

#[test]
fn help_is_for_the_mode_it_was_opened_from_and_quit_quits() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    act(&mut app, Action::OpenDetail);
    act(&mut app, Action::ToggleHelp);
    assert!(matches!(app.overlay, Some(Overlay::Help(Mode::Detail))));
    assert_eq!(app.mode(), Mode::Help);
    act(&mut app, Action::Close);
    assert_eq!(app.mode(), Mode::Detail);
    act(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn configured_columns_and_keys_take_effect() {
    let mut settings = settings(&[ProviderId::Guardant]);
    settings.ui.columns = vec![(ProviderId::Guardant, vec!["crmid", "name"])];
    let ctrl_f = keymap::Key::ctrl('f');
    settings.ui.keys = vec![(Mode::Browse, Action::NextPage, vec![ctrl_f])];
    let (app, _) = App::new(&settings);
    let columns: Vec<_> = app.tabs[0].columns.iter().map(|f| f.key).collect();
    assert_eq!(columns, vec!["crmid", "name"]);
    let event = crossterm::event::KeyEvent::new(ctrl_f.code, ctrl_f.modifiers);
    assert_eq!(
        app.keymap.action(Mode::Browse, event),
        Some(Action::NextPage)
    );
}
