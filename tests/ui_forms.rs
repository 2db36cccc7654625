//! Snapshots of the create and edit forms of every provider, with validation errors shown, and of
//! the confirmation and actions dialogs.

mod snap;

use clientele::app::Action;
use clientele::domain::ProviderId;
use snap::*;

#[test]
fn create_form_of_each_provider_with_its_errors() {
    let (mut app, _) = loaded_app();
    for (index, provider) in ProviderId::ALL.iter().enumerate() {
        act(&mut app, Action::SelectTab(index));
        act(&mut app, Action::NewCustomer);
        // Saving an empty form shows what is required, next to each field.
        assert!(
            act(&mut app, Action::SaveForm).is_empty(),
            "{provider}: nothing is sent"
        );
        let screen = render(&app, (160, 48));
        assert!(screen.contains("required"), "{provider}:\n{screen}");
        snapshot(&format!("form_create_{}", provider.key()), &app);
        act(&mut app, Action::Back);
        assert!(
            app.form.is_none(),
            "{provider}: an untouched form closes without asking"
        );
    }
}

#[test]
fn edit_form_of_each_provider() {
    let (mut app, _) = loaded_app();
    for (index, provider) in ProviderId::ALL.iter().enumerate() {
        act(&mut app, Action::SelectTab(index));
        act(&mut app, Action::EditCustomer);
        assert!(app.form.is_some(), "{provider}");
        snapshot(&format!("form_edit_{}", provider.key()), &app);
        act(&mut app, Action::Back);
    }
}

#[test]
fn actions_menu_and_confirmation() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(4));
    act(&mut app, Action::OpenActions);
    snapshot("actions_reportei", &app);
    // Mark as paying, then Delete.
    act(&mut app, Action::Down);
    act(&mut app, Action::Choose);
    let screen = render(&app, (80, 24));
    // The id as well as the name: names repeat (Guardant has five customers of one name).
    assert!(screen.contains("Delete #"), "{screen}");
    assert!(screen.contains("Reportei Customer 1?"), "{screen}");
    snapshot("confirm_delete", &app);
}

#[test]
fn ngorder_actions_on_a_documented_row_say_why_the_storefront_is_missing() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::OpenActions);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Accept"), "{screen}");
    assert!(screen.contains("needs an e-mail"), "{screen}");
    snapshot("actions_ngorder", &app);
}

#[test]
fn ngorder_export_asks_the_month_first() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::RequestExport);
    let screen = render(&app, (80, 24));
    assert!(
        screen.contains("Created in (yyyy-mm; empty: all)"),
        "{screen}"
    );
    snapshot("export_month_ngorder", &app);
}

#[test]
fn ngorder_accept_asks_the_category_starting_from_the_rows() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::OpenActions);
    act(&mut app, Action::Choose);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Accept as category"), "{screen}");
    snapshot("accept_category_ngorder", &app);
}
