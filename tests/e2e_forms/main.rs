//! End-to-end forms and actions: the real binary in a pseudo-terminal, on the embedded sandbox
//! (`--demo`). Create, edit, a one-key action and a confirmed delete at Reportei, each checked against
//! what the provider then lists; a form that refuses bad input and keeps it; read-only mode.

#[path = "../common/mod.rs"]
mod common;
mod input;
mod read_only;
mod reportei;
mod shared;

use std::time::Duration;

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The table's selected row and the form's focused field (the dark theme's blue, ANSI colour 4).
const SELECTED: vt100::Color = vt100::Color::Idx(4);

const CTRL_S: &str = "\x13";

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// The table's rows on screen: the lines between the column header (`Name … <column>`) and the
/// status line, trimmed, blank ones left out.
fn table_rows(screen: &str, column: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(header) = lines
        .iter()
        .position(|l| l.starts_with("Name ") && l.contains(column))
    else {
        return Vec::new();
    };
    lines[header + 1..lines.len().saturating_sub(1)]
        .iter()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The Paying column of the Reportei row whose name is exactly `name`: the first word after it.
fn paying_of(screen: &str, name: &str) -> Option<String> {
    table_rows(screen, "Paying").iter().find_map(|row| {
        let rest = row.strip_prefix(name)?;
        // "Agência E2E Teste 2" must not match "… Teste": what follows the name is the Paying
        // column (the name column is only as wide as the longest name, so one space may part them).
        let paying = rest.strip_prefix(' ')?.split_whitespace().next()?;
        matches!(paying, "yes" | "no").then(|| paying.to_string())
    })
}

/// How many Reportei list calls the jobs view shows as done.
fn reportei_lists_done(app: &mut Session) -> usize {
    app.send("J");
    let screen = app.wait_for_text("Jobs", STEP);
    let count = screen
        .lines()
        .filter(|l| l.contains(" Reportei ") && l.contains("list") && l.contains("done"))
        .count();
    app.press_esc();
    app.wait_for("jobs closed", STEP, |s| !s.contains(" Jobs · "));
    count
}

/// The form's line for the field labelled `label`.
fn field_line<'s>(screen: &'s str, label: &str) -> Option<&'s str> {
    screen
        .lines()
        .find(|l| l.trim_start_matches(['▶', ' ']).starts_with(label))
}

/// Open help, return its screen, close it.
fn help_screen(app: &mut Session) -> String {
    app.send("?");
    let screen = app.wait_for("help", STEP, |s| {
        s.contains("Keys · browse") && s.contains("next page")
    });
    app.press_esc();
    app.wait_for("help closed", STEP, |s| !s.contains("Keys · browse"));
    screen
}
