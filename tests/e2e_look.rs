//! End-to-end: what the screen looks like and what reaches the terminal besides text — colours (and
//! none under NO_COLOR), the clipboard escape of a copy, the text cursor.

mod common;

use std::time::Duration;

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The parameter lists of every SGR escape (`ESC [ … m`) in `raw`.
fn sgr_params(raw: &[u8]) -> Vec<Vec<u16>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] == 0x1b && raw[i + 1] == b'[' {
            let start = i + 2;
            let mut end = start;
            while end < raw.len() && !(0x40..=0x7e).contains(&raw[end]) {
                end += 1;
            }
            if end < raw.len() && raw[end] == b'm' {
                let params = String::from_utf8_lossy(&raw[start..end]);
                found.push(
                    params
                        .split([';', ':'])
                        .map(|p| p.parse().unwrap_or(0))
                        .collect(),
                );
            }
            i = end;
        }
        i += 1;
    }
    found
}

/// SGR codes that set a colour: 30–38 and 40–48 (38/48 start 256-colour and RGB), 90–97, 100–107.
/// 39 and 49 (the terminal's default colours) and 0 (reset) are not colours.
fn sets_a_colour(params: &[u16]) -> bool {
    let mut i = 0;
    while i < params.len() {
        match params[i] {
            30..=38 | 40..=48 | 90..=97 | 100..=107 => return true,
            _ => i += 1,
        }
    }
    false
}

/// Browse, open help, jobs and the actions menu: every kind of emphasis the app has is drawn once.
fn tour(app: &mut Session) {
    app.wait_for_text("Budi Santoso", START);
    app.send("j");
    app.send("?");
    app.wait_for_text("Keys · browse", STEP);
    app.press_esc();
    app.send("J");
    app.wait_for_text("Jobs", STEP);
    app.press_esc();
    app.send("a");
    app.wait_for_text("Enter runs", STEP);
    app.press_esc();
}

#[test]
fn no_color_draws_without_a_single_colour_and_the_selection_in_reverse_video() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start_with_env(
        &["--demo", "--customers", "30"],
        &[("NO_COLOR", "1")],
        dir.path(),
        100,
        30,
    );
    tour(&mut app);
    let reversed = app.rows_in_reverse_video();
    assert!(
        reversed
            .iter()
            .any(|row| row.contains("Jalan") || row.contains('@')),
        "the selected row is in reverse video: {reversed:?}"
    );
    app.send("q");
    assert!(app.wait_exit(STEP).success());
    let raw = app.raw.lock().unwrap().clone();
    let sgrs = sgr_params(&raw);
    assert!(!sgrs.is_empty(), "the app styles text (bold, reverse)");
    let coloured: Vec<_> = sgrs.iter().filter(|p| sets_a_colour(p)).collect();
    assert!(
        coloured.is_empty(),
        "colour escapes under NO_COLOR: {coloured:?}"
    );

    // The same tour without NO_COLOR has colours: the check above can see them.
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 100, 30);
    tour(&mut app);
    app.send("q");
    assert!(app.wait_exit(STEP).success());
    let raw = app.raw.lock().unwrap().clone();
    assert!(sgr_params(&raw).iter().any(|p| sets_a_colour(p)));
}

/// The texts of every OSC 52 clipboard escape in `raw`, decoded.
fn clipboard_writes(raw: &[u8]) -> Vec<String> {
    use base64::Engine;
    let raw = String::from_utf8_lossy(raw);
    raw.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split(['\x07', '\x1b']).next())
        .map(|encoded| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .expect("base64 in OSC 52");
            String::from_utf8(bytes).expect("UTF-8")
        })
        .collect()
}

#[test]
fn y_copies_the_e_mail_through_osc_52_and_m_gives_the_mouse_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("y");
    let menu = app.wait_for_text("Copy · #", STEP);
    assert!(
        menu.contains("e-mail") && menu.contains("whole record"),
        "{menu}"
    );
    app.send("j");
    std::thread::sleep(Duration::from_millis(150));
    app.send("\r");
    let screen = app.wait_for_text("copied the e-mail of #", STEP);
    let notice = screen.lines().last().unwrap_or_default().trim().to_string();
    let email = notice
        .rsplit(": ")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(email.contains('@'), "{notice}");
    let copied = clipboard_writes(&app.raw.lock().unwrap());
    assert_eq!(copied, vec![email.clone()], "{notice}");
    assert!(notice.contains("Budi Santoso"), "{notice}");

    // Mouse capture off: the terminal hears it (and its own selection works again).
    app.send("m");
    app.wait_for_text("mouse off", STEP);
    assert!(
        app.raw_output().contains("\x1b[?1000l"),
        "mouse capture turned off"
    );
    app.send("q");
    assert!(app.wait_exit(STEP).success());
}

/// The selected row's background (the dark theme's blue, ANSI colour 4).
const SELECTED: vt100::Color = vt100::Color::Idx(4);

#[test]
fn the_wheel_over_help_does_not_move_the_hidden_selection() {
    // The wheel as a terminal reports it with SGR mouse encoding (button 65: down, 64: up).
    const WHEEL_DOWN: &str = "\x1b[<65;20;10M";
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 100, 30);
    app.wait_for_text("Budi Santoso", START);
    let before = app.rows_with_background(SELECTED);
    assert_eq!(before.len(), 1, "one selected row: {before:?}");
    app.send("?");
    app.wait_for_text("Keys · browse", STEP);
    for _ in 0..3 {
        app.send(WHEEL_DOWN);
    }
    std::thread::sleep(Duration::from_millis(300));
    app.press_esc();
    app.wait_for("help closed", STEP, |s| !s.contains("Keys · browse"));
    assert_eq!(app.rows_with_background(SELECTED), before);
    // Over the table itself the wheel moves the selection.
    app.send(WHEEL_DOWN);
    app.wait_for("the selection moved", STEP, |_| {
        app.rows_with_background(SELECTED) != before
    });
    app.send("q");
    assert!(app.wait_exit(STEP).success());
}

#[test]
fn typing_a_filter_shows_the_terminal_s_cursor_after_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 100, 30);
    app.wait_for_text("Budi Santoso", START);
    assert!(!app.cursor().1, "no input: the cursor is hidden");
    app.send("/bud");
    let screen = app.wait_for_text(" /bud", STEP);
    let ((row, column), shown) = app.cursor();
    assert!(shown, "the cursor is shown while typing");
    let line = screen.lines().nth(usize::from(row)).unwrap_or_default();
    let before: String = line.chars().take(usize::from(column)).collect();
    assert!(
        before.ends_with(" /bud"),
        "cursor after the text: {line:?} at {column}"
    );
    app.send("\r");
    app.wait_for("the cursor hidden again", STEP, |_| !app.cursor().1);
    app.send("q");
    assert!(app.wait_exit(STEP).success());
}
