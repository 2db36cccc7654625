//! End-to-end: the global search. The real binary in a pty on the demo sandbox: once the mirror is
//! synced, `Ctrl-F`, part of a Reportei customer's name, `Enter` opens that customer in the Reportei
//! tab's detail view.

mod common;

use std::time::Duration;

use common::Session;

const SYNCED: Duration = Duration::from_secs(60);
const ANSWER: Duration = Duration::from_secs(10);

#[test]
fn ctrl_f_finds_a_reportei_customer_across_providers_and_enter_opens_it_in_its_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 120, 30);
    // The Reportei tab says when its mirror is complete.
    app.wait_for_text("Budi Santoso", SYNCED);
    app.send("5");
    app.wait_for("Reportei's mirror synced", SYNCED, |s| {
        s.contains("300 customers · synced")
    });
    app.send("1"); // Back on Ngorder: the search is not the tab's.
    app.send("\x06"); // Ctrl-F
    app.wait_for_text("Find in every provider", ANSWER);
    app.send("ência aur");
    let screen = app.wait_for("the Reportei customer found", ANSWER, |s| {
        s.contains("Agência Aurora") && s.contains("mirror: ") && s.contains(" ms")
    });
    assert!(screen.contains("Reportei"), "a provider column:\n{screen}");
    app.send("\r");
    let screen = app.wait_for("the customer's detail in the Reportei tab", ANSWER, |s| {
        s.contains("Reportei Connect customers › #") && !s.contains("Find in every provider")
    });
    assert!(screen.contains("Agência Aurora"), "{screen}");
    // Esc: the Reportei tab's own list.
    app.press_esc();
    app.wait_for("the Reportei list", ANSWER, |s| {
        !s.contains("Reportei Connect customers › #") && s.contains("Reportei Connect customers")
    });
    app.send("q");
    app.wait_exit(Duration::from_secs(10));
}
