//! Read-only mode refuses writes and hides their keys.

use super::*;

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
