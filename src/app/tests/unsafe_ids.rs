//! Rows whose id cannot go into a URL (empty, `.`, `..`): shown, but never edited or acted on.

use super::*;

fn row(id: &str) -> Record {
    Record {
        id: id.into(),
        fields: vec![("name".into(), Value::Text(format!("Customer {id:?}")))],
    }
}

#[test]
fn a_dot_or_empty_id_row_is_shown_but_edit_and_actions_say_why_not() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    let records = vec![row(".."), row(""), row("%2e"), row("u1")];
    answer(
        &mut app,
        &commands[0],
        Ok(Page {
            summary: Vec::new(),
            records,
            next: None,
            totals: None,
        }),
    );
    for unsafe_id in ["..", "", "%2e"] {
        assert_eq!(
            selected_id(&app).as_deref(),
            Some(unsafe_id),
            "the row shows"
        );
        for action in [Action::EditCustomer, Action::OpenActions] {
            app.notice = None;
            assert!(act(&mut app, action).is_empty(), "{action:?} sends nothing");
            assert_eq!(app.mode(), Mode::Browse, "{action:?} opens nothing");
            let notice = app.notice.as_ref().expect("a notice says why");
            assert!(notice.is_error);
            assert!(
                notice.text.contains("cannot be changed")
                    && (notice.text.contains("dot segment") || notice.text.contains("no id")),
                "{}",
                notice.text
            );
        }
        act(&mut app, Action::Down);
    }
    // An ordinary id still opens the form.
    assert_eq!(selected_id(&app).as_deref(), Some("u1"));
    act(&mut app, Action::EditCustomer);
    assert_eq!(app.mode(), Mode::Form);
}
