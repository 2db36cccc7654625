//! The table over the mirror: it takes over after the first sync, scrolls over every row in windows
//! asked of the store (newest wins), sorts, searches as you type, and `L` goes back to live pages.

use super::*;
use crate::app::Source;
use crate::store::{MirrorQuery, SortDirection};
use crate::worker::mirror::{SyncPhase, SyncStatus};
use crate::worker::window::WindowRows;

const TOTAL: u64 = 1000;

fn synced(
    app: &mut App,
    provider: ProviderId,
    phase: SyncPhase,
    synced_ms: Option<i64>,
) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms: 10_000,
            mirrored: TOTAL,
            synced_ms,
            phase,
        }),
    }))
}

/// Ngorder's tab on a 80×24 terminal (20 table rows), its live first page in, then its first sync done.
pub(super) fn mirrored() -> (App, Vec<Command>) {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    app.update(Msg::Viewport(80, 24));
    answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    let commands = synced(&mut app, ProviderId::Ngorder, SyncPhase::Idle, Some(9_000));
    (app, commands)
}

pub(super) fn windows(commands: &[Command]) -> Vec<(&Command, &MirrorQuery, bool, bool)> {
    commands
        .iter()
        .filter_map(|c| match &c.work {
            Work::Window {
                query,
                ahead,
                debounce,
            } => Some((c, query, *ahead, *debounce)),
            _ => None,
        })
        .collect()
}

/// The one window request for the screen (not one fetched ahead).
pub(super) fn screen_window(commands: &[Command]) -> (Command, MirrorQuery, bool) {
    let found: Vec<_> = windows(commands)
        .into_iter()
        .filter(|(_, _, ahead, _)| !ahead)
        .collect();
    assert_eq!(found.len(), 1, "one window for the screen: {commands:?}");
    let (command, query, _, debounce) = found[0];
    (command.clone(), query.clone(), debounce)
}

/// Answer a window as the store would: customers numbered by their place in the order asked.
fn answer_window(app: &mut App, command: &Command, total: u64, name: &str) -> Vec<Command> {
    let Work::Window { query, .. } = &command.work else {
        panic!("not a window: {command:?}");
    };
    let end = (query.offset + u64::from(query.limit)).min(total);
    let records = (query.offset..end)
        .map(|n| Record {
            id: n.to_string(),
            fields: vec![("name".into(), Value::Text(format!("{name} {n}")))],
        })
        .collect();
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Window(Ok(WindowRows {
            query: query.clone(),
            total,
            records,
            oldest_ms: Some(9_000),
            elapsed: Duration::from_millis(4),
        })),
    }))
}

fn mirror_selected(app: &App) -> u64 {
    app.active_tab().unwrap().mirror.selected
}

#[test]
fn the_first_finished_sync_turns_the_table_to_the_mirror_and_g_reaches_the_last_customer() {
    let (mut app, commands) = mirrored();
    assert_eq!(app.tabs[0].source, Source::Mirror);
    let (first, query, debounce) = screen_window(&commands);
    assert_eq!(
        (
            query.provider.as_deref(),
            query.offset,
            query.text.as_deref(),
            debounce
        ),
        (Some("ngorder"), 0, None, false)
    );
    assert!(u64::from(query.limit) >= 20, "a screen at least: {query:?}");
    // The answer brings the total; the next block is fetched ahead.
    let ahead = answer_window(&mut app, &first, TOTAL, "Customer");
    assert!(
        windows(&ahead)
            .iter()
            .any(|(_, q, ahead, _)| *ahead && q.offset == 100)
    );
    assert_eq!(selected_id(&app).as_deref(), Some("0"));

    // G: the last customer of the whole set, read from the store's end.
    let commands = act(&mut app, Action::LastRow);
    let (last, query, _) = screen_window(&commands);
    assert_eq!(query.offset, 900, "the block holding row 999");
    assert_eq!(mirror_selected(&app), 999);
    assert_eq!(
        app.tabs[0].mirror.top, 980,
        "the last row at the bottom of a 20-row screen"
    );
    answer_window(&mut app, &last, TOTAL, "Customer");
    assert_eq!(selected_id(&app).as_deref(), Some("999"));
    act(&mut app, Action::Down);
    assert_eq!(mirror_selected(&app), 999, "nothing below the last");
    // g: back to the first. Blocks far from the screen were let go (memory stays bounded at any
    // size): it is read again.
    let commands = act(&mut app, Action::FirstRow);
    let (first, query, _) = screen_window(&commands);
    assert_eq!((mirror_selected(&app), query.offset), (0, 0));
    answer_window(&mut app, &first, TOTAL, "Customer");
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
}

#[test]
fn j_k_and_pages_move_over_every_row_and_the_screen_follows() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    for _ in 0..25 {
        act(&mut app, Action::Down);
    }
    assert_eq!((mirror_selected(&app), app.tabs[0].mirror.top), (25, 6));
    act(&mut app, Action::Up);
    assert_eq!(mirror_selected(&app), 24);
    // PgDn moves a screen (20 rows) and the screen with it.
    act(&mut app, Action::NextPage);
    assert_eq!((mirror_selected(&app), app.tabs[0].mirror.top), (44, 26));
    for _ in 0..3 {
        act(&mut app, Action::NextPage);
    }
    // Past the first block: the rows on screen are asked for.
    let commands = act(&mut app, Action::NextPage);
    assert_eq!(mirror_selected(&app), 124);
    let asked: Vec<u64> = windows(&commands)
        .iter()
        .map(|(_, q, _, _)| q.offset)
        .collect();
    assert!(
        asked.is_empty() || asked.iter().all(|o| *o >= 100),
        "{asked:?}"
    );
    act(&mut app, Action::PrevPage);
    assert_eq!(mirror_selected(&app), 104);
    for _ in 0..100 {
        act(&mut app, Action::PrevPage);
    }
    assert_eq!((mirror_selected(&app), app.tabs[0].mirror.top), (0, 0));
}

#[test]
fn a_sort_key_asks_for_a_sorted_window_and_older_answers_are_dropped_but_stay_on_screen() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    // '>' before the first answer: the first window's answer is of an older query.
    let commands = act(&mut app, Action::SortNext);
    let (by_name, query, _) = screen_window(&commands);
    let sort = query.sort.clone().expect("a sort");
    assert_eq!(
        (sort.column.as_str(), sort.direction),
        ("name", SortDirection::Ascending),
        "Ngorder's first column"
    );
    answer_window(&mut app, &first, TOTAL, "Unsorted");
    assert_eq!(
        app.tabs[0].mirror.record(0),
        None,
        "the older query's answer is dropped"
    );
    answer_window(&mut app, &by_name, TOTAL, "Sorted");
    assert_eq!(
        app.tabs[0].mirror.record(0).unwrap().text("name"),
        "Sorted 0"
    );

    // R: the other way. Until its answer, the rows on screen stay.
    let commands = act(&mut app, Action::SortReverse);
    let (reversed, query, _) = screen_window(&commands);
    assert_eq!(query.sort.unwrap().direction, SortDirection::Descending);
    assert_eq!(
        app.tabs[0].mirror.record(0).unwrap().text("name"),
        "Sorted 0"
    );
    answer_window(&mut app, &reversed, TOTAL, "Reversed");
    assert_eq!(
        app.tabs[0].mirror.record(0).unwrap().text("name"),
        "Reversed 0"
    );
    // '<' goes back to the id order.
    let commands = act(&mut app, Action::SortPrev);
    assert_eq!(screen_window(&commands).1.sort, None);
}

#[test]
fn typing_a_search_over_the_mirror_asks_the_store_debounced_and_esc_drops_it() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    act(&mut app, Action::StartFilter);
    let commands = {
        let mut all = Vec::new();
        for c in "bud".chars() {
            let key = crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            );
            all = app.update(Msg::Key(key));
        }
        all
    };
    let (search, query, debounce) = screen_window(&commands);
    assert_eq!(
        (query.text.as_deref(), query.offset, debounce),
        (Some("bud"), 0, true)
    );
    answer_window(&mut app, &search, 37, "Budi");
    assert_eq!(app.tabs[0].mirror.total, Some(37));
    act(&mut app, Action::ConfirmFilter);
    let commands = act(&mut app, Action::Back);
    let (_, query, debounce) = screen_window(&commands);
    assert_eq!(
        (query.text, debounce),
        (None, false),
        "every customer again"
    );
}

#[test]
fn l_switches_between_mirror_and_live_and_the_provider_search_goes_live() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    let commands = act(&mut app, Action::ToggleSource);
    assert_eq!(app.tabs[0].source, Source::Live);
    assert!(
        commands.is_empty(),
        "the live page is in hand: {commands:?}"
    );
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
    act(&mut app, Action::ToggleSource);
    assert_eq!(app.tabs[0].source, Source::Mirror);
    // A finished pass later does not switch a tab the user set; Ngorder's provider search does.
    act(&mut app, Action::ToggleSource);
    synced(&mut app, ProviderId::Ngorder, SyncPhase::Idle, Some(20_000));
    assert_eq!(app.tabs[0].source, Source::Live, "the user chose live");
    act(&mut app, Action::ToggleSource);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "budi");
    let commands = act(&mut app, Action::ServerSearch);
    assert_eq!(app.tabs[0].source, Source::Live);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c.work, Work::FetchPage { .. }))
    );
}

#[test]
fn before_the_first_sync_the_table_stays_live_and_l_says_why() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    let syncing = SyncPhase::Syncing {
        kind: crate::store::PassKind::Full,
        customers: 400,
        total: Some(TOTAL),
        requests: 4,
        rate_limited: 0,
        per_second: 100.0,
    };
    let commands = synced(&mut app, ProviderId::Ngorder, syncing, None);
    assert!(windows(&commands).is_empty());
    assert_eq!(app.tabs[0].source, Source::Live);
    assert!(act(&mut app, Action::ToggleSource).is_empty());
    assert_eq!(app.tabs[0].source, Source::Live);
    assert!(
        app.notice.as_ref().unwrap().text.contains("not ready"),
        "{:?}",
        app.notice
    );
    act(&mut app, Action::SortNext);
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("sorting needs the mirror")
    );
}

#[test]
fn offline_nothing_is_fetched_live_and_the_mirror_of_a_previous_run_browses() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder]));
    app.go_offline();
    assert!(!app.is_busy(), "no live page is awaited");
    let said = app.tabs[0].customers.error.as_ref().unwrap().to_string();
    assert!(
        said.contains("offline"),
        "in place of rows, until the mirror shows: {said}"
    );
    // Even an interrupted first pass's customers browse, offline.
    let commands = synced(&mut app, ProviderId::Ngorder, SyncPhase::Offline, None);
    assert_eq!(app.tabs[0].source, Source::Mirror);
    assert!(
        !app.tabs[0].has_error(),
        "no '!' on a tab that browses its mirror"
    );
    assert_eq!(screen_window(&commands).1.offset, 0);
    assert!(act(&mut app, Action::ToggleSource).is_empty());
    assert_eq!(app.tabs[0].source, Source::Mirror, "no live pages offline");
    assert!(app.notice.as_ref().unwrap().text.contains("offline"));
}

#[test]
fn a_record_action_on_a_mirrored_row_shows_at_once_and_the_mirror_is_read_again() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    app.update(Msg::Viewport(80, 24));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    let commands = synced(&mut app, ProviderId::Guardant, SyncPhase::Idle, Some(9_000));
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    act(&mut app, Action::Down);
    act(&mut app, Action::OpenActions);
    let Some(Overlay::Actions(menu)) = &app.overlay else {
        panic!("Guardant's actions menu: {:?}", app.notice);
    };
    assert_eq!(menu.record.id, "1", "the mirrored row selected");
    let commands = act(&mut app, Action::Choose);
    let commands = if commands.is_empty() {
        act(&mut app, Action::Yes)
    } else {
        commands
    };
    let act_command = commands
        .iter()
        .find(|c| matches!(c.work, Work::Act { .. }))
        .expect("the action is sent")
        .clone();
    let follow = app.update(Msg::Worker(WorkerEvent {
        id: act_command.id,
        provider: act_command.provider,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Acted(Ok(None)),
    }));
    let (_, query, _) = screen_window(&follow);
    assert_eq!(query.offset, 0, "the rows on screen are read again");
    assert_eq!(mirror_selected(&app), 1, "the selection stays");
}

#[test]
fn the_table_does_not_turn_to_the_mirror_under_a_user_busy_with_live_pages() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let next = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    // The filter panel open when the sync finishes: live stays, until it is closed.
    act(&mut app, Action::OpenFilters);
    let commands = synced(&mut app, ProviderId::Ngorder, SyncPhase::Idle, Some(9_000));
    assert!(windows(&commands).is_empty());
    assert_eq!(app.tabs[0].source, Source::Live);
    let commands = act(&mut app, Action::Close);
    assert_eq!(app.tabs[0].source, Source::Mirror, "a quiet moment");
    assert_eq!(screen_window(&commands).1.offset, 0);

    // Paged on in the live list: it stays live.
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    drop(next);
    act(&mut app, Action::NextPage);
    answer(&mut app, &prefetch[0], Ok(page(2..4, None)));
    assert_eq!(app.tabs[0].customers.page_index(), 1);
    synced(&mut app, ProviderId::Ngorder, SyncPhase::Idle, Some(9_000));
    act(&mut app, Action::Down);
    assert_eq!(app.tabs[0].source, Source::Live);
}

#[test]
fn a_click_selects_the_row_under_it_wherever_the_screen_is_scrolled() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    for _ in 0..30 {
        act(&mut app, Action::Down);
    }
    // Rows 11–30 are on the 20-row screen: the third one down is row 13.
    assert_eq!(app.tabs[0].mirror.first_on_screen(20), 11);
    act(&mut app, Action::SelectRow(2));
    assert_eq!(mirror_selected(&app), 13);
    act(&mut app, Action::SelectRow(400));
    assert_eq!(mirror_selected(&app), 13, "off the screen: nothing");
}

#[test]
fn g_pressed_before_the_first_window_arrives_goes_to_the_end_when_it_does() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    assert!(
        act(&mut app, Action::LastRow)
            .iter()
            .all(|c| !matches!(c.work, Work::Window { ahead: false, .. }))
    );
    let follow = answer_window(&mut app, &first, TOTAL, "Customer");
    assert_eq!(
        mirror_selected(&app),
        999,
        "the end, once the total is known"
    );
    let (_, query, _) = screen_window(&follow);
    assert_eq!(query.offset, 900, "and its rows are asked for");
}

#[test]
fn esc_after_a_search_that_found_nobody_shows_every_customer_again() {
    let (mut app, commands) = mirrored();
    let (first, _, _) = screen_window(&commands);
    answer_window(&mut app, &first, TOTAL, "Customer");
    act(&mut app, Action::StartFilter);
    let mut commands = Vec::new();
    for c in "zzq".chars() {
        commands = app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    let (search, _, _) = screen_window(&commands);
    answer_window(&mut app, &search, 0, "Nobody");
    assert_eq!(app.tabs[0].mirror.total, Some(0));
    // The count of nobody belonged to the search: dropping it asks for every customer again.
    let commands = act(&mut app, Action::Back);
    let (every, query, _) = screen_window(&commands);
    assert_eq!(query.text, None);
    answer_window(&mut app, &every, TOTAL, "Customer");
    assert_eq!(app.tabs[0].mirror.total, Some(TOTAL));
    assert!(app.tabs[0].mirror.selected_record().is_some());
}
