//! End-to-end: `:` then the id of a customer who is not on the first live page jumps to that customer,
//! found in the mirror. The real binary in a pty on the demo sandbox, small enough that the first sync
//! finishes in seconds.

mod common;

use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::store::{Backend, FILE_NAME, MirrorQuery, SqliteBackend};
use common::Session;

const CUSTOMERS: usize = 300;
const SYNCED: Duration = Duration::from_secs(120);

fn last_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// DK Hardware's first live page's ids, and a customer (id, e-mail) from its fifth page, of the demo
/// data (same seed, same customers).
fn dk_customer_past_the_first_page() -> (Vec<String>, String, String) {
    let first = common::demo_live_page(ProviderId::DkHardware, CUSTOMERS, 0);
    let later = common::demo_live_page(ProviderId::DkHardware, CUSTOMERS, 4);
    let record = &later[7];
    let ids = first.into_iter().map(|r| r.id).collect();
    (ids, record.id.clone(), record.text("email"))
}

#[test]
fn colon_then_the_id_of_a_customer_off_the_first_page_jumps_to_that_customer() {
    let (first_page, id, email) = dk_customer_past_the_first_page();
    assert!(!first_page.contains(&id), "{id} is on the first live page");
    assert!(!email.is_empty(), "customer {id} has an e-mail");
    let dir = tempfile::tempdir().unwrap();
    let customers = CUSTOMERS.to_string();
    let mut app = Session::start(&["--demo", "--customers", &customers], dir.path(), 120, 30);
    app.wait_for_text("Ngorder", Duration::from_secs(30));
    app.send("4");
    app.wait_for("DK Hardware's mirror after its sync", SYNCED, |s| {
        last_line(s).contains("mirror · 300 customers")
    });

    // The palette lists the customer from the mirror as the id is typed.
    app.send(":");
    app.wait_for_text("Go to or run", Duration::from_secs(10));
    app.send(&id);
    let label = format!("customer #{id} ");
    app.wait_for(
        "the customer in the palette",
        Duration::from_secs(10),
        |s| s.contains(&label) && s.contains("· DK Hardware"),
    );
    // Enter: the customer's detail, with its e-mail.
    app.send("\r");
    app.wait_for("the customer's detail", Duration::from_secs(10), |s| {
        !s.contains("Go to or run") && s.contains(&email)
    });
    // Esc: the table, on the customer's row, wherever it is in the mirror.
    app.press_esc();
    let local = email.split('@').next().unwrap().to_string();
    let screen = app.wait_for(
        "the customer's row in the table",
        Duration::from_secs(10),
        |s| s.contains(&local) && last_line(s).contains("mirror · 300 customers"),
    );
    let selected = app.rows_with_background(vt100::Color::Idx(4));
    assert!(
        selected.iter().any(|row| row.contains(&local)),
        "the customer is selected: {selected:?}\n{screen}"
    );
    // The row the mirror's table (ordered by id) has it at.
    let store = SqliteBackend::open(&dir.path().join("demo").join(FILE_NAME)).unwrap();
    let every = store
        .mirror_window(&MirrorQuery {
            provider: Some("dkhardware".into()),
            limit: CUSTOMERS as u32,
            ..MirrorQuery::default()
        })
        .unwrap();
    let row = every.rows.iter().position(|hit| hit.row.id == id).unwrap();
    assert!(row > 0);
    assert!(
        last_line(&screen).contains(&format!("row {}", row + 1)),
        "row {}: {screen}",
        row + 1
    );
    app.send("q");
    assert!(app.wait_exit(Duration::from_secs(10)).success());
}
