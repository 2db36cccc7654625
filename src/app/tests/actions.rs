//! The action menu offers what the row's data allows, and says why the rest is not offered.

use super::edit::loaded;
use super::*;

/// An Ngorder row as its documented list item has it: no `registration_status`, no `is_active`, and
/// here no e-mail (the seed's rows have `"email": null`).
fn doc_row() -> Record {
    Record {
        id: "122".into(),
        fields: vec![
            ("name".into(), Value::Text("Angga".into())),
            ("email".into(), Value::Empty),
            ("category_code".into(), Value::Text("N".into())),
        ],
    }
}

fn menu(app: &mut App) -> (Vec<&'static str>, Vec<(&'static str, &'static str)>) {
    act(app, Action::OpenActions);
    let Some(Overlay::Actions(menu)) = &app.overlay else {
        panic!("no action menu: {:?}", app.notice)
    };
    let names = menu.actions.iter().map(|a| a.name).collect();
    (names, menu.unavailable.clone())
}

#[test]
fn ngorder_rows_of_the_documented_list_offer_the_status_changes() {
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![doc_row()]);
    let (offered, unavailable) = menu(&mut app);
    // The list does not say the registration status: the provider decides, not a guess.
    for name in ["accept", "refuse", "activate", "block", "unblock", "delete"] {
        assert!(offered.contains(&name), "{name} not offered: {offered:?}");
    }
    // The storefront needs an e-mail the row does not have: listed with the reason.
    assert!(!offered.contains(&"storefront_on"));
    assert!(
        unavailable.contains(&(
            "Activate storefront account",
            "needs an e-mail (the API requires one)"
        )),
        "{unavailable:?}"
    );
}

#[test]
fn a_known_status_decides_and_the_menu_says_why() {
    let mut row = doc_row();
    row.fields
        .push(("registration_status".into(), Value::Text("1".into())));
    row.fields
        .push(("is_active".into(), Value::Text("Y".into())));
    row.fields
        .push(("email".into(), Value::Text("budi@example.com".into())));
    row.fields.retain(|(k, v)| k != "email" || !v.is_empty());
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![row]);
    let (offered, unavailable) = menu(&mut app);
    assert_eq!(
        offered,
        ["block", "delete", "storefront_off"],
        "{unavailable:?}"
    );
    let why = |label: &str| {
        unavailable
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, why)| *why)
    };
    assert_eq!(
        why("Accept"),
        Some("only for a requested customer (registration R)")
    );
    assert_eq!(
        why("Unblock"),
        Some("only for a blocked customer (registration 4)")
    );
    assert_eq!(why("Activate"), Some("already active"));
}

#[test]
fn accept_asks_the_category_from_the_rows_and_sends_the_answer() {
    let mut row = doc_row();
    row.fields
        .push(("registration_status".into(), Value::Text("R".into())));
    let (mut app, _) = loaded(ProviderId::Ngorder, vec![row]);
    act(&mut app, Action::OpenActions);
    // Accept is first: Enter asks the category (doc: activation-status `category (optional)`).
    assert!(act(&mut app, Action::Choose).is_empty(), "nothing sent yet");
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!("asks first: {:?}", app.overlay)
    };
    assert_eq!(panel.fields[0].filter.param, "category");
    assert_eq!(panel.fields[0].input.value(), "N", "the row's category");
    act(&mut app, Action::ClearFilters);
    type_text(&mut app, "Y");
    let sent = act(&mut app, Action::ApplyFilters);
    let Work::Act { action, record } = &sent[0].work else {
        panic!("{:?}", sent[0].work)
    };
    assert_eq!(*action, "accept");
    assert_eq!(record.text("category_code"), "Y", "the answer travels");
    let row = &app.tabs[0].customers.page().unwrap().records[0];
    assert_eq!(row.text("category_code"), "Y", "shown at once");
    // Refused: the row is put back as it was, category included.
    super::edit::reply(
        &mut app,
        &sent[0],
        Outcome::Acted(Err(ApiError::new(
            crate::domain::ErrorKind::Validation,
            "no",
        )
        .with_status(400))),
    );
    let row = &app.tabs[0].customers.page().unwrap().records[0];
    assert_eq!(row.text("category_code"), "N");
    assert_eq!(row.text("registration_status"), "R");
}
