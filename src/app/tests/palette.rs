//! The command palette: customers by id, pages, tabs and actions by name, with their keys.

use super::edit::{loaded, reportei};
use super::*;
use crate::app::palette::Target;

fn palette(app: &App) -> &Palette {
    match &app.overlay {
        Some(Overlay::Palette(palette)) => palette,
        other => panic!("no palette: {other:?}"),
    }
}

#[test]
fn a_customer_id_then_enter_opens_that_customer() {
    let records = (1..=20)
        .map(|n| reportei(&format!("{}", 100 + n), &format!("Agência {n}"), false))
        .collect();
    let (mut app, _) = loaded(ProviderId::Reportei, records);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "11");
    // 110–119 start with 11: the list narrows to customers, the top one first.
    let first = &palette(&app).entries[0];
    assert!(first.label.starts_with("customer #110"), "{}", first.label);
    type_text(&mut app, "5");
    assert_eq!(
        palette(&app).entries[0].target,
        Target::Customer {
            tab: 0,
            id: "115".into()
        }
    );
    act(&mut app, Action::Choose);
    assert!(app.overlay.is_none());
    assert_eq!(selected_id(&app).as_deref(), Some("115"));
    assert!(matches!(app.active_tab().unwrap().view, TabView::Detail));
}

#[test]
fn actions_are_listed_by_name_with_their_key_and_run() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "A", false)]);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "journal");
    let entry = palette(&app)
        .entries
        .iter()
        .find(|e| e.target == Target::Action(Action::ToggleJournal))
        .expect("the journal by name");
    assert_eq!(entry.key, "W");
    assert!(entry.label.starts_with("toggle_journal"), "{}", entry.label);
    let sent = act(&mut app, Action::Choose);
    assert!(matches!(app.overlay, Some(Overlay::Journal(_))));
    assert!(matches!(sent[0].work, Work::ReadJournal { .. }));
}

#[test]
fn tab_completes_and_tabs_are_reached_by_name() {
    let (mut app, _) = App::new(&settings(&ProviderId::ALL));
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "guar");
    let entry = &palette(&app).entries[0];
    assert_eq!(entry.target, Target::Tab(2));
    assert_eq!(entry.key, "3");
    act(&mut app, Action::NextField);
    assert_eq!(palette(&app).input.value(), "tab Guardant Station");
    act(&mut app, Action::Choose);
    assert_eq!(app.active, 2);
}

#[test]
fn a_record_action_by_name_runs_on_the_selected_customer() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "A", false)]);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "paying");
    assert_eq!(palette(&app).entries[0].target, Target::Record("paying"));
    let sent = act(&mut app, Action::Choose);
    assert!(matches!(
        sent[0].work,
        Work::Act {
            action: "paying",
            ..
        }
    ));
}

#[test]
fn a_page_number_goes_to_that_page() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(
        &mut app,
        &commands[0],
        Ok(with_totals(page(1..3, Some(Cursor::Page(2))), 20, 10)),
    );
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "page 7");
    let sent = act(&mut app, Action::Choose);
    assert_eq!(sent.len(), 1);
    assert_eq!(cursor_of(&sent[0]), Cursor::Page(7));
}

#[test]
fn esc_closes_and_typed_letters_are_text_not_bindings() {
    let (mut app, _) = loaded(ProviderId::Reportei, vec![reportei("u1", "A", false)]);
    act(&mut app, Action::OpenPalette);
    assert_eq!(app.mode(), Mode::Palette);
    assert!(app.mode().takes_text());
    type_text(&mut app, "q");
    assert!(!app.should_quit);
    assert_eq!(palette(&app).input.value(), "q");
    act(&mut app, Action::Close);
    assert!(app.overlay.is_none());
}

#[test]
fn read_only_mode_offers_no_writes_by_name() {
    let mut settings = settings(&[ProviderId::Reportei]);
    settings.ui.read_only = true;
    let (mut app, _) = App::new(&settings);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "pay");
    assert!(
        palette(&app).entries.is_empty(),
        "{:?}",
        palette(&app).entries
    );
    act(&mut app, Action::Close);
    act(&mut app, Action::OpenPalette);
    type_text(&mut app, "new");
    assert!(
        !palette(&app)
            .entries
            .iter()
            .any(|e| e.target == Target::Action(Action::NewCustomer))
    );
}
