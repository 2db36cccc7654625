//! Pastes are one edit; drafts are written once per draft tick, on leaving a field and on quit.

use super::*;

fn new_form() -> App {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    act(&mut app, Action::NewCustomer);
    assert_eq!(app.mode(), Mode::Form);
    app
}

fn focused_value(app: &App) -> String {
    app.form
        .as_ref()
        .unwrap()
        .focused()
        .unwrap()
        .input
        .value()
        .to_string()
}

fn drafts(commands: &[Command]) -> Vec<&crate::drafts::Draft> {
    commands
        .iter()
        .filter_map(|c| match &c.work {
            Work::SaveDraft(draft) => Some(draft),
            _ => None,
        })
        .collect()
}

/// 4 KB of text over several lines, as copied from a document.
fn big_paste() -> String {
    let line = "Jalan Raya Kuta 88, Denpasar Selatan, Bali — ";
    let mut text = String::new();
    while text.len() < 4096 {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("END");
    text
}

#[test]
fn a_paste_is_one_edit_and_one_draft() {
    let mut app = new_form();
    type_text(&mut app, "x");
    let paste = big_paste();
    assert!(
        app.update(Msg::Paste(paste.clone())).is_empty(),
        "a paste writes nothing by itself"
    );
    // All of it, in the field, its line breaks as spaces (a one-line field).
    let expected = format!("x{}", paste.replace('\n', " "));
    assert_eq!(focused_value(&app), expected);
    assert_eq!(app.mode(), Mode::Form, "no line break moved the focus");
    let written = app.update(Msg::DraftTick);
    let drafts = drafts(&written);
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].values.iter().any(|(_, v)| *v == expected));
    assert!(
        app.update(Msg::DraftTick).is_empty(),
        "nothing new: nothing written"
    );
}

#[test]
fn a_burst_of_keys_is_one_draft_write() {
    let mut app = new_form();
    for c in "Budi Santoso".chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        assert!(app.update(Msg::Key(key)).is_empty(), "no write per key");
    }
    assert!(app.draft_due());
    let written = app.update(Msg::DraftTick);
    assert_eq!(drafts(&written).len(), 1);
    assert!(!app.draft_due(), "the loop stops ticking");
    assert!(app.update(Msg::DraftTick).is_empty());
}

#[test]
fn leaving_a_field_or_quitting_keeps_the_draft_at_once() {
    let mut app = new_form();
    type_text(&mut app, "Budi");
    assert_eq!(drafts(&act(&mut app, Action::NextField)).len(), 1);
    assert!(
        act(&mut app, Action::NextField).is_empty(),
        "written already"
    );
    type_text(&mut app, "b");
    let on_quit = act(&mut app, Action::Quit);
    assert!(app.should_quit);
    assert_eq!(drafts(&on_quit).len(), 1, "what was typed last is kept");
}

#[test]
fn discarding_the_form_is_not_undone_by_a_late_draft_tick() {
    let mut app = new_form();
    type_text(&mut app, "Budi");
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Confirm);
    let discarded = act(&mut app, Action::Yes);
    assert!(
        discarded
            .iter()
            .any(|c| matches!(c.work, Work::DiscardDraft { .. }))
    );
    assert!(
        app.update(Msg::DraftTick).is_empty(),
        "no draft after the discard"
    );
}

#[test]
fn quit_quits_even_with_a_question_open() {
    let mut app = new_form();
    type_text(&mut app, "Budi");
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Confirm);
    act(&mut app, Action::Quit);
    assert!(app.should_quit, "Ctrl-C (or a signal) in a dialog quits");
}

#[test]
fn a_paste_goes_to_the_local_filter_and_is_no_key_elsewhere() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    // In the table a paste is not a series of keys: "q" does not quit, "c" opens nothing.
    app.update(Msg::Paste("qc".into()));
    assert!(!app.should_quit);
    assert_eq!(app.mode(), Mode::Browse);
    act(&mut app, Action::StartFilter);
    app.update(Msg::Paste("Customer\n1".into()));
    let filter = app.active_tab().unwrap().local_filter.as_ref().unwrap();
    assert_eq!(filter.text, "Customer 1");
}
