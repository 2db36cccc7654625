//! End-to-end: the TUI keeps the mirror in sync in the background. The real binary in a pty, on the
//! demo sandbox with Ngorder's budget cut so the first pass takes a few seconds.

mod common;

use std::time::{Duration, Instant};

use common::Session;

const START: Duration = Duration::from_secs(30);
const SELECTED: vt100::Color = vt100::Color::Idx(4);
/// A key's effect must be on screen within this: one frame plus a loaded machine's scheduling, far
/// below the half second a sync page waits for the budget here.
const ONE_FRAME: Duration = Duration::from_millis(250);

fn first_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

/// Ngorder's tab title: from its number to the next tab's.
fn ngorder_title(screen: &str) -> String {
    let line = first_line(screen);
    let start = line.find("1 Ngorder").unwrap_or(line.len());
    let rest = &line[start..];
    rest[..rest.find(" 2 ").unwrap_or(rest.len())].to_string()
}

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

#[test]
fn sync_progress_shows_in_the_tab_then_the_count_and_keys_stay_within_a_frame() {
    let dir = tempfile::tempdir().unwrap();
    // 1,000 customers in pages of 100 at 2 requests a second: the pass takes about five seconds.
    let mut app = Session::start(
        &[
            "--demo",
            "--customers",
            "1000",
            "--rate-limit",
            "ngorder=2/1s",
        ],
        dir.path(),
        100,
        30,
    );
    let screen = app.wait_for("sync progress in Ngorder's tab title", START, |s| {
        ngorder_title(s).contains('↻')
            && ngorder_title(s).contains('%')
            && s.contains("Budi Santoso")
    });
    assert!(
        last_line(&screen).contains("live · page 1 of 20")
            && last_line(&screen).contains("mirror: syncing"),
        "the status line says the rows are live and the mirror is syncing:\n{screen}"
    );

    // Keys while the sync pages: the selection moves within a frame, every time.
    let mut slowest = Duration::ZERO;
    for _ in 0..3 {
        let before = app.rows_with_background(SELECTED);
        let sent = Instant::now();
        app.send("j");
        while app.rows_with_background(SELECTED) == before {
            assert!(
                sent.elapsed() < ONE_FRAME,
                "j took over {ONE_FRAME:?} while syncing:\n{}",
                app.contents()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        slowest = slowest.max(sent.elapsed());
        let screen = app.contents();
        assert!(
            ngorder_title(&screen).contains('↻'),
            "the sync was still paging when j moved:\n{screen}"
        );
    }

    eprintln!("j answered within {slowest:?} while syncing");
    // Synced: the table browses the mirror now, and says so.
    let screen = app.wait_for("the synced count", START, |s| {
        last_line(s).contains("mirror · 1,000 customers · synced just now")
    });
    assert!(
        !ngorder_title(&screen).contains('↻'),
        "the title's progress is gone once synced:\n{screen}"
    );
    app.send("S");
    let screen = app.wait_for_text(
        "Mirror (kept in sync in the background)",
        Duration::from_secs(5),
    );
    assert!(
        screen.contains("Ngorder           1,000 customers · synced just now"),
        "{screen}"
    );
    app.press_esc();
    app.wait_for("the status view closed", Duration::from_secs(5), |s| {
        !s.contains("Mirror (kept")
    });
    app.send("q");
    let status = app.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "exit status {status:?}");
}
