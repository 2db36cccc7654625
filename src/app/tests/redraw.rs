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
