//! Create, edit, a one-key action and a confirmed delete at Reportei, each checked against what
//! the provider then lists.

use super::*;

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
