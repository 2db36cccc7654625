//! A message that changes nothing on screen asks for no frame (`needs_redraw`), and one that does
//! asks for it. Each claim is checked against the screen itself, drawn before and after.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::providers::rate_limit::{Quota, QuotaLine};

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("a test terminal");
    terminal
        .draw(|frame| crate::ui::draw(frame, app))
        .expect("drawn");
    format!("{:?}", terminal.backend().buffer())
}

/// Feeds `msg`; whether the app asked for a frame, whether the screen changed, and the commands.
fn feed(app: &mut App, msg: Msg) -> (bool, bool, Vec<Command>) {
    let before = screen(app);
    let commands = app.update(msg);
    (app.needs_redraw(), screen(app) != before, commands)
}

fn quota(provider: ProviderId, paced: bool) -> Msg {
    Msg::Worker(WorkerEvent {
        id: RequestId(0),
        provider,
        elapsed: Duration::from_millis(1),
        outcome: Outcome::Quota(Quota {
            lines: vec![QuotaLine {
                label: "reads per minute".into(),
                limit: 200,
                remaining: 150,
                resets_at: None,
            }],
            paced,
            paused_until: None,
            as_of: 0,
        }),
    })
}

fn page_answer(command: &Command, result: Page) -> Msg {
    Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Page(request_of(command), Ok(result)),
    })
}

#[test]
fn a_prefetched_page_draws_nothing_until_it_is_shown() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    let (redraw, changed, follow_up) = feed(
        &mut app,
        page_answer(
            &commands[0],
            with_totals(page(0..2, Some(Cursor::Page(2))), 6, 3),
        ),
    );
    assert!(redraw && changed, "the first page is drawn");
    let prefetch_command = &follow_up[0];
    assert!(app.tabs[0].customers.prefetches(prefetch_command.id));
    let (redraw, changed, _) = feed(
        &mut app,
        page_answer(
            prefetch_command,
            with_totals(page(2..4, Some(Cursor::Page(3))), 6, 3),
        ),
    );
    assert!(!changed, "a prefetched page is not on screen");
    assert!(!redraw, "so it asks for no frame");
    // With the jobs view open, the request's end shows there.
    act(&mut app, Action::ToggleJobs);
    let (redraw, _, _) = feed(&mut app, page_answer(prefetch_command, page(2..4, None)));
    assert!(redraw, "the jobs view lists requests ending");
}

#[test]
fn a_quota_asks_for_a_frame_only_when_the_screen_shows_it() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::DkHardware]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    let dk = ProviderId::DkHardware;
    let (redraw, changed, _) = feed(&mut app, quota(dk, false));
    assert!(
        !changed && !redraw,
        "unpaced figures show only in the status view"
    );
    let (redraw, changed, _) = feed(&mut app, quota(dk, true));
    assert!(changed && redraw, "pacing shows in the status line");
    let (redraw, changed, _) = feed(&mut app, quota(dk, true));
    assert!(!changed && !redraw, "the same pacing again changes nothing");
    act(&mut app, Action::ToggleStatus);
    let (redraw, changed, _) = feed(&mut app, quota(dk, false));
    assert!(changed && redraw, "the status view shows every figure");
}

#[test]
fn keys_and_shown_pages_still_ask_for_a_frame() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    app.update(quota(ProviderId::Ngorder, false));
    assert!(!app.needs_redraw());
    let (redraw, changed, _) = feed(&mut app, Msg::Action(Action::Down));
    assert!(redraw && changed, "the next message is judged afresh");
}

// The mirror: window answers and a sync's progress.

use super::mirror_view::{mirrored, screen_window, windows};
use crate::store::PassKind;
use crate::worker::mirror::{SyncPhase, SyncStatus};
use crate::worker::window::WindowRows;

/// The store's answer to window `command` over `total` customers.
fn window_answer(command: &Command, total: u64) -> Msg {
    let Work::Window { query, .. } = &command.work else {
        panic!("not a window: {command:?}");
    };
    let end = (query.offset + u64::from(query.limit)).min(total);
    let records = (query.offset..end)
        .map(|n| named(n as u32, "Mirrored"))
        .collect();
    Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Window(Ok(WindowRows {
            query: query.clone(),
            total,
            records,
            oldest_ms: Some(9_000),
            elapsed: Duration::from_millis(3),
        })),
    })
}

/// The window fetched ahead of the screen among `commands`.
fn ahead_window(commands: &[Command]) -> Command {
    let found: Vec<_> = windows(commands)
        .into_iter()
        .filter(|(_, _, ahead, _)| *ahead)
        .collect();
    assert_eq!(found.len(), 1, "one window ahead: {commands:?}");
    found[0].0.clone()
}

#[test]
fn a_mirror_window_fetched_ahead_or_stale_draws_nothing_until_its_rows_show() {
    let (mut app, commands) = mirrored();
    // The screen `screen` draws: 16 table rows.
    app.update(Msg::Viewport(100, 20));
    let (first, _, _) = screen_window(&commands);
    let (redraw, changed, follow_up) = feed(&mut app, window_answer(&first, 1000));
    assert!(redraw && changed, "the rows on screen are drawn");
    let ahead = ahead_window(&follow_up);
    let (redraw, changed, _) = feed(&mut app, window_answer(&ahead, 1000));
    assert!(!changed, "the block below the screen is not on it");
    assert!(!redraw, "so it asks for no frame");
    let (redraw, changed, _) = feed(&mut app, window_answer(&first, 1000));
    assert!(
        !changed && !redraw,
        "an answer no longer awaited is dropped unseen"
    );

    // Scrolled onto rows asked ahead before they came: their coming is drawn.
    let mut asked = Vec::new();
    while app.tabs[0].mirror.selected < 200 {
        asked.extend(act(&mut app, Action::NextPage));
    }
    let ahead = ahead_window(&asked);
    assert!(matches!(&ahead.work, Work::Window { query, .. } if query.offset == 200));
    let (redraw, changed, _) = feed(&mut app, window_answer(&ahead, 1000));
    assert!(changed && redraw, "the rows asked ahead are on screen now");
}

fn sync_progress(provider: ProviderId, kind: PassKind, customers: u64) -> Msg {
    Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms: 10_000 + customers as i64,
            mirrored: 0,
            synced_ms: None,
            phase: SyncPhase::Syncing {
                kind,
                customers,
                total: Some(1000),
                requests: customers / 100,
                rate_limited: 0,
                per_second: 100.0,
            },
        }),
    })
}

#[test]
fn a_syncs_progress_asks_for_a_frame_only_when_its_figures_on_screen_change() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Guardant]));
    for command in &commands {
        answer(&mut app, command, Ok(page(0..2, None)));
    }
    let (ngorder, guardant) = (ProviderId::Ngorder, ProviderId::Guardant);
    let (redraw, changed, _) = feed(&mut app, sync_progress(guardant, PassKind::Incremental, 5));
    assert!(redraw && changed, "the other tab's title shows its sync");
    let (redraw, changed, _) = feed(&mut app, sync_progress(guardant, PassKind::Incremental, 9));
    assert!(!changed, "an update's count shows in no title");
    assert!(!redraw, "so it asks for no frame");

    let (redraw, changed, _) = feed(&mut app, sync_progress(ngorder, PassKind::Full, 100));
    assert!(
        redraw && changed,
        "the tab's first pass: 10% in its title and status line"
    );
    let (redraw, changed, _) = feed(&mut app, sync_progress(ngorder, PassKind::Full, 105));
    assert!(!changed && !redraw, "still 10%");
    let (redraw, changed, _) = feed(&mut app, sync_progress(ngorder, PassKind::Full, 200));
    assert!(redraw && changed, "20%");

    act(&mut app, Action::ToggleStatus);
    let (redraw, changed, _) = feed(&mut app, sync_progress(ngorder, PassKind::Full, 201));
    assert!(
        redraw && changed,
        "the status view shows every customer synced"
    );
}
