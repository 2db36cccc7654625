//! What the app asks the worker to write on this machine: the column picker's choice saved to the
//! config when it closes, and the marked customers exported as CSV. Each ends in a notice.

use super::edit::{loaded, reply, reportei};
use super::*;
use crate::domain::ErrorKind;

fn keys(app: &App) -> Vec<&'static str> {
    app.tabs[0].columns.iter().map(|f| f.key).collect()
}

#[test]
fn closing_the_column_picker_after_a_change_saves_the_columns() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    // Opened and closed without a change: nothing is written.
    act(&mut app, Action::PickColumns);
    assert!(act(&mut app, Action::Close).is_empty());
    act(&mut app, Action::PickColumns);
    act(&mut app, Action::Choose); // hides Name
    let sent = act(&mut app, Action::Close);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].provider, ProviderId::Ngorder);
    assert_eq!(
        sent[0].work,
        Work::SaveColumns {
            columns: keys(&app)
        }
    );
    assert!(!keys(&app).contains(&"name"));
    assert_eq!(
        app.jobs.running(),
        0,
        "a file of ours, not a job at the provider"
    );
    reply(
        &mut app,
        &sent[0],
        Outcome::Message(Ok("columns saved to ~/.config/clientele/config.toml".into())),
    );
    let notice = app.notice.clone().unwrap();
    assert_eq!(
        notice.text,
        "Ngorder: columns saved to ~/.config/clientele/config.toml"
    );
    assert!(!notice.is_error);
}

#[test]
fn quitting_with_the_column_picker_open_saves_its_change_and_nothing_otherwise() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    act(&mut app, Action::PickColumns);
    act(&mut app, Action::Choose); // hides Name
    let sent = act(&mut app, Action::Quit);
    assert!(app.should_quit);
    assert_eq!(
        sent.iter().map(|c| &c.work).collect::<Vec<_>>(),
        [&Work::SaveColumns {
            columns: keys(&app)
        }]
    );
    // Opened, nothing changed: quitting writes nothing.
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    act(&mut app, Action::PickColumns);
    assert!(act(&mut app, Action::Quit).is_empty());
}

#[test]
fn a_save_that_failed_says_why_as_an_error() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    act(&mut app, Action::PickColumns);
    act(&mut app, Action::Choose);
    let sent = act(&mut app, Action::PickColumns);
    let error = ApiError::new(
        ErrorKind::Config,
        "columns not saved: no config file (start with --config PATH)",
    );
    reply(&mut app, &sent[0], Outcome::Message(Err(error)));
    let notice = app.notice.clone().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.contains("columns not saved: no config file"),
        "{}",
        notice.text
    );
}

#[test]
fn x_with_marks_exports_the_marked_customers_and_says_where() {
    let records = (1..=3)
        .map(|n| reportei(&format!("u{n}"), &format!("Agência {n}"), false))
        .collect();
    let (mut app, _) = loaded(ProviderId::Reportei, records);
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::ToggleMark);
    let sent = act(&mut app, Action::RequestExport);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let Work::ExportMarked { records } = &sent[0].work else {
        panic!("{sent:?}")
    };
    let ids: Vec<_> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2"]);
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "exporting 2 marked customers…"
    );
    reply(
        &mut app,
        &sent[0],
        Outcome::Message(Ok(
            "2 marked customers written to reportei-marked-20261130-214434.csv in ~/.local/share/clientele/exports"
                .into(),
        )),
    );
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .ends_with("reportei-marked-20261130-214434.csv in ~/.local/share/clientele/exports")
    );
    // The marks stay: an export changes nothing.
    assert_eq!(app.selection().map(|s| s.len()), Some(2));
}

#[test]
fn help_offers_x_as_the_export_of_marks_on_a_provider_without_its_own_export() {
    let records = (1..=2)
        .map(|n| reportei(&format!("u{n}"), &format!("Agência {n}"), false))
        .collect();
    let (mut app, _) = loaded(ProviderId::Reportei, records);
    // Reportei e-mails no export: x does nothing without marks, and help does not list it.
    assert!(!app.offers(Action::RequestExport));
    act(&mut app, Action::ToggleMark);
    assert!(app.offers(Action::RequestExport));
    assert_eq!(app.describe(Action::RequestExport), "export marks as CSV");
}

#[test]
fn the_marked_customers_menu_ends_with_the_export() {
    let records = (1..=2)
        .map(|n| reportei(&format!("u{n}"), &format!("Agência {n}"), false))
        .collect();
    let (mut app, _) = loaded(ProviderId::Reportei, records);
    act(&mut app, Action::MarkAll);
    act(&mut app, Action::OpenActions);
    let Some(Overlay::BulkActions(menu)) = &app.overlay else {
        panic!("the marked customers' menu")
    };
    let last = menu.actions.len();
    // Up from the first wraps to the last line: the export.
    act(&mut app, Action::Up);
    let Some(Overlay::BulkActions(menu)) = &app.overlay else {
        panic!("the marked customers' menu")
    };
    assert_eq!(menu.selected, last);
    let sent = act(&mut app, Action::Choose);
    assert!(
        matches!(&sent[..], [Command { work: Work::ExportMarked { records }, .. }] if records.len() == 2),
        "{sent:?}"
    );
    assert!(
        app.overlay.is_none(),
        "no question first: nothing changes at the provider"
    );
}

#[test]
fn without_marks_x_is_still_the_providers_e_mailed_export() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    let sent = act(&mut app, Action::RequestExport);
    assert!(
        sent.iter()
            .all(|c| !matches!(c.work, Work::ExportMarked { .. }))
    );
    assert!(
        matches!(app.overlay, Some(Overlay::Filters(_))),
        "asks the month first"
    );
}
