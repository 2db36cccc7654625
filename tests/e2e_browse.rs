//! End-to-end browsing: the real binary in a pseudo-terminal, on the embedded sandbox (`--demo`).
//! Paging, local filter and the provider's own search, detail, order history, jobs and status views,
//! a UI that never waits on the network, and tabs whose provider fails.

mod common;

use std::time::{Duration, Instant};

use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// The selected row's background (the dark theme's blue, ANSI colour 4).
const SELECTED: vt100::Color = vt100::Color::Idx(4);

/// The spinner frames a tab title shows while its call is in flight.
const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn first_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// Does `text` hold a date written `yyyy-mm-dd`?
fn has_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

/// Does `line` hold a bar label `yy-mm` (the per-month chart's), as `24-04 `?
fn has_month_label(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit() && c != '-')
        .any(|word| {
            let b = word.as_bytes();
            b.len() == 5
                && b[2] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 2 || c.is_ascii_digit())
        })
}

/// The mark after `name` in the tab bar: a spinner frame while loading, `!` after a failure.
fn tab_mark(screen: &str, number: usize, name: &str) -> Option<char> {
    let title = format!("{number} {name} ");
    let bar = first_line(screen);
    let at = bar.find(&title)? + title.len();
    bar[at..].chars().next()
}

#[test]
fn browse_page_forward_search_detail_orders_jobs_quit() {
    let dir = data_dir();
    // This test pages the API's own pages, so it goes back to them from the mirror.
    let mut app = on_live_pages_of_3000(dir.path());
    app.wait_for_text("Budi Santoso", START);

    // Five pages on, in Ngorder's own page-number paging (50 a page in the demo).
    for _ in 0..5 {
        app.send("n");
    }
    let screen = app.wait_for("page 6 of 60", STEP, |s| {
        last_line(s).contains("page 6 of 60 · 251–300 of 3,000")
    });
    assert!(
        !screen.contains("Budi Santoso"),
        "page 6 no longer shows page 1's first row:\n{screen}"
    );

    // The local filter narrows the loaded page as it is typed; Esc drops it.
    app.send("/");
    app.send("Budi Santoso");
    app.wait_for("the local filter's reach", STEP, |s| {
        last_line(s).contains("local: ") && last_line(s).contains(" of 50 loaded")
    });
    app.press_esc();
    app.wait_for("the local filter dropped", STEP, |s| {
        !last_line(s).contains("local:") && !s.contains("/Budi Santoso")
    });

    // Kept with Enter, then sent to Ngorder's keyword search with s: back to page 1 of the results.
    app.send("/");
    app.send("Budi Santoso");
    app.send("\r");
    app.wait_for("the local filter kept", STEP, |s| {
        s.contains("/Budi Santoso")
    });
    app.send("s");
    let screen = app.wait_for("the keyword search's results", STEP, |s| {
        s.contains("keyword=Budi Santoso")
            && s.contains("Budi Santoso ")
            && last_line(s).contains("page 1 of")
    });
    let selected = app.rows_with_background(SELECTED);
    assert!(
        selected.iter().any(|row| row.contains("Budi Santoso")),
        "the first result is selected: {selected:?}\n{screen}"
    );

    // Every field of the customer.
    app.send("\r");
    let screen = app.wait_for_text("Ngorder customers › #101", STEP);
    assert!(screen.contains("Budi Santoso"), "{screen}");
    assert!(screen.contains("budi.santoso@example.com"), "{screen}");
    assert!(screen.contains("Created"), "{screen}");

    // The customer's order history, fetched from Ngorder.
    app.send("o");
    let screen = app.wait_for("order rows", STEP, |s| {
        s.contains("#101 Budi Santoso › Order history")
            && s.lines()
                .any(|l| l.starts_with(char::is_numeric) && has_iso_date(l))
    });
    assert!(screen.contains("PO") && screen.contains("Date"), "{screen}");

    // Back to the detail, then to the table with the search still in force.
    app.press_esc();
    app.wait_for("the detail again", STEP, |s| {
        s.contains("Ngorder customers › #101") && !s.contains("Order history")
    });
    app.press_esc();
    app.wait_for("the table again", STEP, |s| {
        s.contains("Ngorder customers") && s.contains("keyword=Budi Santoso")
    });

    // Every call of the session, with its state.
    app.send("J");
    let screen = app.wait_for("the orders call, done", STEP, |s| {
        s.lines()
            .any(|l| l.contains("orders of 101, page at page 1") && l.contains("done"))
    });
    assert!(screen.contains("Jobs"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("list (filtered), page at page 1") && l.contains("done")),
        "the keyword search's call:\n{screen}"
    );
    assert!(
        screen.contains("superseded"),
        "pages skipped over by quick paging are dropped:\n{screen}"
    );
    app.press_esc();
    app.wait_for("jobs closed", STEP, |s| !s.contains("orders of 101"));

    // Quotas and Ngorder's customers per month.
    app.send("S");
    let screen = app.wait_for("the per-month chart", STEP, |s| {
        s.contains("Request budgets")
            && s.contains("new customers per month")
            && s.lines().any(has_month_label)
    });
    assert!(screen.contains("CycleSoftware     per minute"), "{screen}");
    app.press_esc();
    app.wait_for("status closed", STEP, |s| !s.contains("Request budgets"));

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

/// Poll `check` until it holds and return how long that took; panics with the screen after `limit`.
fn within(
    app: &Session,
    what: &str,
    limit: Duration,
    check: impl Fn(&Session) -> bool,
) -> Duration {
    let start = Instant::now();
    loop {
        if check(app) {
            return start.elapsed();
        }
        if start.elapsed() > limit {
            panic!(
                "{what}: no change within {limit:?}; screen:\n{}",
                app.contents()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn is_spinner(mark: Option<char>) -> bool {
    mark.is_some_and(|c| SPINNER.contains(&c))
}

#[test]
fn keys_stay_responsive_while_calls_are_slow() {
    let dir = data_dir();
    let mut app = Session::start(
        &["--demo", "--customers", "300", "--latency-ms", "2000"],
        dir.path(),
        100,
        30,
    );
    // The first page itself takes two seconds.
    app.wait_for_text("Budi Santoso", Duration::from_secs(15));
    let quick = Duration::from_millis(500);

    // Two pages on: the second press asks for page 3 afresh, a call that takes two seconds.
    let pressed = Instant::now();
    app.send("nn");
    within(&app, "the Ngorder tab's spinner", quick, |app| {
        is_spinner(tab_mark(&app.contents(), 1, "Ngorder"))
    });
    assert!(
        last_line(&app.contents()).contains("page 1 of 6"),
        "page 1 stays on screen while page 3 loads"
    );

    // Meanwhile the selection moves…
    app.send("j");
    within(&app, "the selection on the second row", quick, |app| {
        app.rows_with_background(SELECTED)
            .iter()
            .any(|row| row.contains("Siti Rahayu"))
    });
    // …the detail opens…
    app.send("\r");
    within(&app, "the detail of customer 102", quick, |app| {
        app.contents().contains("Ngorder customers › #102")
    });
    app.press_esc();
    within(&app, "back to the table", quick, |app| {
        app.contents().contains("Ngorder customers")
    });
    // …and another provider's tab shows.
    app.send("2");
    within(&app, "the CycleSoftware tab", quick, |app| {
        app.contents().contains("CycleSoftware customers")
    });
    let responded = pressed.elapsed();
    let screen = app.contents();
    assert!(
        is_spinner(tab_mark(&screen, 1, "Ngorder")),
        "all of that happened while Ngorder's page was still loading:\n{screen}"
    );
    assert!(
        responded < Duration::from_millis(1500),
        "keys answered in {responded:?}, not after the two-second call"
    );

    // The page arrives in its own time, and only then.
    app.send("1");
    app.wait_for("page 3", STEP, |s| {
        last_line(s).contains("page 3 of 6 · 101–150 of 300")
    });
    let arrived = pressed.elapsed();
    assert!(
        arrived >= Duration::from_millis(1900) && arrived > responded,
        "page 3 took {arrived:?}: the call was really slow and the keys were answered before it ({responded:?})"
    );
}

#[test]
fn a_failing_provider_marks_its_tab_and_r_retries() {
    let dir = data_dir();
    // Wide enough for the full provider names in the tab bar.
    let mut app = Session::start(
        &["--demo", "--customers", "300", "--error-rate", "1.0"],
        dir.path(),
        160,
        30,
    );
    let names = [
        "Ngorder",
        "CycleSoftware",
        "Guardant Station",
        "DK Hardware",
        "Reportei Connect",
    ];
    // Every call fails with a 5xx; the client retries each a few times, then the tab is marked.
    let screen = app.wait_for("every tab marked !", START, |s| {
        names
            .iter()
            .enumerate()
            .all(|(i, name)| tab_mark(s, i + 1, name) == Some('!'))
    });
    assert!(
        screen.contains("Could not load customers: provider error"),
        "{screen}"
    );
    assert!(screen.contains("Press r to try again"), "{screen}");

    // The other tabs still answer keys, and say why they are empty.
    app.send("3");
    app.wait_for("Guardant's error", STEP, |s| {
        s.contains("Guardant Station customers") && s.contains("Could not load customers")
    });
    app.send("1");
    app.wait_for_text("Ngorder customers", STEP);

    // Every call is in the jobs view, failed, with the error.
    app.send("J");
    let screen = app.wait_for_text("Jobs", STEP);
    for name in ["Ngorder", "Cycle", "Guardant", "DK", "Reportei"] {
        // DK's call fails at its OAuth token endpoint: a 5xx there is a provider error too.
        let error = "provider error (50";
        assert!(
            screen.lines().any(|l| {
                l.contains(&format!(" {name} "))
                    && l.contains("list, page at")
                    && l.contains("failed: ")
                    && l.contains(error)
            }),
            "{name}'s failed call in the jobs view:\n{screen}"
        );
    }
    app.press_esc();
    app.wait_for("jobs closed", STEP, |s| {
        !s.contains("failed: provider error")
    });

    // r tries again: the tab loads (spinner), fails again (!), and the jobs view has a second call.
    app.send("r");
    app.wait_for("the retry's spinner", STEP, |s| {
        is_spinner(tab_mark(s, 1, "Ngorder"))
    });
    app.wait_for("the retry failed too", START, |s| {
        tab_mark(s, 1, "Ngorder") == Some('!')
    });
    app.send("J");
    let screen = app.wait_for_text("Jobs", STEP);
    let failed = screen
        .lines()
        .filter(|l| {
            l.contains(" Ngorder ") && l.contains("list, page at page 1") && l.contains("failed")
        })
        .count();
    assert_eq!(failed, 2, "the first call and the retry:\n{screen}");
    app.press_esc();

    app.send("q");
    assert!(app.wait_exit(STEP).success());
    assert!(app.terminal_is_cooked());
}

#[test]
fn the_filter_panel_refuses_a_bad_date_and_applies_a_good_one() {
    let dir = data_dir();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 100, 30);
    app.wait_for_text("Budi Santoso", START);

    app.send("f");
    app.wait_for_text("Ngorder filters", STEP);
    // Keyword, Keyword is a, Category code, Registration, then Created from.
    app.send("\t\t\t\t");
    app.wait_for("Created from focused", STEP, |s| {
        s.lines()
            .any(|l| l.contains('▶') && l.contains("Created from") && l.contains("yyyy-mm-dd"))
    });
    app.send("31-01-2024");
    app.send("\r");
    let screen = app.wait_for_text("expected a date like 2024-01-31", STEP);
    assert!(
        screen.contains("Ngorder filters"),
        "the panel stays open:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Created from") && l.contains("31-01-2024") && l.contains('✗')),
        "the error is next to the field, with what was typed:\n{screen}"
    );
    // Nothing was applied (the table may browse the mirror by now: its sync of 300 is quick).
    assert!(
        !screen.contains("filters: create_from"),
        "nothing was sent:\n{screen}"
    );

    // Cleared and typed right, it applies: the list starts over with the filter.
    app.send("\x18"); // Ctrl-X
    app.send("2024-01-31");
    app.send("\r");
    let screen = app.wait_for("the filtered list", STEP, |s| {
        s.contains("filters: create_from=2024-01-31") && last_line(s).contains("page 1 of")
    });
    assert!(
        !screen.contains("Ngorder filters"),
        "panel closed:\n{screen}"
    );
    assert!(
        !last_line(&screen).contains("of 300"),
        "fewer customers than the whole list:\n{screen}"
    );
}

/// The table's rows on screen: the lines between the column header and the status line.
fn table_rows(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("Name ") && l.contains("Phone"))
        .expect("the table header");
    lines[header + 1..lines.len() - 1]
        .iter()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The demo with 3,000 Ngorder customers on the API's own page 1. Page 1 on screen is a quiet
/// moment, when the table switches to the mirror as soon as the quick sync ends, which could come
/// between any two keys of a test that pages live. So wait for the switch, then choose live pages
/// with `L`: no switch can land mid-test.
fn on_live_pages_of_3000(dir: &std::path::Path) -> Session {
    let mut app = Session::start(&["--demo", "--customers", "3000"], dir, 100, 30);
    app.wait_for("Ngorder's mirror", START, |s| {
        last_line(s).contains("mirror · 3,000 customers")
    });
    app.send("L");
    app.wait_for("page 1 of 60 in the status line", STEP, |s| {
        last_line(s).contains("page 1 of 60 · 1–50 of 3,000")
    });
    app
}

/// Ngorder page `number` of 60, reached by pressing `n` once per page and waiting for each.
fn page_stepped_to(number: usize) -> Vec<String> {
    let dir = data_dir();
    let mut app = on_live_pages_of_3000(dir.path());
    let mut screen = String::new();
    for page in 2..=number {
        app.send("n");
        screen = app.wait_for(&format!("page {page}"), STEP, |s| {
            last_line(s).contains(&format!("page {page} of 60 · "))
        });
    }
    app.send("J");
    let jobs = app.wait_for_text("Jobs", STEP);
    assert!(
        jobs.contains(&format!("list, page at page {number} ")),
        "stepping asks for page {number} by its number:\n{jobs}"
    );
    table_rows(&screen)
}

#[test]
fn quick_paging_shows_the_rows_of_the_page_it_names() {
    let truth_6 = page_stepped_to(6);
    let truth_7 = page_stepped_to(7);
    assert_ne!(truth_6, truth_7);

    let dir = data_dir();
    let mut app = on_live_pages_of_3000(dir.path());
    // Five presses at once: only the last page is still wanted, the others are dropped.
    app.send("nnnnn");
    let screen = app.wait_for("page 6", STEP, |s| {
        last_line(s).contains("page 6 of 60 · 251–300 of 3,000")
    });
    assert_eq!(table_rows(&screen), truth_6, "page 6's rows:\n{screen}");

    // One more page, from the prefetch made after page 6 arrived.
    std::thread::sleep(Duration::from_millis(300));
    app.send("n");
    let screen = app.wait_for("page 7", STEP, |s| {
        last_line(s).contains("page 7 of 60 · 301–350 of 3,000")
    });
    let quick_7 = table_rows(&screen);
    // Once broken: page 6's next cursor was filed in the wrong slot and "page 7" showed page 11.
    assert_eq!(quick_7, truth_7, "page 7's rows:\n{screen}");
}
