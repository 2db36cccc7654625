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
