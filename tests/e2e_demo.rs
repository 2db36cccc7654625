//! End-to-end: the real binary in a pseudo-terminal, on the embedded sandbox (`--demo`).

mod common;

use std::time::Duration;

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn demo_shows_rows_switches_tabs_opens_help_and_quits_cleanly() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 100, 30);

    // Ngorder's fixed first customer, from the sandbox, through the real client.
    app.wait_for_text("Budi Santoso", START);
    assert!(!app.terminal_is_cooked(), "the app runs in raw mode");

    for (key, title, row) in [
        ("2", "CycleSoftware customers", "Wijgergangs"),
        ("3", "Guardant Station customers", "@example.ru"),
        ("4", "DK Hardware customers", "-555-0"),
        // Its "Paying" column: the rows show in any order (live, or the mirror's once it is synced).
        ("5", "Reportei Connect customers", " yes "),
    ] {
        app.send(key);
        app.wait_for(&format!("{title} with {row}"), STEP, |s| {
            s.contains(title) && s.contains(row)
        });
    }
    // Tab and Shift-Tab move between providers too.
    app.send("\t");
    app.wait_for_text("Ngorder customers", STEP);
    app.send("\x1b[Z");
    app.wait_for_text("Reportei Connect customers", STEP);

    app.send("?");
    app.wait_for_text("Keys", STEP);
    app.wait_for_text("next page", STEP);
    app.send("\x1b");
    app.wait_for("help closed", STEP, |s| !s.contains("next page"));

    app.send("q");
    let status = app.wait_exit(STEP);
    assert!(status.success(), "exit status {status:?}");
    assert!(app.terminal_is_cooked(), "raw mode left on after quit");
    assert_eq!(
        app.screen_state(),
        (false, false),
        "alternate screen left or cursor hidden"
    );
}

#[test]
fn a_panic_leaves_the_terminal_usable_and_says_where_the_log_is() {
    let dir = data_dir();
    let mut app = Session::start(
        &["--demo", "--customers", "50", "--panic-after-first-draw"],
        dir.path(),
        100,
        30,
    );
    let status = app.wait_exit(START);
    assert!(!status.success());
    assert!(app.terminal_is_cooked(), "raw mode left on after a panic");
    assert_eq!(
        app.screen_state(),
        (false, false),
        "alternate screen left or cursor hidden"
    );
    let output = app.raw_output();
    assert!(
        output.contains("deliberate panic"),
        "panic message shown: {output}"
    );
    assert!(
        output.contains("clientele.log"),
        "points at the log: {output}"
    );
    let log = std::fs::read_to_string(dir.path().join("demo").join("clientele.log")).unwrap();
    assert!(log.contains("deliberate panic"), "panic logged");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "50"], dir.path(), 80, 24);
    app.wait_for_text("Budi Santoso", START);
    app.send("\x03");
    let status = app.wait_exit(STEP);
    assert!(status.success());
    assert!(app.terminal_is_cooked());
    assert_eq!(app.screen_state(), (false, false));
}

#[test]
fn a_bad_config_is_one_clear_line() {
    let dir = data_dir();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[providers.ngorder]\npage_size = \"fifty\"\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
        .arg("--config")
        .arg(&config)
        .env("CLIENTELE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(lines[0].contains("bad.toml"), "{stderr}");
    assert!(lines[0].contains("providers.ngorder.page_size"), "{stderr}");
    assert!(lines[0].contains("invalid type"), "{stderr}");
}

/// `clientele` with its files in `dir` and standard output a pipe (not a terminal).
fn run_piped(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(args)
        .env("CLIENTELE_DATA_DIR", dir)
        .env("CLIENTELE_CONFIG", dir.join("no-config.toml"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A failure the user can fix is one line on standard error, not a report with source locations.
fn one_line(output: &std::process::Output) -> String {
    assert!(!output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(!stderr.contains("Location"), "{stderr}");
    lines[0].to_string()
}

#[test]
fn without_a_terminal_the_app_says_so_in_one_line() {
    let dir = data_dir();
    let output = run_piped(dir.path(), &["--demo", "--customers", "10"]);
    let line = one_line(&output);
    assert!(
        line.starts_with("clientele: cannot set up the terminal"),
        "{line}"
    );
    assert!(line.contains("not a terminal"), "{line}");
}

#[test]
fn the_sandbox_on_a_port_in_use_says_so_in_one_line() {
    let dir = data_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run_piped(
        dir.path(),
        &["--customers", "10", "sandbox", "--port", &port],
    );
    let line = one_line(&output);
    assert!(
        line.starts_with(&format!(
            "clientele: cannot start the sandbox on port {port}"
        )),
        "{line}"
    );
    assert!(line.contains("--port 0"), "{line}");
}

#[test]
fn the_example_config_names_only_flags_and_commands_that_exist() {
    let dir = data_dir();
    let help = String::from_utf8(run_piped(dir.path(), &["--help"]).stdout).unwrap();
    let example = include_str!("../config/clientele.example.toml");
    let flags: Vec<&str> = example
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .collect();
    assert!(flags.contains(&"--read-only"), "{flags:?}");
    for flag in flags {
        assert!(
            help.contains(flag),
            "{flag} is not a flag of clientele:\n{help}"
        );
    }
    for command in example.split("`clientele ").skip(1) {
        let word = command.split([' ', '`']).next().unwrap_or_default();
        if !word.starts_with('-') {
            assert!(
                help.lines().any(|l| l.trim_start().starts_with(word)),
                "`clientele {word}` is not a command:\n{help}"
            );
        }
    }
}
