//! Options searched at the provider: Ngorder's regions, page after page.

use super::edit::{focus, form_value, loaded, reply};
use super::*;

#[test]
fn a_region_search_pages_on_with_ctrl_f_again_past_the_first_twenty() {
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::NewCustomer);
    focus(&mut app, "district_id");
    type_text(&mut app, "Jawa");
    let sent = act(&mut app, Action::LookupField);
    let regions = |from: u32, count: u32| -> Vec<(String, String)> {
        (from..from + count)
            .map(|id| (id.to_string(), format!("Region {id}, Jawa")))
            .collect()
    };
    reply(
        &mut app,
        &sent[0],
        Outcome::Options("district_id", Ok(regions(1, 20))),
    );
    // A full page of 20: there may be more, and the notice says how to get them.
    assert!(app.notice.as_ref().unwrap().text.contains("Ctrl-F again"));
    let right = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Right,
        crossterm::event::KeyModifiers::NONE,
    );
    app.update(Msg::Key(right));
    assert_eq!(form_value(&app, "district_id"), "1");
    // Ctrl-F again, with a match picked: the same search's page 2.
    let sent = act(&mut app, Action::LookupField);
    assert!(
        matches!(&sent[0].work, Work::Lookup { field: "district_id", search: Some(s), page: 2 } if s == "Jawa"),
        "{:?}",
        sent[0].work
    );
    reply(
        &mut app,
        &sent[0],
        Outcome::Options("district_id", Ok(regions(21, 5))),
    );
    let form = app.form.as_ref().unwrap();
    let field = form
        .fields
        .iter()
        .find(|f| f.spec.key == "district_id")
        .unwrap();
    assert_eq!(field.options.len(), 25, "the 21st to 25th are pickable too");
    assert_eq!(app.notice.as_ref().unwrap().text, "25 found: ←/→ picks one");
    // A short page was the last: nothing more is asked.
    assert!(act(&mut app, Action::LookupField).is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("no more"));
    // Another text starts over at page 1.
    type_text(&mut app, "x");
    let sent = act(&mut app, Action::LookupField);
    assert!(
        matches!(&sent[0].work, Work::Lookup { search: Some(s), page: 1, .. } if s == "1x"),
        "{:?}",
        sent[0].work
    );
}
