//! Bad input is refused and kept; a form being typed survives a crash.

use super::*;

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
