//! End-to-end writes whose outcome is unknown, and the journal that records them: the real binary in a
//! pseudo-terminal, on the embedded sandbox (`--demo`).
//!
//! - Killed while a create is in flight, the restarted app reopens the draft, says the outcome is
//!   unknown, refuses to send it again before a check, shows the check's finding, then creates it once.
//! - A toggle whose answer is unreadable is never said to be refused: it is checked, and the row shows
//!   the provider's state.
//! - `W` lists the writes with their outcomes; `clientele journal` prints them.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Session;
use serde_json::Value as Json;

const START: Duration = Duration::from_secs(45);
const STEP: Duration = Duration::from_secs(15);

const CTRL_S: &str = "\x13";
const CTRL_K: &str = "\x0b";

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// The Paying column of the Reportei row whose name is exactly `name`: the first word after it.
fn paying_of(screen: &str, name: &str) -> Option<String> {
    screen.lines().find_map(|row| {
        let rest = row.strip_prefix(name)?;
        // "Agência Aurora" must not match "Agência Aurora 2": what follows the name is the Paying
        // column (the name column is only as wide as the longest name, so one space may part them).
        let paying = rest.strip_prefix(' ')?.split_whitespace().next()?;
        matches!(paying, "yes" | "no").then(|| paying.to_string())
    })
}

/// A row of the journal view's list (at 120 columns it starts with the full time; the detail's first
/// line does too, but says "UTC").
fn is_journal_row(line: &str) -> bool {
    line.contains("│20") && line.contains(" Reportei ") && !line.contains(" UTC ")
}

/// `clientele ARGS` run to its end with the test's data directory; its standard output.
fn clientele(data_dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(args)
        .env("CLIENTELE_DATA_DIR", data_dir)
        .env("CLIENTELE_CONFIG", data_dir.join("no-config.toml"))
        .output()
        .expect("run clientele");
    assert!(output.status.success(), "clientele {args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The demo's journal as JSON objects, newest first.
fn demo_journal(data_dir: &Path) -> Vec<Json> {
    clientele(data_dir, &["--demo", "journal", "--json"])
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// Open Reportei's tab and wait for its first page.
fn reportei(app: &mut Session) {
    app.wait_for_text("Budi Santoso", START);
    app.send("5");
    // Its 30 customers are mirrored within moments and the table turns to the mirror; these tests act
    // on the live first page, so L goes back to it.
    app.wait_for("Reportei's mirror", START, |s| {
        s.contains("Reportei Connect customers")
            && s.lines()
                .last()
                .unwrap_or("")
                .contains("mirror · 30 customers")
    });
    app.send("L");
    app.wait_for("Reportei's first page", START, |s| {
        s.contains("Agência Aurora") && s.lines().last().unwrap_or("").contains("live · page 1")
    });
}

#[test]
fn a_create_killed_in_flight_is_checked_before_it_is_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Agência Journal E2E";

    // Every sandbox answer takes 3 s: the save is still in flight when the app is killed.
    let mut app = Session::start(
        &["--demo", "--customers", "30", "--latency-ms", "3000"],
        dir.path(),
        120,
        30,
    );
    reportei(&mut app);
    app.send("c");
    app.wait_for_text("New Reportei Connect customer", STEP);
    app.send(name);
    app.wait_for("the typed name", STEP, |s| {
        s.contains(name) && s.contains("· changed")
    });
    app.send(CTRL_S);
    app.wait_for_text("Saving…", STEP);
    // The intent is recorded before the request leaves: wait for it, well inside the 3 s.
    let start = Instant::now();
    while demo_journal(dir.path()).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "no intent recorded"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        app.contents().contains("Saving…"),
        "still in flight when killed:\n{}",
        app.contents()
    );
    app.kill();

    // The journal already holds the create, its outcome not known yet.
    let journal = demo_journal(dir.path());
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0]["operation"], "create");
    assert_eq!(journal[0]["outcome"], "in_flight");

    // Restarted (the embedded sandbox starts afresh, without the customer): the draft is back, and says
    // the earlier save's outcome is unknown.
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 120, 30);
    let screen = app.wait_for("the draft, its save in doubt", START, |s| {
        s.contains("New Reportei Connect customer") && s.contains("outcome is unknown")
    });
    assert!(screen.contains(name), "the draft's name:\n{screen}");
    assert!(screen.contains("Ctrl-K checks"), "{screen}");
    assert!(!screen.contains("refused"), "{screen}");

    // Ctrl-S does not send it: check first.
    app.send(CTRL_S);
    let screen = app.wait_for("saving refused until checked", STEP, |s| {
        s.contains("The last save's outcome is unknown: Ctrl-K checks")
    });
    assert!(
        screen.contains("New Reportei Connect customer") && !screen.contains("Saving…"),
        "{screen}"
    );

    // Ctrl-K looks for a customer like it: none, so it may be sent again.
    app.send(CTRL_K);
    let screen = app.wait_for("the check's finding", STEP, |s| {
        s.contains("No customer like this found at Reportei Connect")
    });
    assert!(screen.contains("Ctrl-S sends it"), "{screen}");
    assert!(screen.contains(name), "the form is still open:\n{screen}");

    app.send(CTRL_S);
    let screen = app.wait_for("the create's notice", STEP, |s| {
        last_line(s).contains(&format!("{name} created"))
    });
    assert!(
        !screen.contains("New Reportei Connect customer"),
        "the form closed:\n{screen}"
    );
    app.send("q");
    assert!(app.wait_exit(STEP).success());

    // The journal: the second create done, the first still unknown (never resent by itself).
    let journal = demo_journal(dir.path());
    let outcomes: Vec<(&str, &str)> = journal
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [("create", "done"), ("create", "unknown")],
        "{journal:?}"
    );
    assert_eq!(journal[1]["title"], name);
    let created = journal[0]["customer"]
        .as_str()
        .expect("the create learnt its customer")
        .to_string();
    let text = clientele(dir.path(), &["--demo", "journal"]);
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(
        heads[0].contains(&format!("{name} #{created}  create  done")),
        "{text}"
    );
    assert!(
        heads[1].contains(&format!("(new) {name}  create  outcome unknown")),
        "{text}"
    );
    assert!(text.contains(&format!("    name: — → {name}")), "{text}");

    // Reportei's one-time api_token was kept in the vault, and appears in no journal output.
    let token = clientele(dir.path(), &["--demo", "token", "export", &created]);
    let token = token.trim();
    assert!(token.len() >= 16, "a token was kept: {token:?}");
    let json = clientele(dir.path(), &["--demo", "journal", "--json"]);
    assert!(
        !text.contains(token) && !json.contains(token),
        "the journal holds no secret"
    );
}

#[test]
fn a_toggle_with_an_unreadable_answer_is_checked_never_called_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Reads load; every write's answer is a 200 with a broken body. Each answer takes 1 s, so the check
    // is seen on screen.
    let mut app = Session::start(
        &[
            "--demo",
            "--customers",
            "30",
            "--latency-ms",
            "1000",
            "--faults-only",
            "writes",
            "--malformed-rate",
            "1.0",
        ],
        dir.path(),
        120,
        30,
    );
    reportei(&mut app);
    let name = "Agência Aurora";
    let screen = app.contents();
    let paying = paying_of(&screen, name).unwrap_or_else(|| panic!("{name}'s row:\n{screen}"));
    let (label, after) = match paying.as_str() {
        "no" => ("Mark as paying", "yes"),
        _ => ("Mark as not paying", "no"),
    };
    // The first row is selected; its first action is the toggle.
    app.send("a");
    app.wait_for_text(label, STEP);
    app.send("\r");
    if label == "Mark as not paying" {
        app.wait_for_text("Are you sure?", STEP);
        app.send("y");
    }

    // Every screen until the check's finding: none may say the toggle was refused.
    let mut screens = Vec::new();
    let start = Instant::now();
    let finding = ": done (checked";
    loop {
        let screen = app.contents();
        if screens.last() != Some(&screen) {
            screens.push(screen.clone());
        }
        if last_line(&screen).contains(label) && last_line(&screen).contains(finding) {
            break;
        }
        assert!(
            start.elapsed() < START,
            "no finding; last screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    for screen in &screens {
        assert!(
            !screen.contains("refused") && !screen.contains("row restored"),
            "a toggle that was carried out was called refused:\n{screen}"
        );
    }
    assert!(
        screens.iter().any(|s| {
            let notice = last_line(s);
            // "Mark as paying #<id> <name>: outcome unknown, checking at …": the id and name too.
            notice.contains(&format!("{label} #"))
                && notice.contains(": outcome unknown")
                && notice.contains("checking at Reportei Connect")
        }),
        "the unknown outcome and the check were said: {:#?}",
        screens
            .iter()
            .map(|s| last_line(s).trim())
            .collect::<Vec<_>>()
    );
    let screen = app.wait_for("the row as the provider has it", STEP, |s| {
        paying_of(s, name).as_deref() == Some(after)
    });
    assert!(
        last_line(&screen).contains("read back from Reportei Connect"),
        "the check read the customer back: {}",
        last_line(&screen)
    );

    // The journal view shows the write, settled by the check.
    app.send("W");
    let screen = app.wait_for("the journal view", STEP, |s| {
        s.contains("Journal · 1 write ") && s.contains(" paying")
    });
    let row = screen
        .lines()
        .find(|l| is_journal_row(l) && l.contains("paying"))
        .unwrap_or_default();
    assert!(
        row.contains(name) && row.contains(" done"),
        "{row}\n{screen}"
    );
    app.press_esc();
    app.wait_for("the journal closed", STEP, |s| !s.contains(" Journal · "));
    app.send("q");
    assert!(app.wait_exit(STEP).success());
}

#[test]
fn the_journal_view_lists_the_writes_and_esc_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "30"], dir.path(), 120, 30);
    reportei(&mut app);

    // No writes yet.
    app.send("W");
    app.wait_for_text("No writes yet", STEP);
    app.press_esc();
    app.wait_for("the journal closed", STEP, |s| !s.contains(" Journal · "));

    // A create, then an edit of it.
    let name = "Agência W E2E";
    app.send("c");
    app.wait_for_text("New Reportei Connect customer", STEP);
    app.send(name);
    app.wait_for("the typed name", STEP, |s| s.contains(name));
    app.send(CTRL_S);
    app.wait_for("the create", STEP, |s| {
        last_line(s).contains(&format!("{name} created"))
    });
    app.send("/");
    app.send(name);
    app.send("\r");
    app.wait_for("the new customer as the only row", STEP, |s| {
        paying_of(s, name).is_some() && !s.contains("Agência Aurora")
    });
    app.send("e");
    app.wait_for_text(&format!("Edit {name}"), STEP);
    app.send(" 2");
    app.send(CTRL_S);
    let renamed = format!("{name} 2");
    app.wait_for("the edit", STEP, |s| {
        last_line(s).contains(&format!("{renamed} saved"))
    });

    // W: both, newest first, done; the selected (newest) one's change below.
    app.send("W");
    let screen = app.wait_for("the journal with two writes", STEP, |s| {
        s.contains("Journal · 2 writes") && s.contains("What it changed")
    });
    let rows: Vec<&str> = screen.lines().filter(|l| is_journal_row(l)).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(
        rows[0].contains(" update ") && rows[0].contains(" done"),
        "{screen}"
    );
    assert!(
        rows[1].contains(&format!("(new) {name}")) || rows[1].contains(name),
        "{screen}"
    );
    assert!(
        rows[1].contains(" create ") && rows[1].contains(" done"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("name: {name} → {renamed}")),
        "the edit's change:\n{screen}"
    );
    // j selects the create: its change is shown.
    app.send("j");
    app.wait_for("the create's change", STEP, |s| {
        s.contains(&format!("name: — → {name}"))
    });
    app.press_esc();
    let screen = app.wait_for("the journal closed", STEP, |s| !s.contains(" Journal · "));
    assert!(screen.contains("Reportei Connect customers"), "{screen}");
    app.send("q");
    assert!(app.wait_exit(STEP).success());
}
