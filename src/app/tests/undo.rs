//! Undo of a one-key toggle: `u` within the window sends the inverse, never after it.

use super::edit::{loaded, reply, reportei};
use super::*;
use crate::app::undo::UNDO_WINDOW_MS;

/// A Reportei customer marked as paying, the provider's "done" in hand, the clock at `now`.
fn toggled(now: i64) -> App {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    app.update(Msg::Clock(now - 4_000));
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    reply(&mut app, &sent[0], Outcome::Acted(Ok(None)));
    // The window opens with the next clock (update has none of its own).
    app.update(Msg::Clock(now));
    app
}

#[test]
fn u_within_the_window_sends_the_inverse() {
    let mut app = toggled(1_000_000);
    assert_eq!(app.undo_left_ms(), Some(UNDO_WINDOW_MS));
    app.update(Msg::Clock(1_003_000));
    assert_eq!(
        app.undo_left_ms(),
        Some(UNDO_WINDOW_MS - 3_000),
        "counts down"
    );
    let sent = act(&mut app, Action::Undo);
    assert_eq!(sent.len(), 1);
    let Work::Act { action, record } = &sent[0].work else {
        panic!("{:?}", sent[0].work);
    };
    assert_eq!(*action, "not_paying");
    assert_eq!(record.get("is_paying"), Some(&Value::Bool(true)));
    assert!(app.undo.is_none(), "one undo per toggle");
    // The row shows the inverse at once, as any action does.
    let row = &app.active_tab().unwrap().customers.page().unwrap().records[0];
    assert_eq!(row.get("is_paying"), Some(&Value::Bool(false)));
}

#[test]
fn after_the_window_u_sends_nothing_and_says_why() {
    let mut app = toggled(1_000_000);
    app.update(Msg::Clock(1_000_000 + UNDO_WINDOW_MS));
    assert!(app.undo.is_none(), "the window closed");
    assert!(act(&mut app, Action::Undo).is_empty());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to undo")
    );
}

#[test]
fn a_refused_toggle_offers_no_undo() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "Aurora", false)]);
    act(&mut app, Action::OpenActions);
    let sent = act(&mut app, Action::Choose);
    reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(ApiError::new(
            crate::domain::ErrorKind::Validation,
            "no",
        ))),
    );
    assert!(app.undo.is_none());
    assert!(!app.wants_clock());
}
