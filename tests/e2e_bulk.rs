//! End-to-end on `--demo`: a bulk action on ten customers with one confirmation and a result for each,
//! and the command palette jumping to a customer by id.

mod common;

use std::time::Duration;

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The results lines of the bulk view: one per customer, saying how it ended.
fn results(screen: &str) -> Vec<String> {
    screen
        .lines()
        // Inside the view's frame (the table shows through left of it).
        .filter_map(|line| line.split_once('│'))
        .map(|(_, inside)| inside.trim_start().trim_end_matches([' ', '│']))
        .filter(|line| {
            ["done", "refused:", "not carried out", "outcome unknown"]
                .iter()
                .any(|start| line.starts_with(start))
        })
        .map(str::to_string)
        .collect()
}

/// Marks and the palette work on the live pages: once the tab's 300 customers are mirrored and the
/// table turns to the mirror, L goes back to them.
fn live_pages(app: &mut Session) {
    let status = |s: &str| s.lines().last().unwrap_or("").to_string();
    app.wait_for("the tab's mirror", START, |s| {
        status(s).contains("mirror · 300 customers")
    });
    app.send("L");
    app.wait_for("the live pages", STEP, |s| {
        status(s).contains("live · page 1")
    });
}

#[test]
fn archive_ten_customers_with_one_confirmation_and_a_result_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 160, 48);
    app.wait_for_text("Budi Santoso", START);
    app.send("3");
    live_pages(&mut app);
    let table = app.wait_for("Guardant's rows", STEP, |s| {
        s.contains("Guardant Station customers") && s.contains("@example.ru")
    });
    // Ten customers not archived yet, marked with Space (the cursor moves on after each); j passes
    // over the archived ones.
    let mut keys = String::new();
    let mut marked = 0;
    for row in table
        .lines()
        .skip_while(|l| !l.contains("First name"))
        .skip(1)
    {
        if marked == 10 {
            break;
        }
        if row.trim_end().ends_with("no") {
            keys.push(' ');
            marked += 1;
        } else {
            keys.push('j');
        }
    }
    assert_eq!(
        marked, 10,
        "ten unarchived customers on the first page: {table}"
    );
    app.send(&keys);
    app.wait_for_text("10 marked", STEP);
    app.send("a");
    let menu = app.wait_for_text("10 marked customers", STEP);
    assert!(
        menu.lines()
            .any(|l| l.contains("Archive") && l.contains("all 10")),
        "{menu}"
    );
    app.send("\r");
    let confirm = app.wait_for_text("Archive for 10 customers", STEP);
    assert!(confirm.contains("Are you sure?"), "{confirm}");
    app.send("y");
    let screen = app.wait_for("every customer finished", START, |s| {
        s.contains("10 of 10 finished")
    });
    assert!(!screen.contains("Are you sure?"), "one confirmation only");
    let lines = results(&screen);
    assert_eq!(lines.len(), 10, "a result per customer: {screen}");
    assert!(
        lines.iter().all(|l| l.starts_with("done")),
        "the sandbox archives them all: {screen}"
    );
    assert!(screen.contains("10 done"), "{screen}");

    // Closed, the table shows them archived; each write is in the journal with its own ending.
    app.press_esc();
    app.wait_for("results closed", STEP, |s| !s.contains("10 of 10 finished"));
    app.send("W");
    let journal = app.wait_for_text("archive", STEP);
    assert!(
        journal.matches("archive").count() >= 10,
        "ten journal entries: {journal}"
    );
    app.send("q");
}

#[test]
fn colon_then_a_customer_id_jumps_to_that_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 100, 30);
    app.wait_for_text("Budi Santoso", START);
    live_pages(&mut app);
    app.send(":");
    app.wait_for_text("Go to or run", STEP);
    app.send("105");
    let palette = app.wait_for_text("customer #105", STEP);
    let name = palette
        .lines()
        .find_map(|l| {
            let rest = l.split("customer #105 ").nth(1)?;
            Some(rest.split(" · ").next()?.trim().to_string())
        })
        .expect("the customer's name in the palette");
    app.send("\r");
    let screen = app.wait_for_text("Ngorder customers › #105", STEP);
    assert!(screen.contains(&name), "{name} in {screen}");
    assert!(!screen.contains("Go to or run"), "the palette closed");
    app.send("q");
}

#[test]
fn x_with_marks_writes_the_marked_customers_as_csv_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 160, 48);
    app.wait_for_text("Budi Santoso", START);
    live_pages(&mut app);
    app.send("  ");
    app.wait_for_text("2 marked", STEP);
    app.send("x");
    let screen = app.wait_for_text("2 marked customers written to", STEP);
    let exports = dir.path().join("demo").join("exports");
    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        screen.contains(&format!("written to {name} in ")),
        "{screen}"
    );
    assert!(
        name.starts_with("ngorder-marked-") && name.ends_with(".csv"),
        "{name}"
    );
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("provider,id,name,"), "{text}");
    assert!(
        lines[1..].iter().all(|l| l.starts_with("ngorder,")),
        "{text}"
    );
    app.kill();
}
