//! Two sessions at one sandbox (a stale CycleSoftware edit), and Reportei's one-time token.

use super::*;

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
