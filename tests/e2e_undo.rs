//! End-to-end on `--demo`: after a toggle, the status line counts the undo window down and `u` sends
//! the inverse.

mod common;

use std::time::Duration;

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The seconds left in "u undoes … · N s", if the status line shows it.
fn seconds_left(screen: &str) -> Option<u32> {
    let line = screen.lines().find(|l| l.contains("u undoes"))?;
    let after = line.rsplit(" · ").next()?;
    after.trim().strip_suffix('s')?.trim().parse().ok()
}

/// The Reportei tab once it browses its mirror, rows on screen. The sync of 300 is quick, and the
/// table switches from live pages to the mirror as soon as it ends: waiting for the switch keeps it
/// from coming between reading a row and acting on it.
fn on_reportei_mirror(app: &mut Session) -> String {
    app.wait_for("Reportei's mirror with its rows", START, |s| {
        s.contains("Reportei Connect customers")
            && s.lines()
                .last()
                .is_some_and(|l| l.contains("mirror · 300 customers"))
            && s.lines()
                .skip_while(|l| !l.contains("Paying"))
                .nth(1)
                .is_some_and(|l| !l.trim().is_empty())
    })
}

#[test]
fn u_within_the_window_sends_the_inverse_and_the_window_counts_down() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("5");
    let table = on_reportei_mirror(&mut app);
    // The first customer not paying yet: j down to it.
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.contains("Paying"))
        .skip(1)
        .collect();
    let row = rows
        .iter()
        .position(|l| l.split_whitespace().any(|w| w == "no"))
        .expect("a customer not paying on the first page");
    app.send(&"j".repeat(row));
    app.send("a");
    app.wait_for_text("Mark as paying", STEP);
    app.send("\r");
    let first = app.wait_for("the undo window", STEP, |s| {
        s.contains("u undoes Mark as paying")
    });
    let before = seconds_left(&first).expect("seconds in the status line");
    let later = app.wait_for("the window counting down", STEP, |s| {
        seconds_left(s).is_some_and(|left| left < before)
    });
    assert!(seconds_left(&later).unwrap() >= 1, "{later}");
    app.send("u");
    // The inverse was carried out: its own undo window opens.
    app.wait_for_text("u undoes Mark as not paying", STEP);
    app.send("q");
}

#[test]
fn after_the_window_u_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("5");
    on_reportei_mirror(&mut app);
    app.send("a");
    app.wait_for_text("Mark as", STEP);
    app.send("\r");
    // "Mark as not paying" asks first.
    let screen = app.wait_for("the undo window or a question", STEP, |s| {
        s.contains("u undoes") || s.contains("Are you sure?")
    });
    if screen.contains("Are you sure?") {
        app.send("y");
        app.wait_for_text("u undoes", STEP);
    }
    app.wait_for("the window closed", Duration::from_secs(12), |s| {
        !s.contains("u undoes")
    });
    app.send("u");
    app.wait_for_text("nothing to undo", STEP);
    app.send("q");
}
