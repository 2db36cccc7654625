//! End-to-end: once the first sync has finished, the tab's table browses the mirror. The real binary in
//! a pty on the demo sandbox: `G` reaches the last customer of the whole set, `/` finds a DK Hardware
//! customer that sits on live page 400, and `--offline` browses the mirror a previous run left.

mod common;

use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::store::{Backend, FILE_NAME, MirrorQuery, SqliteBackend};
use common::Session;

/// DK Hardware's live pages hold 50: page 400 exists with this many customers.
const CUSTOMERS: usize = 20_100;
const SYNCED: Duration = Duration::from_secs(120);

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// A customer on DK Hardware's live page 400 of the demo data (same seed, same customers).
fn customer_on_live_page_400() -> (String, String) {
    let page = common::demo_live_page(ProviderId::DkHardware, CUSTOMERS, 399);
    let record = &page[17];
    (record.id.clone(), record.text("email"))
}

#[test]
fn after_the_sync_g_reaches_the_last_customer_and_a_search_finds_one_on_live_page_400() {
    let (id, email) = customer_on_live_page_400();
    assert!(!email.is_empty(), "customer {id} has an e-mail");
    let dir = tempfile::tempdir().unwrap();
    let customers = CUSTOMERS.to_string();
    let mut app = Session::start(&["--demo", "--customers", &customers], dir.path(), 120, 30);
    app.wait_for_text("Ngorder", Duration::from_secs(30));
    app.send("4");
    let screen = app.wait_for("DK Hardware's mirror after its sync", SYNCED, |s| {
        last_line(s).contains("mirror · 20,100 customers")
    });
    assert!(last_line(&screen).contains("row 1"), "{screen}");

    // G: the last customer of the whole set, as the mirror orders them.
    app.send("G");
    let screen = app.wait_for("the last row", Duration::from_secs(10), |s| {
        last_line(s).contains("row 20,100")
    });
    let store = SqliteBackend::open(&dir.path().join("demo").join(FILE_NAME)).unwrap();
    let last = store
        .mirror_window(&MirrorQuery {
            provider: Some("dkhardware".into()),
            offset: 20_099,
            limit: 1,
            ..MirrorQuery::default()
        })
        .unwrap();
    let last = &last.rows[0].row;
    let last_email = serde_json::from_str::<serde_json::Value>(&last.raw_json).unwrap()["email"]
        .as_str()
        .unwrap()
        .to_string();
    // The e-mail column may cut the domain: its local part is the customer's own.
    let last_email = last_email.split('@').next().unwrap().to_string();
    let shown = app.wait_for("the last customer's row", Duration::from_secs(10), |s| {
        s.contains(&last_email)
    });
    let selected = app.rows_with_background(vt100::Color::Idx(4));
    assert!(
        selected.iter().any(|row| row.contains(&last_email)),
        "the last customer is selected: {selected:?}\n{shown}"
    );
    drop(screen);

    // A substring of a customer that sits on live page 400: on screen as it is typed.
    app.send("g/");
    let needle: String = email
        .chars()
        .take(email.find('@').unwrap_or(email.len()))
        .collect();
    app.send(&needle);
    let screen = app.wait_for(
        "the customer from live page 400",
        Duration::from_secs(10),
        |s| s.contains(&email) && last_line(s).contains("mirror: "),
    );
    assert!(last_line(&screen).contains("of 20,100"), "{screen}");
    app.send("\r");
    app.send("q");
    assert!(app.wait_exit(Duration::from_secs(10)).success());
}

#[test]
fn offline_the_mirror_of_a_previous_run_browses_marked_offline() {
    let dir = tempfile::tempdir().unwrap();
    // A first run syncs.
    let mut app = Session::start(&["--demo", "--customers", "300"], dir.path(), 120, 30);
    app.send("4");
    app.wait_for("DK Hardware's mirror", SYNCED, |s| {
        last_line(s).contains("mirror · 300 customers")
    });
    app.send("q");
    assert!(app.wait_exit(Duration::from_secs(10)).success());

    // The second starts offline: no provider is called, the mirror browses, marked offline.
    let mut app = Session::start(
        &["--demo", "--customers", "300", "--offline"],
        dir.path(),
        120,
        30,
    );
    app.send("4");
    let screen = app.wait_for(
        "DK Hardware's mirror, offline",
        Duration::from_secs(30),
        |s| last_line(s).contains("mirror · offline · 300 customers"),
    );
    assert!(
        screen.lines().next().unwrap().contains("offline"),
        "{screen}"
    );
    assert!(screen.contains('@'), "rows with e-mails show:\n{screen}");
    app.send("G");
    app.wait_for("the last row, offline", Duration::from_secs(10), |s| {
        last_line(s).contains("row 300")
    });
    // Live pages need the network: L says so and the mirror stays.
    app.send("L");
    let screen = app.wait_for("L refused offline", Duration::from_secs(10), |s| {
        last_line(s).contains("offline: the live pages need the network")
    });
    drop(screen);
    app.send("q");
    assert!(app.wait_exit(Duration::from_secs(10)).success());
    // The worker was asked for windows of the mirror and never for a provider's page.
    let log = std::fs::read_to_string(dir.path().join("demo").join("clientele.log")).unwrap();
    let offline_run = log.rsplit("starting").next().unwrap();
    assert!(offline_run.contains("mirror rows"), "{offline_run}");
    assert!(!offline_run.contains("page at"), "{offline_run}");
}
