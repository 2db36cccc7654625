use std::time::Duration;

use super::*;
use crate::config::{Credentials, ProviderSettings, Secret};
use crate::domain::{
    ApiError, Cursor, ErrorKind, Page, PageRequest, ProviderId, Record, Totals, Value,
};

pub fn settings(providers: &[ProviderId]) -> Settings {
    Settings {
        providers: providers
            .iter()
            .map(|&id| ProviderSettings {
                id,
                base_url: "http://127.0.0.1:9".into(),
                credentials: Ok(Credentials::Bearer {
                    token: Secret::new("t"),
                }),
                connect_timeout: Duration::from_secs(1),
                timeout: Duration::from_secs(1),
                page_size: 2,
            })
            .collect(),
        origin: "test".into(),
    }
}

fn record(id: u32) -> Record {
    Record {
        id: id.to_string(),
        fields: vec![("name".into(), Value::Text(format!("Customer {id}")))],
    }
}

fn page(ids: std::ops::Range<u32>, next: Option<Cursor>) -> Page {
    Page {
        records: ids.map(record).collect(),
        next,
        totals: None,
    }
}

/// Answer `command` with `result`, as the worker would.
fn answer(app: &mut App, command: &Command, result: Result<Page, ApiError>) {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        outcome: Outcome::Page(request_of(command), result),
    }));
}

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

fn request_of(command: &Command) -> PageRequest {
    match &command.work {
        Work::FetchPage(request) => *request,
        other => panic!("not a page fetch: {other:?}"),
    }
}

#[test]
fn start_fetches_every_tabs_first_page_in_its_own_paging_style() {
    let (app, commands) = App::new(&settings(&ProviderId::ALL));
    assert_eq!(app.tabs.len(), 5);
    let cursors: Vec<_> = commands.iter().map(|c| request_of(c).cursor).collect();
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
}

#[test]
fn a_tab_without_credentials_sends_nothing_and_says_why() {
    let mut settings = settings(&[ProviderId::Ngorder, ProviderId::Reportei]);
    settings.providers[1].credentials =
        Err("environment variable REPORTEI_TOKEN is not set".into());
    let (app, commands) = App::new(&settings);
    assert_eq!(commands.len(), 1);
    assert!(
        app.tabs[1]
            .unavailable
            .as_deref()
            .unwrap()
            .contains("REPORTEI_TOKEN")
    );
}

#[test]
fn paging_follows_the_cursor_the_provider_gave() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::CycleSoftware]));
    answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Offset(731)))),
    );
    let next = act(&mut app, Action::NextPage);
    assert_eq!(request_of(&next[0]).cursor, Cursor::Offset(731));
    answer(&mut app, &next[0], Ok(page(2..4, None)));
    assert_eq!(app.tabs[0].page_index(), 1);
    assert!(
        act(&mut app, Action::NextPage).is_empty(),
        "no next page after the last"
    );
    let back = act(&mut app, Action::PrevPage);
    assert_eq!(request_of(&back[0]).cursor, Cursor::Offset(0));
}

#[test]
fn no_previous_page_before_the_first() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    assert!(act(&mut app, Action::PrevPage).is_empty());
}

#[test]
fn a_stale_answer_is_ignored_and_the_newest_request_wins() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    let refresh = act(&mut app, Action::Refresh);
    // The answer to the first (replaced) request arrives late.
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    assert!(app.tabs[0].page().is_none(), "stale page must not be shown");
    assert!(app.tabs[0].is_loading());
    answer(&mut app, &refresh[0], Ok(page(0..2, None)));
    assert_eq!(app.tabs[0].page().unwrap().records[0].id, "0");
    assert!(!app.is_busy());
}

#[test]
fn an_error_keeps_the_rows_on_screen_and_refresh_retries() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    let next = act(&mut app, Action::NextPage);
    answer(
        &mut app,
        &next[0],
        Err(ApiError::new(ErrorKind::Server, "boom").with_status(503)),
    );
    let tab = &app.tabs[0];
    assert_eq!(tab.error.as_ref().unwrap().kind, ErrorKind::Server);
    assert_eq!(tab.page_index(), 0);
    assert_eq!(tab.row_count(), 2);
    let retry = act(&mut app, Action::Refresh);
    assert_eq!(retry.len(), 1);
    answer(&mut app, &retry[0], Ok(page(0..2, Some(Cursor::Page(2)))));
    assert!(app.tabs[0].error.is_none());
}

#[test]
fn switching_tabs_keeps_each_tabs_selection_and_page() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Guardant]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    answer(&mut app, &commands[1], Ok(page(10..12, None)));
    act(&mut app, Action::Down);
    act(&mut app, Action::NextTab);
    assert_eq!(app.active, 1);
    assert_eq!(app.tabs[1].selected, 0);
    act(&mut app, Action::NextTab);
    assert_eq!(app.active, 0, "tabs wrap around");
    assert_eq!(app.tabs[0].selected, 1);
    act(&mut app, Action::PrevTab);
    assert_eq!(app.active, 1);
    act(&mut app, Action::SelectTab(4));
    assert_eq!(app.active, 1, "no such tab: nothing changes");
}

#[test]
fn selection_stays_within_the_rows() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    act(&mut app, Action::Down);
    assert_eq!(app.tabs[0].selected, 0, "no rows yet");
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    for _ in 0..5 {
        act(&mut app, Action::Down);
    }
    assert_eq!(app.tabs[0].selected, 1);
    act(&mut app, Action::FirstRow);
    assert_eq!(app.tabs[0].selected, 0);
    act(&mut app, Action::LastRow);
    assert_eq!(app.tabs[0].selected, 1);
}

#[test]
fn totals_are_kept_for_the_status_line() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let mut first = page(0..2, Some(Cursor::Page(2)));
    first.totals = Some(Totals {
        records: 4912,
        pages: 50,
    });
    answer(&mut app, &commands[0], Ok(first));
    assert_eq!(app.tabs[0].page().unwrap().totals.unwrap().records, 4912);
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder]));
    act(&mut app, Action::ToggleHelp);
    assert_eq!(app.mode, Mode::Help);
    act(&mut app, Action::Close);
    assert_eq!(app.mode, Mode::Browse);
    act(&mut app, Action::Quit);
    assert!(app.should_quit);
}
