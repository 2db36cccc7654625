//! Hostile text from a provider (bidi overrides, zero-width and tag characters, terminal escapes, a
//! ZWJ emoji) is drawn visibly as escapes, never as the characters themselves; the data stays as sent.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::{ApiError, ErrorKind, ProviderId};
use clientele::providers::{decode_page, spec};
use clientele::worker::{Outcome, WorkerEvent};
use snap::*;

const NAME: &str = "Invoice\u{202e}gnp.exe";
const LASTNAME: &str = "ad\u{200b}min";
const COMPANY: &str = "Acme\u{e0068}\u{e0069}\u{e0064}\u{e0065}";
const DESCRIPTION: &str =
    "\u{1b}[2J\u{1b}]0;pwned\u{7} family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";

/// The Guardant tab with a hostile customer and an ordinary one.
fn hostile_app() -> App {
    let (mut app, commands) = App::new(&settings());
    let command = &commands[2];
    let (_, provider, request) = page_fetch(command);
    assert_eq!(provider, ProviderId::Guardant);
    let body = serde_json::json!({ "customers": [
        { "_id": 8, "name": NAME, "lastname": LASTNAME, "companyname": COMPANY,
          "description": DESCRIPTION, "email": "x@example.com", "phone": "1", "status": 0,
          "archived": false, "archivationdate": 0, "crmid": "", "refid": "" },
        { "_id": 9, "name": "Agência Ünïcode", "lastname": "東京", "companyname": "Øresund",
          "description": "", "email": "y@example.com", "phone": "2", "status": 0,
          "archived": false, "archivationdate": 0, "crmid": "", "refid": "" },
    ]});
    answer(
        &mut app,
        command,
        decode_page(spec(provider), request, &body),
    );
    act(&mut app, Action::SelectTab(2));
    app
}

fn assert_nothing_hidden(screen: &str) {
    let hidden: Vec<String> = screen
        .chars()
        .filter(|c| *c != '\n')
        .filter(|c| {
            c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{e0000}'..='\u{e007f}')
        })
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(
        hidden.is_empty(),
        "hidden characters drawn: {hidden:?}\n{screen}"
    );
}

#[test]
fn the_table_and_detail_show_hidden_characters_as_escapes() {
    let mut app = hostile_app();
    let table = render(&app, (160, 48));
    assert_nothing_hidden(&table);
    // Cut by the column's width, but visibly there.
    assert!(table.contains("Invoice\\u{202e"), "{table}");
    assert!(table.contains("ad\\u{200b}min"), "{table}");
    assert!(table.contains("Agência Ünïcod"), "ordinary text untouched");
    assert!(table.contains("東京") && table.contains("Øresund"));
    snapshot("provider_text_table", &app);

    act(&mut app, Action::OpenDetail);
    let detail = render(&app, (160, 48));
    assert_nothing_hidden(&detail);
    for shown in [
        "ad\\u{200b}min",
        "Acme\\u{e0068}\\u{e0069}\\u{e0064}\\u{e0065}",
        "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}",
        "\u{1f468}\\u{200d}\u{1f469}\\u{200d}\u{1f467}",
    ] {
        assert!(detail.contains(shown), "{shown} in\n{detail}");
    }
    snapshot("provider_text_detail", &app);

    // The data is what the provider sent: an edit starts from it, unchanged.
    let record = app.active_tab().unwrap().selected_record().unwrap();
    assert_eq!(record.text("name"), NAME);
    act(&mut app, Action::EditCustomer);
    let form = app.form.as_ref().unwrap();
    let value = |key: &str| {
        form.fields
            .iter()
            .find(|f| f.spec.key == key)
            .map(|f| f.input.value().to_string())
    };
    assert_eq!(value("name").as_deref(), Some(NAME));
    assert_eq!(value("description").as_deref(), Some(DESCRIPTION));
    assert!(!form.is_dirty());
    let screen = render(&app, (160, 48));
    assert_nothing_hidden(&screen);
    assert!(screen.contains("Invoice\\u{202e}gnp.exe"), "{screen}");
}

#[test]
fn a_provider_message_in_the_status_line_is_shown_escaped() {
    let mut app = hostile_app();
    app.update(Msg::Worker(WorkerEvent {
        id: clientele::worker::RequestId(999),
        provider: ProviderId::Guardant,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Message(Err(ApiError::new(
            ErrorKind::Server,
            "refused\u{1b}]8;;http://evil\u{7}click\u{202e}",
        ))),
    }));
    let screen = render(&app, (160, 48));
    assert_nothing_hidden(&screen);
    assert!(
        screen.contains("refused\\u{1b}]8;;http://evil\\u{7}click\\u{202e}"),
        "{screen}"
    );
}
