//! End-to-end: the terminal itself. Signals from outside end the app with the terminal restored, and
//! a large paste is one edit that leaves the keys answering at once.

mod common;

use std::time::{Duration, Instant};

use common::Session;
use nix::sys::signal::Signal;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// What undoes each terminal mode the app turns on (crossterm writes these on the way out).
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const MOUSE_CAPTURE_OFF: &str = "\x1b[?1000l";
const BRACKETED_PASTE_ON: &str = "\x1b[?2004h";
const BRACKETED_PASTE_OFF: &str = "\x1b[?2004l";

/// `kill -<signal> <pid>` from another terminal: the app exits with 128 + the signal's number and
/// leaves the terminal as it found it (cooked mode, main screen, cursor shown, mouse and bracketed
/// paste off).
fn a_signal_from_outside_restores_the_terminal(signal: Signal, exit_code: u32) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 100, 30);
    app.wait_for_text("Budi Santoso", START);
    assert!(!app.terminal_is_cooked(), "the app runs in raw mode");

    app.signal(signal);
    let status = app.wait_exit(STEP);
    assert!(app.terminal_is_cooked(), "{signal}: raw mode left on");
    assert_eq!(
        app.screen_state(),
        (false, false),
        "{signal}: alternate screen left or cursor hidden"
    );
    let output = app.raw_output();
    for (sequence, what) in [
        (LEAVE_ALTERNATE_SCREEN, "alternate screen"),
        (MOUSE_CAPTURE_OFF, "mouse capture"),
        (BRACKETED_PASTE_OFF, "bracketed paste"),
    ] {
        assert!(output.contains(sequence), "{signal}: {what} left on");
    }
    assert_eq!(
        status.exit_code(),
        exit_code,
        "{signal}: exit status {status:?}"
    );
}

#[test]
fn sigint_from_outside_restores_the_terminal() {
    a_signal_from_outside_restores_the_terminal(Signal::SIGINT, 130);
}

#[test]
fn sigquit_from_outside_restores_the_terminal() {
    a_signal_from_outside_restores_the_terminal(Signal::SIGQUIT, 131);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_too() {
    a_signal_from_outside_restores_the_terminal(Signal::SIGTERM, 143);
    a_signal_from_outside_restores_the_terminal(Signal::SIGHUP, 129);
}

/// Everything in the demo's drafts (`--demo` keeps its files under `demo/`), read as text.
fn drafts_text(dir: &std::path::Path) -> String {
    std::fs::read_dir(dir.join("demo").join("drafts"))
        .map(|entries| {
            entries
                .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_4kb_paste_is_taken_whole_and_keys_answer_at_once_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    assert!(
        app.raw_output().contains(BRACKETED_PASTE_ON),
        "bracketed paste is asked of the terminal"
    );
    app.send("3");
    app.wait_for_text("Guardant Station customers", STEP);
    app.send("c");
    app.wait_for_text("New Guardant Station customer", STEP);

    // 4 KB over many lines, as a terminal sends a paste when bracketed paste is on.
    let mut pasted = String::new();
    let mut line = 0;
    while pasted.len() < 4096 {
        pasted.push_str(&format!("Jalan Raya Kuta {line}, Denpasar Selatan, Bali\n"));
        line += 1;
    }
    pasted.push_str("END-OF-PASTE");
    let started = Instant::now();
    app.send(&format!("\x1b[200~{pasted}\x1b[201~"));
    // The field shows the paste's end (where typing goes on), all of it on one line.
    app.wait_for_text("END-OF-PASTE", Duration::from_secs(5));
    let shown_after = started.elapsed();

    // All of it was taken, line breaks as spaces, and kept as a draft within the draft tick.
    let whole = pasted.replace('\n', " ");
    let deadline = Instant::now() + Duration::from_secs(3);
    while !drafts_text(dir.path()).contains(&whole) {
        assert!(
            Instant::now() < deadline,
            "the whole paste is kept as a draft: {}",
            drafts_text(dir.path())
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // Esc answers at once: the form asks before dropping what was pasted.
    let esc = Instant::now();
    app.send("\x1b");
    app.wait_for_text("Discard the changes", Duration::from_secs(2));
    let esc_answered = esc.elapsed();

    // And Ctrl-C quits at once, from the question too, restoring the terminal.
    let ctrl_c = Instant::now();
    app.send("\x03");
    let status = app.wait_exit(Duration::from_secs(2));
    let quit_after = ctrl_c.elapsed();
    assert!(status.success(), "exit status {status:?}");
    assert!(app.terminal_is_cooked());
    assert!(app.raw_output().contains(BRACKETED_PASTE_OFF));
    eprintln!(
        "4 KB paste shown after {shown_after:?}; Esc answered after {esc_answered:?}; \
         Ctrl-C quit after {quit_after:?}"
    );
    assert!(
        shown_after < Duration::from_secs(2),
        "paste shown after {shown_after:?}"
    );
    // The draft is kept for the next start: quitting is not discarding.
    assert!(drafts_text(dir.path()).contains(&whole));
}

/// Where bracketed paste is unavailable a paste arrives as keys. 4 KB of them are all taken (the input
/// used to stop after the first 1 KB until another key came) and Ctrl-C right after them answers.
#[test]
fn four_kb_of_keys_are_all_taken_and_ctrl_c_after_them_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("3");
    app.wait_for_text("Guardant Station customers", STEP);
    app.send("c");
    app.wait_for_text("New Guardant Station customer", STEP);
    let mut keys = String::new();
    let mut number = 0;
    while keys.len() < 4096 {
        keys.push_str(&format!("Jalan Raya Kuta {number} Denpasar "));
        number += 1;
    }
    keys.push_str("END-OF-KEYS");
    let started = Instant::now();
    app.send(&keys);
    app.wait_for_text("END-OF-KEYS", Duration::from_secs(20));
    let shown_after = started.elapsed();
    app.send("\x03");
    let status = app.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert!(app.terminal_is_cooked());
    eprintln!("4 KB typed as keys shown after {shown_after:?}");
}
