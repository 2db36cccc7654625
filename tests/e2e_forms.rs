//! End-to-end forms and actions: the real binary in a pseudo-terminal, on the embedded sandbox
//! (`--demo`). Create, edit, a one-key action and a confirmed delete at Reportei, each checked against
//! what the provider then lists; a form that refuses bad input and keeps it; read-only mode.

mod common;

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

#[test]
fn create_edit_toggle_delete_in_reportei() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("5");
    // Its 30 customers are mirrored within moments and the table turns to the mirror; this test is
    // about the live pages (the list read again from the provider), so L goes back to them.
    app.wait_for("Reportei's mirror", START, |s| {
        s.contains("Reportei Connect customers") && last_line(s).contains("mirror · 30 customers")
    });
    app.send("L");
    app.wait_for("Reportei's first live page", STEP, |s| {
        s.contains("Agência Aurora") && last_line(s).contains("live · page 1")
    });

    // A new customer: Name is Reportei's only field, focused when the form opens.
    let name = "Agência E2E Teste";
    app.send("c");
    let screen = app.wait_for_text("New Reportei Connect customer", STEP);
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("Name*")),
        "Name is focused:\n{screen}"
    );
    app.send(name);
    app.wait_for("the typed name in the form", STEP, |s| {
        s.contains(name) && s.contains("· changed")
    });
    app.send(CTRL_S);
    let screen = app.wait_for("the create's notice", STEP, |s| {
        last_line(s).contains(&format!("{name} created"))
    });
    assert!(
        !screen.contains("New Reportei Connect customer"),
        "the form closed:\n{screen}"
    );

    // The sandbox appends new customers after the 30 generated ones, pages away: the new one is
    // shown and selected where the user is, without looking for it.
    app.wait_for("the new customer on screen", STEP, |s| {
        paying_of(s, name).is_some()
    });
    let selected = app.rows_with_background(SELECTED);
    assert!(
        selected.iter().any(|row| row.starts_with(name)),
        "the new customer is selected: {selected:?}\n{}",
        app.contents()
    );
    // The local filter finds it among the rows too, as the only one.
    app.send("/");
    app.send(name);
    app.send("\r");
    let screen = app.wait_for("the new customer as the only row", STEP, |s| {
        table_rows(s, "Paying").len() == 1 && paying_of(s, name).is_some()
    });
    assert_eq!(
        paying_of(&screen, name).as_deref(),
        Some("no"),
        "a new Reportei customer is not paying:\n{screen}"
    );
    let selected = app.rows_with_background(SELECTED);
    assert!(
        selected.iter().any(|row| row.starts_with(name)),
        "the new customer is selected: {selected:?}\n{screen}"
    );

    // Edit: the name's cursor starts at its end, so typing appends.
    let renamed = "Agência E2E Teste 2";
    app.send("e");
    app.wait_for_text(&format!("Edit {name} · Reportei Connect"), STEP);
    app.send(" 2");
    app.wait_for("the appended name in the form", STEP, |s| {
        s.lines()
            .any(|l| l.contains("Name*") && l.contains(renamed))
    });
    app.send(CTRL_S);
    let screen = app.wait_for("the edit's notice and row", STEP, |s| {
        last_line(s).contains(&format!("{renamed} saved")) && paying_of(s, renamed).is_some()
    });
    assert!(
        !screen.contains("Edit Agência"),
        "the form closed:\n{screen}"
    );
    assert_eq!(table_rows(&screen, "Paying").len(), 1, "{screen}");

    // Mark as paying, the first action of a customer who does not pay.
    app.send("a");
    let screen = app.wait_for_text("Mark as paying", STEP);
    assert!(
        screen.contains(&format!(" {renamed} ")),
        "the menu's title:\n{screen}"
    );
    assert!(screen.contains("Delete"), "{screen}");
    app.send("\r");
    let screen = app.wait_for("the provider's answer and the paying row", STEP, |s| {
        last_line(s).contains("marked as a paying customer")
            && paying_of(s, renamed).as_deref() == Some("yes")
    });
    // (The status line names the toggle for its undo window: the menu's own hint tells it is closed.)
    assert!(!screen.contains("Enter runs"), "menu closed:\n{screen}");

    // The menu now offers to undo that, and Delete, both asking first.
    app.send("a");
    let screen = app.wait_for_text("Mark as not paying", STEP);
    assert!(!screen.contains("│ Mark as paying "), "{screen}");
    let mut moves = 0;
    while !app
        .rows_with_background(SELECTED)
        .iter()
        .any(|row| row.contains(" Delete "))
    {
        assert!(moves < 3, "Delete is in the menu:\n{}", app.contents());
        app.send("j");
        moves += 1;
        std::thread::sleep(Duration::from_millis(150));
    }
    app.send("\r");
    let screen = app.wait_for_text(&format!(" {renamed}?"), STEP);
    assert!(screen.contains("Are you sure?"), "{screen}");
    // The question names the customer's id too: names repeat.
    assert!(screen.contains("Delete #"), "{screen}");
    app.send("y");
    let screen = app.wait_for("the provider's answer to the delete", STEP, |s| {
        last_line(s).contains("Record successfully removed")
    });
    assert!(
        paying_of(&screen, renamed).is_none() && table_rows(&screen, "Paying").is_empty(),
        "the row is gone:\n{screen}"
    );

    // Read again from the provider: still gone.
    let before = reportei_lists_done(&mut app);
    app.send("r");
    let mut after = before;
    for _ in 0..40 {
        after = reportei_lists_done(&mut app);
        if after > before {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(after > before, "the reload was done");
    let screen = app.contents();
    assert!(
        table_rows(&screen, "Paying").is_empty(),
        "no customer named like it at the provider:\n{screen}"
    );
    // Without the filter: the last row of the page is the last generated customer, not ours…
    app.press_esc();
    app.send("G");
    let screen = app.wait_for("the whole page, at its end", STEP, |s| {
        table_rows(s, "Paying").len() > 1
    });
    assert!(!screen.contains("E2E"), "{screen}");
    let selected = app.rows_with_background(SELECTED);
    assert_eq!(selected.len(), 1, "{selected:?}\n{screen}");
    assert_eq!(
        table_rows(&screen, "Paying").last().map(|r| r.trim_end()),
        Some(selected[0].trim_end()),
        "the last row is selected:\n{screen}"
    );
    // …and the first is the sandbox's fixed first customer.
    app.send("g");
    app.wait_for_text("Agência Aurora", STEP);

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

/// The form's line for the field labelled `label`.
fn field_line<'s>(screen: &'s str, label: &str) -> Option<&'s str> {
    screen
        .lines()
        .find(|l| l.trim_start_matches(['▶', ' ']).starts_with(label))
}

#[test]
fn invalid_input_is_refused_and_kept() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);

    app.send("c");
    app.wait_for_text("New Ngorder customer", STEP);
    // Phone is the second field.
    app.send("\t");
    app.wait_for("Phone focused", STEP, |s| {
        field_line(s, "Phone*").is_some_and(|l| l.starts_with('▶') && l.contains("digits"))
    });
    app.send("abc");
    app.wait_for("the letters in Phone", STEP, |s| {
        field_line(s, "Phone*").is_some_and(|l| l.contains(" abc "))
    });
    app.send(CTRL_S);
    let screen = app.wait_for("the errors", STEP, |s| s.contains("✗ digits only"));
    assert!(
        screen.contains("Some fields need attention; nothing was sent."),
        "{screen}"
    );
    let phone = field_line(&screen, "Phone*").unwrap_or_default();
    assert!(
        phone.contains(" abc ") && phone.contains("✗ digits only"),
        "the error next to Phone, with what was typed: {phone:?}\n{screen}"
    );
    let name = field_line(&screen, "Name*").unwrap_or_default();
    assert!(
        name.contains("✗ required") && name.starts_with('▶'),
        "the first field in error is required and focused: {name:?}\n{screen}"
    );
    assert!(
        screen.contains("New Ngorder customer · changed"),
        "the form stays open:\n{screen}"
    );

    // Esc asks before throwing the typing away; Enter takes the highlighted answer, No.
    app.press_esc();
    let screen = app.wait_for_text("Discard the changes in this form?", STEP);
    assert!(screen.contains("Are you sure?"), "{screen}");
    app.send("\r");
    let screen = app.wait_for("the question gone", STEP, |s| {
        !s.contains("Discard the changes")
    });
    assert!(
        field_line(&screen, "Phone*").is_some_and(|l| l.contains(" abc ")),
        "the form is kept with what was typed:\n{screen}"
    );
    assert!(
        screen.contains("New Ngorder customer · changed"),
        "{screen}"
    );
    // Still typing into the form: the question took the Enter, not the form.
    app.send("x");
    app.wait_for("typing goes on in Name", STEP, |s| {
        field_line(s, "Name*").is_some_and(|l| l.contains(" x "))
    });

    // Esc, then y: the form is gone, and nothing was ever sent.
    app.press_esc();
    app.wait_for_text("Discard the changes in this form?", STEP);
    app.send("y");
    let screen = app.wait_for("the table again", STEP, |s| {
        s.contains("Ngorder customers") && s.contains("Budi Santoso")
    });
    assert!(!screen.contains("New Ngorder customer"), "{screen}");
    app.send("J");
    let jobs = app.wait_for_text("Jobs", STEP);
    assert!(
        jobs.contains("list, page at page 1") && !jobs.contains("create customer"),
        "no create call:\n{jobs}"
    );
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

#[test]
fn read_only_mode_refuses_and_hides_write_keys() {
    // The same help, writable: it lists the write keys (so their absence below means something).
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 120, 40);
    app.wait_for_text("Budi Santoso", START);
    let help = help_screen(&mut app);
    for entry in ["new customer", "edit customer", "actions: status, delete"] {
        assert!(help.contains(entry), "{entry} in writable help:\n{help}");
    }
    drop(app);

    let dir = data_dir();
    let mut app = Session::start(
        &["--demo", "--customers", "30", "--read-only"],
        dir.path(),
        120,
        40,
    );
    app.wait_for_text("Budi Santoso", START);
    let help = help_screen(&mut app);
    for entry in ["new customer", "edit customer", "actions: status, delete"] {
        assert!(
            !help.contains(entry),
            "{entry} hidden in read-only help:\n{help}"
        );
    }
    assert!(
        help.contains("details of the row"),
        "reading keys stay:\n{help}"
    );

    // c, e and a open nothing, on the table and in the detail, and say why; reading goes on.
    for key in ["c", "e", "a"] {
        app.send(key);
        let screen = app.wait_for("the read-only notice", STEP, |s| {
            s.contains("read-only mode")
        });
        assert!(
            !screen.contains("New Ngorder customer")
                && !screen.contains("Edit Budi Santoso")
                && !screen.contains("Enter runs"),
            "{key} opened nothing:\n{screen}"
        );
        assert!(screen.contains("Ngorder customers"), "{screen}");
    }
    app.send("\r");
    app.wait_for_text("Ngorder customers › #101", STEP);
    for key in ["c", "e", "a"] {
        app.send(key);
        std::thread::sleep(Duration::from_millis(300));
        let screen = app.contents();
        assert!(
            screen.contains("Ngorder customers › #101") && !screen.contains("Ctrl-S saves"),
            "{key} in the detail opened nothing:\n{screen}"
        );
    }
    app.press_esc();
    app.send("q");
    assert!(app.wait_exit(STEP).success());
    assert!(app.terminal_is_cooked());
}

/// `clientele sandbox` on a free port, alone, for two app sessions to share; killed when dropped.
struct SharedSandbox {
    child: std::process::Child,
    /// Its data directory (its log): never the developer's own.
    _dir: tempfile::TempDir,
    /// The sandbox's CycleSoftware base URL.
    cyclesoftware: String,
}

impl SharedSandbox {
    fn start(customers: &str) -> SharedSandbox {
        use std::io::BufRead;
        let dir = data_dir();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
            .args(["--customers", customers, "sandbox", "--port", "0"])
            .env("CLIENTELE_DATA_DIR", dir.path())
            .env("CLIENTELE_CONFIG", dir.path().join("no-config.toml"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the sandbox");
        let stdout = child.stdout.take().expect("the sandbox's stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let mut cyclesoftware = None;
        let mut provider = String::new();
        for line in lines.by_ref() {
            let line = line.expect("the sandbox's description");
            if let Some(url) = line.trim().strip_prefix("base URL: ") {
                if provider == "CycleSoftware" {
                    cyclesoftware = Some(url.to_string());
                    break;
                }
            } else if !line.starts_with(' ') {
                provider = line.trim().to_string();
            }
        }
        // Keep reading (and so the pipe open) for as long as the sandbox writes.
        std::thread::spawn(move || lines.for_each(drop));
        // Its log went to the test's directory, not to the developer's data directory.
        assert!(
            dir.path().join("clientele.log").exists(),
            "the sandbox's log"
        );
        SharedSandbox {
            child,
            _dir: dir,
            cyclesoftware: cyclesoftware.expect("the sandbox prints CycleSoftware's base URL"),
        }
    }
}

impl Drop for SharedSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const CS_PASSWORD_ENV: &str = "CLIENTELE_E2E_CYCLESOFTWARE_PASSWORD";

/// An app session on CycleSoftware only, at the shared sandbox.
fn cyclesoftware_session(sandbox: &SharedSandbox, dir: &tempfile::TempDir) -> Session {
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[providers.cyclesoftware]\nbase_url = \"{}\"\nauth = {{ kind = \"basic\", username = \"demo\", password_env = \"{CS_PASSWORD_ENV}\" }}\n",
            sandbox.cyclesoftware
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap().to_string();
    Session::start_with_env(
        &["--config", &config],
        &[(CS_PASSWORD_ENV, "cyclesoftware-demo-password")],
        dir.path(),
        120,
        30,
    )
}

#[test]
fn a_stale_cyclesoftware_edit_is_refused_as_a_conflict() {
    // Two sessions, one provider: both open the same customer's form.
    let sandbox = SharedSandbox::start("30");
    let (dir_a, dir_b) = (data_dir(), data_dir());
    let mut a = cyclesoftware_session(&sandbox, &dir_a);
    let mut b = cyclesoftware_session(&sandbox, &dir_b);
    let form = "Edit Giel van Wijgergangs · CycleSoftware";
    for app in [&mut a, &mut b] {
        app.wait_for_text("Wijgergangs", START);
        app.send("e");
        app.wait_for("the form, Title focused", STEP, |s| {
            s.contains(form)
                && field_line(s, "Title")
                    .is_some_and(|l| l.starts_with('▶') && l.contains(" Dhr. "))
        });
    }

    // B changes the title and saves first.
    b.send("X");
    b.send(CTRL_S);
    b.wait_for("B's save", STEP, |s| {
        last_line(s).contains("Giel van Wijgergangs saved") && !s.contains(form)
    });

    // A's form was read before that: its save is refused, and what A typed stays.
    a.send("Y");
    a.send(CTRL_S);
    let screen = a.wait_for("A's conflict", STEP, |s| {
        s.contains("someone changed this customer since you opened it (Title)")
    });
    assert!(screen.contains(form), "the form stays open:\n{screen}");
    assert!(
        field_line(&screen, "Title").is_some_and(|l| l.contains(" Dhr.Y ")),
        "A's typing is kept:\n{screen}"
    );
    assert!(!screen.contains("saved"), "{screen}");

    // The provider kept B's title; read again, A sees it, and an edit made from there saves.
    a.press_esc();
    a.wait_for_text("Discard the changes in this form?", STEP);
    a.send("y");
    a.wait_for("the table", STEP, |s| {
        !s.contains(form) && s.contains("CycleSoftware customers")
    });
    a.send("r");
    a.send("\r");
    a.wait_for("B's title in A's detail", STEP, |s| {
        s.lines()
            .any(|l| l.contains("Title") && l.contains("Dhr.X"))
    });
    a.press_esc();
    a.send("e");
    a.wait_for("a fresh form with B's title", STEP, |s| {
        s.contains(form) && field_line(s, "Title").is_some_and(|l| l.contains(" Dhr.X "))
    });
    a.send("Y");
    a.send(CTRL_S);
    a.wait_for("A's save", STEP, |s| {
        last_line(s).contains("Giel van Wijgergangs saved") && !s.contains(form)
    });

    for app in [&mut a, &mut b] {
        app.send("q");
        assert!(app.wait_exit(STEP).success());
    }
}

/// Reportei's one-time token: kept in a private file before "created" shows, and never on screen
/// or in the log (run at debug level), where the whole session's output is searched for it.
#[test]
fn the_reportei_token_is_kept_privately_and_never_shown_or_logged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("5");
    app.wait_for_text("Reportei Connect customers", STEP);
    app.send("c");
    app.wait_for_text("New Reportei Connect customer", STEP);
    app.send("Agência Cofre E2E");
    app.send(CTRL_S);
    app.wait_for("the create and where its token went", STEP, |s| {
        s.contains("Agência Cofre E2E created; its token is kept in")
    });
    app.send("S");
    app.wait_for("the kept customer's settings", STEP, |s| {
        s.contains("token is kept") && s.contains("Agência Cofre E2E")
    });
    app.press_esc();
    app.send("q");
    assert!(app.wait_exit(STEP).success());

    let tokens = dir.path().join("demo").join("tokens").join("reportei");
    let files: Vec<_> = std::fs::read_dir(&tokens)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one token kept: {files:?}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(&tokens).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
    let token = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(token.trim().len(), 64);

    let output = app.raw_output();
    assert!(
        !output.contains(token.trim()),
        "the token was drawn on screen"
    );
    let log = std::fs::read_to_string(dir.path().join("demo").join("clientele.log")).unwrap();
    assert!(
        log.contains("customer token kept"),
        "the log says it was kept"
    );
    assert!(!log.contains(token.trim()), "the token is in the log");
    // Nor any secret of the demo config.
    for secret in [
        "reportei-demo-token",
        "dk-demo-secret",
        "ngorder-demo-token",
    ] {
        assert!(
            !log.contains(secret) && !output.contains(secret),
            "{secret} leaked"
        );
    }
}

/// A form being typed in survives the app being killed: the next start reopens it as it was.
#[test]
fn a_draft_survives_a_crash() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("3");
    app.wait_for_text("Guardant Station customers", STEP);
    app.send("c");
    app.wait_for_text("New Guardant Station customer", STEP);
    app.send("Ольга Черновик");
    app.wait_for_text("Ольга Черновик", STEP);
    // Drafts are written at most every half second: once this one is on disk, pull the plug.
    let deadline = std::time::Instant::now() + STEP;
    let draft_written = || {
        std::fs::read_dir(dir.path().join("demo").join("drafts")).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Ольга Черновик"))
            })
        })
    };
    while !draft_written() {
        assert!(std::time::Instant::now() < deadline, "no draft written");
        std::thread::sleep(Duration::from_millis(50));
    }
    app.kill();

    let mut again = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    let screen = again.wait_for_text("Restored from an unsaved draft", START);
    assert!(screen.contains("New Guardant Station customer"), "{screen}");
    assert!(screen.contains("Ольга Черновик"), "{screen}");
    // Discarding it (Esc asks, y confirms) forgets it for good.
    again.press_esc();
    again.wait_for_text("Discard the changes", STEP);
    again.send("y");
    again.wait_for_text("Guardant Station customers", STEP);
    again.send("q");
    assert!(again.wait_exit(STEP).success());
    let left: Vec<_> = std::fs::read_dir(dir.path().join("demo").join("drafts"))
        .map_or(Vec::new(), |d| d.collect());
    assert!(left.is_empty(), "the discarded draft is gone: {left:?}");
}
